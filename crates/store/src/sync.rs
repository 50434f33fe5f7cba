//! What sync keeps in the encrypted store: each op's scope, the outbox of sealed batches, scope
//! keys, the signed directory records, cursors, quarantined batches and the sync state. The network side lives in
//! `insideout-sync`; everything here is one local transaction at a time.

use crate::{Store, StoreError, StoreResult, oplog};
use insideout_crypto::ScopeKey;
use insideout_domain::hlc::{Hlc, MAX_SKEW_MS};
use insideout_domain::ids::{DeviceId, PersonId, YoungPersonId};
use insideout_domain::op::{Op, OpBody, OpScope, RecordRef};
use insideout_protocol::directory::Head;
use insideout_protocol::{BatchHeader, PROTOCOL_VERSION, Priority, Scope, sha256_hex};
use rusqlite::{OptionalExtension, Transaction, params};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

/// The local text of the scope `body` belongs to: `'own'` or `'case:<id>'`. An op that names
/// only a record (a session, a placement, a contact) takes the case of the op that created it;
/// one whose record is not here falls back to the author's own scope, as it always has.
pub(crate) fn scope_of_op(conn: &rusqlite::Connection, body: &OpBody) -> StoreResult<String> {
    Ok(match body.place().scope {
        OpScope::Own => "own".to_owned(),
        OpScope::OwnOf(person) => {
            // The signed-in person's own scope is `own` here, whoever wrote in it.
            let me: Option<String> = conn
                .query_row(
                    "SELECT value FROM sync_state WHERE key = 'person'",
                    [],
                    |r| r.get(0),
                )
                .optional()?;
            if me.is_some_and(|me| me == person.to_string()) {
                "own".to_owned()
            } else {
                Scope::Own(person).to_string()
            }
        }
        OpScope::Case(young_person) => format!("case:{young_person}"),
        OpScope::CaseOf(record) => {
            case_of_record(conn, record)?.map_or_else(|| "own".to_owned(), |y| format!("case:{y}"))
        }
    })
}

/// The young person a record belongs to, from the op that created it; `None` if no op here
/// created it, or if two ops that claim to have created it disagree.
pub(crate) fn case_of_record(
    conn: &rusqlite::Connection,
    record: RecordRef,
) -> StoreResult<Option<YoungPersonId>> {
    let (kind, id) = match record {
        RecordRef::Session(id) => ("session_recorded", id.to_string()),
        RecordRef::Placement(id) => ("placement_added", id.to_string()),
        RecordRef::Contact(id) => ("contact_added", id.to_string()),
    };
    let mut stmt = conn.prepare_cached(
        "SELECT DISTINCT json_extract(body, '$.young_person') FROM ops WHERE subject = ?1 AND kind = ?2 LIMIT 2",
    )?;
    let found: Vec<Option<String>> = stmt
        .query_map(params![id, kind], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    match found.as_slice() {
        [Some(young_person)] => {
            Ok(Some(young_person.parse().map_err(|_| {
                StoreError::BadOp(format!("young person {young_person}"))
            })?))
        }
        _ => Ok(None),
    }
}

/// The plaintext of a batch: versioned, so a newer op kind is kept rather than misread.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BatchContent {
    pub version: u16,
    pub ops: Vec<serde_json::Value>,
    /// The newest record of each directory chain the author held when it sealed the batch:
    /// readers compare them with their own, so a service that shows devices different
    /// directories, or holds records back from one, is seen.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub heads: Vec<Head>,
}

fn case_files_key(young_person: YoungPersonId) -> String {
    format!("case_files:{young_person}")
}

/// Whether this device makes the first key of its person's own scope (see
/// `Directory::own_scope_opener`), or waits for the key from the device that does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OwnScope {
    Open,
    Wait,
}

/// A sealed batch waiting for (or given) the service's acknowledgement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxBatch {
    pub seq: u64,
    pub header: BatchHeader,
    pub signature: String,
    pub ciphertext: Vec<u8>,
}

/// A batch received from the service, after its signature and key were checked.
#[derive(Debug, Clone)]
pub struct Received {
    pub scope: Scope,
    pub server_seq: u64,
    pub author: DeviceId,
    /// The ops to store, or why the batch was quarantined (with what could be read of it).
    pub outcome: Result<Vec<Op>, (String, Option<String>)>,
    /// The directory heads the author held when it sealed the batch (empty if quarantined).
    pub heads: Vec<Head>,
}

/// What applying a page did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Applied {
    pub new_ops: usize,
    pub duplicates: usize,
    pub quarantined: usize,
}

/// A quarantined batch, for the screen that shows them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quarantined {
    pub scope: String,
    pub server_seq: u64,
    pub author: String,
    pub reason: String,
    pub received_at: String,
}

/// The local text of a scope: the signed-in person's own scope is `own`.
pub fn scope_text(scope: Scope, me: PersonId) -> String {
    match scope {
        Scope::Own(p) if p == me => "own".to_owned(),
        other => other.to_string(),
    }
}

