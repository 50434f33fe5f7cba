// Searching all note text. Only the newest query's results are shown.
import { search, type ErrorDto, type SearchHit } from "$lib/ipc/bindings";
import { app } from "$lib/app/app.svelte";
import { toErrorDto } from "$lib/forms/errors";

export class NoteSearch {
  query = $state("");
  /** The query the shown results are for; null before the first search. */
  searched = $state<string | null>(null);
  hits = $state<SearchHit[]>([]);
  error = $state<ErrorDto | null>(null);
  busy = $state(false);
  #generation = 0;
  #search: (query: string) => Promise<SearchHit[]>;

  constructor(run: (query: string) => Promise<SearchHit[]> = search) {
    this.#search = run;
  }

  async run(): Promise<void> {
    const query = this.query.trim();
    const generation = ++this.#generation;
    if (query === "") {
      this.searched = null;
      this.hits = [];
      this.error = null;
      return;
    }
    this.busy = true;
    try {
      const hits = await this.#search(query);
      if (generation !== this.#generation) return;
      this.hits = hits;
      this.searched = query;
      this.error = null;
    } catch (error) {
      if (generation !== this.#generation) return;
      const dto = toErrorDto(error);
      if (dto.code === "locked") app.noteLocked();
      this.error = dto;
    } finally {
      if (generation === this.#generation) this.busy = false;
    }
  }
}
