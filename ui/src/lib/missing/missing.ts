// The missing-episode form: what must be filled in, and where each error goes.
import type { MissingEpisodeInput } from "$lib/ipc/bindings";
import type { ErrorMapping } from "$lib/forms/errors";

export function emptyEpisode(now: string): MissingEpisodeInput {
  return {
    wentMissing: now,
    policeReference: "",
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

/** Everything that must be filled in and is empty, all at once. */
export function missingFields(e: MissingEpisodeInput, back: boolean): { field: string; message: string }[] {
  const out: { field: string; message: string }[] = [];
  if (e.wentMissing.trim() === "") out.push({ field: "wentMissing", message: "Enter when they went missing" });
  if (back && e.returnedAt.trim() === "") out.push({ field: "returnedAt", message: "Enter when they came back" });
  if (e.interviewOutcome !== "" && e.interviewOutcome !== "not_offered" && e.interviewAt.trim() === "")
    out.push({ field: "interviewAt", message: "Enter when the interview was held or declined" });
  return out;
}

/** What the coach sends: nothing about a return or interview unless they said there was one. */
export function toInput(e: MissingEpisodeInput, back: boolean): MissingEpisodeInput {
  if (back) return { ...e, interviewAt: e.interviewOutcome === "not_offered" ? "" : e.interviewAt };
  return { ...e, returnedAt: "", whereFound: "", interviewOutcome: "", interviewAt: "", interviewNotes: "" };
}