fn scope_from_text(text: &str, me: PersonId) -> StoreResult<Scope> {
    if text == "own" {
        return Ok(Scope::Own(me));
    }
    text.parse()
        .map_err(|_| StoreError::BadOp(format!("scope {text}")))
}

impl Store {
    pub fn sync_get(&self, key: &str) -> StoreResult<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT value FROM sync_state WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()?)
    }

    pub fn sync_set(&self, key: &str, value: &str) -> StoreResult<()> {
        self.conn.execute(
            "INSERT INTO sync_state (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [key, value],
        )?;
        Ok(())
    }

    pub fn sync_clear(&self, key: &str) -> StoreResult<()> {
        self.conn
            .execute("DELETE FROM sync_state WHERE key = ?1", [key])?;
        Ok(())
    }

    /// The person's changes the service has not acknowledged yet: unsealed, or in an
    /// unacknowledged batch; and how many of them are safeguarding concerns (the sync line names
    /// those first). The device's name for colleagues is bookkeeping, not a change the person
    /// made, so it is not counted (it travels all the same).
    pub fn waiting_ops(&self) -> StoreResult<(u64, u64)> {
        Ok(self.conn.query_row(
            "SELECT count(*), count(*) FILTER (WHERE kind = 'concern_raised') FROM ops
             WHERE device_id = ?1 AND kind NOT IN ('profile_created', 'device_named')
               AND (batch IS NULL OR batch IN (SELECT seq FROM outbox WHERE server_seq IS NULL))",
            [self.device.to_string()],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?)
    }

    /// When this device's latest concern that the service acknowledged was raised (ms since the
    /// epoch, from its clock stamp), if there is one.
    pub fn latest_concern_received_ms(&self) -> StoreResult<Option<u64>> {
        let hlc: Option<String> = self.conn.query_row(
            "SELECT max(hlc) FROM ops
                 WHERE device_id = ?1 AND kind = 'concern_raised'
                   AND batch IN (SELECT seq FROM outbox WHERE server_seq IS NOT NULL)",
            [self.device.to_string()],
            |r| r.get(0),
        )?;
        Ok(hlc
            .and_then(|h| h.parse::<insideout_domain::hlc::Hlc>().ok())
            .map(|h| h.wall_ms))
    }

    /// Seals every local op not yet in a batch into outbox batches of at most `max_ops`, one
    /// scope per batch, safeguarding ops first. The profile op (this device's own name for its
    /// user) stays on the device. A case without a key gets one (epoch 1), and so does this
    /// person's own scope when `own` says this device opens it; ops in any other scope without
    /// a key (another device opens it, or it is a coach's scope a supervisor writes in) wait
    /// here until its key arrives.
    /// Returns the scopes whose keys were made now (their envelopes must be uploaded after the
    /// first batch creates the scope on the service).
    pub fn seal_outbox(
        &mut self,
        me: PersonId,
        max_ops: usize,
        heads: &[Head],
        own: OwnScope,
    ) -> StoreResult<Vec<Scope>> {
        let keys = self.device_keys()?;
        let device = self.device;
        let tx = self.conn.transaction()?;
        let rows: Vec<(String, String, String, u64, String)> = {
            let mut stmt = tx.prepare(
                "SELECT scope, id, hlc, device_seq, body FROM ops WHERE device_id = ?1 AND batch IS NULL AND kind <> 'profile_created' ORDER BY hlc",
            )?;
            stmt.query_map([device.to_string()], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
            })?
            .collect::<Result<_, _>>()?
        };
        // Group by scope, keeping clock order inside each; scopes holding safeguarding ops first.
        let mut groups: Vec<(String, Vec<Op>)> = Vec::new();
        for (scope, id, hlc, device_seq, body) in rows {
            let op = oplog::op_from_row(id, hlc, device_seq, body)?;
            match groups.iter_mut().find(|(s, _)| *s == scope) {
                Some((_, ops)) => ops.push(op),
                None => groups.push((scope, vec![op])),
            }
        }
        groups.sort_by_key(|(_, ops)| !ops.iter().any(|op| op.body.is_safeguarding()));
        let mut new_scopes = Vec::new();
        let mut next_seq: u64 =
            tx.query_row("SELECT coalesce(max(seq), 0) + 1 FROM outbox", [], |r| {
                r.get(0)
            })?;
        for (text, ops) in groups {
            let scope = scope_from_text(&text, me)?;
            let opens = match scope {
                Scope::Case(_) => true,
                Scope::Own(person) => person == me && own == OwnScope::Open,
            };
            let key = match current_key(&tx, &text)? {
                Some(key) => key,
                None if !opens => continue,
                None => {
                    let key = ScopeKey::generate(1);
                    tx.execute(
                        "INSERT INTO scope_keys (scope, epoch, secret) VALUES (?1, 1, ?2)",
                        params![text, key.to_secret_string().as_str()],
                    )?;
                    new_scopes.push(scope);
                    key
                }
            };
            // Inside a scope too, safeguarding ops go first, in batches of their own.
            let (urgent, routine): (Vec<Op>, Vec<Op>) =
                ops.into_iter().partition(|op| op.body.is_safeguarding());
            let chunks = urgent
                .chunks(max_ops.max(1))
                .chain(routine.chunks(max_ops.max(1)));
            for chunk in chunks {
                let batch = seal(&key, scope, device, next_seq, chunk, &keys, heads)?;
                tx.execute(
                    "INSERT INTO outbox (seq, scope, priority, op_count, header, signature, ciphertext) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                    params![
                        next_seq,
                        text,
                        i64::from(batch.header.priority == Priority::Safeguarding),
                        chunk.len() as i64,
                        serde_json::to_string(&batch.header)?,
                        batch.signature,
                        batch.ciphertext
                    ],
                )?;
                let mut mark = tx.prepare_cached("UPDATE ops SET batch = ?2 WHERE id = ?1")?;
                for op in chunk {
                    mark.execute(params![op.id.to_string(), next_seq])?;
                }
                next_seq += 1;
            }
        }
        tx.commit()?;
        Ok(new_scopes)
    }

    /// Sealed batches the service has not acknowledged, in number order.
    pub fn outbox_pending(&self) -> StoreResult<Vec<OutboxBatch>> {
        self.outbox_where("server_seq IS NULL", [])
    }

    /// The sealed batches numbered `from` up to (not including) `to`, acknowledged or not, in
    /// number order: what a service that lost them is sent again.
    pub fn outbox_range(&self, from: u64, to: u64) -> StoreResult<Vec<OutboxBatch>> {
        self.outbox_where("seq >= ?1 AND seq < ?2", [from, to])
    }

    fn outbox_where<const N: usize>(
        &self,
        condition: &str,
        values: [u64; N],
    ) -> StoreResult<Vec<OutboxBatch>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT seq, header, signature, ciphertext FROM outbox WHERE {condition} ORDER BY seq"
        ))?;
        let rows: Vec<(u64, String, String, Vec<u8>)> = stmt
            .query_map(rusqlite::params_from_iter(values), |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })?
            .collect::<Result<_, _>>()?;
        rows.into_iter()
            .map(|(seq, header, signature, ciphertext)| {
                Ok(OutboxBatch {
                    seq,
                    header: serde_json::from_str(&header)?,
                    signature,
                    ciphertext,
                })
            })
            .collect()
    }

    /// Takes back every unacknowledged batch from `seq` on: their ops wait to be sealed again,
    /// numbered from `seq`. Batches go to the service in order and stop at the first refusal,
    /// so the service has seen none of them.
    pub fn unseal_from(&mut self, seq: u64) -> StoreResult<()> {
        let tx = self.conn.transaction()?;
        unseal_from(&tx, seq)?;
        tx.commit()?;
        Ok(())
    }

    /// Sets the ops of batch `seq`, which the service refuses for good, aside: they stay on
    /// this device (in its tables, its exports and a revoked device's hand-over) but are not
    /// sent, so the batches behind no longer wait for them. The batches after it are taken back
    /// and numbered again. `reason` is what the service said.
    pub fn set_aside(&mut self, seq: u64, reason: &str) -> StoreResult<()> {
        let tx = self.conn.transaction()?;
        tx.execute(
            "UPDATE ops SET batch = ?2 WHERE batch = ?1 AND device_id = ?3",
            params![seq, SET_ASIDE, self.device.to_string()],
        )?;
        tx.execute(
            "INSERT OR REPLACE INTO sync_state (key, value) VALUES ('set_aside_reason', ?1)",
            [reason],
        )?;
        unseal_from(&tx, seq)?;
        tx.commit()?;
        Ok(())
    }

    /// How many of this device's changes are set aside, and the service's reason for the last.
    pub fn set_aside_ops(&self) -> StoreResult<(u64, Option<String>)> {
        let count: u64 = self.conn.query_row(
            "SELECT count(*) FROM ops WHERE device_id = ?1 AND batch = ?2",
            params![self.device.to_string(), SET_ASIDE],
            |r| r.get(0),
        )?;
        Ok((count, self.sync_get("set_aside_reason")?))
    }

    /// Puts the changes set aside back in line, to be sealed and sent again.
    pub fn release_set_aside(&self) -> StoreResult<u64> {
        let released = self.conn.execute(
            "UPDATE ops SET batch = NULL WHERE device_id = ?1 AND batch = ?2",
            params![self.device.to_string(), SET_ASIDE],
        )?;
        self.sync_clear("set_aside_reason")?;
        Ok(released as u64)
    }

    pub fn outbox_acknowledged(&self, seq: u64, server_seq: u64) -> StoreResult<()> {
        self.conn.execute(
            "UPDATE outbox SET server_seq = ?2 WHERE seq = ?1",
            params![seq, server_seq],
        )?;
        Ok(())
    }

    /// Seals an unacknowledged batch again with its scope's current key (after the key was
    /// rotated), keeping its number and its ops.
    pub fn reseal(&mut self, seq: u64, me: PersonId, heads: &[Head]) -> StoreResult<()> {
        let keys = self.device_keys()?;
        let device = self.device;
        let tx = self.conn.transaction()?;
        let text: String = tx.query_row("SELECT scope FROM outbox WHERE seq = ?1", [seq], |r| {
            r.get(0)
        })?;
        let key = current_key(&tx, &text)?.ok_or(StoreError::NotFound { what: "scope key" })?;
        let ops = oplog::read_ops(
            &tx,
            "SELECT id, hlc, device_seq, body FROM ops WHERE batch = ?1 AND device_id = ?2 ORDER BY hlc",
            params![seq, device.to_string()],
        )?;
        let batch = seal(
            &key,
            scope_from_text(&text, me)?,
            device,
            seq,
            &ops,
            &keys,
            heads,
        )?;
        tx.execute(
            "UPDATE outbox SET header = ?2, signature = ?3, ciphertext = ?4 WHERE seq = ?1",
            params![
                seq,
                serde_json::to_string(&batch.header)?,
                batch.signature,
                batch.ciphertext
            ],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The scopes this device holds a key for, each once (no secret is read).
    pub fn scopes_held(&self, me: PersonId) -> StoreResult<Vec<Scope>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT DISTINCT scope FROM scope_keys ORDER BY scope")?;
        let rows: Vec<String> = stmt
            .query_map([], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        rows.iter().map(|text| scope_from_text(text, me)).collect()
    }

    /// Every scope key this device holds, newest epoch last within each scope.
    pub fn scope_keys(&self, me: PersonId) -> StoreResult<Vec<(Scope, ScopeKey)>> {
        let mut stmt = self
            .conn
            .prepare("SELECT scope, epoch, secret FROM scope_keys ORDER BY scope, epoch")?;
        // The secrets are read again on every pull: each copy is wiped once the key is made.
        let rows: Vec<(String, u32, Zeroizing<String>)> = stmt
            .query_map([], |r| {
                Ok((r.get(0)?, r.get(1)?, Zeroizing::new(r.get::<_, String>(2)?)))
            })?
            .collect::<Result<_, _>>()?;
        rows.into_iter()
            .map(|(scope, epoch, secret)| {
                Ok((
                    scope_from_text(&scope, me)?,
                    ScopeKey::from_secret_string(epoch, &secret)?,
                ))
            })
            .collect()
    }

    /// Whether this device holds a key for `scope`, so what it writes there can be sealed.
    pub fn holds_key(&self, scope: Scope, me: PersonId) -> StoreResult<bool> {
        Ok(self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM scope_keys WHERE scope = ?1)",
            [scope_text(scope, me)],
            |r| r.get(0),
        )?)
    }

    pub fn save_scope_key(&self, scope: Scope, me: PersonId, key: &ScopeKey) -> StoreResult<()> {
        self.conn.execute(
            "INSERT OR IGNORE INTO scope_keys (scope, epoch, secret) VALUES (?1, ?2, ?3)",
            params![
                scope_text(scope, me),
                key.epoch,
                key.to_secret_string().as_str()
            ],
        )?;
        Ok(())
    }

    /// The devices this device has wrapped `scope`'s key at `epoch` for.
    pub fn wrapped_for(&self, scope: Scope, me: PersonId, epoch: u32) -> StoreResult<Vec<String>> {
        let mut stmt = self
            .conn
            .prepare("SELECT device FROM wrapped WHERE scope = ?1 AND epoch = ?2")?;
        Ok(stmt
            .query_map(params![scope_text(scope, me), epoch], |r| r.get(0))?
            .collect::<Result<_, _>>()?)
    }

    pub fn mark_wrapped(
        &self,
        scope: Scope,
        me: PersonId,
        epoch: u32,
        devices: &[String],
    ) -> StoreResult<()> {
        for device in devices {
            self.conn.execute(
                "INSERT OR IGNORE INTO wrapped (scope, epoch, device) VALUES (?1, ?2, ?3)",
                params![scope_text(scope, me), epoch, device],
            )?;
        }
        Ok(())
    }

    pub fn cursors(&self, me: PersonId) -> StoreResult<Vec<(Scope, u64)>> {
        let mut stmt = self.conn.prepare("SELECT scope, after FROM cursors")?;
        let rows: Vec<(String, u64)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        rows.into_iter()
            .map(|(s, a)| Ok((scope_from_text(&s, me)?, a)))
            .collect()
    }

    /// Sends back to the start every cursor that is past its scope's head as the service now
    /// gives it: a service that lost batches (restored from a backup, or a database that lost
    /// its last commits) numbers new ones from where it went back to, and a cursor left ahead
    /// would skip them. The scope is read again from the start; what this device holds already
    /// is recognised by its ops' ids and not applied twice. Returns how many were rewound.
    pub fn rewind_cursors(&self, me: PersonId, heads: &[(Scope, u64)]) -> StoreResult<usize> {
        let mut rewound = 0;
        for (scope, head) in heads {
            rewound += self.conn.execute(
                "UPDATE cursors SET after = 0 WHERE scope = ?1 AND after > ?2",
                params![scope_text(*scope, me), head],
            )?;
        }
        Ok(rewound)
    }

    /// Keeps directory records as received (each record and countersignature once).
    pub fn save_directory(
        &self,
        records: &[insideout_protocol::directory::SignedRecord],
    ) -> StoreResult<usize> {
        let mut added = 0;
        for r in records {
            let json = serde_json::to_string(r).map_err(|e| StoreError::BadOp(e.to_string()))?;
            added += self.conn.execute(
                "INSERT OR IGNORE INTO directory_records (hash, countersignature, record) VALUES (?1, ?2, ?3)",
                params![r.hash(), r.countersignature.clone().unwrap_or_default(), json],
            )?;
        }
        Ok(added)
    }

    /// Every directory record this device holds.
    pub fn directory_records(
        &self,
    ) -> StoreResult<Vec<insideout_protocol::directory::SignedRecord>> {
        let mut stmt = self
            .conn
            .prepare("SELECT record FROM directory_records ORDER BY hash, countersignature")?;
        let rows = stmt
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<Result<Vec<_>, _>>()?;
        rows.iter()
            .map(|json| serde_json::from_str(json).map_err(|_| StoreError::Damaged))
            .collect()
    }

    /// The newest directory head each other device's batches carried, per signer.
    pub fn seen_heads(&self) -> StoreResult<Vec<Head>> {
        let mut stmt = self
            .conn
            .prepare("SELECT signer, seq, hash FROM seen_heads ORDER BY signer, from_device")?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, u64>(1)?,
                    r.get::<_, String>(2)?,
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        rows.into_iter()
            .map(|(signer, seq, hash)| {
                Ok(Head {
                    signer: serde_json::from_str(&signer).map_err(|_| StoreError::Damaged)?,
                    seq,
                    hash,
                })
            })
            .collect()
    }

    /// This device's ops the service has not acknowledged, as JSON lines: what a revoked device
    /// seals to the recovery recipient before it wipes itself.
    pub fn unsent_ops(&self) -> StoreResult<Vec<String>> {
        let mut stmt = self.conn.prepare(
            "SELECT body FROM ops WHERE device_id = ?1 AND kind <> 'profile_created'
               AND (batch IS NULL OR batch < 0 OR batch IN (SELECT seq FROM outbox WHERE server_seq IS NULL))
             ORDER BY hlc",
        )?;
        let rows = stmt
            .query_map([self.device.to_string()], |r| r.get::<_, String>(0))?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(rows)
    }

    /// This device's changes to `young_person`'s case that the service has not acknowledged,
    /// as their JSON bodies in clock order.
    pub fn unsent_ops_in_case(&self, young_person: YoungPersonId) -> StoreResult<Vec<String>> {
        let mut stmt = self.conn.prepare(
            "SELECT body FROM ops WHERE device_id = ?1 AND scope = ?2
               AND (batch IS NULL OR batch < 0 OR batch IN (SELECT seq FROM outbox WHERE server_seq IS NULL))
             ORDER BY hlc",
        )?;
        let rows = stmt
            .query_map(
                params![self.device.to_string(), format!("case:{young_person}")],
                |r| r.get::<_, String>(0),
            )?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(rows)
    }

    /// The cases this device holds anything of: ops or a key.
    pub fn cases_held(&self) -> StoreResult<Vec<YoungPersonId>> {
        let mut stmt = self.conn.prepare(
            "SELECT scope FROM ops WHERE scope LIKE 'case:%'
             UNION SELECT scope FROM scope_keys WHERE scope LIKE 'case:%'",
        )?;
        let rows = stmt
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(rows
            .iter()
            .filter_map(|s| s.strip_prefix("case:")?.parse().ok())
            .collect())
    }

    /// Removes everything of `young_person`'s case from this device, in one transaction: its
    /// changes (sent or not: the caller has handed over the unsent ones), its keys, cursor,
    /// quarantined batches and the sealed copies of what it sent, then rebuilds the tables
    /// from what is left. Batches of other cases sealed after an unsent one of this case are
    /// taken back and numbered again, so the batch numbers stay dense.
    pub fn forget_case(&mut self, young_person: YoungPersonId) -> StoreResult<()> {
        let scope = format!("case:{young_person}");
        let tx = self.conn.transaction()?;
        let first_unsent: Option<u64> = tx.query_row(
            "SELECT min(seq) FROM outbox WHERE scope = ?1 AND server_seq IS NULL",
            [&scope],
            |r| r.get(0),
        )?;
        if let Some(seq) = first_unsent {
            unseal_from(&tx, seq)?;
        }
        tx.execute("DELETE FROM ops WHERE scope = ?1", [&scope])?;
        // Sent batches keep their numbers (the next batch's number follows them) but lose
        // their content.
        tx.execute(
            "UPDATE outbox SET ciphertext = X'', header = '{}' WHERE scope = ?1",
            [&scope],
        )?;
        for table in ["scope_keys", "wrapped", "cursors", "quarantine"] {
            tx.execute(&format!("DELETE FROM {table} WHERE scope = ?1"), [&scope])?;
        }
        tx.execute(
            "DELETE FROM timers WHERE young_person_id = ?1",
            [young_person.to_string()],
        )?;
        let files: Vec<String> = tx
            .query_row(
                "SELECT value FROM sync_state WHERE key = ?1",
                [case_files_key(young_person)],
                |r| r.get::<_, String>(0),
            )
            .optional()?
            .and_then(|json| serde_json::from_str(&json).ok())
            .unwrap_or_default();
        tx.execute(
            "DELETE FROM sync_state WHERE key LIKE ?1",
            [format!("%{young_person}%")],
        )?;
        oplog::rebuild_in(&tx)?;
        tx.commit()?;
        // The files written from the case (a trip pack printed from it) go too.
        for file in files {
            let _ = std::fs::remove_file(file);
        }
        Ok(())
    }

    /// Notes a file written from `young_person`'s case outside the store (a trip pack), so it
    /// is removed with the case if the case leaves this device.
    pub fn note_case_file(&self, young_person: YoungPersonId, path: &str) -> StoreResult<()> {
        let key = case_files_key(young_person);
        let mut files: Vec<String> = self
            .sync_get(&key)?
            .and_then(|json| serde_json::from_str(&json).ok())
            .unwrap_or_default();
        if !files.iter().any(|f| f == path) {
            files.push(path.to_owned());
        }
        self.sync_set(&key, &serde_json::to_string(&files)?)
    }

    /// The devices whose ops this device holds in `scope`.
    pub fn scope_authors(&self, scope: Scope, me: PersonId) -> StoreResult<Vec<DeviceId>> {
        let mut stmt = self
            .conn
            .prepare("SELECT DISTINCT device_id FROM ops WHERE scope = ?1")?;
        let rows = stmt
            .query_map([scope_text(scope, me)], |r| r.get::<_, String>(0))?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(rows.iter().filter_map(|d| d.parse().ok()).collect())
    }

    /// Stores a page of received batches and advances each scope's cursor, in one transaction:
    /// a crash between pages loses nothing and leaves no hole. New ops newer than everything
    /// applied are applied at once; older ones mark the tables for a rebuild, done by
    /// [`Store::finish_pull`], so the tables end as if every op had arrived in clock order.
    pub fn apply_received(
        &mut self,
        me: PersonId,
        batches: &[Received],
        received_at: &str,
        now_ms: u64,
    ) -> StoreResult<Applied> {
        let tx = self.conn.transaction()?;
        // The device's own profile op touches only its own name, so it never forces a rebuild.
        let newest: Option<String> = tx.query_row(
            "SELECT max(hlc) FROM ops WHERE kind <> 'profile_created'",
            [],
            |r| r.get(0),
        )?;
        let mut rebuild = tx
            .query_row(
                "SELECT value FROM sync_state WHERE key = 'needs_rebuild'",
                [],
                |r| r.get::<_, String>(0),
            )
            .optional()?
            .is_some();
        let mut report = Applied::default();
        let mut fresh: Vec<Op> = Vec::new();
        for batch in batches {
            let text = scope_text(batch.scope, me);
            let mut seen = tx.prepare_cached(
                "INSERT INTO seen_heads (signer, from_device, seq, hash) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (signer, from_device) DO UPDATE SET seq = excluded.seq, hash = excluded.hash
                 WHERE excluded.seq >= seen_heads.seq",
            )?;
            for head in &batch.heads {
                seen.execute(params![
                    serde_json::to_string(&head.signer)?,
                    batch.author.to_string(),
                    head.seq,
                    head.hash
                ])?;
            }
            match &batch.outcome {
                Ok(ops) => {
                    let mut insert = tx.prepare_cached(
                        "INSERT OR IGNORE INTO ops (id, hlc, device_id, device_seq, kind, subject, body, scope)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                    )?;
                    for op in ops {
                        let hlc = op.hlc.encode();
                        let inserted = insert.execute(params![
                            op.id.to_string(),
                            hlc,
                            op.hlc.device.to_string(),
                            op.device_seq,
                            op.body.kind(),
                            op.body.place().subject,
                            serde_json::to_string(&op.body)?,
                            text
                        ])?;
                        if inserted == 0 {
                            report.duplicates += 1;
                            continue;
                        }
                        report.new_ops += 1;
                        if newest.as_deref().is_some_and(|n| hlc.as_str() <= n) {
                            rebuild = true;
                        }
                        fresh.push(op.clone());
                    }
                }
                Err((reason, content)) => {
                    report.quarantined += 1;
                    tx.execute(
                        "INSERT INTO quarantine (scope, server_seq, author, reason, received_at, content) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                        params![
                            text,
                            batch.server_seq,
                            batch.author.to_string(),
                            reason,
                            received_at,
                            content
                        ],
                    )?;
                }
            }
            tx.execute(
                "INSERT INTO cursors (scope, after) VALUES (?1, ?2)
                 ON CONFLICT (scope) DO UPDATE SET after = max(after, excluded.after)",
                params![text, batch.server_seq],
            )?;
        }
        if rebuild {
            tx.execute(
                "INSERT OR REPLACE INTO sync_state (key, value) VALUES ('needs_rebuild', '1')",
                [],
            )?;
        } else {
            fresh.sort_by_key(|op| op.hlc);
            // An op that names a record not here yet undoes this page's applying and leaves the
            // tables to a rebuild.
            tx.execute_batch("SAVEPOINT incremental")?;
            let mut gap = false;
            for op in &fresh {
                match crate::projections::apply(&tx, op) {
                    Ok(()) => {}
                    Err(StoreError::Sqlite(_)) => {
                        gap = true;
                        break;
                    }
                    Err(e) => return Err(e),
                }
            }
            if gap {
                tx.execute_batch("ROLLBACK TO incremental; RELEASE incremental")?;
            } else {
                tx.execute_batch("RELEASE incremental")?;
            }
            if gap {
                tx.execute(
                    "INSERT OR REPLACE INTO sync_state (key, value) VALUES ('needs_rebuild', '1')",
                    [],
                )?;
            }
        }
        tx.commit()?;
        if let Some(latest) = fresh.iter().map(|op| op.hlc).max() {
            self.clock.observe(latest, now_ms);
        }
        Ok(report)
    }

    /// Rebuilds the tables if received ops arrived out of clock order.
    pub fn finish_pull(&mut self) -> StoreResult<bool> {
        if self.sync_get("needs_rebuild")?.is_none() {
            return Ok(false);
        }
        let tx = self.conn.transaction()?;
        oplog::rebuild_in(&tx)?;
        tx.execute("DELETE FROM sync_state WHERE key = 'needs_rebuild'", [])?;
        tx.commit()?;
        Ok(true)
    }

    /// Folds the service's time into the clock, so later stamps sort after what it has seen;
    /// never further than the allowed skew past this device's own time `now_ms`.
    pub fn observe_time(&mut self, wall_ms: u64, now_ms: u64) {
        self.clock.observe(
            Hlc {
                wall_ms,
                counter: 0,
                device: self.device,
            },
            now_ms,
        );
    }

    /// Gives fresh stamps to this device's ops that the service has not acknowledged and that
    /// are stamped more than [`MAX_SKEW_MS`] after `now_ms`: they were written while this
    /// device's clock ran ahead, the service refuses them (`clock_ahead`) and readers would
    /// quarantine them, so without this they would wait until real time caught up with them,
    /// and every op written after them too (the clock never goes back behind a stamp it has
    /// seen). Once the clock is right again (the caller's `now_ms`), they are stamped anew in
    /// their own order, after every other op here; their unacknowledged batches are taken back
    /// to be sealed again (the service refused them, so it holds none of them), and the tables
    /// are rebuilt in the new clock order. Returns how many ops were stamped anew.
    pub fn restamp_future(&mut self, now_ms: u64) -> StoreResult<usize> {
        let limit = Hlc {
            wall_ms: now_ms.saturating_add(MAX_SKEW_MS),
            counter: u32::MAX,
            device: self.device,
        };
        let device = self.device.to_string();
        let tx = self.conn.transaction()?;
        let unsent = "device_id = ?1 AND (batch IS NULL OR batch IN (SELECT seq FROM outbox WHERE server_seq IS NULL))";
        let first: Option<String> = tx.query_row(
            &format!("SELECT min(hlc) FROM ops WHERE {unsent} AND hlc > ?2"),
            params![device, limit.encode()],
            |r| r.get(0),
        )?;
        let Some(first) = first else {
            return Ok(0);
        };
        // This device's unsent ops from the first one stamped ahead, in their order.
        let ids: Vec<String> = {
            let mut stmt = tx.prepare(&format!(
                "SELECT id FROM ops WHERE {unsent} AND hlc >= ?2 ORDER BY hlc"
            ))?;
            stmt.query_map(params![device, first], |r| r.get(0))?
                .collect::<Result<_, _>>()?
        };
        // The clock continues after every other op here (a colleague's step still sorts
        // before the answer to it), and from now.
        let others: Option<String> = tx.query_row(
            &format!("SELECT max(hlc) FROM ops WHERE NOT ({unsent} AND hlc >= ?2)"),
            params![device, first],
            |r| r.get(0),
        )?;
        let others = others.and_then(|h| h.parse::<Hlc>().ok());
        // Stamps the clock reached by seeing a colleague's are not this device's doing: a clock
        // that runs behind still stamps after what it has seen, and that is right.
        let first: Hlc = first.parse().map_err(|_| StoreError::Damaged)?;
        if others.is_some_and(|o| o.wall_ms.saturating_add(MAX_SKEW_MS) >= first.wall_ms) {
            return Ok(0);
        }
        let mut clock = insideout_domain::hlc::HlcClock::new(self.device, others);
        {
            // Out of the way first, so no new stamp meets an old one still in place.
            let mut park = tx.prepare("UPDATE ops SET hlc = 'restamping:' || id WHERE id = ?1")?;
            for id in &ids {
                park.execute([id])?;
            }
            let mut update = tx.prepare("UPDATE ops SET hlc = ?2 WHERE id = ?1")?;
            for id in &ids {
                update.execute(params![id, clock.tick(now_ms).encode()])?;
            }
        }
        let unacknowledged: Option<u64> = tx.query_row(
            "SELECT min(seq) FROM outbox WHERE server_seq IS NULL",
            [],
            |r| r.get(0),
        )?;
        if let Some(seq) = unacknowledged {
            unseal_from(&tx, seq)?;
        }
        oplog::rebuild_in(&tx)?;
        tx.commit()?;
        self.clock = clock;
        Ok(ids.len())
    }

    /// The young person a record belongs to, from the op here that created it (see
    /// [`OpScope::CaseOf`]).
    pub fn case_of(&self, record: RecordRef) -> StoreResult<Option<YoungPersonId>> {
        case_of_record(&self.conn, record)
    }

    pub fn quarantined(&self) -> StoreResult<Vec<Quarantined>> {
        let mut stmt = self.conn.prepare(
            "SELECT scope, server_seq, author, reason, received_at FROM quarantine ORDER BY id",
        )?;
        Ok(stmt
            .query_map([], |r| {
                Ok(Quarantined {
                    scope: r.get(0)?,
                    server_seq: r.get(1)?,
                    author: r.get(2)?,
                    reason: r.get(3)?,
                    received_at: r.get(4)?,
                })
            })?
            .collect::<Result<_, _>>()?)
    }
}

