//! The background sync loop every shell runs: whenever the app is unlocked and enrolled, sync
//! every half minute, at once when woken, and after a failure wait with backoff. The shell only
//! spawns it and shows what each attempt came to.

use crate::{Backoff, Engine, StoreAccess, SyncError, SyncReport};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;

/// How often a healthy, idle app syncs.
pub const INTERVAL: Duration = Duration::from_secs(30);

/// The first attempt waits this long after start, so the window opens first.
pub const FIRST: Duration = Duration::from_secs(1);

/// Wakes the loop for an attempt now (a change was made, "Sync now" was pressed).
#[derive(Debug, Clone, Default)]
pub struct Trigger(Arc<Notify>);

impl Trigger {
    pub fn wake(&self) {
        self.0.notify_one();
    }
}

/// What one attempt came to.
#[derive(Debug)]
pub enum Attempt {
    Synced(SyncReport),
    /// Locked, or not enrolled: nothing to do until the person unlocks or enrols.
    Idle,
    /// Kept as the status's last error for the person to see; the next attempt waits longer.
    /// An unsigned `device_revoked` lands here too: it wipes nothing.
    Failed(SyncError),
}

/// Runs for ever: waits, syncs, and hands each attempt and the wait before the next to
/// `after` (which shows the status). Dropping the future stops it.
pub async fn run(
    engine: &Engine,
    access: &impl StoreAccess,
    trigger: &Trigger,
    mut after: impl FnMut(&Attempt, Duration) + Send,
) {
    let mut backoff = Backoff::default();
    let mut wait = FIRST;
    loop {
        tokio::select! {
            () = tokio::time::sleep(wait) => {}
            () = trigger.0.notified() => {}
        }
        let attempt = match engine.sync_once(access).await {
            Ok(report) => Attempt::Synced(report),
            Err(SyncError::Locked | SyncError::NotEnrolled) => Attempt::Idle,
            Err(e) => Attempt::Failed(e),
        };
        wait = match &attempt {
            Attempt::Synced(_) => {
                backoff.succeeded();
                INTERVAL
            }
            Attempt::Idle => INTERVAL,
            Attempt::Failed(_) => backoff.failed(),
        };
        after(&attempt, wait);
    }
}
