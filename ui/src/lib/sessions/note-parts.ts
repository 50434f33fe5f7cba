// The four parts of a session note, in the order they are written and read.
import type { NoteBody } from "$lib/ipc/bindings";

export type NotePartInfo = { part: keyof NoteBody; id: string; label: string; hint: string };

export const NOTE_PARTS: NotePartInfo[] = [
  {
    part: "whatHappened",
    id: "note-what-happened",
    label: "What happened",
    hint: "The facts: what you did, saw and heard. Write it so the young person could read it later.",
  },
  {
    part: "voice",
    id: "note-voice",
    label: "The young person's voice",
    hint: "In their own words: what did they say they want, feel, think?",
  },
  {
    part: "analysis",
    id: "note-analysis",
    label: "My analysis",
    hint: "Your professional opinion, kept separate from the facts above.",
  },
  {
    part: "actions",
    id: "note-actions",
    label: "Agreed actions",
    hint: "Who will do what, and by when.",
  },
];

export const noteTargets: Record<string, string> = Object.fromEntries(NOTE_PARTS.map((p) => [p.part, p.id]));
