// Recording a session: the form's values and how they become a SessionInput.
import type { AttendeeInput, Choice, SessionInput } from "$lib/ipc/bindings";
import type { ErrorMapping } from "$lib/forms/errors";

/** The attendee kind for the young person themselves, if the reference data names one. */
export const YOUNG_PERSON_KIND = "young_person";

export type AttendeeRow = { key: number; kind: string; name: string };

export type RecordForm = {
  start: string;
  end: string;
  setting: string;
  mode: string;
  activity: string;
  youngPersonAttended: boolean;
  others: AttendeeRow[];
  significant: boolean;
};

/** The kind used for the young person: the reference data's own value when it has one. */
export function youngPersonKind(kinds: Choice[]): string {
  return kinds.find((k) => k.value === YOUNG_PERSON_KIND)?.value ?? YOUNG_PERSON_KIND;
}

/** Kinds a coach can pick for other attendees (everyone but the young person). */
export function otherKinds(kinds: Choice[]): Choice[] {
  return kinds.filter((k) => k.value !== YOUNG_PERSON_KIND);
}

/**
 * Builds the command's input. The young person comes first when they attended; rows left
 * completely empty are dropped, half-filled rows are sent so Rust can say what is missing.
 */
export function toSessionInput(
  youngPersonId: string,
  youngPersonName: string,
  form: RecordForm,
  kinds: Choice[],
): SessionInput {
  const attendees: AttendeeInput[] = [];
  if (form.youngPersonAttended) attendees.push({ kind: youngPersonKind(kinds), name: youngPersonName });
  for (const row of form.others) {
    const kind = row.kind.trim();
    const name = row.name.trim();
    if (kind === "" && name === "") continue;
    attendees.push({ kind, name });
  }
  return {
    youngPersonId,
    start: form.start,
    end: form.end,
    setting: form.setting,
    mode: form.mode,
    attendees,
    activity: form.activity,
    significant: form.significant,
    fromTimer: false,
    fromPlan: "",
  };
}

export const recordErrors: ErrorMapping = {
  targets: {
    start: "session-start",
    end: "session-end",
    setting: "session-setting",
    mode: "session-mode",
    activity: "session-activity",
    attendees: "attendees",
  },
  codeFields: { end_before_start: "end", session_too_long: "end", outside_intervention: "start" },
};

/** The last setting, mode and activity chosen on this device (enum values only, nothing personal). */
export type LastChoices = { setting: string; mode: string; activity: string };

const LAST_CHOICES_KEY = "insideout.lastSessionChoices";

export function readLastChoices(storage: Pick<Storage, "getItem"> | undefined): LastChoices | null {
  try {
    const raw = storage?.getItem(LAST_CHOICES_KEY);
    if (raw === null || raw === undefined) return null;
    const parsed: unknown = JSON.parse(raw);
    if (typeof parsed !== "object" || parsed === null) return null;
    const p = parsed as Record<string, unknown>;
    return {
      setting: typeof p.setting === "string" ? p.setting : "",
      mode: typeof p.mode === "string" ? p.mode : "",
      activity: typeof p.activity === "string" ? p.activity : "",
    };
  } catch {
    return null;
  }
}

export function writeLastChoices(storage: Pick<Storage, "setItem"> | undefined, choices: LastChoices): void {
  try {
    storage?.setItem(LAST_CHOICES_KEY, JSON.stringify(choices));
  } catch {
    // Storage full or unavailable: remembering is only a convenience.
  }
}

/** Keeps a remembered value only if it is still one of the choices. */
export function stillOffered(value: string | undefined, choices: Choice[]): string {
  return value !== undefined && choices.some((c) => c.value === value) ? value : "";
}
