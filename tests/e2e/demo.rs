//! The fake-supervisor attack against the service `scripts/run.sh --demo` starts: the demo's own
//! window runs with its embedded service, and the operator of that service, with its database
//! and the shipped admin functions only, adds a supervisor of its own, enrols a device whose keys
//! it holds and marks it approved. The demo coach's app syncs on; the operator's device gets no
//! key, and nothing it holds opens a single envelope.

use anyhow::{Context, Result, ensure};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use insideout_crypto::{DeviceKeys, normalise_code};
use insideout_domain::ids::{DeviceId, PersonId};
use insideout_protocol::api::{DeviceStatus, Envelope, Role};
use insideout_protocol::sha256_hex;
use insideout_server::admin;
use insideout_server::api::system_clock;
use insideout_server::db::sqlite::SqliteDb;
use insideout_server::db::{Database, NewDevice, Person};
use insideout_tests::{Display, Driver, Window};

/// Settings → sync now, and the summary says everything went.
async fn synced(w: &Window) -> Result<()> {
    w.nav("settings").await?;
    w.click("sync-now").await?;
    w.text_contains("sync-summary", "All records sent").await?;
    Ok(())
}

/// Every envelope the demo service holds.
fn envelopes(db_path: &std::path::Path) -> Result<Vec<Envelope>> {
    let conn = rusqlite::Connection::open(db_path)?;
    let mut stmt = conn.prepare("SELECT envelope FROM envelopes")?;
    let rows = stmt
        .query_map([], |r| r.get::<_, Vec<u8>>(0))?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows
        .iter()
        .map(|bytes| serde_json::from_slice(bytes))
        .collect::<Result<_, _>>()?)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_fake_supervisor_added_to_the_demo_service_gets_no_key() -> Result<()> {
    let _one_window_at_a_time = crate::ONE_AT_A_TIME.lock().await;
    let display = Display::start(1280, 800)?;
    let driver = Driver::start(&display, &[("INSIDEOUT_WORK_FACTOR", "10")]).await?;
    let data = tempfile::tempdir()?;
    let w = driver
        .open_app(&["--demo", "--data-dir", &data.path().to_string_lossy()])
        .await?;
    // The demo opens unlocked, enrolled with its own service, and syncs its 18 months.
    synced(&w)
        .await
        .context("the demo did not sync with its own service")?;
    let db_path = data.path().join("demo-service").join("service.db");
    let before = envelopes(&db_path)?;
    ensure!(
        !before.is_empty(),
        "the demo shared no key at all: nothing was tested"
    );

    // The operator: a supervisor of its own, a code, a device whose keys it holds, approved in
    // its own database.
    let db = SqliteDb::open(&db_path)?;
    let now = system_clock()();
    let team = admin::team_by_label(&db, "demo-team").await?;
    let person = Person {
        id: PersonId::from_uuid(uuid::Uuid::now_v7()),
        team,
        role: Role::Supervisor,
        label: "sup-x".into(),
    };
    db.add_person(&person).await?;
    let code = admin::enrolment_code(&db, person.id, 1, now).await?;
    let keys = DeviceKeys::generate()?;
    let fake = DeviceId::from_uuid(uuid::Uuid::now_v7());
    db.enrol(
        &sha256_hex(normalise_code(&code).as_bytes()),
        now,
        &NewDevice {
            id: fake,
            token_hash: sha256_hex(b"the operator's own token"),
            age_recipient: keys.age_recipient(),
            signing_key: keys.signing_public_hex(),
        },
    )
    .await?;
    db.set_device_status(fake, DeviceStatus::Approved).await?;

    // The coach's app syncs on, twice: each sync offers every case key to every reader it
    // finds missing one.
    synced(&w).await?;
    synced(&w).await?;

    let after = envelopes(&db_path)?;
    let to_fake = after.iter().filter(|e| e.device == Some(fake)).count();
    ensure!(
        to_fake == 0,
        "{to_fake} envelopes were addressed to the operator's device"
    );
    let opened = after
        .iter()
        .filter(|e| {
            B64.decode(&e.envelope)
                .ok()
                .is_some_and(|sealed| keys.unwrap_scope_key(&sealed).is_ok())
        })
        .count();
    ensure!(opened == 0, "the operator's keys opened {opened} envelopes");
    Ok(())
}

/// `--demo` is a team: the demo coach's Team page shows their own young people, and
/// `--demo-supervisor` opens the team's supervisor, who sees both coaches by name, the demo
/// coach's cases confirmed and the second coach's waiting to be confirmed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_is_a_team_and_its_supervisor_sees_both_coaches() -> Result<()> {
    let _one_window_at_a_time = crate::ONE_AT_A_TIME.lock().await;
    let display = Display::start(1280, 800)?;
    let driver = Driver::start(&display, &[("INSIDEOUT_WORK_FACTOR", "10")]).await?;
    let data = tempfile::tempdir()?;
    let shots = insideout_tests::screenshot_dir("demo-1280x800")?;
    let dir = data.path().to_string_lossy().to_string();
    let w = driver.open_app(&["--demo", "--data-dir", &dir]).await?;
    synced(&w).await?;
    w.nav("team").await?;
    let mine = w.text_contains("team-overview", "Jay").await?;
    ensure!(
        !mine.contains("Priya Shah") && !mine.contains("Rio"),
        "the demo coach sees another coach's cases: {mine:?}"
    );
    w.close().await?;

    let s = driver
        .open_app(&["--demo-supervisor", "--data-dir", &dir])
        .await?;
    synced(&s).await?;
    s.nav("team").await?;
    let team = s.text_contains("team-overview", "Priya Shah").await?;
    for expected in ["Demo Coach", "Jay", "Rio", "Ellis"] {
        ensure!(
            team.contains(expected),
            "the supervisor's team page lacks {expected}: {team:?}"
        );
    }
    s.css("[id^='case-unconfirmed-']")
        .await
        .context("the second coach's cases should wait to be confirmed")?;
    // The demo coach had supervision three weeks ago; the second coach is due theirs.
    ensure!(
        team.contains("Supervision: last") && team.contains("Supervision due"),
        "the supervisor's team page reads {team:?}"
    );
    crate::check_layout(&s, "demo supervisor's team page").await?;
    s.screenshot(&shots, "01-demo-supervisor-team").await?;
    s.click_css("a[href^='/supervision'][id^='coach-supervision-link-']")
        .await?;
    s.text_contains("supervision-standing", "Last supervision")
        .await?;
    s.text_contains("supervisions-list", "Book the safeguarding refresher")
        .await?;
    crate::check_layout(&s, "demo supervision").await?;
    s.screenshot(&shots, "02-demo-supervision").await?;
    s.close().await?;
    Ok(())
}
