// The 12-week hours chart: bar heights and the words a screen reader hears instead.
import type { WeekMinutes } from "$lib/ipc/bindings";
import { formatDuration, formatMinutes } from "$lib/format/hours";

export type Bar = { x: number; y: number; height: number; label: string; weekStarting: string; minutes: number };

/** The chart's scale: the target or the largest week, whichever is higher, plus headroom. */
export function scaleMax(weeks: WeekMinutes[], target: number): number {
  return Math.max(target, ...weeks.map((w) => w.minutes)) * 1.1;
}

/** Bars for a chart `width` × `height` (in the SVG's own units). */
export function bars(weeks: WeekMinutes[], target: number, width: number, height: number): Bar[] {
  const max = scaleMax(weeks, target);
  const step = width / Math.max(weeks.length, 1);
  return weeks.map((w, i) => {
    const h = max === 0 ? 0 : (w.minutes / max) * height;
    return {
      x: i * step + step * 0.15,
      y: height - h,
      height: h,
      label: formatMinutes(w.minutes),
      weekStarting: w.weekStarting,
      minutes: w.minutes,
    };
  });
}

/** One sentence that says what the chart shows. */
export function chartSummary(weeks: WeekMinutes[], target: number): string {
  if (weeks.length === 0) return "No weeks to show.";
  const average = weeks.reduce((s, w) => s + w.minutes, 0) / weeks.length;
  const met = weeks.filter((w) => w.minutes >= target).length;
  return `Last ${weeks.length} weeks: on average ${formatDuration(average)} a week; the ${formatMinutes(target)} target was met in ${met} of them.`;
}

/** Hour marks for the y-axis: every 5 hours (every hour below 5), up to the scale's top. */
export function hourTicks(maxMinutes: number): number[] {
  const hours = maxMinutes / 60;
  const step = hours <= 5 ? 1 : 5;
  const out: number[] = [];
  for (let h = 0; h <= hours; h += step) out.push(h * 60);
  return out;
}
