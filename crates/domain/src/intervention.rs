//! The intervention: the up-to-18-months of intensive work with one young person.

use crate::Field;
use crate::choices;
use crate::error::{DomainError, DomainResult};
use crate::rules::ProgrammeRules;
use crate::young_person::age_in_months;
use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

choices!(
    /// Where the intervention is.
    Phase {
        Engagement = "engagement": "Engagement",
        Intensive = "intensive": "Intensive",
        StepDown = "step_down": "Step-down",
        Closed = "closed": "Closed",
    }
);

choices!(
    /// Why an intervention closed.
    ClosureReason {
        PlannedEnd = "planned_end": "Planned end of the intervention",
        SteppedDown = "stepped_down": "Stepped down to less intensive care",
        ReturnedHome = "returned_home": "Returned home",
        Disengaged = "disengaged": "Young person disengaged",
        MovedAway = "moved_away": "Moved out of the area",
        AdultServices = "adult_services": "Moved to adult services",
        Other = "other": "Other (say why in the note)",
    }
);

/// The intervention's dates.
///
/// Invariant: referral ≤ start < planned end ≤ start + the programme's maximum months.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct InterventionDates {
    referral: NaiveDate,
    start: NaiveDate,
    planned_end: NaiveDate,
}

impl InterventionDates {
    pub fn new(
        referral: NaiveDate,
        start: NaiveDate,
        planned_end: NaiveDate,
        rules: &ProgrammeRules,
    ) -> DomainResult<Self> {
        if referral > start {
            return Err(DomainError::invalid(
                Field::ReferralDate,
                "the referral date must be on or before the start date",
            ));
        }
        if planned_end <= start {
            return Err(DomainError::EndBeforeStart {
                field: Field::PlannedEndDate,
            });
        }
        let latest = start
            .checked_add_months(Months::new(rules.max_months))
            .ok_or_else(|| {
                DomainError::invalid(
                    Field::StartDate,
                    "the start date is too far in the future — check the year",
                )
            })?;
        if planned_end > latest {
            return Err(DomainError::PlannedEndTooLate {
                months: rules.max_months,
                latest,
            });
        }
        Ok(Self {
            referral,
            start,
            planned_end,
        })
    }

    pub fn referral(&self) -> NaiveDate {
        self.referral
    }
    pub fn start(&self) -> NaiveDate {
        self.start
    }
    pub fn planned_end(&self) -> NaiveDate {
        self.planned_end
    }

    /// The programme month (1 to `max_months`) that `today` falls in.
    pub fn programme_month(&self, today: NaiveDate, rules: &ProgrammeRules) -> u32 {
        (age_in_months(self.start, today) + 1).clamp(1, rules.max_months)
    }

    /// Refuses a session that is not within the intervention (start to planned end, or to the
    /// closure date when closed).
    pub fn check_contains(
        &self,
        first: NaiveDate,
        last: NaiveDate,
        closed_on: Option<NaiveDate>,
    ) -> DomainResult<()> {
        let end = closed_on.unwrap_or(self.planned_end);
        if first < self.start || last > end {
            return Err(DomainError::OutsideIntervention {
                start: self.start,
                end,
            });
        }
        Ok(())
    }
}

/// Refuses a young person when the coach already holds the maximum.
pub fn ensure_room_in_caseload(active: u32, rules: &ProgrammeRules) -> DomainResult<()> {
    if active >= rules.max_active {
        return Err(DomainError::CaseloadFull {
            limit: rules.max_active,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn dates(r: &str, s: &str, e: &str) -> DomainResult<InterventionDates> {
        InterventionDates::new(date(r), date(s), date(e), &ProgrammeRules::default())
    }

    #[test]
    fn planned_end_at_most_18_months_after_start() {
        assert!(dates("2025-01-01", "2025-01-10", "2026-07-10").is_ok());
        let err = dates("2025-01-01", "2025-01-10", "2026-07-11").unwrap_err();
        assert!(matches!(
            err,
            DomainError::PlannedEndTooLate { months: 18, .. }
        ));
        assert_eq!(err.field(), Some(Field::PlannedEndDate));
    }

    #[test]
    fn dates_out_of_order_are_refused() {
        assert_eq!(
            dates("2025-02-01", "2025-01-10", "2025-06-01")
                .unwrap_err()
                .field(),
            Some(Field::ReferralDate)
        );
        assert_eq!(
            dates("2025-01-01", "2025-01-10", "2025-01-10")
                .unwrap_err()
                .code(),
            "end_before_start"
        );
    }

    #[test]
    fn programme_month_runs_from_1_to_18() {
        let d = dates("2025-01-01", "2025-01-10", "2026-07-10").unwrap();
        let rules = ProgrammeRules::default();
        assert_eq!(d.programme_month(date("2024-12-01"), &rules), 1);
        assert_eq!(d.programme_month(date("2025-01-10"), &rules), 1);
        assert_eq!(d.programme_month(date("2025-02-10"), &rules), 2);
        assert_eq!(d.programme_month(date("2026-07-09"), &rules), 18);
        assert_eq!(d.programme_month(date("2027-07-09"), &rules), 18);
    }

    #[test]
    fn a_fourth_young_person_is_refused() {
        let rules = ProgrammeRules::default();
        assert!(ensure_room_in_caseload(2, &rules).is_ok());
        let err = ensure_room_in_caseload(3, &rules).unwrap_err();
        assert_eq!(err.code(), "caseload_full");
        assert!(err.to_string().contains("at most 3"));
    }

    #[test]
    fn sessions_must_fall_within_the_intervention() {
        let d = dates("2025-01-01", "2025-01-10", "2026-07-10").unwrap();
        assert!(
            d.check_contains(date("2025-01-10"), date("2025-01-10"), None)
                .is_ok()
        );
        assert_eq!(
            d.check_contains(date("2025-01-09"), date("2025-01-09"), None)
                .unwrap_err()
                .code(),
            "outside_intervention"
        );
        assert!(
            d.check_contains(
                date("2025-06-01"),
                date("2025-06-01"),
                Some(date("2025-05-31"))
            )
            .is_err()
        );
    }
}
