import { describe, expect, it, vi } from "vitest";
import { invoke, onError } from "./invoke";

const { tauriInvoke } = vi.hoisted(() => ({ tauriInvoke: vi.fn() }));
vi.mock("@tauri-apps/api/core", () => ({ invoke: tauriInvoke }));

function mockIPC(answer: (cmd: string, args?: Record<string, unknown>) => unknown): void {
  tauriInvoke.mockImplementation(async (cmd: string, args?: Record<string, unknown>) => answer(cmd, args));
}

describe("invoke", () => {
  it("tells every handler of the code, once per failure, and still rejects with the error", async () => {
    mockIPC(() => {
      throw { code: "locked", message: "the app is locked", field: null };
    });
    const locked = vi.fn();
    const readOnly = vi.fn();
    const offLocked = onError("locked", locked);
    const offReadOnly = onError("supervisor_read_only", readOnly);
    await expect(invoke("caseload")).rejects.toEqual({ code: "locked", message: "the app is locked", field: null, problems: [{ field: null, message: "the app is locked" }] });
    expect(locked).toHaveBeenCalledTimes(1);
    expect(readOnly).not.toHaveBeenCalled();
    offLocked();
    await expect(invoke("caseload")).rejects.toMatchObject({ code: "locked" });
    expect(locked).toHaveBeenCalledTimes(1);
    offReadOnly();
  });

  it("turns a plain message into an unexpected error", async () => {
    mockIPC(() => {
      throw "the window went away";
    });
    await expect(invoke("caseload")).rejects.toEqual({ code: "unexpected", message: "the window went away", field: null, problems: [{ field: null, message: "the window went away" }] });
  });

  it("passes the answer through", async () => {
    mockIPC((cmd, args) => ({ cmd, args }));
    expect(await invoke("young_person", { id: "y1" })).toEqual({ cmd: "young_person", args: { id: "y1" } });
  });
});
