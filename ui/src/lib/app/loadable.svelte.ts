// Data a page loads from Rust: the value, the error, and whether a load is running.
import type { ErrorDto } from "$lib/ipc/bindings";
import { toErrorDto } from "$lib/forms/errors";

export class Loadable<T> {
  value = $state<T | null>(null);
  error = $state<ErrorDto | null>(null);
  loading = $state(false);
  #fetch: () => Promise<T>;
  #generation = 0;

  constructor(fetch: () => Promise<T>) {
    this.#fetch = fetch;
  }

  /** Loads (again). A slower, older load never overwrites a newer one. */
  async load(): Promise<void> {
    const generation = ++this.#generation;
    this.loading = true;
    try {
      const value = await this.#fetch();
      if (generation !== this.#generation) return;
      this.value = value;
      this.error = null;
    } catch (error) {
      if (generation !== this.#generation) return;
      this.error = toErrorDto(error);
    } finally {
      if (generation === this.#generation) this.loading = false;
    }
  }

  /** Takes a value a command returned (e.g. the updated detail after a save). */
  set(value: T): void {
    this.#generation += 1;
    this.value = value;
    this.error = null;
    this.loading = false;
  }
}
