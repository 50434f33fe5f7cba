//! The agenda's assembly: what each plan's line says, and the days its entries fall into. Pure:
//! the app gathers the entries from the records and shows what this returns.

use chrono::{NaiveDate, NaiveDateTime};

/// One thing on the agenda, with the day it falls on and when in the day (for the order).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry<T> {
    pub day: NaiveDate,
    pub at: NaiveDateTime,
    pub item: T,
}

/// One day of the agenda and its entries in time order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Day<T> {
    pub date: NaiveDate,
    /// "Today", "Tomorrow", "Yesterday" or "Sat 6 Dec".
    pub label: String,
    pub items: Vec<T>,
}

/// The entries by day, days in order and each day's entries in time order; a day with no
/// entry is left out.
pub fn by_day<T>(mut entries: Vec<Entry<T>>, today: NaiveDate) -> Vec<Day<T>> {
    entries.sort_by_key(|e| (e.day, e.at));
    let mut out: Vec<Day<T>> = Vec::new();
    for e in entries {
        match out.last_mut() {
            Some(d) if d.date == e.day => d.items.push(e.item),
            _ => out.push(Day {
                date: e.day,
                label: day_label(e.day, today),
                items: vec![e.item],
            }),
        }
    }
    out
}

/// What a day is called, seen from `today`.
pub fn day_label(day: NaiveDate, today: NaiveDate) -> String {
    match (day - today).num_days() {
        0 => "Today".to_owned(),
        1 => "Tomorrow".to_owned(),
        -1 => "Yesterday".to_owned(),
        _ => day.format("%a %-d %b").to_string(),
    }
}

/// Where a plan stands: recorded, waiting to be recorded once it has happened, ready, or the
/// first thing still missing.
pub fn plan_status(ready: bool, missing: &[String], recorded: bool, past: bool) -> String {
    match (past, recorded) {
        (true, true) => "Recorded as a session".to_owned(),
        (true, false) => "Happened? Record it as a session".to_owned(),
        _ if ready => "Ready".to_owned(),
        _ => match missing.first() {
            Some(first) => format!("Not ready: {first}"),
            None => "Not ready".to_owned(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M").unwrap()
    }

    fn entry(s: &str, item: &'static str) -> Entry<&'static str> {
        let at = at(s);
        Entry {
            day: at.date(),
            at,
            item,
        }
    }

    #[test]
    fn entries_fall_into_their_days_in_time_order() {
        let today = at("2025-12-06T12:00").date();
        let days = by_day(
            vec![
                entry("2025-12-07T18:00", "cinema"),
                entry("2025-12-06T19:00", "session"),
                entry("2025-12-06T10:00", "climbing"),
                entry("2025-12-12T00:00", "residential"),
                entry("2025-12-05T17:00", "planned"),
            ],
            today,
        );
        let shown: Vec<(&str, Vec<&str>)> = days
            .iter()
            .map(|d| (d.label.as_str(), d.items.clone()))
            .collect();
        assert_eq!(
            shown,
            [
                ("Yesterday", vec!["planned"]),
                ("Today", vec!["climbing", "session"]),
                ("Tomorrow", vec!["cinema"]),
                ("Fri 12 Dec", vec!["residential"]),
            ]
        );
        assert!(by_day(Vec::<Entry<&str>>::new(), today).is_empty());
    }

    #[test]
    fn a_plan_says_where_it_stands() {
        let missing = vec!["no consent yet".to_owned(), "no transport".to_owned()];
        assert_eq!(plan_status(true, &[], true, true), "Recorded as a session");
        assert_eq!(
            plan_status(true, &[], false, true),
            "Happened? Record it as a session"
        );
        assert_eq!(plan_status(true, &missing, false, false), "Ready");
        assert_eq!(
            plan_status(false, &missing, false, false),
            "Not ready: no consent yet"
        );
        assert_eq!(plan_status(false, &[], false, false), "Not ready");
    }
}
