// Which of the team's numbers to show when raising a concern, and in what order.
import type { ContactRole, ContactView } from "$lib/ipc/bindings";

/** Roles a coach calls about a concern, most urgent first; others with a phone follow. */
const FIRST: ContactRole[] = ["supervisor", "on_call", "emergency_duty_team", "social_worker", "safeguarding_lead", "placement_provider"];

/** The numbers a coach should always have when raising a concern, with how to name each missing one. */
const EXPECTED: [ContactRole, string][] = [
  ["supervisor", "your supervisor"],
  ["on_call", "the on-call supervisor"],
  ["emergency_duty_team", "the emergency duty team"],
];

/** Who of `EXPECTED` has no phone number among `contacts`, named for a sentence. */
export function missingNumbers(contacts: ContactView[]): string[] {
  const have = new Set(callOrder(contacts).map((c) => c.role));
  return EXPECTED.filter(([role]) => !have.has(role)).map(([, name]) => name);
}

/** The first contact with a phone in `role`, if any. */
export function numberFor(contacts: ContactView[], role: ContactRole): ContactView | undefined {
  return callOrder(contacts).find((c) => c.role === role);
}

/** A `tel:` address for a phone number as typed. */
export const telHref = (phone: string) => `tel:${phone.replace(/[^\d+]/g, "")}`;

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
