//! The materialised tables, one module per aggregate. Each module owns its tables and the SQL
//! that writes them; [`apply`] sends each op to its module's function, in one exhaustive match,
//! so a new op kind does not compile until it has a projection.
//!
//! [`PROJECTIONS`] lists every table and what it is: materialised from the op log (cleared and
//! rebuilt, and compared between devices), or the device's own state (never rebuilt).
//! [`clear`] and [`Store::dump_tables`](crate::Store::dump_tables) go over it, and a test checks
//! it against the tables the migrations create: a new table that no module lists fails it.

pub(crate) mod chronology;
pub(crate) mod conflicts;
pub(crate) mod goals;
pub(crate) mod names;
pub(crate) mod plans;
mod rows;
pub(crate) mod safeguarding;
pub(crate) mod sessions;
pub(crate) mod young_people;

use crate::{Store, StoreResult};
use chrono::{DateTime, SecondsFormat};
use insideout_domain::op::{Op, OpBody};
use rusqlite::Transaction;

/// How a table is emptied before a rebuild from the op log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Clear {
    /// Every row comes from the op log.
    All,
    /// Only the rows this condition selects come from the op log.
    Where(&'static str),
    /// Device state: never cleared by a rebuild.
    Never,
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Table {
    pub name: &'static str,
    pub clear: Clear,
    /// The order its rows are dumped in, for tables whose rows every reader of the same ops
    /// holds alike; None for tables that are not compared.
    pub dump: Option<&'static str>,
}

const fn rebuilt(name: &'static str, order: &'static str) -> Table {
    Table {
        name,
        clear: Clear::All,
        dump: Some(order),
    }
}

const fn device(name: &'static str) -> Table {
    Table {
        name,
        clear: Clear::Never,
        dump: None,
    }
}

/// The device's own state: keys, the op log and outbox, cursors, timers. Never rebuilt.
const DEVICE: &[Table] = &[
    device("ops"),
    device("outbox"),
    device("cursors"),
    device("device_keys"),
    device("scope_keys"),
    device("wrapped"),
    device("sync_state"),
    device("directory_records"),
    device("seen_heads"),
    device("quarantine"),
    device("timers"),
];

/// Every projection's tables, in an order that can be cleared front to back (rows that point at
/// others first: sessions before young people).
pub(crate) const PROJECTIONS: &[&[Table]] = &[
    conflicts::TABLES,
    safeguarding::TABLES,
    chronology::TABLES,
    goals::TABLES,
    plans::TABLES,
    sessions::TABLES,
    young_people::TABLES,
    names::TABLES,
    DEVICE,
];

/// Every table of every projection.
pub(crate) fn tables() -> impl Iterator<Item = &'static Table> {
    PROJECTIONS.iter().flat_map(|tables| tables.iter())
}

/// Time format of session times in the tables: sorts as text.
pub(crate) const LOCAL_TIME: &str = "%Y-%m-%dT%H:%M:%S";

/// The op being applied, and where: what every projection function is given.
pub(super) struct Applying<'a> {
    tx: &'a Transaction<'a>,
    op: &'a Op,
    /// The op's clock stamp, encoded as it is stored.
    hlc: String,
}

