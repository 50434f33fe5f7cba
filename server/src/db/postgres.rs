//! PostgreSQL, for an organisation that outgrows one machine: several stateless service
//! instances over one database. The per-scope lock is the scope row (`SELECT … FOR UPDATE`),
//! held until the inserting transaction commits, so sequence order is commit order.

use super::*;
use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod};
use tokio_postgres::config::SslMode;
use tokio_postgres::{NoTls, Row, Transaction};

const MIGRATIONS: &[(&str, &str)] = &[
    (
        "0001_init",
        include_str!("../../../migrations/server/postgres/0001_init.sql"),
    ),
    (
        "0002_directory",
        include_str!("../../../migrations/server/postgres/0002_directory.sql"),
    ),
    (
        "0003_case_owners",
        include_str!("../../../migrations/server/postgres/0003_case_owners.sql"),
    ),
];

#[derive(Clone)]
pub struct PostgresDb {
    pool: Pool,
}

impl std::fmt::Debug for PostgresDb {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PostgresDb").finish_non_exhaustive()
    }
}

impl PostgresDb {
    /// Connects to `url` (`postgres://…`) with a pool of at most `max_connections`.
    ///
    /// `sslmode=require` in the URL requires TLS, and the server's certificate must be trusted:
    /// by the system's roots, or by the PEM file `sslrootcert=FILE` names. Without it the
    /// connection is plain, as on a loopback or private network.
    pub fn connect(url: &str, max_connections: usize) -> DbResult<Self> {
        let target = Target::parse(url)?;
        let recycling = ManagerConfig {
            recycling_method: RecyclingMethod::Fast,
        };
        let manager = match target.tls {
            Some(tls) => Manager::from_config(target.config, tls, recycling),
            None => Manager::from_config(target.config, NoTls, recycling),
        };
        let pool = Pool::builder(manager)
            .max_size(max_connections)
            .build()
            .map_err(|e| DbError::Backend(e.to_string()))?;
        Ok(Self { pool })
    }
}

/// What a database URL asks for: the connection settings, and TLS when it is required.
pub(crate) struct Target {
    pub(crate) config: tokio_postgres::Config,
    pub(crate) tls: Option<tokio_postgres_rustls::MakeRustlsConnect>,
}

impl Target {
    pub(crate) fn parse(url: &str) -> DbResult<Self> {
        let bad = |e: String| DbError::Backend(format!("database URL: {e}"));
        // `sslrootcert` is read here; tokio-postgres does not know the option.
        let (url, root_file) = take_query_param(url, "sslrootcert");
        let config: tokio_postgres::Config = url
            .parse()
            .map_err(|e: tokio_postgres::Error| bad(e.to_string()))?;
        let tls = match config.get_ssl_mode() {
            SslMode::Require => Some(tls_connector(root_file.as_deref())?),
            _ => None,
        };
        Ok(Self { config, tls })
    }
}

/// Removes `name=value` from the URL's query, returning the URL without it and the value.
fn take_query_param(url: &str, name: &str) -> (String, Option<String>) {
    let Some((base, query)) = url.split_once('?') else {
        return (url.to_owned(), None);
    };
    let mut value = None;
    let kept: Vec<&str> = query
        .split('&')
        .filter(|pair| match pair.split_once('=') {
            Some((key, v)) if key == name => {
                value = Some(v.to_owned());
                false
            }
            _ => true,
        })
        .collect();
    if kept.is_empty() {
        (base.to_owned(), value)
    } else {
        (format!("{base}?{}", kept.join("&")), value)
    }
}

/// A rustls connector that trusts the system's roots and, if given, the PEM file `root_file`.
fn tls_connector(root_file: Option<&str>) -> DbResult<tokio_postgres_rustls::MakeRustlsConnect> {
    use rustls::pki_types::CertificateDer;
    use rustls::pki_types::pem::PemObject;
    let mut roots = rustls::RootCertStore::empty();
    for cert in rustls_native_certs::load_native_certs().certs {
        // A system root rustls cannot use is skipped, as every TLS client does.
        let _ = roots.add(cert);
    }
    if let Some(file) = root_file {
        let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(file)
            .and_then(|certs| certs.collect())
            .map_err(|e| DbError::Backend(format!("sslrootcert {file}: {e}")))?;
        for cert in certs {
            roots
                .add(cert)
                .map_err(|e| DbError::Backend(format!("sslrootcert {file}: {e}")))?;
        }
    }
    let provider = std::sync::Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| DbError::Backend(format!("TLS: {e}")))?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(tokio_postgres_rustls::MakeRustlsConnect::new(config))
}

