//! The young person's record: profile, dates and phase, closure, placements, contacts and
//! delegated authority.

use super::LOCAL_TIME;
use super::conflicts::{Conflicted, log, merged_edit, three_texts};
use super::rows::{choice, json, parsed};
use super::written_at;
use super::{Applying, Table, rebuilt};
use crate::Store;
use crate::{StoreError, StoreResult};
use chrono::{NaiveDate, NaiveDateTime};
use insideout_domain::authority::{Authority, ConsentArea};
use insideout_domain::choice::Choice;
use insideout_domain::contact::Contact;
use insideout_domain::ids::{ContactId, PersonId, PlacementId, YoungPersonId};
use insideout_domain::intervention::{ClosureReason, InterventionDates, Phase};
use insideout_domain::merge::{FieldConflict, FieldKind, merge};
use insideout_domain::op::YoungPersonSeen;
use insideout_domain::placement::{Placement, PlacementEnd};
use insideout_domain::text::Line;
use insideout_domain::young_person::YoungPersonProfile;
use rusqlite::OptionalExtension;
use rusqlite::Row;
use serde_json::{Value, json};

pub(super) const TABLES: &[Table] = &[
    rebuilt("delegated_authority", "young_person_id, area"),
    rebuilt("contacts", "id"),
    rebuilt("placements", "id"),
    rebuilt("young_people", "id"),
    rebuilt("referrals", "young_person_id"),
];

/// Files a supervisor's allocation of a new referral; a later allocation of the same id stands.
pub(super) fn referral_allocated(
    at: &Applying<'_>,
    young_person: &YoungPersonId,
    coach: &PersonId,
    author: &Line,
    profile: &YoungPersonProfile,
    dates: &InterventionDates,
) -> StoreResult<()> {
    let Applying { tx, op, hlc } = at;
    tx.execute(
        "INSERT INTO referrals (young_person_id, coach_id, author, profile, dates, written_at, hlc)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (young_person_id) DO UPDATE SET
           coach_id = excluded.coach_id, author = excluded.author, profile = excluded.profile,
           dates = excluded.dates, written_at = excluded.written_at, hlc = excluded.hlc
         WHERE excluded.hlc > referrals.hlc",
        (
            young_person.to_string(),
            coach.to_string(),
            author.as_str(),
            serde_json::to_string(profile)?,
            serde_json::to_string(dates)?,
            written_at(op),
            &hlc,
        ),
    )?;
    Ok(())
}

/// A new referral a supervisor allocated, whose case is not open on this device yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Referral {
    pub young_person: YoungPersonId,
    pub coach: PersonId,
    pub author: String,
    pub profile: YoungPersonProfile,
    pub dates: InterventionDates,
    /// When the supervisor allocated it (UTC, RFC 3339).
    pub written_at: String,
}

