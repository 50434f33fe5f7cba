import { describe, expect, it } from "vitest";
import type { PlannedSessionView } from "$lib/ipc/bindings";
import { checkInPrefill, clock, startLabel } from "./planned";

function plan(over: Partial<PlannedSessionView> & { starts?: string; ends?: string; place?: string } = {}): PlannedSessionView {
  return {
    id: over.id ?? "p1",
    youngPersonId: over.youngPersonId ?? "yp1",
    cancelled: over.cancelled ?? false,
    input: {
      starts: over.starts ?? "2026-11-30T18:00",
      ends: over.ends ?? "2026-11-30T20:00",
      place: over.place ?? "Leeds climbing wall",
      purpose: "",
    },
  };
}

describe("the button and the check-in filled in from the plan", () => {
  it("says when and where", () => {
    expect(startLabel(plan())).toBe("Start this session (18:00–20:00, Leeds climbing wall)");
    expect(startLabel(plan({ place: "  " }))).toBe("Start this session (18:00–20:00)");
  });

  it("fills in who, the area and the finish time", () => {
    expect(checkInPrefill(plan(), "Sam")).toEqual({ withWhom: "Sam", area: "Leeds climbing wall", expectedEnd: "20:00" });
    expect(checkInPrefill(plan({ place: " Roundhay Park ", ends: "2026-12-01T00:30" }), "Jo")).toEqual({
      withWhom: "Jo",
      area: "Roundhay Park",
      expectedEnd: "00:30",
    });
  });

  it("reads the time of day", () => {
    expect(clock("2026-11-30T21:30")).toBe("21:30");
    expect(clock("not a time")).toBe("");
  });
});