/// One connection to `url`, with TLS when it asks for it; the connection runs in a task.
pub async fn connect_once(url: &str) -> DbResult<tokio_postgres::Client> {
    let target = Target::parse(url)?;
    let client = match target.tls {
        Some(tls) => {
            let (client, connection) = target.config.connect(tls).await?;
            tokio::spawn(connection);
            client
        }
        None => {
            let (client, connection) = target.config.connect(NoTls).await?;
            tokio::spawn(connection);
            client
        }
    };
    Ok(client)
}

fn parse<T: std::str::FromStr>(text: String, what: &str) -> DbResult<T> {
    text.parse()
        .map_err(|_| DbError::Damaged(format!("{what} {text}")))
}

const DEVICE_COLUMNS: &str =
    "d.id, d.person_id, p.role, p.team_id, d.status, d.age_recipient, d.signing_key, d.created_ms";

fn to_device(row: &Row) -> DbResult<Device> {
    let role: String = row.get(2);
    let status: String = row.get(4);
    Ok(Device {
        id: parse(row.get(0), "device")?,
        person: parse(row.get(1), "person")?,
        role: Role::parse(&role).ok_or_else(|| DbError::Damaged(format!("role {role}")))?,
        team: parse(row.get(3), "team")?,
        status: DeviceStatus::parse(&status)
            .ok_or_else(|| DbError::Damaged(format!("status {status}")))?,
        age_recipient: row.get(5),
        signing_key: row.get(6),
        created_ms: row.get::<_, i64>(7) as u64,
    })
}

async fn scope_row(tx: &Transaction<'_>, scope: Scope, lock: bool) -> DbResult<Option<ScopeRow>> {
    let sql = if lock {
        "SELECT owner_id, team_id, next_seq, epoch, priority_seq FROM scopes WHERE scope = $1 FOR UPDATE"
    } else {
        "SELECT owner_id, team_id, next_seq, epoch, priority_seq FROM scopes WHERE scope = $1"
    };
    let row = tx.query_opt(sql, &[&scope.to_string()]).await?;
    row.map(|r| {
        Ok(ScopeRow {
            scope,
            owner: parse(r.get(0), "person")?,
            team: parse(r.get(1), "team")?,
            next_seq: r.get::<_, i64>(2) as u64,
            epoch: r.get::<_, i64>(3) as u32,
            priority_seq: r.get::<_, i64>(4) as u64,
        })
    })
    .transpose()
}

