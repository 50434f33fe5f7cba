// The calendar's agenda as the page shows it: how each item's status looks, who and what it is
// in words, and ids that name the same item each time the same agenda is shown.
import type { AgendaDay, AgendaItem } from "$lib/ipc/bindings";
import { formatDate, toDateInput } from "$lib/format/dates";

/** How far ahead the calendar looks: eight weeks. */
export const AGENDA_DAYS = 56;

/** How far back the calendar looks for plans that happened and wait to be recorded. */
export const LOOK_BACK_DAYS = 14;

/** The first day the calendar asks for: two weeks before today on this device, "YYYY-MM-DD". */
export function agendaFrom(now: Date): string {
  const from = new Date(now);
  from.setDate(from.getDate() - LOOK_BACK_DAYS);
  return toDateInput(from);
}

/**
 * Splits what Rust sent into the plans that happened and still wait to be recorded (before
 * today, oldest first) and the agenda from today on.
 */
export function splitAgenda(days: AgendaDay[], today: string): { toRecord: AgendaDay[]; ahead: AgendaDay[] } {
  const toRecord = days
    .filter((d) => d.date < today)
    .map((d) => ({ ...d, items: d.items.filter((i) => itemStatus(i.status).look === "record") }))
    .filter((d) => d.items.length > 0);
  return { toRecord, ahead: days.filter((d) => d.date >= today) };
}

/**
 * How a status looks: `ready` a green tag, `not_ready` a warning, `record` a prompt to record
 * the plan as a session, `plain` text, `none` nothing (a recorded session has no status).
 */
export type StatusLook = "none" | "ready" | "not_ready" | "record" | "plain";

/** A status split for showing: the tag's word and the words after it. */
export type ItemStatus = { look: StatusLook; tag: string; detail: string };

/**
 * Reads the status Rust wrote ("Ready", "Not ready: no consent yet", "Happened? Record it as a
 * session", "Recorded as a session") into how it looks. The words themselves are always shown,
 * so nothing is told by colour alone.
 */
export function itemStatus(status: string): ItemStatus {
  const text = status.trim();
  if (text === "") return { look: "none", tag: "", detail: "" };
  if (/^not ready\b/i.test(text)) {
    const detail = text.slice("not ready".length).replace(/^\s*[:—–-]\s*/, "");
    return { look: "not_ready", tag: "Not ready", detail };
  }
  if (/^ready\b/i.test(text)) return { look: "ready", tag: "Ready", detail: text.slice("ready".length).replace(/^\s*[:—–-]\s*/, "") };
  if (/^happened\?/i.test(text)) return { look: "record", tag: "", detail: text };
  return { look: "plain", tag: "", detail: text };
}

/** Who and what the item is: "Activity with Sam", "Family residential with Sam", "Sam". */
export function withWhom(item: AgendaItem): string {
  switch (item.kind) {
    case "activity":
      return `Activity with ${item.youngPersonName}`;
    case "residential":
      return `Family residential with ${item.youngPersonName}`;
    case "planned":
      return `Planned session with ${item.youngPersonName}`;
    default:
      return item.youngPersonName;
  }
}

/** The time and the place, as one line: "10:00–15:00 · Leeds climbing wall". */
export function whenAndWhere(item: AgendaItem): string {
  return [item.time, item.place]
    .map((s) => s.trim())
    .filter((s) => s !== "")
    .join(" · ");
}

/**
 * The date under a day's heading when the label does not say it ("Today" → "6 December 2025");
 * empty when the label already has the date ("Sat 6 Dec").
 */
export function dayDate(day: AgendaDay): string {
  return /\d/.test(day.label) ? "" : formatDate(day.date);
}

export type NumberedItem = AgendaItem & { id: string };
export type NumberedDay = { date: string; label: string; items: NumberedItem[] };

/**
 * Gives each item its element id, `agenda-item-<kind>-<n>`, where n counts the items of that
 * kind from the start of the agenda (a three-day residential is three items, one a day).
 */
export function numberItems(days: AgendaDay[]): NumberedDay[] {
  const counts = new Map<string, number>();
  return days.map((day) => ({
    date: day.date,
    label: day.label,
    items: day.items.map((item) => {
      const kind = item.kind.replace(/[^a-z0-9_-]/gi, "") || "item";
      const n = counts.get(kind) ?? 0;
      counts.set(kind, n + 1);
      return { ...item, id: `agenda-item-${kind}-${n}` };
    }),
  }));
}
