// The activity form's state and how it becomes the command's input.
import type { ActivityInput, ConsentInput } from "$lib/ipc/bindings";
import { goingFields, goingInput, type GoingFields } from "$lib/forms/going";
import type { ErrorMapping } from "$lib/forms/errors";

type ConsentKeys = "consentHolder" | "consentGivenBy" | "consentEvidence" | "consentGivenOn" | "consentExpires" | "consentScope";

export type ActivityForm = Omit<ActivityInput, "going" | ConsentKeys> & GoingFields & { consent: ConsentInput };

export function emptyActivity(start: string, end: string): ActivityForm {
  return {
    title: "",
    kind: "",
    adventure: "",
    providerName: "",
    insuranceChecked: false,
    safeguardingPolicyChecked: false,
    licenceNumber: "",
    licenceExpires: "",
    starts: start,
    ends: end,
    place: "",
    cost: "",
    transport: "",
    goals: [],
    consent: { holder: "", givenBy: "", evidence: "", givenOn: "", expires: "", scope: "" },
    youngPersonGoing: true,
    family: "",
    staff: "",
  };
}

export function fromInput(input: ActivityInput): ActivityForm {
  const { going, consentHolder, consentGivenBy, consentEvidence, consentGivenOn, consentExpires, consentScope, ...rest } = input;
  return {
    ...rest,
    ...goingFields(going),
    consent: { holder: consentHolder, givenBy: consentGivenBy, evidence: consentEvidence, givenOn: consentGivenOn, expires: consentExpires, scope: consentScope },
  };
}

export function toInput(form: ActivityForm): ActivityInput {
  const { youngPersonGoing: _y, family: _f, staff: _s, consent, ...rest } = form;
  const licenced = rest.adventure !== "";
  const given = consent.holder !== "";
  return {
    ...rest,
    licenceNumber: licenced ? rest.licenceNumber : "",
    licenceExpires: licenced ? rest.licenceExpires : "",
    going: goingInput(form),
    consentHolder: consent.holder,
    consentGivenBy: given ? consent.givenBy : "",
    consentEvidence: given ? consent.evidence : "",
    consentGivenOn: given ? consent.givenOn : "",
    consentExpires: given ? consent.expires : "",
    consentScope: given ? consent.scope : "",
  };
}

export const activityErrors: ErrorMapping = {
  targets: {
    title: "activity-title",
    kind: "activity-kind",
    adventure: "activity-adventure",
    providerName: "activity-provider",
    licenceNumber: "activity-licence-number",
    licenceExpires: "activity-licence-expires",
    starts: "activity-starts",
    ends: "activity-ends",
    place: "activity-place",
    cost: "activity-cost",
    transport: "activity-transport",
    going: "activity-staff",
    goals: "activity-goals",
    consentHolder: "activity-consent-holder",
    consentGivenBy: "activity-consent-given-by",
    consentEvidence: "activity-consent-evidence",
    consentGivenOn: "activity-consent-given-on",
    consentExpires: "activity-consent-expires",
    consentScope: "activity-consent-scope",
  },
  codeFields: { end_before_start: "ends" },
};
