// Turning a rejected IPC call into what a GOV.UK-style form shows: an error summary at the top
// (each item a link to its field) and a message next to the field. Branches on `code` only.
import type { ErrorCode, ErrorDto, Field, Problem } from "$lib/ipc/bindings";
import { READ_ONLY_SENTENCE } from "$lib/sync/read-only";

/** One line of the error summary; `targetId` is the id of the input it links to, if any. */
export type SummaryItem = { message: string; targetId: string | null };

/** What a form shows for one error. `fieldErrors` is keyed by the input type's key (e.g. "end"). */
export type MappedError = { fieldErrors: Partial<Record<Field, string>>; summary: SummaryItem[] };

/**
 * How a form maps errors onto its fields.
 * - `targets`: input key (camelCase, as in the bindings' input type) → element id.
 * - `codeFields`: for a code that always belongs to one field when Rust gives no `field`
 *   (e.g. `end_before_start` → "end").
 * - `messages`: wording this form prefers for a code over the message from Rust.
 */
export type ErrorMapping = {
  targets: Partial<Record<Field, string>>;
  codeFields?: Partial<Record<ErrorCode, Field>>;
  messages?: Partial<Record<ErrorCode, string>>;
};

/** Shown when the store locked itself before a form was saved. Nothing typed is lost. */
export const LOCKED_MESSAGE =
  "The app locked before this was saved. Everything you typed is still here: check it and try again.";

/**
 * Shown when Rust refused a coach's action on a supervisor's device. The screens hide those
 * actions from a supervisor; this is the fallback if one is reached anyway.
 */
export const SUPERVISOR_READ_ONLY_MESSAGE = `${READ_ONLY_SENTENCE} Nothing was changed.`;

const GENERIC_MESSAGE = "Something went wrong. Everything you typed is still here: try again.";

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

/** Normalises whatever an `invoke` rejected with into an ErrorDto. */
export function toErrorDto(error: unknown): ErrorDto {
  if (isRecord(error) && typeof error.code === "string") {
    // Rust's codes and fields are the ErrorCode and Field unions; the bindings' type says so.
    const code = error.code as ErrorCode;
    const message = typeof error.message === "string" ? error.message : "";
    const field = typeof error.field === "string" && error.field !== "" ? (error.field as Field) : null;
    const problems = Array.isArray(error.problems) ? error.problems.filter(isProblem) : [];
    return { code, message, field, problems: problems.length > 0 ? problems : [{ field, message }] };
  }
  if (typeof error === "string") {
    try {
      const parsed: unknown = JSON.parse(error);
      if (isRecord(parsed) && typeof parsed.code === "string") return toErrorDto(parsed);
    } catch {
      // Not JSON: a plain message.
    }
    return unexpected(error);
  }
  if (error instanceof Error) return unexpected(error.message);
  return unexpected("");
}

function unexpected(message: string): ErrorDto {
  return { code: "unexpected", message, field: null, problems: [{ field: null, message }] };
}

function isProblem(value: unknown): value is Problem {
  return isRecord(value) && typeof value.message === "string" && (value.field === null || typeof value.field === "string");
}

/**
 * Finds which of the form's inputs a problem belongs to. Tries the exact field, then its group
 * ("told.police" → "told"), then the form's default field for the error's code.
 */
export function fieldFor(code: ErrorCode, field: Field | null, mapping: ErrorMapping): Field | null {
  const { targets, codeFields = {} } = mapping;
  if (field !== null) {
    if (field in targets) return field;
    const group = field.split(".", 1)[0] as Field;
    if (group in targets) return group;
  }
  const byCode = codeFields[code];
  if (byCode !== undefined && byCode in targets) return byCode;
  return null;
}

/** The message a person sees for one problem of an error. */
export function messageFor(code: ErrorCode, message: string, mapping: ErrorMapping): string {
  const preferred = mapping.messages?.[code];
  if (preferred !== undefined) return preferred;
  if (code === "locked") return LOCKED_MESSAGE;
  if (code === "supervisor_read_only") return SUPERVISOR_READ_ONLY_MESSAGE;
  const text = message.trim();
  // Rust's messages start in lower case ("your current passphrase is wrong — try again").
  if (text !== "") return text[0].toUpperCase() + text.slice(1);
  return GENERIC_MESSAGE;
}

/**
 * Maps an ErrorDto to a form's summary and field-level messages: every problem Rust named, in
 * its order, each beside its field (the first message wins where two share a field).
 */
export function mapError(dto: ErrorDto, mapping: ErrorMapping): MappedError {
  const problems = dto.problems.length > 0 ? dto.problems : [{ field: dto.field, message: dto.message }];
  const fieldErrors: Partial<Record<Field, string>> = {};
  const summary: SummaryItem[] = [];
  for (const problem of problems) {
    const message = messageFor(dto.code, problem.message, mapping);
    const field = fieldFor(dto.code, problem.field, mapping);
    if (field !== null) fieldErrors[field] ??= message;
    summary.push({ message, targetId: field === null ? null : (mapping.targets[field] ?? null) });
  }
  return { fieldErrors, summary };
}
