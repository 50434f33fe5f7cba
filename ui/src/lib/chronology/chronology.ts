// The chronology's two views and the words for each entry.
import type { ChronologyEntryView } from "$lib/ipc/bindings";
import type { ErrorMapping } from "$lib/forms/errors";

export type ChronologyMode = "curated" | "all";

/** The entries a view shows: the curated view only those the coach kept in. */
export function entriesFor(entries: ChronologyEntryView[], mode: ChronologyMode): ChronologyEntryView[] {
  return mode === "curated" ? entries.filter((e) => e.included) : entries;
}

/** What the curated chronology says for an entry: the coach's summary, or its own title. */
export function headlineOf(e: ChronologyEntryView, mode: ChronologyMode): string {
  return mode === "curated" && e.summary.trim() !== "" ? e.summary : e.title;
}

export const noteErrors: ErrorMapping = {
  targets: { on: "chronology-on", title: "chronology-title", detail: "chronology-detail" },
};

/** A safe id fragment for an entry key (`kind:uuid`). */
export const entryId = (key: string) => key.replace(":", "-");
