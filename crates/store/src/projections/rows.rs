//! Reading stored values back: JSON, ids, choices and local times, each failing as a
//! conversion error of the column.

use super::LOCAL_TIME;
use chrono::NaiveDateTime;
use insideout_domain::choice::Choice;

pub(crate) fn json<T: serde::de::DeserializeOwned>(text: String) -> rusqlite::Result<T> {
    serde_json::from_str(&text).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
    })
}

/// A stored local time (`YYYY-MM-DDTHH:MM:SS`).
pub(crate) fn local_time(text: String) -> rusqlite::Result<NaiveDateTime> {
    NaiveDateTime::parse_from_str(&text, LOCAL_TIME).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
    })
}

pub(crate) fn parsed<T: std::str::FromStr>(text: String) -> rusqlite::Result<T>
where
    T::Err: std::error::Error + Send + Sync + 'static,
{
    text.parse().map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
    })
}

pub(crate) fn choice<T: Choice>(text: String) -> rusqlite::Result<T> {
    T::from_value(&text).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            0,
            rusqlite::types::Type::Text,
            format!("\"{text}\" is not a value of this list").into(),
        )
    })
}
