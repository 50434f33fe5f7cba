//! The conflict log: what a merge did not keep, field by field, for the person to see.

use super::rows::json;
use super::{Table, rebuilt, written_at};
use crate::Store;
use crate::StoreResult;
use insideout_domain::ids::YoungPersonId;
use insideout_domain::merge::{FieldConflict, FieldKind, merge};
use insideout_domain::op::Op;
use rusqlite::{OptionalExtension, Transaction};

pub(super) const TABLES: &[Table] = &[rebuilt("conflicts", "op_id, field")];

/// An edit merged into the record it changes (`(entity, table, column)` names where the record's
/// JSON is), when the op says what its author saw: field by field, with what the record did not
/// keep written to the conflict log. Without `base` the edit replaces the record. None when the
/// record is not on this device.
pub(super) fn merged_edit<T: serde::Serialize + serde::de::DeserializeOwned + Clone>(
    tx: &Transaction<'_>,
    op: &Op,
    (entity, table, column): (&'static str, &str, &str),
    id: &str,
    edit: &T,
    base: Option<&T>,
) -> StoreResult<Option<T>> {
    let Some((young_person, current, lost_hlc)) = three_texts(
        tx,
        &format!("SELECT young_person_id, {column}, updated_hlc FROM {table} WHERE id = ?1"),
        id,
    )?
    else {
        return Ok(None);
    };
    let Some(seen) = base else {
        return Ok(Some(edit.clone()));
    };
    let (merged, conflicts) = merge(
        &serde_json::from_str(&current)?,
        &serde_json::to_value(seen)?,
        &serde_json::to_value(edit)?,
        &|_| FieldKind::Value,
    );
    let at = Conflicted {
        entity,
        entity_id: id.to_owned(),
        young_person,
        lost_hlc,
    };
    log(tx, op, &at, &conflicts)?;
    Ok(Some(serde_json::from_value(merged)?))
}

/// One row of three text columns, the record an edit merges into.
pub(super) fn three_texts(
    tx: &Transaction<'_>,
    sql: &str,
    id: &str,
) -> StoreResult<Option<(String, String, String)>> {
    Ok(tx
        .query_row(sql, [id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?)
}

/// The record a conflict is about.
pub(super) struct Conflicted {
    pub entity: &'static str,
    pub entity_id: String,
    pub young_person: String,
    pub lost_hlc: String,
}

/// Writes the conflicts an op's merge found to the conflict log.
pub(super) fn log(
    tx: &Transaction<'_>,
    op: &Op,
    at: &Conflicted,
    conflicts: &[FieldConflict],
) -> StoreResult<()> {
    for c in conflicts {
        tx.execute(
            "INSERT OR REPLACE INTO conflicts (op_id, field, entity, entity_id, young_person_id, kept, lost, hlc, written_at, lost_hlc, safety)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            (
                op.id.to_string(),
                &c.field,
                at.entity,
                &at.entity_id,
                &at.young_person,
                c.kept.to_string(),
                c.lost.to_string(),
                op.hlc.encode(),
                written_at(op),
                &at.lost_hlc,
                c.safety,
            ),
        )?;
    }
    Ok(())
}

// Reads.

/// A field two devices changed at once: the value kept and the one that was not.
#[derive(Debug, Clone, PartialEq)]
pub struct ConflictRecord {
    pub entity: String,
    pub entity_id: String,
    pub field: String,
    pub kept: serde_json::Value,
    pub lost: serde_json::Value,
    pub written_at: String,
    pub safety: bool,
}

impl Store {
    /// The conflict log of one young person's records, newest first.
    pub fn conflicts(&self, young_person: YoungPersonId) -> StoreResult<Vec<ConflictRecord>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT entity, entity_id, field, kept, lost, written_at, safety FROM conflicts
              WHERE young_person_id = ?1 ORDER BY hlc DESC, field",
        )?;
        let rows = stmt.query_map([young_person.to_string()], |r| {
            Ok(ConflictRecord {
                entity: r.get(0)?,
                entity_id: r.get(1)?,
                field: r.get(2)?,
                kept: json(r.get(3)?)?,
                lost: json(r.get(4)?)?,
                written_at: r.get(5)?,
                safety: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
