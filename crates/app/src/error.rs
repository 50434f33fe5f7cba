use crate::dto::{ErrorCode, ErrorDto, Problem};
use insideout_crypto::CryptoError;
use insideout_domain::{DomainError, Field};
use insideout_store::StoreError;

pub type AppResult<T> = Result<T, AppError>;

/// Everything a use-case can refuse, each with a stable code.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error(transparent)]
    Domain(#[from] DomainError),
    #[error("the app is locked — enter your passphrase to unlock it")]
    Locked,
    #[error("no profile on this device yet — create one first")]
    NoProfile,
    #[error("this device already has a profile — unlock it instead")]
    ProfileExists,
    #[error("{message}")]
    WrongPassphrase { field: Field, message: String },
    #[error("too many wrong passphrases — wait {retry_after_seconds} seconds, then try again")]
    TooManyAttempts { retry_after_seconds: u32 },
    #[error("{1}")]
    Invalid(Field, String),
    /// Required fields left empty, every one of them, in the form's order.
    #[error("{}", .0.first().map_or("", |(_, m)| m.as_str()))]
    Incomplete(Vec<(Field, String)>),
    #[error("{what} not found — it may have been removed; go back and try again")]
    NotFound { what: &'static str },
    #[error("{0}")]
    NotOurFile(String),
    #[error("{0}")]
    Damaged(String),
    #[error(
        "something went wrong inside the app ({0}); nothing you typed was lost — try again, and if it happens again tell your supervisor"
    )]
    Internal(String),
    #[error(
        "this device belongs to a supervisor: supervisors read records and add comments; the coach writes them"
    )]
    SupervisorReadOnly,
}

impl AppError {
    pub fn code(&self) -> ErrorCode {
        match self {
            Self::Domain(e) => domain_code(e),
            Self::Locked => ErrorCode::Locked,
            Self::NoProfile => ErrorCode::NoProfile,
            Self::ProfileExists => ErrorCode::ProfileExists,
            Self::WrongPassphrase { .. } => ErrorCode::WrongPassphrase,
            Self::TooManyAttempts { .. } => ErrorCode::TooManyAttempts,
            Self::Invalid(..) | Self::Incomplete(_) => ErrorCode::InvalidInput,
            Self::NotFound { .. } => ErrorCode::NotFound,
            Self::NotOurFile(_) => ErrorCode::NotOurFile,
            Self::Damaged(_) => ErrorCode::DamagedStore,
            Self::Internal(_) => ErrorCode::Internal,
            Self::SupervisorReadOnly => ErrorCode::SupervisorReadOnly,
        }
    }

    pub fn field(&self) -> Option<Field> {
        match self {
            Self::Domain(e) => e.field(),
            Self::WrongPassphrase { field, .. } | Self::Invalid(field, _) => Some(*field),
            Self::Incomplete(problems) => problems.first().map(|(f, _)| *f),
            _ => None,
        }
    }

    pub(crate) fn invalid(field: Field, message: impl Into<String>) -> Self {
        Self::Invalid(field, message.into())
    }
}

impl From<&AppError> for ErrorDto {
    fn from(e: &AppError) -> Self {
        let mut dto = ErrorDto::new(e.code(), e.to_string(), e.field());
        if let AppError::Incomplete(problems) = e {
            dto.problems = problems
                .iter()
                .map(|(field, message)| Problem {
                    field: Some(*field),
                    message: message.clone(),
                })
                .collect();
        }
        dto
    }
}

/// The code of a rule the domain enforces.
fn domain_code(e: &DomainError) -> ErrorCode {
    match e {
        DomainError::Invalid { .. } | DomainError::PlannedEndTooLate { .. } => {
            ErrorCode::InvalidInput
        }
        DomainError::EndBeforeStart { .. } => ErrorCode::EndBeforeStart,
        DomainError::SessionTooLong => ErrorCode::SessionTooLong,
        DomainError::CaseloadFull { .. } => ErrorCode::CaseloadFull,
        DomainError::OutsideIntervention { .. } => ErrorCode::OutsideIntervention,
        DomainError::EmptyNote => ErrorCode::EmptyNote,
        DomainError::NoteFinalised => ErrorCode::NoteFinalised,
        DomainError::InterventionClosed => ErrorCode::InterventionClosed,
        DomainError::TwoVersions => ErrorCode::TwoVersions,
    }
}

impl From<AppError> for ErrorDto {
    fn from(e: AppError) -> Self {
        (&e).into()
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotOurFile => Self::NotOurFile(
                "the records on this device were not made by this app, or were locked with another key — they were left untouched; tell your supervisor".into(),
            ),
            StoreError::Damaged => Self::Damaged(
                "the records on this device are damaged — they were left untouched; ask your supervisor to restore them".into(),
            ),
            StoreError::NotFound { what } => Self::NotFound { what },
            StoreError::Domain(d) => Self::Domain(d),
            StoreError::AlreadyExists => Self::ProfileExists,
            StoreError::Missing => Self::NoProfile,
            other => Self::Internal(other.to_string()),
        }
    }
}

impl From<CryptoError> for AppError {
    fn from(e: CryptoError) -> Self {
        match e {
            CryptoError::NotAKeyFile => Self::NotOurFile(
                "the key that opens the records on this device was not made by this app — it was left untouched; tell your supervisor"
                    .into(),
            ),
            CryptoError::PassphraseTooShort { min } => Self::invalid(
                Field::Passphrase,
                format!(
                    "the passphrase must be at least {min} characters — a short sentence is easiest to remember"
                ),
            ),
            other => Self::Internal(other.to_string()),
        }
    }
}

impl From<std::io::Error> for AppError {
    fn from(e: std::io::Error) -> Self {
        Self::Internal(format!("a file could not be read or written: {e}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_is_named_as_it_serialises() {
        for code in ErrorCode::ALL {
            let json = serde_json::to_value(code).unwrap();
            assert_eq!(json, serde_json::Value::from(code.as_str()));
            assert_eq!(ErrorCode::named(code.as_str()), *code);
        }
        assert_eq!(ErrorCode::named("epoch_taken"), ErrorCode::Refused);
    }

    #[test]
    fn a_domain_error_keeps_the_code_the_domain_gives_it() {
        let day = chrono::NaiveDate::from_ymd_opt(2026, 12, 3).unwrap();
        let errors = [
            DomainError::invalid(Field::Text, "bad"),
            DomainError::EndBeforeStart { field: Field::End },
            DomainError::SessionTooLong,
            DomainError::PlannedEndTooLate {
                months: 18,
                latest: day,
            },
            DomainError::CaseloadFull { limit: 3 },
            DomainError::OutsideIntervention {
                start: day,
                end: day,
            },
            DomainError::EmptyNote,
            DomainError::NoteFinalised,
            DomainError::InterventionClosed,
            DomainError::TwoVersions,
        ];
        for e in errors {
            assert_eq!(domain_code(&e).as_str(), e.code());
        }
    }
}
