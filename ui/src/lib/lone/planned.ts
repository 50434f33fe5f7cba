// Starting a planned session from the young person's page: what the button says, and the
// check-in filled in from the plan for the coach to check and save. Which plans can be started
// now is the app's rule (`startableSessions` on the young person's page).
import type { CheckInInput, PlannedSessionView } from "$lib/ipc/bindings";

/** "HH:MM" from a local "YYYY-MM-DDTHH:MM"; empty if it is not one. */
export function clock(local: string): string {
  const m = /T(\d{2}:\d{2})/.exec(local);
  return m === null ? "" : m[1];
}

/** What the button says: "Start this session (18:00–20:00, Leeds climbing wall)". */
export function startLabel(p: PlannedSessionView): string {
  const when = `${clock(p.input.starts)}–${clock(p.input.ends)}`;
  const place = p.input.place.trim();
  return `Start this session (${place === "" ? when : `${when}, ${place}`})`;
}

/**
 * The check-in filled in from the plan: with the young person (by the name they go by), in the
 * plan's place, until the plan's end as a time of day. The coach checks it before saving.
 */
export function checkInPrefill(p: PlannedSessionView, name: string): CheckInInput {
  return { withWhom: name, area: p.input.place.trim(), expectedEnd: clock(p.input.ends) };
}