async fn push_in(tx: &Transaction<'_>, author: &Device, b: &NewBatch) -> DbResult<PushOutcome> {
    let device_id = author.id.to_string();
    let last_seq: i64 = tx
        .query_one(
            "SELECT last_seq FROM devices WHERE id = $1 FOR UPDATE",
            &[&device_id],
        )
        .await?
        .get(0);
    let last_seq = last_seq as u64;
    if b.device_seq <= last_seq {
        let existing = tx
            .query_opt(
                "SELECT server_seq, hash, signature FROM batches WHERE device_id = $1 AND device_seq = $2",
                &[&device_id, &(b.device_seq as i64)],
            )
            .await?;
        // A repeat is the same batch: the same content under the same signed header.
        return Ok(match existing {
            Some(r) if r.get::<_, String>(1) == b.hash && r.get::<_, String>(2) == b.signature => {
                PushOutcome::Repeat {
                    server_seq: r.get::<_, i64>(0) as u64,
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
    let scope = b.scope.to_string();
    let row = match scope_row(tx, b.scope, true).await? {
        Some(row) => row,
        None if access::can_create(author, b.scope) => {
            let allocated = tx
                .query_opt(
                    "SELECT owner_id, team_id FROM case_owners WHERE scope = $1",
                    &[&scope],
                )
                .await?;
            let (owner, team): (String, String) = match allocated {
                Some(r) => (r.get(0), r.get(1)),
                None => (author.person.to_string(), author.team.to_string()),
            };
            tx.execute(
                "INSERT INTO scopes (scope, owner_id, team_id, next_seq, epoch) VALUES ($1, $2, $3, 1, $4)
                 ON CONFLICT (scope) DO NOTHING",
                &[&scope, &owner, &team, &i64::from(b.key_epoch)],
            )
            .await?;
            scope_row(tx, b.scope, true)
                .await?
                .ok_or_else(|| DbError::Backend("scope vanished".into()))?
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
    let safeguarding = b.priority == Priority::Safeguarding;
    tx.execute(
        "INSERT INTO batches (scope, server_seq, device_id, device_seq, priority, header, signature, ciphertext, hash, received_ms)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        &[
            &scope,
            &(seq as i64),
            &device_id,
            &(b.device_seq as i64),
            &i64::from(safeguarding),
            &b.header,
            &b.signature,
            &b.ciphertext,
            &b.hash,
            &(b.received_ms as i64),
        ],
    )
    .await?;
    let priority_seq = if safeguarding { seq } else { row.priority_seq };
    tx.execute(
        "UPDATE scopes SET next_seq = $2, priority_seq = $3 WHERE scope = $1",
        &[&scope, &((seq + 1) as i64), &(priority_seq as i64)],
    )
    .await?;
    tx.execute(
        "UPDATE devices SET last_seq = $2 WHERE id = $1",
        &[&device_id, &(b.device_seq as i64)],
    )
    .await?;
    Ok(PushOutcome::Stored { server_seq: seq })
}

impl Database for PostgresDb {
    async fn migrate(&self) -> DbResult<()> {
        let mut client = self.pool.get().await?;
        let tx = client.transaction().await?;
        // Two instances starting together must not both migrate.
        tx.execute("SELECT pg_advisory_xact_lock(7046120)", &[])
            .await?;
        tx.batch_execute("CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY)")
            .await?;
        for (name, sql) in MIGRATIONS {
            let done: bool = tx
                .query_one(
                    "SELECT EXISTS (SELECT 1 FROM schema_migrations WHERE name = $1)",
                    &[name],
                )
                .await?
                .get(0);
            if !done {
                tx.batch_execute(sql).await?;
                tx.execute("INSERT INTO schema_migrations (name) VALUES ($1)", &[name])
                    .await?;
            }
        }
        tx.commit().await?;
        Ok(())
    }

    async fn init_org(&self, recovery_recipient: &str, org_key: &str, now_ms: u64) -> DbResult<()> {
        let client = self.pool.get().await?;
        let inserted = client
            .execute(
                "INSERT INTO org (id, recovery_recipient, org_key, created_ms) VALUES (1, $1, $2, $3) ON CONFLICT (id) DO NOTHING",
                &[&recovery_recipient, &org_key, &(now_ms as i64)],
            )
            .await?;
        if inserted == 0 {
            return Err(DbError::AlreadyInitialised);
        }
        Ok(())
    }

    async fn org(&self) -> DbResult<Option<Org>> {
        let client = self.pool.get().await?;
        let row = client
            .query_opt(
                "SELECT recovery_recipient, org_key, created_ms FROM org",
                &[],
            )
            .await?;
        Ok(row.map(|r| Org {
            recovery_recipient: r.get(0),
            org_key: r.get(1),
            created_ms: r.get::<_, i64>(2) as u64,
        }))
    }

    async fn add_team(&self, id: TeamId, label: &str) -> DbResult<()> {
        let client = self.pool.get().await?;
        client
            .execute(
                "INSERT INTO teams (id, label) VALUES ($1, $2)",
                &[&id.to_string(), &label],
            )
            .await
            .map_err(|e| match DbError::from(e) {
                DbError::Taken(_) => DbError::Taken(format!("the team label {label}")),
                e => e,
            })?;
        Ok(())
    }

    async fn teams(&self) -> DbResult<Vec<(TeamId, String)>> {
        let client = self.pool.get().await?;
        client
            .query("SELECT id, label FROM teams ORDER BY label", &[])
            .await?
            .iter()
            .map(|r| Ok((parse(r.get(0), "team")?, r.get(1))))
            .collect()
    }

    async fn add_person(&self, person: &Person) -> DbResult<()> {
        let client = self.pool.get().await?;
        let team_exists: bool = client
            .query_one(
                "SELECT EXISTS (SELECT 1 FROM teams WHERE id = $1)",
                &[&person.team.to_string()],
            )
            .await?
            .get(0);
        if !team_exists {
            return Err(DbError::UnknownTeam(person.team.to_string()));
        }
        client
            .execute(
                "INSERT INTO people (id, team_id, role, label) VALUES ($1, $2, $3, $4)",
                &[
                    &person.id.to_string(),
                    &person.team.to_string(),
                    &person.role.as_str(),
                    &person.label,
                ],
            )
            .await
            .map_err(|e| match DbError::from(e) {
                DbError::Taken(_) => DbError::Taken(format!("the label {}", person.label)),
                e => e,
            })?;
        Ok(())
    }

    async fn people(&self) -> DbResult<Vec<Person>> {
        let client = self.pool.get().await?;
        client
            .query(
                "SELECT id, team_id, role, label FROM people ORDER BY label",
                &[],
            )
            .await?
            .iter()
            .map(|r| {
                let role: String = r.get(2);
                Ok(Person {
                    id: parse(r.get(0), "person")?,
                    team: parse(r.get(1), "team")?,
                    role: Role::parse(&role)
                        .ok_or_else(|| DbError::Damaged(format!("role {role}")))?,
                    label: r.get(3),
                })
            })
            .collect()
    }

    async fn add_enrolment_code(
        &self,
        code_hash: &str,
        person: PersonId,
        expires_ms: u64,
    ) -> DbResult<()> {
        let client = self.pool.get().await?;
        let exists: bool = client
            .query_one(
                "SELECT EXISTS (SELECT 1 FROM people WHERE id = $1)",
                &[&person.to_string()],
            )
            .await?
            .get(0);
        if !exists {
            return Err(DbError::UnknownPerson(person.to_string()));
        }
        client
            .execute(
                "INSERT INTO enrolment_codes (code_hash, person_id, expires_ms) VALUES ($1, $2, $3)",
                &[&code_hash, &person.to_string(), &(expires_ms as i64)],
            )
            .await?;
        Ok(())
    }

    async fn enrol(&self, code_hash: &str, now_ms: u64, device: &NewDevice) -> DbResult<Device> {
        let mut client = self.pool.get().await?;
        let tx = client.transaction().await?;
        let code = tx
            .query_opt(
                "SELECT person_id, expires_ms, used_ms FROM enrolment_codes WHERE code_hash = $1 FOR UPDATE",
                &[&code_hash],
            )
            .await?
            .ok_or(DbError::CodeUnknown)?;
        let person: String = code.get(0);
        if code.get::<_, Option<i64>>(2).is_some() {
            return Err(DbError::CodeUsed);
        }
        if now_ms as i64 >= code.get::<_, i64>(1) {
            return Err(DbError::CodeExpired);
        }
        tx.execute(
            "UPDATE enrolment_codes SET used_ms = $2 WHERE code_hash = $1",
            &[&code_hash, &(now_ms as i64)],
        )
        .await?;
        tx.execute(
            "INSERT INTO devices (id, person_id, token_hash, age_recipient, signing_key, status, created_ms)
             VALUES ($1, $2, $3, $4, $5, 'pending', $6)",
            &[
                &device.id.to_string(),
                &person,
                &device.token_hash,
                &device.age_recipient,
                &device.signing_key,
                &(now_ms as i64),
            ],
        )
        .await
        .map_err(|e| match DbError::from(e) {
            DbError::Taken(_) => DbError::Taken(format!("the device id {}", device.id)),
            e => e,
        })?;
        let row = tx
            .query_one(
                &format!("SELECT {DEVICE_COLUMNS} FROM devices d JOIN people p ON p.id = d.person_id WHERE d.id = $1"),
                &[&device.id.to_string()],
            )
            .await?;
        tx.commit().await?;
        to_device(&row)
    }

    async fn device_by_token(&self, token_hash: &str) -> DbResult<Option<Device>> {
        let client = self.pool.get().await?;
        let stmt = client
            .prepare_cached(&format!(
                "SELECT {DEVICE_COLUMNS} FROM devices d JOIN people p ON p.id = d.person_id WHERE d.token_hash = $1"
            ))
            .await?;
        client
            .query_opt(&stmt, &[&token_hash])
            .await?
            .as_ref()
            .map(to_device)
            .transpose()
    }

    async fn devices(&self) -> DbResult<Vec<Device>> {
        let client = self.pool.get().await?;
        client
            .query(
                &format!("SELECT {DEVICE_COLUMNS} FROM devices d JOIN people p ON p.id = d.person_id ORDER BY d.created_ms, d.id"),
                &[],
            )
            .await?
            .iter()
            .map(to_device)
            .collect()
    }

    async fn set_device_status(&self, device: DeviceId, status: DeviceStatus) -> DbResult<()> {
        let client = self.pool.get().await?;
        let changed = client
            .execute(
                "UPDATE devices SET status = $2 WHERE id = $1 AND status <> 'revoked'",
                &[&device.to_string(), &status.as_str()],
            )
            .await?;
        if changed == 0 {
            let exists: bool = client
                .query_one(
                    "SELECT EXISTS (SELECT 1 FROM devices WHERE id = $1)",
                    &[&device.to_string()],
                )
                .await?
                .get(0);
            if !exists {
                return Err(DbError::UnknownDevice(device.to_string()));
            }
        }
        Ok(())
    }

    async fn push(&self, author: &Device, batch: &NewBatch) -> DbResult<PushOutcome> {
        let mut client = self.pool.get().await?;
        let tx = client.transaction().await?;
        let outcome = push_in(&tx, author, batch).await?;
        if matches!(outcome, PushOutcome::Stored { .. }) {
            tx.commit().await?;
        }
        Ok(outcome)
    }

    async fn readable_scopes(&self, reader: &Device) -> DbResult<Vec<ScopeRow>> {
        let client = self.pool.get().await?;
        let rows = client
            .query(
                "SELECT scope, owner_id, team_id, next_seq, epoch, priority_seq FROM scopes
                 WHERE owner_id = $1 OR ($2 = 'supervisor' AND team_id = $3) ORDER BY scope",
                &[
                    &reader.person.to_string(),
                    &reader.role.as_str(),
                    &reader.team.to_string(),
                ],
            )
            .await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            let row = ScopeRow {
                scope: parse(r.get(0), "scope")?,
                owner: parse(r.get(1), "person")?,
                team: parse(r.get(2), "team")?,
                next_seq: r.get::<_, i64>(3) as u64,
                epoch: r.get::<_, i64>(4) as u32,
                priority_seq: r.get::<_, i64>(5) as u64,
            };
            if access::can_read(reader, &row) {
                out.push(row);
            }
        }
        Ok(out)
    }

    async fn batches_after(
        &self,
        scope: Scope,
        after: u64,
        limit: u32,
    ) -> DbResult<Vec<StoredBatch>> {
        let client = self.pool.get().await?;
        let stmt = client
            .prepare_cached(
                "SELECT server_seq, device_id, device_seq, priority, header, signature, ciphertext
                 FROM batches WHERE scope = $1 AND server_seq > $2 ORDER BY server_seq LIMIT $3",
            )
            .await?;
        client
            .query(
                &stmt,
                &[&scope.to_string(), &(after as i64), &i64::from(limit)],
            )
            .await?
            .iter()
            .map(|r| {
                Ok(StoredBatch {
                    scope,
                    server_seq: r.get::<_, i64>(0) as u64,
                    device: parse(r.get(1), "device")?,
                    device_seq: r.get::<_, i64>(2) as u64,
                    priority: if r.get::<_, i64>(3) == 1 {
                        Priority::Safeguarding
                    } else {
                        Priority::Routine
                    },
                    header: r.get(4),
                    signature: r.get(5),
                    ciphertext: r.get(6),
                })
            })
            .collect()
    }

    async fn put_envelopes(
        &self,
        author: &Device,
        envelopes: &[StoredEnvelope],
        rotate: bool,
    ) -> DbResult<EnvelopeOutcome> {
        let mut client = self.pool.get().await?;
        let tx = client.transaction().await?;
        let mut moved = Vec::new();
        for e in envelopes {
            let scope = e.scope.to_string();
            let Some(row) = scope_row(&tx, e.scope, true).await? else {
                return Ok(EnvelopeOutcome::UnknownScope(e.scope));
            };
            match access::envelope_step(author, &row, e, rotate, moved.contains(&e.scope)) {
                access::EnvelopeStep::Refuse(outcome) => return Ok(outcome),
                access::EnvelopeStep::Rotate => {
                    tx.execute(
                        "UPDATE scopes SET epoch = $2 WHERE scope = $1",
                        &[&scope, &i64::from(e.epoch)],
                    )
                    .await?;
                    moved.push(e.scope);
                }
                access::EnvelopeStep::Insert => {}
            }
            tx.execute(
                "INSERT INTO envelopes (scope, epoch, recipient, envelope) VALUES ($1, $2, $3, $4)
                 ON CONFLICT (scope, epoch, recipient) DO NOTHING",
                &[&scope, &i64::from(e.epoch), &e.recipient.key(), &e.envelope],
            )
            .await?;
        }
        tx.commit().await?;
        Ok(EnvelopeOutcome::Stored)
    }

    async fn envelopes_for(&self, recipient: Recipient) -> DbResult<Vec<StoredEnvelope>> {
        let client = self.pool.get().await?;
        client
            .query(
                "SELECT scope, epoch, envelope FROM envelopes WHERE recipient = $1 ORDER BY scope, epoch",
                &[&recipient.key()],
            )
            .await?
            .iter()
            .map(|r| {
                Ok(StoredEnvelope {
                    scope: parse(r.get(0), "scope")?,
                    epoch: r.get::<_, i64>(1) as u32,
                    recipient,
                    envelope: r.get(2),
                })
            })
            .collect()
    }

    async fn set_case_owner(&self, scope: Scope, owner: PersonId, team: TeamId) -> DbResult<()> {
        let mut client = self.pool.get().await?;
        let tx = client.transaction().await?;
        let (scope, owner, team) = (scope.to_string(), owner.to_string(), team.to_string());
        tx.execute(
            "INSERT INTO case_owners (scope, owner_id, team_id) VALUES ($1, $2, $3)
             ON CONFLICT (scope) DO UPDATE SET owner_id = excluded.owner_id, team_id = excluded.team_id",
            &[&scope, &owner, &team],
        )
        .await?;
        tx.execute(
            "UPDATE scopes SET owner_id = $2, team_id = $3 WHERE scope = $1",
            &[&scope, &owner, &team],
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn add_directory(&self, rows: &[DirectoryRow]) -> DbResult<()> {
        let mut client = self.pool.get().await?;
        let tx = client.transaction().await?;
        // Positions must follow commit order, or a reader could skip a record committed late
        // under a lower position: one writer at a time (directory writes are rare).
        tx.batch_execute("LOCK TABLE directory IN EXCLUSIVE MODE")
            .await?;
        for row in rows {
            tx.execute(
                "INSERT INTO directory (hash, countersignature, record) VALUES ($1, $2, $3)
                 ON CONFLICT (hash, countersignature) DO NOTHING",
                &[&row.hash, &row.countersignature, &row.record],
            )
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn directory_after(&self, after: u64, limit: u32) -> DbResult<Vec<(u64, String)>> {
        let client = self.pool.get().await?;
        Ok(client
            .query(
                "SELECT position, record FROM directory WHERE position > $1 ORDER BY position LIMIT $2",
                &[&(after as i64), &i64::from(limit)],
            )
            .await?
            .iter()
            .map(|r| (r.get::<_, i64>(0) as u64, r.get(1)))
            .collect())
    }

    async fn add_salvage(&self, salvage: &Salvage) -> DbResult<()> {
        let client = self.pool.get().await?;
        client
            .execute(
                "INSERT INTO salvage (device_id, received_ms, sealed) VALUES ($1, $2, $3)",
                &[
                    &salvage.device.to_string(),
                    &(salvage.received_ms as i64),
                    &salvage.sealed,
                ],
            )
            .await?;
        Ok(())
    }

    async fn salvage(&self) -> DbResult<Vec<Salvage>> {
        let client = self.pool.get().await?;
        client
            .query(
                "SELECT device_id, received_ms, sealed FROM salvage ORDER BY id",
                &[],
            )
            .await?
            .iter()
            .map(|r| {
                Ok(Salvage {
                    device: parse(r.get(0), "device")?,
                    received_ms: r.get::<_, i64>(1) as u64,
                    sealed: r.get(2),
                })
            })
            .collect()
    }
}
