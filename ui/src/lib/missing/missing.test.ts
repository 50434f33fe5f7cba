import { describe, expect, it } from "vitest";
import { emptyEpisode, toInput } from "./missing";

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

  it("says whether they came back, so Rust can ask for the return's time", () => {
    const e = { ...emptyEpisode(""), interviewOutcome: "declined" };
    expect(toInput(e, true).cameBack).toBe(true);
    expect(toInput(e, false).cameBack).toBe(false);
  });
});
