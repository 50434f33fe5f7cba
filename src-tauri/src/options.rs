//! Command-line options and environment of the desktop app.

use insideout_app::demo::DemoSize;
use insideout_app::dto::{AppState, CreateProfileInput};
use insideout_app::{App, AppConfig, WorkFactor};
use std::path::PathBuf;

/// The demo profile's passphrase (printed in the README; demo data only).
pub const DEMO_PASSPHRASE: &str = "demo passphrase";

const HELP: &str = "Inside Out Coach

USAGE: insideout-desktop [--demo] [--data-dir DIR]

  --demo           open a demo profile (passphrase: \"demo passphrase\") with three young people
                   and 18 months of history, kept apart from real data
  --data-dir DIR   keep the encrypted store in DIR

ENVIRONMENT:
  INSIDEOUT_DATA_DIR           as --data-dir
  INSIDEOUT_IDLE_LOCK_MINUTES  lock after this many idle minutes (default 5)
  INSIDEOUT_WORK_FACTOR        scrypt work factor, log2 N (default 18; tests use less)";

#[derive(Debug)]
pub struct Options {
    pub config: AppConfig,
    pub demo: bool,
}

impl Options {
    pub fn from_env_and_args(args: impl Iterator<Item = String>) -> Result<Self, String> {
        let mut demo = false;
        let mut data_dir = std::env::var_os("INSIDEOUT_DATA_DIR").map(PathBuf::from);
        let mut args = args.peekable();
        while let Some(arg) = args.next() {
            match arg.as_str() {
                "--demo" => demo = true,
                "--data-dir" => {
                    data_dir = Some(args.next().ok_or("--data-dir needs a directory")?.into())
                }
                "--help" | "-h" => return Err(HELP.into()),
                other => return Err(format!("unknown option {other}\n\n{HELP}")),
            }
        }
        let data_dir = match data_dir {
            Some(dir) => dir,
            None => default_data_dir(demo)?,
        };
        let mut config = AppConfig::new(data_dir);
        if let Ok(minutes) = std::env::var("INSIDEOUT_IDLE_LOCK_MINUTES") {
            let minutes: i64 = minutes
                .parse()
                .map_err(|_| "INSIDEOUT_IDLE_LOCK_MINUTES must be a whole number of minutes")?;
            config.idle_lock = chrono::TimeDelta::minutes(minutes.max(1));
        }
        // Printable and calendar files: the user's Downloads folder, unless told otherwise.
        config.exports = std::env::var_os("INSIDEOUT_EXPORT_DIR")
            .map(PathBuf::from)
            .or_else(|| {
                std::env::var_os("HOME")
                    .map(|h| PathBuf::from(h).join("Downloads"))
                    .filter(|d| d.is_dir())
            });
        if let Ok(factor) = std::env::var("INSIDEOUT_WORK_FACTOR") {
            config.work_factor = factor
                .parse()
                .ok()
                .and_then(WorkFactor::new)
                .ok_or("INSIDEOUT_WORK_FACTOR must be between 10 and 22")?;
        }
        Ok(Self { config, demo })
    }
}

fn default_data_dir(demo: bool) -> Result<PathBuf, String> {
    let base = std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))
        .ok_or("cannot find a place for the data: set INSIDEOUT_DATA_DIR or use --data-dir")?;
    Ok(base.join(if demo {
        "insideout-coach-demo"
    } else {
        "insideout-coach"
    }))
}

/// Creates (first time) or unlocks the demo profile, and fills it with demo data.
pub fn prepare_demo(app: &mut App) -> Result<(), String> {
    match app.status().state {
        AppState::NoProfile => {
            app.create_profile(CreateProfileInput {
                coach_name: "Demo Coach".into(),
                passphrase: DEMO_PASSPHRASE.into(),
                passphrase_confirm: DEMO_PASSPHRASE.into(),
            })
            .map_err(|e| e.to_string())?;
            let summary = app.fill_demo(DemoSize::FULL).map_err(|e| e.to_string())?;
            eprintln!(
                "demo: {} young people, {} sessions; passphrase \"{DEMO_PASSPHRASE}\"",
                summary.young_people, summary.sessions
            );
        }
        AppState::Locked => {
            app.unlock(DEMO_PASSPHRASE).map_err(|e| e.to_string())?;
        }
        AppState::Unlocked => {}
    }
    Ok(())
}

/// Starts the demo's own service on loopback (SQLite beside the demo data, a demo organisation
/// with one team) and enrols and approves this device, so the demo syncs out of the box. The
/// recovery identity is written beside it: demo data only.
pub async fn connect_demo_service(app: &insideout_app::sync::SharedApp) -> Result<(), String> {
    use insideout_server::api::{Config, Service, system_clock};
    use insideout_server::db::Database;
    use insideout_sync::StoreAccess;

    let data_dir = {
        let guard = app.0.lock().map_err(|_| "the app's lock was poisoned")?;
        guard.config().data_dir.clone()
    };
    let dir = data_dir.join("demo-service");
    insideout_app::private_files::create_private_dir(&dir).map_err(|e| e.to_string())?;
    let db = insideout_server::db::sqlite::SqliteDb::open(&dir.join("service.db"))
        .map_err(|e| e.to_string())?;
    db.migrate().await.map_err(|e| e.to_string())?;
    let now = system_clock()();
    // The demo makes its own organisation (key and recovery identity, kept beside the demo
    // data, readable by their owner only): demo data only.
    let mut organisation = None;
    if db.org().await.map_err(|e| e.to_string())?.is_none() {
        let org = insideout_server::kit::Organisation::create(
            &db,
            "demo-team",
            &[("coach", "demo-coach"), ("supervisor", "demo-supervisor")],
            now,
        )
        .await
        .map_err(|e| e.to_string())?;
        // The organisation's secrets, even for a demo: readable by their owner only.
        for (name, text) in [
            ("recovery-identity.txt", org.recovery.to_secret_text()),
            ("org-key.txt", org.key.to_secret_text().to_string()),
        ] {
            insideout_app::private_files::write_private_atomically(
                &dir.join(name),
                text.as_bytes(),
            )
            .map_err(|e| e.to_string())?;
        }
        organisation = Some(org);
    }
    let service = Service::new(db.clone(), Config::default(), system_clock());
    let addr = insideout_server::serve::spawn_local(service)
        .await
        .map_err(|e| e.to_string())?;
    let url = format!("http://{addr}");
    let enrolled = app
        .with_store(|store| Ok(store.sync_get("token")?.is_some()))
        .map_err(|e| e.to_string())?;
    if enrolled {
        // The demo service listens on a new port each run.
        app.with_store(|store| Ok(store.sync_set("service", &url)?))
            .map_err(|e| e.to_string())?;
    } else if let Some(org) = organisation {
        let code = org
            .code(&db, "demo-coach", now)
            .await
            .map_err(|e| e.to_string())?;
        let engine = insideout_sync::Engine::new();
        engine
            .enrol(app, &url, &code, &org.fingerprint())
            .await
            .map_err(|e| e.to_string())?;
        let device = app
            .with_store(|store| Ok(store.device()))
            .map_err(|e| e.to_string())?;
        // The demo's organisation approves its own coach's device, and the device confirms
        // it, as a coach would after comparing the fingerprint.
        org.approve(&db, device, now)
            .await
            .map_err(|e| e.to_string())?;
        engine.sync_once(app).await.map_err(|e| e.to_string())?;
        engine
            .confirm_approval(app)
            .await
            .map_err(|e| e.to_string())?;
    }
    eprintln!("demo: syncing with the demo service at {url}");
    Ok(())
}
