import { describe, expect, it } from "vitest";
import { fromInput, standingTag, toInput } from "./risk";

describe("the risk assessment form", () => {
  it("sends only the ticked personal risks, with their plans", () => {
    const form = fromInput(null, ["missing", "self_harm"]);
    expect(form.hazards).toHaveLength(1);
    form.personal.missing = { ticked: true, plan: "Check-ins at 9 pm" };
    form.personal.self_harm = { ticked: false, plan: "typed, then unticked" };
    expect(toInput(form).personal).toEqual([{ risk: "missing", plan: "Check-ins at 9 pm" }]);
  });

  it("comes back from what was saved with the same boxes ticked", () => {
    const saved = {
      hazards: [{ hazard: "Water", controls: "Buoyancy aids" }],
      personal: [{ risk: "substances", plan: "No alcohol on site" }],
      staffing: "Two",
      emergencyPlan: "999",
    };
    const form = fromInput(saved, ["missing", "substances"]);
    expect(form.personal.substances).toEqual({ ticked: true, plan: "No alcohol on site" });
    expect(form.personal.missing.ticked).toBe(false);
    expect(toInput(form)).toEqual(saved);
  });

  it("tags where an assessment stands", () => {
    expect(standingTag("approved")).toBe("tag-finalised");
    expect(standingTag("awaiting")).toBe("tag-draft");
  });
});
