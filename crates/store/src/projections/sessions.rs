//! Sessions and their notes: each revision, the finalised note, addenda, supervisors' comments,
//! and the search index over the current text.

use super::rows::{json, local_time, parsed};
use super::{Applying, Clear, Table, rebuilt};
use super::{LOCAL_TIME, written_at};
use crate::Store;
use crate::{StoreError, StoreResult};
use chrono::{NaiveDate, NaiveDateTime};
use insideout_domain::ids::{AddendumId, CommentId, RevisionId, SessionId, YoungPersonId};
use insideout_domain::note::{AddendumText, CommentText, NoteBody};
use insideout_domain::session::SessionDetails;
use insideout_domain::text::Line;
use rusqlite::Row;
use rusqlite::{OptionalExtension, Transaction};

pub(super) const TABLES: &[Table] = &[
    // The search index is dumped apart, joined to its sessions (its rowids are local).
    Table {
        name: "note_search",
        clear: Clear::All,
        dump: None,
    },
    rebuilt("comments", "id"),
    rebuilt("addenda", "id"),
    rebuilt("note_revisions", "id"),
    rebuilt("sessions", "id"),
];

pub(super) fn session_recorded(
    at: &Applying<'_>,
    id: &SessionId,
    young_person: &YoungPersonId,
    details: &SessionDetails,
) -> StoreResult<()> {
    let Applying { tx, hlc, .. } = at;
    tx.execute(
        "INSERT INTO sessions (id, young_person_id, start, end, minutes, details, updated_hlc) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        (
            id.to_string(),
            young_person.to_string(),
            details.times.start().format(LOCAL_TIME).to_string(),
            details.times.end().format(LOCAL_TIME).to_string(),
            details.times.minutes(),
            serde_json::to_string(details)?,
            &hlc,
        ),
    )?;
    Ok(())
}

pub(super) fn note_drafted(
    at: &Applying<'_>,
    session: &SessionId,
    revision: &RevisionId,
    parent: &Option<RevisionId>,
    body: &NoteBody,
    merged: &Option<RevisionId>,
) -> StoreResult<()> {
    let Applying { tx, op, hlc } = at;
    let finalised: Option<Option<String>> = tx
        .query_row(
            "SELECT finalised_revision_id FROM sessions WHERE id = ?1",
            [session.to_string()],
            |r| r.get(0),
        )
        .optional()?;
    let kind = if matches!(finalised, Some(Some(_))) {
        "late_draft"
    } else {
        "draft"
    };
    let written_at = written_at(op);
    tx.execute(
        "INSERT INTO note_revisions (id, session_id, parent_id, written_at, hlc, kind, what_happened, voice, analysis, actions, merged_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
         ON CONFLICT (id) DO UPDATE SET written_at = ?4, hlc = ?5, kind = ?6, what_happened = ?7, voice = ?8,
         analysis = ?9, actions = ?10",
        (
            revision.to_string(),
            session.to_string(),
            parent.map(|p| p.to_string()),
            &written_at,
            &hlc,
            kind,
            body.what_happened(),
            body.voice(),
            body.analysis(),
            body.actions(),
            merged.map(|m| m.to_string()),
        ),
    )?;
    if kind == "draft" {
        tx.execute(
            "UPDATE sessions SET head_revision_id = ?2, last_saved_at = ?3, updated_hlc = ?4 WHERE id = ?1",
            (session.to_string(), revision.to_string(), &written_at, &hlc),
        )?;
        reindex(tx, *session)?;
    }
    Ok(())
}

pub(super) fn note_finalised(
    at: &Applying<'_>,
    session: &SessionId,
    revision: &RevisionId,
) -> StoreResult<()> {
    let Applying { tx, op, hlc } = at;
    tx.execute(
        "UPDATE sessions SET finalised_revision_id = ?2, finalised_at = ?3, updated_hlc = ?4 WHERE id = ?1 AND finalised_revision_id IS NULL",
        (session.to_string(), revision.to_string(), written_at(op), &hlc),
    )?;
    Ok(())
}

pub(super) fn addendum_added(
    at: &Applying<'_>,
    id: &AddendumId,
    session: &SessionId,
    text: &AddendumText,
) -> StoreResult<()> {
    let Applying { tx, op, hlc } = at;
    tx.execute(
        "INSERT INTO addenda (id, session_id, text, written_at, hlc) VALUES (?1, ?2, ?3, ?4, ?5)",
        (
            id.to_string(),
            session.to_string(),
            text.as_str(),
            written_at(op),
            &hlc,
        ),
    )?;
    reindex(tx, *session)?;
    Ok(())
}

