//! The risk assessment of a plan (an adventurous activity or a family residential) and the
//! supervisor's sign-off.
//!
//! A sign-off approves exactly the assessment the supervisor read: it carries a copy, and it
//! counts only while the current assessment is the same. An assessment changed after approval —
//! on this device, or on another one before the approval arrived — needs signing off again.

use crate::Field;
use crate::choices;
use crate::error::{DomainError, DomainResult};
use crate::ids::{ActivityId, PlannedSessionId, ResidentialId};
use crate::text::{Line, optional_text};
use serde::{Deserialize, Serialize};

/// The plan an assessment belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum PlanRef {
    Activity(ActivityId),
    Residential(ResidentialId),
    /// A planned session (no risk assessment of its own).
    Session(PlannedSessionId),
}

impl PlanRef {
    /// The plan's id, as text (the two kinds never share an id: both are UUIDv7).
    pub fn id(&self) -> String {
        match self {
            Self::Activity(id) => id.to_string(),
            Self::Residential(id) => id.to_string(),
            Self::Session(id) => id.to_string(),
        }
    }

    /// "activity", "residential" or "session".
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Activity(_) => "activity",
            Self::Residential(_) => "residential",
            Self::Session(_) => "session",
        }
    }
}

choices!(
    /// Risks specific to this young person that the plan must manage.
    PersonalRisk {
        Missing = "missing": "Going missing",
        Exploitation = "exploitation": "Exploitation (criminal or sexual)",
        SelfHarm = "self_harm": "Self-harm",
        Substances = "substances": "Alcohol and drugs",
    }
);

/// A hazard of the activity or the place, and how it is controlled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hazard {
    pub hazard: Line,
    pub controls: String,
}

/// A risk specific to the young person and how the plan manages it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManagedRisk {
    pub risk: PersonalRisk,
    pub plan: String,
}

/// A risk assessment.
///
/// Invariant: at least one hazard, each with its controls; each personal risk at most once and
/// with how it is managed; staffing and an emergency plan are written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RiskAssessment {
    pub hazards: Vec<Hazard>,
    pub personal: Vec<ManagedRisk>,
    /// Who is staffing it, and the ratio.
    pub staffing: String,
    /// What happens in an emergency: who calls whom, the nearest hospital, the meeting point.
    pub emergency_plan: String,
}

impl RiskAssessment {
    /// Checks the raw parts: `hazards` as (hazard, controls), `personal` as (risk, plan).
    pub fn new(
        hazards: Vec<(String, String)>,
        personal: Vec<(PersonalRisk, String)>,
        staffing: &str,
        emergency_plan: &str,
    ) -> DomainResult<Self> {
        let hazards = hazards
            .into_iter()
            .filter(|(h, c)| !(h.trim().is_empty() && c.trim().is_empty()))
            .map(|(h, c)| {
                let hazard = Line::parse(Field::Hazards, "each hazard", &h)?;
                let controls = optional_text(Field::Hazards, "the controls", &c, 2_000)?;
                if controls.is_empty() {
                    return Err(DomainError::invalid(
                        Field::Hazards,
                        format!("say how “{}” is controlled", hazard.as_str()),
                    ));
                }
                Ok(Hazard { hazard, controls })
            })
            .collect::<DomainResult<Vec<_>>>()?;
        if hazards.is_empty() {
            return Err(DomainError::invalid(
                Field::Hazards,
                "list at least one hazard and how it is controlled",
            ));
        }
        let mut seen = Vec::new();
        let personal = personal
            .into_iter()
            .map(|(risk, plan)| {
                use crate::choice::Choice;
                if seen.contains(&risk) {
                    return Err(DomainError::invalid(
                        Field::Personal,
                        format!("“{}” is listed twice — list each risk once", risk.label()),
                    ));
                }
                seen.push(risk);
                let plan = optional_text(Field::Personal, "the plan", &plan, 2_000)?;
                if plan.is_empty() {
                    return Err(DomainError::invalid(
                        Field::Personal,
                        format!(
                            "say how the risk of {} is managed",
                            risk.label().to_lowercase()
                        ),
                    ));
                }
                Ok(ManagedRisk { risk, plan })
            })
            .collect::<DomainResult<Vec<_>>>()?;
        let staffing = optional_text(Field::Staffing, "the staffing", staffing, 1_000)?;
        if staffing.is_empty() {
            return Err(DomainError::invalid(
                Field::Staffing,
                "enter who is staffing it, and the ratio",
            ));
        }
        let emergency_plan = optional_text(
            Field::EmergencyPlan,
            "the emergency plan",
            emergency_plan,
            4_000,
        )?;
        if emergency_plan.is_empty() {
            return Err(DomainError::invalid(
                Field::EmergencyPlan,
                "enter the emergency plan: who calls whom, the nearest hospital",
            ));
        }
        Ok(Self {
            hazards,
            personal,
            staffing,
            emergency_plan,
        })
    }

