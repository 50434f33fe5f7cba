//! The structured note of a session. A note is a draft until the coach finalises it; after that
//! it changes only by dated addenda. Every revision is kept (see the store).

use crate::Field;
use crate::error::{DomainError, DomainResult};
use crate::text::optional_text;
use serde::{Deserialize, Serialize};

/// The longest a part of a note may be, in characters.
pub const NOTE_PART_MAX: usize = 50_000;

/// The four parts of a note, kept apart so fact and opinion stay separate.
///
/// Invariant: each part is at most [`NOTE_PART_MAX`] characters. Text is kept exactly as typed
/// (a draft saved mid-word must come back mid-word).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoteBody {
    what_happened: String,
    voice: String,
    analysis: String,
    actions: String,
}

impl NoteBody {
    pub fn new(
        what_happened: &str,
        voice: &str,
        analysis: &str,
        actions: &str,
    ) -> DomainResult<Self> {
        for (field, label, text) in [
            (Field::WhatHappened, "What happened", what_happened),
            (Field::Voice, "The young person's voice", voice),
            (Field::Analysis, "Your analysis", analysis),
            (Field::Actions, "Agreed actions", actions),
        ] {
            if text.chars().count() > NOTE_PART_MAX {
                return Err(DomainError::invalid(
                    field,
                    format!("{label} must be {NOTE_PART_MAX} characters or fewer"),
                ));
            }
        }
        Ok(Self {
            what_happened: what_happened.to_owned(),
            voice: voice.to_owned(),
            analysis: analysis.to_owned(),
            actions: actions.to_owned(),
        })
    }

    pub fn what_happened(&self) -> &str {
        &self.what_happened
    }
    pub fn voice(&self) -> &str {
        &self.voice
    }
    pub fn analysis(&self) -> &str {
        &self.analysis
    }
    pub fn actions(&self) -> &str {
        &self.actions
    }

    /// All the text, for the search index.
    pub fn searchable_text(&self) -> String {
        [
            &self.what_happened,
            &self.voice,
            &self.analysis,
            &self.actions,
        ]
        .iter()
        .filter(|s| !s.trim().is_empty())
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join("\n")
    }

    /// Refuses to finalise a note that does not say what happened.
    pub fn check_finalisable(&self) -> DomainResult<()> {
        if self.what_happened.trim().is_empty() {
            return Err(DomainError::EmptyNote);
        }
        Ok(())
    }
}

/// A dated correction to a finalised note.
///
/// Invariant: non-empty, at most [`NOTE_PART_MAX`] characters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct AddendumText(String);

impl AddendumText {
    pub fn parse(raw: &str) -> DomainResult<Self> {
        let text = optional_text(Field::Text, "the addendum", raw, NOTE_PART_MAX)?;
        if text.is_empty() {
            return Err(DomainError::invalid(
                Field::Text,
                "write the addendum before adding it",
            ));
        }
        Ok(Self(text))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A supervision comment (or a coach's reply): not empty, bounded like a note part.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CommentText(String);

impl CommentText {
    pub fn parse(raw: &str) -> DomainResult<Self> {
        let text = optional_text(Field::Text, "the comment", raw, NOTE_PART_MAX)?;
        if text.is_empty() {
            return Err(DomainError::invalid(
                Field::Text,
                "write the comment before sending it",
            ));
        }
        Ok(Self(text))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for CommentText {
    type Error = DomainError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<CommentText> for String {
    fn from(value: CommentText) -> Self {
        value.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_note_without_what_happened_cannot_be_finalised() {
        assert_eq!(
            NoteBody::default().check_finalisable().unwrap_err().code(),
            "empty_note"
        );
        let only_opinion = NoteBody::new("  \n", "", "I think it went well", "").unwrap();
        assert_eq!(
            only_opinion.check_finalisable().unwrap_err().field(),
            Some(Field::WhatHappened)
        );
        assert!(
            NoteBody::new("We went bowling.", "", "", "")
                .unwrap()
                .check_finalisable()
                .is_ok()
        );
    }

    #[test]
    fn drafts_keep_text_exactly_as_typed() {
        let n = NoteBody::new("We went bowl", "", "", "").unwrap();
        assert_eq!(n.what_happened(), "We went bowl");
        let n = NoteBody::new("trailing space ", "", "", "").unwrap();
        assert_eq!(n.what_happened(), "trailing space ");
    }

    #[test]
    fn oversized_parts_and_empty_addenda_are_refused() {
        let long = "x".repeat(NOTE_PART_MAX + 1);
        assert_eq!(
            NoteBody::new("", &long, "", "").unwrap_err().field(),
            Some(Field::Voice)
        );
        assert_eq!(
            AddendumText::parse("   ").unwrap_err().field(),
            Some(Field::Text)
        );
    }
}
