import { describe, expect, it } from "vitest";
import { daysToRecord, emptyResidential, fromInput, plansPastTheStay, stayDays, toInput } from "./residential";

describe("the residential form", () => {
  it("offers one box per day of the stay and sends only those days", () => {
    expect(stayDays("2025-12-05", "2025-12-07")).toEqual(["2025-12-05", "2025-12-06", "2025-12-07"]);
    expect(stayDays("2025-12-07", "2025-12-05")).toEqual([]);
    expect(stayDays("", "2025-12-05")).toEqual([]);
    const form = emptyResidential("2025-12-05", "2025-12-07");
    form.plans = ["Arrive", "Canoe", "Home"];
    // Moving the trip a week later moves the plans with it.
    form.arrives = "2025-12-12";
    form.leaves = "2025-12-14";
    expect(toInput(form).itinerary).toEqual([
      { day: "2025-12-12", plan: "Arrive" },
      { day: "2025-12-13", plan: "Canoe" },
      { day: "2025-12-14", plan: "Home" },
    ]);
    // Shortened: the last day's plan is kept while typing and named, not sent.
    form.leaves = "2025-12-13";
    expect(toInput(form).itinerary).toHaveLength(2);
    expect(plansPastTheStay(form)).toEqual(["Home"]);
  });

  it("turns names a line into who is going, and back", () => {
    const form = emptyResidential("2025-12-05", "2025-12-06");
    form.family = "Donna\n\n  Kyle ";
    form.staff = "Alex";
    const input = toInput(form);
    expect(input.going).toEqual([
      { who: "young_person", name: "" },
      { who: "family_member", name: "Donna" },
      { who: "family_member", name: "Kyle" },
      { who: "staff", name: "Alex" },
    ]);
    const back = fromInput(input);
    expect(back.family).toBe("Donna\nKyle");
    expect(back.youngPersonGoing).toBe(true);
    expect(back.plans).toEqual(["", ""]);
  });

  it("sends no consent once its holder is cleared", () => {
    const form = emptyResidential("", "");
    form.consent.holder = "";
    form.consent.evidence = "typed then abandoned";
    expect(toInput(form).consent.evidence).toBe("");
  });
});

describe("the days of a residential to record", () => {
  it("offers each past day with no session, with its times filled in", () => {
    const input = { arrives: "2025-11-20", leaves: "2025-11-22", title: "Brandon & back" };
    const days = daysToRecord(input, ["2025-11-20"], "2025-11-22", "yp1", "r1");
    expect(days.map((d) => [d.day, d.number])).toEqual([["2025-11-21", 2]]);
    expect(days[0].href).toBe(
      "/young-people/yp1/record?plan=r1&kind=residential&start=2025-11-21T09:00&end=2025-11-21T17:00&title=Brandon%20%26%20back%2C%20day%202",
    );
    expect(daysToRecord(input, [], "2025-11-01", "yp1", "r1")).toEqual([]);
  });
});
