//! Sessions the coach plans to hold: when, where and what for. They fill the calendar; once one
//! has happened, recording it fills the session form (and the session, not the plan, counts in
//! the hours).

use crate::Field;
use crate::error::{DomainError, DomainResult};
use crate::text::optional_text;
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

/// A planned session.
///
/// Invariant: it ends after it starts, within a day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlannedSession {
    pub starts: NaiveDateTime,
    pub ends: NaiveDateTime,
    pub place: String,
    pub purpose: String,
}

impl PlannedSession {
    pub fn new(
        starts: NaiveDateTime,
        ends: NaiveDateTime,
        place: &str,
        purpose: &str,
    ) -> DomainResult<Self> {
        if ends <= starts {
            return Err(DomainError::EndBeforeStart { field: Field::Ends });
        }
        if ends - starts > chrono::TimeDelta::hours(24) {
            return Err(DomainError::invalid(
                Field::Ends,
                "a session lasts at most a day — check the start and end",
            ));
        }
        Ok(Self {
            starts,
            ends,
            place: optional_text(Field::Place, "the place", place, 300)?,
            purpose: optional_text(Field::Purpose, "what it is for", purpose, 500)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_planned_session_ends_after_it_starts_within_a_day() {
        let t = |s: &str| NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M").unwrap();
        assert!(PlannedSession::new(t("2026-01-10T18:00"), t("2026-01-10T20:00"), "", "").is_ok());
        let field = |a, b| PlannedSession::new(t(a), t(b), "", "").unwrap_err().field();
        assert_eq!(
            field("2026-01-10T18:00", "2026-01-10T18:00"),
            Some(Field::Ends)
        );
        assert_eq!(
            field("2026-01-10T18:00", "2026-01-11T19:00"),
            Some(Field::Ends)
        );
    }
}
