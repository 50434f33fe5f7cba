//! The benchmark program: measures the local store through the app's own use-cases and prints
//! the figures recorded in `docs/benchmarks.md`, next to the budgets of DESIGN.md §8.
//!
//! `cargo run --release -p insideout-bench` for the full run (18 months of data for three young
//! people); `-- --quick` for a small run that only checks everything still works.

// Printing figures is this program's whole purpose.
#![allow(clippy::print_stdout)]

mod sync;

use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use chrono::{Local, TimeDelta};
use insideout_app::demo::DemoSize;
use insideout_app::dto::NoteBody;
use insideout_app::testkit::{self, PASSPHRASE, profile};
use insideout_app::{App, AppConfig, SystemClock, WorkFactor};
use insideout_domain::ids::{DeviceId, PersonId};
use rusqlite::Connection;

struct Plan {
    demo: DemoSize,
    sittings: usize,
    keystrokes_per_sitting: usize,
    caseload_repeats: usize,
    search_repeats: usize,
    throughput_ops: usize,
    directory_runs: usize,
}

const FULL: Plan = Plan {
    demo: DemoSize::FULL,
    sittings: 10,
    keystrokes_per_sitting: 100,
    caseload_repeats: 200,
    search_repeats: 50,
    throughput_ops: 3_000,
    directory_runs: 20,
};

const QUICK: Plan = Plan {
    demo: DemoSize {
        sessions_per_week: 1,
    },
    sittings: 2,
    keystrokes_per_sitting: 20,
    caseload_repeats: 10,
    search_repeats: 3,
    throughput_ops: 100,
    directory_runs: 2,
};

fn main() -> Result<()> {
    let quick = match std::env::args().nth(1).as_deref() {
        None => false,
        Some("--quick") => true,
        Some(other) => bail!("unknown option {other:?}; the only option is --quick"),
    };
    let plan = if quick { &QUICK } else { &FULL };
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    println!(
        "Inside Out Coach benchmarks ({} run, {} build, {cores} cores)\n",
        if quick { "quick" } else { "full" },
        if cfg!(debug_assertions) {
            "debug"
        } else {
            "release"
        },
    );

    let dir = tempfile::tempdir()?;
    let mut app = App::new(
        AppConfig::new(dir.path().join("profile")),
        Arc::new(SystemClock),
    );
    app.create_profile(profile("Benchmark Coach"))?;
    let started = Instant::now();
    let summary = app.fill_demo(plan.demo)?;
    let filled = started.elapsed();
    let ops = app.store_for_inspection()?.op_count()?;
    println!(
        "Data: {} young people, {} sessions, {ops} ops (generated in {:.1} s)\n",
        summary.young_people,
        summary.sessions,
        filled.as_secs_f64()
    );

    let mut table = Table::default();
    note_saves(&mut app, plan, &mut table)?;
    unlock_and_caseload(&mut app, plan, &mut table)?;
    search(&mut app, plan, &mut table)?;
    directory(plan, &mut table)?;
    team_page(plan, &mut table)?;
    table.print();
    println!();
    encrypted_against_plain(dir.path(), plan.throughput_ops)?;
    println!();
    let mut sync_times = Vec::new();
    sync::run(
        if quick { &sync::QUICK } else { &sync::FULL },
        &mut sync_times,
    )?;
    let mut table = Table::default();
    for (what, mut times) in sync_times {
        let budget = if what.starts_with("New device") {
            Some(Budget::Max(Duration::from_secs(2)))
        } else {
            Some(Budget::P99(Duration::from_millis(20)))
        };
        table.row(&what, &mut times, budget);
    }
    println!();
    table.print();
    Ok(())
}

