//! Creating and opening the encrypted file.
//!
//! Open order: key, then pragmas (WAL, foreign keys), then migrations. A file is first opened
//! read-only and checked (our application id, every page's HMAC), so a file that is not ours or
//! is damaged is refused before anything could write to it.

use crate::migrate::migrate;
use crate::{Store, StoreError, StoreResult};
use insideout_crypto::{DatabaseKey, DeviceKeys};
use insideout_domain::hlc::{Hlc, HlcClock};
use insideout_domain::ids::{DeviceId, PersonId};
use insideout_domain::op::OpBody;
use insideout_domain::text::Line;
use rusqlite::{Connection, OpenFlags, OptionalExtension};
use std::io::Read;
use std::path::Path;

/// `PRAGMA application_id` of our files: "IOC1".
pub const APPLICATION_ID: i32 = 0x494F_4331;

/// How hard each commit pushes to disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Durability {
    /// `synchronous = FULL`: a committed note survives a power cut. The default.
    Full,
    /// `synchronous = NORMAL`: for benchmarks that compare against plain SQLite's defaults.
    Normal,
    /// `synchronous = OFF`: bulk generation of demo data only, followed by a return to `Full`.
    Off,
}

impl Store {
    /// Creates a new store at `path` for the person named `name`, with new device keys.
    pub fn create(path: &Path, key: &DatabaseKey, name: Line, now_ms: u64) -> StoreResult<Self> {
        if path.exists() {
            return Err(StoreError::AlreadyExists);
        }
        let mut conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE,
        )?;
        key_connection(&conn, key)?;
        conn.pragma_update(None, "application_id", APPLICATION_ID)?;
        set_pragmas(&conn, Durability::Full)?;
        migrate(&mut conn)?;

        let device = DeviceId::from_uuid(Store::new_uuid(now_ms)?);
        let person = PersonId::from_uuid(Store::new_uuid(now_ms)?);
        let keys = DeviceKeys::generate()?;
        let (age_secret, signing_secret) = keys.to_secret_strings();
        {
            let tx = conn.transaction()?;
            tx.execute(
                "INSERT INTO device_keys (device_id, age_secret, signing_secret) VALUES (?1, ?2, ?3)",
                (device.to_string(), age_secret.as_str(), signing_secret.as_str()),
            )?;
            tx.execute(
                "INSERT INTO meta (key, value) VALUES ('device_id', ?1), ('person_id', ?2)",
                (device.to_string(), person.to_string()),
            )?;
            tx.commit()?;
        }
        let mut store = Store {
            conn,
            device,
            person,
            clock: HlcClock::new(device, None),
            next_seq: 1,
        };
        store.commit(now_ms, OpBody::ProfileCreated { person, name })?;
        Ok(store)
    }

    /// Opens an existing store. A file that is not ours or is damaged is refused and left as it was.
    pub fn open(path: &Path, key: &DatabaseKey, durability: Durability) -> StoreResult<Self> {
        check_file(path, key)?;
        let mut conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_WRITE)?;
        key_connection(&conn, key)?;
        set_pragmas(&conn, durability)?;
        migrate(&mut conn)?;

        let meta = |k: &str| -> StoreResult<String> {
            conn.query_row("SELECT value FROM meta WHERE key = ?1", [k], |r| r.get(0))
                .optional()?
                .ok_or(StoreError::Damaged)
        };
        let device: DeviceId = meta("device_id")?
            .parse()
            .map_err(|_| StoreError::Damaged)?;
        let person: PersonId = meta("person_id")?
            .parse()
            .map_err(|_| StoreError::Damaged)?;
        // The clock resumes after the newest stamp in the log, this device's or one it
        // received: a stamp it makes after a restart still sorts after everything it has seen.
        // (Received ops are in the log only once checked to be within the allowed skew.)
        let (last_hlc, last_seq): (Option<String>, Option<u64>) = conn.query_row(
            "SELECT (SELECT max(hlc) FROM ops), (SELECT max(device_seq) FROM ops WHERE device_id = ?1)",
            [device.to_string()],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let last: Option<Hlc> = last_hlc
            .map(|h| h.parse().map_err(|_| StoreError::Damaged))
            .transpose()?;
        Ok(Store {
            conn,
            device,
            person,
            clock: HlcClock::new(device, last),
            next_seq: last_seq.unwrap_or(0) + 1,
        })
    }
}

fn key_connection(conn: &Connection, key: &DatabaseKey) -> StoreResult<()> {
    // Before the key, so SQLCipher never prints to stderr.
    conn.execute_batch("PRAGMA cipher_log_level = NONE;")?;
    // The raw key skips SQLCipher's own key derivation: the passphrase was already stretched.
    let pragma = zeroize::Zeroizing::new(format!(
        "PRAGMA key = \"{}\";",
        key.sqlcipher_raw_key().as_str()
    ));
    conn.execute_batch(&pragma)?;
    Ok(())
}

fn set_pragmas(conn: &Connection, durability: Durability) -> StoreResult<()> {
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.pragma_update(None, "synchronous", durability.pragma())?;
    // SQLCipher leaves this off by default since 4.5: on, it wipes (and locks) the memory it
    // allocates before freeing it, so decrypted pages do not outlive the connection.
    conn.execute_batch("PRAGMA cipher_memory_security = ON;")?;
    // A first pull writes tens of megabytes in one transaction: keep its pages in memory
    // (wiped by SQLCipher when freed, as set above) instead of spilling mid-transaction.
    conn.pragma_update(None, "cache_size", -32_768)?;
    conn.pragma_update(None, "temp_store", "MEMORY")?;
    Ok(())
}

impl Durability {
    fn pragma(self) -> &'static str {
        match self {
            Durability::Full => "FULL",
            Durability::Normal => "NORMAL",
            Durability::Off => "OFF",
        }
    }
}

/// Checks a file read-only: it exists, it is not plain SQLite, the key opens it, it carries our
/// application id, and every page's HMAC verifies.
fn check_file(path: &Path, key: &DatabaseKey) -> StoreResult<()> {
    let mut header = [0u8; 16];
    let mut file = std::fs::File::open(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => StoreError::Missing,
        _ => StoreError::Io(e),
    })?;
    let read = file.read(&mut header)?;
    if read < header.len() || &header == b"SQLite format 3\0" {
        return Err(StoreError::NotOurFile);
    }
    drop(file);
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    key_connection(&conn, key)?;
    let app_id: i32 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
    if app_id != APPLICATION_ID {
        return Err(StoreError::NotOurFile);
    }
    let mut stmt = conn.prepare("PRAGMA cipher_integrity_check")?;
    let problems: Vec<String> = stmt
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    if !problems.is_empty() {
        return Err(StoreError::Damaged);
    }
    Ok(())
}

impl Store {
    /// Changes how hard commits push to disk, for bulk writes (demo data) that sync once at the end.
    pub fn set_durability(&self, durability: Durability) -> StoreResult<()> {
        self.conn
            .pragma_update(None, "synchronous", durability.pragma())?;
        Ok(())
    }
}
