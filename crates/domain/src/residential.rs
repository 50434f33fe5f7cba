//! Family residentials: a short stay away with the young person and their family. Dates and
//! venue, who goes, a day-by-day itinerary, a budget planned and spent, dietary and medical
//! needs, transport, and the consent for overnight stays; with the risk assessment (see
//! [`crate::risk`]) and the team's phone numbers they make the checklist that says what is still
//! missing before the plan is ready.

use crate::Field;
use crate::activity::{Consent, Goer, Going};
use crate::error::{DomainError, DomainResult};
use crate::text::{Line, optional_text};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// The most nights a residential may last.
pub const MAX_NIGHTS: i64 = 14;

/// What happens on one day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayPlan {
    pub day: NaiveDate,
    pub plan: String,
}

/// One line of the budget: planned, and spent once known.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BudgetLine {
    pub item: Line,
    pub planned_pence: u32,
    pub actual_pence: Option<u32>,
}

/// A family residential.
///
/// Invariant: a title and a venue; leaves after it arrives, at most [`MAX_NIGHTS`] nights; the
/// itinerary has at most one entry per day, each within the stay, in day order; every family
/// member or member of staff going is named.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Residential {
    pub title: Line,
    pub venue: Line,
    pub address: String,
    pub venue_phone: String,
    pub arrives: NaiveDate,
    pub leaves: NaiveDate,
    pub going: BTreeSet<Going>,
    pub itinerary: Vec<DayPlan>,
    pub budget: Vec<BudgetLine>,
    pub dietary: String,
    pub medical: String,
    pub transport: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consent: Option<Consent>,
}

/// The raw parts of a residential.
#[derive(Debug, Clone)]
pub struct ResidentialParts {
    pub title: String,
    pub venue: String,
    pub address: String,
    pub venue_phone: String,
    pub arrives: NaiveDate,
    pub leaves: NaiveDate,
    pub going: BTreeSet<Going>,
    pub itinerary: Vec<DayPlan>,
    pub budget: Vec<BudgetLine>,
    pub dietary: String,
    pub medical: String,
    pub transport: String,
    pub consent: Option<Consent>,
}

impl Residential {
    pub fn new(p: ResidentialParts) -> DomainResult<Self> {
        if p.leaves <= p.arrives {
            return Err(DomainError::invalid(
                Field::Leaves,
                "the day you leave must be after the day you arrive (at least one night)",
            ));
        }
        if (p.leaves - p.arrives).num_days() > MAX_NIGHTS {
            return Err(DomainError::invalid(
                Field::Leaves,
                format!(
                    "a residential lasts at most {MAX_NIGHTS} nights — check the day you arrive and the day you leave"
                ),
            ));
        }
        for g in &p.going {
            if g.who != Goer::YoungPerson && g.name.trim().is_empty() {
                return Err(DomainError::invalid(
                    Field::Going,
                    "give the name of each family member or member of staff going",
                ));
            }
        }
        let mut itinerary = Vec::new();
        for d in p.itinerary {
            let plan = optional_text(Field::Itinerary, "the day's plan", &d.plan, 2_000)?;
            if plan.is_empty() {
                continue;
            }
            if d.day < p.arrives || d.day > p.leaves {
                return Err(DomainError::invalid(
                    Field::Itinerary,
                    format!(
                        "{} is not between the day you arrive and the day you leave — change the day or the dates of the stay",
                        d.day.format("%a %-d %b")
                    ),
                ));
            }
            if itinerary.iter().any(|x: &DayPlan| x.day == d.day) {
                return Err(DomainError::invalid(
                    Field::Itinerary,
                    format!(
                        "{} is planned twice — put everything for that day in one plan",
                        d.day.format("%a %-d %b")
                    ),
                ));
            }
            itinerary.push(DayPlan { day: d.day, plan });
        }
        itinerary.sort_by_key(|d| d.day);
        Ok(Self {
            title: Line::parse(Field::Title, "what the residential is", &p.title)?,
            venue: Line::parse(Field::Venue, "where you are staying", &p.venue)?,
            address: optional_text(Field::Address, "the address", &p.address, 500)?,
            venue_phone: optional_text(Field::VenuePhone, "the venue's phone", &p.venue_phone, 40)?,
            arrives: p.arrives,
            leaves: p.leaves,
            going: p.going,
            itinerary,
            budget: p.budget,
            dietary: optional_text(Field::Dietary, "the dietary needs", &p.dietary, 2_000)?,
            medical: optional_text(Field::Medical, "the medical needs", &p.medical, 2_000)?,
            transport: optional_text(Field::Transport, "the transport", &p.transport, 1_000)?,
            consent: p.consent,
        })
    }

