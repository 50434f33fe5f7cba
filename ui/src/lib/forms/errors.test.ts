import { describe, expect, it } from "vitest";
import { LOCKED_MESSAGE, SUPERVISOR_READ_ONLY_MESSAGE, mapError, toErrorDto, type ErrorMapping } from "./errors";

const sessionForm: ErrorMapping = {
  targets: { start: "session-start", end: "session-end", setting: "setting-home", attendees: "attendees" },
  codeFields: { end_before_start: "end", session_too_long: "end" },
};

describe("toErrorDto", () => {
  it("keeps an ErrorDto as it is", () => {
    expect(toErrorDto({ code: "invalid_input", message: "Enter a date", field: "end" })).toEqual({
      code: "invalid_input",
      message: "Enter a date",
      field: "end",
    });
  });

  it("fills in a missing field and message", () => {
    expect(toErrorDto({ code: "locked" })).toEqual({ code: "locked", message: "", field: null });
  });

  it("parses a JSON string and wraps plain strings and Errors", () => {
    expect(toErrorDto('{"code":"not_found","message":"No such session","field":null}').code).toBe("not_found");
    expect(toErrorDto("boom")).toEqual({ code: "unexpected", message: "boom", field: null });
    expect(toErrorDto(new Error("bad"))).toEqual({ code: "unexpected", message: "bad", field: null });
  });
});

describe("mapError", () => {
  it("puts a field error next to its field and links the summary to it", () => {
    const mapped = mapError({ code: "invalid_input", message: "Enter the end time", field: "end" }, sessionForm);
    expect(mapped.fieldErrors).toEqual({ end: "Enter the end time" });
    expect(mapped.summary).toEqual([{ message: "Enter the end time", targetId: "session-end" }]);
  });

  it("uses the code's default field when Rust gives none", () => {
    const mapped = mapError({ code: "end_before_start", message: "The end must be after the start", field: null }, sessionForm);
    expect(mapped.fieldErrors).toEqual({ end: "The end must be after the start" });
    expect(mapped.summary[0].targetId).toBe("session-end");
  });

  it("maps a nested field to its base input", () => {
    const mapped = mapError({ code: "invalid_input", message: "Enter a name", field: "attendees[1].name" }, sessionForm);
    expect(mapped.summary).toEqual([{ message: "Enter a name", targetId: "attendees" }]);
  });

  it("keeps errors for unknown fields in the summary without a link", () => {
    const mapped = mapError({ code: "caseload_full", message: "You already have three", field: null }, sessionForm);
    expect(mapped.fieldErrors).toEqual({});
    expect(mapped.summary).toEqual([{ message: "You already have three", targetId: null }]);
    const other = mapError({ code: "invalid_input", message: "Odd", field: "somethingElse" }, sessionForm);
    expect(other.summary[0].targetId).toBeNull();
  });

  it("starts Rust's message with a capital letter", () => {
    const mapped = mapError({ code: "wrong_passphrase", message: "your current passphrase is wrong — try again", field: "current" }, {
      targets: { current: "current-passphrase" },
    });
    expect(mapped.fieldErrors).toEqual({ current: "Your current passphrase is wrong — try again" });
  });

  it("says nothing typed is lost when the store locked", () => {
    const mapped = mapError({ code: "locked", message: "locked", field: null }, sessionForm);
    expect(mapped.summary[0].message).toBe(LOCKED_MESSAGE);
  });

  it("tells a supervisor plainly that the coach keeps the records", () => {
    const mapped = mapError(
      { code: "supervisor_read_only", message: "this device belongs to a supervisor", field: null },
      sessionForm,
    );
    expect(mapped.fieldErrors).toEqual({});
    expect(mapped.summary).toEqual([{ message: SUPERVISOR_READ_ONLY_MESSAGE, targetId: null }]);
    expect(SUPERVISOR_READ_ONLY_MESSAGE).toContain("signed in as a supervisor");
    expect(SUPERVISOR_READ_ONLY_MESSAGE).toContain("the coach keeps the records");
  });

  it("prefers the form's own wording and never shows an empty message", () => {
    const mapped = mapError(
      { code: "wrong_passphrase", message: "wrong", field: null },
      { targets: { passphrase: "unlock-passphrase" }, codeFields: { wrong_passphrase: "passphrase" }, messages: { wrong_passphrase: "That passphrase is not right" } },
    );
    expect(mapped.fieldErrors).toEqual({ passphrase: "That passphrase is not right" });
    expect(mapError({ code: "refused", message: " ", field: null }, sessionForm).summary[0].message).not.toBe(" ");
  });
});
