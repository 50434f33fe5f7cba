//! The op log: the source of truth and the outbox.

use crate::{Store, StoreError, StoreResult, projections};
use insideout_domain::ids::OpId;
use insideout_domain::op::{Op, OpBody};
use rusqlite::{OptionalExtension, Transaction};

impl Store {
    /// Writes `body` as a new op and applies it to the tables, in one transaction.
    pub fn commit(&mut self, now_ms: u64, body: OpBody) -> StoreResult<Op> {
        let op = Op {
            id: OpId::from_uuid(Store::new_uuid(now_ms)?),
            hlc: self.clock.tick(now_ms),
            device_seq: self.next_seq,
            body,
        };
        let tx = self.conn.transaction()?;
        insert_op(&tx, &op)?;
        projections::apply(&tx, &op)?;
        tx.commit()?;
        self.next_seq += 1;
        Ok(op)
    }

    /// Saves a draft revision of a note. While the revision's op is still only on this device
    /// (not yet sealed into an outbox batch), a later save of the same revision rewrites that op
    /// (new stamp, new text) instead of adding one: a note keeps one revision per sitting, not
    /// one per keystroke. Once sealed, a save adds a new op for the same revision.
    pub fn commit_draft(&mut self, now_ms: u64, body: OpBody) -> StoreResult<Op> {
        let OpBody::NoteDrafted { revision, .. } = &body else {
            return self.commit(now_ms, body);
        };
        let existing: Option<(String, u64)> = self
            .conn
            .query_row(
                "SELECT id, device_seq FROM ops WHERE subject = ?1 AND kind = 'note_drafted' AND device_id = ?2 AND batch IS NULL",
                (revision.to_string(), self.device.to_string()),
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let Some((id, device_seq)) = existing else {
            return self.commit(now_ms, body);
        };
        let id: OpId = id.parse().map_err(|_| crate::StoreError::Damaged)?;
        let op = Op {
            id,
            hlc: self.clock.tick(now_ms),
            device_seq,
            body,
        };
        let tx = self.conn.transaction()?;
        tx.execute(
            "UPDATE ops SET hlc = ?2, body = ?3 WHERE id = ?1",
            (
                op.id.to_string(),
                op.hlc.encode(),
                serde_json::to_string(&op.body)?,
            ),
        )?;
        projections::apply(&tx, &op)?;
        tx.commit()?;
        Ok(op)
    }

    /// Recreates every materialised table by applying the op log in clock order.
    pub fn rebuild(&mut self) -> StoreResult<()> {
        let tx = self.conn.transaction()?;
        rebuild_in(&tx)?;
        tx.commit()?;
        Ok(())
    }
}

/// Clears the tables and applies the whole op log in clock order, inside `tx`.
pub(crate) fn rebuild_in(tx: &Transaction<'_>) -> StoreResult<()> {
    crate::projections::clear(tx)?;
    for op in read_ops(
        tx,
        "SELECT id, hlc, device_seq, body FROM ops ORDER BY hlc",
        [],
    )? {
        apply_or_skip(tx, &op)?;
    }
    Ok(())
}

/// Applies `op` inside a savepoint; an op that cannot apply (it names a record this replica
/// has not received, or that a quarantined batch held) changes nothing and is skipped. Which
/// ops are skipped depends only on the set of ops, so replicas still agree; a later op that
/// fills the gap triggers a rebuild that applies it.
pub(crate) fn apply_or_skip(tx: &Transaction<'_>, op: &Op) -> StoreResult<bool> {
    tx.execute_batch("SAVEPOINT apply_op")?;
    match projections::apply(tx, op) {
        Ok(()) => {
            tx.execute_batch("RELEASE apply_op")?;
            Ok(true)
        }
        Err(crate::StoreError::Sqlite(_)) => {
            tx.execute_batch("ROLLBACK TO apply_op; RELEASE apply_op")?;
            Ok(false)
        }
        Err(e) => Err(e),
    }
}

impl Store {
    /// How many ops the log holds.
    pub fn op_count(&self) -> StoreResult<u64> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM ops", [], |r| r.get(0))?)
    }

    /// The op log in clock order.
    pub fn ops(&self) -> StoreResult<Vec<Op>> {
        read_ops(
            &self.conn,
            "SELECT id, hlc, device_seq, body FROM ops ORDER BY hlc",
            [],
        )
    }
}

/// Reads ops with `sql`, which selects `id, hlc, device_seq, body`.
pub(crate) fn read_ops(
    conn: &rusqlite::Connection,
    sql: &str,
    params: impl rusqlite::Params,
) -> StoreResult<Vec<Op>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows: Vec<(String, String, u64, String)> = stmt
        .query_map(params, |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<Result<_, _>>()?;
    rows.into_iter()
        .map(|(id, hlc, device_seq, body)| op_from_row(id, hlc, device_seq, body))
        .collect()
}

/// An op from its stored columns.
pub(crate) fn op_from_row(
    id: String,
    hlc: String,
    device_seq: u64,
    body: String,
) -> StoreResult<Op> {
    Ok(Op {
        id: id.parse().map_err(|_| StoreError::BadOp(id.clone()))?,
        hlc: hlc.parse().map_err(|_| StoreError::BadOp(hlc.clone()))?,
        device_seq,
        body: serde_json::from_str(&body)?,
    })
}

fn insert_op(tx: &Transaction<'_>, op: &Op) -> StoreResult<()> {
    let scope = crate::sync::scope_of_op(tx, &op.body)?;
    tx.execute(
        "INSERT INTO ops (id, hlc, device_id, device_seq, kind, subject, body, scope) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        (
            op.id.to_string(),
            op.hlc.encode(),
            op.hlc.device.to_string(),
            op.device_seq,
            op.body.kind(),
            op.body.place().subject,
            serde_json::to_string(&op.body)?,
            scope,
        ),
    )?;
    Ok(())
}
