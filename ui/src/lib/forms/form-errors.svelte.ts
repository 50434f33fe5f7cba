// The errors one form shows: the summary at the top and the messages next to fields.
import type { ErrorDto, Field } from "$lib/ipc/bindings";
import { mapError, toErrorDto, type ErrorMapping, type SummaryItem } from "./errors";

export class FormErrors {
  fieldErrors = $state<Partial<Record<Field, string>>>({});
  summary = $state<SummaryItem[]>([]);
  /** Goes up each time errors are shown, so the summary takes focus again on a repeat error. */
  shown = $state(0);
  readonly mapping: ErrorMapping;

  constructor(mapping: ErrorMapping) {
    this.mapping = mapping;
  }

  /** Shows what a rejected command said; returns it so callers can branch on `code`. */
  show(error: unknown): ErrorDto {
    const dto = toErrorDto(error);
    const mapped = mapError(dto, this.mapping);
    this.fieldErrors = mapped.fieldErrors;
    this.summary = mapped.summary;
    this.shown += 1;
    return dto;
  }

  /** Shows errors found in the UI itself (a field keyed as in the mapping's targets). */
  showFields(errors: { field: Field; message: string }[]): void {
    const fieldErrors: Partial<Record<Field, string>> = {};
    for (const e of errors) fieldErrors[e.field] = e.message;
    this.fieldErrors = fieldErrors;
    this.summary = errors.map((e) => ({ message: e.message, targetId: this.mapping.targets[e.field] ?? null }));
    this.shown += 1;
  }

  /**
   * The person changed the input with this element id: its field's error goes, from beside it
   * and from the summary (a date's Month field belongs to the date, a radio to its group).
   */
  fixed(elementId: string): void {
    const targets = Object.entries(this.mapping.targets) as [Field, string][];
    // The exact input, else the longest target it is part of ("concern-told-police-at" is the
    // time told the police, not the whole "concern-told" group).
    const hit = targets
      .filter(([, target]) => elementId === target || elementId.startsWith(`${target}-`))
      .sort((a, b) => b[1].length - a[1].length)[0];
    if (hit === undefined) return;
    const [field, target] = hit;
    if (this.fieldErrors[field] === undefined) return;
    const rest = { ...this.fieldErrors };
    delete rest[field];
    this.fieldErrors = rest;
    this.summary = this.summary.filter((item) => item.targetId !== target);
  }

  clear(): void {
    this.fieldErrors = {};
    this.summary = [];
  }

  get any(): boolean {
    return this.summary.length > 0;
  }

  /** The message next to one field, if it has one. */
  field(key: Field): string | undefined {
    return this.fieldErrors[key];
  }
}
