import { describe, expect, it } from "vitest";
import { polyline, scoreSummary } from "./goals";

describe("score charts", () => {
  it("puts 1 at the bottom and 10 at the top, skipping missing scores", () => {
    expect(polyline([1, null, 10], 100, 90)).toBe("0,90 100,0");
    expect(polyline([0, 4, 8], 100, 80, 0, 8)).toBe("0,80 50,40 100,0");
  });

  it("says the first and latest score of each view", () => {
    const s = scoreSummary(
      [
        { name: "Jay", values: [3, 5, 7] },
        { name: "Coach", values: [null, 6] },
      ],
      "goal scores",
    );
    expect(s).toBe("Goal scores: Jay from 3 to 7; Coach 6.");
    expect(scoreSummary([{ name: "Jay", values: [] }], "goal scores")).toBe("No goal scores yet.");
  });
});
