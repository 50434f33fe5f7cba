import { describe, expect, it } from "vitest";
import { AutosaveQueue, type AutosaveStatus } from "./autosave";

/** A save function whose calls are resolved or rejected by the test, one by one. */
function controlledSave() {
  const calls: { value: string; resolve: (r: string) => void; reject: (e: unknown) => void }[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const save = (value: string) =>
    new Promise<string>((resolve, reject) => {
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      calls.push({
        value,
        resolve: (r) => {
          inFlight -= 1;
          resolve(r);
        },
        reject: (e) => {
          inFlight -= 1;
          reject(e);
        },
      });
    });
  return { calls, save, maxInFlight: () => maxInFlight, inFlight: () => inFlight };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe("AutosaveQueue", () => {
  it("sends the first change at once", async () => {
    const s = controlledSave();
    const q = new AutosaveQueue(s.save);
    q.push("a");
    expect(s.calls.map((c) => c.value)).toEqual(["a"]);
    expect(q.status.kind).toBe("saving");
    s.calls[0].resolve("21:04:13");
    await q.flush();
    expect(q.status).toEqual({ kind: "saved", result: "21:04:13" });
    expect(q.unsaved).toBe(false);
  });

  it("never has more than one save in flight and sends only the latest text afterwards", async () => {
    const s = controlledSave();
    const statuses: AutosaveStatus<string>[] = [];
    const q = new AutosaveQueue(s.save, (st) => statuses.push(st));
    q.push("h");
    q.push("he");
    q.push("hel");
    q.push("hell");
    expect(s.calls.length).toBe(1);
    expect(s.inFlight()).toBe(1);
    s.calls[0].resolve("1");
    await tick();
    // Only the latest text is sent once the first save finishes; "he" and "hel" are skipped.
    expect(s.calls.map((c) => c.value)).toEqual(["h", "hell"]);
    q.push("hello");
    expect(s.calls.length).toBe(2);
    s.calls[1].resolve("2");
    await tick();
    expect(s.calls.map((c) => c.value)).toEqual(["h", "hell", "hello"]);
    s.calls[2].resolve("3");
    expect(await q.flush()).toBe(true);
    expect(s.maxInFlight()).toBe(1);
    // "saved" is reported only when nothing newer is waiting.
    expect(statuses.filter((st) => st.kind === "saved")).toEqual([{ kind: "saved", result: "3" }]);
  });

  it("keeps the text after a failure and sends the latest on retry", async () => {
    const s = controlledSave();
    const q = new AutosaveQueue(s.save);
    q.push("draft one");
    s.calls[0].reject({ code: "locked", message: "The store is locked", field: null });
    await tick();
    expect(q.status).toEqual({
      kind: "failed",
      error: { code: "locked", message: "The store is locked", field: null, problems: [{ field: null, message: "The store is locked" }] },
    });
    expect(q.unsaved).toBe(true);
    expect(s.calls.length).toBe(1);
    q.retry();
    expect(s.calls.map((c) => c.value)).toEqual(["draft one", "draft one"]);
    s.calls[1].resolve("ok");
    expect(await q.flush()).toBe(true);
    expect(q.unsaved).toBe(false);
  });

  it("sends newer text typed during a failing save, not the failed one", async () => {
    const s = controlledSave();
    const q = new AutosaveQueue(s.save);
    q.push("old");
    q.push("newer");
    s.calls[0].reject({ code: "locked", message: "", field: null });
    await tick();
    expect(q.status.kind).toBe("failed");
    q.push("newest");
    expect(s.calls.map((c) => c.value)).toEqual(["old", "newest"]);
    s.calls[1].resolve("ok");
    expect(await q.flush()).toBe(true);
  });

  it("flush retries unsaved text and reports whether the latest text was saved", async () => {
    let fail = true;
    const sent: string[] = [];
    const q = new AutosaveQueue(async (v: string) => {
      sent.push(v);
      if (fail) throw { code: "damaged_store", message: "Damaged", field: null };
      return "saved";
    });
    q.push("x");
    expect(await q.flush()).toBe(false);
    fail = false;
    expect(await q.flush()).toBe(true);
    // One failed attempt, then exactly one retry by the second flush.
    expect(sent).toEqual(["x", "x"]);
    expect(q.status).toEqual({ kind: "saved", result: "saved" });
  });
});
