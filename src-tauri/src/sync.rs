//! Background sync: whenever the app is unlocked and enrolled, sync every half minute, at once
//! when asked, and after a failure wait with backoff. Each finished attempt emits `sync` with the
//! status line the header shows.

use insideout_app::sync::SharedApp;
use insideout_sync::{Backoff, Engine, SyncError};
use std::sync::Arc;
use std::time::Duration;
use tauri::{AppHandle, Emitter};
use tokio::sync::Notify;

/// How often a healthy, idle app syncs.
const INTERVAL: Duration = Duration::from_secs(30);

/// Wakes the background sync.
#[derive(Debug, Clone, Default)]
pub struct SyncTrigger(pub Arc<Notify>);

pub fn start(handle: AppHandle, app: SharedApp, trigger: SyncTrigger) {
    tauri::async_runtime::spawn(async move {
        let engine = Engine::new();
        let mut backoff = Backoff::default();
        let mut wait = Duration::from_secs(1);
        loop {
            tokio::select! {
                () = tokio::time::sleep(wait) => {}
                () = trigger.0.notified() => {}
            }
            wait = match engine.sync_once(&app).await {
                Ok(_) => {
                    backoff.succeeded();
                    INTERVAL
                }
                // Nothing to do until the person unlocks or enrols: check again soon.
                Err(SyncError::Locked | SyncError::NotEnrolled) => INTERVAL,
                // An unsigned `device_revoked` wipes nothing: the error is kept as the status's
                // last error for the person to see, and sync keeps trying with backoff.
                Err(_) => backoff.failed(),
            };
            let status = {
                let mut guard = app.0.lock().unwrap_or_else(|p| p.into_inner());
                guard.sync_status().ok()
            };
            if let Some(status) = status {
                let _ = handle.emit("sync", status);
            }
        }
    });
}
