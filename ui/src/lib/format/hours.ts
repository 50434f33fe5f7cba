// Hours of coaching, as a coach says them: "18 h 30", "25 h".

/** Formats whole minutes as hours and minutes: 1110 → "18 h 30", 1500 → "25 h", 5 → "0 h 05". */
export function formatMinutes(minutes: number): string {
  const whole = Math.max(0, Math.round(minutes));
  const hours = Math.floor(whole / 60);
  const rest = whole % 60;
  return rest === 0 ? `${hours} h` : `${hours} h ${String(rest).padStart(2, "0")}`;
}

/** "18 h 30 of 25 h this week". */
export function formatWeekHours(minutes: number, targetMinutes: number): string {
  return `${formatMinutes(minutes)} of ${formatMinutes(targetMinutes)} this week`;
}

/** A session's length in words for a list: 90 → "1 h 30", 45 → "45 min". */
export function formatDuration(minutes: number): string {
  const whole = Math.max(0, Math.round(minutes));
  return whole < 60 ? `${whole} min` : formatMinutes(whole);
}

/** Percentage of the target reached, clamped to 0–100 for a progress bar. */
export function percentOfTarget(minutes: number, targetMinutes: number): number {
  if (targetMinutes <= 0) return 0;
  return Math.min(100, Math.max(0, Math.round((minutes / targetMinutes) * 100)));
}
