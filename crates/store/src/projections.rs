//! The one list of the store's tables, and what each is: materialised from the op log (cleared
//! and rebuilt, and compared between devices), or the device's own state (never rebuilt).
//! [`clear`] and [`Store::dump_tables`](crate::Store::dump_tables) go over it, and a test checks
//! it against the tables the migrations create: a new table that is not listed here fails it.

use crate::StoreResult;
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

/// Every table, in an order that can be cleared front to back (rows that point at others first).
pub(crate) const TABLES: &[Table] = &[
    // The search index is dumped apart, joined to its sessions (its rowids are local).
    Table {
        name: "note_search",
        clear: Clear::All,
        dump: None,
    },
    rebuilt("conflicts", "op_id, field"),
    rebuilt("concerns", "id"),
    rebuilt("missing_episodes", "id"),
    rebuilt("chronology_notes", "id"),
    rebuilt("chronology_curation", "young_person_id, entry_key"),
    rebuilt("goals", "id"),
    rebuilt("goal_ratings", "id"),
    rebuilt("outcome_checks", "young_person_id, month"),
    rebuilt("delegated_authority", "young_person_id, area"),
    rebuilt("activities", "id"),
    rebuilt("residentials", "id"),
    rebuilt("risk_assessments", "plan_id"),
    rebuilt("risk_sign_offs", "plan_id"),
    rebuilt("planned_sessions", "id"),
    rebuilt("comments", "id"),
    rebuilt("addenda", "id"),
    rebuilt("note_revisions", "id"),
    rebuilt("sessions", "id"),
    rebuilt("contacts", "id"),
    rebuilt("placements", "id"),
    rebuilt("young_people", "id"),
    // Rebuilt, but not compared: each device reads a different set of cases, so it learns a
    // different set of colleagues' names.
    Table {
        name: "colleague_names",
        clear: Clear::All,
        dump: None,
    },
    // The person's own name comes from the profile op; the other rows are the device's.
    Table {
        name: "meta",
        clear: Clear::Where("key = 'person_name'"),
        dump: Some("key"),
    },
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

/// Deletes every row that comes from the op log (the op log and the device's keys stay).
pub(crate) fn clear(tx: &Transaction<'_>) -> StoreResult<()> {
    for table in TABLES {
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
        let listed: BTreeSet<String> = TABLES.iter().map(|t| t.name.to_owned()).collect();
        assert_eq!(listed.len(), TABLES.len(), "a table is listed twice");
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
