//! Command-line options and environment of the desktop app.

use insideout_app::demo::DemoSize;
use insideout_app::dto::{ActionInput, AppState, CaseDiscussionInput, CreateProfileInput};
use insideout_app::{App, AppConfig, WorkFactor};
use std::path::PathBuf;

/// The demo profile's passphrase (printed in the README; demo data only).
pub const DEMO_PASSPHRASE: &str = "demo passphrase";

const HELP: &str = "Inside Out Coach

USAGE: insideout-desktop [--demo | --demo-supervisor] [--data-dir DIR]

  --demo             open a demo profile (passphrase: \"demo passphrase\") with three young
                     people and 18 months of history, kept apart from real data, in a demo team:
                     a second coach with two young people, and a supervisor
  --demo-supervisor  open the demo team's supervisor (after --demo has set the team up once)
  --data-dir DIR     keep the encrypted store in DIR (with --demo: the demo's folder)

ENVIRONMENT:
  INSIDEOUT_DATA_DIR           as --data-dir
  INSIDEOUT_IDLE_LOCK_MINUTES  lock after this many idle minutes (default 5)
  INSIDEOUT_WORK_FACTOR        scrypt work factor, log2 N (default 18; tests use less)";

#[derive(Debug)]
pub struct Options {
    pub config: AppConfig,
    pub demo: bool,
    /// The window is the demo team's supervisor rather than its coach.
    pub demo_supervisor: bool,
    /// The demo's folder: the coach's store, the demo service and the colleagues' devices.
    pub demo_root: PathBuf,
}

impl Options {
    pub fn from_env_and_args(args: impl Iterator<Item = String>) -> Result<Self, String> {
        let mut demo = false;
        let mut demo_supervisor = false;
        let mut data_dir = std::env::var_os("INSIDEOUT_DATA_DIR").map(PathBuf::from);
        let mut args = args.peekable();
        while let Some(arg) = args.next() {
            match arg.as_str() {
                "--demo" => demo = true,
                "--demo-supervisor" => {
                    demo = true;
                    demo_supervisor = true;
                }
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
        let demo_root = data_dir.clone();
        let data_dir = if demo_supervisor {
            colleague_dir(&demo_root, "supervisor")
        } else {
            data_dir
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
        Ok(Self {
            config,
            demo,
            demo_supervisor,
            demo_root,
        })
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

/// Where a colleague of the demo coach keeps their device's store, inside the demo's folder.
fn colleague_dir(root: &std::path::Path, who: &str) -> PathBuf {
    root.join("demo-team").join(who)
}

/// Unlocks the demo team's supervisor, which `--demo` set up.
pub fn prepare_demo_supervisor(app: &mut App) -> Result<(), String> {
    match app.status().state {
        AppState::NoProfile => Err(
            "the demo team is not set up yet: run with --demo once first, then --demo-supervisor"
                .into(),
        ),
        AppState::Locked => app
            .unlock(DEMO_PASSPHRASE)
            .map(|_| ())
            .map_err(|e| e.to_string()),
        AppState::Unlocked => Ok(()),
    }
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
pub async fn connect_demo_service(
    app: &insideout_app::sync::SharedApp,
    root: &std::path::Path,
) -> Result<(), String> {
    use insideout_server::api::{Config, Service, system_clock};
    use insideout_server::db::Database;
    use insideout_sync::StoreAccess;

    let dir = root.join("demo-service");
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
            &[
                ("coach", "demo-coach"),
                ("coach", "demo-coach-2"),
                ("supervisor", "demo-supervisor"),
            ],
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
        demo_colleagues(&org, &db, &url, root, app).await?;
    }
    eprintln!("demo: syncing with the demo service at {url}");
    Ok(())
}

/// The demo coach's colleagues, each a device of its own inside the demo's folder, enrolled
/// and approved like the demo coach's: a second coach with two young people of their own, and
/// a supervisor (`--demo-supervisor` opens it). Everyone syncs until the supervisor holds both
/// coaches' cases; the supervisor confirms the demo coach's cases and leaves the second
/// coach's to confirm.
async fn demo_colleagues(
    org: &insideout_server::kit::Organisation,
    db: &insideout_server::db::sqlite::SqliteDb,
    url: &str,
    root: &std::path::Path,
    coach: &insideout_app::sync::SharedApp,
) -> Result<(), String> {
    use insideout_app::sync::SharedApp;
    use insideout_server::api::system_clock;
    use insideout_sync::StoreAccess;
    use std::sync::{Arc, Mutex};

    let err = |e: &dyn std::fmt::Display| e.to_string();
    let config = coach
        .0
        .lock()
        .map_err(|_| "the app's lock was poisoned")?
        .config()
        .clone();
    let make = |who: &str, name: &str| -> Result<SharedApp, String> {
        let mut app = App::new(
            AppConfig {
                data_dir: colleague_dir(root, who),
                ..config.clone()
            },
            Arc::new(insideout_app::SystemClock),
        );
        app.create_profile(CreateProfileInput {
            coach_name: name.into(),
            passphrase: DEMO_PASSPHRASE.into(),
            passphrase_confirm: DEMO_PASSPHRASE.into(),
        })
        .map_err(|e| err(&e))?;
        Ok(SharedApp(Arc::new(Mutex::new(app))))
    };
    let second = make("coach-2", "Priya Shah")?;
    second
        .0
        .lock()
        .map_err(|_| "the app's lock was poisoned")?
        .fill_demo_second_coach(DemoSize::FULL)
        .map_err(|e| err(&e))?;
    let supervisor = make("supervisor", "Dee Hart")?;
    let engine = insideout_sync::Engine::new();
    let now = system_clock()();
    for (app, person) in [(&second, "demo-coach-2"), (&supervisor, "demo-supervisor")] {
        let code = org.code(db, person, now).await.map_err(|e| err(&e))?;
        engine
            .enrol(app, url, &code, &org.fingerprint())
            .await
            .map_err(|e| err(&e))?;
        let device = app
            .with_store(|store| Ok(store.device()))
            .map_err(|e| err(&e))?;
        org.approve(db, device, now).await.map_err(|e| err(&e))?;
        engine.sync_once(app).await.map_err(|e| err(&e))?;
        engine.confirm_approval(app).await.map_err(|e| err(&e))?;
    }
    // Keys travel one sync behind the batches that need them.
    for _ in 0..3 {
        for app in [coach, &second, &supervisor] {
            engine.sync_once(app).await.map_err(|e| err(&e))?;
        }
    }
    let overview = supervisor
        .0
        .lock()
        .map_err(|_| "the app's lock was poisoned")?
        .team_overview()
        .map_err(|e| err(&e))?;
    for team_coach in overview.coaches.iter().filter(|c| c.name == "Demo Coach") {
        let person = team_coach.person_id.parse().map_err(|e| err(&e))?;
        for case in &team_coach.young_people {
            let young_person = case.id.parse().map_err(|e| err(&e))?;
            engine
                .allocate_case(&supervisor, young_person, person)
                .await
                .map_err(|e| err(&e))?;
        }
    }
    // The demo coach had formal supervision three weeks ago; the second coach is due theirs.
    if let Some(team_coach) = overview.coaches.iter().find(|c| c.name == "Demo Coach") {
        let today = chrono::Local::now().date_naive();
        let on = today - chrono::Days::new(21);
        supervisor
            .0
            .lock()
            .map_err(|_| "the app's lock was poisoned")?
            .record_supervision(
                &team_coach.person_id,
                CaseDiscussionInput {
                    on: on.to_string(),
                    discussed: "Caseload and hours: Jay's evening sessions, Sam's placement \
                                move, and time off in lieu after the residential."
                        .into(),
                    decisions: "Two evenings a week with Jay until the college start. \
                                Take the time off in lieu next week."
                        .into(),
                    actions: vec![ActionInput {
                        what: "Book the safeguarding refresher".into(),
                        owner: "Demo Coach".into(),
                        due: (today + chrono::Days::new(5)).to_string(),
                    }],
                },
            )
            .map_err(|e| err(&e))?;
    }
    for app in [&supervisor, coach] {
        engine.sync_once(app).await.map_err(|e| err(&e))?;
    }
    eprintln!("demo: a team of two coaches and a supervisor (--demo-supervisor opens it)");
    Ok(())
}
