/**
 * The enrolment link a supervisor's device shows as a QR code, or an administrator hands over:
 * `insideout-coach://enrol?service=…&fingerprint=…&code=…` (the code is optional).
 * Scanned or pasted into the service address, it fills the enrolment form.
 */
export interface EnrolmentLink {
  service: string;
  fingerprint: string;
  code: string | null;
}

const PREFIX = "insideout-coach://enrol?";

/** The link's parts, or null when `text` is not an enrolment link. */
export function parseEnrolmentLink(text: string): EnrolmentLink | null {
  const trimmed = text.trim();
  if (!trimmed.startsWith(PREFIX)) return null;
  const params = new URLSearchParams(trimmed.slice(PREFIX.length));
  const service = params.get("service");
  const fingerprint = params.get("fingerprint");
  if (!service || !fingerprint) return null;
  return { service, fingerprint, code: params.get("code") };
}
