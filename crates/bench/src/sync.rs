//! Sync figures: a new device pulling a coach's whole history, a sync with nothing to do, and
//! the service's push and pull requests per second on loopback, over SQLite and PostgreSQL.

use anyhow::{Context, Result, anyhow};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use insideout_app::sync::SharedApp;
use insideout_app::testkit;
use insideout_app::{App, SystemClock};
use insideout_crypto::{DeviceKeys, ScopeKey};
use insideout_domain::hlc::Hlc;
use insideout_domain::ids::{DeviceId, YoungPersonId};
use insideout_protocol::api::*;
use insideout_protocol::{BatchHeader, PROTOCOL_VERSION, Priority, Scope, sha256_hex};
use insideout_server::admin;
use insideout_server::api::{Config, Service, system_clock};
use insideout_server::db::Database;
use insideout_server::kit::Organisation;
use insideout_server::serve::spawn_local;
use insideout_sync::Engine;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub struct SyncPlan {
    pub sessions: usize,
    pub note_bytes: usize,
    pub empty_syncs: usize,
    pub load_seconds: f64,
}

pub const FULL: SyncPlan = SyncPlan {
    sessions: 5_000,
    note_bytes: 2_000,
    empty_syncs: 50,
    load_seconds: 5.0,
};

pub const QUICK: SyncPlan = SyncPlan {
    sessions: 60,
    note_bytes: 200,
    empty_syncs: 5,
    load_seconds: 0.5,
};

/// Sync and service figures, printed as they are measured.
pub fn run(plan: &SyncPlan, durations: &mut Vec<(String, Vec<Duration>)>) -> Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    runtime.block_on(async {
        devices(plan, durations).await?;
        let sqlite_dir = tempfile::tempdir()?;
        let sqlite = insideout_server::db::sqlite::SqliteDb::open(&sqlite_dir.path().join("s.db"))?;
        service_load("SQLite", sqlite, plan).await?;
        match insideout_server::local_postgres::LocalPostgres::start() {
            Ok(pg) => {
                let url = pg.create_database("bench").await.map_err(|e| anyhow!(e))?;
                let db = insideout_server::db::postgres::PostgresDb::connect(&url, 8)?;
                service_load("PostgreSQL", db, plan).await?;
            }
            Err(e) => println!("PostgreSQL: not measured ({e})"),
        }
        Ok(())
    })
}

async fn organisation<D: Database + Clone>(db: &D) -> Result<(String, Organisation)> {
    db.migrate().await?;
    let org = Organisation::create(
        db,
        "bench",
        &[("coach", "coach-1"), ("supervisor", "sup-1")],
        system_clock()(),
    )
    .await?;
    let service = Service::new(
        db.clone(),
        Config {
            requests_per_second: 1_000_000,
            ..Config::default()
        },
        system_clock(),
    );
    Ok((format!("http://{}", spawn_local(service).await?), org))
}

async fn code<D: Database>(db: &D, person: &str) -> Result<String> {
    let p = admin::person_by_label(db, person).await?;
    Ok(admin::enrolment_code(db, p.id, 1, system_clock()()).await?)
}

fn device_app(dir: &std::path::Path, name: &str) -> Result<SharedApp> {
    let mut app = App::new(testkit::config(dir), Arc::new(SystemClock));
    app.create_profile(testkit::profile(name))?;
    Ok(SharedApp(Arc::new(Mutex::new(app))))
}

async fn enrol_and_approve<D: Database>(
    db: &D,
    (url, org): (&str, &Organisation),
    app: &SharedApp,
    person: &str,
) -> Result<()> {
    let engine = Engine::new();
    engine
        .enrol(app, url, &code(db, person).await?, &org.fingerprint())
        .await?;
    let id = app
        .0
        .lock()
        .map_err(|_| anyhow!("poisoned"))?
        .store_for_inspection()?
        .device();
    // The organisation key approves it; the device fetches the record and confirms it.
    org.approve(db, id, system_clock()()).await?;
    engine.sync_once(app).await?;
    engine.confirm_approval(app).await?;
    Ok(())
}

/// A note of about `bytes` bytes that differs from session to session.
/// The ops a device has to send: its op log without its profile op, which stays on it.
fn own_ops(app: &SharedApp) -> Result<u64> {
    Ok(app
        .0
        .lock()
        .map_err(|_| anyhow!("poisoned"))?
        .store_for_inspection()?
        .op_count()?
        - 1)
}

