import { describe, expect, it } from "vitest";
import { bars, chartSummary, hourTicks, scaleMax } from "./chart";

const weeks = [
  { weekStarting: "2026-11-16", minutes: 1500 },
  { weekStarting: "2026-11-23", minutes: 750 },
  { weekStarting: "2026-11-30", minutes: 1800 },
];

describe("hours chart", () => {
  it("scales bars to the largest week, with the target never off the top", () => {
    const b = bars(weeks, 1500, 300, 110);
    expect(b[2].height).toBeCloseTo(100);
    expect(b[1].height).toBeCloseTo(b[0].height / 2);
    expect(b[2].y).toBeCloseTo(10);
    expect(b.map((x) => x.label)).toEqual(["25 h", "12 h 30", "30 h"]);
  });

  it("marks the hours every 5 up to the top of the scale, every hour on a small scale", () => {
    expect(hourTicks(scaleMax(weeks, 1500)).map((m) => m / 60)).toEqual([0, 5, 10, 15, 20, 25, 30]);
    expect(hourTicks(4 * 60).map((m) => m / 60)).toEqual([0, 1, 2, 3, 4]);
  });

  it("says in one sentence what the bars show", () => {
    expect(chartSummary(weeks, 1500)).toBe("Last 3 weeks: on average 22 h 30 a week; the 25 h target was met in 2 of them.");
  });
});