impl Store {
    /// The referrals allocated to `coach` (every coach's, for `None`) whose case this device
    /// does not hold yet, oldest first.
    pub fn pending_referrals(&self, coach: Option<PersonId>) -> StoreResult<Vec<Referral>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT young_person_id, coach_id, author, profile, dates, written_at FROM referrals
              WHERE (?1 IS NULL OR coach_id = ?1)
                AND young_person_id NOT IN (SELECT id FROM young_people)
              ORDER BY hlc",
        )?;
        let rows = stmt.query_map([coach.map(|c| c.to_string())], |r| {
            Ok(Referral {
                young_person: parsed(r.get(0)?)?,
                coach: parsed(r.get(1)?)?,
                author: r.get(2)?,
                profile: json(r.get(3)?)?,
                dates: json(r.get(4)?)?,
                written_at: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

pub(super) fn young_person_added(
    at: &Applying<'_>,
    id: &YoungPersonId,
    profile: &YoungPersonProfile,
    dates: &InterventionDates,
) -> StoreResult<()> {
    let Applying { tx, hlc, .. } = at;
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
    Ok(())
}

pub(super) fn young_person_edited(
    at: &Applying<'_>,
    id: &YoungPersonId,
    profile: &YoungPersonProfile,
    dates: &InterventionDates,
    base: &Option<Box<YoungPersonSeen>>,
) -> StoreResult<()> {
    let Applying { tx, op, hlc } = at;
    let Some((current_profile, current_dates, lost_hlc)) = three_texts(
        tx,
        "SELECT profile, dates, updated_hlc FROM young_people WHERE id = ?1",
        &id.to_string(),
    )?
    else {
        return Ok(());
    };
    let (profile, dates) = match base {
        None => (profile.clone(), *dates),
        Some(seen) => {
            let current = json!({
                "profile": serde_json::from_str::<Value>(&current_profile)?,
                "dates": serde_json::from_str::<Value>(&current_dates)?,
            });
            let seen = serde_json::to_value(seen)?;
            let edit = json!({
                "profile": serde_json::to_value(profile)?,
                "dates": serde_json::to_value(dates)?,
            });
            let (merged, conflicts) = merge(&current, &seen, &edit, &young_person_field);
            let at = Conflicted {
                entity: "young_person",
                entity_id: id.to_string(),
                young_person: id.to_string(),
                lost_hlc,
            };
            log(tx, op, &at, &conflicts)?;
            (
                serde_json::from_value::<YoungPersonProfile>(merged["profile"].clone())?,
                serde_json::from_value::<InterventionDates>(merged["dates"].clone())?,
            )
        }
    };
    tx.execute(
        "UPDATE young_people SET preferred_name = ?2, profile = ?3, dates = ?4, start_date = ?5, planned_end_date = ?6,
         updated_hlc = ?7 WHERE id = ?1",
        (
            id.to_string(),
            profile.preferred_name.as_str(),
            serde_json::to_string(&profile)?,
            serde_json::to_string(&dates)?,
            dates.start().to_string(),
            dates.planned_end().to_string(),
            &hlc,
        ),
    )?;
    Ok(())
}

pub(super) fn phase_set(
    at: &Applying<'_>,
    id: &YoungPersonId,
    phase: &Phase,
    from: &Option<Phase>,
) -> StoreResult<()> {
    let Applying { tx, op, hlc } = at;
    let Some((current, closed, lost_hlc)) = tx
        .query_row(
            "SELECT phase, closed_on IS NOT NULL, updated_hlc FROM young_people WHERE id = ?1",
            [id.to_string()],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, bool>(1)?,
                    r.get::<_, String>(2)?,
                ))
            },
        )
        .optional()?
    else {
        return Ok(());
    };
    let at = Conflicted {
        entity: "young_person",
        entity_id: id.to_string(),
        young_person: id.to_string(),
        lost_hlc,
    };
    if closed {
        // Closed on another device first: the closure stands, the phase is logged.
        let conflict = FieldConflict {
            field: "phase".into(),
            kept: json!(current),
            lost: json!(phase.value()),
            safety: false,
        };
        return log(tx, op, &at, &[conflict]);
    }
    if from.is_some_and(|f| f.value() != current) && current != phase.value() {
        let conflict = FieldConflict {
            field: "phase".into(),
            kept: json!(phase.value()),
            lost: json!(current),
            safety: false,
        };
        log(tx, op, &at, &[conflict])?;
    }
    tx.execute(
        "UPDATE young_people SET phase = ?2, updated_hlc = ?3 WHERE id = ?1",
        (id.to_string(), phase.value(), &hlc),
    )?;
    Ok(())
}

pub(super) fn intervention_closed(
    at: &Applying<'_>,
    id: &YoungPersonId,
    on: &NaiveDate,
    reason: &ClosureReason,
    note: &String,
) -> StoreResult<()> {
    let Applying { tx, op, hlc } = at;
    let closure = json!({"on": on.to_string(), "reason": reason.value(), "note": note});
    let earlier: Option<(String, String)> = tx
        .query_row(
            "SELECT json_object('on', closed_on, 'reason', closure_reason, 'note', closure_note), updated_hlc
               FROM young_people WHERE id = ?1 AND closed_on IS NOT NULL",
            [id.to_string()],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    if let Some((lost, lost_hlc)) = earlier {
        // Closed on two devices at once: the later closure is kept, the other logged.
        let lost: Value = serde_json::from_str(&lost)?;
        if lost != closure {
            let at = Conflicted {
                entity: "young_person",
                entity_id: id.to_string(),
                young_person: id.to_string(),
                lost_hlc,
            };
            let conflict = FieldConflict {
                field: "closure".into(),
                kept: closure,
                lost,
                safety: false,
            };
            log(tx, op, &at, &[conflict])?;
        }
    }
    tx.execute(
        "UPDATE young_people SET phase = 'closed', closed_on = ?2, closure_reason = ?3, closure_note = ?4, updated_hlc = ?5
         WHERE id = ?1",
        (id.to_string(), on.to_string(), reason.value(), note, &hlc),
    )?;
    Ok(())
}

pub(super) fn placement_added(
    at: &Applying<'_>,
    id: &PlacementId,
    young_person: &YoungPersonId,
    placement: &Placement,
) -> StoreResult<()> {
    let Applying { tx, hlc, .. } = at;
    tx.execute(
        "INSERT INTO placements (id, young_person_id, placement, start_date, updated_hlc) VALUES (?1, ?2, ?3, ?4, ?5)",
        (id.to_string(), young_person.to_string(), serde_json::to_string(placement)?, placement.start.to_string(), &hlc),
    )?;
    Ok(())
}

pub(super) fn placement_ended(
    at: &Applying<'_>,
    id: &PlacementId,
    end: &PlacementEnd,
) -> StoreResult<()> {
    let Applying { tx, op, hlc } = at;
    let earlier: Option<(String, Option<String>, String)> = tx
        .query_row(
            "SELECT young_person_id, ending, updated_hlc FROM placements WHERE id = ?1",
            [id.to_string()],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    if let Some((young_person, Some(ending), lost_hlc)) = earlier {
        let lost: Value = serde_json::from_str(&ending)?;
        let kept = serde_json::to_value(end)?;
        if lost != kept {
            let at = Conflicted {
                entity: "placement",
                entity_id: id.to_string(),
                young_person,
                lost_hlc,
            };
            let conflict = FieldConflict {
                field: "ending".into(),
                kept,
                lost,
                safety: false,
            };
            log(tx, op, &at, &[conflict])?;
        }
    }
    tx.execute(
        "UPDATE placements SET ending = ?2, updated_hlc = ?3 WHERE id = ?1",
        (id.to_string(), serde_json::to_string(end)?, &hlc),
    )?;
    Ok(())
}

pub(super) fn contact_added(
    at: &Applying<'_>,
    id: &ContactId,
    young_person: &YoungPersonId,
    contact: &Contact,
) -> StoreResult<()> {
    let Applying { tx, hlc, .. } = at;
    tx.execute(
        "INSERT INTO contacts (id, young_person_id, contact, updated_hlc) VALUES (?1, ?2, ?3, ?4)",
        (
            id.to_string(),
            young_person.to_string(),
            serde_json::to_string(contact)?,
            &hlc,
        ),
    )?;
    Ok(())
}

pub(super) fn contact_edited(
    at: &Applying<'_>,
    id: &ContactId,
    contact: &Contact,
    base: &Option<Contact>,
) -> StoreResult<()> {
    let Applying { tx, op, hlc } = at;
    let Some(contact) = merged_edit(
        tx,
        op,
        ("contact", "contacts", "contact"),
        &id.to_string(),
        contact,
        base.as_ref(),
    )?
    else {
        return Ok(());
    };
    tx.execute(
        "UPDATE contacts SET contact = ?2, updated_hlc = ?3 WHERE id = ?1",
        (id.to_string(), serde_json::to_string(&contact)?, &hlc),
    )?;
    Ok(())
}

pub(super) fn contact_removed(at: &Applying<'_>, id: &ContactId, reason: &Line) -> StoreResult<()> {
    let Applying { tx, op, hlc } = at;
    // The first removal stands; a later one on another device changes nothing.
    tx.execute(
        "UPDATE contacts SET removed_at = ?2, removed_reason = ?3, updated_hlc = ?4 WHERE id = ?1 AND removed_at IS NULL",
        (id.to_string(), written_at(op), reason.as_str(), &hlc),
    )?;
    Ok(())
}

pub(super) fn authority_set(
    at: &Applying<'_>,
    young_person: &YoungPersonId,
    area: &ConsentArea,
    authority: &Option<Authority>,
) -> StoreResult<()> {
    let Applying { tx, hlc, .. } = at;
    tx.execute(
        "INSERT INTO delegated_authority (young_person_id, area, authority, hlc) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (young_person_id, area) DO UPDATE SET authority = excluded.authority, hlc = excluded.hlc
         WHERE excluded.hlc > delegated_authority.hlc",
        (
            young_person.to_string(),
            area.value(),
            authority.as_ref().map(serde_json::to_string).transpose()?,
            &hlc,
        ),
    )?;
    Ok(())
}

/// How each field of a young person's record merges.
fn young_person_field(path: &str) -> FieldKind {
    match path {
        "profile" => FieldKind::Record,
        "profile.risk_indicators" => FieldKind::Set { safety: true },
        "profile.referral_criteria" => FieldKind::Set { safety: false },
        _ => FieldKind::Value,
    }
}

// Reads.

/// A young person with their intervention, as stored.
#[derive(Debug, Clone)]
pub struct YoungPersonRecord {
    pub id: YoungPersonId,
    pub profile: YoungPersonProfile,
    pub dates: InterventionDates,
    pub phase: Phase,
    pub closure: Option<Closure>,
}

#[derive(Debug, Clone)]
pub struct Closure {
    pub on: NaiveDate,
    pub reason: ClosureReason,
    pub note: String,
}

#[derive(Debug, Clone)]
pub struct PlacementRecord {
    pub id: PlacementId,
    pub young_person: YoungPersonId,
    pub placement: Placement,
    pub end: Option<PlacementEnd>,
}

#[derive(Debug, Clone)]
pub struct ContactRecord {
    pub id: ContactId,
    pub young_person: YoungPersonId,
    pub contact: Contact,
    /// When and why it was removed from the team around the young person (a tombstone).
    pub removed: Option<(String, String)>,
}

/// One young person's line of the caseload.
#[derive(Debug, Clone)]
pub struct CaseloadRow {
    pub record: YoungPersonRecord,
    pub minutes_in_week: u32,
    pub last_session_start: Option<NaiveDateTime>,
    pub draft_count: u32,
}

const YOUNG_PERSON_COLUMNS: &str =
    "id, profile, dates, phase, closed_on, closure_reason, closure_note";

fn young_person_row(r: &Row<'_>) -> rusqlite::Result<YoungPersonRecord> {
    let closed_on: Option<String> = r.get(4)?;
    let closure = match closed_on {
        Some(on) => Some(Closure {
            on: parsed(on)?,
            reason: choice(r.get(5)?)?,
            note: r.get::<_, Option<String>>(6)?.unwrap_or_default(),
        }),
        None => None,
    };
    Ok(YoungPersonRecord {
        id: parsed(r.get(0)?)?,
        profile: json(r.get(1)?)?,
        dates: json(r.get(2)?)?,
        phase: choice(r.get(3)?)?,
        closure,
    })
}

fn placement_row(r: &Row<'_>) -> rusqlite::Result<PlacementRecord> {
    let ending: Option<String> = r.get(3)?;
    Ok(PlacementRecord {
        id: parsed(r.get(0)?)?,
        young_person: parsed(r.get(1)?)?,
        placement: json(r.get(2)?)?,
        end: ending.map(json).transpose()?,
    })
}

fn contact_row(r: &Row<'_>) -> rusqlite::Result<ContactRecord> {
    Ok(ContactRecord {
        id: parsed(r.get(0)?)?,
        young_person: parsed(r.get(1)?)?,
        contact: json(r.get(2)?)?,
        removed: match (
            r.get::<_, Option<String>>(3)?,
            r.get::<_, Option<String>>(4)?,
        ) {
            (Some(at), reason) => Some((at, reason.unwrap_or_default())),
            _ => None,
        },
    })
}

impl Store {
    pub fn young_people(&self) -> StoreResult<Vec<YoungPersonRecord>> {
        let mut stmt = self.conn.prepare_cached(&format!("SELECT {YOUNG_PERSON_COLUMNS} FROM young_people ORDER BY start_date, preferred_name, id"))?;
        Ok(stmt
            .query_map([], young_person_row)?
            .collect::<Result<_, _>>()?)
    }

    pub fn young_person(&self, id: YoungPersonId) -> StoreResult<YoungPersonRecord> {
        self.conn
            .query_row(
                &format!("SELECT {YOUNG_PERSON_COLUMNS} FROM young_people WHERE id = ?1"),
                [id.to_string()],
                young_person_row,
            )
            .optional()?
            .ok_or(StoreError::NotFound {
                what: "young person",
            })
    }

    /// Young people whose intervention is not closed.
    pub fn active_count(&self) -> StoreResult<u32> {
        Ok(self.conn.query_row(
            "SELECT count(*) FROM young_people WHERE phase != 'closed'",
            [],
            |r| r.get(0),
        )?)
    }

    /// Every young person with the minutes of sessions that started in `[from, to)`, their last
    /// session, and how many notes are still drafts — in one query.
    /// Whose case each young person is: the device that added them, by young person.
    pub fn case_creators(&self) -> StoreResult<std::collections::HashMap<YoungPersonId, String>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT y.id, o.device_id FROM young_people y
               JOIN ops o ON o.subject = y.id AND o.kind = 'young_person_added'",
        )?;
        let rows = stmt.query_map([], |r| Ok((parsed(r.get(0)?)?, r.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn caseload(
        &self,
        from: NaiveDateTime,
        to: NaiveDateTime,
    ) -> StoreResult<Vec<CaseloadRow>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {YOUNG_PERSON_COLUMNS},
                (SELECT coalesce(sum(minutes), 0) FROM sessions s WHERE s.young_person_id = y.id AND s.start >= ?1 AND s.start < ?2),
                (SELECT max(start) FROM sessions s WHERE s.young_person_id = y.id),
                (SELECT count(*) FROM sessions s WHERE s.young_person_id = y.id AND s.finalised_revision_id IS NULL)
             FROM young_people y ORDER BY start_date, preferred_name, id"
        ))?;
        let rows = stmt.query_map(
            (
                from.format(LOCAL_TIME).to_string(),
                to.format(LOCAL_TIME).to_string(),
            ),
            |r| {
                let last: Option<String> = r.get(8)?;
                Ok(CaseloadRow {
                    record: young_person_row(r)?,
                    minutes_in_week: r.get(7)?,
                    last_session_start: last
                        .map(|t| NaiveDateTime::parse_from_str(&t, LOCAL_TIME))
                        .transpose()
                        .map_err(|e| {
                            rusqlite::Error::FromSqlConversionFailure(
                                8,
                                rusqlite::types::Type::Text,
                                Box::new(e),
                            )
                        })?,
                    draft_count: r.get(9)?,
                })
            },
        )?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn placements(&self, young_person: YoungPersonId) -> StoreResult<Vec<PlacementRecord>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, young_person_id, placement, ending FROM placements WHERE young_person_id = ?1 ORDER BY start_date DESC, id",
        )?;
        Ok(stmt
            .query_map([young_person.to_string()], placement_row)?
            .collect::<Result<_, _>>()?)
    }

    pub fn placement(&self, id: PlacementId) -> StoreResult<PlacementRecord> {
        self.conn
            .query_row(
                "SELECT id, young_person_id, placement, ending FROM placements WHERE id = ?1",
                [id.to_string()],
                placement_row,
            )
            .optional()?
            .ok_or(StoreError::NotFound { what: "placement" })
    }

    pub fn contacts(&self, young_person: YoungPersonId) -> StoreResult<Vec<ContactRecord>> {
        let mut stmt = self.conn.prepare_cached("SELECT id, young_person_id, contact, removed_at, removed_reason FROM contacts WHERE young_person_id = ?1 ORDER BY id")?;
        Ok(stmt
            .query_map([young_person.to_string()], contact_row)?
            .collect::<Result<_, _>>()?)
    }

    pub fn contact(&self, id: ContactId) -> StoreResult<ContactRecord> {
        self.conn
            .query_row(
                "SELECT id, young_person_id, contact, removed_at, removed_reason FROM contacts WHERE id = ?1",
                [id.to_string()],
                contact_row,
            )
            .optional()?
            .ok_or(StoreError::NotFound { what: "contact" })
    }

    /// Who may consent in each area for a young person (areas never set are absent).
    pub fn delegated_authority(
        &self,
        young_person: YoungPersonId,
    ) -> StoreResult<
        std::collections::HashMap<String, Option<insideout_domain::authority::Authority>>,
    > {
        let mut stmt = self.conn.prepare_cached(
            "SELECT area, authority FROM delegated_authority WHERE young_person_id = ?1",
        )?;
        let rows = stmt.query_map([young_person.to_string()], |r| {
            let json_text: Option<String> = r.get(1)?;
            Ok((r.get::<_, String>(0)?, json_text.map(json).transpose()?))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
