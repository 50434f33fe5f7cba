import { describe, expect, it } from "vitest";
import type { FormErrors } from "./form-errors.svelte";
import { Saving } from "./saving.svelte";

/** Records what the form was told to show. */
function fakeErrors() {
  const seen: string[] = [];
  const errors = {
    show: (e: unknown) => seen.push(`refused:${String(e)}`),
    clear: () => seen.push("clear"),
  } as unknown as FormErrors;
  return { errors, seen };
}

describe("a form's save", () => {
  it("saves once while a save is running, and shows a refusal", async () => {
    const { errors, seen } = fakeErrors();
    const saving = new Saving(errors);
    let release: (v: string) => void = () => {};
    const first = saving.run(() => new Promise<string>((r) => (release = r)));
    expect(saving.busy).toBe(true);
    expect(await saving.run(async () => "second")).toBeNull();
    release("saved");
    expect(await first).toBe("saved");
    expect(saving.busy).toBe(false);
    expect(await saving.run(() => Promise.reject(new Error("no")))).toBeNull();
    expect(seen).toEqual(["clear", "refused:Error: no"]);
  });
});