/// Applies `op` to the tables. Deterministic: the same ops applied in clock order always give
/// the same rows.
pub(crate) fn apply(tx: &Transaction<'_>, op: &Op) -> StoreResult<()> {
    let at = Applying {
        tx,
        op,
        hlc: op.hlc.encode(),
    };
    match &op.body {
        OpBody::ProfileCreated { name, .. } => names::profile_created(&at, name),
        OpBody::YoungPersonAdded { id, profile, dates } => {
            young_people::young_person_added(&at, id, profile, dates)
        }
        OpBody::YoungPersonEdited {
            id,
            profile,
            dates,
            base,
        } => young_people::young_person_edited(&at, id, profile, dates, base),
        OpBody::PhaseSet { id, phase, from } => young_people::phase_set(&at, id, phase, from),
        OpBody::InterventionClosed {
            id,
            on,
            reason,
            note,
        } => young_people::intervention_closed(&at, id, on, reason, note),
        OpBody::PlacementAdded {
            id,
            young_person,
            placement,
        } => young_people::placement_added(&at, id, young_person, placement),
        OpBody::PlacementEnded { id, end } => young_people::placement_ended(&at, id, end),
        OpBody::ContactAdded {
            id,
            young_person,
            contact,
        } => young_people::contact_added(&at, id, young_person, contact),
        OpBody::ContactEdited { id, contact, base } => {
            young_people::contact_edited(&at, id, contact, base)
        }
        OpBody::ContactRemoved { id, reason } => young_people::contact_removed(&at, id, reason),
        OpBody::SessionRecorded {
            id,
            young_person,
            details,
        } => sessions::session_recorded(&at, id, young_person, details),
        OpBody::NoteDrafted {
            session,
            revision,
            parent,
            body,
            merged,
        } => sessions::note_drafted(&at, session, revision, parent, body, merged),
        OpBody::NoteFinalised { session, revision } => {
            sessions::note_finalised(&at, session, revision)
        }
        OpBody::AddendumAdded { id, session, text } => {
            sessions::addendum_added(&at, id, session, text)
        }
        OpBody::ConcernRaised {
            id,
            young_person,
            concern,
        } => safeguarding::concern_raised(&at, id, young_person, concern),
        OpBody::CaseDiscussed {
            id,
            young_person,
            author,
            discussion,
        } => safeguarding::case_discussed(&at, id, young_person, author, discussion),
        OpBody::ReferralAllocated {
            young_person,
            coach,
            author,
            profile,
            dates,
        } => young_people::referral_allocated(&at, young_person, coach, author, profile, dates),
        OpBody::SupervisionRecorded {
            id,
            coach,
            author,
            supervision,
        } => safeguarding::supervision_recorded(&at, id, coach, author, supervision),
        OpBody::CheckedIn {
            id,
            young_person,
            check_in,
        } => safeguarding::checked_in(&at, id, young_person, check_in),
        OpBody::CheckedOut {
            id,
            young_person,
            at: when,
        } => safeguarding::checked_out(&at, id, young_person, when),
        OpBody::SafetyPlanSet {
            young_person,
            plan,
            base,
        } => safeguarding::safety_plan_set(&at, young_person, plan, base),
        OpBody::ConcernUpdated {
            id,
            concern,
            young_person,
            author,
            step,
        } => safeguarding::concern_updated(&at, id, concern, young_person, author, step),
        OpBody::MissingEpisodeRecorded {
            id,
            young_person,
            episode,
        } => safeguarding::missing_episode_recorded(&at, id, young_person, episode),
        OpBody::MissingEpisodeEdited {
            id, episode, base, ..
        } => safeguarding::missing_episode_edited(&at, id, episode, base),
        OpBody::ChronologyNoted {
            id,
            young_person,
            entry,
        } => chronology::chronology_noted(&at, id, young_person, entry),
        OpBody::ChronologyCurated {
            young_person,
            curation,
        } => chronology::chronology_curated(&at, young_person, curation),
        OpBody::ActivityPlanned {
            id,
            young_person,
            activity,
        } => plans::activity_planned(&at, id, young_person, activity),
        OpBody::ActivityEdited {
            id, activity, base, ..
        } => plans::activity_edited(&at, id, activity, base),
        OpBody::ResidentialPlanned {
            id,
            young_person,
            residential,
        } => plans::residential_planned(&at, id, young_person, residential),
        OpBody::ResidentialEdited {
            id,
            residential,
            base,
            ..
        } => plans::residential_edited(&at, id, residential, base),
        OpBody::RiskAssessed {
            plan,
            young_person,
            assessment,
            request_sign_off,
        } => plans::risk_assessed(&at, plan, young_person, assessment, request_sign_off),
        OpBody::SessionPlanned {
            id,
            young_person,
            plan,
        } => plans::session_planned(&at, id, young_person, plan),
        OpBody::RiskSignedOff {
            plan,
            young_person,
            sign_off,
        } => plans::risk_signed_off(&at, plan, young_person, sign_off),
        OpBody::AuthoritySet {
            young_person,
            area,
            authority,
        } => young_people::authority_set(&at, young_person, area, authority),
        OpBody::GoalAgreed {
            id,
            young_person,
            goal,
        } => goals::goal_agreed(&at, id, young_person, goal),
        OpBody::GoalEdited { id, goal, base, .. } => goals::goal_edited(&at, id, goal, base),
        OpBody::GoalRated {
            id,
            goal,
            young_person,
            rating,
        } => goals::goal_rated(&at, id, goal, young_person, rating),
        OpBody::OutcomeChecked {
            young_person,
            check,
        } => goals::outcome_checked(&at, young_person, check),
        OpBody::CommentAdded {
            id,
            session,
            author,
            text,
        } => sessions::comment_added(&at, id, session, author, text),
        OpBody::DeviceNamed {
            device,
            person_name,
            device_name,
            ..
        } => names::device_named(&at, device, person_name, device_name),
    }
}