/// The `batch` of an op set aside: kept here, never sealed, until released.
const SET_ASIDE: i64 = -1;

fn unseal_from(tx: &Transaction<'_>, seq: u64) -> StoreResult<()> {
    tx.execute(
        "UPDATE ops SET batch = NULL WHERE batch IN (SELECT seq FROM outbox WHERE seq >= ?1 AND server_seq IS NULL)",
        [seq],
    )?;
    tx.execute(
        "DELETE FROM outbox WHERE seq >= ?1 AND server_seq IS NULL",
        [seq],
    )?;
    Ok(())
}

fn current_key(tx: &Transaction<'_>, scope: &str) -> StoreResult<Option<ScopeKey>> {
    let row: Option<(u32, Zeroizing<String>)> = tx
        .query_row(
            "SELECT epoch, secret FROM scope_keys WHERE scope = ?1 ORDER BY epoch DESC LIMIT 1",
            [scope],
            |r| Ok((r.get(0)?, Zeroizing::new(r.get::<_, String>(1)?))),
        )
        .optional()?;
    row.map(|(epoch, secret)| Ok(ScopeKey::from_secret_string(epoch, &secret)?))
        .transpose()
}

/// Seals `ops` (non-empty, clock order) into a signed batch numbered `seq`.
fn seal(
    key: &ScopeKey,
    scope: Scope,
    device: DeviceId,
    seq: u64,
    ops: &[Op],
    keys: &insideout_crypto::DeviceKeys,
    heads: &[Head],
) -> StoreResult<OutboxBatch> {
    let (first, last) = match (ops.first(), ops.last()) {
        (Some(f), Some(l)) => (f.hlc, l.hlc),
        _ => {
            return Err(StoreError::NotFound {
                what: "ops to seal",
            });
        }
    };
    let content = BatchContent {
        version: PROTOCOL_VERSION,
        ops: ops
            .iter()
            .map(serde_json::to_value)
            .collect::<Result<_, _>>()?,
        heads: heads.to_vec(),
    };
    let ciphertext = key.seal(&serde_json::to_vec(&content)?)?;
    let header = BatchHeader {
        version: PROTOCOL_VERSION,
        scope,
        device,
        device_seq: seq,
        hlc_first: first,
        hlc_last: last,
        op_count: ops.len() as u32,
        key_epoch: key.epoch,
        priority: if ops.iter().any(|op| op.body.is_safeguarding()) {
            Priority::Safeguarding
        } else {
            Priority::Routine
        },
        ciphertext_sha256: sha256_hex(&ciphertext),
    };
    let signature = hex::encode(keys.sign(&header.signing_bytes()));
    Ok(OutboxBatch {
        seq,
        header,
        signature,
        ciphertext,
    })
}