fn note_text(i: usize, bytes: usize) -> String {
    let words = [
        "We",
        "met",
        "at",
        "the",
        "leisure",
        "centre",
        "and",
        "talked",
        "about",
        "college",
        "placement",
        "friends",
        "budgeting",
        "cooking",
        "her",
        "brother",
        "court",
        "football",
    ];
    let mut out = format!("Session {i}. ");
    let mut n = i;
    while out.len() < bytes {
        n = n.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        out.push_str(words[(n >> 33) % words.len()]);
        out.push(' ');
    }
    out
}

async fn devices(plan: &SyncPlan, durations: &mut Vec<(String, Vec<Duration>)>) -> Result<()> {
    let dir = tempfile::tempdir()?;
    let db = insideout_server::db::sqlite::SqliteDb::open(&dir.path().join("service.db"))?;
    let (url, org) = organisation(&db).await?;
    let phone = device_app(&dir.path().join("phone"), "Coach")?;
    enrol_and_approve(&db, (&url, &org), &phone, "coach-1").await?;

    // A coach's history: sessions with notes, spread over three young people.
    let started = Instant::now();
    {
        let mut app = phone.0.lock().map_err(|_| anyhow!("poisoned"))?;
        let mut people = Vec::new();
        for name in ["Jay", "Sam", "Kai"] {
            people.push(
                app.add_young_person(insideout_app::dto::YoungPersonInput {
                    referral_date: "2025-06-01".into(),
                    start_date: "2025-06-01".into(),
                    planned_end_date: "2026-11-30".into(),
                    ..testkit::young_person_input(name)
                })?
                .profile
                .id,
            );
        }
        let first = chrono::NaiveDate::from_ymd_opt(2025, 6, 2).context("date")?;
        for i in 0..plan.sessions {
            let day = first + chrono::Days::new((i / 12) as u64);
            let hour = [8, 11, 14, 17][(i / 3) % 4];
            let session = app.record_session(testkit::session_input(
                &people[i % 3],
                &format!("{day}T{hour:02}:00"),
                &format!("{day}T{:02}:00", hour + 1),
            ))?;
            app.save_draft(
                &session.id,
                &format!("bench-{i}"),
                testkit::note(&note_text(i, plan.note_bytes)),
            )?;
        }
    }
    let generated = started.elapsed();
    let engine = Engine::new();
    let started = Instant::now();
    let pushed = engine.sync_once(&phone).await?;
    let push_time = started.elapsed();
    let ops = own_ops(&phone)?;
    let bytes: u64 = ["service.db", "service.db-wal"]
        .iter()
        .map(|f| std::fs::metadata(dir.path().join(f)).map_or(0, |m| m.len()))
        .sum();
    println!(
        "Sync: {ops} ops from {} sessions with notes of about {} bytes, generated in {:.1} s; \
         pushed as {} batches in {:.2} s; service file {:.1} MB",
        plan.sessions,
        plan.note_bytes,
        generated.as_secs_f64(),
        pushed.pushed_batches,
        push_time.as_secs_f64(),
        bytes as f64 / 1e6
    );

    let laptop = device_app(&dir.path().join("laptop"), "Coach")?;
    enrol_and_approve(&db, (&url, &org), &laptop, "coach-1").await?;
    // The phone wraps the case keys for the newly approved laptop on its next sync.
    let shared = engine.sync_once(&phone).await?;
    if shared.envelopes_uploaded == 0 {
        return Err(anyhow!("the phone shared no keys with the new laptop"));
    }
    // That sync also sent the phone's name for colleagues, one op in each case it now holds a
    // key for: the laptop receives those too.
    let sent = own_ops(&phone)?;
    let started = Instant::now();
    let pulled = engine.sync_once(&laptop).await?;
    let pull_time = started.elapsed();
    if pulled.received_ops as u64 != sent {
        return Err(anyhow!(
            "the new device received {} ops of {sent} ({ops} records and {} names)",
            pulled.received_ops,
            sent - ops
        ));
    }
    println!(
        "New device: pulled and applied {} ops in {} requests in {:.2} s (budget: under 2 s for 10,000 ops): \
         {:.2} s waiting on pulls, {:.2} s checking and decrypting, {:.2} s storing and applying",
        pulled.received_ops,
        pulled.requests,
        pull_time.as_secs_f64(),
        pulled.pull_network.as_secs_f64(),
        pulled.pull_verify.as_secs_f64(),
        pulled.pull_store.as_secs_f64()
    );
    durations.push((
        format!("New device pulls {} ops", pulled.received_ops),
        vec![pull_time],
    ));

    // The laptop's first sync after the pull sends its own name to each case; after that it has
    // nothing to do.
    engine.sync_once(&laptop).await?;
    let mut empty = Vec::with_capacity(plan.empty_syncs);
    for _ in 0..plan.empty_syncs {
        let started = Instant::now();
        let report = engine.sync_once(&laptop).await?;
        empty.push(started.elapsed());
        if report.requests != 1 {
            return Err(anyhow!(
                "a sync with nothing to do made {} requests",
                report.requests
            ));
        }
    }
    empty.sort();
    let empty_p50 = empty[empty.len() / 2];
    durations.push(("Sync with nothing to do (1 request)".into(), empty));

    // The same documents replicated with PouchDB and express-pouchdb, side by side.
    let docs: Vec<serde_json::Value> = phone
        .0
        .lock()
        .map_err(|_| anyhow!("poisoned"))?
        .store_for_inspection()?
        .ops()?
        .iter()
        .filter(|op| op.body.kind() != "profile_created")
        .map(|op| {
            let mut doc = serde_json::to_value(op)?;
            doc["_id"] = serde_json::Value::String(op.id.to_string());
            Ok(doc)
        })
        .collect::<Result<_>>()?;
    let file = dir.path().join("pouchdb-docs.json");
    std::fs::write(&file, serde_json::to_vec(&docs)?)?;
    let repeats = plan.empty_syncs;
    match tokio::task::spawn_blocking(move || pouchdb(&file, repeats)).await? {
        Ok(pouch) => {
            let mut noop = pouch.noop_ms.clone();
            noop.sort_by(f64::total_cmp);
            let noop_p50 = noop.get(noop.len() / 2).copied().unwrap_or(f64::NAN);
            let ours = |d: Duration| d.as_secs_f64() * 1e3;
            println!(
                "PouchDB {} with express-pouchdb ({} adapter), the same {} documents ({:.1} MB of op JSON), one run:",
                pouch.pouchdb,
                pouch.adapter,
                pouch.docs,
                pouch.bytes as f64 / 1e6
            );
            for (what, theirs, ours) in [
                ("push everything", pouch.push_ms, ours(push_time)),
                (
                    "new device pulls everything",
                    pouch.pull_ms,
                    ours(pull_time),
                ),
                ("sync with nothing to do, p50", noop_p50, ours(empty_p50)),
            ] {
                println!(
                    "  {what}: PouchDB {theirs:.1} ms, Inside Out {ours:.1} ms (encrypted, signed, checked): PouchDB takes {:.1}× as long",
                    theirs / ours
                );
            }
        }
        Err(e) => println!("PouchDB comparison: not measured ({e:#})"),
    }
    Ok(())
}

