//! The default store: one SQLite file (plain, not encrypted: it holds only ciphertext and
//! pseudonymous ids), one writer connection, WAL. Every call runs on the blocking pool.

use super::*;
use rusqlite::{Connection, OptionalExtension, Row, Transaction, TransactionBehavior, params};
use std::path::Path;
use std::sync::{Arc, Mutex};

const MIGRATIONS: &[(&str, &str)] = &[
    (
        "0001_init",
        include_str!("../../../migrations/server/sqlite/0001_init.sql"),
    ),
    (
        "0002_directory",
        include_str!("../../../migrations/server/sqlite/0002_directory.sql"),
    ),
    (
        "0003_case_owners",
        include_str!("../../../migrations/server/sqlite/0003_case_owners.sql"),
    ),
];

#[derive(Debug, Clone)]
pub struct SqliteDb {
    conn: Arc<Mutex<Connection>>,
}

impl SqliteDb {
    pub fn open(path: &Path) -> DbResult<Self> {
        let conn = Connection::open(path)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        Ok(Self {
            conn: Arc::new(Mutex::new(conn)),
        })
    }

    pub fn in_memory() -> DbResult<Self> {
        let conn = Connection::open_in_memory()?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        Ok(Self {
            conn: Arc::new(Mutex::new(conn)),
        })
    }

    async fn run<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Connection) -> DbResult<T> + Send + 'static,
    ) -> DbResult<T> {
        let conn = self.conn.clone();
        tokio::task::spawn_blocking(move || {
            let mut guard = conn
                .lock()
                .map_err(|_| DbError::Backend("connection lock poisoned".into()))?;
            f(&mut guard)
        })
        .await
        .map_err(|e| DbError::Backend(e.to_string()))?
    }
}

fn parse<T: std::str::FromStr>(text: String, what: &str) -> DbResult<T> {
    text.parse()
        .map_err(|_| DbError::Damaged(format!("{what} {text}")))
}

const DEVICE_COLUMNS: &str =
    "d.id, d.person_id, p.role, p.team_id, d.status, d.age_recipient, d.signing_key, d.created_ms";

/// A device row as stored, before its text is checked.
type RawDevice = (String, String, String, String, String, String, String, i64);

fn device(r: &Row<'_>) -> rusqlite::Result<RawDevice> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
        r.get(6)?,
        r.get(7)?,
    ))
}

fn to_device(raw: RawDevice) -> DbResult<Device> {
    let (id, person, role, team, status, age_recipient, signing_key, created_ms) = raw;
    Ok(Device {
        id: parse(id, "device")?,
        person: parse(person, "person")?,
        role: Role::parse(&role).ok_or_else(|| DbError::Damaged(format!("role {role}")))?,
        team: parse(team, "team")?,
        status: DeviceStatus::parse(&status)
            .ok_or_else(|| DbError::Damaged(format!("status {status}")))?,
        age_recipient,
        signing_key,
        created_ms: created_ms as u64,
    })
}

fn scope_row(tx: &Connection, scope: Scope) -> DbResult<Option<ScopeRow>> {
    let row = tx
        .query_row(
            "SELECT owner_id, team_id, next_seq, epoch, priority_seq FROM scopes WHERE scope = ?1",
            [scope.to_string()],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, i64>(2)?,
                    r.get::<_, i64>(3)?,
                    r.get::<_, i64>(4)?,
                ))
            },
        )
        .optional()?;
    row.map(|(owner, team, next_seq, epoch, priority_seq)| {
        Ok(ScopeRow {
            scope,
            owner: parse(owner, "person")?,
            team: parse(team, "team")?,
            next_seq: next_seq as u64,
            epoch: epoch as u32,
            priority_seq: priority_seq as u64,
        })
    })
    .transpose()
}

