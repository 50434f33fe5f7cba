// The risk assessment form's state and how it becomes the command's input: hazard rows, and a
// box for each risk specific to the young person that the coach ticks.
import type { RiskInput, StandingKind } from "$lib/ipc/bindings";
import type { ErrorMapping } from "$lib/forms/errors";

export type HazardRow = { key: number; hazard: string; controls: string };

export type RiskForm = {
  hazards: HazardRow[];
  /** The plan for each ticked personal risk, by its value. */
  personal: Record<string, { ticked: boolean; plan: string }>;
  staffing: string;
  emergencyPlan: string;
};

export function fromInput(input: RiskInput | null, risks: string[]): RiskForm {
  const personal: RiskForm["personal"] = {};
  for (const r of risks) personal[r] = { ticked: false, plan: "" };
  for (const p of input?.personal ?? []) personal[p.risk] = { ticked: true, plan: p.plan };
  const hazards = (input?.hazards ?? []).map((h, key) => ({ key, ...h }));
  return {
    hazards: hazards.length > 0 ? hazards : [{ key: 0, hazard: "", controls: "" }],
    personal,
    staffing: input?.staffing ?? "",
    emergencyPlan: input?.emergencyPlan ?? "",
  };
}

export function toInput(form: RiskForm): RiskInput {
  return {
    hazards: form.hazards.map(({ hazard, controls }) => ({ hazard, controls })),
    personal: Object.entries(form.personal)
      .filter(([, p]) => p.ticked)
      .map(([risk, p]) => ({ risk, plan: p.plan })),
    staffing: form.staffing,
    emergencyPlan: form.emergencyPlan,
  };
}

export const riskErrors: ErrorMapping = {
  targets: {
    hazards: "risk-hazard-0",
    personal: "risk-personal",
    staffing: "risk-staffing",
    emergencyPlan: "risk-emergency-plan",
  },
};

export const decisionErrors: ErrorMapping = {
  targets: { decision: "decision", comments: "decision-comments" },
};

/** The tag style for where an assessment stands. */
export function standingTag(standing: StandingKind): string {
  if (standing === "approved") return "tag-finalised";
  if (standing === "returned") return "tag-error";
  return "tag-draft";
}
