//! Goals, their ratings, and the monthly outcome checks.

use super::conflicts::merged_edit;
use super::rows::{json, parsed};
use super::{Applying, Table, rebuilt};
use crate::Store;
use crate::{StoreError, StoreResult};
use insideout_domain::goals::{Goal, GoalRating, OutcomeCheck};
use insideout_domain::ids::{GoalId, GoalRatingId, YoungPersonId};
use rusqlite::OptionalExtension;

pub(super) const TABLES: &[Table] = &[
    rebuilt("goals", "id"),
    rebuilt("goal_ratings", "id"),
    rebuilt("outcome_checks", "young_person_id, month"),
];

pub(super) fn goal_agreed(
    at: &Applying<'_>,
    id: &GoalId,
    young_person: &YoungPersonId,
    goal: &Goal,
) -> StoreResult<()> {
    let Applying { tx, hlc, .. } = at;
    tx.execute(
        "INSERT INTO goals (id, young_person_id, goal, agreed_on, hlc, updated_hlc) VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
        (
            id.to_string(),
            young_person.to_string(),
            serde_json::to_string(goal)?,
            goal.agreed_on.to_string(),
            &hlc,
        ),
    )?;
    Ok(())
}

pub(super) fn goal_edited(
    at: &Applying<'_>,
    id: &GoalId,
    goal: &Goal,
    base: &Option<Goal>,
) -> StoreResult<()> {
    let Applying { tx, op, hlc } = at;
    let Some(goal) = merged_edit(
        tx,
        op,
        ("goal", "goals", "goal"),
        &id.to_string(),
        goal,
        base.as_ref(),
    )?
    else {
        return Ok(());
    };
    tx.execute(
        "UPDATE goals SET goal = ?2, agreed_on = ?3, updated_hlc = ?4 WHERE id = ?1",
        (
            id.to_string(),
            serde_json::to_string(&goal)?,
            goal.agreed_on.to_string(),
            &hlc,
        ),
    )?;
    Ok(())
}

pub(super) fn goal_rated(
    at: &Applying<'_>,
    id: &GoalRatingId,
    goal: &GoalId,
    young_person: &YoungPersonId,
    rating: &GoalRating,
) -> StoreResult<()> {
    let Applying { tx, hlc, .. } = at;
    tx.execute(
        "INSERT INTO goal_ratings (id, goal_id, young_person_id, rating, on_date, hlc) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        (
            id.to_string(),
            goal.to_string(),
            young_person.to_string(),
            serde_json::to_string(rating)?,
            rating.on.to_string(),
            &hlc,
        ),
    )?;
    Ok(())
}

pub(super) fn outcome_checked(
    at: &Applying<'_>,
    young_person: &YoungPersonId,
    check: &OutcomeCheck,
) -> StoreResult<()> {
    let Applying { tx, hlc, .. } = at;
    tx.execute(
        "INSERT INTO outcome_checks (young_person_id, month, check_json, hlc) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (young_person_id, month) DO UPDATE SET check_json = excluded.check_json, hlc = excluded.hlc
         WHERE excluded.hlc > outcome_checks.hlc",
        (
            young_person.to_string(),
            check.month.to_string(),
            serde_json::to_string(check)?,
            &hlc,
        ),
    )?;
    Ok(())
}

// Reads.

/// A goal with its reviews, oldest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoalRecord {
    pub id: insideout_domain::ids::GoalId,
    pub young_person: YoungPersonId,
    pub goal: insideout_domain::goals::Goal,
    pub ratings: Vec<insideout_domain::goals::GoalRating>,
}

impl Store {
    /// A young person's goals, in the order they were agreed, each with its reviews.
    pub fn goals(&self, young_person: YoungPersonId) -> StoreResult<Vec<GoalRecord>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, young_person_id, goal FROM goals WHERE young_person_id = ?1 ORDER BY agreed_on, hlc",
        )?;
        let mut goals: Vec<GoalRecord> = stmt
            .query_map([young_person.to_string()], |r| {
                Ok(GoalRecord {
                    id: parsed(r.get(0)?)?,
                    young_person: parsed(r.get(1)?)?,
                    goal: json(r.get(2)?)?,
                    ratings: Vec::new(),
                })
            })?
            .collect::<Result<_, _>>()?;
        let mut ratings = self.conn.prepare_cached(
            "SELECT rating FROM goal_ratings WHERE goal_id = ?1 ORDER BY on_date, hlc",
        )?;
        for g in &mut goals {
            g.ratings = ratings
                .query_map([g.id.to_string()], |r| json(r.get(0)?))?
                .collect::<Result<_, _>>()?;
        }
        Ok(goals)
    }

    pub fn goal(&self, id: insideout_domain::ids::GoalId) -> StoreResult<GoalRecord> {
        let young_person: String = self
            .conn
            .query_row(
                "SELECT young_person_id FROM goals WHERE id = ?1",
                [id.to_string()],
                |r| r.get(0),
            )
            .optional()?
            .ok_or(StoreError::NotFound { what: "goal" })?;
        let young_person: YoungPersonId = young_person.parse().map_err(|_| StoreError::Damaged)?;
        self.goals(young_person)?
            .into_iter()
            .find(|g| g.id == id)
            .ok_or(StoreError::NotFound { what: "goal" })
    }

    /// A young person's monthly outcome checks, oldest first.
    pub fn outcome_checks(
        &self,
        young_person: YoungPersonId,
    ) -> StoreResult<Vec<insideout_domain::goals::OutcomeCheck>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT check_json FROM outcome_checks WHERE young_person_id = ?1 ORDER BY month",
        )?;
        let rows = stmt.query_map([young_person.to_string()], |r| json(r.get(0)?))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
