import type { SyncStatusView } from "$lib/ipc/bindings";

/**
 * An enrolled, approved device with nothing waiting, for tests and the development backend;
 * `changes` overrides any field.
 */
export function syncedStatus(changes: Partial<SyncStatusView> = {}): SyncStatusView {
  return {
    enrolled: true,
    service: "https://sync.example",
    role: "coach",
    deviceStatus: "approved",
    waiting: 0,
    lastSyncedMinutesAgo: 0,
    lastError: null,
    quarantined: 0,
    concernsWaiting: 0,
    ownCode: null,
    approvalCode: null,
    approvedByOrganisation: false,
    directoryWarnings: [],
    setAside: 0,
    setAsideReason: null,
    movedAway: [],
    referralsWaiting: 0,
    ownCodeQr: null,
    organisationFingerprint: null,
    enrolmentLink: null,
    enrolmentQr: null,
    summary: "All records sent · last sent 21:14",
    ...changes,
  };
}
