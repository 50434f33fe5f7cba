//! Append-only migrations, tracked by `PRAGMA user_version`.

use crate::StoreResult;
use rusqlite::{Connection, Transaction};

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
    include_str!("../../../migrations/client/0012_directory.sql"),
    include_str!("../../../migrations/client/0013_drop_roster.sql"),
    include_str!("../../../migrations/client/0014_seen_heads.sql"),
    include_str!("../../../migrations/client/0015_colleague_names.sql"),
    include_str!("../../../migrations/client/0016_concern_steps.sql"),
    include_str!("../../../migrations/client/0017_safety_plans.sql"),
    include_str!("../../../migrations/client/0018_check_ins.sql"),
    include_str!("../../../migrations/client/0019_case_discussions.sql"),
    include_str!("../../../migrations/client/0020_supervisions.sql"),
    include_str!("../../../migrations/client/0021_referrals.sql"),
];

/// Applies every migration newer than the file's `user_version`, each in its own transaction.
pub(crate) fn migrate(conn: &mut Connection) -> StoreResult<()> {
    let current: usize = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(current) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        if index == 1 {
            backfill_scopes(&tx)?;
        }
        tx.pragma_update(None, "user_version", index + 1)?;
        tx.commit()?;
    }
    Ok(())
}

/// Ops written before sync learn their scope, from the same match in `domain` that places every
/// new op ([`insideout_domain::op::OpBody::place`]).
fn backfill_scopes(tx: &Transaction<'_>) -> StoreResult<()> {
    let rows: Vec<(String, String)> = {
        let mut stmt = tx.prepare("SELECT id, body FROM ops")?;
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?
    };
    let mut update = tx.prepare("UPDATE ops SET scope = ?2 WHERE id = ?1")?;
    for (id, body) in rows {
        let body: insideout_domain::op::OpBody = serde_json::from_str(&body)?;
        update.execute((id, crate::sync::scope_of_op(tx, &body)?))?;
    }
    Ok(())
}
