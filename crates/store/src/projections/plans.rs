//! Plans: activities, residentials, their risk assessments and sign-offs, and planned sessions.

use super::LOCAL_TIME;
use super::conflicts::merged_edit;
use super::rows::{json, parsed};
use super::written_at;
use super::{Applying, Table, rebuilt};
use crate::Store;
use crate::{StoreError, StoreResult};
use insideout_domain::activity::Activity;
use insideout_domain::ids::{
    ActivityId, PlannedSessionId, ResidentialId, SessionId, YoungPersonId,
};
use insideout_domain::planned::PlannedSession;
use insideout_domain::residential::Residential;
use insideout_domain::risk::{PlanRef, RiskAssessment, SignOff};
use rusqlite::{OptionalExtension, Row};

pub(super) const TABLES: &[Table] = &[
    rebuilt("activities", "id"),
    rebuilt("residentials", "id"),
    rebuilt("risk_assessments", "plan_id"),
    rebuilt("risk_sign_offs", "plan_id"),
    rebuilt("planned_sessions", "id"),
];

pub(super) fn activity_planned(
    at: &Applying<'_>,
    id: &ActivityId,
    young_person: &YoungPersonId,
    activity: &Activity,
) -> StoreResult<()> {
    let Applying { tx, hlc, .. } = at;
    tx.execute(
        "INSERT INTO activities (id, young_person_id, activity, starts, hlc, updated_hlc) VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
        (
            id.to_string(),
            young_person.to_string(),
            serde_json::to_string(activity)?,
            activity.starts.format(LOCAL_TIME).to_string(),
            &hlc,
        ),
    )?;
    Ok(())
}

pub(super) fn activity_edited(
    at: &Applying<'_>,
    id: &ActivityId,
    activity: &Activity,
    base: &Option<Box<Activity>>,
) -> StoreResult<()> {
    let Applying { tx, op, hlc } = at;
    let Some(activity) = merged_edit(
        tx,
        op,
        ("activity", "activities", "activity"),
        &id.to_string(),
        activity,
        base.as_deref(),
    )?
    else {
        return Ok(());
    };
    tx.execute(
        "UPDATE activities SET activity = ?2, starts = ?3, updated_hlc = ?4 WHERE id = ?1",
        (
            id.to_string(),
            serde_json::to_string(&activity)?,
            activity.starts.format(LOCAL_TIME).to_string(),
            &hlc,
        ),
    )?;
    Ok(())
}

pub(super) fn residential_planned(
    at: &Applying<'_>,
    id: &ResidentialId,
    young_person: &YoungPersonId,
    residential: &Residential,
) -> StoreResult<()> {
    let Applying { tx, hlc, .. } = at;
    tx.execute(
        "INSERT INTO residentials (id, young_person_id, residential, arrives, hlc, updated_hlc) VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
        (
            id.to_string(),
            young_person.to_string(),
            serde_json::to_string(residential)?,
            residential.arrives.to_string(),
            &hlc,
        ),
    )?;
    Ok(())
}

pub(super) fn residential_edited(
    at: &Applying<'_>,
    id: &ResidentialId,
    residential: &Residential,
    base: &Option<Box<Residential>>,
) -> StoreResult<()> {
    let Applying { tx, op, hlc } = at;
    let Some(residential) = merged_edit(
        tx,
        op,
        ("residential", "residentials", "residential"),
        &id.to_string(),
        residential,
        base.as_deref(),
    )?
    else {
        return Ok(());
    };
    tx.execute(
        "UPDATE residentials SET residential = ?2, arrives = ?3, updated_hlc = ?4 WHERE id = ?1",
        (
            id.to_string(),
            serde_json::to_string(&residential)?,
            residential.arrives.to_string(),
            &hlc,
        ),
    )?;
    Ok(())
}

pub(super) fn risk_assessed(
    at: &Applying<'_>,
    plan: &PlanRef,
    young_person: &YoungPersonId,
    assessment: &RiskAssessment,
    request_sign_off: &bool,
) -> StoreResult<()> {
    let Applying { tx, hlc, .. } = at;
    // The save with the later clock stands, whatever order the ops arrive in.
    tx.execute(
        "INSERT INTO risk_assessments (plan_id, plan_kind, young_person_id, assessment, request_sign_off, hlc) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (plan_id) DO UPDATE SET assessment = excluded.assessment, request_sign_off = excluded.request_sign_off, hlc = excluded.hlc
         WHERE excluded.hlc > risk_assessments.hlc",
        (
            plan.id(),
            plan.kind(),
            young_person.to_string(),
            serde_json::to_string(assessment)?,
            request_sign_off,
            &hlc,
        ),
    )?;
    Ok(())
}

