import { describe, expect, it } from "vitest";
import type { ContactRole, ContactView } from "$lib/ipc/bindings";
import { concernErrors, emptyConcernForm, toConcernInput, toldTimeId } from "./concern";
import { callOrder, missingNumbers, numberFor, telHref } from "./numbers";

const roles = ["social_worker", "emergency_duty_team", "police"];

describe("concern form", () => {
  it("sends only the roles ticked, each with its time", () => {
    const form = emptyConcernForm(roles, "2026-11-30T21:40");
    form.told[1] = { who: "emergency_duty_team", ticked: true, at: "2026-11-30T21:55" };
    form.told[2] = { who: "police", ticked: false, at: "2026-11-30T21:50" };
    const input = toConcernInput(form);
    expect(input.noticedAt).toBe("2026-11-30T21:40");
    expect(input.told).toEqual([{ who: "emergency_duty_team", at: "2026-11-30T21:55" }]);
  });

  it("sends a ticked role without its time, so Rust can ask when they were told", () => {
    const form = emptyConcernForm(roles, "");
    form.told[2].ticked = true;
    expect(toConcernInput(form).told).toEqual([{ who: "police", at: "" }]);
  });

  it("puts a refused time next to its role's input", () => {
    const mapping = concernErrors(roles);
    expect(mapping.targets["told.police"]).toBe(toldTimeId("police"));
    expect(mapping.targets["what"]).toBe("concern-what");
  });
});

const contact = (id: string, role: ContactRole, phone: string, removedAt: string | null = null): ContactView => ({
  id,
  name: id,
  role,
  roleLabel: role,
  organisation: "",
  phone,
  email: "",
  notes: "",
  removedAt,
  removedReason: null,
});

describe("numbers shown with a concern", () => {
  it("lists the out-of-hours team and social worker first, and only current contacts with a phone", () => {
    const list = callOrder([
      contact("teacher", "education", "01245 1"),
      contact("no-phone", "social_worker", " "),
      contact("sw", "social_worker", "01245 2"),
      contact("former", "emergency_duty_team", "01245 3", "2026-01-01T00:00:00Z"),
      contact("edt", "emergency_duty_team", "0300 4"),
    ]);
    expect(list.map((c) => c.id)).toEqual(["edt", "sw", "teacher"]);
  });

  it("puts the supervisor and on-call before the local authority's numbers", () => {
    const list = callOrder([
      contact("sw", "social_worker", "01245 2"),
      contact("edt", "emergency_duty_team", "0300 4"),
      contact("on-call", "on_call", "07700 900789"),
      contact("sup", "supervisor", "07700 900456"),
    ]);
    expect(list.map((c) => c.id)).toEqual(["sup", "on-call", "edt", "sw"]);
    expect(numberFor(list, "supervisor")?.id).toBe("sup");
    expect(telHref("07700 900-456")).toBe("tel:07700900456");
    expect(telHref("+44 (0)1245 430000")).toBe("tel:+4401245430000");
  });

  it("names the numbers a coach should have and has not", () => {
    expect(missingNumbers([contact("sw", "social_worker", "01245 2")])).toEqual([
      "your supervisor",
      "the on-call supervisor",
      "the emergency duty team",
    ]);
    expect(
      missingNumbers([
        contact("sup", "supervisor", "07700 900456"),
        contact("edt", "emergency_duty_team", "0300 4"),
        contact("on-call", "on_call", " "),
      ]),
    ).toEqual(["the on-call supervisor"]);
  });
});
