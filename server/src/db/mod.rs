//! The service's storage, behind one trait with two implementations: [`sqlite::SqliteDb`] (the
//! default: one file, no set-up) and [`postgres::PostgresDb`] (several service instances over one
//! PostgreSQL). One conformance suite (`server/tests/conformance`) runs against both.
//!
//! Guarantees of every implementation:
//! - `server_seq` is dense per scope and assigned under a per-scope lock inside the inserting
//!   transaction, so a reader that has seen N has seen everything below N;
//! - a batch is stored once: a repeat (the same content and signature) is acknowledged with its
//!   sequence, anything else under a used number is refused;
//! - an enrolment code is used at most once, and never after it expires.

pub mod access;
pub mod postgres;
pub mod sqlite;

use insideout_domain::ids::{DeviceId, PersonId};
use insideout_protocol::api::{DeviceStatus, Role, TeamId};
use insideout_protocol::{Priority, Scope};
use std::future::Future;

pub type DbResult<T> = Result<T, DbError>;

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("the organisation is already initialised")]
    AlreadyInitialised,
    #[error("the organisation is not initialised yet: run `insideout-server init` first")]
    NotInitialised,
    #[error("no team {0}")]
    UnknownTeam(String),
    #[error("no person {0}")]
    UnknownPerson(String),
    #[error("no device {0}")]
    UnknownDevice(String),
    #[error("{0} is already taken")]
    Taken(String),
    #[error("this enrolment code is not known")]
    CodeUnknown,
    #[error("this enrolment code has expired; ask for a new one")]
    CodeExpired,
    #[error("this enrolment code has already been used; ask for a new one")]
    CodeUsed,
    #[error("storage failed: {0}")]
    Backend(String),
    #[error("stored data is damaged: {0}")]
    Damaged(String),
}

impl From<rusqlite::Error> for DbError {
    fn from(e: rusqlite::Error) -> Self {
        match e {
            rusqlite::Error::SqliteFailure(f, _)
                if f.code == rusqlite::ErrorCode::ConstraintViolation =>
            {
                Self::Taken("an id or label".into())
            }
            e => Self::Backend(e.to_string()),
        }
    }
}

impl From<tokio_postgres::Error> for DbError {
    fn from(e: tokio_postgres::Error) -> Self {
        if e.code() == Some(&tokio_postgres::error::SqlState::UNIQUE_VIOLATION) {
            return Self::Taken("an id or label".into());
        }
        Self::Backend(e.to_string())
    }
}