pub(super) fn session_planned(
    at: &Applying<'_>,
    id: &PlannedSessionId,
    young_person: &YoungPersonId,
    plan: &Option<PlannedSession>,
) -> StoreResult<()> {
    let Applying { tx, hlc, .. } = at;
    tx.execute(
        "INSERT INTO planned_sessions (id, young_person_id, plan, starts, hlc) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (id) DO UPDATE SET plan = excluded.plan, starts = excluded.starts, hlc = excluded.hlc
         WHERE excluded.hlc > planned_sessions.hlc",
        (
            id.to_string(),
            young_person.to_string(),
            plan.as_ref().map(serde_json::to_string).transpose()?,
            plan.as_ref()
                .map(|p| p.starts.format(LOCAL_TIME).to_string()),
            &hlc,
        ),
    )?;
    Ok(())
}

pub(super) fn risk_signed_off(
    at: &Applying<'_>,
    plan: &PlanRef,
    young_person: &YoungPersonId,
    sign_off: &SignOff,
) -> StoreResult<()> {
    let Applying { tx, op, hlc } = at;
    tx.execute(
        "INSERT INTO risk_sign_offs (plan_id, young_person_id, sign_off, decided_at, hlc) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (plan_id) DO UPDATE SET sign_off = excluded.sign_off, decided_at = excluded.decided_at, hlc = excluded.hlc
         WHERE excluded.hlc > risk_sign_offs.hlc",
        (
            plan.id(),
            young_person.to_string(),
            serde_json::to_string(sign_off)?,
            written_at(op),
            &hlc,
        ),
    )?;
    Ok(())
}

// Reads.

/// A planned activity as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActivityRecord {
    pub id: insideout_domain::ids::ActivityId,
    pub young_person: YoungPersonId,
    pub activity: insideout_domain::activity::Activity,
}

fn activity_row(r: &Row<'_>) -> rusqlite::Result<ActivityRecord> {
    Ok(ActivityRecord {
        id: parsed(r.get(0)?)?,
        young_person: parsed(r.get(1)?)?,
        activity: json(r.get(2)?)?,
    })
}

/// A planned residential as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResidentialRecord {
    pub id: insideout_domain::ids::ResidentialId,
    pub young_person: YoungPersonId,
    pub residential: insideout_domain::residential::Residential,
}

fn residential_row(r: &Row<'_>) -> rusqlite::Result<ResidentialRecord> {
    Ok(ResidentialRecord {
        id: parsed(r.get(0)?)?,
        young_person: parsed(r.get(1)?)?,
        residential: json(r.get(2)?)?,
    })
}

/// A plan's risk assessment and the supervisor's latest decision, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RiskRecord {
    pub plan_id: String,
    pub plan_kind: String,
    pub young_person: YoungPersonId,
    pub assessment: insideout_domain::risk::RiskAssessment,
    pub request_sign_off: bool,
    /// The clock of the assessment's latest save.
    pub hlc: String,
    /// The decision, when it was made (local time), and whether it came after the assessment's
    /// latest save.
    pub sign_off: Option<(insideout_domain::risk::SignOff, String, bool)>,
}

impl RiskRecord {
    /// Where the assessment stands, given the plan as it is now
    /// ([`insideout_domain::risk::residential_text`] or `activity_text`).
    pub fn standing(&self, plan_now: &str) -> insideout_domain::risk::Standing {
        insideout_domain::risk::Standing::of(
            Some((&self.assessment, self.request_sign_off)),
            plan_now,
            self.sign_off.as_ref().map(|(s, _, after)| (s, *after)),
        )
    }
}

const RISK_SELECT: &str =
    "SELECT r.plan_id, r.plan_kind, r.young_person_id, r.assessment, r.request_sign_off,
        s.sign_off, s.decided_at, s.hlc > r.hlc, r.hlc
    FROM risk_assessments r LEFT JOIN risk_sign_offs s ON s.plan_id = r.plan_id";

