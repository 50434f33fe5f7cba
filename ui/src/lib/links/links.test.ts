import { describe, expect, it } from "vitest";
import { href } from "./links";

describe("links", () => {
  it("leads to each screen", () => {
    expect(href({ to: "session", id: "s1" })).toBe("/sessions/s1");
    expect(href({ to: "youngPerson", id: "yp1", section: null })).toBe("/young-people/yp1");
    expect(href({ to: "youngPerson", id: "yp1", section: "missing" })).toBe("/young-people/yp1#missing");
    expect(href({ to: "activity", youngPersonId: "yp1", activityId: "a1" })).toBe("/young-people/yp1/activity?activity=a1");
    expect(href({ to: "residential", youngPersonId: "yp1", residentialId: "r1" })).toBe(
      "/young-people/yp1/residential?residential=r1",
    );
    expect(href({ to: "goals", youngPersonId: "yp1" })).toBe("/young-people/yp1/goals");
    expect(href({ to: "supervision", coach: "p1" })).toBe("/supervision?coach=p1");
  });

  it("fills the record screen from a plan, with the title encoded", () => {
    expect(
      href({
        to: "recordPlan",
        youngPersonId: "yp1",
        kind: "activity",
        plan: "a1",
        start: "2025-11-22T18:00",
        end: "2025-11-22T21:00",
        title: "Cinema & pizza",
      }),
    ).toBe("/young-people/yp1/record?plan=a1&kind=activity&start=2025-11-22T18:00&end=2025-11-22T21:00&title=Cinema%20%26%20pizza");
  });
});
