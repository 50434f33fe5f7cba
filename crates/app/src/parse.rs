//! Raw form input into domain values, once, at the edge. Every error names its field.

use crate::{AppError, AppResult};
use chrono::{NaiveDate, NaiveDateTime};
use insideout_domain::Field;
use insideout_domain::choice::Choice;
use std::str::FromStr;

pub(crate) fn date(field: Field, label: &str, raw: &str) -> AppResult<NaiveDate> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(AppError::invalid(field, format!("enter {label}")));
    }
    NaiveDate::parse_from_str(raw, "%Y-%m-%d").map_err(|_| {
        AppError::invalid(
            field,
            format!(
                "{label} must be a real date: the day, month and year as numbers, like 27 3 2025"
            ),
        )
    })
}

pub(crate) fn date_time(field: Field, label: &str, raw: &str) -> AppResult<NaiveDateTime> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(AppError::invalid(field, format!("enter {label}")));
    }
    NaiveDateTime::parse_from_str(raw, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(raw, "%Y-%m-%dT%H:%M:%S"))
        .map_err(|_| {
            AppError::invalid(
                field,
                format!("{label} must be a real date and a time: the day, month and year as numbers, like 27 3 2025, and the time as 18:30"),
            )
        })
}

pub(crate) fn choice<T: Choice>(field: Field, raw: &str) -> AppResult<T> {
    Ok(T::parse(field, raw)?)
}

pub(crate) fn choices<T: Choice + Ord>(
    field: Field,
    raw: &[String],
) -> AppResult<std::collections::BTreeSet<T>> {
    raw.iter().map(|v| choice::<T>(field, v)).collect()
}

pub(crate) fn id<T: FromStr>(what: &'static str, raw: &str) -> AppResult<T> {
    raw.parse().map_err(|_| AppError::NotFound { what })
}

/// Local time as the UI's `datetime-local` shows it.
pub(crate) fn local(t: NaiveDateTime) -> String {
    t.format("%Y-%m-%dT%H:%M").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_times_parse_or_name_their_field() {
        assert_eq!(
            date(Field::Date, "the date", "2025-03-27")
                .unwrap()
                .to_string(),
            "2025-03-27"
        );
        let err = date(Field::StartDate, "the start date", "2025-02-30").unwrap_err();
        assert_eq!(
            (err.code().as_str(), err.field()),
            ("invalid_input", Some(Field::StartDate))
        );
        assert!(err.to_string().contains("real date"));
        assert!(
            date(Field::Date, "the date", " ")
                .unwrap_err()
                .to_string()
                .starts_with("enter")
        );
        assert_eq!(
            local(date_time(Field::Start, "the start", "2025-03-27T18:30").unwrap()),
            "2025-03-27T18:30"
        );
        assert_eq!(
            date_time(Field::End, "the end", "18:30")
                .unwrap_err()
                .field(),
            Some(Field::End)
        );
    }
}