    /// How the plan manages one personal risk, if it is one.
    pub fn managing(&self, risk: PersonalRisk) -> Option<&str> {
        self.personal
            .iter()
            .find(|m| m.risk == risk)
            .map(|m| m.plan.as_str())
    }
}

choices!(
    /// A supervisor's decision on a risk assessment.
    Decision {
        Approved = "approved": "Approved",
        Returned = "returned": "Returned with comments",
    }
);

/// A supervisor's decision on the assessment they read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignOff {
    pub decision: Decision,
    pub comments: String,
    /// The supervisor, by the name on their device.
    pub by: Line,
    /// The assessment they read.
    pub assessment: RiskAssessment,
    /// The plan they read, as [`plan_text`] gives it.
    #[serde(default)]
    pub plan: String,
}

/// A residential as a sign-off compares it: everything but the budget (spending it does not
/// change what was approved).
pub fn residential_text(r: &crate::residential::Residential) -> String {
    let mut r = r.clone();
    r.budget.clear();
    serde_json::to_string(&r).unwrap_or_default()
}

/// An activity as a sign-off compares it.
pub fn activity_text(a: &crate::activity::Activity) -> String {
    serde_json::to_string(a).unwrap_or_default()
}

impl SignOff {
    /// Returning needs comments that say what to change.
    pub fn new(
        decision: Decision,
        comments: &str,
        by: Line,
        assessment: RiskAssessment,
        plan: String,
    ) -> DomainResult<Self> {
        let comments = optional_text(Field::Comments, "the comments", comments, 4_000)?;
        if decision == Decision::Returned && comments.is_empty() {
            return Err(DomainError::invalid(
                Field::Comments,
                "say what the coach should change before you sign it off",
            ));
        }
        Ok(Self {
            decision,
            comments,
            by,
            assessment,
            plan,
        })
    }
}

/// Where a plan's risk assessment stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Standing {
    /// None written yet.
    Missing,
    /// Written, not sent for sign-off (or changed since it was).
    Draft { changed_since_sign_off: bool },
    /// Sent; no decision on this version yet.
    Awaiting,
    /// The supervisor approved this version.
    Approved { by: String },
    /// The supervisor returned this version with comments.
    Returned { by: String, comments: String },
}

impl Standing {
    /// From the current assessment (and whether its latest save asked for sign-off), the plan
    /// as it is now ([`plan_text`]), and the latest decision (and whether it came after the
    /// assessment's latest save, by the op clock). A decision counts only for the assessment
    /// and the plan it was made on.
    pub fn of(
        current: Option<(&RiskAssessment, bool)>,
        plan_now: &str,
        latest: Option<(&SignOff, bool)>,
    ) -> Self {
        let Some((assessment, requested)) = current else {
            return Self::Missing;
        };
        let read = |s: &SignOff| s.assessment == *assessment && s.plan == plan_now;
        match latest {
            Some((s, _)) if read(s) && s.decision == Decision::Approved => Self::Approved {
                by: s.by.as_str().to_owned(),
            },
            Some((s, decided_after)) if read(s) => {
                if requested && !decided_after {
                    Self::Awaiting
                } else {
                    Self::Returned {
                        by: s.by.as_str().to_owned(),
                        comments: s.comments.clone(),
                    }
                }
            }
            _ if requested => Self::Awaiting,
            latest => Self::Draft {
                changed_since_sign_off: latest.is_some(),
            },
        }
    }

