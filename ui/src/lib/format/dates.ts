// Dates travel as local "YYYY-MM-DD" and date-times as local "YYYY-MM-DDTHH:MM" (what the date
// and datetime-local inputs give). These helpers parse and show them without time-zone shifts.

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?/;

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

/** Parses "YYYY-MM-DD" as a local date, or null. */
export function parseDate(value: string): Date | null {
  const m = DATE.exec(value);
  if (m === null) return null;
  return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
}

const ZONED = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/i;

/**
 * Parses "YYYY-MM-DDTHH:MM[:SS]" as a local date-time, or null. A stamp with a zone (such as
 * RFC 3339 "2025-03-04T21:04:13Z", which saveDraft returns) is converted to local time.
 */
export function parseDateTime(value: string): Date | null {
  if (ZONED.test(value)) {
    const d = new Date(value);
    return Number.isNaN(d.getTime()) ? null : d;
  }
  const m = DATE_TIME.exec(value);
  if (m === null) return null;
  return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0));
}

/** The value a datetime-local input takes for a moment: "2025-03-04T21:04". */
export function toDateTimeInput(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** The value a date input takes for a day: "2025-03-04". */
export function toDateInput(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** Default times for a new session: ends now, started an hour earlier. */
export function defaultSessionTimes(now: Date): { start: string; end: string } {
  const start = new Date(now.getTime() - 60 * 60 * 1000);
  return { start: toDateTimeInput(start), end: toDateTimeInput(now) };
}

const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "Tue 4 Mar 2025", built by hand so it reads the same on every engine. */
function shortDay(d: Date): string {
  return `${WEEKDAYS[d.getDay()]} ${d.getDate()} ${MONTHS[d.getMonth()]} ${d.getFullYear()}`;
}

/** "Tue 4 Mar 2025": the weekday and the month in words, so no reader can take it the wrong way
 * round; the raw text if it is not a date. */
export function formatDate(value: string | null): string {
  if (value === null || value === "") return "";
  const d = parseDate(value) ?? parseDateTime(value);
  return d === null ? value : shortDay(d);
}

/** "Tue 4 Mar 2025, 21:04"; the raw text if it is not a date-time. */
export function formatDateTime(value: string | null): string {
  if (value === null || value === "") return "";
  const d = parseDateTime(value);
  if (d === null) return value;
  return `${shortDay(d)}, ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The local time of day in a timestamp, with seconds when it has them: "21:04:13". */
export function timeOfDay(value: string): string {
  if (ZONED.test(value)) {
    const d = parseDateTime(value);
    if (d !== null) return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  }
  const m = /T(\d{2}:\d{2}(?::\d{2})?)/.exec(value) ?? /^(\d{2}:\d{2}(?::\d{2})?)/.exec(value);
  return m === null ? value : m[1];
}

/** "21:04" for the end of a session on the same day as its start, else the full date-time. */
export function formatTimeRange(start: string, end: string): string {
  const s = parseDateTime(start);
  const e = parseDateTime(end);
  if (s === null || e === null) return `${start} to ${end}`;
  const sameDay = s.toDateString() === e.toDateString();
  return `${formatDateTime(start)} to ${sameDay ? `${pad(e.getHours())}:${pad(e.getMinutes())}` : formatDateTime(end)}`;
}

/**
 * The latest planned end for an intervention that starts on `start`: 18 months later (or
 * `months`), clamped to the end of a shorter month (31 Aug + 18 months → 28/29 Feb).
 */
export function addMonths(start: string, months: number): string | null {
  const d = parseDate(start);
  if (d === null) return null;
  const target = new Date(d.getFullYear(), d.getMonth() + months, 1);
  const lastDay = new Date(target.getFullYear(), target.getMonth() + 1, 0).getDate();
  target.setDate(Math.min(d.getDate(), lastDay));
  return toDateInput(target);
}

/** What a person types into a date's separate fields (GOV.UK's date input), and a time. */
export type DateParts = { day: string; month: string; year: string; time: string };

const STORED = /^(\d*)-(\d*)(?:-(\d*))?(?:T(.*))?$/;

/**
 * The parts of a stored value ("2025-03-27", "2025-03-27T18:30", or "2025-03" for a month), so a
 * form can show them in separate fields. Leading zeros are dropped from the day and month.
 */
export function splitDate(value: string): DateParts {
  const m = STORED.exec(value.trim());
  if (value.trim() === "" || m === null) return { day: "", month: "", year: "", time: "" };
  const unpad = (s: string | undefined) => (s === undefined ? "" : s.replace(/^0+(?=\d)/, ""));
  return { year: m[1], month: unpad(m[2]), day: unpad(m[3]), time: m[4] ?? "" };
}

/**
 * The value Rust reads from what was typed: "YYYY-MM-DD", with "THH:MM" when `withTime`; a month
 * when `monthOnly` ("YYYY-MM"). Empty when nothing was typed. Anything else typed is passed on
 * as it is, so Rust can say what is wrong with it rather than the form guessing.
 */
export function joinDate(p: DateParts, opts: { withTime?: boolean; monthOnly?: boolean } = {}): string {
  const day = p.day.trim();
  const month = p.month.trim();
  const year = p.year.trim();
  const time = p.time.trim();
  const typed = [month, year, opts.monthOnly ? "" : day, opts.withTime ? time : ""].some((s) => s !== "");
  if (!typed) return "";
  const two = (s: string) => (/^\d$/.test(s) ? `0${s}` : s);
  const date = opts.monthOnly ? `${year}-${two(month)}` : `${year}-${two(month)}-${two(day)}`;
  if (!opts.withTime) return date;
  const t = /^(\d{1,2})[:.]?(\d{2})$/.exec(time);
  return `${date}T${t === null ? time : `${two(t[1])}:${t[2]}`}`;
}
