//! Validated text: trimmed, non-empty where required, bounded in length.

use crate::error::{DomainError, DomainResult};
use serde::{Deserialize, Serialize};

/// A required short line of text (a name, a place).
///
/// Invariant: trimmed, 1 to [`Line::MAX`] characters, no control characters.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Line(String);

impl Line {
    pub const MAX: usize = 200;

    pub fn parse(field: crate::Field, label: &str, raw: &str) -> DomainResult<Self> {
        let value = raw.trim();
        if value.is_empty() {
            return Err(DomainError::invalid(field, format!("enter {label}")));
        }
        if value.chars().count() > Self::MAX {
            return Err(DomainError::invalid(
                field,
                format!("{label} must be {} characters or fewer", Self::MAX),
            ));
        }
        if value.chars().any(char::is_control) {
            return Err(DomainError::invalid(
                field,
                format!("{label} must be a single line"),
            ));
        }
        Ok(Self(value.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Line {
    type Error = DomainError;
    fn try_from(value: String) -> DomainResult<Self> {
        Self::parse(crate::Field::Text, "a value", &value)
    }
}

impl From<Line> for String {
    fn from(value: Line) -> Self {
        value.0
    }
}

/// Optional free text (notes, details): trimmed at the ends, bounded.
pub fn optional_text(
    field: crate::Field,
    label: &str,
    raw: &str,
    max: usize,
) -> DomainResult<String> {
    let value = raw.trim();
    if value.chars().count() > max {
        return Err(DomainError::invalid(
            field,
            format!("{label} must be {max} characters or fewer"),
        ));
    }
    Ok(value.to_owned())
}