/// Saving a note as it is typed: one save per keystroke, in sittings, on a new session.
fn note_saves(app: &mut App, plan: &Plan, table: &mut Table) -> Result<()> {
    let caseload = app.caseload()?;
    let person = caseload
        .young_people
        .first()
        .context("the demo made no young people")?;
    let yesterday = Local::now().date_naive() - TimeDelta::days(1);
    let session = app.record_session(testkit::session_input(
        &person.id,
        &format!("{yesterday}T21:00"),
        &format!("{yesterday}T22:30"),
    ))?;
    let sentence = "We walked along the seafront and talked about the week, the college course \
                    and who is safe to see. ";
    let mut text = String::new();
    let mut times = Vec::new();
    for sitting in 0..plan.sittings {
        let edit_id = format!("sitting-{sitting}");
        for keystroke in 0..plan.keystrokes_per_sitting {
            let index = (sitting * plan.keystrokes_per_sitting + keystroke) % sentence.len();
            text.push(sentence.as_bytes()[index] as char);
            let note = NoteBody {
                what_happened: text.clone(),
                voice: "\"I want to do the motor vehicle course.\"".into(),
                analysis: "More settled than last week.".into(),
                actions: "Coach to phone the college.".into(),
            };
            let started = Instant::now();
            app.save_draft(&session.id, &edit_id, note)?;
            times.push(started.elapsed());
        }
    }
    table.row(
        "Note save, one per keystroke (op log, tables, search index)",
        &mut times,
        Some(Budget::P99(Duration::from_millis(5))),
    );
    let saved = app.session(&session.id)?;
    if !saved
        .note
        .what_happened
        .ends_with(&text[text.len().saturating_sub(20)..])
    {
        bail!("the last keystroke was not saved");
    }
    Ok(())
}

/// Unlocking (the passphrase stretch, measured apart) and then opening the caseload.
fn unlock_and_caseload(app: &mut App, plan: &Plan, table: &mut Table) -> Result<()> {
    app.lock();
    let started = Instant::now();
    app.unlock(PASSPHRASE)?;
    let mut unlock = vec![started.elapsed()];
    table.row(
        &format!("Unlock (scrypt work factor {})", work_factor_log_n()),
        &mut unlock,
        None,
    );

    let started = Instant::now();
    let caseload = app.caseload()?;
    let mut first = vec![started.elapsed()];
    table.row(
        "Caseload, first open after unlock (key derivation excluded)",
        &mut first,
        Some(Budget::Max(Duration::from_millis(100))),
    );
    if caseload.young_people.is_empty() {
        bail!("the caseload is empty");
    }
    let mut again = Vec::new();
    for _ in 0..plan.caseload_repeats {
        let started = Instant::now();
        app.caseload()?;
        again.push(started.elapsed());
    }
    table.row(
        "Caseload, opened again",
        &mut again,
        Some(Budget::P99(Duration::from_millis(100))),
    );
    let id = caseload.young_people[0].id.clone();
    let mut page = Vec::new();
    for _ in 0..plan.caseload_repeats.min(50) {
        let started = Instant::now();
        let detail = app.young_person(&id)?;
        page.push(started.elapsed());
        if detail.sessions.is_empty() {
            bail!("the young person has no sessions");
        }
    }
    table.row(
        "Young person page (profile and every session)",
        &mut page,
        None,
    );
    let from = (chrono::Local::now().date_naive() - chrono::TimeDelta::days(14)).to_string();
    let mut calendar = Vec::new();
    for _ in 0..plan.caseload_repeats.min(50) {
        let started = Instant::now();
        let days = app.agenda(&from, 70)?;
        calendar.push(started.elapsed());
        if days.is_empty() {
            bail!("the calendar is empty");
        }
    }
    table.row("Calendar (10 weeks, whole caseload)", &mut calendar, None);
    let mut residential = None;
    for yp in &caseload.young_people {
        if let Some(r) = app.young_person(&yp.id)?.residentials.first() {
            residential = Some(r.id.clone());
        }
    }
    let residential = residential.context("the demo has no residential")?;
    let mut pack = Vec::new();
    for _ in 0..plan.caseload_repeats.min(50) {
        let started = Instant::now();
        let p = app.trip_pack(&residential)?;
        let bytes = insideout_export::pdf::render(&insideout_app::trip_pack::printable(&p, "now"));
        pack.push(started.elapsed());
        if bytes.is_empty() {
            bail!("the trip pack PDF is empty");
        }
    }
    table.row("Trip pack, read and made into a PDF", &mut pack, None);
    Ok(())
}

