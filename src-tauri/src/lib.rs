//! The thin Tauri v2 shell of Inside Out Coach: window glue and a list of commands, each of which
//! takes the shared [`insideout_app::App`], calls one use-case and maps its error to
//! `{code, message, field}`. Behaviour lives in `insideout-app` and below.
//!
//! `run()` is shared by the desktop `main` and the mobile entry point.

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
    if options.demo
        && let Err(e) = options::prepare_demo(&mut app)
    {
        eprintln!("could not prepare the demo data: {e}");
        std::process::exit(1);
    }
    let shared = Shared(Arc::new(Mutex::new(app)));
    let ticker = shared.0.clone();
    let syncing = shared.clone();
    let trigger = sync::SyncTrigger::default();
    if options.demo
        && let Err(e) = tauri::async_runtime::block_on(options::connect_demo_service(&syncing))
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
        .invoke_handler(tauri::generate_handler![
            commands::app_status,
            commands::reference_data,
            commands::create_profile,
            commands::unlock,
            commands::lock,
            commands::touch,
            commands::change_passphrase,
            commands::caseload,
            commands::young_person,
            commands::acknowledge_readers,
            commands::add_young_person,
            commands::update_young_person,
            commands::set_phase,
            commands::close_intervention,
            commands::add_placement,
            commands::end_placement,
            commands::add_contact,
            commands::update_contact,
            commands::raise_concern,
            commands::record_missing_episode,
            commands::update_missing_episode,
            commands::chronology,
            commands::add_chronology_note,
            commands::curate_chronology,
            commands::start_timer,
            commands::discard_timer,
            commands::hours,
            commands::goals,
            commands::agree_goal,
            commands::update_goal,
            commands::rate_goal,
            commands::record_outcome_check,
            commands::set_authority,
            commands::plan_activity,
            commands::update_activity,
            commands::plan_residential,
            commands::update_residential,
            commands::residential,
            commands::assess_risk,
            commands::risk,
            commands::sign_off,
            commands::sign_offs,
            commands::trip_pack,
            commands::export_trip_pack,
            commands::plan_session,
            commands::cancel_planned_session,
            commands::agenda,
            commands::export_calendar,
            commands::remove_contact,
            commands::record_session,
            commands::session,
            commands::save_draft,
            commands::finalise,
            commands::merge_note,
            commands::add_addendum,
            commands::search,
            commands::sync_status,
            commands::sync_now,
            commands::enrol,
            commands::add_comment,
            commands::team_updates,
            commands::team_devices,
            commands::set_device,
            commands::confirm_approval,
            commands::send_set_aside_again,
        ])
        .run(tauri::generate_context!())
        .unwrap_or_else(|e| {
            eprintln!("the window could not start: {e}");
            std::process::exit(1);
        });
}
