//! The encrypted local store of Inside Out Coach.
//!
//! - [`open`]: creating and opening the SQLCipher file with a raw 32-byte key; a file that is
//!   not ours or is damaged is refused without being changed.
//! - [`migrate`]: the append-only migrations from `migrations/client`.
//! - [`oplog`]: every change is an [`Op`](insideout_domain::op::Op) written to the op log and
//!   applied to the tables in the same transaction; [`Store::rebuild`] recreates the tables.
//! - [`projections`]: the materialised tables, one module per aggregate, and how each op changes them.
//! - [`read`]: typed reads of the tables; [`search`]: FTS5 over note text.
//! - [`sync`]: each op's scope, the outbox of sealed batches, keys, directory records, cursors, quarantine.
//!
//! Guarantees: no table changes without its op in the same transaction; applying the op log in
//! clock order reproduces the tables exactly.

mod error;
mod migrate;
mod open;
mod oplog;
mod projections;
pub mod read;
mod search;
pub mod sync;
mod timers;

pub use error::{StoreError, StoreResult};
pub use open::{APPLICATION_ID, Durability};
pub use search::SearchRow;

use insideout_crypto::DeviceKeys;
use insideout_domain::hlc::HlcClock;
use insideout_domain::ids::{DeviceId, PersonId};
use rusqlite::Connection;

/// An open, unlocked store.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    device: DeviceId,
    person: PersonId,
    clock: HlcClock,
    next_seq: u64,
}

impl Store {
    pub fn device(&self) -> DeviceId {
        self.device
    }

    pub fn person(&self) -> PersonId {
        self.person
    }

    /// The device's secret keys, read from the encrypted file.
    pub fn device_keys(&self) -> StoreResult<DeviceKeys> {
        let (age, signing) = self.conn.query_row(
            "SELECT age_secret, signing_secret FROM device_keys WHERE device_id = ?1",
            [self.device.to_string()],
            |r| {
                Ok((
                    zeroize::Zeroizing::new(r.get::<_, String>(0)?),
                    zeroize::Zeroizing::new(r.get::<_, String>(1)?),
                ))
            },
        )?;
        Ok(DeviceKeys::from_secret_strings(&age, &signing)?)
    }

    /// A new UUIDv7 made from the wall clock and the system's randomness.
    pub fn new_uuid(now_ms: u64) -> StoreResult<uuid::Uuid> {
        let random: [u8; 10] = insideout_crypto::random_bytes()?;
        Ok(uuid::Builder::from_unix_timestamp_millis(now_ms, &random).into_uuid())
    }

    /// The raw connection, for benchmarks and tests that compare against plain SQLite.
    pub fn connection(&self) -> &Connection {
        &self.conn
    }
}
