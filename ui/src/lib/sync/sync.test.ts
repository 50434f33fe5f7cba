import { describe, expect, it } from "vitest";
import type { SyncStatusView } from "$lib/ipc/bindings";
import { SyncState } from "./sync.svelte";

const base: SyncStatusView = {
  enrolled: true,
  service: "https://sync.example",
  role: "coach",
  deviceStatus: "approved",
  waiting: 0,
  lastSyncedMinutesAgo: 2,
  lastError: null,
  quarantined: 0,
  summary: "All changes synced 2 min ago",
};

describe("the sync line's tone", () => {
  it("follows what a coach needs to notice", () => {
    const s = new SyncState();
    expect(s.tone).toBe("off");
    s.apply(base);
    expect(s.tone).toBe("ok");
    s.apply({ ...base, waiting: 3 });
    expect(s.tone).toBe("waiting");
    s.apply({ ...base, deviceStatus: "pending" });
    expect(s.tone).toBe("waiting");
    s.apply({ ...base, lastError: "The service cannot be reached" });
    expect(s.tone).toBe("problem");
    s.apply({ ...base, quarantined: 1 });
    expect(s.tone).toBe("problem");
    s.apply({ ...base, enrolled: false });
    expect(s.tone).toBe("off");
  });
});
