import { describe, expect, it } from "vitest";
import type { SearchHit } from "$lib/ipc/bindings";
import { NoteSearch } from "./search.svelte";

const hit = (sessionId: string): SearchHit => ({
  sessionId,
  youngPersonId: "yp",
  youngPersonName: "Jay",
  sessionStart: "2025-03-04T18:00",
  snippet: "[x]",
  status: "draft",
});

describe("NoteSearch", () => {
  it("shows only the newest query's results when answers arrive out of order", async () => {
    const pending = new Map<string, (hits: SearchHit[]) => void>();
    const s = new NoteSearch((q) => new Promise((resolve) => pending.set(q, resolve)));
    s.query = "caf";
    const first = s.run();
    s.query = "café";
    const second = s.run();
    pending.get("café")?.([hit("new")]);
    await second;
    pending.get("caf")?.([hit("old")]);
    await first;
    expect(s.searched).toBe("café");
    expect(s.hits.map((h) => h.sessionId)).toEqual(["new"]);
    expect(s.busy).toBe(false);
  });

  it("clears results for an empty box without calling Rust", async () => {
    let calls = 0;
    const s = new NoteSearch(async () => {
      calls += 1;
      return [hit("a")];
    });
    s.query = "brother";
    await s.run();
    expect(s.hits.length).toBe(1);
    s.query = "   ";
    await s.run();
    expect(calls).toBe(1);
    expect(s.hits).toEqual([]);
    expect(s.searched).toBeNull();
  });

  it("keeps the error code to branch on", async () => {
    const s = new NoteSearch(async () => {
      throw { code: "damaged_store", message: "The store is damaged", field: null };
    });
    s.query = "x";
    await s.run();
    expect(s.error?.code).toBe("damaged_store");
  });
});
