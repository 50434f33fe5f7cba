//! Lone working: a coach out alone with a young person checks in (who they are with, an area
//! rather than an address, the time they expect to finish) and checks out when they are done.
//! Both are records that travel before everything else, so the supervisor or the on-call
//! person sees who is out now and whose check-out is overdue. The session timer itself stays on
//! the device (decision 0010).

use crate::Field;
use crate::error::{DomainError, DomainResult};
use crate::text::Line;
use chrono::{NaiveDateTime, TimeDelta};
use serde::{Deserialize, Serialize};

/// The longest a check-in may say it lasts: a day out, not a week.
pub const MAX_HOURS: i64 = 16;

/// A check-in as the coach gave it.
///
/// Invariant: an area and who they are with, each one line; the expected finish after the
/// start and at most [`MAX_HOURS`] later.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckIn {
    /// Who the coach is with ("Jordan and his brother").
    pub with_whom: Line,
    /// Where, as an area: "Chelmsford town centre", never an address.
    pub area: Line,
    /// Local time the coach checked in.
    pub started: NaiveDateTime,
    /// Local time the coach expects to be done.
    pub expected_end: NaiveDateTime,
}

impl CheckIn {
    pub fn new(
        with_whom: &str,
        area: &str,
        started: NaiveDateTime,
        expected_end: NaiveDateTime,
    ) -> DomainResult<Self> {
        let with_whom = Line::parse(Field::WithWhom, "who you are with", with_whom)?;
        let area = Line::parse(Field::Area, "the area", area)?;
        if expected_end <= started {
            return Err(DomainError::invalid(
                Field::ExpectedEnd,
                "the time you expect to finish must be later than now",
            ));
        }
        if expected_end - started > TimeDelta::hours(MAX_HOURS) {
            return Err(DomainError::invalid(
                Field::ExpectedEnd,
                format!(
                    "a check-in lasts at most {MAX_HOURS} hours: check the time you expect to finish"
                ),
            ));
        }
        Ok(Self {
            with_whom,
            area,
            started,
            expected_end,
        })
    }

    /// Whether the coach should have checked out by `now`.
    pub fn overdue(&self, now: NaiveDateTime) -> bool {
        now > self.expected_end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M").unwrap()
    }

    #[test]
    fn a_check_in_needs_an_area_company_and_a_finish_after_now() {
        let e = CheckIn::new(
            "Jordan",
            " ",
            at("2026-12-03T19:00"),
            at("2026-12-03T21:00"),
        )
        .unwrap_err();
        assert_eq!(e.field(), Some(Field::Area));
        let e =
            CheckIn::new("", "Town", at("2026-12-03T19:00"), at("2026-12-03T21:00")).unwrap_err();
        assert_eq!(e.field(), Some(Field::WithWhom));
        let e = CheckIn::new(
            "Jordan",
            "Town",
            at("2026-12-03T19:00"),
            at("2026-12-03T18:00"),
        )
        .unwrap_err();
        assert_eq!(e.field(), Some(Field::ExpectedEnd));
        let e = CheckIn::new(
            "Jordan",
            "Town",
            at("2026-12-03T19:00"),
            at("2026-12-04T19:00"),
        )
        .unwrap_err();
        assert!(e.to_string().contains("16 hours"), "{e}");
        let c = CheckIn::new(
            "Jordan",
            "Town",
            at("2026-12-03T19:00"),
            at("2026-12-03T21:00"),
        )
        .unwrap();
        assert!(!c.overdue(at("2026-12-03T21:00")));
        assert!(c.overdue(at("2026-12-03T21:01")));
    }
}
