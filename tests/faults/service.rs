//! The service killed with SIGKILL and started again while a device pushes, and PostgreSQL
//! restarted under load while the service keeps running: nothing acknowledged is lost, nothing
//! is stored twice, and the service's connection pool recovers by itself.

use crate::assert_no_duplicates;
use crate::harness::{Device, Org, settle, young_person_input};
use insideout_server::api::{Config, Service, system_clock};
use insideout_server::db::Database;
use insideout_server::db::sqlite::SqliteDb;
use insideout_server::kit::Organisation;
use insideout_tests::faults::{Random, note_text, runs, session_times};
use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const WORKER: &str = env!("CARGO_BIN_EXE_insideout-fault-worker");

/// The service in a process of its own, over a SQLite file, on a fixed loopback port.
struct ServiceProcess(Child);

impl ServiceProcess {
    fn start(database: &Path, port: u16) -> Self {
        let mut child = Command::new(WORKER)
            .args(["serve", &database.to_string_lossy(), &port.to_string()])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("starting the service");
        let stdout = child.stdout.take().expect("its output");
        let mut line = String::new();
        std::io::BufReader::new(stdout)
            .read_line(&mut line)
            .expect("the service's first line");
        assert_eq!(line.trim(), "serving", "the service did not start");
        Self(child)
    }

