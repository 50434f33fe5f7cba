//! Goals agreed with the young person, rated 1 to 10 from both their view and the coach's and
//! reviewed monthly; and the monthly outcome check (education, employment or training; risk
//! indicators; wellbeing; family relationships) that the baseline / 6 / 12 / 18-month
//! comparison is drawn from.

use crate::Field;
use crate::choices;
use crate::error::{DomainError, DomainResult};
use crate::text::{Line, optional_text};
use crate::young_person::RiskIndicator;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

choices!(
    /// The part of life a goal is about.
    GoalArea {
        Education = "education": "Education, training or work",
        Relationships = "relationships": "Relationships and family",
        Health = "health": "Health and wellbeing",
        Independence = "independence": "Independent living",
        Safety = "safety": "Staying safe",
        Interests = "interests": "Interests and activities",
        Other = "other": "Something else",
    }
);

choices!(
    /// Where a goal stands.
    GoalStatus {
        Active = "active": "Working on it",
        Achieved = "achieved": "Achieved",
        Stopped = "stopped": "No longer a goal",
    }
);

choices!(
    /// Education, employment or training, as it stands in a month.
    EetStatus {
        FullTime = "full_time": "In full-time education",
        PartTime = "part_time": "In part-time education",
        Training = "training": "In training or an apprenticeship",
        Employed = "employed": "In work",
        Neet = "neet": "Not in education, employment or training",
    }
);

/// A score from 1 to 10.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct Score(u8);

impl Score {
    pub fn new(field: crate::Field, value: u8) -> DomainResult<Self> {
        if (1..=10).contains(&value) {
            Ok(Self(value))
        } else {
            Err(DomainError::invalid(field, "choose a score from 1 to 10"))
        }
    }
    pub fn get(self) -> u8 {
        self.0
    }
}

impl TryFrom<u8> for Score {
    type Error = DomainError;
    fn try_from(value: u8) -> DomainResult<Self> {
        Self::new(crate::Field::Score, value)
    }
}

impl From<Score> for u8 {
    fn from(s: Score) -> u8 {
        s.0
    }
}

/// A goal agreed with the young person, in their words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Goal {
    pub area: GoalArea,
    pub words: Line,
    pub agreed_on: NaiveDate,
    pub status: GoalStatus,
}

impl Goal {
    pub fn new(
        area: GoalArea,
        words: &str,
        agreed_on: NaiveDate,
        status: GoalStatus,
        today: NaiveDate,
    ) -> DomainResult<Self> {
        if agreed_on > today {
            return Err(DomainError::invalid(
                Field::AgreedOn,
                "the date it was agreed must be today or in the past",
            ));
        }
        Ok(Self {
            area,
            words: Line::parse(Field::Words, "the goal, in the young person's words", words)?,
            agreed_on,
            status,
        })
    }
}

/// One review of a goal: how far along it is, from both views.
///
/// Invariant: not before the goal was agreed, not in the future.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoalRating {
    pub on: NaiveDate,
    pub young_person: Score,
    pub coach: Score,
    pub note: String,
}

impl GoalRating {
    pub fn new(
        goal: &Goal,
        on: NaiveDate,
        young_person: Score,
        coach: Score,
        note: &str,
        today: NaiveDate,
    ) -> DomainResult<Self> {
        if on < goal.agreed_on || on > today {
            return Err(DomainError::invalid(
                Field::On,
                "the review date must be between agreeing the goal and today",
            ));
        }
        Ok(Self {
            on,
            young_person,
            coach,
            note: optional_text(Field::Note, "the note", note, 2_000)?,
        })
    }
}

/// The monthly outcome check. One per month: a later check of the same month replaces it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutcomeCheck {
    /// The first day of the month checked.
    pub month: NaiveDate,
    pub eet: EetStatus,
    pub risk_indicators: BTreeSet<RiskIndicator>,
    /// The young person's own rating of how they are doing.
    pub wellbeing: Option<Score>,
    /// How family relationships are, as the young person sees them.
    pub family: Option<Score>,
    pub note: String,
}

impl OutcomeCheck {
    pub fn new(
        month: NaiveDate,
        eet: EetStatus,
        risk_indicators: BTreeSet<RiskIndicator>,
        wellbeing: Option<Score>,
        family: Option<Score>,
        note: &str,
        today: NaiveDate,
    ) -> DomainResult<Self> {
        let month = month.with_day(1).unwrap_or(month);
        if month > today {
            return Err(DomainError::invalid(
                Field::Month,
                "the month checked must be this month or earlier",
            ));
        }
        Ok(Self {
            month,
            eet,
            risk_indicators,
            wellbeing,
            family,
            note: optional_text(Field::Note, "the note", note, 2_000)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn scores_run_from_one_to_ten() {
        assert!(Score::new(Field::Score, 0).is_err());
        assert!(Score::new(Field::Score, 11).is_err());
        assert_eq!(Score::new(Field::Score, 10).unwrap().get(), 10);
        assert!(serde_json::from_str::<Score>("12").is_err());
    }

    #[test]
    fn goals_and_reviews_are_dated_in_order() {
        let today = day("2025-11-23");
        let goal = Goal::new(
            GoalArea::Education,
            "Get onto the motor vehicle course",
            day("2025-09-01"),
            GoalStatus::Active,
            today,
        )
        .unwrap();
        let s = |v| Score::new(Field::Score, v).unwrap();
        let early = GoalRating::new(&goal, day("2025-08-30"), s(3), s(4), "", today);
        assert_eq!(early.unwrap_err().field(), Some(Field::On));
        let late = GoalRating::new(&goal, day("2025-11-24"), s(3), s(4), "", today);
        assert_eq!(late.unwrap_err().field(), Some(Field::On));
        assert!(GoalRating::new(&goal, day("2025-10-01"), s(3), s(4), "", today).is_ok());
        let future = Goal::new(
            GoalArea::Other,
            "x",
            day("2025-12-01"),
            GoalStatus::Active,
            today,
        );
        assert_eq!(future.unwrap_err().field(), Some(Field::AgreedOn));
    }

    #[test]
    fn an_outcome_check_is_for_a_whole_month() {
        let check = OutcomeCheck::new(
            day("2025-11-17"),
            EetStatus::Neet,
            BTreeSet::new(),
            None,
            None,
            "",
            day("2025-11-23"),
        )
        .unwrap();
        assert_eq!(check.month, day("2025-11-01"));
        let next = OutcomeCheck::new(
            day("2025-12-01"),
            EetStatus::Neet,
            BTreeSet::new(),
            None,
            None,
            "",
            day("2025-11-23"),
        );
        assert_eq!(next.unwrap_err().field(), Some(Field::Month));
    }
}
