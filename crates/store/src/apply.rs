//! How each op changes the materialised tables. Applying is deterministic: the same ops applied
//! in clock order always give the same rows.

use crate::StoreResult;
use chrono::{DateTime, SecondsFormat};
use insideout_domain::choice::Choice;
use insideout_domain::ids::SessionId;
use insideout_domain::intervention::Phase;
use insideout_domain::op::{Op, OpBody};
use rusqlite::{OptionalExtension, Transaction};

/// Time format of session times in the tables: sorts as text.
pub(crate) const LOCAL_TIME: &str = "%Y-%m-%dT%H:%M:%S";

/// Deletes every materialised row (the op log and the device's keys stay).
pub(crate) fn clear(tx: &Transaction<'_>) -> StoreResult<()> {
    tx.execute_batch(
        "DELETE FROM note_search; DELETE FROM comments; DELETE FROM addenda; DELETE FROM note_revisions; DELETE FROM sessions;
         DELETE FROM contacts; DELETE FROM placements; DELETE FROM young_people;
         DELETE FROM meta WHERE key = 'person_name';",
    )?;
    Ok(())
}

pub(crate) fn apply(tx: &Transaction<'_>, op: &Op) -> StoreResult<()> {
    let hlc = op.hlc.encode();
    match &op.body {
        OpBody::ProfileCreated { name, .. } => {
            tx.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES ('person_name', ?1)",
                [name.as_str()],
            )?;
        }
        OpBody::YoungPersonAdded { id, profile, dates } => {
            tx.execute(
                "INSERT INTO young_people (id, preferred_name, profile, dates, start_date, planned_end_date, phase, updated_hlc)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                (
                    id.to_string(),
                    profile.preferred_name.as_str(),
                    serde_json::to_string(profile)?,
                    serde_json::to_string(dates)?,
                    dates.start().to_string(),
                    dates.planned_end().to_string(),
                    Phase::Engagement.value(),
                    &hlc,
                ),
            )?;
        }
        OpBody::YoungPersonEdited { id, profile, dates } => {
            tx.execute(
                "UPDATE young_people SET preferred_name = ?2, profile = ?3, dates = ?4, start_date = ?5, planned_end_date = ?6,
                 updated_hlc = ?7 WHERE id = ?1",
                (
                    id.to_string(),
                    profile.preferred_name.as_str(),
                    serde_json::to_string(profile)?,
                    serde_json::to_string(dates)?,
                    dates.start().to_string(),
                    dates.planned_end().to_string(),
                    &hlc,
                ),
            )?;
        }
        OpBody::PhaseSet { id, phase } => {
            tx.execute(
                "UPDATE young_people SET phase = ?2, updated_hlc = ?3 WHERE id = ?1",
                (id.to_string(), phase.value(), &hlc),
            )?;
        }
        OpBody::InterventionClosed {
            id,
            on,
            reason,
            note,
        } => {
            tx.execute(
                "UPDATE young_people SET phase = 'closed', closed_on = ?2, closure_reason = ?3, closure_note = ?4, updated_hlc = ?5
                 WHERE id = ?1",
                (id.to_string(), on.to_string(), reason.value(), note, &hlc),
            )?;
        }
        OpBody::PlacementAdded {
            id,
            young_person,
            placement,
        } => {
            tx.execute(
                "INSERT INTO placements (id, young_person_id, placement, start_date, updated_hlc) VALUES (?1, ?2, ?3, ?4, ?5)",
                (id.to_string(), young_person.to_string(), serde_json::to_string(placement)?, placement.start.to_string(), &hlc),
            )?;
        }
        OpBody::PlacementEnded { id, end } => {
            tx.execute(
                "UPDATE placements SET ending = ?2, updated_hlc = ?3 WHERE id = ?1",
                (id.to_string(), serde_json::to_string(end)?, &hlc),
            )?;
        }
        OpBody::ContactAdded {
            id,
            young_person,
            contact,
        } => {
            tx.execute(
                "INSERT INTO contacts (id, young_person_id, contact, updated_hlc) VALUES (?1, ?2, ?3, ?4)",
                (id.to_string(), young_person.to_string(), serde_json::to_string(contact)?, &hlc),
            )?;
        }
        OpBody::ContactEdited { id, contact } => {
            tx.execute(
                "UPDATE contacts SET contact = ?2, updated_hlc = ?3 WHERE id = ?1",
                (id.to_string(), serde_json::to_string(contact)?, &hlc),
            )?;
        }
        OpBody::SessionRecorded {
            id,
            young_person,
            details,
        } => {
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
        }
        OpBody::NoteDrafted {
            session,
            revision,
            parent,
            body,
        } => {
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
                "INSERT INTO note_revisions (id, session_id, parent_id, written_at, hlc, kind, what_happened, voice, analysis, actions)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
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
                ),
            )?;
            if kind == "draft" {
                tx.execute(
                    "UPDATE sessions SET head_revision_id = ?2, last_saved_at = ?3, updated_hlc = ?4 WHERE id = ?1",
                    (session.to_string(), revision.to_string(), &written_at, &hlc),
                )?;
                reindex(tx, *session)?;
            }
        }
        OpBody::NoteFinalised { session, revision } => {
            tx.execute(
                "UPDATE sessions SET finalised_revision_id = ?2, finalised_at = ?3, updated_hlc = ?4 WHERE id = ?1 AND finalised_revision_id IS NULL",
                (session.to_string(), revision.to_string(), written_at(op), &hlc),
            )?;
        }
        OpBody::AddendumAdded { id, session, text } => {
            tx.execute(
                "INSERT INTO addenda (id, session_id, text, written_at, hlc) VALUES (?1, ?2, ?3, ?4, ?5)",
                (id.to_string(), session.to_string(), text.as_str(), written_at(op), &hlc),
            )?;
            reindex(tx, *session)?;
        }
        OpBody::CommentAdded {
            id,
            session,
            author,
            text,
        } => {
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
        }
    }
    Ok(())
}

/// When the op was written, in UTC, from its clock stamp.
fn written_at(op: &Op) -> String {
    DateTime::from_timestamp_millis(op.hlc.wall_ms as i64)
        .unwrap_or_default()
        .to_rfc3339_opts(SecondsFormat::Secs, true)
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