    fn kill(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

impl Drop for ServiceProcess {
    fn drop(&mut self) {
        self.kill();
    }
}

/// An organisation whose service runs in a process of its own, with a coach's phone and a
/// supervisor enrolled and approved.
struct Served {
    org: Org,
    database: PathBuf,
    port: u16,
    service: ServiceProcess,
    phone: Device,
    sup: Device,
}

impl Served {
    async fn start() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let database: PathBuf = dir.path().join("service.db");
        let db = SqliteDb::open(&database).unwrap();
        db.migrate().await.unwrap();
        let org = Organisation::create(
            &db,
            "north",
            &[("coach", "coach-1"), ("supervisor", "sup-1")],
            system_clock()(),
        )
        .await
        .unwrap();
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .unwrap()
            .port();
        let service = ServiceProcess::start(&database, port);
        let org = Org {
            dir,
            db,
            url: format!("http://127.0.0.1:{port}"),
            org,
        };
        let phone = Device::new("Alex");
        let sup = Device::new("Sam");
        phone.enrol(&org, "coach-1").await;
        sup.enrol(&org, "sup-1").await;
        org.approve(&phone).await;
        org.approve(&sup).await;
        Self {
            org,
            database,
            port,
            service,
            phone,
            sup,
        }
    }
}

/// Records a session with a finalised note on `device`; returns its id.
fn session(device: &Device, young_person: &str, index: u32) -> String {
    let (start, end) = session_times(index);
    let id = device.record_session(young_person, &start, &end);
    device.draft(&id, "n", &note_text(index));
    device
        .with(|app| app.finalise(&id).map(|_| ()))
        .expect("finalised");
    id
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_service_killed_and_restarted_mid_push_loses_nothing() {
    let kills = runs("FAULT_SERVICE_KILLS", 12);
    let mut random = Random::from_env("service killed mid-push");
    let Served {
        org,
        database: _,
        port,
        mut service,
        phone,
        sup,
    } = Served::start().await;
    let jay = phone.add_young_person("Jay");
    settle(&[&phone, &sup]).await;

    let mut recorded = Vec::new();
    // How long a sync of four sessions takes here: the kills are spread over that time.
    for i in 0..4 {
        recorded.push(session(&phone, &jay, 6_000 + i));
    }
    let started = Instant::now();
    phone.sync().await;
    let span = started.elapsed().as_micros() as u64;
    let mut failed = 0;
    for kill in 0..kills {
        for i in 0..4 {
            recorded.push(session(&phone, &jay, (kill * 4 + i) as u32));
        }
        // The sync starts; the service is killed a moment later, somewhere in the sync.
        let delay = Duration::from_micros(random.below(span + 1));
        let (result, ()) = tokio::join!(phone.try_sync(), async {
            tokio::time::sleep(delay).await;
            service.kill();
        });
        if result.is_err() {
            failed += 1;
        }
        service = ServiceProcess::start(&org.db_path(), port);
        let _ = sup.try_sync().await;
    }
    settle(&[&phone, &sup]).await;
    assert_eq!(
        sup.tables(),
        phone.tables(),
        "the supervisor differs from the phone"
    );
    for id in &recorded {
        let s = sup
            .with(|app| app.session(id))
            .expect("every session arrived");
        assert_eq!(s.status, insideout_app::dto::NoteStatus::Finalised);
    }
    let ops = assert_no_duplicates(&phone) + assert_no_duplicates(&sup);
    assert_eq!(phone.with(|app| app.sync_status().unwrap()).waiting, 0);
    drop(service);
    crate::report(
        "service killed mid-push",
        &[
            ("kills", kills),
            ("syncs cut off", failed),
            ("sessions recorded", recorded.len()),
            ("ops checked", ops),
            ("lost", 0),
            ("duplicated", 0),
        ],
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgresql_restarted_under_load_and_the_pool_recovers_by_itself() {
    use insideout_server::db::postgres::PostgresDb;
    use insideout_server::local_postgres::LocalPostgres;
    let pg = LocalPostgres::start().expect("a PostgreSQL cluster");
    let url = pg.create_database("faults").await.expect("a database");
    let db = PostgresDb::connect(&url, 8).expect("a pool");
    db.migrate().await.expect("migrated");
    let org = Organisation::create(
        &db,
        "north",
        &[("coach", "coach-1"), ("supervisor", "sup-1")],
        system_clock()(),
    )
    .await
    .unwrap();
    let service = Service::new(
        db.clone(),
        Config {
            requests_per_second: 10_000,
            ..Config::default()
        },
        system_clock(),
    );
    let addr = insideout_server::serve::spawn_local(service).await.unwrap();
    let url = format!("http://{addr}");
    let phone = Device::new("Alex");
    let sup = Device::new("Sam");
    for (device, person) in [(&phone, "coach-1"), (&sup, "sup-1")] {
        let code = org.code(&db, person, system_clock()()).await.unwrap();
        device
            .engine
            .enrol(&device.access(), &url, &code, &org.fingerprint())
            .await
            .unwrap();
        org.approve(&db, device.id(), system_clock()())
            .await
            .unwrap();
        device.sync().await;
        device
            .engine
            .confirm_approval(&device.access())
            .await
            .unwrap();
    }
    let jay = phone
        .with(|app| app.add_young_person(young_person_input("Jay")).unwrap())
        .profile
        .id;
    settle(&[&phone, &sup]).await;

    // Load: the phone records and syncs, the supervisor pulls, while PostgreSQL restarts.
    let mut recorded = Vec::new();
    let restart = tokio::task::spawn_blocking(move || {
        std::thread::sleep(Duration::from_millis(300));
        pg.restart_immediately().expect("restarted");
        pg
    });
    let mut failed_during = 0;
    let mut index = 0;
    while !restart.is_finished() {
        recorded.push(session(&phone, &jay, index));
        index += 1;
        for device in [&phone, &sup] {
            if device.try_sync().await.is_err() {
                failed_during += 1;
            }
        }
    }
    let pg = restart.await.expect("the restart");
    // The same service, never restarted: its pool gives up dead connections and opens new
    // ones, so the first sync after the restart goes through.
    phone
        .try_sync()
        .await
        .expect("the service answers on the first sync after PostgreSQL restarted");
    for _ in 0..10 {
        recorded.push(session(&phone, &jay, index));
        index += 1;
        phone.sync().await;
        sup.sync().await;
    }
    settle(&[&phone, &sup]).await;
    assert_eq!(
        sup.tables(),
        phone.tables(),
        "the supervisor differs from the phone"
    );
    for id in &recorded {
        sup.with(|app| app.session(id))
            .expect("every session arrived");
    }
    let ops = assert_no_duplicates(&phone) + assert_no_duplicates(&sup);
    drop(pg);
    crate::report(
        "PostgreSQL restarted under load",
        &[
            ("restarts", 1),
            ("syncs that failed during it", failed_during),
            ("sessions recorded", recorded.len()),
            ("ops checked", ops),
            ("lost", 0),
            ("duplicated", 0),
        ],
    );
}

/// The service's database is restored from a backup taken before the latest pushes, as an
/// operator would after losing the disk: the devices send again what the service lost, and the
/// supervisor, whose cursor was past the restored head, reads the case again from the start.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_service_restored_from_an_older_backup_gets_back_everything_it_lost() {
    let Served {
        org,
        database,
        port,
        mut service,
        phone,
        sup,
    } = Served::start().await;
    let jay = phone.add_young_person("Jay");
    let before: Vec<String> = (0..3).map(|i| session(&phone, &jay, i)).collect();
    settle(&[&phone, &sup]).await;
    // From here only the service process touches its database.
    let Org { dir, db, .. } = org;
    drop(db);
    // The backup: a consistent copy of the service's database as it is now.
    let backup = dir.path().join("backup.db");
    rusqlite::Connection::open(&database)
        .unwrap()
        .execute("VACUUM INTO ?1", [backup.to_string_lossy()])
        .unwrap();
    let lost: Vec<String> = (3..8).map(|i| session(&phone, &jay, i)).collect();
    settle(&[&phone, &sup]).await;
    assert!(
        sup.with(|app| app.session(&lost[4])).is_ok(),
        "the supervisor had them"
    );
    // The disk is lost; the service comes back from the backup.
    service.kill();
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", database.display()));
    }
    std::fs::copy(&backup, &database).unwrap();
    service = ServiceProcess::start(&database, port);
    // The supervisor syncs first: the case's head is now behind its cursor.
    let pulled = sup.try_sync().await.expect("the supervisor syncs");
    assert!(
        pulled.rewound_scopes >= 1,
        "the supervisor's cursor stayed ahead: {pulled:?}"
    );
    let after: Vec<String> = (8..10).map(|i| session(&phone, &jay, i)).collect();
    let report = phone
        .try_sync()
        .await
        .expect("the phone sends again what was lost");
    assert!(
        report.resent_batches >= 1,
        "nothing was sent again: {report:?}"
    );
    settle(&[&phone, &sup]).await;
    assert_eq!(
        sup.tables(),
        phone.tables(),
        "the supervisor differs from the phone"
    );
    for id in before.iter().chain(&lost).chain(&after) {
        sup.with(|app| app.session(id))
            .expect("every session is on the supervisor's device");
    }
    let ops = assert_no_duplicates(&phone) + assert_no_duplicates(&sup);
    let conn = rusqlite::Connection::open(&database).unwrap();
    let batches: i64 = conn
        .query_row(
            "SELECT count(*) FROM batches WHERE device_id = ?1",
            [phone.id().to_string()],
            |r| r.get(0),
        )
        .unwrap();
    let top: i64 = conn
        .query_row(
            "SELECT max(device_seq) FROM batches WHERE device_id = ?1",
            [phone.id().to_string()],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        batches, top,
        "the service holds a gap in the phone's batches"
    );
    drop(service);
    crate::report(
        "service restored from an older backup",
        &[
            ("sessions lost by the service", lost.len()),
            ("batches sent again", report.resent_batches),
            ("scopes read again", pulled.rewound_scopes),
            ("ops checked", ops),
            ("lost", 0),
            ("duplicated", 0),
        ],
    );
}
