// The residential form's state and how it becomes the command's input: one box per day of the
// stay (kept when the dates move), budget rows, and names one per line.
import type { BudgetLineInput, ConsentInput, ResidentialInput } from "$lib/ipc/bindings";
import { goingFields, goingInput, type GoingFields } from "$lib/forms/going";
import type { ErrorMapping } from "$lib/forms/errors";
import { href } from "$lib/links/links";

export type BudgetRow = BudgetLineInput & { key: number };

export type ResidentialForm = Omit<ResidentialInput, "going" | "itinerary" | "budget"> &
  GoingFields & {
  /**
   * The plan for each day of the stay, by its place in the stay (day 1, day 2…), so moving the
   * dates moves the plans with them. Plans past the last day are kept while typing, not sent.
   */
  plans: string[];
  budget: BudgetRow[];
};

export const emptyConsent = (): ConsentInput => ({ holder: "", givenBy: "", evidence: "", givenOn: "", expires: "", scope: "" });

export function emptyResidential(arrives: string, leaves: string): ResidentialForm {
  return {
    title: "",
    venue: "",
    address: "",
    venuePhone: "",
    arrives,
    leaves,
    youngPersonGoing: true,
    family: "",
    staff: "",
    plans: [],
    budget: [{ key: 0, item: "", planned: "", actual: "" }],
    dietary: "",
    medical: "",
    transport: "",
    consent: emptyConsent(),
  };
}

const isDate = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s);

/** The days of the stay, arrival to departure (at most 15), or none while the dates are unclear. */
export function stayDays(arrives: string, leaves: string): string[] {
  if (!isDate(arrives) || !isDate(leaves)) return [];
  const out: string[] = [];
  const day = new Date(`${arrives}T12:00:00Z`);
  const last = new Date(`${leaves}T12:00:00Z`);
  while (day <= last && out.length < 15) {
    out.push(day.toISOString().slice(0, 10));
    day.setUTCDate(day.getUTCDate() + 1);
  }
  return out;
}

/** "Fri 5 Dec" for a `YYYY-MM-DD`. */
export function dayLabel(day: string): string {
  return new Date(`${day}T12:00:00Z`).toLocaleDateString("en-GB", { weekday: "short", day: "numeric", month: "short", timeZone: "UTC" });
}

export function fromInput(input: ResidentialInput): ResidentialForm {
  const days = stayDays(input.arrives, input.leaves);
  const plans = days.map((day) => input.itinerary.find((d) => d.day === day)?.plan ?? "");
  const { going: _g, itinerary: _i, ...rest } = input;
  return {
    ...rest,
    ...goingFields(input.going),
    plans,
    budget: (input.budget.length > 0 ? input.budget : [{ item: "", planned: "", actual: "" }]).map((b, key) => ({ ...b, key })),
  };
}

export function toInput(form: ResidentialForm): ResidentialInput {
  const { youngPersonGoing: _y, family: _f, staff: _s, plans, budget, ...rest } = form;
  return {
    ...rest,
    going: goingInput(form),
    itinerary: stayDays(form.arrives, form.leaves).map((day, i) => ({ day, plan: plans[i] ?? "" })),
    budget: budget.map(({ item, planned, actual }) => ({ item, planned, actual })),
    consent: form.consent.holder === "" ? emptyConsent() : form.consent,
  };
}

/** Day plans typed for days the stay no longer has (after the dates were shortened). */
export function plansPastTheStay(form: ResidentialForm): string[] {
  return form.plans.slice(stayDays(form.arrives, form.leaves).length).filter((p) => p.trim() !== "");
}

export const residentialErrors: ErrorMapping = {
  targets: {
    title: "residential-title",
    venue: "residential-venue",
    address: "residential-address",
    venuePhone: "residential-venue-phone",
    arrives: "residential-arrives",
    leaves: "residential-leaves",
    going: "residential-staff",
    itinerary: "residential-itinerary",
    budget: "residential-budget",
    dietary: "residential-dietary",
    medical: "residential-medical",
    transport: "residential-transport",
    consentHolder: "residential-consent-holder",
    consentGivenBy: "residential-consent-given-by",
    consentEvidence: "residential-consent-evidence",
    consentGivenOn: "residential-consent-given-on",
    consentExpires: "residential-consent-expires",
    consentScope: "residential-consent-scope",
  },
};

/**
 * The days of a stay that have passed (before `today`, "YYYY-MM-DD") with no session recorded,
 * each with where recording it starts: its times default to 09:00–17:00 for the coach to change.
 */
export function daysToRecord(
  input: { arrives: string; leaves: string; title: string },
  recordedDays: string[],
  today: string,
  youngPersonId: string,
  residentialId: string,
): { day: string; number: number; href: string }[] {
  return stayDays(input.arrives, input.leaves)
    .map((day, i) => ({ day, number: i + 1 }))
    .filter(({ day }) => day < today && !recordedDays.includes(day))
    .map(({ day, number }) => ({
      day,
      number,
      href: href({
        to: "recordPlan",
        youngPersonId,
        kind: "residential",
        plan: residentialId,
        start: `${day}T09:00`,
        end: `${day}T17:00`,
        title: `${input.title}, day ${number}`,
      }),
    }));
}
