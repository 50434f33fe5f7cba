// One form's save: never twice at once, what Rust refused shown next to its fields (every
// missing field at once: the rules are Rust's), and nothing typed cleared on an error.
import type { FormErrors } from "./form-errors.svelte";

export class Saving {
  busy = $state(false);
  readonly #errors: FormErrors;

  constructor(errors: FormErrors) {
    this.#errors = errors;
  }

  /**
   * Runs `action` unless a save is already running; returns what it returned, or null when it
   * did not run or was refused (the form then shows why).
   */
  async run<T>(action: () => Promise<T>): Promise<T | null> {
    if (this.busy) return null;
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