    /// The days of the stay, arrival to departure.
    pub fn days(&self) -> impl Iterator<Item = NaiveDate> + '_ {
        self.arrives.iter_days().take_while(|d| *d <= self.leaves)
    }

    /// Planned and spent so far, in pence (spent counts only lines with an actual cost).
    pub fn budget_totals(&self) -> (u32, u32) {
        self.budget.iter().fold((0, 0), |(p, a), l| {
            (
                p.saturating_add(l.planned_pence),
                a.saturating_add(l.actual_pence.unwrap_or(0)),
            )
        })
    }
}

/// Which item of the checklist, so a screen can link each to where it is done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum CheckKind {
    Consent,
    RiskAssessment,
    Transport,
    EmergencyContacts,
    WhoIsGoing,
    Itinerary,
}

/// One item of the checklist: what it is, and what is missing (`None` when done).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    pub kind: CheckKind,
    pub item: &'static str,
    pub missing: Vec<String>,
}

/// The checklist a residential must clear to be ready: consents, risk assessment, transport and
/// emergency contacts, plus a family member going and every day planned.
///
/// `consent_gaps` and `risk_gap` come from [`crate::activity::consent_gaps`] and
/// [`crate::risk::Standing::gap`]; `emergency_numbers` counts the team's contacts with a phone.
pub fn checklist(
    r: &Residential,
    consent_gaps: Vec<String>,
    risk_gap: Option<String>,
    emergency_numbers: usize,
) -> Vec<Check> {
    let mut who = Vec::new();
    if !r.going.iter().any(|g| g.who == Goer::FamilyMember) {
        who.push("No family member is going yet".to_owned());
    }
    if !r.going.iter().any(|g| g.who == Goer::Staff) {
        who.push("No member of staff is named".to_owned());
    }
    let unplanned: Vec<String> = r
        .days()
        .filter(|d| !r.itinerary.iter().any(|x| x.day == *d))
        .map(|d| d.format("%a %-d %b").to_string())
        .collect();
    let mut transport = Vec::new();
    if r.transport.is_empty() {
        transport.push("How everyone gets there and back is not recorded".to_owned());
    }
    let mut contacts = Vec::new();
    if emergency_numbers == 0 {
        contacts.push(
            "No one in the team around the child has a phone number: add the social worker's and the home's"
                .to_owned(),
        );
    }
    if r.venue_phone.is_empty() {
        contacts.push("The venue's phone number is not recorded".to_owned());
    }
    vec![
        Check {
            kind: CheckKind::Consent,
            item: "Consent",
            missing: consent_gaps,
        },
        Check {
            kind: CheckKind::RiskAssessment,
            item: "Risk assessment signed off",
            missing: risk_gap.into_iter().collect(),
        },
        Check {
            kind: CheckKind::Transport,
            item: "Transport",
            missing: transport,
        },
        Check {
            kind: CheckKind::EmergencyContacts,
            item: "Emergency contacts",
            missing: contacts,
        },
        Check {
            kind: CheckKind::WhoIsGoing,
            item: "Who is going",
            missing: who,
        },
        Check {
            kind: CheckKind::Itinerary,
            item: "Itinerary",
            missing: if unplanned.is_empty() {
                Vec::new()
            } else {
                vec![format!("Nothing planned yet for {}", unplanned.join(", "))]
            },
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    pub(crate) fn parts() -> ResidentialParts {
        let mut going = BTreeSet::new();
        going.insert(Going {
            who: Goer::YoungPerson,
            name: String::new(),
        });
        going.insert(Going {
            who: Goer::FamilyMember,
            name: "Mum (Donna)".into(),
        });
        going.insert(Going {
            who: Goer::Staff,
            name: "Alex Morgan".into(),
        });
        ResidentialParts {
            title: "Family weekend".into(),
            venue: "Brandon Lodge".into(),
            address: "Thetford Forest".into(),
            venue_phone: "01842 000000".into(),
            arrives: d("2026-06-05"),
            leaves: d("2026-06-07"),
            going,
            itinerary: vec![
                DayPlan {
                    day: d("2026-06-06"),
                    plan: "Canoeing".into(),
                },
                DayPlan {
                    day: d("2026-06-05"),
                    plan: "Arrive, unpack, walk".into(),
                },
                DayPlan {
                    day: d("2026-06-07"),
                    plan: "Pack, lunch, home".into(),
                },
            ],
            budget: vec![BudgetLine {
                item: Line::parse(Field::Item, "item", "Lodge").unwrap(),
                planned_pence: 24_000,
                actual_pence: Some(25_050),
            }],
            dietary: "Donna is vegetarian".into(),
            medical: "Inhaler (asthma)".into(),
            transport: "Minibus from the home".into(),
            consent: None,
        }
    }

    #[test]
    fn a_residential_keeps_its_days_in_order_and_inside_the_stay() {
        let r = Residential::new(parts()).unwrap();
        assert_eq!(
            r.itinerary.iter().map(|x| x.day).collect::<Vec<_>>(),
            [d("2026-06-05"), d("2026-06-06"), d("2026-06-07")]
        );
        assert_eq!(r.budget_totals(), (24_000, 25_050));
        let field = |p: ResidentialParts| Residential::new(p).unwrap_err().field();
        assert_eq!(
            field(ResidentialParts {
                leaves: d("2026-06-05"),
                ..parts()
            }),
            Some(Field::Leaves)
        );
        assert_eq!(
            field(ResidentialParts {
                leaves: d("2026-06-25"),
                ..parts()
            }),
            Some(Field::Leaves)
        );
        let mut outside = parts();
        outside.itinerary[0].day = d("2026-06-09");
        assert_eq!(field(outside), Some(Field::Itinerary));
        let mut twice = parts();
        twice.itinerary[0].day = d("2026-06-05");
        assert_eq!(field(twice), Some(Field::Itinerary));
        assert_eq!(
            field(ResidentialParts {
                venue: "".into(),
                ..parts()
            }),
            Some(Field::Venue)
        );
    }

    #[test]
    fn the_checklist_names_what_is_missing() {
        let r = Residential::new(parts()).unwrap();
        let all_done = checklist(&r, vec![], None, 2);
        assert!(
            all_done.iter().all(|c| c.missing.is_empty()),
            "{all_done:?}"
        );

        let mut p = parts();
        p.transport = String::new();
        p.venue_phone = String::new();
        p.itinerary.pop();
        p.going.retain(|g| g.who != Goer::FamilyMember);
        let r = Residential::new(p).unwrap();
        let list = checklist(
            &r,
            vec!["No consent yet: ask Priya Shah (social worker)".into()],
            Some("Waiting for the supervisor's sign-off".into()),
            0,
        );
        let missing = |item: &str| {
            list.iter()
                .find(|c| c.item == item)
                .map(|c| c.missing.clone())
                .unwrap()
        };
        assert_eq!(missing("Consent").len(), 1);
        assert_eq!(
            missing("Risk assessment signed off"),
            ["Waiting for the supervisor's sign-off"]
        );
        assert_eq!(missing("Transport").len(), 1);
        assert_eq!(missing("Emergency contacts").len(), 2);
        assert_eq!(missing("Who is going"), ["No family member is going yet"]);
        assert_eq!(missing("Itinerary"), ["Nothing planned yet for Sun 7 Jun"]);
    }
}
