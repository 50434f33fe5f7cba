//! Background sync, from `insideout_sync::background`: spawned here, and each finished attempt
//! emits `sync` with the status line the header shows.

use insideout_app::sync::SharedApp;
use insideout_sync::Engine;
use insideout_sync::background::{self, Trigger};
use tauri::{AppHandle, Emitter};

/// Wakes the background sync.
#[derive(Debug, Clone, Default)]
pub struct SyncTrigger(pub Trigger);

pub fn start(handle: AppHandle, app: SharedApp, trigger: SyncTrigger) {
    tauri::async_runtime::spawn(async move {
        let engine = Engine::new();
        background::run(&engine, &app, &trigger.0, |_, _| {
            let status = {
                let mut guard = app.0.lock().unwrap_or_else(|p| p.into_inner());
                guard.sync_status().ok()
            };
            if let Some(status) = status {
                let _ = handle.emit("sync", status);
            }
        })
        .await;
    });
}
