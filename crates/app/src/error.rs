use crate::dto::ErrorDto;
use insideout_crypto::CryptoError;
use insideout_domain::DomainError;
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
    WrongPassphrase {
        field: &'static str,
        message: String,
    },
    #[error("too many wrong passphrases — wait {retry_after_seconds} seconds, then try again")]
    TooManyAttempts { retry_after_seconds: u32 },
    #[error("{1}")]
    Invalid(&'static str, String),
    #[error("{what} not found — it may have been removed; go back and try again")]
    NotFound { what: &'static str },
    #[error("{0}")]
    NotOurFile(String),
    #[error("{0}")]
    Damaged(String),
    #[error("something went wrong inside the app ({0}); nothing you typed was lost")]
    Internal(String),
    #[error(
        "this device belongs to a supervisor: supervisors read records and add comments; the coach writes them"
    )]
    SupervisorReadOnly,
}

impl AppError {
    pub fn code(&self) -> &'static str {
        match self {
            Self::Domain(e) => e.code(),
            Self::Locked => "locked",
            Self::NoProfile => "no_profile",
            Self::ProfileExists => "profile_exists",
            Self::WrongPassphrase { .. } => "wrong_passphrase",
            Self::TooManyAttempts { .. } => "too_many_attempts",
            Self::Invalid(..) => "invalid_input",
            Self::NotFound { .. } => "not_found",
            Self::NotOurFile(_) => "not_our_file",
            Self::Damaged(_) => "damaged_store",
            Self::Internal(_) => "internal",
            Self::SupervisorReadOnly => "supervisor_read_only",
        }
    }

    pub fn field(&self) -> Option<&'static str> {
        match self {
            Self::Domain(e) => e.field(),
            Self::WrongPassphrase { field, .. } | Self::Invalid(field, _) => Some(field),
            _ => None,
        }
    }

    pub(crate) fn invalid(field: &'static str, message: impl Into<String>) -> Self {
        Self::Invalid(field, message.into())
    }
}

impl From<&AppError> for ErrorDto {
    fn from(e: &AppError) -> Self {
        ErrorDto {
            code: e.code().to_owned(),
            message: e.to_string(),
            field: e.field().map(str::to_owned),
        }
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
                "the data file on this device is not an Inside Out store, or was made with another key — it was left untouched".into(),
            ),
            StoreError::Damaged => Self::Damaged(
                "the data file on this device is damaged — it was left untouched; ask your supervisor to restore it".into(),
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
                "the key file on this device is not an Inside Out key file — it was left untouched"
                    .into(),
            ),
            CryptoError::PassphraseTooShort { min } => Self::invalid(
                "passphrase",
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
        Self::Internal(format!("file error: {e}"))
    }
}
