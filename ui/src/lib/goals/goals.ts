// Goals and outcomes: form defaults, error mappings, and the points of a score chart.
import type { ErrorMapping } from "$lib/forms/errors";

export const goalErrors: ErrorMapping = {
  targets: { area: "goal-area", words: "goal-words", agreedOn: "goal-agreed-on", status: "goal-status" },
};

export const ratingErrors = (goalId: string): ErrorMapping => ({
  targets: {
    on: `rating-on-${goalId}`,
    youngPersonScore: `rating-yp-${goalId}`,
    coachScore: `rating-coach-${goalId}`,
    note: `rating-note-${goalId}`,
  },
});

export const checkErrors: ErrorMapping = {
  targets: {
    month: "check-month",
    eet: "check-eet",
    riskIndicators: "check-risks",
    wellbeing: "check-wellbeing",
    family: "check-family",
    note: "check-note",
  },
};

export const SCORES = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10"];

export type Series = { name: string; values: (number | null)[] };

/** Where each score sits in a `width` × `height` drawing from `min` to `max`; gaps are skipped. */
export function points(
  values: (number | null)[],
  width: number,
  height: number,
  min = 1,
  max = 10,
): { x: number; y: number; value: number }[] {
  const step = values.length > 1 ? width / (values.length - 1) : 0;
  const span = Math.max(max - min, 1);
  return values.flatMap((v, i) => (v === null ? [] : [{ x: Math.round(i * step), y: Math.round(height - ((v - min) / span) * height), value: v }]));
}

/** SVG points ("x,y x,y") for a series from `min` to `max` (1–10 scores by default) across `width` × `height`. */
export function polyline(values: (number | null)[], width: number, height: number, min = 1, max = 10): string {
  return points(values, width, height, min, max)
    .map((p) => `${p.x},${p.y}`)
    .join(" ");
}

/** One sentence for a score chart: first and latest score of each series. */
export function scoreSummary(series: Series[], what: string): string {
  const parts = series
    .map((s) => {
      const known = s.values.filter((v): v is number => v !== null);
      if (known.length === 0) return null;
      return known.length === 1
        ? `${s.name} ${known[0]}`
        : `${s.name} from ${known[0]} to ${known[known.length - 1]}`;
    })
    .filter((p) => p !== null);
  return parts.length === 0 ? `No ${what} yet.` : `${what[0].toUpperCase()}${what.slice(1)}: ${parts.join("; ")}.`;
}
