// The app's lock state as the UI sees it, and the reference data every form uses.
// One instance for the whole window: the layout shows the first-run or unlock screen from it,
// and any command that rejects with `locked` tells it (through `onError`), so the unlock screen
// appears at once.

import {
  appStatus,
  lock as lockStore,
  referenceData,
  touch,
  type AppStatus,
  type ErrorDto,
  type ReferenceData,
} from "$lib/ipc/bindings";
import { toErrorDto } from "$lib/forms/errors";
import { onError } from "$lib/ipc/invoke";

export class AppSession {
  /** The last status from Rust; null until the first answer. */
  status = $state<AppStatus | null>(null);
  /** Why the app could not even ask for its status (e.g. running outside Tauri). */
  startError = $state<ErrorDto | null>(null);
  /** True once the store has been unlocked in this window: pages stay mounted after that. */
  everUnlocked = $state(false);
  /** Counts unlocks, so pages that failed while locked can load again. */
  unlocks = $state(0);
  reference = $state<ReferenceData | null>(null);
  #referencePromise: Promise<ReferenceData> | null = null;

  get isLocked(): boolean {
    return this.status?.state === "locked";
  }

  get isUnlocked(): boolean {
    return this.status?.state === "unlocked";
  }

  async start(): Promise<void> {
    try {
      this.apply(await appStatus());
      this.startError = null;
    } catch (error) {
      this.startError = toErrorDto(error);
    }
  }

  /** Takes a status from any command or event that returned one. */
  apply(status: AppStatus): void {
    const was = this.status?.state;
    this.status = status;
    if (status.state === "unlocked" && was !== "unlocked") {
      this.everUnlocked = true;
      this.unlocks += 1;
    }
  }

  /** A command rejected with `locked`: show the unlock screen now, then ask Rust for details. */
  noteLocked(): void {
    if (this.status !== null && this.status.state === "unlocked") {
      this.status = { ...this.status, state: "locked" };
    }
    void this.refresh();
  }

  async refresh(): Promise<void> {
    try {
      this.apply(await appStatus());
    } catch {
      // Keep what we have; the next command will tell us again.
    }
  }

  #lastTouch = 0;

  /**
   * The coach typed, clicked or scrolled: tell Rust, so the idle lock counts from now.
   * At most one call every 20 seconds; the idle lock is measured in minutes.
   */
  noteActivity(now: number = Date.now()): void {
    if (!this.isUnlocked || now - this.#lastTouch < 20_000) return;
    this.#lastTouch = now;
    // A `locked` answer reaches noteLocked through onError.
    touch().catch(() => {});
  }

  /** The coach pressed Lock. */
  async lock(): Promise<void> {
    try {
      this.apply(await lockStore());
    } catch {
      await this.refresh();
    }
  }

  /** Reference data, fetched once per window. */
  loadReference(): Promise<ReferenceData> {
    if (this.#referencePromise === null) {
      this.#referencePromise = referenceData().then(
        (data) => {
          this.reference = data;
          return data;
        },
        (error: unknown) => {
          this.#referencePromise = null;
          throw error;
        },
      );
    }
    return this.#referencePromise;
  }
}

export const app = new AppSession();
onError("locked", () => app.noteLocked());
