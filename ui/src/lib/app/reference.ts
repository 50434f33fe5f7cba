// Labels for enum-like values always come from referenceData(); these helpers look them up.
import type { Choice } from "$lib/ipc/bindings";

/** The label for a value, or the value itself if Rust has no label for it. */
export function labelOf(choices: Choice[] | undefined, value: string | null): string {
  if (value === null || value === "") return "";
  return choices?.find((c) => c.value === value)?.label ?? value;
}

/** Labels for a set of values, in the reference data's order. */
export function labelsOf(choices: Choice[] | undefined, values: string[]): string[] {
  if (choices === undefined) return values;
  const known = choices.filter((c) => values.includes(c.value)).map((c) => c.label);
  const unknown = values.filter((v) => !choices.some((c) => c.value === v));
  return [...known, ...unknown];
}
