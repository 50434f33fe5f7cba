// The sync state the header shows at all times. Rust sends a `sync` event after every attempt;
// the layout also asks once after unlocking. It also says whose device this is: on a
// supervisor's device the coach's records are read-only (Rust refuses every coach use-case with
// `supervisor_read_only`), and the screens hide the coach's actions by asking `readOnly`.

import { syncNow, syncStatus, type SyncStatusView } from "$lib/ipc/bindings";
import { onError } from "$lib/ipc/invoke";

export class SyncState {
  status = $state<SyncStatusView | null>(null);
  /** Goes up with every status applied, so an answer asked for earlier cannot replace it. */
  #applied = 0;

  async refresh(): Promise<void> {
    await this.answer(syncStatus).catch(() => {
      // Locked or outside Tauri: keep what we have.
    });
  }

  async now(): Promise<void> {
    await this.answer(syncNow).catch(() => {
      // The next event brings the state.
    });
  }

  apply(status: SyncStatusView): void {
    this.#applied += 1;
    this.status = status;
  }

  /**
   * Asks Rust for the status (and whatever else the command does), and shows the answer unless
   * a newer status arrived meanwhile; a refusal is passed on to the caller. "Sync now" answers
   * with the status as it stood when asked; the attempt it starts ends with a `sync` event that
   * may arrive first, and must not be replaced by that older answer (it once left an approval
   * unseen for the 30 s until the next attempt).
   */
  async answer(ask: () => Promise<SyncStatusView>): Promise<void> {
    const asked = this.#applied;
    const status = await ask();
    if (this.#applied === asked) this.apply(status);
  }

  /** This device is enrolled as a supervisor's. */
  get isSupervisor(): boolean {
    return this.status?.role === "supervisor";
  }

  /**
   * The coach's records are read-only here: true exactly on a supervisor's device. A supervisor
   * reads everything, comments on sessions, uses the Team page, search and Settings; the coach
   * keeps the records. Until the state is known (locked, not enrolled) the device is a coach's.
   */
  get readOnly(): boolean {
    return this.isSupervisor;
  }

  /**
   * "ok" when nothing waits, "waiting" when records are kept here, "problem" after an error or
   * while a safeguarding concern has not reached the service.
   */
  get tone(): "ok" | "waiting" | "problem" | "off" {
    const s = this.status;
    if (s === null || !s.enrolled) return "off";
    if (s.concernsWaiting > 0) return "problem";
    if (s.lastError !== null || s.quarantined > 0 || s.setAside > 0 || s.directoryWarnings.length > 0) return "problem";
    return s.waiting > 0 || s.deviceStatus === "pending" ? "waiting" : "ok";
  }
}

export const sync = new SyncState();
// Rust knows this is a supervisor's device before the screens did: catch up, so they hide the
// coach's actions.
onError("supervisor_read_only", () => void sync.refresh());
