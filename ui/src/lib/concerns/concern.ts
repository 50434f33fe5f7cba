// The safeguarding concern form's state, turned into the command's input, and its error mapping.
import type { ConcernInput, Field } from "$lib/ipc/bindings";
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

/** The field Rust names for the time a role was told ("told.police"); roles come from Rust too. */
export const toldField = (who: string): Field => `told.${who}` as Field;

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
  for (const who of roles) targets[toldField(who)] = toldTimeId(who);
  return { targets };
}


/** The tag colour of where a concern stands: red until acknowledged, amber, blue once decided, grey closed. */
export function concernTag(state: import("$lib/ipc/bindings").ConcernState): string {
  return { open: "tag-error", acknowledged: "tag-pending", decided: "tag-blue", closed: "tag-grey" }[state];
}
