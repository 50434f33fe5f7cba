// Which of the team's numbers to show when raising a concern, and in what order.
import type { ContactView } from "$lib/ipc/bindings";

/** Roles a coach calls about a concern, most urgent first; others with a phone follow. */
const FIRST = ["emergency_duty_team", "social_worker", "safeguarding_lead", "placement_provider"];

export function callOrder(contacts: ContactView[]): ContactView[] {
  const rank = (c: ContactView) => {
    const i = FIRST.indexOf(c.role);
    return i === -1 ? FIRST.length : i;
  };
  return contacts
    .filter((c) => c.removedAt === null && c.phone.trim() !== "")
    .map((c, i) => ({ c, i }))
    .sort((a, b) => rank(a.c) - rank(b.c) || a.i - b.i)
    .map(({ c }) => c);
}
