// One form's save: never twice at once, empty required fields shown all together before asking
// Rust, refusals shown next to their fields, and nothing typed cleared on an error.
import type { FormErrors } from "./form-errors.svelte";

export type Missing = { field: string; message: string };

export class Saving {
  busy = $state(false);
  readonly #errors: FormErrors;

  constructor(errors: FormErrors) {
    this.#errors = errors;
  }

  /**
   * Runs `action` unless a save is already running or `missing` lists empty fields; returns what
   * it returned, or null when it did not run or was refused (the form then shows why).
   */
  async run<T>(action: () => Promise<T>, missing: Missing[] = []): Promise<T | null> {
    if (this.busy) return null;
    if (missing.length > 0) {
      this.#errors.showFields(missing);
      return null;
    }
    this.busy = true;
    try {
      const result = await action();
      this.#errors.clear();
      return result;
    } catch (error) {
      this.#errors.show(error);
      return null;
    } finally {
      this.busy = false;
    }
  }
}
