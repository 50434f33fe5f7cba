import { describe, expect, it, vi } from "vitest";
import type { SyncStatusView } from "$lib/ipc/bindings";

// "Sync now" answers only when the test says so.
let answer: (status: SyncStatusView) => void = () => {};
vi.mock("$lib/ipc/bindings", () => ({
  syncNow: () => new Promise<SyncStatusView>((resolve) => (answer = resolve)),
  syncStatus: () => new Promise<SyncStatusView>((resolve) => (answer = resolve)),
}));
const { SyncState } = await import("./sync.svelte");
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

describe("answers and events", () => {
  it("keeps an event that arrives while an older answer is on its way", async () => {
    const s = new SyncState();
    s.apply({ ...base, summary: "before" });
    const pressed = s.now();
    // The attempt "Sync now" started ends first: its event brings the approval.
    s.apply({ ...base, summary: "after the attempt", approvalCode: "ABCD-1234" });
    answer({ ...base, summary: "as it stood when asked" });
    await pressed;
    expect(s.status?.summary).toBe("after the attempt");
    expect(s.status?.approvalCode).toBe("ABCD-1234");
  });

  it("shows the answer when nothing newer came", async () => {
    const s = new SyncState();
    s.apply({ ...base, summary: "before" });
    const asked = s.refresh();
    answer({ ...base, summary: "now" });
    await asked;
    expect(s.status?.summary).toBe("now");
  });
});
