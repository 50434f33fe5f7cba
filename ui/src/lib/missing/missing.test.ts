import { describe, expect, it } from "vitest";
import { emptyEpisode, missingFields, toInput } from "./missing";

describe("missing-episode form", () => {
  it("sends nothing about a return while they are still missing", () => {
    const e = { ...emptyEpisode("2026-11-30T19:00"), returnedAt: "2026-11-30T23:00", whereFound: "Park", interviewOutcome: "held" };
    const sent = toInput(e, false);
    expect([sent.returnedAt, sent.whereFound, sent.interviewOutcome]).toEqual(["", "", ""]);
    expect(sent.wentMissing).toBe("2026-11-30T19:00");
  });

  it("drops the interview time when it was not offered", () => {
    const e = { ...emptyEpisode("2026-11-30T19:00"), returnedAt: "2026-11-30T23:00", interviewOutcome: "not_offered", interviewAt: "2026-12-01T09:00" };
    expect(toInput(e, true).interviewAt).toBe("");
  });

  it("lists every empty required field at once", () => {
    const e = { ...emptyEpisode(""), interviewOutcome: "declined" };
    expect(missingFields(e, true).map((m) => m.field)).toEqual(["wentMissing", "returnedAt", "interviewAt"]);
    expect(missingFields(emptyEpisode("2026-11-30T19:00"), false)).toEqual([]);
  });
});
