// The sync state the header shows at all times. Rust sends a `sync` event after every attempt;
// the layout also asks once after unlocking.

import { syncNow, syncStatus, type SyncStatusView } from "$lib/ipc/bindings";

export class SyncState {
  status = $state<SyncStatusView | null>(null);

  async refresh(): Promise<void> {
    try {
      this.status = await syncStatus();
    } catch {
      // Locked or outside Tauri: keep what we have.
    }
  }

  async now(): Promise<void> {
    try {
      this.status = await syncNow();
    } catch {
      // The next event brings the state.
    }
  }

  apply(status: SyncStatusView): void {
    this.status = status;
  }

  /** "ok" when nothing waits, "waiting" when changes are kept here, "problem" after an error. */
  get tone(): "ok" | "waiting" | "problem" | "off" {
    const s = this.status;
    if (s === null || !s.enrolled) return "off";
    if (s.lastError !== null || s.quarantined > 0) return "problem";
    return s.waiting > 0 || s.deviceStatus === "pending" ? "waiting" : "ok";
  }
}

export const sync = new SyncState();