/// When the op was written, in UTC, from its clock stamp.
pub(super) fn written_at(op: &Op) -> String {
    DateTime::from_timestamp_millis(op.hlc.wall_ms as i64)
        .unwrap_or_default()
        .to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// Deletes every row that comes from the op log (the op log and the device's keys stay).
pub(crate) fn clear(tx: &Transaction<'_>) -> StoreResult<()> {
    for table in tables() {
        match table.clear {
            Clear::All => tx.execute_batch(&format!("DELETE FROM {}", table.name))?,
            Clear::Where(condition) => {
                tx.execute_batch(&format!("DELETE FROM {} WHERE {condition}", table.name))?;
            }
            Clear::Never => {}
        }
    }
    Ok(())
}

impl Store {
    /// Every materialised row as text, table by table in id order: for tests that compare
    /// tables (the rebuild property) and for diagnosing a store.
    pub fn dump_tables(&self) -> StoreResult<Vec<String>> {
        let mut out = Vec::new();
        for (table, order) in tables().filter_map(|t| Some((t.name, t.dump?))) {
            let mut stmt = self
                .conn
                .prepare(&format!("SELECT * FROM {table} ORDER BY {order}"))?;
            let columns = stmt.column_count();
            let mut rows = stmt.query([])?;
            while let Some(row) = rows.next()? {
                let values: Vec<String> = (0..columns)
                    .map(|i| row.get_ref(i).map(|v| format!("{v:?}")))
                    .collect::<Result<_, _>>()?;
                out.push(format!("{table}: {}", values.join(" | ")));
            }
        }
        let mut stmt = self.conn.prepare("SELECT s.id, n.body FROM note_search n JOIN sessions s ON s.rowid = n.rowid ORDER BY s.id")?;
        let rows = stmt.query_map([], |r| {
            Ok(format!(
                "note_search: {} | {}",
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?
            ))
        })?;
        for row in rows {
            out.push(row?);
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn the_registry_names_every_table_the_migrations_make() {
        let mut conn = rusqlite::Connection::open_in_memory().unwrap();
        crate::migrate::migrate(&mut conn).unwrap();
        let mut stmt = conn
            .prepare(
                "SELECT name FROM sqlite_master WHERE type = 'table'
                 AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'note_search_%'",
            )
            .unwrap();
        let made: BTreeSet<String> = stmt
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let listed: BTreeSet<String> = tables().map(|t| t.name.to_owned()).collect();
        assert_eq!(listed.len(), tables().count(), "a table is listed twice");
        assert_eq!(
            made.difference(&listed).collect::<Vec<_>>(),
            Vec::<&String>::new(),
            "tables the migrations make that the registry does not list"
        );
        assert_eq!(
            listed.difference(&made).collect::<Vec<_>>(),
            Vec::<&String>::new(),
            "tables the registry lists that no migration makes"
        );
    }

    #[test]
    fn clearing_empties_the_rebuilt_rows_and_keeps_the_device_rows_of_meta() {
        let mut conn = rusqlite::Connection::open_in_memory().unwrap();
        crate::migrate::migrate(&mut conn).unwrap();
        conn.execute(
            "INSERT INTO meta (key, value) VALUES ('person_name', 'Sam'), ('kept', 'yes')",
            [],
        )
        .unwrap();
        let tx = conn.transaction().unwrap();
        clear(&tx).unwrap();
        tx.commit().unwrap();
        let left: Vec<String> = conn
            .prepare("SELECT key FROM meta ORDER BY key")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(left, vec!["kept".to_owned()]);
    }
}
