//! A safeguarding concern: what was seen or said, how urgent it is, and who was told. Concerns
//! travel before everything else (`OpBody::is_safeguarding`) and head the supervisor's updates.

use crate::Field;
use crate::choice::Choice;
use crate::choices;
use crate::error::{DomainError, DomainResult};
use crate::text::optional_text;
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

choices!(
    /// What the concern is about.
    ConcernCategory {
        Abuse = "abuse": "Abuse or neglect",
        Exploitation = "exploitation": "Sexual or criminal exploitation",
        SelfHarm = "self_harm": "Self-harm or suicidal thoughts",
        Missing = "missing": "Going missing",
        Violence = "violence": "Violence or serious youth violence",
        Substances = "substances": "Drugs or alcohol",
        Online = "online": "Online harm",
        Other = "other": "Something else",
    }
);

choices!(
    /// How soon someone must act.
    Urgency {
        Immediate = "immediate": "Immediate danger — act now",
        Today = "today": "Someone must act today",
        ThisWeek = "this_week": "Within the week",
    }
);

choices!(
    /// Who a concern is passed to.
    ToldRole {
        SocialWorker = "social_worker": "Social worker",
        EmergencyDutyTeam = "emergency_duty_team": "Emergency duty team",
        Police = "police": "Police",
        SafeguardingLead = "safeguarding_lead": "Designated safeguarding lead",
    }
);

impl ToldRole {
    /// The input field for the time this role was told, so an error sits next to its field.
    pub fn field(self) -> crate::Field {
        match self {
            Self::SocialWorker => crate::Field::ToldSocialWorker,
            Self::EmergencyDutyTeam => crate::Field::ToldEmergencyDutyTeam,
            Self::Police => crate::Field::ToldPolice,
            Self::SafeguardingLead => crate::Field::ToldSafeguardingLead,
        }
    }
}

choices!(
    /// A supervisor's management decision on a concern.
    ConcernDecision {
        Referral = "referral": "Referral to the local authority's children's services",
        StrategyDiscussion = "strategy_discussion": "Strategy discussion",
        Police = "police": "Passed to the police",
        NoFurtherAction = "no_further_action": "No further action",
    }
);

/// One step in a concern's handling after it is raised. Steps are only ever added, never
/// changed: a concern's state is read from all of them ([`ConcernState::of`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum ConcernStep {
    /// What the coach did or learnt since.
    FollowUp { text: String },
    /// A supervisor has read the concern.
    Acknowledged,
    /// The supervisor's management decision, and why.
    Decided {
        decision: ConcernDecision,
        reason: String,
    },
    /// What came of it. The concern leaves the open list.
    Closed { outcome: String },
}

impl ConcernStep {
    /// A follow-up: what was done or learnt, not empty.
    pub fn follow_up(text: &str) -> DomainResult<Self> {
        let text = optional_text(Field::Text, "the follow-up", text, 5_000)?;
        if text.is_empty() {
            return Err(DomainError::invalid(
                Field::Text,
                "write what was done or learnt since the concern was raised",
            ));
        }
        Ok(Self::FollowUp { text })
    }

    /// A decision. No further action needs its reason written down; the others may have one.
    pub fn decided(decision: ConcernDecision, reason: &str) -> DomainResult<Self> {
        let reason = optional_text(Field::Reason, "the reason", reason, 5_000)?;
        if decision == ConcernDecision::NoFurtherAction && reason.is_empty() {
            return Err(DomainError::invalid(
                Field::Reason,
                "write why no further action is needed: it is read if the concern comes back",
            ));
        }
        Ok(Self::Decided { decision, reason })
    }

    /// The closure, with its outcome.
    pub fn closed(outcome: &str) -> DomainResult<Self> {
        let outcome = optional_text(Field::Outcome, "the outcome", outcome, 5_000)?;
        if outcome.is_empty() {
            return Err(DomainError::invalid(
                Field::Outcome,
                "write what came of the concern before closing it",
            ));
        }
        Ok(Self::Closed { outcome })
    }

    /// Whether only a supervisor may take this step: a coach adds follow-ups, a supervisor
    /// acknowledges, decides and closes.
    pub fn supervisor_only(&self) -> bool {
        !matches!(self, Self::FollowUp { .. })
    }

    /// A short stable name of the step.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::FollowUp { .. } => "follow_up",
            Self::Acknowledged => "acknowledged",
            Self::Decided { .. } => "decided",
            Self::Closed { .. } => "closed",
        }
    }
}

/// Where a concern stands, read from its steps; ordered from open to closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ConcernState {
    /// Raised, and no supervisor has acknowledged it.
    Open,
    /// A supervisor has read it; no decision yet.
    Acknowledged,
    /// A decision is recorded; not closed.
    Decided,
    /// Closed with an outcome.
    Closed,
}

impl ConcernState {
    /// The state given by `steps`, whatever their order: closed once any closure is there,
    /// else decided once any decision is, else acknowledged once anyone has.
    pub fn of<'a>(steps: impl IntoIterator<Item = &'a ConcernStep>) -> Self {
        steps
            .into_iter()
            .map(|s| match s {
                ConcernStep::FollowUp { .. } => Self::Open,
                ConcernStep::Acknowledged => Self::Acknowledged,
                ConcernStep::Decided { .. } => Self::Decided,
                ConcernStep::Closed { .. } => Self::Closed,
            })
            .max()
            .unwrap_or(Self::Open)
    }

    /// Whether the concern still needs someone: anything but closed.
    pub fn is_open(self) -> bool {
        self != Self::Closed
    }
}

