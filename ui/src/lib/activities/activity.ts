// The activity form's state and how it becomes the command's input.
import type { ActivityInput, GoingInput } from "$lib/ipc/bindings";
import type { ErrorMapping } from "$lib/forms/errors";
import type { Missing } from "$lib/forms/saving.svelte";

export type ActivityForm = Omit<ActivityInput, "going"> & {
  youngPersonGoing: boolean;
  /** One name a line. */
  family: string;
  staff: string;
};

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
    consentHolder: "",
    consentGivenBy: "",
    consentEvidence: "",
    consentGivenOn: "",
    consentExpires: "",
    consentScope: "",
    youngPersonGoing: true,
    family: "",
    staff: "",
  };
}

const names = (text: string) =>
  text
    .split("\n")
    .map((n) => n.trim())
    .filter((n) => n !== "");

export function fromInput(input: ActivityInput): ActivityForm {
  const of = (who: string) => input.going.filter((g) => g.who === who).map((g) => g.name);
  return {
    ...input,
    youngPersonGoing: input.going.some((g) => g.who === "young_person"),
    family: of("family_member").join("\n"),
    staff: of("staff").join("\n"),
  };
}

export function toInput(form: ActivityForm): ActivityInput {
  const going: GoingInput[] = [];
  if (form.youngPersonGoing) going.push({ who: "young_person", name: "" });
  for (const name of names(form.family)) going.push({ who: "family_member", name });
  for (const name of names(form.staff)) going.push({ who: "staff", name });
  const { youngPersonGoing: _y, family: _f, staff: _s, ...rest } = form;
  const licenced = rest.adventure !== "";
  return {
    ...rest,
    licenceNumber: licenced ? rest.licenceNumber : "",
    licenceExpires: licenced ? rest.licenceExpires : "",
    going,
  };
}

export function missingFields(form: ActivityForm): Missing[] {
  const out: Missing[] = [];
  if (form.title.trim() === "") out.push({ field: "title", message: "Enter what the activity is" });
  if (form.kind === "") out.push({ field: "kind", message: "Choose what kind of activity it is" });
  if (form.providerName.trim() === "") out.push({ field: "providerName", message: "Enter who runs it" });
  if (form.starts.trim() === "") out.push({ field: "starts", message: "Enter when it starts" });
  if (form.ends.trim() === "") out.push({ field: "ends", message: "Enter when it ends" });
  if (form.consentHolder !== "") {
    if (form.consentEvidence.trim() === "") out.push({ field: "consentEvidence", message: "Enter how the consent was given" });
    if (form.consentGivenOn.trim() === "") out.push({ field: "consentGivenOn", message: "Enter when the consent was given" });
  }
  return out;
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
