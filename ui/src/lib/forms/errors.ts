// Turning a rejected IPC call into what a GOV.UK-style form shows: an error summary at the top
// (each item a link to its field) and a message next to the field. Branches on `code` only.
import type { ErrorCode, ErrorDto } from "$lib/ipc/bindings";
import { READ_ONLY_SENTENCE } from "$lib/sync/read-only";

/** One line of the error summary; `targetId` is the id of the input it links to, if any. */
export type SummaryItem = { message: string; targetId: string | null };

/** What a form shows for one error. `fieldErrors` is keyed by the input type's key (e.g. "end"). */
export type MappedError = { fieldErrors: Record<string, string>; summary: SummaryItem[] };

/**
 * How a form maps errors onto its fields.
 * - `targets`: input key (camelCase, as in the bindings' input type) → element id.
 * - `codeFields`: for a code that always belongs to one field when Rust gives no `field`
 *   (e.g. `end_before_start` → "end").
 * - `messages`: wording this form prefers for a code over the message from Rust.
 */
export type ErrorMapping = {
  targets: Record<string, string>;
  codeFields?: Record<string, string>;
  messages?: Record<string, string>;
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
    return {
      // Rust's codes are the ErrorCode union; the bindings' type says so.
      code: error.code as ErrorCode,
      message: typeof error.message === "string" ? error.message : "",
      field: typeof error.field === "string" && error.field !== "" ? error.field : null,
    };
  }
  if (typeof error === "string") {
    try {
      const parsed: unknown = JSON.parse(error);
      if (isRecord(parsed) && typeof parsed.code === "string") return toErrorDto(parsed);
    } catch {
      // Not JSON: a plain message.
    }
    return { code: "unexpected", message: error, field: null };
  }
  if (error instanceof Error) return { code: "unexpected", message: error.message, field: null };
  return { code: "unexpected", message: "", field: null };
}

/**
 * Finds which of the form's inputs an error belongs to. Tries the exact field, then its base
 * ("attendees[1].name" → "attendees"), then the form's default field for the code.
 */
export function fieldFor(dto: ErrorDto, mapping: ErrorMapping): string | null {
  const { targets, codeFields = {} } = mapping;
  if (dto.field !== null) {
    if (dto.field in targets) return dto.field;
    const base = dto.field.split(/[.[]/, 1)[0];
    if (base in targets) return base;
  }
  const byCode = codeFields[dto.code];
  if (byCode !== undefined && byCode in targets) return byCode;
  return null;
}

/** The message a person sees for an error. */
export function messageFor(dto: ErrorDto, mapping: ErrorMapping): string {
  const preferred = mapping.messages?.[dto.code];
  if (preferred !== undefined) return preferred;
  if (dto.code === "locked") return LOCKED_MESSAGE;
  if (dto.code === "supervisor_read_only") return SUPERVISOR_READ_ONLY_MESSAGE;
  const text = dto.message.trim();
  // Rust's messages start in lower case ("your current passphrase is wrong — try again").
  if (text !== "") return text[0].toUpperCase() + text.slice(1);
  return GENERIC_MESSAGE;
}

/** Maps one ErrorDto to the summary and the field-level messages of a form. */
export function mapError(dto: ErrorDto, mapping: ErrorMapping): MappedError {
  const message = messageFor(dto, mapping);
  const field = fieldFor(dto, mapping);
  if (field === null) return { fieldErrors: {}, summary: [{ message, targetId: null }] };
  return { fieldErrors: { [field]: message }, summary: [{ message, targetId: mapping.targets[field] }] };
}
