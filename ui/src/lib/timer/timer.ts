// The session timer's words and the link that stops it into a recorded session.
import { formatDateTime, parseDateTime, toDateTimeInput, timeOfDay } from "$lib/format/dates";
import { formatMinutes } from "$lib/format/hours";

/** Whole minutes from a local start ("2026-11-30T18:02") to `now`; 0 if the start is unreadable. */
export function elapsedMinutes(startedAt: string, now: Date): number {
  const start = parseDateTime(startedAt);
  if (start === null) return 0;
  return Math.max(0, Math.floor((now.getTime() - start.getTime()) / 60000));
}

/**
 * "Running since 18:02 · 1 h 12" (or "· 4 min" under an hour); after 12 hours the day is named,
 * so a timer left on overnight stands out.
 */
export function runningText(startedAt: string, now: Date): string {
  const minutes = elapsedMinutes(startedAt, now);
  const length = minutes < 60 ? `${minutes} min` : formatMinutes(minutes);
  const since = minutes >= 12 * 60 ? formatDateTime(startedAt) : timeOfDay(startedAt);
  return `Running since ${since} · ${length}`;
}

/** The record page, with the timer's start and now as the session's times. */
export function stopHref(youngPersonId: string, startedAt: string, now: Date): string {
  const q = new URLSearchParams({ start: startedAt, end: toDateTimeInput(now), timer: "1" });
  return `/young-people/${youngPersonId}/record?${q.toString()}`;
}
