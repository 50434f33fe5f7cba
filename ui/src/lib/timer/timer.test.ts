import { describe, expect, it } from "vitest";
import { elapsedMinutes, runningText, stopHref } from "./timer";

describe("session timer", () => {
  const now = new Date(2026, 10, 30, 19, 14, 40);

  it("counts whole minutes from the local start", () => {
    expect(elapsedMinutes("2026-11-30T18:02", now)).toBe(72);
    expect(elapsedMinutes("2026-11-30T19:20", now)).toBe(0);
    expect(elapsedMinutes("not a time", now)).toBe(0);
  });

  it("says how long it has run", () => {
    expect(runningText("2026-11-30T18:02", now)).toBe("Running since 18:02 · 1 h 12");
    expect(runningText("2026-11-30T19:10", now)).toBe("Running since 19:10 · 4 min");
    expect(runningText("2026-11-29T18:00", now)).toMatch(/^Running since Sun 29 Nov 2026, 18:00 · 25 h 14$/);
  });

  it("stops into the record page with both times", () => {
    const href = stopHref("yp1", "2026-11-30T18:02", now);
    const url = new URL(href, "http://app");
    expect(url.pathname).toBe("/young-people/yp1/record");
    expect(url.searchParams.get("start")).toBe("2026-11-30T18:02");
    expect(url.searchParams.get("end")).toBe("2026-11-30T19:14");
    expect(url.searchParams.get("timer")).toBe("1");
  });
});
