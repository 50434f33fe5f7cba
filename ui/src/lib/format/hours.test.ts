import { describe, expect, it } from "vitest";
import { formatDuration, formatMinutes, formatWeekHours, percentOfTarget } from "./hours";

describe("hours formatting", () => {
  it.each([
    [0, "0 h"],
    [5, "0 h 05"],
    [60, "1 h"],
    [1110, "18 h 30"],
    [1500, "25 h"],
    [1501, "25 h 01"],
    [-10, "0 h"],
  ])("formatMinutes(%i) is %s", (minutes, expected) => {
    expect(formatMinutes(minutes)).toBe(expected);
  });

  it("says the week against the target", () => {
    expect(formatWeekHours(1110, 1500)).toBe("18 h 30 of 25 h this week");
  });

  it("gives short sessions in minutes", () => {
    expect(formatDuration(45)).toBe("45 min");
    expect(formatDuration(90)).toBe("1 h 30");
  });

  it("clamps the progress bar", () => {
    expect(percentOfTarget(750, 1500)).toBe(50);
    expect(percentOfTarget(2000, 1500)).toBe(100);
    expect(percentOfTarget(10, 0)).toBe(0);
  });
});
