//! Safeguarding: concerns raised and missing episodes.

use super::conflicts::merged_edit;
use super::rows::{json, parsed};
use super::written_at;
use super::{Applying, Table, rebuilt};
use crate::Store;
use crate::{StoreError, StoreResult};
use insideout_domain::choice::Choice;
use insideout_domain::concern::{Concern, ConcernState, ConcernStep};
use insideout_domain::ids::{
    CaseDiscussionId, CheckInId, ConcernId, ConcernStepId, MissingEpisodeId, PersonId,
    SupervisionId, YoungPersonId,
};
use insideout_domain::lone::CheckIn;
use insideout_domain::missing::MissingEpisode;
use insideout_domain::oversight::CaseDiscussion;
use insideout_domain::safety::SafetyPlan;
use insideout_domain::text::Line;
use rusqlite::{OptionalExtension, Row};
use std::collections::HashMap;

pub(super) const TABLES: &[Table] = &[
    rebuilt("concern_steps", "id"),
    rebuilt("concerns", "id"),
    rebuilt("missing_episodes", "id"),
    rebuilt("safety_plans", "id"),
    rebuilt("check_ins", "id"),
    rebuilt("case_discussions", "id"),
    rebuilt("supervisions", "id"),
];

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

/// Files a step of a concern's handling. Steps are only added: the same step twice is one.
pub(super) fn concern_updated(
    at: &Applying<'_>,
    id: &ConcernStepId,
    concern: &ConcernId,
    young_person: &YoungPersonId,
    author: &Line,
    step: &ConcernStep,
) -> StoreResult<()> {
    let Applying { tx, op, hlc } = at;
    tx.execute(
        "INSERT OR IGNORE INTO concern_steps (id, concern_id, young_person_id, kind, step, author, device_id, written_at, hlc)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        (
            id.to_string(),
            concern.to_string(),
            young_person.to_string(),
            step.kind(),
            serde_json::to_string(step)?,
            author.as_str(),
            op.hlc.device.to_string(),
            written_at(op),
            &hlc,
        ),
    )?;
    Ok(())
}

/// Files a supervisor's case discussion; the same one twice is one.
pub(super) fn case_discussed(
    at: &Applying<'_>,
    id: &CaseDiscussionId,
    young_person: &YoungPersonId,
    author: &Line,
    discussion: &CaseDiscussion,
) -> StoreResult<()> {
    let Applying { tx, op, hlc } = at;
    tx.execute(
        "INSERT OR IGNORE INTO case_discussions (id, young_person_id, author, discussion, written_at, hlc)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        (
            id.to_string(),
            young_person.to_string(),
            author.as_str(),
            serde_json::to_string(discussion)?,
            written_at(op),
            &hlc,
        ),
    )?;
    Ok(())
}

/// Files a supervisor's formal supervision of a coach; the same one twice is one.
pub(super) fn supervision_recorded(
    at: &Applying<'_>,
    id: &SupervisionId,
    coach: &PersonId,
    author: &Line,
    supervision: &CaseDiscussion,
) -> StoreResult<()> {
    let Applying { tx, op, hlc } = at;
    tx.execute(
        "INSERT OR IGNORE INTO supervisions (id, coach_id, author, supervision, written_at, hlc)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        (
            id.to_string(),
            coach.to_string(),
            author.as_str(),
            serde_json::to_string(supervision)?,
            written_at(op),
            &hlc,
        ),
    )?;
    Ok(())
}

/// A coach checks in. A check-out that arrived first keeps its time.
pub(super) fn checked_in(
    at: &Applying<'_>,
    id: &CheckInId,
    young_person: &YoungPersonId,
    check_in: &CheckIn,
) -> StoreResult<()> {
    let Applying { tx, op, hlc } = at;
    tx.execute(
        "INSERT INTO check_ins (id, young_person_id, device_id, check_in, expected_end, hlc)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (id) DO UPDATE SET check_in = excluded.check_in, expected_end = excluded.expected_end,
                                        device_id = excluded.device_id",
        (
            id.to_string(),
            young_person.to_string(),
            op.hlc.device.to_string(),
            serde_json::to_string(check_in)?,
            check_in.expected_end.format(super::LOCAL_TIME).to_string(),
            &hlc,
        ),
    )?;
    Ok(())
}

/// The coach checks out; the first check-out stands.
pub(super) fn checked_out(
    at: &Applying<'_>,
    id: &CheckInId,
    young_person: &YoungPersonId,
    when: &chrono::NaiveDateTime,
) -> StoreResult<()> {
    let Applying { tx, op, hlc } = at;
    tx.execute(
        "INSERT INTO check_ins (id, young_person_id, device_id, checked_out_at, hlc) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (id) DO UPDATE SET checked_out_at = coalesce(check_ins.checked_out_at, excluded.checked_out_at)",
        (
            id.to_string(),
            young_person.to_string(),
            op.hlc.device.to_string(),
            when.format(super::LOCAL_TIME).to_string(),
            &hlc,
        ),
    )?;
    Ok(())
}