/// The team page on a supervisor's device holding four coaches' caseloads: each coach's demo
/// data (three young people, 18 months) written through the app, named as a coach's device
/// names itself, and delivered into the supervisor's store as a pull would store it.
fn team_page(plan: &Plan, table: &mut Table) -> Result<()> {
    use insideout_domain::op::OpBody;
    use insideout_domain::text::Line;
    use insideout_protocol::Scope;
    use insideout_store::sync::Received;
    let dir = tempfile::tempdir()?;
    let mut sup = App::new(
        AppConfig::new(dir.path().join("supervisor")),
        Arc::new(SystemClock),
    );
    sup.create_profile(profile("Benchmark Supervisor"))?;
    let me = sup.store_for_inspection()?.person();
    let mut young_people = 0;
    let mut delivered = 0;
    let coaches = ["Alex Morgan", "Kim Lee", "Sam Patel", "Jo Reid"];
    for (i, name) in coaches.iter().enumerate() {
        let mut coach = App::new(
            AppConfig::new(dir.path().join(format!("coach-{i}"))),
            Arc::new(SystemClock),
        );
        coach.create_profile(profile(name))?;
        coach.fill_demo(plan.demo)?;
        let cases: Vec<String> = coach
            .caseload()?
            .young_people
            .into_iter()
            .map(|y| y.id)
            .collect();
        young_people += cases.len();
        let now_ms = u64::try_from(chrono::Utc::now().timestamp_millis())?;
        let store = coach.store_for_inspection()?;
        let device = store.device();
        for case in &cases {
            store.commit(
                now_ms,
                OpBody::DeviceNamed {
                    device,
                    case: Some(case.parse()?),
                    person_name: Line::parse(insideout_domain::Field::Name, "name", name)?,
                    device_name: Line::parse(
                        insideout_domain::Field::Name,
                        "name",
                        &format!("{name}'s phone"),
                    )?,
                },
            )?;
        }
        let ops: Vec<_> = store
            .ops()?
            .into_iter()
            .filter(|op| op.body.kind() != "profile_created")
            .collect();
        delivered += ops.len();
        let sup_store = sup.store_for_inspection()?;
        sup_store.apply_received(
            me,
            &[Received {
                scope: Scope::Own(me),
                server_seq: i as u64 + 1,
                author: device,
                outcome: Ok(ops),
                heads: Vec::new(),
            }],
            &chrono::Utc::now().to_rfc3339(),
            now_ms,
        )?;
        sup_store.finish_pull()?;
    }
    println!(
        "Team page data: {} coaches, {young_people} young people, {delivered} ops on the supervisor's device\n",
        coaches.len()
    );
    sup.lock();
    sup.unlock(PASSPHRASE)?;
    let started = Instant::now();
    let first = sup.team_overview()?;
    let mut opened = vec![started.elapsed()];
    if first.coaches.len() != coaches.len()
        || first.coaches.iter().any(|c| c.young_people.len() != 3)
    {
        bail!(
            "the team page shows {:?}",
            first
                .coaches
                .iter()
                .map(|c| (&c.name, c.young_people.len()))
                .collect::<Vec<_>>()
        );
    }
    table.row(
        "Team page, first open after unlock (4 coaches, 12 young people)",
        &mut opened,
        Some(Budget::Max(Duration::from_millis(100))),
    );
    let mut again = Vec::new();
    for _ in 0..plan.caseload_repeats.min(50) {
        let started = Instant::now();
        sup.team_overview()?;
        again.push(started.elapsed());
    }
    table.row(
        "Team page, opened again",
        &mut again,
        Some(Budget::P99(Duration::from_millis(100))),
    );
    Ok(())
}