fn risk_row(r: &Row<'_>) -> rusqlite::Result<RiskRecord> {
    let sign_off: Option<String> = r.get(5)?;
    Ok(RiskRecord {
        plan_id: r.get(0)?,
        plan_kind: r.get(1)?,
        young_person: parsed(r.get(2)?)?,
        assessment: json(r.get(3)?)?,
        request_sign_off: r.get(4)?,
        hlc: r.get(8)?,
        sign_off: match sign_off {
            Some(s) => Some((json(s)?, r.get(6)?, r.get(7)?)),
            None => None,
        },
    })
}

impl Store {
    /// A young person's planned activities, soonest first.
    pub fn activities(&self, young_person: YoungPersonId) -> StoreResult<Vec<ActivityRecord>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, young_person_id, activity FROM activities WHERE young_person_id = ?1 ORDER BY starts, id",
        )?;
        let rows = stmt.query_map([young_person.to_string()], activity_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The sessions recorded from a planned activity or residential: id and start (local time).
    pub fn sessions_from_plan(&self, plan_id: &str) -> StoreResult<Vec<(SessionId, String)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, start FROM sessions WHERE json_extract(details, '$.plan.id') = ?1 ORDER BY start, id",
        )?;
        let rows = stmt.query_map([plan_id], |r| Ok((parsed(r.get(0)?)?, r.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// A young person's planned sessions (not cancelled), soonest first.
    pub fn planned_sessions(
        &self,
        young_person: YoungPersonId,
    ) -> StoreResult<
        Vec<(
            insideout_domain::ids::PlannedSessionId,
            insideout_domain::planned::PlannedSession,
        )>,
    > {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, plan FROM planned_sessions WHERE young_person_id = ?1 AND plan IS NOT NULL ORDER BY starts, id",
        )?;
        let rows = stmt.query_map([young_person.to_string()], |r| {
            Ok((parsed(r.get(0)?)?, json(r.get(1)?)?))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// One planned session and whose it is; `None` as the plan once cancelled.
    pub fn planned_session(
        &self,
        id: insideout_domain::ids::PlannedSessionId,
    ) -> StoreResult<(
        YoungPersonId,
        Option<insideout_domain::planned::PlannedSession>,
    )> {
        self.conn
            .query_row(
                "SELECT young_person_id, plan FROM planned_sessions WHERE id = ?1",
                [id.to_string()],
                |r| {
                    let plan: Option<String> = r.get(1)?;
                    Ok((parsed(r.get(0)?)?, plan.map(json).transpose()?))
                },
            )
            .optional()?
            .ok_or(StoreError::NotFound {
                what: "planned session",
            })
    }

    /// A young person's residentials, soonest first.
    pub fn residentials(&self, young_person: YoungPersonId) -> StoreResult<Vec<ResidentialRecord>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, young_person_id, residential FROM residentials WHERE young_person_id = ?1 ORDER BY arrives, id",
        )?;
        let rows = stmt.query_map([young_person.to_string()], residential_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn residential(
        &self,
        id: insideout_domain::ids::ResidentialId,
    ) -> StoreResult<ResidentialRecord> {
        self.conn
            .query_row(
                "SELECT id, young_person_id, residential FROM residentials WHERE id = ?1",
                [id.to_string()],
                residential_row,
            )
            .optional()?
            .ok_or(StoreError::NotFound {
                what: "residential",
            })
    }

    /// A plan's risk assessment and its latest decision, if one is written.
    pub fn risk(&self, plan_id: &str) -> StoreResult<Option<RiskRecord>> {
        Ok(self
            .conn
            .query_row(
                &format!("{RISK_SELECT} WHERE r.plan_id = ?1"),
                [plan_id],
                risk_row,
            )
            .optional()?)
    }

    /// Every risk assessment on this device, for the caseload's plans and the supervisor's
    /// sign-off list.
    pub fn risks(&self) -> StoreResult<Vec<RiskRecord>> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!("{RISK_SELECT} ORDER BY r.hlc DESC"))?;
        let rows = stmt.query_map([], risk_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn activity(&self, id: insideout_domain::ids::ActivityId) -> StoreResult<ActivityRecord> {
        self.conn
            .query_row(
                "SELECT id, young_person_id, activity FROM activities WHERE id = ?1",
                [id.to_string()],
                activity_row,
            )
            .optional()?
            .ok_or(StoreError::NotFound { what: "activity" })
    }
}
