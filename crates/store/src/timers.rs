//! Session timers: device-local state (not records), so they are kept outside the op log. A
//! timer survives closing the app and locking because it is only a start time in the store.

use crate::{Store, StoreResult};
use insideout_domain::ids::YoungPersonId;
use rusqlite::OptionalExtension;

impl Store {
    /// Starts a timer for a young person; a timer already running keeps its start.
    pub fn start_timer(&self, young_person: YoungPersonId, started_at: &str) -> StoreResult<()> {
        self.conn.execute(
            "INSERT OR IGNORE INTO timers (young_person_id, started_at) VALUES (?1, ?2)",
            (young_person.to_string(), started_at),
        )?;
        Ok(())
    }

    pub fn clear_timer(&self, young_person: YoungPersonId) -> StoreResult<()> {
        self.conn.execute(
            "DELETE FROM timers WHERE young_person_id = ?1",
            [young_person.to_string()],
        )?;
        Ok(())
    }

    /// When the young person's timer started (local time), if one is running.
    pub fn timer(&self, young_person: YoungPersonId) -> StoreResult<Option<String>> {
        Ok(self
            .conn
            .query_row(
                "SELECT started_at FROM timers WHERE young_person_id = ?1",
                [young_person.to_string()],
                |r| r.get(0),
            )
            .optional()?)
    }
}
