//! An in-process service with an organisation, and devices that are real apps (real SQLCipher
//! stores, real age keys) syncing over loopback HTTP.

use chrono::{DateTime, FixedOffset};
use insideout_app::dto::*;
use insideout_app::sync::SharedApp;
use insideout_app::testkit::{self, config, note, profile, session_input};
use insideout_app::{App, ManualClock};
use insideout_crypto::RecoveryIdentity;
use insideout_domain::ids::DeviceId;
use insideout_server::api::{Config, Service, system_clock};
use insideout_server::db::Database;
use insideout_server::db::sqlite::SqliteDb;
use insideout_server::kit::Organisation;
use insideout_server::serve::spawn_local;
use insideout_sync::{Engine, StoreAccess, SyncReport, SyncResult};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

pub struct Org {
    pub dir: tempfile::TempDir,
    pub db: SqliteDb,
    pub url: String,
    pub org: Organisation,
}

impl Org {
    /// A service with team `north`: coaches `coach-1` and `coach-2`, supervisor `sup-1` and
    /// the on-call supervisor `sup-2`.
    pub async fn start() -> Self {
        Self::start_with(Config {
            requests_per_second: 10_000,
            ..Config::default()
        })
        .await
    }

    /// The same, with the service configured as `config` says.
    pub async fn start_with(config: Config) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let db = SqliteDb::open(&dir.path().join("service.db")).unwrap();
        db.migrate().await.unwrap();
        let org = Organisation::create(
            &db,
            "north",
            &[
                ("coach", "coach-1"),
                ("coach", "coach-2"),
                ("supervisor", "sup-1"),
                ("supervisor", "sup-2"),
            ],
            system_clock()(),
        )
        .await
        .unwrap();
        let service = Service::new(db.clone(), config, system_clock());
        let addr = spawn_local(service).await.unwrap();
        Self {
            dir,
            db,
            url: format!("http://{addr}"),
            org,
        }
    }

    pub async fn code(&self, person: &str) -> String {
        self.org
            .code(&self.db, person, system_clock()())
            .await
            .unwrap()
    }

    /// The directory id of the person the administrator labelled `label`.
    pub async fn person_id(&self, label: &str) -> insideout_domain::ids::PersonId {
        insideout_server::admin::person_by_label(&self.db, label)
            .await
            .unwrap()
            .id
    }

    pub fn recovery(&self) -> &RecoveryIdentity {
        &self.org.recovery
    }

    /// The organisation key approves a device (the CLI's `devices approve`), and the device's
    /// owner, having compared codes, confirms it on the device.
    pub async fn approve(&self, device: &Device) {
        self.org
            .approve(&self.db, device.id(), system_clock()())
            .await
            .unwrap();
        device.sync().await;
        device
            .engine
            .confirm_approval(&device.access())
            .await
            .unwrap();
    }

    pub fn db_path(&self) -> PathBuf {
        self.dir.path().join("service.db")
    }
}

/// Syncs every device until none of them receives or sends anything new (keys travel one
/// sync behind the batches that need them).
pub async fn settle(devices: &[&Device]) {
    for _ in 0..4 {
        for d in devices {
            d.sync().await;
        }
    }
}

/// The person a device is enrolled as.
pub fn person_of(d: &Device) -> insideout_domain::ids::PersonId {
    d.with(|app| {
        insideout_sync::Enrolment::load(app.store_for_inspection().unwrap())
            .unwrap()
            .unwrap()
            .person
    })
}

pub fn now() -> DateTime<FixedOffset> {
    chrono::Utc::now().fixed_offset()
}

/// A device: a real app with its own data directory.
pub struct Device {
    pub dir: tempfile::TempDir,
    pub app: SharedApp,
    pub engine: Engine,
    /// The app's clock: tests move it to see what time does (an overdue acknowledgement).
    pub clock: Arc<ManualClock>,
    /// When set, the store refuses access after this many more uses (a crash mid-sync).
    pub fail_after: Arc<Mutex<Option<usize>>>,
}

/// The device's store access, with an optional injected failure.
pub struct Access<'a>(&'a Device);

impl StoreAccess for Access<'_> {
    fn with_store<R>(
        &self,
        f: impl FnOnce(&mut insideout_store::Store) -> SyncResult<R>,
    ) -> SyncResult<R> {
        {
            let mut fail = self.0.fail_after.lock().unwrap();
            if let Some(n) = fail.as_mut() {
                if *n == 0 {
                    return Err(insideout_sync::SyncError::Offline(
                        "the app stopped (simulated crash)".into(),
                    ));
                }
                *n -= 1;
            }
        }
        self.0.app.with_store(f)
    }

    fn now_ms(&self) -> u64 {
        self.0.app.now_ms()
    }

    fn wipe(&self) -> SyncResult<()> {
        self.0.app.wipe()
    }
}

impl Device {
    pub fn new(name: &str) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let clock = Arc::new(ManualClock::new(now()));
        let mut app = App::new(config(dir.path()), clock.clone());
        app.create_profile(profile(name)).unwrap();
        Self {
            dir,
            app: SharedApp(Arc::new(Mutex::new(app))),
            engine: Engine::new(),
            clock,
            fail_after: Arc::new(Mutex::new(None)),
        }
    }

    pub fn access(&self) -> Access<'_> {
        Access(self)
    }

    pub fn with<R>(&self, f: impl FnOnce(&mut App) -> R) -> R {
        f(&mut self.app.0.lock().unwrap())
    }

    pub fn id(&self) -> DeviceId {
        self.with(|app| app.store_for_inspection().unwrap().device())
    }

    pub async fn enrol(&self, org: &Org, person: &str) {
        let code = org.code(person).await;
        self.engine
            .enrol(&self.access(), &org.url, &code, &org.org.fingerprint())
            .await
            .unwrap();
    }

    pub async fn sync(&self) -> SyncReport {
        self.engine.sync_once(&self.access()).await.unwrap()
    }

    pub async fn try_sync(&self) -> SyncResult<SyncReport> {
        self.engine.sync_once(&self.access()).await
    }

    /// Every materialised row, without the rows that name this device or its user.
    pub fn tables(&self) -> Vec<String> {
        self.with(|app| {
            app.store_for_inspection()
                .unwrap()
                .dump_tables()
                .unwrap()
                .into_iter()
                .filter(|row| !row.starts_with("meta:"))
                .collect()
        })
    }

    pub fn add_young_person(&self, name: &str) -> String {
        self.with(|app| app.add_young_person(young_person_input(name)).unwrap())
            .profile
            .id
    }

    pub fn record_session(&self, young_person: &str, start: &str, end: &str) -> String {
        self.with(|app| {
            app.record_session(session_input(young_person, start, end))
                .unwrap()
        })
        .id
    }

    pub fn draft(&self, session: &str, sitting: &str, text: &str) {
        self.with(|app| app.save_draft(session, sitting, note(text)).unwrap());
    }
}

/// A young person whose intervention runs from September 2025 to February 2027, around the
/// real clock these tests run on.
pub fn young_person_input(name: &str) -> YoungPersonInput {
    YoungPersonInput {
        send: false,
        send_details: String::new(),
        referral_criteria: vec!["looked_after".into()],
        risk_indicators: vec!["missing".into()],
        referral_date: "2025-08-20".into(),
        start_date: "2025-09-01".into(),
        planned_end_date: "2027-02-28".into(),
        ..testkit::young_person_input(name)
    }
}
