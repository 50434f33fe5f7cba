//! `kill -9` of a real process at random moments: while it saves notes, and while it syncs
//! (before a push is sent, while the service stores it, before the reply is read, between pull
//! pages, while applying, while sharing keys with a device approved meanwhile).

use crate::harness::{Device, Org, settle};
use insideout_app::testkit::{PASSPHRASE, config};
use insideout_app::{App, ManualClock};
use insideout_tests::faults::{Random, Told, note_text, runs, session_times};
use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

const WORKER: &str = env!("CARGO_BIN_EXE_insideout-fault-worker");

/// Starts the worker on `dir`, waits until it is working, lets it run for `after`, kills it
/// with SIGKILL and returns what it said.
fn run_and_kill(mode: &str, dir: &Path, young_person: &str, first: u32, after: Duration) -> Told {
    let mut child = Command::new(WORKER)
        .args([
            mode,
            &dir.to_string_lossy(),
            young_person,
            &first.to_string(),
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("starting the fault worker");
    let mut stdout = child.stdout.take().expect("the worker's output");
    let reader = std::thread::spawn(move || {
        let mut all = String::new();
        let _ = stdout.read_to_string(&mut all);
        all
    });
    // The worker unlocks first (a fast key derivation in tests): the clock for the kill starts
    // once it could be working, and the delay spreads kills over every step of its loop.
    std::thread::sleep(after);
    child.kill().expect("SIGKILL");
    let status = child.wait().expect("waiting for the worker");
    assert!(!status.success(), "the worker ended by itself: {status:?}");
    Told::parse(&reader.join().expect("the reader thread"))
}

/// Checks that every record `told` says was saved is in the store at `dir`, as it was saved,
/// that the tables are exactly what the op log gives, and that SQLite finds the file intact.
/// Returns how many ops it checked.
fn check_saved(dir: &Path, told: &Told) -> usize {
    let clock = Arc::new(ManualClock::new(chrono::Utc::now().fixed_offset()));
    let mut app = App::new(config(dir), clock);
    app.unlock(PASSPHRASE)
        .expect("the store opens after a kill");
    for (index, id) in &told.sessions {
        let session = app
            .session(id)
            .unwrap_or_else(|e| panic!("session {index} ({id}) was lost: {e}"));
        assert_eq!(session.start, session_times(*index).0, "session {index}");
    }
    for id in &told.drafted {
        let index = told.index_of(id).expect("a drafted session was recorded");
        let session = app.session(id).expect("a drafted session");
        assert_eq!(
            session.note.what_happened,
            note_text(index),
            "session {index}'s draft"
        );
    }
    for id in &told.finalised {
        let session = app.session(id).expect("a finalised session");
        assert_eq!(
            session.status,
            insideout_app::dto::NoteStatus::Finalised,
            "session {id} was finalised"
        );
    }
    let store = app.store_for_inspection().expect("unlocked");
    let integrity: String = store
        .connection()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("integrity check");
    assert_eq!(integrity, "ok");
    let ops = store.ops().expect("the op log").len();
    let tables = store.dump_tables().expect("tables");
    store.rebuild().expect("rebuild");
    assert_eq!(
        store.dump_tables().expect("tables"),
        tables,
        "the tables differ from what the op log gives: something was half-written"
    );
    ops
}

/// A coach's data folder with one young person, closed again: the worker opens it.
fn coach_folder() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().expect("a folder");
    let clock = Arc::new(ManualClock::new(chrono::Utc::now().fixed_offset()));
    let mut app = App::new(config(dir.path()), clock);
    app.create_profile(insideout_app::testkit::profile("Alex"))
        .expect("a profile");
    let young_person = app
        .add_young_person(insideout_app::testkit::young_person_input("Jay"))
        .expect("a young person")
        .profile
        .id;
    (dir, young_person)
}

#[test]
fn a_process_killed_while_saving_notes_keeps_everything_it_said_was_saved() {
    let mut random = Random::from_env("kill while saving");
    let runs = runs("FAULT_KILL_SAVE_RUNS", 30);
    let (dir, young_person) = coach_folder();
    let mut all = Told::default();
    let mut next = 0;
    let mut mid_save = 0;
    let mut ops = 0;
    for _ in 0..runs {
        let after = Duration::from_millis(40 + random.below(160));
        let told = run_and_kill("save", dir.path(), &young_person, next, after);
        if told.last.starts_with("session") || told.last.starts_with("draft") {
            mid_save += 1;
        }
        next = told.next_index(next);
        all.extend(told);
        ops = check_saved(dir.path(), &all);
    }
    assert!(
        !all.finalised.is_empty(),
        "no worker got as far as finalising a note: the kills came too early to test anything"
    );
    crate::report(
        "kill -9 while saving notes",
        &[
            ("runs", runs),
            ("kills", runs),
            ("kills between a record and its note", mid_save),
            ("sessions told saved", all.sessions.len()),
            ("notes told finalised", all.finalised.len()),
            ("ops checked", ops),
            ("lost", 0),
            ("duplicated", 0),
        ],
    );
}

/// The server's batches of one device, by device sequence: dense from 1, each once.
fn assert_dense_batches(org: &Org, device: &Device) -> usize {
    let conn = rusqlite::Connection::open(org.db_path()).expect("the service's database");
    let seqs: Vec<i64> = conn
        .prepare("SELECT device_seq FROM batches WHERE device_id = ?1 ORDER BY device_seq")
        .expect("query")
        .query_map([device.id().to_string()], |r| r.get(0))
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("rows");
    let expected: Vec<i64> = (1..=seqs.len() as i64).collect();
    assert_eq!(seqs, expected, "the service holds a gap or a repeat");
    seqs.len()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_process_killed_while_syncing_loses_nothing_and_applies_nothing_twice() {
    let mut random = Random::from_env("kill while syncing");
    let runs = runs("FAULT_KILL_SYNC_RUNS", 24);
    let org = Org::start().await;
    let phone = Device::new("Alex");
    let sup = Device::new("Sam");
    phone.enrol(&org, "coach-1").await;
    sup.enrol(&org, "sup-1").await;
    org.approve(&phone).await;
    org.approve(&sup).await;
    let young_person = phone.add_young_person("Jay");
    settle(&[&phone, &sup]).await;
    let dir = phone.dir.path().to_path_buf();
    // The worker is the phone: the in-process app lets go of the store while it runs.
    phone.with(|app| app.lock());
    let mut all = Told::default();
    let mut next = 0;
    let mut mid_sync = 0;
    let mut laptop = None;
    for run in 0..runs {
        if run == runs / 2 {
            // A device approved half way: the phone's next syncs share keys with it, and some
            // of them are killed while they do.
            let l = Device::new("Alex");
            l.enrol(&org, "coach-1").await;
            org.approve(&l).await;
            laptop = Some(l);
        }
        let after = Duration::from_millis(60 + random.below(400));
        let (dir, young_person) = (dir.clone(), young_person.clone());
        let told = tokio::task::spawn_blocking(move || {
            run_and_kill("sync", &dir, &young_person, next, after)
        })
        .await
        .expect("the worker's thread");
        if told.last == "sync-start" {
            mid_sync += 1;
        }
        next = told.next_index(next);
        all.extend(told);
        sup.sync().await;
    }
    assert!(all.synced > 0, "no sync finished between kills: {all:?}");
    // The phone comes back; everything settles.
    phone
        .with(|app| app.unlock(PASSPHRASE).map(|_| ()))
        .expect("the phone unlocks after the kills");
    let laptop = laptop.expect("a laptop");
    settle(&[&phone, &laptop, &sup]).await;
    phone.with(|app| app.lock());
    let ops = check_saved(&dir, &all);
    phone
        .with(|app| app.unlock(PASSPHRASE).map(|_| ()))
        .expect("unlocked");
    assert_eq!(phone.with(|app| app.sync_status().unwrap()).waiting, 0);
    let tables = phone.tables();
    for other in [&laptop, &sup] {
        let theirs = other.tables();
        let sessions = |rows: &[String]| {
            rows.iter()
                .filter(|r| r.starts_with("sessions:"))
                .cloned()
                .collect::<Vec<_>>()
        };
        assert_eq!(
            sessions(&theirs),
            sessions(&tables),
            "the sessions differ between devices"
        );
        let notes = |rows: &[String]| {
            rows.iter()
                .filter(|r| r.starts_with("note_revisions:"))
                .count()
        };
        assert_eq!(
            notes(&theirs),
            notes(&tables),
            "the note revisions differ between devices"
        );
    }
    // Every finalised note the phone said it wrote reached the supervisor, once.
    for id in &all.finalised {
        let session = sup
            .with(|app| app.session(id))
            .expect("on the supervisor's device");
        assert_eq!(session.status, insideout_app::dto::NoteStatus::Finalised);
    }
    crate::assert_no_duplicates(&sup);
    let duplicates = 0;
    let batches = assert_dense_batches(&org, &phone);
    crate::report(
        "kill -9 while syncing",
        &[
            ("runs", runs),
            ("kills", runs),
            ("kills during a sync", mid_sync),
            ("syncs finished", all.synced),
            ("sessions told saved", all.sessions.len()),
            ("batches on the service", batches),
            ("ops checked", ops),
            ("lost", 0),
            ("duplicated", duplicates),
        ],
    );
}
