// Who goes on a plan, as the forms take it: the young person ticked, family and staff one name
// a line; and back.
import type { GoingInput } from "$lib/ipc/bindings";

export type GoingFields = { youngPersonGoing: boolean; family: string; staff: string };

const names = (text: string) =>
  text
    .split("\n")
    .map((n) => n.trim())
    .filter((n) => n !== "");

export function goingFields(going: GoingInput[]): GoingFields {
  const of = (who: string) => going.filter((g) => g.who === who).map((g) => g.name);
  return {
    youngPersonGoing: going.some((g) => g.who === "young_person"),
    family: of("family_member").join("\n"),
    staff: of("staff").join("\n"),
  };
}

export function goingInput(fields: GoingFields): GoingInput[] {
  const going: GoingInput[] = [];
  if (fields.youngPersonGoing) going.push({ who: "young_person", name: "" });
  for (const name of names(fields.family)) going.push({ who: "family_member", name });
  for (const name of names(fields.staff)) going.push({ who: "staff", name });
  return going;
}