/// What `bench/pouchdb/replicate.mjs` prints.
#[derive(serde::Deserialize)]
struct PouchFigures {
    docs: u64,
    bytes: u64,
    push_ms: f64,
    pull_ms: f64,
    noop_ms: Vec<f64>,
    adapter: String,
    pouchdb: String,
}

/// Replicates the documents in `file` with PouchDB through express-pouchdb on loopback,
/// installing the locked npm packages first when they are missing.
fn pouchdb(file: &std::path::Path, repeats: usize) -> Result<PouchFigures> {
    use std::process::Command;
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../bench/pouchdb");
    if !dir.join("node_modules").is_dir() {
        let status = Command::new("npm")
            .args([
                "ci",
                "--no-audit",
                "--no-fund",
                "--loglevel=error",
                "--prefix",
            ])
            .arg(&dir)
            .status()
            .context("running npm (Node.js 20 or newer is needed)")?;
        if !status.success() {
            return Err(anyhow!("npm ci in bench/pouchdb failed ({status})"));
        }
    }
    let out = Command::new("node")
        .arg(dir.join("replicate.mjs"))
        .arg(file)
        .arg(repeats.to_string())
        .output()
        .context("running node")?;
    if !out.status.success() {
        return Err(anyhow!(
            "replicate.mjs failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    serde_json::from_slice(&out.stdout).context("reading replicate.mjs's figures")
}

/// A device enrolled by hand, for load: its keys, token and next batch number.
struct LoadDevice {
    id: DeviceId,
    keys: DeviceKeys,
    token: String,
    next: AtomicU64,
    scope: Scope,
}

async fn load_device<D: Database>(db: &D, http: &reqwest::Client, url: &str) -> Result<LoadDevice> {
    let keys = DeviceKeys::generate()?;
    let id = DeviceId::from_uuid(uuid::Uuid::now_v7());
    let response: EnrolResponse = http
        .post(format!("{url}/v1/enrol"))
        .json(&EnrolRequest {
            version: PROTOCOL_VERSION,
            code: code(db, "coach-1").await?,
            device: id,
            age_recipient: keys.age_recipient(),
            signing_key: keys.signing_public_hex(),
        })
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    db.set_device_status(id, DeviceStatus::Approved).await?;
    Ok(LoadDevice {
        id,
        keys,
        token: response.token,
        next: AtomicU64::new(1),
        scope: Scope::Case(YoungPersonId::from_uuid(uuid::Uuid::now_v7())),
    })
}

fn batch(device: &LoadDevice, key: &ScopeKey, seq: u64) -> Result<PushRequest> {
    let ciphertext = key.seal(format!("{{\"version\":1,\"ops\":[],\"n\":{seq}}}").as_bytes())?;
    let hlc = Hlc {
        wall_ms: system_clock()(),
        counter: 0,
        device: device.id,
    };
    let header = BatchHeader {
        version: PROTOCOL_VERSION,
        scope: device.scope,
        device: device.id,
        device_seq: seq,
        hlc_first: hlc,
        hlc_last: hlc,
        op_count: 1,
        key_epoch: 1,
        priority: Priority::Routine,
        ciphertext_sha256: sha256_hex(&ciphertext),
    };
    Ok(PushRequest {
        signature: hex::encode(device.keys.sign(&header.signing_bytes())),
        header,
        ciphertext: B64.encode(&ciphertext),
    })
}

/// Requests a second: eight clients on loopback, each sending the next request as soon as the
/// last one is answered, for `load_seconds`.
async fn service_load<D: Database + Clone>(name: &str, db: D, plan: &SyncPlan) -> Result<()> {
    let (url, _org) = organisation(&db).await?;
    let http = reqwest::Client::new();
    let key = Arc::new(ScopeKey::generate(1));
    let mut devices = Vec::new();
    for _ in 0..8 {
        devices.push(Arc::new(load_device(&db, &http, &url).await?));
    }
    for (what, push) in [("push", true), ("pull", false)] {
        let deadline = Instant::now() + Duration::from_secs_f64(plan.load_seconds);
        let done = Arc::new(AtomicU64::new(0));
        let mut tasks = Vec::new();
        for device in &devices {
            let (device, key, http, url, done) = (
                device.clone(),
                key.clone(),
                http.clone(),
                url.clone(),
                done.clone(),
            );
            tasks.push(tokio::spawn(async move {
                while Instant::now() < deadline {
                    let request = if push {
                        let seq = device.next.fetch_add(1, Ordering::Relaxed);
                        http.post(format!("{url}/v1/push"))
                            .json(&batch(&device, &key, seq)?)
                    } else {
                        http.post(format!("{url}/v1/pull")).json(&PullRequest {
                            version: PROTOCOL_VERSION,
                            cursors: vec![],
                            limit: 10,
                            directory_after: i64::MAX as u64,
                        })
                    };
                    request
                        .bearer_auth(&device.token)
                        .send()
                        .await?
                        .error_for_status()?;
                    done.fetch_add(1, Ordering::Relaxed);
                }
                anyhow::Ok(())
            }));
        }
        let started = Instant::now();
        for task in tasks {
            task.await??;
        }
        let rate = done.load(Ordering::Relaxed) as f64 / started.elapsed().as_secs_f64();
        println!(
            "Service on {name}: {rate:.0} {what} requests/s (8 clients, loopback; budget at least 1,000) — {}",
            if rate >= 1000.0 { "pass" } else { "UNDER" }
        );
    }
    Ok(())
}
