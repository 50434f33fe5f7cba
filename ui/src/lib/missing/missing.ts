// The missing-episode form: what must be filled in, and where each error goes.
import type { MissingEpisodeInput } from "$lib/ipc/bindings";
import type { ErrorMapping } from "$lib/forms/errors";

export function emptyEpisode(now: string): MissingEpisodeInput {
  return {
    wentMissing: now,
    policeReference: "",
    cameBack: false,
    returnedAt: "",
    whereFound: "",
    interviewOutcome: "",
    interviewAt: "",
    interviewNotes: "",
    notes: "",
  };
}

export const missingErrors: ErrorMapping = {
  targets: {
    wentMissing: "missing-went",
    policeReference: "missing-police-reference",
    returnedAt: "missing-returned-at",
    whereFound: "missing-where-found",
    interviewOutcome: "missing-interview-outcome",
    interviewAt: "missing-interview-at",
    interviewNotes: "missing-interview-notes",
    notes: "missing-notes",
  },
};

/** What the coach sends: nothing about a return or interview unless they said there was one. */
export function toInput(e: MissingEpisodeInput, back: boolean): MissingEpisodeInput {
  if (back) return { ...e, cameBack: true, interviewAt: e.interviewOutcome === "not_offered" ? "" : e.interviewAt };
  return { ...e, cameBack: false, returnedAt: "", whereFound: "", interviewOutcome: "", interviewAt: "", interviewNotes: "" };
}
