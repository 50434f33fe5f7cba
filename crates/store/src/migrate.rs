//! Append-only migrations, tracked by `PRAGMA user_version`.

use crate::StoreResult;
use rusqlite::Connection;

const MIGRATIONS: &[&str] = &[
    include_str!("../../../migrations/client/0001_init.sql"),
    include_str!("../../../migrations/client/0002_sync.sql"),
    include_str!("../../../migrations/client/0003_comments.sql"),
    include_str!("../../../migrations/client/0004_merging.sql"),
    include_str!("../../../migrations/client/0005_missing.sql"),
    include_str!("../../../migrations/client/0006_chronology.sql"),
    include_str!("../../../migrations/client/0007_timers.sql"),
    include_str!("../../../migrations/client/0008_goals.sql"),
    include_str!("../../../migrations/client/0009_authority.sql"),
    include_str!("../../../migrations/client/0010_activities.sql"),
    include_str!("../../../migrations/client/0011_residentials.sql"),
];

/// Applies every migration newer than the file's `user_version`, each in its own transaction.
pub(crate) fn migrate(conn: &mut Connection) -> StoreResult<()> {
    let current: usize = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(current) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        if index == 1 {
            // Ops written before sync learn their scope from the tables.
            tx.execute(
                &format!("UPDATE ops SET scope = {}", crate::sync::SCOPE_OF_OP),
                [],
            )?;
        }
        tx.pragma_update(None, "user_version", index + 1)?;
        tx.commit()?;
    }
    Ok(())
}