    /// The checklist's words when the plan is not yet signed off; `None` when it is.
    pub fn gap(&self) -> Option<String> {
        match self {
            Self::Missing => Some("No risk assessment yet".to_owned()),
            Self::Draft {
                changed_since_sign_off: false,
            } => Some("The risk assessment has not been sent for sign-off".to_owned()),
            Self::Draft {
                changed_since_sign_off: true,
            } => Some(
                "The risk assessment changed after the supervisor's decision: send it again"
                    .to_owned(),
            ),
            Self::Awaiting => Some("Waiting for the supervisor's sign-off".to_owned()),
            Self::Returned { by, comments } => Some(format!("Returned by {by}: “{comments}”")),
            Self::Approved { .. } => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assessment(staffing: &str) -> RiskAssessment {
        RiskAssessment::new(
            vec![(
                "Deep water at the lake".into(),
                "Buoyancy aids; instructor in the water".into(),
            )],
            vec![(
                PersonalRisk::Missing,
                "Checks every hour; photo in the trip pack".into(),
            )],
            staffing,
            "Coach calls 999, then the home. Ipswich Hospital is 20 minutes away.",
        )
        .unwrap()
    }

    fn sign(decision: Decision, a: &RiskAssessment) -> SignOff {
        SignOff::new(
            decision,
            if decision == Decision::Returned {
                "Add the evening plan"
            } else {
                ""
            },
            Line::parse(Field::By, "name", "Sam Okafor").unwrap(),
            a.clone(),
            PLAN.to_owned(),
        )
        .unwrap()
    }

    const PLAN: &str = "{\"venue\":\"Brandon Lodge\"}";

    #[test]
    fn an_approval_counts_only_for_the_version_the_supervisor_read() {
        let v1 = assessment("Two staff, 1:2");
        let v2 = assessment("Three staff, 1:1");
        assert_eq!(Standing::of(None, PLAN, None), Standing::Missing);
        assert_eq!(
            Standing::of(Some((&v1, false)), PLAN, None),
            Standing::Draft {
                changed_since_sign_off: false
            }
        );
        assert_eq!(
            Standing::of(Some((&v1, true)), PLAN, None),
            Standing::Awaiting
        );
        let approved = sign(Decision::Approved, &v1);
        assert!(
            Standing::of(Some((&v1, true)), PLAN, Some((&approved, true)))
                .gap()
                .is_none()
        );
        // Changed after approval, or approved an older version: not approved.
        assert_eq!(
            Standing::of(Some((&v2, false)), PLAN, Some((&approved, false))),
            Standing::Draft {
                changed_since_sign_off: true
            }
        );
        assert_eq!(
            Standing::of(Some((&v2, true)), PLAN, Some((&approved, false))),
            Standing::Awaiting
        );
        let returned = sign(Decision::Returned, &v1);
        assert_eq!(
            Standing::of(Some((&v1, true)), PLAN, Some((&returned, true)))
                .gap()
                .unwrap(),
            "Returned by Sam Okafor: “Add the evening plan”"
        );
        // The plan changed after the approval (another venue): not approved any more.
        assert_eq!(
            Standing::of(
                Some((&v1, true)),
                "{\"venue\":\"Clacton\"}",
                Some((&approved, true))
            ),
            Standing::Awaiting
        );
        // Sent again unchanged after the return: waiting again.
        assert_eq!(
            Standing::of(Some((&v1, true)), PLAN, Some((&returned, false))),
            Standing::Awaiting
        );
    }

    #[test]
    fn an_assessment_needs_hazards_with_controls_staffing_and_a_plan() {
        let field = |r: DomainResult<RiskAssessment>| r.unwrap_err().field();
        let hazard = || vec![("Traffic".to_owned(), "Walk in pairs".to_owned())];
        assert_eq!(
            field(RiskAssessment::new(vec![], vec![], "Two", "Call 999")),
            Some(Field::Hazards)
        );
        assert_eq!(
            field(RiskAssessment::new(
                vec![("Traffic".into(), " ".into())],
                vec![],
                "Two",
                "Call 999"
            )),
            Some(Field::Hazards)
        );
        assert_eq!(
            field(RiskAssessment::new(
                hazard(),
                vec![
                    (PersonalRisk::SelfHarm, "Plan A".into()),
                    (PersonalRisk::SelfHarm, "Plan B".into())
                ],
                "Two",
                "Call 999"
            )),
            Some(Field::Personal)
        );
        assert_eq!(
            field(RiskAssessment::new(
                hazard(),
                vec![(PersonalRisk::Substances, "".into())],
                "Two",
                "Call 999"
            )),
            Some(Field::Personal)
        );
        assert_eq!(
            field(RiskAssessment::new(hazard(), vec![], " ", "Call 999")),
            Some(Field::Staffing)
        );
        assert_eq!(
            field(RiskAssessment::new(hazard(), vec![], "Two", "")),
            Some(Field::EmergencyPlan)
        );
        // Blank rows left in the form are dropped, not refused.
        let ok = RiskAssessment::new(
            vec![hazard()[0].clone(), (String::new(), String::new())],
            vec![],
            "Two",
            "Call 999",
        )
        .unwrap();
        assert_eq!(ok.hazards.len(), 1);
        assert!(
            SignOff::new(
                Decision::Returned,
                " ",
                Line::parse(Field::By, "n", "Sam").unwrap(),
                ok,
                String::new()
            )
            .is_err()
        );
    }
}
