import { describe, expect, it } from "vitest";
import { emptyActivity, fromInput, toInput } from "./activity";

describe("activity form", () => {
  it("turns the names a line into who is going, and back", () => {
    const form = { ...emptyActivity("2026-12-12T10:00", "2026-12-12T15:00"), family: "Mum\n\n Gran ", staff: "Alex Coach" };
    const input = toInput(form);
    expect(input.going).toEqual([
      { who: "young_person", name: "" },
      { who: "family_member", name: "Mum" },
      { who: "family_member", name: "Gran" },
      { who: "staff", name: "Alex Coach" },
    ]);
    const back = fromInput(input);
    expect([back.youngPersonGoing, back.family, back.staff]).toEqual([true, "Mum\nGran", "Alex Coach"]);
  });

  it("sends no licence for an activity that needs none", () => {
    const form = { ...emptyActivity("a", "b"), licenceNumber: "R1", licenceExpires: "2027-01-01" };
    expect([toInput(form).licenceNumber, toInput(form).licenceExpires]).toEqual(["", ""]);
    expect(toInput({ ...form, adventure: "caving" }).licenceNumber).toBe("R1");
  });

  it("sends the consent's fields flat, and none of them once the holder is cleared", () => {
    const form = emptyActivity("a", "b");
    form.consent = { holder: "parent", givenBy: "Donna", evidence: "Signed form", givenOn: "2026-01-10", expires: "", scope: "" };
    const input = toInput(form);
    expect([input.consentHolder, input.consentGivenBy, input.consentEvidence]).toEqual(["parent", "Donna", "Signed form"]);
    expect(fromInput(input).consent).toEqual(form.consent);
    form.consent.holder = "";
    expect(toInput(form).consentEvidence).toBe("");
  });
});