pub(super) fn comment_added(
    at: &Applying<'_>,
    id: &CommentId,
    session: &SessionId,
    author: &Line,
    text: &CommentText,
) -> StoreResult<()> {
    let Applying { tx, op, hlc } = at;
    tx.execute(
        "INSERT INTO comments (id, session_id, author, author_device, text, written_at, hlc) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        (
            id.to_string(),
            session.to_string(),
            author.as_str(),
            op.hlc.device.to_string(),
            text.as_str(),
            written_at(op),
            &hlc,
        ),
    )?;
    Ok(())
}

/// Rewrites the session's row in the search index: its current note and its addenda.
fn reindex(tx: &Transaction<'_>, session: SessionId) -> StoreResult<()> {
    let Some(rowid) = tx
        .query_row(
            "SELECT rowid FROM sessions WHERE id = ?1",
            [session.to_string()],
            |r| r.get::<_, i64>(0),
        )
        .optional()?
    else {
        return Ok(());
    };
    let body: String = tx.query_row(
        "SELECT concat_ws(char(10),
            (SELECT concat_ws(char(10), nullif(r.what_happened, ''), nullif(r.voice, ''), nullif(r.analysis, ''), nullif(r.actions, ''))
               FROM sessions s JOIN note_revisions r ON r.id = s.head_revision_id WHERE s.id = ?1),
            (SELECT group_concat(text, char(10)) FROM (SELECT text FROM addenda WHERE session_id = ?1 ORDER BY hlc)))",
        [session.to_string()],
        |r| r.get(0),
    )?;
    tx.execute("DELETE FROM note_search WHERE rowid = ?1", [rowid])?;
    tx.execute(
        "INSERT INTO note_search (rowid, body) VALUES (?1, ?2)",
        (rowid, body),
    )?;
    Ok(())
}

// Reads.

/// A session with its current note.
#[derive(Debug, Clone)]
pub struct SessionRecord {
    pub id: SessionId,
    pub young_person: YoungPersonId,
    pub details: SessionDetails,
    pub head_revision: Option<String>,
    pub note: NoteBody,
    pub finalised_at: Option<String>,
    pub last_saved_at: Option<String>,
}

#[derive(Debug, Clone)]
pub struct RevisionRecord {
    pub id: String,
    pub written_at: String,
    pub kind: String,
    pub note: NoteBody,
}

#[derive(Debug, Clone)]
pub struct AddendumRecord {
    pub id: String,
    pub text: String,
    pub written_at: String,
}

/// A comment on a session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommentRecord {
    pub id: String,
    pub author: String,
    pub author_device: String,
    pub text: String,
    pub written_at: String,
}

const SESSION_COLUMNS: &str = "s.id, s.young_person_id, s.details, s.head_revision_id, s.finalised_at, s.last_saved_at,
    coalesce(r.what_happened, ''), coalesce(r.voice, ''), coalesce(r.analysis, ''), coalesce(r.actions, '')";

fn session_row(r: &Row<'_>) -> rusqlite::Result<SessionRecord> {
    Ok(SessionRecord {
        id: parsed(r.get(0)?)?,
        young_person: parsed(r.get(1)?)?,
        details: json(r.get(2)?)?,
        head_revision: r.get(3)?,
        finalised_at: r.get(4)?,
        last_saved_at: r.get(5)?,
        note: note_body(r, 6)?,
    })
}

fn note_body(r: &Row<'_>, first: usize) -> rusqlite::Result<NoteBody> {
    let parts: [String; 4] = [
        r.get(first)?,
        r.get(first + 1)?,
        r.get(first + 2)?,
        r.get(first + 3)?,
    ];
    NoteBody::new(&parts[0], &parts[1], &parts[2], &parts[3]).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(first, rusqlite::types::Type::Text, Box::new(e))
    })
}

/// A revision from `id, written_at, kind, what_happened, voice, analysis, actions`.
fn revision_row(r: &Row<'_>) -> rusqlite::Result<RevisionRecord> {
    Ok(RevisionRecord {
        id: r.get(0)?,
        written_at: r.get(1)?,
        kind: r.get(2)?,
        note: note_body(r, 3)?,
    })
}

