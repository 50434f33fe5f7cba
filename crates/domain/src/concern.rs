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
                "the time you noticed it cannot be in the future",
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
