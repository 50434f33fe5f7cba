import { describe, expect, it } from "vitest";
import { FormErrors } from "./form-errors.svelte";

const mapping = { targets: { start: "session-start", end: "session-end", setting: "setting" } } as const;

describe("a form's errors", () => {
  it("lose a field's error, beside it and in the summary, when that field changes", () => {
    const errors = new FormErrors(mapping);
    errors.show({
      code: "invalid_input",
      message: "enter when it starts",
      field: "start",
      problems: [
        { field: "start", message: "enter when it starts" },
        { field: "end", message: "enter when it ends" },
        { field: "setting", message: "choose where" },
      ],
    });
    const shown = errors.shown;
    errors.fixed("session-start-month");
    expect(errors.field("start")).toBeUndefined();
    expect(errors.field("end")).toBe("Enter when it ends");
    expect(errors.summary.map((s) => s.targetId)).toEqual(["session-end", "setting"]);
    errors.fixed("setting-home");
    expect(errors.summary.map((s) => s.targetId)).toEqual(["session-end"]);
    // Another form's field, or one with no error, changes nothing.
    errors.fixed("concern-what");
    errors.fixed("session-start");
    expect(errors.summary.map((s) => s.targetId)).toEqual(["session-end"]);
    expect(errors.shown).toBe(shown);
    errors.fixed("session-end");
    expect(errors.any).toBe(false);
  });

  it("clear the most specific field an input belongs to", () => {
    const errors = new FormErrors({ targets: { told: "concern-told", "told.police": "concern-told-police-at" } });
    errors.show({
      code: "invalid_input",
      message: "enter when you told the police",
      field: "told.police",
      problems: [
        { field: "told.police", message: "enter when you told the police" },
        { field: "told", message: "choose who you told" },
      ],
    });
    errors.fixed("concern-told-police-at");
    expect(errors.field("told.police")).toBeUndefined();
    expect(errors.field("told")).toBe("Choose who you told");
  });
});
