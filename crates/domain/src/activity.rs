//! Positive activities a coach plans with the young person: what, who runs it (with the checks
//! a provider needs), when and where, cost and transport, who goes, and the goals it serves.
//! Caving, climbing, trekking and watersports need an adventure-activities licence; a missing
//! or expired one is a warning the plan carries until it is fixed.

use crate::Field;
use crate::authority::{Authority, AuthorityHolder, ConsentArea};
use crate::choices;
use crate::error::{DomainError, DomainResult};
use crate::ids::GoalId;
use crate::text::{Line, optional_text};
use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

choices!(
    /// What kind of activity it is.
    ActivityKind {
        OutdoorEducation = "outdoor_education": "Outdoor education",
        Sport = "sport": "Sport",
        Arts = "arts": "Arts",
        Education = "education": "Education or training",
        Family = "family": "Family",
        Other = "other": "Other",
    }
);

choices!(
    /// The adventurous activities that need a licence (Adventure Activities Licensing).
    Adventure {
        Caving = "caving": "Caving",
        Climbing = "climbing": "Climbing",
        Trekking = "trekking": "Trekking",
        Watersports = "watersports": "Watersports",
    }
);

choices!(
    /// Who goes besides the young person.
    Goer {
        YoungPerson = "young_person": "The young person",
        FamilyMember = "family_member": "Family member",
        Staff = "staff": "Staff",
    }
);

/// An adventure-activities licence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Licence {
    pub number: String,
    pub expires: NaiveDate,
}

/// Who runs the activity, and what has been checked about them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Provider {
    pub name: Line,
    pub insurance_checked: bool,
    pub safeguarding_policy_checked: bool,
    pub licence: Option<Licence>,
}

/// Someone going: the young person, a family member or staff, by name.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Going {
    pub who: Goer,
    pub name: String,
}

/// A consent for the activity, from whoever holds delegated authority for its area.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Consent {
    pub holder: AuthorityHolder,
    /// The person who gave it, by name (empty when the young person gave it themselves).
    pub given_by: String,
    /// How it was given: "signed form", "email from the social worker".
    pub evidence: Line,
    pub given_on: NaiveDate,
    pub expires: Option<NaiveDate>,
    /// What it covers, if narrower than the activity ("not the zip wire").
    pub scope: String,
}

impl Consent {
    pub fn new(
        holder: AuthorityHolder,
        given_by: &str,
        evidence: &str,
        given_on: NaiveDate,
        expires: Option<NaiveDate>,
        scope: &str,
    ) -> DomainResult<Self> {
        if expires.is_some_and(|e| e < given_on) {
            return Err(DomainError::invalid(
                Field::ConsentExpires,
                "the date the consent expires must be after the date it was given",
            ));
        }
        Ok(Self {
            holder,
            given_by: optional_text(Field::ConsentGivenBy, "who gave it", given_by, 200)?,
            evidence: Line::parse(
                Field::ConsentEvidence,
                "how the consent was given (a signed form, an email)",
                evidence,
            )?,
            given_on,
            expires,
            scope: optional_text(Field::ConsentScope, "what it covers", scope, 500)?,
        })
    }
}

/// The delegated-authority area an activity needs consent for.
pub fn consent_area(a: &Activity) -> ConsentArea {
    if a.adventure.is_some() {
        ConsentArea::Adventurous
    } else {
        ConsentArea::Outings
    }
}

/// A planned activity.
///
/// Invariant: a title and a provider name; the end after the start, within a day; a licence,
/// when given, has a number; cost in pence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Activity {
    pub title: Line,
    pub kind: ActivityKind,
    pub adventure: Option<Adventure>,
    pub provider: Provider,
    pub starts: NaiveDateTime,
    pub ends: NaiveDateTime,
    pub place: String,
    pub cost_pence: u32,
    pub transport: String,
    pub going: BTreeSet<Going>,
    pub goals: BTreeSet<GoalId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consent: Option<Consent>,
}

/// What an activity's plan still lacks about its consent, given who holds delegated authority
/// for its area (from the young person's profile).
pub fn consent_warnings(a: &Activity, authority: Option<&Authority>) -> Vec<String> {
    consent_gaps(
        a.consent.as_ref(),
        consent_area(a),
        a.ends.date(),
        authority,
    )
}