impl Store {
    /// The young person, start and end of every session that started in `[from, to)`.
    /// By young person, the sessions whose note is not finalised though the session ended
    /// before `before` (local time).
    pub fn unfinalised_before(
        &self,
        before: NaiveDateTime,
    ) -> StoreResult<std::collections::HashMap<YoungPersonId, u32>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT young_person_id, count(*) FROM sessions
              WHERE finalised_revision_id IS NULL AND end < ?1 GROUP BY young_person_id",
        )?;
        let rows = stmt.query_map([before.format(LOCAL_TIME).to_string()], |r| {
            Ok((parsed(r.get(0)?)?, r.get(1)?))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn session_times(
        &self,
        from: NaiveDateTime,
        to: NaiveDateTime,
    ) -> StoreResult<Vec<(YoungPersonId, NaiveDateTime, NaiveDateTime)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT young_person_id, start, end FROM sessions WHERE start >= ?1 AND start < ?2 ORDER BY start",
        )?;
        let time = |t: String| {
            NaiveDateTime::parse_from_str(&t, LOCAL_TIME).map_err(|e| {
                rusqlite::Error::FromSqlConversionFailure(
                    1,
                    rusqlite::types::Type::Text,
                    Box::new(e),
                )
            })
        };
        let rows = stmt.query_map(
            (
                from.format(LOCAL_TIME).to_string(),
                to.format(LOCAL_TIME).to_string(),
            ),
            |r| Ok((parsed(r.get(0)?)?, time(r.get(1)?)?, time(r.get(2)?)?)),
        )?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// A young person's sessions, newest first.
    pub fn sessions(&self, young_person: YoungPersonId) -> StoreResult<Vec<SessionRecord>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {SESSION_COLUMNS} FROM sessions s LEFT JOIN note_revisions r ON r.id = s.head_revision_id
             WHERE s.young_person_id = ?1 ORDER BY s.start DESC, s.id"
        ))?;
        Ok(stmt
            .query_map([young_person.to_string()], session_row)?
            .collect::<Result<_, _>>()?)
    }

    pub fn session(&self, id: SessionId) -> StoreResult<SessionRecord> {
        self.conn
            .query_row(
                &format!("SELECT {SESSION_COLUMNS} FROM sessions s LEFT JOIN note_revisions r ON r.id = s.head_revision_id WHERE s.id = ?1"),
                [id.to_string()],
                session_row,
            )
            .optional()?
            .ok_or(StoreError::NotFound { what: "session" })
    }

    /// Every revision of a session's note, oldest first.
    pub fn revisions(&self, session: SessionId) -> StoreResult<Vec<RevisionRecord>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, written_at, kind, what_happened, voice, analysis, actions FROM note_revisions WHERE session_id = ?1 ORDER BY hlc",
        )?;
        let rows = stmt.query_map([session.to_string()], revision_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The draft revisions nothing builds on: one normally; more when the note was changed on
    /// two devices at once and nobody has chosen or merged the versions yet. Oldest first.
    pub fn note_heads(&self, session: SessionId) -> StoreResult<Vec<RevisionRecord>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, written_at, kind, what_happened, voice, analysis, actions FROM note_revisions r
              WHERE session_id = ?1 AND kind = 'draft'
                AND NOT EXISTS (SELECT 1 FROM note_revisions c
                                 WHERE c.session_id = ?1 AND (c.parent_id = r.id OR c.merged_id = r.id))
              ORDER BY hlc",
        )?;
        let rows = stmt.query_map([session.to_string()], revision_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn comments(&self, session: SessionId) -> StoreResult<Vec<CommentRecord>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, author, author_device, text, written_at FROM comments WHERE session_id = ?1 ORDER BY hlc",
        )?;
        let rows = stmt.query_map([session.to_string()], |r| {
            Ok(CommentRecord {
                id: r.get(0)?,
                author: r.get(1)?,
                author_device: r.get(2)?,
                text: r.get(3)?,
                written_at: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// A young person's sessions that start between two days (inclusive): id, start and end
    /// (local time), soonest first. For the calendar, which needs no notes.
    pub fn session_times_between(
        &self,
        young_person: YoungPersonId,
        first: NaiveDate,
        last: NaiveDate,
    ) -> StoreResult<Vec<(SessionId, NaiveDateTime, NaiveDateTime)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, start, end FROM sessions WHERE young_person_id = ?1 AND start >= ?2 AND start < ?3 ORDER BY start, id",
        )?;
        let rows = stmt.query_map(
            (
                young_person.to_string(),
                first.to_string(),
                (last + chrono::TimeDelta::days(1)).to_string(),
            ),
            |r| {
                Ok((
                    parsed(r.get(0)?)?,
                    local_time(r.get(1)?)?,
                    local_time(r.get(2)?)?,
                ))
            },
        )?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn addenda(&self, session: SessionId) -> StoreResult<Vec<AddendumRecord>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, text, written_at FROM addenda WHERE session_id = ?1 ORDER BY hlc",
        )?;
        let rows = stmt.query_map([session.to_string()], |r| {
            Ok(AddendumRecord {
                id: r.get(0)?,
                text: r.get(1)?,
                written_at: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