/// Full-text search over every note and addendum.
fn search(app: &mut App, plan: &Plan, table: &mut Table) -> Result<()> {
    let queries = [
        "college",
        "skate park",
        "social worker",
        "climb",
        "tomorrow morning",
    ];
    let mut times = Vec::new();
    let mut found = 0;
    for _ in 0..plan.search_repeats {
        for query in queries {
            let started = Instant::now();
            let hits = app.search(query)?;
            times.push(started.elapsed());
            found += hits.len();
        }
    }
    if found == 0 {
        bail!("no search found anything");
    }
    table.row(
        &format!("Search ({} queries, up to 50 hits each)", queries.len()),
        &mut times,
        None,
    );
    Ok(())
}

/// Verifying the signed directory of a large organisation, as every device does on each pull
/// that brings records: 10 teams, each a supervisor and 10 coaches, each person with two
/// devices (the organisation key signs every person and device; each device countersigns).
fn directory(plan: &Plan, table: &mut Table) -> Result<()> {
    use insideout_protocol::api::Role;
    use insideout_protocol::directory::{Body, Head, SignedRecord, Signer, next_record, verify};
    let org = insideout_crypto::OrgKey::generate()?;
    let now_ms = 1_800_000_000_000;
    let mut records: Vec<SignedRecord> = Vec::new();
    let mut head: Option<Head> = None;
    let mut sign = |body: Body, device: Option<&insideout_crypto::DeviceKeys>| {
        let mut record =
            SignedRecord::by_org(&org, next_record(Signer::Org, head.as_ref(), now_ms, body));
        head = Some(Head {
            signer: Signer::Org,
            seq: record.record.seq,
            hash: record.hash(),
        });
        if let Some(keys) = device {
            record.countersign(keys);
        }
        records.push(record);
    };
    let recovery = insideout_crypto::RecoveryIdentity::generate();
    sign(
        Body::Organisation {
            recovery_recipient: recovery.recipient(),
        },
        None,
    );
    for _ in 0..10 {
        let team = uuid::Uuid::now_v7();
        for role in std::iter::once(Role::Supervisor).chain(std::iter::repeat_n(Role::Coach, 10)) {
            let person = PersonId::from_uuid(uuid::Uuid::now_v7());
            sign(
                Body::Person {
                    person,
                    team,
                    role,
                    expires_ms: 0,
                },
                None,
            );
            for _ in 0..2 {
                let keys = insideout_crypto::DeviceKeys::generate()?;
                sign(
                    Body::Device {
                        device: DeviceId::from_uuid(uuid::Uuid::now_v7()),
                        person,
                        age_recipient: keys.age_recipient(),
                        signing_key: keys.signing_public_hex(),
                    },
                    Some(&keys),
                );
            }
        }
    }
    let count = records.len();
    let mut times = Vec::with_capacity(plan.directory_runs);
    for _ in 0..plan.directory_runs {
        let started = Instant::now();
        let verified = verify(&org.public_hex(), &records, now_ms);
        times.push(started.elapsed());
        if verified.devices.len() != 220 || !verified.problems.is_empty() {
            bail!(
                "the benchmark's directory did not verify: {} devices, {:?}",
                verified.devices.len(),
                verified.problems
            );
        }
    }
    table.row(
        &format!("Verify the signed directory ({count} records, 220 devices)"),
        &mut times,
        None,
    );
    Ok(())
}

fn work_factor_log_n() -> String {
    // The default for real use; formatted from the constant so the label cannot drift.
    format!("{:?}", WorkFactor::INTERACTIVE)
        .trim_start_matches("WorkFactor(")
        .trim_end_matches(')')
        .to_owned()
}

