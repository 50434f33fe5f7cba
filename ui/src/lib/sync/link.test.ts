import { describe, expect, it } from "vitest";
import { parseEnrolmentLink } from "./link";

describe("the enrolment link", () => {
  it("gives back what the app encoded: address, fingerprint and code", () => {
    // The same link the Rust side's test makes (crates/app/src/qr.rs).
    const link =
      "insideout-coach://enrol?service=https%3A%2F%2Fcoach.example.org%3A8443%2Fio&fingerprint=ABCD-EF12%203456&code=K7QM-2XPA-9RTD";
    expect(parseEnrolmentLink(link)).toEqual({
      service: "https://coach.example.org:8443/io",
      fingerprint: "ABCD-EF12 3456",
      code: "K7QM-2XPA-9RTD",
    });
  });

  it("works without a code, and with spaces around it", () => {
    expect(parseEnrolmentLink("  insideout-coach://enrol?service=http%3A%2F%2F127.0.0.1%3A1&fingerprint=AB ")).toEqual({
      service: "http://127.0.0.1:1",
      fingerprint: "AB",
      code: null,
    });
  });

  it("is not fooled by an address or a link missing a part", () => {
    expect(parseEnrolmentLink("https://sync.example.org")).toBeNull();
    expect(parseEnrolmentLink("insideout-coach://enrol?service=x")).toBeNull();
    expect(parseEnrolmentLink("insideout-coach://enrol?fingerprint=AB")).toBeNull();
  });
});