/// Someone the coach told, and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Told {
    pub who: ToldRole,
    pub at: NaiveDateTime,
}

/// A concern as recorded.
///
/// Invariant: `what` is not empty; nobody was told before the concern was noticed, and nothing
/// happened after `now` (the device's local time when it was recorded).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Concern {
    pub category: ConcernCategory,
    pub urgency: Urgency,
    pub noticed_at: NaiveDateTime,
    pub what: String,
    pub told: Vec<Told>,
    pub actions: String,
}

impl Concern {
    pub fn new(
        category: ConcernCategory,
        urgency: Urgency,
        noticed_at: NaiveDateTime,
        what: &str,
        told: Vec<Told>,
        actions: &str,
        now: NaiveDateTime,
    ) -> DomainResult<Self> {
        let what = optional_text(Field::What, "what was seen or said", what, 20_000)?;
        if what.is_empty() {
            return Err(DomainError::invalid(
                Field::What,
                "write what was seen or said, in the young person's words where you can",
            ));
        }
        if noticed_at > now {
            return Err(DomainError::invalid(
                Field::NoticedAt,
                "the time you noticed it must be now or in the past",
            ));
        }
        for t in &told {
            if t.at < noticed_at || t.at > now {
                return Err(DomainError::invalid(
                    t.who.field(),
                    format!(
                        "the time you told the {} ({}) must be between noticing the concern ({}) and now ({})",
                        t.who.label().to_lowercase(),
                        t.at.format("%-d %b %H:%M"),
                        noticed_at.format("%-d %b %H:%M"),
                        now.format("%-d %b %H:%M"),
                    ),
                ));
            }
        }
        let actions = optional_text(Field::Actions, "the follow-up actions", actions, 5_000)?;
        Ok(Self {
            category,
            urgency,
            noticed_at,
            what,
            told,
            actions,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M").unwrap()
    }

    fn concern(what: &str, noticed: &str, told: &[&str]) -> DomainResult<Concern> {
        Concern::new(
            ConcernCategory::Exploitation,
            Urgency::Today,
            at(noticed),
            what,
            told.iter()
                .map(|t| Told {
                    who: ToldRole::SocialWorker,
                    at: at(t),
                })
                .collect(),
            "",
            at("2025-11-23T22:00"),
        )
    }

    #[test]
    fn no_further_action_needs_its_reason_and_a_closure_its_outcome() {
        let e = ConcernStep::decided(ConcernDecision::NoFurtherAction, "  ").unwrap_err();
        assert_eq!(e.field(), Some(Field::Reason));
        assert!(ConcernStep::decided(ConcernDecision::Referral, "").is_ok());
        assert!(
            ConcernStep::decided(
                ConcernDecision::NoFurtherAction,
                "Social worker already knew"
            )
            .is_ok()
        );
        assert_eq!(
            ConcernStep::closed("").unwrap_err().field(),
            Some(Field::Outcome)
        );
        assert_eq!(
            ConcernStep::follow_up(" ").unwrap_err().field(),
            Some(Field::Text)
        );
        assert!(
            !ConcernStep::follow_up("Rang EDT")
                .unwrap()
                .supervisor_only()
        );
        assert!(ConcernStep::Acknowledged.supervisor_only());
        assert!(
            ConcernStep::closed("Safe at home")
                .unwrap()
                .supervisor_only()
        );
    }

    #[test]
    fn the_state_is_the_furthest_step_whatever_the_order() {
        let ack = ConcernStep::Acknowledged;
        let decided = ConcernStep::decided(ConcernDecision::Referral, "").unwrap();
        let closed = ConcernStep::closed("Safe at home").unwrap();
        let follow = ConcernStep::follow_up("Rang EDT").unwrap();
        assert_eq!(ConcernState::of([]), ConcernState::Open);
        assert_eq!(ConcernState::of([&follow]), ConcernState::Open);
        assert_eq!(
            ConcernState::of([&ack, &follow]),
            ConcernState::Acknowledged
        );
        assert_eq!(
            ConcernState::of([&closed, &ack, &decided]),
            ConcernState::Closed
        );
        assert_eq!(ConcernState::of([&decided, &follow]), ConcernState::Decided);
        assert!(!ConcernState::Closed.is_open());
    }

    #[test]
    fn a_concern_needs_what_was_seen_or_said() {
        let err = concern("   ", "2025-11-23T21:00", &[]).unwrap_err();
        assert_eq!(
            (err.code(), err.field()),
            ("invalid_input", Some(Field::What))
        );
        assert!(concern("An older man collected him", "2025-11-23T21:00", &[]).is_ok());
    }

    #[test]
    fn times_run_from_noticing_to_now() {
        let err = concern("x", "2025-11-23T23:00", &[]).unwrap_err();
        assert_eq!(err.field(), Some(Field::NoticedAt));
        let err = concern("x", "2025-11-23T21:00", &["2025-11-23T20:00"]).unwrap_err();
        assert_eq!(err.field(), Some(Field::ToldSocialWorker));
        assert!(err.to_string().contains("told the social worker"), "{err}");
        let err = concern("x", "2025-11-23T21:00", &["2025-11-23T22:30"]).unwrap_err();
        assert_eq!(err.field(), Some(Field::ToldSocialWorker));
        let ok = concern("x", "2025-11-23T21:00", &["2025-11-23T21:30"]).unwrap();
        assert_eq!(ok.told.len(), 1);
    }
}