fn push_in(tx: &Transaction<'_>, author: &Device, b: &NewBatch) -> DbResult<PushOutcome> {
    let last_seq: i64 = tx.query_row(
        "SELECT last_seq FROM devices WHERE id = ?1",
        [author.id.to_string()],
        |r| r.get(0),
    )?;
    let last_seq = last_seq as u64;
    if b.device_seq <= last_seq {
        let existing: Option<(i64, String, String)> = tx
            .query_row(
                "SELECT server_seq, hash, signature FROM batches WHERE device_id = ?1 AND device_seq = ?2",
                params![author.id.to_string(), b.device_seq as i64],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        // A repeat is the same batch: the same content under the same signed header.
        return Ok(match existing {
            Some((seq, hash, signature)) if hash == b.hash && signature == b.signature => {
                PushOutcome::Repeat {
                    server_seq: seq as u64,
                }
            }
            _ => PushOutcome::Replayed,
        });
    }
    if b.device_seq != last_seq + 1 {
        return Ok(PushOutcome::Gap {
            expected: last_seq + 1,
        });
    }
    let row = match scope_row(tx, b.scope)? {
        Some(row) => row,
        None if access::can_create(author, b.scope) => {
            let allocated: Option<(String, String)> = tx
                .query_row(
                    "SELECT owner_id, team_id FROM case_owners WHERE scope = ?1",
                    [b.scope.to_string()],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            let (owner, team) =
                allocated.unwrap_or_else(|| (author.person.to_string(), author.team.to_string()));
            tx.execute(
                "INSERT INTO scopes (scope, owner_id, team_id, next_seq, epoch) VALUES (?1, ?2, ?3, 1, ?4)",
                params![b.scope.to_string(), owner, team, i64::from(b.key_epoch)],
            )?;
            scope_row(tx, b.scope)?.ok_or_else(|| DbError::Backend("scope vanished".into()))?
        }
        None => return Ok(PushOutcome::Forbidden),
    };
    if !access::can_write(author, &row) {
        return Ok(PushOutcome::Forbidden);
    }
    if b.key_epoch != row.epoch {
        return Ok(PushOutcome::WrongEpoch { current: row.epoch });
    }
    let seq = row.next_seq;
    tx.execute(
        "INSERT INTO batches (scope, server_seq, device_id, device_seq, priority, header, signature, ciphertext, hash, received_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            b.scope.to_string(),
            seq as i64,
            author.id.to_string(),
            b.device_seq as i64,
            i64::from(b.priority == Priority::Safeguarding),
            b.header,
            b.signature,
            b.ciphertext,
            b.hash,
            b.received_ms as i64
        ],
    )?;
    let priority_seq = if b.priority == Priority::Safeguarding {
        seq
    } else {
        row.priority_seq
    };
    tx.execute(
        "UPDATE scopes SET next_seq = ?2, priority_seq = ?3 WHERE scope = ?1",
        params![b.scope.to_string(), (seq + 1) as i64, priority_seq as i64],
    )?;
    tx.execute(
        "UPDATE devices SET last_seq = ?2 WHERE id = ?1",
        params![author.id.to_string(), b.device_seq as i64],
    )?;
    Ok(PushOutcome::Stored { server_seq: seq })
}

impl Database for SqliteDb {
    async fn migrate(&self) -> DbResult<()> {
        self.run(|conn| {
            conn.execute_batch(
                "CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY)",
            )?;
            for (name, sql) in MIGRATIONS {
                let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
                let done: bool = tx.query_row(
                    "SELECT EXISTS (SELECT 1 FROM schema_migrations WHERE name = ?1)",
                    [name],
                    |r| r.get(0),
                )?;
                if !done {
                    tx.execute_batch(sql)?;
                    tx.execute("INSERT INTO schema_migrations (name) VALUES (?1)", [name])?;
                }
                tx.commit()?;
            }
            Ok(())
        })
        .await
    }

    async fn init_org(&self, recovery_recipient: &str, org_key: &str, now_ms: u64) -> DbResult<()> {
        let recipient = recovery_recipient.to_owned();
        let org_key = org_key.to_owned();
        self.run(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let exists: bool =
                tx.query_row("SELECT EXISTS (SELECT 1 FROM org)", [], |r| r.get(0))?;
            if exists {
                return Err(DbError::AlreadyInitialised);
            }
            tx.execute(
                "INSERT INTO org (id, recovery_recipient, org_key, created_ms) VALUES (1, ?1, ?2, ?3)",
                params![recipient, org_key, now_ms as i64],
            )?;
            tx.commit()?;
            Ok(())
        })
        .await
    }

    async fn org(&self) -> DbResult<Option<Org>> {
        self.run(|conn| {
            Ok(conn
                .query_row(
                    "SELECT recovery_recipient, org_key, created_ms FROM org",
                    [],
                    |r| {
                        Ok(Org {
                            recovery_recipient: r.get(0)?,
                            org_key: r.get(1)?,
                            created_ms: r.get::<_, i64>(2)? as u64,
                        })
                    },
                )
                .optional()?)
        })
        .await
    }

    async fn add_team(&self, id: TeamId, label: &str) -> DbResult<()> {
        let label = label.to_owned();
        self.run(move |conn| {
            conn.execute(
                "INSERT INTO teams (id, label) VALUES (?1, ?2)",
                params![id.to_string(), label],
            )
            .map_err(|e| match DbError::from(e) {
                DbError::Taken(_) => DbError::Taken(format!("the team label {label}")),
                e => e,
            })?;
            Ok(())
        })
        .await
    }

    async fn teams(&self) -> DbResult<Vec<(TeamId, String)>> {
        self.run(|conn| {
            let mut stmt = conn.prepare("SELECT id, label FROM teams ORDER BY label")?;
            let rows = stmt
                .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
                .collect::<Result<Vec<_>, _>>()?;
            rows.into_iter()
                .map(|(id, label)| Ok((parse(id, "team")?, label)))
                .collect()
        })
        .await
    }

    async fn add_person(&self, person: &Person) -> DbResult<()> {
        let person = person.clone();
        self.run(move |conn| {
            let team_exists: bool = conn.query_row(
                "SELECT EXISTS (SELECT 1 FROM teams WHERE id = ?1)",
                [person.team.to_string()],
                |r| r.get(0),
            )?;
            if !team_exists {
                return Err(DbError::UnknownTeam(person.team.to_string()));
            }
            conn.execute(
                "INSERT INTO people (id, team_id, role, label) VALUES (?1, ?2, ?3, ?4)",
                params![
                    person.id.to_string(),
                    person.team.to_string(),
                    person.role.as_str(),
                    person.label
                ],
            )
            .map_err(|e| match DbError::from(e) {
                DbError::Taken(_) => DbError::Taken(format!("the label {}", person.label)),
                e => e,
            })?;
            Ok(())
        })
        .await
    }

    async fn people(&self) -> DbResult<Vec<Person>> {
        self.run(|conn| {
            let mut stmt =
                conn.prepare("SELECT id, team_id, role, label FROM people ORDER BY label")?;
            let rows = stmt
                .query_map([], |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, String>(3)?,
                    ))
                })?
                .collect::<Result<Vec<_>, _>>()?;
            rows.into_iter()
                .map(|(id, team, role, label)| {
                    Ok(Person {
                        id: parse(id, "person")?,
                        team: parse(team, "team")?,
                        role: Role::parse(&role)
                            .ok_or_else(|| DbError::Damaged(format!("role {role}")))?,
                        label,
                    })
                })
                .collect()
        })
        .await
    }

    async fn add_enrolment_code(
        &self,
        code_hash: &str,
        person: PersonId,
        expires_ms: u64,
    ) -> DbResult<()> {
        let code_hash = code_hash.to_owned();
        self.run(move |conn| {
            let exists: bool = conn.query_row(
                "SELECT EXISTS (SELECT 1 FROM people WHERE id = ?1)",
                [person.to_string()],
                |r| r.get(0),
            )?;
            if !exists {
                return Err(DbError::UnknownPerson(person.to_string()));
            }
            conn.execute(
                "INSERT INTO enrolment_codes (code_hash, person_id, expires_ms) VALUES (?1, ?2, ?3)",
                params![code_hash, person.to_string(), expires_ms as i64],
            )?;
            Ok(())
        })
        .await
    }

    async fn enrol(&self, code_hash: &str, now_ms: u64, device: &NewDevice) -> DbResult<Device> {
        let code_hash = code_hash.to_owned();
        let device = device.clone();
        self.run(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let code: Option<(String, i64, Option<i64>)> = tx
                .query_row(
                    "SELECT person_id, expires_ms, used_ms FROM enrolment_codes WHERE code_hash = ?1",
                    [&code_hash],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .optional()?;
            let (person, expires_ms, used_ms) = code.ok_or(DbError::CodeUnknown)?;
            if used_ms.is_some() {
                return Err(DbError::CodeUsed);
            }
            if now_ms as i64 >= expires_ms {
                return Err(DbError::CodeExpired);
            }
            tx.execute(
                "UPDATE enrolment_codes SET used_ms = ?2 WHERE code_hash = ?1",
                params![code_hash, now_ms as i64],
            )?;
            tx.execute(
                "INSERT INTO devices (id, person_id, token_hash, age_recipient, signing_key, status, created_ms)
                 VALUES (?1, ?2, ?3, ?4, ?5, 'pending', ?6)",
                params![
                    device.id.to_string(),
                    person,
                    device.token_hash,
                    device.age_recipient,
                    device.signing_key,
                    now_ms as i64
                ],
            )
            .map_err(|e| match DbError::from(e) {
                DbError::Taken(_) => DbError::Taken(format!("the device id {}", device.id)),
                e => e,
            })?;
            let row = tx.query_row(
                &format!("SELECT {DEVICE_COLUMNS} FROM devices d JOIN people p ON p.id = d.person_id WHERE d.id = ?1"),
                [device.id.to_string()],
                self::device,
            )?;
            tx.commit()?;
            to_device(row)
        })
        .await
    }

    async fn device_by_token(&self, token_hash: &str) -> DbResult<Option<Device>> {
        let token_hash = token_hash.to_owned();
        self.run(move |conn| {
            conn.query_row(
                &format!("SELECT {DEVICE_COLUMNS} FROM devices d JOIN people p ON p.id = d.person_id WHERE d.token_hash = ?1"),
                [token_hash],
                device,
            )
            .optional()?
            .map(to_device)
            .transpose()
        })
        .await
    }

    async fn devices(&self) -> DbResult<Vec<Device>> {
        self.run(|conn| {
            let mut stmt = conn.prepare(&format!(
                "SELECT {DEVICE_COLUMNS} FROM devices d JOIN people p ON p.id = d.person_id ORDER BY d.created_ms, d.id"
            ))?;
            let rows = stmt
                .query_map([], device)?
                .collect::<Result<Vec<_>, _>>()?;
            rows.into_iter().map(to_device).collect()
        })
        .await
    }

    async fn set_device_status(&self, device: DeviceId, status: DeviceStatus) -> DbResult<()> {
        self.run(move |conn| {
            let changed = conn.execute(
                "UPDATE devices SET status = ?2 WHERE id = ?1 AND status <> 'revoked'",
                params![device.to_string(), status.as_str()],
            )?;
            if changed == 0 {
                let exists: bool = conn.query_row(
                    "SELECT EXISTS (SELECT 1 FROM devices WHERE id = ?1)",
                    [device.to_string()],
                    |r| r.get(0),
                )?;
                if !exists {
                    return Err(DbError::UnknownDevice(device.to_string()));
                }
            }
            Ok(())
        })
        .await
    }

    async fn push(&self, author: &Device, batch: &NewBatch) -> DbResult<PushOutcome> {
        let author = author.clone();
        let batch = batch.clone();
        self.run(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let outcome = push_in(&tx, &author, &batch)?;
            if matches!(outcome, PushOutcome::Stored { .. }) {
                tx.commit()?;
            }
            Ok(outcome)
        })
        .await
    }

    async fn readable_scopes(&self, reader: &Device) -> DbResult<Vec<ScopeRow>> {
        let reader = reader.clone();
        self.run(move |conn| {
            let mut stmt = conn.prepare(
                "SELECT scope FROM scopes WHERE owner_id = ?1 OR (?2 = 'supervisor' AND team_id = ?3) ORDER BY scope",
            )?;
            let scopes = stmt
                .query_map(
                    params![
                        reader.person.to_string(),
                        reader.role.as_str(),
                        reader.team.to_string()
                    ],
                    |r| r.get::<_, String>(0),
                )?
                .collect::<Result<Vec<_>, _>>()?;
            let mut rows = Vec::with_capacity(scopes.len());
            for scope in scopes {
                let scope: Scope = parse(scope, "scope")?;
                if let Some(row) = scope_row(conn, scope)?
                    && access::can_read(&reader, &row)
                {
                    rows.push(row);
                }
            }
            Ok(rows)
        })
        .await
    }

    async fn batches_after(
        &self,
        scope: Scope,
        after: u64,
        limit: u32,
    ) -> DbResult<Vec<StoredBatch>> {
        self.run(move |conn| {
            let mut stmt = conn.prepare_cached(
                "SELECT server_seq, device_id, device_seq, priority, header, signature, ciphertext
                 FROM batches WHERE scope = ?1 AND server_seq > ?2 ORDER BY server_seq LIMIT ?3",
            )?;
            let rows = stmt
                .query_map(
                    params![scope.to_string(), after as i64, i64::from(limit)],
                    |r| {
                        Ok((
                            r.get::<_, i64>(0)?,
                            r.get::<_, String>(1)?,
                            r.get::<_, i64>(2)?,
                            r.get::<_, i64>(3)?,
                            r.get::<_, String>(4)?,
                            r.get::<_, String>(5)?,
                            r.get::<_, Vec<u8>>(6)?,
                        ))
                    },
                )?
                .collect::<Result<Vec<_>, _>>()?;
            rows.into_iter()
                .map(
                    |(seq, device, device_seq, priority, header, signature, ciphertext)| {
                        Ok(StoredBatch {
                            scope,
                            server_seq: seq as u64,
                            device: parse(device, "device")?,
                            device_seq: device_seq as u64,
                            priority: if priority == 1 {
                                Priority::Safeguarding
                            } else {
                                Priority::Routine
                            },
                            header,
                            signature,
                            ciphertext,
                        })
                    },
                )
                .collect()
        })
        .await
    }

    async fn put_envelopes(
        &self,
        author: &Device,
        envelopes: &[StoredEnvelope],
        rotate: bool,
    ) -> DbResult<EnvelopeOutcome> {
        let author = author.clone();
        let envelopes = envelopes.to_vec();
        self.run(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let mut moved = Vec::new();
            for e in &envelopes {
                let Some(row) = scope_row(&tx, e.scope)? else {
                    return Ok(EnvelopeOutcome::UnknownScope(e.scope));
                };
                match access::envelope_step(&author, &row, e, rotate, moved.contains(&e.scope)) {
                    access::EnvelopeStep::Refuse(outcome) => return Ok(outcome),
                    access::EnvelopeStep::Rotate => {
                        tx.execute(
                            "UPDATE scopes SET epoch = ?2 WHERE scope = ?1",
                            params![e.scope.to_string(), i64::from(e.epoch)],
                        )?;
                        moved.push(e.scope);
                    }
                    access::EnvelopeStep::Insert => {}
                }
                tx.execute(
                    "INSERT INTO envelopes (scope, epoch, recipient, envelope) VALUES (?1, ?2, ?3, ?4)
                     ON CONFLICT (scope, epoch, recipient) DO NOTHING",
                    params![
                        e.scope.to_string(),
                        i64::from(e.epoch),
                        e.recipient.key(),
                        e.envelope
                    ],
                )?;
            }
            tx.commit()?;
            Ok(EnvelopeOutcome::Stored)
        })
        .await
    }

    async fn envelopes_for(&self, recipient: Recipient) -> DbResult<Vec<StoredEnvelope>> {
        self.run(move |conn| {
            let mut stmt = conn.prepare(
                "SELECT scope, epoch, envelope FROM envelopes WHERE recipient = ?1 ORDER BY scope, epoch",
            )?;
            let rows = stmt
                .query_map([recipient.key()], |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, i64>(1)?,
                        r.get::<_, Vec<u8>>(2)?,
                    ))
                })?
                .collect::<Result<Vec<_>, _>>()?;
            rows.into_iter()
                .map(|(scope, epoch, envelope)| {
                    Ok(StoredEnvelope {
                        scope: parse(scope, "scope")?,
                        epoch: epoch as u32,
                        recipient,
                        envelope,
                    })
                })
                .collect()
        })
        .await
    }

    async fn set_case_owner(&self, scope: Scope, owner: PersonId, team: TeamId) -> DbResult<()> {
        self.run(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let params = params![scope.to_string(), owner.to_string(), team.to_string()];
            tx.execute(
                "INSERT INTO case_owners (scope, owner_id, team_id) VALUES (?1, ?2, ?3)
                 ON CONFLICT (scope) DO UPDATE SET owner_id = excluded.owner_id, team_id = excluded.team_id",
                params,
            )?;
            tx.execute(
                "UPDATE scopes SET owner_id = ?2, team_id = ?3 WHERE scope = ?1",
                params,
            )?;
            tx.commit()?;
            Ok(())
        })
        .await
    }

    async fn add_directory(&self, rows: &[DirectoryRow]) -> DbResult<()> {
        let rows = rows.to_vec();
        self.run(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            for row in &rows {
                tx.execute(
                    "INSERT INTO directory (hash, countersignature, record) VALUES (?1, ?2, ?3)
                     ON CONFLICT (hash, countersignature) DO NOTHING",
                    params![row.hash, row.countersignature, row.record],
                )?;
            }
            tx.commit()?;
            Ok(())
        })
        .await
    }

    async fn directory_after(&self, after: u64, limit: u32) -> DbResult<Vec<(u64, String)>> {
        self.run(move |conn| {
            let mut stmt = conn.prepare(
                "SELECT position, record FROM directory WHERE position > ?1 ORDER BY position LIMIT ?2",
            )?;
            let rows = stmt
                .query_map(params![after as i64, i64::from(limit)], |r| {
                    Ok((r.get::<_, i64>(0)? as u64, r.get::<_, String>(1)?))
                })?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(rows)
        })
        .await
    }

    async fn add_salvage(&self, salvage: &Salvage) -> DbResult<()> {
        let salvage = salvage.clone();
        self.run(move |conn| {
            conn.execute(
                "INSERT INTO salvage (device_id, received_ms, sealed) VALUES (?1, ?2, ?3)",
                params![
                    salvage.device.to_string(),
                    salvage.received_ms as i64,
                    salvage.sealed
                ],
            )?;
            Ok(())
        })
        .await
    }

    async fn salvage(&self) -> DbResult<Vec<Salvage>> {
        self.run(|conn| {
            let mut stmt =
                conn.prepare("SELECT device_id, received_ms, sealed FROM salvage ORDER BY id")?;
            let rows = stmt
                .query_map([], |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, i64>(1)?,
                        r.get::<_, Vec<u8>>(2)?,
                    ))
                })?
                .collect::<Result<Vec<_>, _>>()?;
            rows.into_iter()
                .map(|(device, ms, sealed)| {
                    Ok(Salvage {
                        device: parse(device, "device")?,
                        received_ms: ms as u64,
                        sealed,
                    })
                })
                .collect()
        })
        .await
    }
}
