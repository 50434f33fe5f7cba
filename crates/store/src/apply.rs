//! How each op changes the materialised tables. Applying is deterministic: the same ops applied
//! in clock order always give the same rows.

use crate::StoreResult;
use chrono::{DateTime, SecondsFormat};
use insideout_domain::choice::Choice;
use insideout_domain::ids::SessionId;
use insideout_domain::intervention::InterventionDates;
use insideout_domain::intervention::Phase;
use insideout_domain::merge::{FieldConflict, FieldKind, merge};
use insideout_domain::op::{Op, OpBody};
use insideout_domain::young_person::YoungPersonProfile;
use rusqlite::{OptionalExtension, Transaction};
use serde_json::{Value, json};

/// Time format of session times in the tables: sorts as text.
pub(crate) const LOCAL_TIME: &str = "%Y-%m-%dT%H:%M:%S";

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
        OpBody::YoungPersonEdited {
            id,
            profile,
            dates,
            base,
        } => {
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
        }
        OpBody::PhaseSet { id, phase, from } => {
            let Some((current, closed, lost_hlc)) = tx
                .query_row(
                    "SELECT phase, closed_on IS NOT NULL, updated_hlc FROM young_people WHERE id = ?1",
                    [id.to_string()],
                    |r| Ok((r.get::<_, String>(0)?, r.get::<_, bool>(1)?, r.get::<_, String>(2)?)),
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
        }
        OpBody::InterventionClosed {
            id,
            on,
            reason,
            note,
        } => {
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
        OpBody::ContactEdited { id, contact, base } => {
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
        }
        OpBody::ContactRemoved { id, reason } => {
            // The first removal stands; a later one on another device changes nothing.
            tx.execute(
                "UPDATE contacts SET removed_at = ?2, removed_reason = ?3, updated_hlc = ?4 WHERE id = ?1 AND removed_at IS NULL",
                (id.to_string(), written_at(op), reason.as_str(), &hlc),
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
            merged,
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
        OpBody::ConcernRaised {
            id,
            young_person,
            concern,
        } => {
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
        }
        OpBody::MissingEpisodeRecorded {
            id,
            young_person,
            episode,
        } => {
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
        }
        OpBody::MissingEpisodeEdited {
            id, episode, base, ..
        } => {
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
        }
        OpBody::ChronologyNoted {
            id,
            young_person,
            entry,
        } => {
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
        }
        OpBody::ChronologyCurated {
            young_person,
            curation,
        } => {
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
        }
        OpBody::ActivityPlanned {
            id,
            young_person,
            activity,
        } => {
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
        }
        OpBody::ActivityEdited {
            id, activity, base, ..
        } => {
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
        }
        OpBody::ResidentialPlanned {
            id,
            young_person,
            residential,
        } => {
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
        }
        OpBody::ResidentialEdited {
            id,
            residential,
            base,
            ..
        } => {
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
        }
        OpBody::RiskAssessed {
            plan,
            young_person,
            assessment,
            request_sign_off,
        } => {
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
        }
        OpBody::SessionPlanned {
            id,
            young_person,
            plan,
        } => {
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
        }
        OpBody::RiskSignedOff {
            plan,
            young_person,
            sign_off,
        } => {
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
        }
        OpBody::AuthoritySet {
            young_person,
            area,
            authority,
        } => {
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
        }
        OpBody::GoalAgreed {
            id,
            young_person,
            goal,
        } => {
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
        }
        OpBody::GoalEdited { id, goal, base, .. } => {
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
        }
        OpBody::GoalRated {
            id,
            goal,
            young_person,
            rating,
        } => {
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
        }
        OpBody::OutcomeChecked {
            young_person,
            check,
        } => {
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
        OpBody::DeviceNamed {
            device,
            person_name,
            device_name,
            ..
        } => {
            // One name per device: filed in several scopes, the latest copy stands.
            tx.execute(
                "INSERT INTO colleague_names (device_id, person_name, device_name, hlc)
                 VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (device_id) DO UPDATE SET
                   person_name = excluded.person_name,
                   device_name = excluded.device_name,
                   hlc = excluded.hlc
                 WHERE excluded.hlc > colleague_names.hlc",
                (
                    device.to_string(),
                    person_name.as_str(),
                    device_name.as_str(),
                    &hlc,
                ),
            )?;
        }
    }
    Ok(())
}

/// An edit merged into the record it changes (`(entity, table, column)` names where the record's
/// JSON is), when the op says what its author saw: field by field, with what the record did not
/// keep written to the conflict log. Without `base` the edit replaces the record. None when the
/// record is not on this device.
fn merged_edit<T: serde::Serialize + serde::de::DeserializeOwned + Clone>(
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
fn three_texts(
    tx: &Transaction<'_>,
    sql: &str,
    id: &str,
) -> StoreResult<Option<(String, String, String)>> {
    Ok(tx
        .query_row(sql, [id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?)
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

/// The record a conflict is about.
struct Conflicted {
    entity: &'static str,
    entity_id: String,
    young_person: String,
    lost_hlc: String,
}

/// Writes the conflicts an op's merge found to the conflict log.
fn log(
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
