use insideout_domain::DomainError;

pub type StoreResult<T> = Result<T, StoreError>;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("this file is not an Inside Out store — it was left untouched")]
    NotOurFile,
    #[error(
        "the store is damaged and cannot be opened — it was left untouched; restore it from a backup or sync"
    )]
    Damaged,
    #[error("a store already exists here")]
    AlreadyExists,
    #[error("no store exists here yet")]
    Missing,
    #[error("{what} not found")]
    NotFound { what: &'static str },
    #[error(transparent)]
    Domain(#[from] DomainError),
    #[error(transparent)]
    Crypto(#[from] insideout_crypto::CryptoError),
    #[error("the op log holds an op this version cannot read: {0}")]
    BadOp(String),
    #[error("database error: {0}")]
    Sqlite(rusqlite::Error),
    #[error("file error: {0}")]
    Io(#[from] std::io::Error),
}

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
