//! The chronology: significant events in the young person's life during the intervention.
//! Most entries come from the records themselves (placements, concerns, missing episodes,
//! significant sessions); the coach adds others by hand and curates the view they share, by
//! leaving entries out or summing them up in their own words.

use crate::Field;
use crate::error::{DomainError, DomainResult};
use crate::text::{Line, optional_text};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// An entry the coach adds by hand: a court hearing, a family funeral, a new school.
///
/// Invariant: not in the future of the day it was written; a title; bounded detail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChronologyNote {
    pub on: NaiveDate,
    pub title: Line,
    pub detail: String,
}

impl ChronologyNote {
    pub fn new(on: NaiveDate, title: &str, detail: &str, today: NaiveDate) -> DomainResult<Self> {
        if on > today {
            return Err(DomainError::invalid(
                Field::On,
                "the date it happened must be today or in the past",
            ));
        }
        Ok(Self {
            on,
            title: Line::parse(Field::Title, "what happened, in a line", title)?,
            detail: optional_text(Field::Detail, "the detail", detail, 5_000)?,
        })
    }
}

/// The coach's choice about one entry: whether it is in the curated chronology, and a summary
/// in their own words (empty: the entry's own title).
///
/// Invariant: the key names an entry as `kind:uuid`; the summary is one bounded line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Curation {
    pub key: String,
    pub included: bool,
    pub summary: String,
}

/// The kinds of entry a key may name.
pub const ENTRY_KINDS: &[&str] = &[
    "started",
    "closed",
    "placement",
    "placement_end",
    "concern",
    "missing",
    "returned",
    "session",
    "note",
];

impl Curation {
    pub fn new(key: &str, included: bool, summary: &str) -> DomainResult<Self> {
        let well_formed = key.split_once(':').is_some_and(|(kind, id)| {
            ENTRY_KINDS.contains(&kind) && uuid::Uuid::parse_str(id).is_ok()
        });
        if !well_formed {
            return Err(DomainError::invalid(
                Field::Key,
                "this entry is not on this device — go back to the chronology and try again",
            ));
        }
        let summary = optional_text(Field::Summary, "the summary", summary, 300)?;
        if summary.contains('\n') {
            return Err(DomainError::invalid(
                Field::Summary,
                "write the summary on a single line",
            ));
        }
        Ok(Self {
            key: key.to_owned(),
            included,
            summary,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hand_written_entry_is_dated_and_titled() {
        let today: NaiveDate = "2025-11-23".parse().unwrap();
        let err =
            ChronologyNote::new("2025-11-24".parse().unwrap(), "Court", "", today).unwrap_err();
        assert_eq!(err.field(), Some(Field::On));
        let err = ChronologyNote::new(today, "  ", "", today).unwrap_err();
        assert_eq!(err.field(), Some(Field::Title));
        let ok = ChronologyNote::new(today, " Review meeting ", "", today).unwrap();
        assert_eq!(ok.title.as_str(), "Review meeting");
    }

    #[test]
    fn a_curation_names_a_known_entry() {
        let id = "01a233c2-bba7-7f30-9719-dd28e0e6aa98";
        assert!(Curation::new(&format!("concern:{id}"), false, "").is_ok());
        for bad in ["concern", "concern:x", &format!("lunch:{id}"), ""] {
            assert_eq!(
                Curation::new(bad, true, "").unwrap_err().field(),
                Some(Field::Key),
                "{bad}"
            );
        }
        let err = Curation::new(&format!("session:{id}"), true, "a\nb").unwrap_err();
        assert_eq!(err.field(), Some(Field::Summary));
    }
}
