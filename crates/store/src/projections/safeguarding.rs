//! Safeguarding: concerns raised and missing episodes.

use super::conflicts::merged_edit;
use super::rows::{json, parsed};
use super::written_at;
use super::{Applying, Table, rebuilt};
use crate::Store;
use crate::{StoreError, StoreResult};
use insideout_domain::choice::Choice;
use insideout_domain::concern::Concern;
use insideout_domain::ids::{ConcernId, MissingEpisodeId, YoungPersonId};
use insideout_domain::missing::MissingEpisode;
use rusqlite::{OptionalExtension, Row};

pub(super) const TABLES: &[Table] = &[rebuilt("concerns", "id"), rebuilt("missing_episodes", "id")];

pub(super) fn concern_raised(
    at: &Applying<'_>,
    id: &ConcernId,
    young_person: &YoungPersonId,
    concern: &Concern,
) -> StoreResult<()> {
    let Applying { tx, op, hlc } = at;
    tx.execute(
        "INSERT INTO concerns (id, young_person_id, concern, urgency, written_at, hlc) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        (
            id.to_string(),
            young_person.to_string(),
            serde_json::to_string(concern)?,
            concern.urgency.value(),
            written_at(op),
            &hlc,
        ),
    )?;
    Ok(())
}

pub(super) fn missing_episode_recorded(
    at: &Applying<'_>,
    id: &MissingEpisodeId,
    young_person: &YoungPersonId,
    episode: &MissingEpisode,
) -> StoreResult<()> {
    let Applying { tx, op, hlc } = at;
    tx.execute(
        "INSERT INTO missing_episodes (id, young_person_id, episode, went_missing, written_at, hlc, updated_hlc) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
        (
            id.to_string(),
            young_person.to_string(),
            serde_json::to_string(episode)?,
            episode.went_missing.format("%Y-%m-%dT%H:%M").to_string(),
            written_at(op),
            &hlc,
        ),
    )?;
    Ok(())
}

pub(super) fn missing_episode_edited(
    at: &Applying<'_>,
    id: &MissingEpisodeId,
    episode: &MissingEpisode,
    base: &Option<MissingEpisode>,
) -> StoreResult<()> {
    let Applying { tx, op, hlc } = at;
    let Some(episode) = merged_edit(
        tx,
        op,
        ("missing_episode", "missing_episodes", "episode"),
        &id.to_string(),
        episode,
        base.as_ref(),
    )?
    else {
        return Ok(());
    };
    tx.execute(
        "UPDATE missing_episodes SET episode = ?2, went_missing = ?3, updated_hlc = ?4 WHERE id = ?1",
        (
            id.to_string(),
            serde_json::to_string(&episode)?,
            episode.went_missing.format("%Y-%m-%dT%H:%M").to_string(),
            &hlc,
        ),
    )?;
    Ok(())
}

// Reads.

/// A safeguarding concern as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConcernRecord {
    pub id: String,
    pub concern: insideout_domain::concern::Concern,
    pub written_at: String,
}

/// A missing episode as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingRecord {
    pub id: MissingEpisodeId,
    pub young_person: YoungPersonId,
    pub episode: insideout_domain::missing::MissingEpisode,
    pub written_at: String,
}

fn missing_row(r: &Row<'_>) -> rusqlite::Result<MissingRecord> {
    Ok(MissingRecord {
        id: parsed(r.get(0)?)?,
        young_person: parsed(r.get(1)?)?,
        episode: json(r.get(2)?)?,
        written_at: r.get(3)?,
    })
}

impl Store {
    /// A young person's missing episodes, the most recent first.
    pub fn missing_episodes(&self, young_person: YoungPersonId) -> StoreResult<Vec<MissingRecord>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, young_person_id, episode, written_at FROM missing_episodes
              WHERE young_person_id = ?1 ORDER BY went_missing DESC, id",
        )?;
        let rows = stmt.query_map([young_person.to_string()], missing_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn missing_episode(&self, id: MissingEpisodeId) -> StoreResult<MissingRecord> {
        self.conn
            .query_row(
                "SELECT id, young_person_id, episode, written_at FROM missing_episodes WHERE id = ?1",
                [id.to_string()],
                missing_row,
            )
            .optional()?
            .ok_or(StoreError::NotFound {
                what: "missing episode",
            })
    }

    /// A young person's safeguarding concerns, newest first.
    pub fn concerns(&self, young_person: YoungPersonId) -> StoreResult<Vec<ConcernRecord>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, concern, written_at FROM concerns WHERE young_person_id = ?1 ORDER BY hlc DESC",
        )?;
        let rows = stmt.query_map([young_person.to_string()], |r| {
            Ok(ConcernRecord {
                id: r.get(0)?,
                concern: json(r.get(1)?)?,
                written_at: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