impl From<deadpool_postgres::PoolError> for DbError {
    fn from(e: deadpool_postgres::PoolError) -> Self {
        Self::Backend(e.to_string())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Org {
    pub recovery_recipient: String,
    /// The organisation key's public half, hex.
    pub org_key: String,
    pub created_ms: u64,
}

/// A directory record as stored: its hash, its countersignature ('' for none) and its JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirectoryRow {
    pub hash: String,
    pub countersignature: String,
    pub record: String,
}

/// A revoked device's sealed outbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Salvage {
    pub device: DeviceId,
    pub received_ms: u64,
    pub sealed: Vec<u8>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub id: PersonId,
    pub team: TeamId,
    pub role: Role,
    /// A pseudonymous label the administrator chose (never a name).
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewDevice {
    pub id: DeviceId,
    pub token_hash: String,
    pub age_recipient: String,
    pub signing_key: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Device {
    pub id: DeviceId,
    pub person: PersonId,
    pub role: Role,
    pub team: TeamId,
    pub status: DeviceStatus,
    pub age_recipient: String,
    pub signing_key: String,
    pub created_ms: u64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewBatch {
    pub scope: Scope,
    pub device_seq: u64,
    pub key_epoch: u32,
    pub priority: Priority,
    pub header: String,
    pub signature: String,
    pub ciphertext: Vec<u8>,
    pub hash: String,
    pub received_ms: u64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PushOutcome {
    Stored {
        server_seq: u64,
    },
    /// The same batch had been stored before.
    Repeat {
        server_seq: u64,
    },
    /// The device skipped a number.
    Gap {
        expected: u64,
    },
    /// A different batch was already stored under this device number.
    Replayed,
    /// The batch is encrypted to a key epoch that is no longer (or not yet) current.
    WrongEpoch {
        current: u32,
    },
    /// The author may not write this scope.
    Forbidden,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredBatch {
    pub scope: Scope,
    pub server_seq: u64,
    pub device: DeviceId,
    pub device_seq: u64,
    pub priority: Priority,
    pub header: String,
    pub signature: String,
    pub ciphertext: Vec<u8>,
}

/// A scope's facts the service needs to decide access.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScopeRow {
    pub scope: Scope,
    pub owner: PersonId,
    pub team: TeamId,
    pub next_seq: u64,
    pub epoch: u32,
    /// The newest safeguarding batch's sequence (0: none).
    pub priority_seq: u64,
}

impl ScopeRow {
    /// The newest sequence stored (0: none).
    pub fn head(&self) -> u64 {
        self.next_seq - 1
    }
}

/// Who an envelope is wrapped to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Recipient {
    Device(DeviceId),
    Recovery,
}

impl Recipient {
    pub fn key(&self) -> String {
        match self {
            Self::Device(d) => d.to_string(),
            Self::Recovery => "recovery".into(),
        }
    }

    pub fn parse(text: &str) -> DbResult<Self> {
        if text == "recovery" {
            return Ok(Self::Recovery);
        }
        text.parse()
            .map(Self::Device)
            .map_err(|_| DbError::Damaged(format!("envelope recipient {text}")))
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredEnvelope {
    pub scope: Scope,
    pub epoch: u32,
    pub recipient: Recipient,
    pub envelope: Vec<u8>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EnvelopeOutcome {
    Stored,
    /// The author cannot read this scope, so it cannot hold its key.
    Forbidden(Scope),
    /// Not the scope's current epoch (or, for a rotation, not the next one).
    StaleEpoch {
        scope: Scope,
        current: u32,
    },
    /// A rotation to an epoch another key holder introduced first.
    EpochTaken {
        scope: Scope,
        current: u32,
    },
    /// The scope does not exist yet: its first batch creates it.
    UnknownScope(Scope),
}

/// A page of a pull.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    pub batches: Vec<StoredBatch>,
    pub done: bool,
}

pub trait Database: Send + Sync + 'static {
    /// Applies the migrations this build knows, once each.
    fn migrate(&self) -> impl Future<Output = DbResult<()>> + Send;

    /// Initialises the organisation with its recovery recipient and the public half of its key.
    fn init_org(
        &self,
        recovery_recipient: &str,
        org_key: &str,
        now_ms: u64,
    ) -> impl Future<Output = DbResult<()>> + Send;
    fn org(&self) -> impl Future<Output = DbResult<Option<Org>>> + Send;

    fn add_team(&self, id: TeamId, label: &str) -> impl Future<Output = DbResult<()>> + Send;
    fn teams(&self) -> impl Future<Output = DbResult<Vec<(TeamId, String)>>> + Send;
    fn add_person(&self, person: &Person) -> impl Future<Output = DbResult<()>> + Send;
    fn people(&self) -> impl Future<Output = DbResult<Vec<Person>>> + Send;

    fn add_enrolment_code(
        &self,
        code_hash: &str,
        person: PersonId,
        expires_ms: u64,
    ) -> impl Future<Output = DbResult<()>> + Send;
    /// Uses the code (once) and registers the device as pending.
    fn enrol(
        &self,
        code_hash: &str,
        now_ms: u64,
        device: &NewDevice,
    ) -> impl Future<Output = DbResult<Device>> + Send;

    fn device_by_token(
        &self,
        token_hash: &str,
    ) -> impl Future<Output = DbResult<Option<Device>>> + Send;
    fn devices(&self) -> impl Future<Output = DbResult<Vec<Device>>> + Send;
    fn set_device_status(
        &self,
        device: DeviceId,
        status: DeviceStatus,
    ) -> impl Future<Output = DbResult<()>> + Send;

    /// Stores a batch whose signature and hash the caller has checked.
    fn push(
        &self,
        author: &Device,
        batch: &NewBatch,
    ) -> impl Future<Output = DbResult<PushOutcome>> + Send;

    /// The scopes `reader` may read.
    fn readable_scopes(
        &self,
        reader: &Device,
    ) -> impl Future<Output = DbResult<Vec<ScopeRow>>> + Send;

    /// Batches of one scope after `after`, in sequence order, at most `limit`.
    fn batches_after(
        &self,
        scope: Scope,
        after: u64,
        limit: u32,
    ) -> impl Future<Output = DbResult<Vec<StoredBatch>>> + Send;

    /// Stores envelopes, all or none (see [`access::envelope_step`]); `rotate` introduces each
    /// scope's next epoch.
    fn put_envelopes(
        &self,
        author: &Device,
        envelopes: &[StoredEnvelope],
        rotate: bool,
    ) -> impl Future<Output = DbResult<EnvelopeOutcome>> + Send;
    fn envelopes_for(
        &self,
        recipient: Recipient,
    ) -> impl Future<Output = DbResult<Vec<StoredEnvelope>>> + Send;

    /// Records whom a case is allocated to (from the verified directory): the scope's owner
    /// becomes `owner` of `team`, now if the scope exists, or when its first batch creates it.
    fn set_case_owner(
        &self,
        scope: Scope,
        owner: PersonId,
        team: TeamId,
    ) -> impl Future<Output = DbResult<()>> + Send;

    /// Appends directory records, skipping any stored already; positions follow commit order.
    fn add_directory(&self, rows: &[DirectoryRow]) -> impl Future<Output = DbResult<()>> + Send;
    /// Directory records after `after`, in position order, at most `limit`.
    fn directory_after(
        &self,
        after: u64,
        limit: u32,
    ) -> impl Future<Output = DbResult<Vec<(u64, String)>>> + Send;

    fn add_salvage(&self, salvage: &Salvage) -> impl Future<Output = DbResult<()>> + Send;
    fn salvage(&self) -> impl Future<Output = DbResult<Vec<Salvage>>> + Send;
}

/// Everything after `cursors` that `reader` may read, at most `limit` batches. Scopes with a
/// safeguarding batch waiting come first; each scope's batches come in sequence order, so the
/// reader can advance each cursor to the last batch it received.
pub async fn pull<D: Database>(
    db: &D,
    reader: &Device,
    cursors: &[(Scope, u64)],
    limit: u32,
) -> DbResult<(Page, Vec<ScopeRow>)> {
    pull_bounded(db, reader, cursors, limit, usize::MAX).await
}

/// As [`pull`], and the page stops taking batches once their bytes reach `max_bytes` (it
/// always holds at least one, and says not done): a reader's memory is bounded by the page,
/// whatever a writer stored.
pub async fn pull_bounded<D: Database>(
    db: &D,
    reader: &Device,
    cursors: &[(Scope, u64)],
    limit: u32,
    max_bytes: usize,
) -> DbResult<(Page, Vec<ScopeRow>)> {
    let scopes = db.readable_scopes(reader).await?;
    let after = |scope: Scope| {
        cursors
            .iter()
            .find(|(s, _)| *s == scope)
            .map_or(0, |(_, a)| *a)
    };
    // Scopes with something new; those with a safeguarding batch waiting first.
    let mut waiting: Vec<&ScopeRow> = scopes
        .iter()
        .filter(|row| row.head() > after(row.scope))
        .collect();
    waiting.sort_by_key(|row| std::cmp::Reverse(row.priority_seq > after(row.scope)));
    let mut batches: Vec<StoredBatch> = Vec::new();
    let mut bytes = 0usize;
    let mut done = true;
    'scopes: for row in waiting {
        let room = limit.saturating_sub(batches.len() as u32);
        if room == 0 || bytes >= max_bytes {
            done = false;
            break;
        }
        let page = db.batches_after(row.scope, after(row.scope), room).await?;
        if page.last().map_or(0, |b| b.server_seq) < row.head() {
            done = false;
        }
        // Each scope's batches stay a prefix of what follows its cursor, so cutting the page
        // short never skips one.
        for batch in page {
            let size = batch.ciphertext.len() + batch.header.len() + batch.signature.len();
            if !batches.is_empty() && bytes.saturating_add(size) > max_bytes {
                done = false;
                break 'scopes;
            }
            bytes = bytes.saturating_add(size);
            batches.push(batch);
        }
    }
    Ok((Page { batches, done }, scopes))
}