/// What a plan in `area` that lasts until `last_day` still lacks about its consent: none yet
/// (and whom to ask), a consent from someone who does not hold the authority, or one that
/// expires before the plan ends.
pub fn consent_gaps(
    consent: Option<&Consent>,
    area: ConsentArea,
    last_day: NaiveDate,
    authority: Option<&Authority>,
) -> Vec<String> {
    use crate::choice::Choice;
    let mut out = Vec::new();
    match (consent, authority) {
        (None, None) => out.push(format!(
            "No consent yet, and who may consent to {} is not recorded on the profile",
            area.label().to_lowercase()
        )),
        (None, Some(x)) => out.push(format!("No consent yet: ask {}", x.describe())),
        (Some(c), x) => {
            if let Some(x) = x
                && x.holder != c.holder
            {
                out.push(format!(
                    "The consent is from the {}, but {} holds delegated authority for this",
                    c.holder.label().to_lowercase(),
                    x.describe()
                ));
            }
            if let Some(e) = c.expires.filter(|e| *e < last_day) {
                out.push(format!(
                    "The consent expires on {}, before the {}",
                    e.format("%-d %b %Y"),
                    if area == ConsentArea::Overnight {
                        "residential ends"
                    } else {
                        "activity"
                    }
                ));
            }
        }
    }
    out
}

/// What an activity's plan still lacks, in words a coach can act on.
pub fn warnings(a: &Activity) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(kind) = a.adventure {
        use crate::choice::Choice;
        match &a.provider.licence {
            None => out.push(format!(
                "{} needs the provider's adventure-activities licence: none is recorded",
                kind.label()
            )),
            Some(l) if l.expires < a.starts.date() => out.push(format!(
                "The provider's adventure-activities licence {} expires on {}, before the activity",
                l.number,
                l.expires.format("%-d %b %Y")
            )),
            Some(_) => {}
        }
    }
    if !a.provider.insurance_checked {
        out.push("The provider's insurance has not been checked".to_owned());
    }
    if !a.provider.safeguarding_policy_checked {
        out.push("The provider's safeguarding policy has not been checked".to_owned());
    }
    out
}

/// The raw parts of an activity, parsed but not yet checked together.
#[derive(Debug, Clone)]
pub struct ActivityParts {
    pub title: String,
    pub kind: ActivityKind,
    pub adventure: Option<Adventure>,
    pub provider_name: String,
    pub insurance_checked: bool,
    pub safeguarding_policy_checked: bool,
    pub licence_number: String,
    pub licence_expires: Option<NaiveDate>,
    pub starts: NaiveDateTime,
    pub ends: NaiveDateTime,
    pub place: String,
    pub cost_pence: u32,
    pub transport: String,
    pub going: BTreeSet<Going>,
    pub goals: BTreeSet<GoalId>,
    pub consent: Option<Consent>,
}

