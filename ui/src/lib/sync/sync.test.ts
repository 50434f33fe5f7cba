import { describe, expect, it } from "vitest";
import type { SyncStatusView } from "$lib/ipc/bindings";
import { SyncState } from "./sync.svelte";
import { syncedStatus } from "./status-fixture";

const base: SyncStatusView = syncedStatus({ lastSyncedMinutesAgo: 2, summary: "All records sent · last sent 21:14" });

describe("the sync line's tone", () => {
  it("follows what a coach needs to notice", () => {
    const s = new SyncState();
    expect(s.tone).toBe("off");
    s.apply(base);
    expect(s.tone).toBe("ok");
    s.apply({ ...base, waiting: 3 });
    expect(s.tone).toBe("waiting");
    // A concern that has not reached the service is red until it has.
    s.apply({ ...base, waiting: 3, concernsWaiting: 1 });
    expect(s.tone).toBe("problem");
    s.apply({ ...base, deviceStatus: "pending" });
    expect(s.tone).toBe("waiting");
    s.apply({ ...base, lastError: "The service cannot be reached" });
    expect(s.tone).toBe("problem");
    s.apply({ ...base, quarantined: 1 });
    expect(s.tone).toBe("problem");
    s.apply({ ...base, directoryWarnings: ["Another device has seen 3 directory records from the organisation key, this device only 2."] });
    expect(s.tone).toBe("problem");
    s.apply({ ...base, enrolled: false });
    expect(s.tone).toBe("off");
  });
});

describe("the read-only rule", () => {
  it("makes a supervisor's device read-only for the coach's records", () => {
    const s = new SyncState();
    s.apply({ ...base, role: "supervisor" });
    expect(s.isSupervisor).toBe(true);
    expect(s.readOnly).toBe(true);
  });

  it("keeps a coach's device writable", () => {
    const s = new SyncState();
    s.apply(base);
    expect(s.isSupervisor).toBe(false);
    expect(s.readOnly).toBe(false);
  });

  it("treats a device as a coach's until it is known to be a supervisor's", () => {
    const s = new SyncState();
    expect(s.readOnly).toBe(false);
    s.apply({ ...base, enrolled: false, service: null, role: null, deviceStatus: null });
    expect(s.readOnly).toBe(false);
    s.apply({ ...base, role: "coach" });
    expect(s.readOnly).toBe(false);
  });

  it("follows the role as new states arrive", () => {
    const s = new SyncState();
    s.apply({ ...base, role: "supervisor", deviceStatus: "pending" });
    expect(s.readOnly).toBe(true);
    s.apply({ ...base, role: "supervisor", lastError: "The service cannot be reached" });
    expect(s.readOnly).toBe(true);
    s.apply({ ...base, role: "coach" });
    expect(s.readOnly).toBe(false);
  });
});
