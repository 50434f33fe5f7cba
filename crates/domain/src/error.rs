//! The domain's errors. Each has a stable `code` the UI branches on and a message a coach can
//! act on; `field` names the input it belongs to, when there is one.

use crate::field::Field;
use chrono::NaiveDate;

pub type DomainResult<T> = Result<T, DomainError>;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DomainError {
    #[error("{message}")]
    Invalid { field: Field, message: String },
    #[error("the end is before the start — check both times")]
    EndBeforeStart { field: Field },
    #[error("a session can last at most 24 hours — check the start and end")]
    SessionTooLong,
    #[error(
        "the planned end can be at most {months} months after the start — enter {} or earlier",
        .latest.format("%-d %B %Y")
    )]
    PlannedEndTooLate { months: u32, latest: NaiveDate },
    #[error(
        "a coach holds at most {limit} young people at a time — close an intervention before adding another"
    )]
    CaseloadFull { limit: u32 },
    #[error(
        "this session is outside the intervention, which runs from {} to {} — check the date",
        .start.format("%-d %B %Y"),
        .end.format("%-d %B %Y")
    )]
    OutsideIntervention { start: NaiveDate, end: NaiveDate },
    #[error("the note is empty — write at least what happened before finalising")]
    EmptyNote,
    #[error("this note is finalised and cannot be edited — add an addendum to correct it")]
    NoteFinalised,
    #[error("this intervention is closed — nothing more can be recorded for it")]
    InterventionClosed,
    #[error(
        "this note was changed on two devices — keep one version or merge them before finalising"
    )]
    TwoVersions,
}

impl DomainError {
    /// The stable code the UI branches on.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Invalid { .. } => "invalid_input",
            Self::EndBeforeStart { .. } => "end_before_start",
            Self::SessionTooLong => "session_too_long",
            Self::PlannedEndTooLate { .. } => "invalid_input",
            Self::CaseloadFull { .. } => "caseload_full",
            Self::OutsideIntervention { .. } => "outside_intervention",
            Self::EmptyNote => "empty_note",
            Self::NoteFinalised => "note_finalised",
            Self::InterventionClosed => "intervention_closed",
            Self::TwoVersions => "two_versions",
        }
    }

    /// The input field the error belongs to, if any (camelCase, as in the IPC inputs).
    pub fn field(&self) -> Option<Field> {
        match self {
            Self::Invalid { field, .. } | Self::EndBeforeStart { field } => Some(*field),
            Self::SessionTooLong | Self::OutsideIntervention { .. } => Some(Field::End),
            Self::PlannedEndTooLate { .. } => Some(Field::PlannedEndDate),
            Self::EmptyNote => Some(Field::WhatHappened),
            Self::CaseloadFull { .. }
            | Self::NoteFinalised
            | Self::InterventionClosed
            | Self::TwoVersions => None,
        }
    }

    pub fn invalid(field: Field, message: impl Into<String>) -> Self {
        Self::Invalid {
            field,
            message: message.into(),
        }
    }
}
