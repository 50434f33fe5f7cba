//! The chronology's own entries and the choices of what it shows.

use super::rows::json;
use super::written_at;
use super::{Applying, Table, rebuilt};
use crate::Store;
use crate::StoreResult;
use insideout_domain::chronology::{ChronologyNote, Curation};
use insideout_domain::ids::{ChronologyEntryId, YoungPersonId};

pub(super) const TABLES: &[Table] = &[
    rebuilt("chronology_notes", "id"),
    rebuilt("chronology_curation", "young_person_id, entry_key"),
];

pub(super) fn chronology_noted(
    at: &Applying<'_>,
    id: &ChronologyEntryId,
    young_person: &YoungPersonId,
    entry: &ChronologyNote,
) -> StoreResult<()> {
    let Applying { tx, op, hlc } = at;
    tx.execute(
        "INSERT INTO chronology_notes (id, young_person_id, entry, on_date, written_at, hlc) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        (
            id.to_string(),
            young_person.to_string(),
            serde_json::to_string(entry)?,
            entry.on.to_string(),
            written_at(op),
            &hlc,
        ),
    )?;
    Ok(())
}

pub(super) fn chronology_curated(
    at: &Applying<'_>,
    young_person: &YoungPersonId,
    curation: &Curation,
) -> StoreResult<()> {
    let Applying { tx, hlc, .. } = at;
    // The choice with the later clock stands, whatever order the ops arrive in.
    tx.execute(
        "INSERT INTO chronology_curation (young_person_id, entry_key, included, summary, hlc) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (young_person_id, entry_key) DO UPDATE SET included = excluded.included, summary = excluded.summary, hlc = excluded.hlc
         WHERE excluded.hlc > chronology_curation.hlc",
        (
            young_person.to_string(),
            &curation.key,
            curation.included,
            &curation.summary,
            &hlc,
        ),
    )?;
    Ok(())
}

// Reads.

/// An entry the coach added to the chronology by hand.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChronologyNoteRecord {
    pub id: String,
    pub entry: insideout_domain::chronology::ChronologyNote,
}

impl Store {
    /// The entries the coach added to a young person's chronology by hand.
    pub fn chronology_notes(
        &self,
        young_person: YoungPersonId,
    ) -> StoreResult<Vec<ChronologyNoteRecord>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, entry FROM chronology_notes WHERE young_person_id = ?1 ORDER BY on_date, hlc",
        )?;
        let rows = stmt.query_map([young_person.to_string()], |r| {
            Ok(ChronologyNoteRecord {
                id: r.get(0)?,
                entry: json(r.get(1)?)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The coach's choices about a young person's chronology entries, by entry key.
    pub fn curations(
        &self,
        young_person: YoungPersonId,
    ) -> StoreResult<std::collections::HashMap<String, (bool, String)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT entry_key, included, summary FROM chronology_curation WHERE young_person_id = ?1",
        )?;
        let rows = stmt.query_map([young_person.to_string()], |r| {
            Ok((r.get::<_, String>(0)?, (r.get(1)?, r.get(2)?)))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
