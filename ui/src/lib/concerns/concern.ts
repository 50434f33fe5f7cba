// The safeguarding concern form's state, turned into the command's input, and its error mapping.
import type { ConcernInput } from "$lib/ipc/bindings";
import type { ErrorMapping } from "$lib/forms/errors";

/** Who may be told: each role is ticked, with the time they were told. */
export type ToldRow = { who: string; ticked: boolean; at: string };

export type ConcernForm = {
  category: string;
  urgency: string;
  noticedAt: string;
  what: string;
  told: ToldRow[];
  actions: string;
};

export function emptyConcernForm(roles: string[], now: string): ConcernForm {
  return {
    category: "",
    urgency: "",
    noticedAt: now,
    what: "",
    told: roles.map((who) => ({ who, ticked: false, at: "" })),
    actions: "",
  };
}

/** The command's input: only the roles ticked, each with its time. */
export function toConcernInput(form: ConcernForm): ConcernInput {
  return {
    category: form.category,
    urgency: form.urgency,
    noticedAt: form.noticedAt,
    what: form.what,
    told: form.told.filter((t) => t.ticked).map((t) => ({ who: t.who, at: t.at })),
    actions: form.actions,
  };
}

/** The id of the time input for one role (also the target of its errors). */
export const toldTimeId = (who: string) => `concern-told-${who}-at`;

export function concernErrors(roles: string[]): ErrorMapping {
  const targets: Record<string, string> = {
    category: "concern-category",
    urgency: "concern-urgency",
    noticedAt: "concern-noticed-at",
    what: "concern-what",
    told: "concern-told",
    actions: "concern-actions",
    youngPerson: "concern-young-person",
  };
  for (const who of roles) targets[`told.${who}`] = toldTimeId(who);
  return { targets };
}

/**
 * Everything left empty that must be filled in, all at once (the service then checks the rest,
 * one rule at a time).
 */
export function missingFields(form: ConcernForm, labelOf: (who: string) => string): { field: string; message: string }[] {
  const missing: { field: string; message: string }[] = [];
  if (form.urgency === "") missing.push({ field: "urgency", message: "Choose how urgent it is" });
  if (form.category === "") missing.push({ field: "category", message: "Choose what the concern is about" });
  if (form.noticedAt.trim() === "") missing.push({ field: "noticedAt", message: "Enter when you saw or heard it" });
  if (form.what.trim() === "")
    missing.push({ field: "what", message: "Write what was seen or said, in the young person's words where you can" });
  for (const t of form.told) {
    if (t.ticked && t.at.trim() === "")
      missing.push({ field: `told.${t.who}`, message: `Enter when you told the ${labelOf(t.who).toLowerCase()}` });
  }
  return missing;
}
