// The trip pack as the screen shows it: phone numbers as links a thumb can ring, consents not
// given yet picked out as warnings, and the young person's first name for the missing protocol.
import type { PackContact, TripPack } from "$lib/ipc/bindings";

/**
 * A `tel:` link for a phone number as typed ("0113 496 0000", "+44 (0)113 496 0000"), or null
 * when it has no digits. Keeps a leading "+", and drops the "(0)" written after a country code.
 */
export function telHref(phone: string): string | null {
  let text = phone.trim();
  const international = text.startsWith("+");
  if (international) text = text.replace(/\(0\)/g, "");
  const digits = text.replace(/\D/g, "");
  if (digits === "") return null;
  return `tel:${international ? "+" : ""}${digits}`;
}

/** The emergency services' number, shown first and largest. */
export function isEmergency(contact: PackContact): boolean {
  return contact.phone.replace(/\s/g, "") === "999";
}

/** A consent Rust writes as "NOT GIVEN YET…": the plan must not go ahead without it. */
export function consentNotGiven(value: string): boolean {
  return /^\s*not given yet\b/i.test(value);
}

/** The young person's first name, from the "Young person" line of the pack ("the young person" if none). */
export function firstName(pack: TripPack): string {
  const field = pack.about.find((f) => f.label.trim().toLowerCase() === "young person");
  const first = field?.value.trim().split(/\s+/)[0] ?? "";
  return first === "" ? "the young person" : first;
}

/** The tag a risk assessment's standing wears: green once signed off, yellow until then. */
export function riskTagClass(standing: string): string {
  return standing === "approved" ? "tag-finalised" : "tag-draft";
}