impl Activity {
    pub fn new(p: ActivityParts) -> DomainResult<Self> {
        if p.ends <= p.starts {
            return Err(DomainError::EndBeforeStart { field: Field::Ends });
        }
        if p.ends - p.starts > chrono::TimeDelta::hours(24) {
            return Err(DomainError::invalid(
                Field::Ends,
                "an activity lasts at most a day — plan a residential for longer",
            ));
        }
        let number = optional_text(
            Field::LicenceNumber,
            "the licence number",
            &p.licence_number,
            60,
        )?;
        let licence = match (number.is_empty(), p.licence_expires) {
            (true, None) => None,
            (false, Some(expires)) => Some(Licence { number, expires }),
            (true, Some(_)) => {
                return Err(DomainError::invalid(
                    Field::LicenceNumber,
                    "enter the licence number as well as its expiry",
                ));
            }
            (false, None) => {
                return Err(DomainError::invalid(
                    Field::LicenceExpires,
                    "enter when the licence expires",
                ));
            }
        };
        for g in &p.going {
            if g.who != Goer::YoungPerson && g.name.trim().is_empty() {
                return Err(DomainError::invalid(
                    Field::Going,
                    "give the name of each family member or member of staff going",
                ));
            }
        }
        Ok(Self {
            title: Line::parse(Field::Title, "what the activity is", &p.title)?,
            kind: p.kind,
            adventure: p.adventure,
            provider: Provider {
                name: Line::parse(Field::ProviderName, "who runs it", &p.provider_name)?,
                insurance_checked: p.insurance_checked,
                safeguarding_policy_checked: p.safeguarding_policy_checked,
                licence,
            },
            starts: p.starts,
            ends: p.ends,
            place: optional_text(Field::Place, "the place", &p.place, 300)?,
            cost_pence: p.cost_pence,
            transport: optional_text(Field::Transport, "the transport", &p.transport, 500)?,
            going: p.going,
            goals: p.goals,
            consent: p.consent,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M").unwrap()
    }

    fn parts() -> ActivityParts {
        ActivityParts {
            title: "Climbing taster".into(),
            kind: ActivityKind::OutdoorEducation,
            adventure: Some(Adventure::Climbing),
            provider_name: "Peak Adventures".into(),
            insurance_checked: true,
            safeguarding_policy_checked: true,
            licence_number: "R1234".into(),
            licence_expires: Some("2026-03-01".parse().unwrap()),
            starts: t("2026-02-14T10:00"),
            ends: t("2026-02-14T15:00"),
            place: "Ipswich climbing wall".into(),
            cost_pence: 3500,
            transport: "Coach's car".into(),
            going: BTreeSet::new(),
            goals: BTreeSet::new(),
            consent: None,
        }
    }

    #[test]
    fn an_adventurous_activity_warns_without_a_current_licence() {
        let ok = Activity::new(parts()).unwrap();
        assert!(warnings(&ok).is_empty(), "{:?}", warnings(&ok));
        let expired = Activity::new(ActivityParts {
            licence_expires: Some("2026-02-01".parse().unwrap()),
            ..parts()
        })
        .unwrap();
        assert_eq!(
            warnings(&expired),
            [
                "The provider's adventure-activities licence R1234 expires on 1 Feb 2026, before the activity"
            ]
        );
        let none = Activity::new(ActivityParts {
            licence_number: String::new(),
            licence_expires: None,
            insurance_checked: false,
            ..parts()
        })
        .unwrap();
        let w = warnings(&none);
        assert_eq!(w.len(), 2);
        assert!(w[0].starts_with("Climbing needs the provider's adventure-activities licence"));
        // Sport needs no licence.
        let football = Activity::new(ActivityParts {
            adventure: None,
            licence_number: String::new(),
            licence_expires: None,
            ..parts()
        })
        .unwrap();
        assert!(warnings(&football).is_empty());
    }

    #[test]
    fn consent_comes_from_the_holder_of_delegated_authority_and_lasts_the_day() {
        let day = |s: &str| s.parse::<NaiveDate>().unwrap();
        let sw = Authority::new(AuthorityHolder::SocialWorker, "Priya Shah", "").unwrap();
        let none = Activity::new(parts()).unwrap();
        assert_eq!(
            consent_warnings(&none, Some(&sw)),
            ["No consent yet: ask Priya Shah (social worker)"]
        );
        assert!(consent_warnings(&none, None)[0].contains("not recorded on the profile"));
        let by = |holder, expires: Option<&str>| {
            Activity::new(ActivityParts {
                consent: Some(
                    Consent::new(
                        holder,
                        "Tom",
                        "Signed form",
                        day("2026-01-10"),
                        expires.map(day),
                        "",
                    )
                    .unwrap(),
                ),
                ..parts()
            })
            .unwrap()
        };
        assert!(consent_warnings(&by(AuthorityHolder::SocialWorker, None), Some(&sw)).is_empty());
        let wrong = consent_warnings(&by(AuthorityHolder::Carer, None), Some(&sw));
        assert_eq!(
            wrong,
            [
                "The consent is from the carer or home manager, but Priya Shah (social worker) holds delegated authority for this"
            ]
        );
        let expired = consent_warnings(
            &by(AuthorityHolder::SocialWorker, Some("2026-02-01")),
            Some(&sw),
        );
        assert_eq!(
            expired,
            ["The consent expires on 1 Feb 2026, before the activity"]
        );
        let err = Consent::new(
            AuthorityHolder::Parent,
            "",
            "Email",
            day("2026-01-10"),
            Some(day("2026-01-01")),
            "",
        );
        assert_eq!(err.unwrap_err().field(), Some(Field::ConsentExpires));
        assert_eq!(consent_area(&none), ConsentArea::Adventurous);
    }

    #[test]
    fn bad_plans_name_their_field() {
        let field = |p: ActivityParts| Activity::new(p).unwrap_err().field();
        assert_eq!(
            field(ActivityParts {
                title: " ".into(),
                ..parts()
            }),
            Some(Field::Title)
        );
        assert_eq!(
            field(ActivityParts {
                ends: t("2026-02-14T09:00"),
                ..parts()
            }),
            Some(Field::Ends)
        );
        assert_eq!(
            field(ActivityParts {
                ends: t("2026-02-15T11:00"),
                ..parts()
            }),
            Some(Field::Ends)
        );
        assert_eq!(
            field(ActivityParts {
                licence_expires: None,
                ..parts()
            }),
            Some(Field::LicenceExpires)
        );
        let mut going = BTreeSet::new();
        going.insert(Going {
            who: Goer::Staff,
            name: " ".into(),
        });
        assert_eq!(
            field(ActivityParts { going, ..parts() }),
            Some(Field::Going)
        );
    }
}
