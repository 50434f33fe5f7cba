import { describe, expect, it } from "vitest";
import type { DraftSaved, NoteBody } from "$lib/ipc/bindings";
import { SUPERVISOR_READ_ONLY_MESSAGE } from "$lib/forms/errors";
import { NoteEditor } from "./note-editor.svelte";

const empty: NoteBody = { whatHappened: "", voice: "", analysis: "", actions: "" };

describe("NoteEditor", () => {
  it("saves every part with one edit id and reports the saved time", async () => {
    const calls: { sessionId: string; editId: string; note: NoteBody }[] = [];
    const editor = new NoteEditor("s1", empty, null, async (sessionId, editId, note) => {
      calls.push({ sessionId, editId, note });
      return { savedAt: "2025-03-04T21:04:13" } satisfies DraftSaved;
    });
    expect(editor.statusText).toBe("Saved as you type");
    editor.set("whatHappened", "We met at the café.");
    editor.set("voice", "I want to see my brother.");
    expect(editor.statusText).toBe("Saving…");
    expect(await editor.flush()).toBe(true);
    expect(editor.statusText).toBe("Saved 21:04:13");
    expect(calls.length).toBe(2);
    expect(new Set(calls.map((c) => c.editId)).size).toBe(1);
    expect(calls[0].sessionId).toBe("s1");
    expect(calls.at(-1)?.note).toEqual({ ...empty, whatHappened: "We met at the café.", voice: "I want to see my brother." });
  });

  it("keeps the text and says so when a save fails", async () => {
    const editor = new NoteEditor("s1", empty, "2025-03-04T20:00:00", async () => {
      throw { code: "damaged_store", message: "The store is damaged", field: null };
    });
    expect(editor.statusText).toBe("Saved 20:00:00");
    editor.set("analysis", "Seems calmer.");
    expect(await editor.flush()).toBe(false);
    expect(editor.failed).toBe(true);
    expect(editor.note.analysis).toBe("Seems calmer.");
    expect(editor.statusText).toContain("The store is damaged");
  });

  it("says why a supervisor's device saves nothing", async () => {
    const editor = new NoteEditor("s1", empty, null, async () => {
      throw { code: "supervisor_read_only", message: "this device belongs to a supervisor", field: null };
    });
    editor.set("whatHappened", "Typed on the wrong device.");
    expect(await editor.flush()).toBe(false);
    expect(editor.statusText).toBe(SUPERVISOR_READ_ONLY_MESSAGE);
  });

  it("makes a fresh edit id for each page visit", () => {
    const save = async () => ({ savedAt: "" });
    expect(new NoteEditor("s1", empty, null, save).editId).not.toBe(new NoteEditor("s1", empty, null, save).editId);
  });
});
