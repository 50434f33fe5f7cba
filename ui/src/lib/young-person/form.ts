// The add/edit young person form's values and how its errors map onto its fields.
import type { ErrorMapping } from "$lib/forms/errors";
import type { YoungPersonDetail, YoungPersonInput } from "$lib/ipc/bindings";

export function emptyYoungPerson(): YoungPersonInput {
  return {
    preferredName: "",
    dateOfBirth: "",
    localAuthority: "",
    legalStatus: "",
    send: false,
    sendDetails: "",
    referralCriteria: [],
    riskIndicators: [],
    referralDate: "",
    startDate: "",
    plannedEndDate: "",
  };
}

export function inputFromDetail(detail: YoungPersonDetail): YoungPersonInput {
  const { profile, intervention } = detail;
  return {
    preferredName: profile.preferredName,
    dateOfBirth: profile.dateOfBirth,
    localAuthority: profile.localAuthority,
    legalStatus: profile.legalStatus,
    send: profile.send,
    sendDetails: profile.sendDetails,
    referralCriteria: [...profile.referralCriteria],
    riskIndicators: [...profile.riskIndicators],
    referralDate: intervention.referralDate,
    startDate: intervention.startDate,
    plannedEndDate: intervention.plannedEndDate,
  };
}

export const youngPersonErrors: ErrorMapping = {
  targets: {
    preferredName: "preferred-name",
    dateOfBirth: "date-of-birth",
    localAuthority: "local-authority",
    legalStatus: "legal-status",
    sendDetails: "send-details",
    referralCriteria: "referral-criteria",
    riskIndicators: "risk-indicators",
    referralDate: "referral-date",
    startDate: "start-date",
    plannedEndDate: "planned-end-date",
  },
  codeFields: { end_before_start: "plannedEndDate" },
};
