import { describe, expect, it } from "vitest";
import { render } from "svelte/server";
import EmergencyContacts from "./EmergencyContacts.svelte";
import PackFields from "./PackFields.svelte";
import type { TripPack } from "$lib/ipc/bindings";
import { consentNotGiven, firstName, isEmergency, riskTagClass, telHref } from "./pack";

const pack = (about: TripPack["about"]): TripPack => ({
  planId: "a1",
  planKind: "activity",
  youngPersonId: "yp1",
  title: "Climbing taster",
  about,
  emergencyContacts: [],
  needs: [],
  consents: [],
  missingProtocol: [],
  safetyPlan: [],
  itinerary: [],
  risks: [],
  risk: {
    planId: "a1",
    standing: "missing",
    label: "No risk assessment yet",
    comments: "",
    commentsOnEarlierVersion: false,
    decidedAt: null,
    version: "",
    input: null,
  },
});

function check(phone: string, expected: string | null) {
  expect(telHref(phone), phone).toBe(expected);
}

describe("trip pack phone links", () => {
  it("rings the number as typed", () => {
    check("999", "tel:999");
    check("0113 496 0000", "tel:01134960000");
    check("07700-900 123 (mobile)", "tel:07700900123");
    check("+44 (0)113 496 0000", "tel:+441134960000");
    check("+44 113 496 0000", "tel:+441134960000");
  });

  it("gives no link for a number with no digits", () => {
    check("", null);
    check("ask the home", null);
  });

  it("knows 999 from other numbers", () => {
    expect(isEmergency({ name: "Emergency services", role: "Police, ambulance, fire", phone: "999" })).toBe(true);
    expect(isEmergency({ name: "Police, not an emergency", role: "Police", phone: "101" })).toBe(false);
    expect(isEmergency({ name: "Jo", role: "Social worker", phone: "0113 999 0000" })).toBe(false);
  });
});

describe("trip pack consents", () => {
  it("picks out a consent not given yet", () => {
    expect(consentNotGiven("NOT GIVEN YET")).toBe(true);
    expect(consentNotGiven("NOT GIVEN YET: ask Priya Shah (social worker)")).toBe(true);
  });

  it("leaves a given consent alone, even when its words mention it", () => {
    expect(consentNotGiven("Given by Tom (carer) on 1 Dec 2025: signed form")).toBe(false);
    expect(consentNotGiven("Given by Tom (carer); covers: swimming, not given yet for caving")).toBe(false);
    expect(consentNotGiven("Not recorded on the profile: ask the social worker")).toBe(false);
  });
});

describe("trip pack words", () => {
  it("names the young person by their first name", () => {
    expect(firstName(pack([{ label: "Young person", value: "Sam Taylor" }, { label: "Date of birth", value: "1 May 2009" }]))).toBe("Sam");
    expect(firstName(pack([{ label: "When", value: "Sat 6 Dec" }, { label: "Young person", value: "Ade" }]))).toBe("Ade");
  });

  it("falls back to 'the young person'", () => {
    expect(firstName(pack([]))).toBe("the young person");
    expect(firstName(pack([{ label: "Young person", value: "  " }]))).toBe("the young person");
    expect(firstName(pack([{ label: "When", value: "Sat 6 Dec" }]))).toBe("the young person");
  });

  it("shows a signed-off assessment green and everything else as waiting", () => {
    expect(riskTagClass("approved")).toBe("tag-finalised");
    for (const s of ["missing", "draft", "awaiting", "returned"]) expect(riskTagClass(s), s).toBe("tag-draft");
  });
});

describe("the trip pack as shown", () => {
  it("shows a consent not given yet as a warning, and a given one as text", () => {
    const fields = [
      { label: "Overnight stays and residentials", value: "NOT GIVEN YET: ask Tom (carer)" },
      { label: "Medical treatment — who may consent", value: "Priya Shah (social worker)" },
    ];
    const html = render(PackFields, { props: { fields, id: "pack-consents-list", empty: "None recorded.", warn: consentNotGiven } }).body;
    expect(html).toContain('id="pack-consents-list-0-warning"');
    expect(html).toContain("Warning: </span>NOT GIVEN YET: ask Tom (carer)");
    expect(html).not.toContain('id="pack-consents-list-1-warning"');
  });

  it("rings 999 from the biggest button and every other number from its own link", () => {
    const contacts = [
      { name: "Emergency services", role: "Police, ambulance, fire", phone: "999" },
      { name: "Jo", role: "Social worker", phone: "0113 496 0000" },
      { name: "Home", role: "Home manager", phone: "ask at reception" },
    ];
    const html = render(EmergencyContacts, { props: { contacts } }).body;
    expect(html).toMatch(/<a[^>]*href="tel:999"[^>]*id="pack-call-999"[^>]*>Call 999<\/a>/);
    expect(html).toMatch(/<a[^>]*href="tel:01134960000"[^>]*id="pack-call-1"/);
    expect(html).not.toContain('id="pack-call-2"');
    expect(html).toContain("ask at reception");
  });
});
