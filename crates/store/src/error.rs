use insideout_domain::DomainError;

pub type StoreResult<T> = Result<T, StoreError>;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "the records on this device were not made by this app — they were left untouched; tell your supervisor"
    )]
    NotOurFile,
    #[error(
        "the records on this device are damaged and cannot be opened — they were left untouched; ask your supervisor to restore them"
    )]
    Damaged,
    #[error("this device already has a profile — unlock it instead")]
    AlreadyExists,
    #[error("no profile on this device yet — create one first")]
    Missing,
    #[error("{what} not found — try again, and if it happens again tell your supervisor")]
    NotFound { what: &'static str },
    #[error(transparent)]
    Domain(#[from] DomainError),
    #[error(transparent)]
    Crypto(#[from] insideout_crypto::CryptoError),
    #[error(
        "this device holds a change this version of the app cannot read ({0}) — update the app, then try again"
    )]
    BadOp(String),
    #[error("{}", sqlite_text(.0))]
    Sqlite(rusqlite::Error),
    #[error("{}", io_text(.0))]
    Io(#[from] std::io::Error),
}

/// What a database failure says: a full device is named, with what to do.
fn sqlite_text(e: &rusqlite::Error) -> String {
    match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::DiskFull) => FULL.to_owned(),
        _ => format!("the records on this device could not be read or saved: {e}"),
    }
}

/// What a file failure says: a full device is named, with what to do.
fn io_text(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::StorageFull => FULL.to_owned(),
        _ => format!("a file could not be read or written: {e}"),
    }
}

const FULL: &str = "this device is full: delete photos, videos or apps you no longer need";

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode;
        match e.sqlite_error_code() {
            Some(ErrorCode::NotADatabase) => Self::NotOurFile,
            Some(ErrorCode::DatabaseCorrupt) => Self::Damaged,
            _ => Self::Sqlite(e),
        }
    }
}

impl From<serde_json::Error> for StoreError {
    fn from(e: serde_json::Error) -> Self {
        Self::BadOp(e.to_string())
    }
}
