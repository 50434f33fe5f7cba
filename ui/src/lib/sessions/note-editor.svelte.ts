// The draft note being written. Every change is saved through the autosave queue: at most one
// saveDraft call in flight, the latest text always sent last, one edit id per page visit.

import { saveDraft, type DraftSaved, type NoteBody } from "$lib/ipc/bindings";
import { newEditId } from "$lib/app/ids";
import { timeOfDay } from "$lib/format/dates";
import { SUPERVISOR_READ_ONLY_MESSAGE } from "$lib/forms/errors";
import { AutosaveQueue, type AutosaveStatus } from "./autosave";

export type NotePart = keyof NoteBody;

export class NoteEditor {
  note = $state<NoteBody>({ whatHappened: "", voice: "", analysis: "", actions: "" });
  status = $state<AutosaveStatus<DraftSaved>>({ kind: "idle" });
  readonly sessionId: string;
  readonly editId: string;
  readonly #lastSavedAt: string | null;
  readonly #queue: AutosaveQueue<NoteBody, DraftSaved>;

  constructor(
    sessionId: string,
    initial: NoteBody,
    lastSavedAt: string | null,
    save: (sessionId: string, editId: string, note: NoteBody) => Promise<DraftSaved> = saveDraft,
  ) {
    this.sessionId = sessionId;
    this.editId = newEditId();
    this.note = { ...initial };
    this.#lastSavedAt = lastSavedAt;
    this.#queue = new AutosaveQueue(
      (note) => save(this.sessionId, this.editId, note),
      (status) => {
        this.status = status;
      },
    );
  }

  /** One keystroke in one part of the note. */
  set(part: NotePart, value: string): void {
    this.note[part] = value;
    this.#queue.push($state.snapshot(this.note));
  }

  retry(): void {
    this.#queue.retry();
  }

  /** Waits for the latest text to be saved; true when it is. */
  flush(): Promise<boolean> {
    return this.#queue.flush();
  }

  get unsaved(): boolean {
    return this.status.kind === "failed" || this.status.kind === "saving";
  }

  get failed(): boolean {
    return this.status.kind === "failed";
  }

  /** What the status line says. */
  get statusText(): string {
    switch (this.status.kind) {
      case "saving":
        return "Saving…";
      case "saved":
        return `Saved ${timeOfDay(this.status.result.savedAt)}`;
      case "failed":
        if (this.status.error.code === "locked") return "Not saved yet: the app is locked. Unlock it and your text will be saved.";
        if (this.status.error.code === "supervisor_read_only") return SUPERVISOR_READ_ONLY_MESSAGE;
        return `Not saved: ${this.status.error.message || "something went wrong"}. Your text is still here: try saving again.`;
      case "idle":
        return this.#lastSavedAt === null ? "Saved as you type" : `Saved ${timeOfDay(this.#lastSavedAt)}`;
    }
  }
}
