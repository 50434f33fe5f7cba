// The autosave queue behind the note: every keystroke asks for a save, but at most one save is
// ever in flight. Text typed while a save runs is kept as "pending", and only the latest pending
// text is sent once the running save finishes. After a failure the latest text stays pending and
// is sent on the next change or `retry()`, so nothing typed is dropped.

import type { ErrorDto } from "$lib/ipc/bindings";
import { toErrorDto } from "$lib/forms/errors";

export type AutosaveStatus<R> =
  | { kind: "idle" }
  | { kind: "saving" }
  | { kind: "saved"; result: R }
  | { kind: "failed"; error: ErrorDto };

export class AutosaveQueue<T, R> {
  #save: (value: T) => Promise<R>;
  #onStatus: (status: AutosaveStatus<R>) => void;
  #pending: { value: T } | null = null;
  #running: Promise<void> | null = null;
  #status: AutosaveStatus<R> = { kind: "idle" };

  constructor(save: (value: T) => Promise<R>, onStatus: (status: AutosaveStatus<R>) => void = () => {}) {
    this.#save = save;
    this.#onStatus = onStatus;
  }

  get status(): AutosaveStatus<R> {
    return this.#status;
  }

  /** True while a save runs or text is waiting to be saved. */
  get busy(): boolean {
    return this.#running !== null;
  }

  /** True when some text has not reached the store (waiting, running, or after a failure). */
  get unsaved(): boolean {
    return this.#pending !== null || this.#running !== null;
  }

  /** Asks for `value` to be saved. Returns at once; the save happens in the background. */
  push(value: T): void {
    this.#pending = { value };
    this.#kick();
  }

  /** Sends the latest unsaved text again, after a failure. */
  retry(): void {
    this.#kick();
  }

  /**
   * Waits until everything pushed so far is saved (or has failed). Resolves to true when the
   * latest text is in the store.
   */
  async flush(): Promise<boolean> {
    if (this.#running === null && this.#pending !== null) this.#kick();
    while (this.#running !== null) await this.#running;
    return this.#pending === null && this.#status.kind !== "failed";
  }

  #kick(): void {
    if (this.#running !== null || this.#pending === null) return;
    this.#running = this.#drain().finally(() => {
      this.#running = null;
    });
  }

  async #drain(): Promise<void> {
    while (this.#pending !== null) {
      const { value } = this.#pending;
      this.#pending = null;
      this.#setStatus({ kind: "saving" });
      try {
        const result = await this.#save(value);
        if (this.#pending === null) this.#setStatus({ kind: "saved", result });
      } catch (error) {
        // Keep the text that failed unless newer text has arrived meanwhile; stop until the next
        // push or retry so a locked store is not hammered.
        if (this.#pending === null) this.#pending = { value };
        this.#setStatus({ kind: "failed", error: toErrorDto(error) });
        return;
      }
    }
  }

  #setStatus(status: AutosaveStatus<R>): void {
    this.#status = status;
    this.#onStatus(status);
  }
}
