import { describe, expect, it } from "vitest";
import type { ErrorCode, ErrorDto, Field } from "$lib/ipc/bindings";
import { LOCKED_MESSAGE, SUPERVISOR_READ_ONLY_MESSAGE, mapError, toErrorDto, type ErrorMapping } from "./errors";

/** An error with one problem, as Rust sends it. */
const one = (code: ErrorCode, message: string, field: Field | null): ErrorDto => ({ code, message, field, problems: [{ field, message }] });

const sessionForm: ErrorMapping = {
  targets: { start: "session-start", end: "session-end", setting: "setting-home", attendees: "attendees", told: "told" },
  codeFields: { end_before_start: "end", session_too_long: "end" },
};

describe("toErrorDto", () => {
  it("keeps an ErrorDto as it is", () => {
    const both: ErrorDto = {
      code: "invalid_input",
      message: "Enter a date",
      field: "end",
      problems: [
        { field: "end", message: "Enter a date" },
        { field: "start", message: "Enter a time" },
      ],
    };
    expect(toErrorDto(both)).toEqual(both);
  });

  it("fills in a missing field, message and problem, and drops malformed problems", () => {
    expect(toErrorDto({ code: "locked" })).toEqual(one("locked", "", null));
    expect(toErrorDto({ code: "invalid_input", message: "Enter it", field: "end", problems: [{ nope: 1 }] })).toEqual(
      one("invalid_input", "Enter it", "end"),
    );
  });

  it("parses a JSON string and wraps plain strings and Errors", () => {
    expect(toErrorDto('{"code":"not_found","message":"No such session","field":null}').code).toBe("not_found");
    expect(toErrorDto("boom")).toEqual(one("unexpected", "boom", null));
    expect(toErrorDto(new Error("bad"))).toEqual(one("unexpected", "bad", null));
  });
});

describe("mapError", () => {
  it("lists every problem Rust named, in its order, each beside its field", () => {
    const mapped = mapError(
      {
        code: "invalid_input",
        message: "enter when it starts",
        field: "start",
        problems: [
          { field: "start", message: "enter when it starts" },
          { field: "end", message: "enter when it ends" },
          { field: "venue", message: "enter where" },
        ],
      },
      sessionForm,
    );
    expect(mapped.fieldErrors).toEqual({ start: "Enter when it starts", end: "Enter when it ends" });
    expect(mapped.summary).toEqual([
      { message: "Enter when it starts", targetId: "session-start" },
      { message: "Enter when it ends", targetId: "session-end" },
      { message: "Enter where", targetId: null },
    ]);
  });

  it("puts a field error next to its field and links the summary to it", () => {
    const mapped = mapError(one("invalid_input", "Enter the end time", "end"), sessionForm);
    expect(mapped.fieldErrors).toEqual({ end: "Enter the end time" });
    expect(mapped.summary).toEqual([{ message: "Enter the end time", targetId: "session-end" }]);
  });

  it("uses the code's default field when Rust gives none", () => {
    const mapped = mapError(one("end_before_start", "The end must be after the start", null), sessionForm);
    expect(mapped.fieldErrors).toEqual({ end: "The end must be after the start" });
    expect(mapped.summary[0].targetId).toBe("session-end");
  });

  it("maps a field inside a group to the group's input", () => {
    const mapped = mapError(one("invalid_input", "Enter a name", "told.police"), sessionForm);
    expect(mapped.summary).toEqual([{ message: "Enter a name", targetId: "told" }]);
  });

  it("keeps errors for unknown fields in the summary without a link", () => {
    const mapped = mapError(one("caseload_full", "You already have three", null), sessionForm);
    expect(mapped.fieldErrors).toEqual({});
    expect(mapped.summary).toEqual([{ message: "You already have three", targetId: null }]);
    const other = mapError(one("invalid_input", "Odd", "venue"), sessionForm);
    expect(other.summary[0].targetId).toBeNull();
  });

  it("starts Rust's message with a capital letter", () => {
    const mapped = mapError(one("wrong_passphrase", "your current passphrase is wrong — try again", "current"), {
      targets: { current: "current-passphrase" },
    });
    expect(mapped.fieldErrors).toEqual({ current: "Your current passphrase is wrong — try again" });
  });

  it("says nothing typed is lost when the store locked", () => {
    const mapped = mapError(one("locked", "locked", null), sessionForm);
    expect(mapped.summary[0].message).toBe(LOCKED_MESSAGE);
  });

  it("tells a supervisor plainly that the coach keeps the records", () => {
    const mapped = mapError(one("supervisor_read_only", "this device belongs to a supervisor", null),
      sessionForm,
    );
    expect(mapped.fieldErrors).toEqual({});
    expect(mapped.summary).toEqual([{ message: SUPERVISOR_READ_ONLY_MESSAGE, targetId: null }]);
    expect(SUPERVISOR_READ_ONLY_MESSAGE).toContain("signed in as a supervisor");
    expect(SUPERVISOR_READ_ONLY_MESSAGE).toContain("the coach keeps the records");
  });

  it("prefers the form's own wording and never shows an empty message", () => {
    const mapped = mapError(one("wrong_passphrase", "wrong", null),
      { targets: { passphrase: "unlock-passphrase" }, codeFields: { wrong_passphrase: "passphrase" }, messages: { wrong_passphrase: "That passphrase is not right" } },
    );
    expect(mapped.fieldErrors).toEqual({ passphrase: "That passphrase is not right" });
    expect(mapError(one("refused", " ", null), sessionForm).summary[0].message).not.toBe(" ");
  });
});