/// The same op writes, each in its own transaction as the app commits them, into SQLCipher with
/// a raw key and into plain SQLite, both with WAL and `synchronous = FULL`.
fn encrypted_against_plain(dir: &std::path::Path, ops: usize) -> Result<()> {
    let encrypted = write_ops(&dir.join("encrypted.db"), Some(&"ab".repeat(32)), ops)?;
    let plain = write_ops(&dir.join("plain.db"), None, ops)?;
    let per_sec = |d: Duration| ops as f64 / d.as_secs_f64();
    println!(
        "Write throughput: {ops} ops of about 1 KB, one transaction each, WAL, synchronous FULL"
    );
    println!("  SQLCipher (raw key)  {:>9.0} ops/s", per_sec(encrypted));
    println!("  plain SQLite         {:>9.0} ops/s", per_sec(plain));
    println!(
        "  encrypted / plain    {:>9.2}   (1.00 = no cost for encryption)",
        per_sec(encrypted) / per_sec(plain)
    );
    Ok(())
}

fn write_ops(path: &std::path::Path, raw_key: Option<&str>, ops: usize) -> Result<Duration> {
    let conn = Connection::open(path)?;
    if let Some(key) = raw_key {
        conn.execute_batch("PRAGMA cipher_log_level = NONE;")?;
        conn.execute_batch(&format!("PRAGMA key = \"x'{key}'\";"))?;
    }
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.execute_batch(
        "CREATE TABLE ops (id TEXT PRIMARY KEY, hlc TEXT NOT NULL UNIQUE, device_seq INTEGER NOT NULL,
                           kind TEXT NOT NULL, body TEXT NOT NULL) STRICT;",
    )?;
    let body = format!(
        "{{\"note\":\"{}\"}}",
        "talked about the week and the plan. ".repeat(28)
    );
    let started = Instant::now();
    for n in 0..ops {
        let tx = conn.unchecked_transaction()?;
        tx.execute(
            "INSERT INTO ops (id, hlc, device_seq, kind, body) VALUES (?1, ?2, ?3, 'note_drafted', ?4)",
            rusqlite::params![format!("op-{n}"), format!("{n:015}"), n as i64, body],
        )?;
        tx.commit()?;
    }
    let elapsed = started.elapsed();
    let count: i64 = conn.query_row("SELECT count(*) FROM ops", [], |r| r.get(0))?;
    if count != ops as i64 {
        bail!("wrote {count} ops, expected {ops}");
    }
    Ok(elapsed)
}

enum Budget {
    P99(Duration),
    Max(Duration),
}

#[derive(Default)]
struct Table {
    rows: Vec<[String; 6]>,
}

impl Table {
    fn row(&mut self, what: &str, times: &mut [Duration], budget: Option<Budget>) {
        times.sort();
        let at = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
        let (p50, p99, max) = (at(0.5), at(0.99), at(1.0));
        let verdict = match budget {
            None => "—".to_owned(),
            Some(Budget::P99(limit)) => format!("p99 < {} {}", ms(limit), pass(p99 < limit)),
            Some(Budget::Max(limit)) => format!("< {} {}", ms(limit), pass(max < limit)),
        };
        self.rows.push([
            what.to_owned(),
            times.len().to_string(),
            ms(p50),
            ms(p99),
            ms(max),
            verdict,
        ]);
    }

    fn print(&self) {
        let headers = ["Measured", "n", "p50", "p99", "max", "Budget"];
        let width = |i: usize| {
            self.rows
                .iter()
                .map(|r| r[i].chars().count())
                .chain([headers[i].len()])
                .max()
                .unwrap_or(0)
        };
        let widths: Vec<usize> = (0..6).map(width).collect();
        let line = |cells: [&str; 6]| {
            let mut out = format!("{:<w$}", cells[0], w = widths[0]);
            for i in 1..5 {
                out.push_str(&format!("  {:>w$}", cells[i], w = widths[i]));
            }
            out.push_str(&format!("  {}", cells[5]));
            println!("{}", out.trim_end());
        };
        line(headers);
        for row in &self.rows {
            line([&row[0], &row[1], &row[2], &row[3], &row[4], &row[5]]);
        }
    }
}

fn ms(d: Duration) -> String {
    let ms = d.as_secs_f64() * 1000.0;
    if ms < 10.0 {
        format!("{ms:.2} ms")
    } else {
        format!("{ms:.0} ms")
    }
}

fn pass(ok: bool) -> &'static str {
    if ok { "pass" } else { "OVER" }
}
