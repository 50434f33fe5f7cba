//! The thin Tauri v2 shell of Inside Out Coach: window glue and a list of commands, each of which
//! takes the shared [`insideout_app::App`], calls one use-case and maps its error to
//! `{code, message, field}`. Behaviour lives in `insideout-app` and below.
//!
//! `run()` is shared by the desktop `main` and the mobile entry point.

#[cfg(test)]
mod bindings;
mod commands;
mod options;
mod sync;

use commands::Shared;
use insideout_app::{App, SystemClock};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tauri::{Emitter, Manager};

/// How often the shell checks the idle lock.
const IDLE_CHECK: Duration = Duration::from_secs(5);

#[cfg_attr(mobile, tauri::mobile_entry_point)]
pub fn run() {
    let options = match options::Options::from_env_and_args(std::env::args().skip(1)) {
        Ok(options) => options,
        Err(message) => {
            eprintln!("{message}");
            std::process::exit(2);
        }
    };
    let mut app = App::new(options.config.clone(), Arc::new(SystemClock));
    let prepared = match (options.demo, options.demo_supervisor) {
        (true, true) => options::prepare_demo_supervisor(&mut app),
        (true, false) => options::prepare_demo(&mut app),
        (false, _) => Ok(()),
    };
    if let Err(e) = prepared {
        eprintln!("could not prepare the demo data: {e}");
        std::process::exit(1);
    }
    let shared = Shared(Arc::new(Mutex::new(app)));
    let ticker = shared.0.clone();
    let syncing = shared.clone();
    let trigger = sync::SyncTrigger::default();
    if options.demo
        && let Err(e) = tauri::async_runtime::block_on(options::connect_demo_service(
            &syncing,
            &options.demo_root,
        ))
    {
        eprintln!("the demo service could not start: {e}; the app works offline");
    }

    tauri::Builder::default()
        .manage(shared)
        .manage(trigger.clone())
        .setup(move |tauri_app| {
            let handle = tauri_app.handle().clone();
            sync::start(handle.clone(), syncing, trigger);
            std::thread::spawn(move || {
                loop {
                    std::thread::sleep(IDLE_CHECK);
                    let status = {
                        let mut app = ticker.lock().unwrap_or_else(|p| p.into_inner());
                        app.lock_if_idle().then(|| app.status())
                    };
                    if let Some(status) = status {
                        let _ = handle.emit("locked", status);
                    }
                }
            });
            if let Some(window) = tauri_app.get_webview_window("main") {
                let _ = window.set_title("Inside Out Coach");
            }
            Ok(())
        })
        .invoke_handler(commands::handler())
        .run(tauri::generate_context!())
        .unwrap_or_else(|e| {
            eprintln!("the window could not start: {e}");
            std::process::exit(1);
        });
}
