//! A young person referred to the programme: who they are and why they were referred.

use crate::Field;
use crate::choices;
use crate::error::{DomainError, DomainResult};
use crate::rules::ProgrammeRules;
use crate::text::{Line, optional_text};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

choices!(
    /// The risk indicators of the referral criteria; any number may apply.
    RiskIndicator {
        EscalatingRisk = "escalating_risk": "Significant or escalating risk-taking",
        Missing = "missing": "Missing from care or education",
        Neet = "neet": "Not in education, employment or training (NEET)",
        Cse = "cse": "At risk of child sexual exploitation (CSE)",
        SubstanceMisuse = "substance_misuse": "Substance misuse",
        Gangs = "gangs": "Gangs or serious youth violence",
        CarePlanGoals = "care_plan_goals": "Not meeting care-plan goals",
        PoorTransition = "poor_transition": "At risk of a poor transition to adult life",
    }
);

choices!(
    /// The referral criteria a social worker confirms.
    ReferralCriterion {
        LookedAfter = "looked_after": "Looked after by the local authority",
        Residential = "residential": "In a residential placement (or another placement after instability)",
        Instability = "instability": "History of placement moves, or placement at risk of breaking down",
        CanEngage = "can_engage": "Able to engage with the programme (with SEND support if needed)",
    }
);

choices!(
    /// The legal basis on which the young person is looked after.
    LegalStatus {
        CareOrder = "care_order": "Care order (section 31)",
        InterimCareOrder = "interim_care_order": "Interim care order (section 38)",
        Section20 = "section_20": "Accommodated voluntarily (section 20)",
        PlacementOrder = "placement_order": "Placement order",
        Remand = "remand": "Remanded to local authority accommodation",
        Other = "other": "Other",
    }
);

/// A young person's profile.
///
/// Invariant: the name and local authority are non-empty lines; the date of birth is not in the
/// future; SEND details are empty when `send` is false.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct YoungPersonProfile {
    pub preferred_name: Line,
    pub date_of_birth: NaiveDate,
    pub local_authority: Line,
    pub legal_status: LegalStatus,
    pub send: bool,
    pub send_details: String,
    pub referral_criteria: BTreeSet<ReferralCriterion>,
    pub risk_indicators: BTreeSet<RiskIndicator>,
}

/// The raw parts of a profile, already parsed into values but not yet checked together.
#[derive(Debug, Clone)]
pub struct ProfileParts {
    pub preferred_name: Line,
    pub date_of_birth: NaiveDate,
    pub local_authority: Line,
    pub legal_status: LegalStatus,
    pub send: bool,
    pub send_details: String,
    pub referral_criteria: BTreeSet<ReferralCriterion>,
    pub risk_indicators: BTreeSet<RiskIndicator>,
}

impl YoungPersonProfile {
    /// Checks the parts together. `today` is the device's date.
    pub fn new(parts: ProfileParts, today: NaiveDate) -> DomainResult<Self> {
        if parts.date_of_birth > today {
            return Err(DomainError::invalid(
                Field::DateOfBirth,
                "the date of birth must be in the past",
            ));
        }
        let send_details = if parts.send {
            optional_text(
                Field::SendDetails,
                "SEND details",
                &parts.send_details,
                2_000,
            )?
        } else {
            String::new()
        };
        Ok(Self {
            preferred_name: parts.preferred_name,
            date_of_birth: parts.date_of_birth,
            local_authority: parts.local_authority,
            legal_status: parts.legal_status,
            send: parts.send,
            send_details,
            referral_criteria: parts.referral_criteria,
            risk_indicators: parts.risk_indicators,
        })
    }

    /// Age in whole years on `day`.
    pub fn age_on(&self, day: NaiveDate) -> u32 {
        age_in_months(self.date_of_birth, day) / 12
    }

    /// Refuses a start date at which the young person is outside the programme's age band.
    pub fn check_age_at_start(&self, start: NaiveDate, rules: &ProgrammeRules) -> DomainResult<()> {
        let months = age_in_months(self.date_of_birth, start);
        if months < rules.min_age_months || months >= rules.max_age_months {
            return Err(DomainError::invalid(
                Field::DateOfBirth,
                format!(
                    "the programme takes young people aged {} to {} at the start; on {} they are {} years {} months — check the date of birth and the start date",
                    years_label(rules.min_age_months),
                    years_label(rules.max_age_months),
                    start.format("%-d %B %Y"),
                    months / 12,
                    months % 12
                ),
            ));
        }
        Ok(())
    }
}

/// Whole months from `from` to `to` (0 if `to` is earlier).
pub fn age_in_months(from: NaiveDate, to: NaiveDate) -> u32 {
    if to < from {
        return 0;
    }
    let mut months = (to.year() - from.year()) * 12 + to.month() as i32 - from.month() as i32;
    if to.day() < from.day() {
        months -= 1;
    }
    months.max(0) as u32
}

fn years_label(months: u32) -> String {
    match months % 12 {
        0 => format!("{}", months / 12),
        6 => format!("{}½", months / 12),
        m => format!("{} years {m} months", months / 12),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn parts(dob: &str) -> ProfileParts {
        ProfileParts {
            preferred_name: Line::parse(Field::PreferredName, "a name", "Jay").unwrap(),
            date_of_birth: date(dob),
            local_authority: Line::parse(Field::LocalAuthority, "a local authority", "Essex")
                .unwrap(),
            legal_status: LegalStatus::CareOrder,
            send: false,
            send_details: "ignored when send is false".into(),
            referral_criteria: BTreeSet::new(),
            risk_indicators: BTreeSet::from([RiskIndicator::Neet]),
        }
    }

    #[test]
    fn age_in_months_counts_whole_months() {
        let check = |from: &str, to: &str, expected: u32| {
            assert_eq!(
                age_in_months(date(from), date(to)),
                expected,
                "{from}..{to}"
            )
        };
        check("2010-03-15", "2025-03-14", 179);
        check("2010-03-15", "2025-03-15", 180);
        check("2010-03-31", "2010-04-30", 0);
        check("2010-03-15", "2009-01-01", 0);
    }

    #[test]
    fn a_future_date_of_birth_is_refused() {
        let err = YoungPersonProfile::new(parts("2030-01-01"), date("2026-01-01")).unwrap_err();
        assert_eq!(err.field(), Some(Field::DateOfBirth));
    }

    #[test]
    fn send_details_are_dropped_without_send() {
        let p = YoungPersonProfile::new(parts("2010-01-01"), date("2026-01-01")).unwrap();
        assert_eq!(p.send_details, "");
    }

    #[test]
    fn age_band_is_checked_at_the_start_date() {
        let rules = ProgrammeRules::default();
        let p = YoungPersonProfile::new(parts("2010-06-01"), date("2026-01-01")).unwrap();
        assert!(p.check_age_at_start(date("2025-01-01"), &rules).is_ok());
        let err = p
            .check_age_at_start(date("2024-05-31"), &rules)
            .unwrap_err();
        assert!(err.to_string().contains("13 years 11 months"), "{err}");
        assert!(p.check_age_at_start(date("2028-06-01"), &rules).is_err());
    }
}