/// Sets a young person's safety plan: the first is stored as it is; a later edit is merged
/// field by field with what its author saw, so a concurrent edit elsewhere is not lost.
pub(super) fn safety_plan_set(
    at: &Applying<'_>,
    young_person: &YoungPersonId,
    plan: &SafetyPlan,
    base: &Option<Box<SafetyPlan>>,
) -> StoreResult<()> {
    let Applying { tx, op, hlc } = at;
    let id = young_person.to_string();
    let exists: bool = tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM safety_plans WHERE id = ?1)",
        [&id],
        |r| r.get(0),
    )?;
    let plan = if exists {
        let Some(plan) = merged_edit(
            tx,
            op,
            ("safety_plan", "safety_plans", "plan"),
            &id,
            plan,
            base.as_deref(),
        )?
        else {
            return Ok(());
        };
        plan
    } else {
        plan.clone()
    };
    tx.execute(
        "INSERT INTO safety_plans (id, young_person_id, plan, written_at, updated_hlc) VALUES (?1, ?1, ?2, ?3, ?4)
         ON CONFLICT (id) DO UPDATE SET plan = excluded.plan, written_at = excluded.written_at, updated_hlc = excluded.updated_hlc",
        (&id, serde_json::to_string(&plan)?, written_at(op), &hlc),
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

/// A safeguarding concern as stored, with the steps of its handling, oldest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConcernRecord {
    pub id: String,
    pub concern: insideout_domain::concern::Concern,
    pub written_at: String,
    pub steps: Vec<ConcernStepRecord>,
    pub state: ConcernState,
}

/// A check-in not yet checked out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenCheckIn {
    pub id: CheckInId,
    pub young_person: YoungPersonId,
    /// The coach's device that checked in.
    pub device: String,
    pub check_in: CheckIn,
}

/// One step of a concern's handling, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConcernStepRecord {
    pub id: String,
    pub step: ConcernStep,
    pub author: String,
    pub device: String,
    /// UTC, RFC 3339.
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

    /// A young person's safeguarding concerns, newest first, each with its steps. A step is
    /// counted only under a concern of the same young person.
    pub fn concerns(&self, young_person: YoungPersonId) -> StoreResult<Vec<ConcernRecord>> {
        let mut steps: HashMap<String, Vec<ConcernStepRecord>> = HashMap::new();
        let mut stmt = self.conn.prepare_cached(
            "SELECT concern_id, id, step, author, device_id, written_at FROM concern_steps
              WHERE young_person_id = ?1 ORDER BY hlc",
        )?;
        let rows = stmt.query_map([young_person.to_string()], |r| {
            Ok((
                r.get::<_, String>(0)?,
                ConcernStepRecord {
                    id: r.get(1)?,
                    step: json(r.get(2)?)?,
                    author: r.get(3)?,
                    device: r.get(4)?,
                    written_at: r.get(5)?,
                },
            ))
        })?;
        for row in rows {
            let (concern, step) = row?;
            steps.entry(concern).or_default().push(step);
        }
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, concern, written_at FROM concerns WHERE young_person_id = ?1 ORDER BY hlc DESC",
        )?;
        let rows = stmt.query_map([young_person.to_string()], |r| {
            Ok((r.get::<_, String>(0)?, json(r.get(1)?)?, r.get(2)?))
        })?;
        let mut concerns = Vec::new();
        for row in rows {
            let (id, concern, written_at) = row?;
            let steps = steps.remove(&id).unwrap_or_default();
            let state = ConcernState::of(steps.iter().map(|s| &s.step));
            concerns.push(ConcernRecord {
                id,
                concern,
                written_at,
                steps,
                state,
            });
        }
        Ok(concerns)
    }

    /// A young person's safety plan and when it was last changed (UTC, RFC 3339), if there is
    /// one.
    pub fn safety_plan(
        &self,
        young_person: YoungPersonId,
    ) -> StoreResult<Option<(SafetyPlan, String)>> {
        Ok(self
            .conn
            .query_row(
                "SELECT plan, written_at FROM safety_plans WHERE id = ?1",
                [young_person.to_string()],
                |r| Ok((json(r.get(0)?)?, r.get(1)?)),
            )
            .optional()?)
    }

    /// Every check-in not yet checked out, the one due back first first: (id, young person,
    /// the coach's device, the check-in).
    pub fn open_check_ins(&self) -> StoreResult<Vec<OpenCheckIn>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, young_person_id, device_id, check_in FROM check_ins
              WHERE checked_out_at IS NULL AND check_in IS NOT NULL ORDER BY expected_end, id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(OpenCheckIn {
                id: parsed(r.get(0)?)?,
                young_person: parsed(r.get(1)?)?,
                device: r.get(2)?,
                check_in: json(r.get(3)?)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// A young person's case discussions, oldest first: (id, author, discussion, written at).
    pub fn case_discussions(
        &self,
        young_person: YoungPersonId,
    ) -> StoreResult<Vec<(String, String, CaseDiscussion, String)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, author, discussion, written_at FROM case_discussions
              WHERE young_person_id = ?1 ORDER BY hlc",
        )?;
        let rows = stmt.query_map([young_person.to_string()], |r| {
            Ok((r.get(0)?, r.get(1)?, json(r.get(2)?)?, r.get(3)?))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// A coach's formal supervisions, oldest first: (id, author, supervision, written at).
    pub fn supervisions(
        &self,
        coach: PersonId,
    ) -> StoreResult<Vec<(String, String, CaseDiscussion, String)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, author, supervision, written_at FROM supervisions
              WHERE coach_id = ?1 ORDER BY hlc",
        )?;
        let rows = stmt.query_map([coach.to_string()], |r| {
            Ok((r.get(0)?, r.get(1)?, json(r.get(2)?)?, r.get(3)?))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The young person a concern belongs to.
    pub fn concern_case(&self, concern: ConcernId) -> StoreResult<YoungPersonId> {
        self.conn
            .query_row(
                "SELECT young_person_id FROM concerns WHERE id = ?1",
                [concern.to_string()],
                |r| parsed(r.get(0)?),
            )
            .optional()?
            .ok_or(StoreError::NotFound { what: "concern" })
    }
}
