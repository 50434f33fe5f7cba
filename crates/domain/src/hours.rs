//! Hours of coaching: how a session's minutes fall into daytime, evening and weekend. The
//! programme expects evenings and weekends, so the split shows whether the work happens when
//! the young person needs it.

use chrono::{Datelike, Days, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, Weekday};
use serde::{Deserialize, Serialize};

/// When a weekday's daytime starts and ends; before and after is evening.
pub const DAY_STARTS: NaiveTime = match NaiveTime::from_hms_opt(7, 0, 0) {
    Some(t) => t,
    None => panic!("07:00 is a time"),
};
pub const EVENING_STARTS: NaiveTime = match NaiveTime::from_hms_opt(18, 0, 0) {
    Some(t) => t,
    None => panic!("18:00 is a time"),
};

/// The Monday of the week `day` falls in: the programme's weeks run Monday to Sunday.
pub fn week_start(day: NaiveDate) -> NaiveDate {
    day - Days::new(u64::from(day.weekday().num_days_from_monday()))
}

/// Minutes by part of the week.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HoursSplit {
    /// Monday to Friday, 07:00 to 18:00.
    pub daytime: u32,
    /// Monday to Friday, before 07:00 or from 18:00.
    pub evening: u32,
    /// Saturday and Sunday, all day.
    pub weekend: u32,
}

impl HoursSplit {
    pub fn total(&self) -> u32 {
        self.daytime + self.evening + self.weekend
    }

    /// Splits the minutes from `start` to `end` (a session crossing midnight is split at it).
    pub fn of(start: NaiveDateTime, end: NaiveDateTime) -> Self {
        let mut split = Self::default();
        let mut at = start;
        while at < end {
            let next_midnight = (at.date() + TimeDelta::days(1)).and_time(NaiveTime::MIN);
            let until = end.min(next_midnight);
            let minutes = |a: NaiveDateTime, b: NaiveDateTime| {
                u32::try_from((b - a).num_minutes().max(0)).unwrap_or(0)
            };
            if matches!(at.weekday(), Weekday::Sat | Weekday::Sun) {
                split.weekend += minutes(at, until);
            } else {
                let day_from = at.date().and_time(DAY_STARTS);
                let day_to = at.date().and_time(EVENING_STARTS);
                let (a, b) = (at.max(day_from), until.min(day_to));
                let daytime = if a < b { minutes(a, b) } else { 0 };
                split.daytime += daytime;
                split.evening += minutes(at, until) - daytime;
            }
            at = until;
        }
        split
    }

    pub fn add(&mut self, other: Self) {
        self.daytime += other.daytime;
        self.evening += other.evening;
        self.weekend += other.weekend;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(start: &str, end: &str) -> (u32, u32, u32) {
        let t = |s: &str| NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M").unwrap();
        let s = HoursSplit::of(t(start), t(end));
        (s.daytime, s.evening, s.weekend)
    }

    #[test]
    fn a_week_starts_on_its_monday() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        for day in ["2026-11-30", "2026-12-03", "2026-12-06"] {
            assert_eq!(week_start(d(day)), d("2026-11-30"), "{day}");
        }
        assert_eq!(week_start(d("2026-12-07")), d("2026-12-07"));
        assert_eq!(week_start(d("2026-11-22")), d("2026-11-16")); // a Sunday
        assert_eq!(week_start(d("2026-11-16")), d("2026-11-16"));
        assert_eq!(week_start(d("2026-11-17")), d("2026-11-16"));
        // Across a year's end.
        assert_eq!(week_start(d("2027-01-01")), d("2026-12-28"));
    }

    #[test]
    fn minutes_fall_into_daytime_evening_and_weekend() {
        // Monday 24 November 2025.
        assert_eq!(split("2025-11-24T10:00", "2025-11-24T12:00"), (120, 0, 0));
        assert_eq!(split("2025-11-24T17:00", "2025-11-24T19:30"), (60, 90, 0));
        assert_eq!(split("2025-11-24T06:00", "2025-11-24T08:00"), (60, 60, 0));
        // Friday evening into Saturday: the minutes after midnight are weekend.
        assert_eq!(split("2025-11-28T22:00", "2025-11-29T01:00"), (0, 120, 60));
        // Sunday night into Monday morning.
        assert_eq!(split("2025-11-30T23:00", "2025-12-01T08:00"), (60, 420, 60));
        assert_eq!(split("2025-11-29T09:00", "2025-11-29T17:00"), (0, 0, 480));
    }

    proptest::proptest! {
        /// Whatever the start and length, the parts add up to the session, and weekend minutes
        /// appear only when the session touches a Saturday or Sunday.
        #[test]
        fn the_parts_add_up_to_the_session(offset in 0i64..60 * 24 * 28, length in 1i64..=60 * 24) {
            let base = NaiveDateTime::parse_from_str("2025-11-24T00:00", "%Y-%m-%dT%H:%M").unwrap();
            let start = base + TimeDelta::minutes(offset);
            let end = start + TimeDelta::minutes(length);
            let s = HoursSplit::of(start, end);
            proptest::prop_assert_eq!(i64::from(s.total()), length);
            let touches_weekend = [start, end - TimeDelta::minutes(1)]
                .iter()
                .any(|t| matches!(t.weekday(), Weekday::Sat | Weekday::Sun));
            proptest::prop_assert_eq!(s.weekend > 0, touches_weekend);
        }
    }
}
