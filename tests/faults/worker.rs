#![allow(
    clippy::print_stdout,
    reason = "its standard output is how it tells the fault suite what was saved"
)]
//! A child process of the fault suite, killed with SIGKILL at random moments. It works on a
//! device's data folder as the app does and says on standard output, one line at a time, what
//! it was told was saved or sent, so the suite can check that all of it survived:
//!
//! - `session <index> <id>`: a session was recorded;
//! - `draft <id>`: its note's draft was saved (the text is `note_text(index)`);
//! - `final <id>`: the note was finalised;
//! - `sync-start`, then `synced` or `sync-failed <code>`: one sync with the service.
//!
//! Usage: `insideout-fault-worker save|sync <data folder> <young person id> <first index>`, or
//! `insideout-fault-worker serve <service database> <port>`: the service itself, on loopback,
//! over an existing SQLite database, until it is killed (it says `serving` once it listens).

use anyhow::{Context, Result, bail};
use insideout_app::sync::SharedApp;
use insideout_app::testkit::{PASSPHRASE, config, note, session_input};
use insideout_app::{App, SystemClock};
use insideout_tests::faults::{note_text, session_times};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let [mode, database, port] = args.as_slice()
        && mode == "serve"
    {
        return serve(database, port.parse().context("the port")?);
    }
    let [mode, dir, young_person, first] = args.as_slice() else {
        bail!(
            "usage: insideout-fault-worker save|sync <data folder> <young person id> <first index>"
        );
    };
    let syncs = match mode.as_str() {
        "save" => false,
        "sync" => true,
        other => bail!("unknown mode {other}: save or sync"),
    };
    let first: u32 = first.parse().context("the first index")?;
    let mut app = App::new(config(&PathBuf::from(dir)), Arc::new(SystemClock));
    app.unlock(PASSPHRASE)?;
    let shared = SharedApp(Arc::new(Mutex::new(app)));
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let engine = insideout_sync::Engine::new();
    let with = |f: &mut dyn FnMut(&mut App) -> Result<String>| -> Result<String> {
        let mut app = shared.0.lock().map_err(|_| anyhow::anyhow!("poisoned"))?;
        f(&mut app)
    };
    println!("ready");
    for index in first.. {
        let (start, end) = session_times(index);
        let id = with(&mut |app| {
            Ok(app
                .record_session(session_input(young_person, &start, &end))?
                .id)
        })?;
        println!("session {index} {id}");
        with(&mut |app| {
            app.save_draft(&id, "fault", note(&note_text(index)))?;
            Ok(String::new())
        })?;
        println!("draft {id}");
        with(&mut |app| {
            app.finalise(&id)?;
            Ok(String::new())
        })?;
        println!("final {id}");
        if syncs {
            println!("sync-start");
            match runtime.block_on(engine.sync_once(&shared)) {
                Ok(_) => println!("synced"),
                Err(e) => println!("sync-failed {}", e.code()),
            }
        }
    }
    Ok(())
}

/// The service over `database` on `127.0.0.1:port`, with the limits the scenario tests use.
fn serve(database: &str, port: u16) -> Result<()> {
    use insideout_server::api::{Config, Service, system_clock};
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let db = insideout_server::db::sqlite::SqliteDb::open(std::path::Path::new(database))?;
        let service = Service::new(
            db,
            Config {
                requests_per_second: 10_000,
                ..Config::default()
            },
            system_clock(),
        );
        let listener = std::net::TcpListener::bind(("127.0.0.1", port))?;
        println!("serving");
        insideout_server::serve::serve(
            service,
            listener,
            insideout_server::serve::Transport::Plain,
            std::future::pending(),
        )
        .await?;
        Ok(())
    })
}
