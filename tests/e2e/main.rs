//! The real desktop window, driven over WebDriver (tauri-driver + WebKitWebDriver under Xvfb),
//! one test per part of the coach's day, each at a laptop size and a phone size with bad input
//! on the way: first run and a young person; a session timed, recorded, written, finalised and
//! found, through a lock; hours, missing episodes, the chronology and goals; plans, a
//! residential, its trip pack and the calendar; and the keyboard alone. Each test starts from
//! its own data folder, seeded through the app's own use-cases and signed in, so one failing
//! screen does not hide the others. Screenshots of every main screen go to
//! `artifacts/screenshots/<size>/`.

use std::path::Path;

mod demo;
mod sync;

/// The end-to-end tests share one machine: one virtual display and window at a time.
static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

use anyhow::{Context, Result, anyhow, ensure};
use chrono::{Datelike, Duration, Local, Months, NaiveDate};
use insideout_app::dto::{ConcernInput, SessionInput, YoungPersonInput};
use insideout_app::{App, AppResult, SystemClock};
use insideout_tests::{Display, Driver, Window, screenshot_dir};
use std::sync::Arc;

use insideout_app::testkit::{self, PASSPHRASE};

/// The laptop and phone sizes the issue names, as CSS pixels of the page.
const SIZES: [(&str, u32, u32); 2] = [("laptop-1280x800", 1280, 800), ("phone-390x844", 390, 844)];

/// A data folder prepared before the window opens on it.
type Seed = fn(&Path) -> Result<()>;

/// The window of one test at one size.
struct Screen<'a> {
    w: &'a Window,
    shots: std::path::PathBuf,
    data_dir: &'a Path,
    exports: &'a Path,
}

/// Runs `flow` at the laptop and the phone size, each in a new window on a fresh data folder
/// that `seed` prepared; signed in when it made a profile, at first run when it made nothing.
async fn at_both_sizes(seed: Seed, flow: impl AsyncFn(&Screen<'_>) -> Result<()>) -> Result<()> {
    let _one_window_at_a_time = ONE_AT_A_TIME.lock().await;
    let display = Display::start(1400, 1000)?;
    // A low scrypt work factor keeps unlocking fast in tests; the app's default is used elsewhere.
    // The window runs as on a machine set to US order (month first), so every date typed here
    // shows that 8 2 2011 is stored as 8 February whatever the system's order.
    let exports = tempfile::tempdir()?;
    let driver = Driver::start(
        &display,
        &[
            ("LANG", "en_US.UTF-8"),
            ("LC_TIME", "en_US.UTF-8"),
            ("INSIDEOUT_WORK_FACTOR", "10"),
            ("INSIDEOUT_EXPORT_DIR", &exports.path().to_string_lossy()),
        ],
    )
    .await?;
    for (name, width, height) in SIZES {
        let data = tempfile::tempdir()?;
        seed(data.path())?;
        let signed_in = data.path().join("key.age").exists();
        let data_dir = data.path().to_string_lossy().into_owned();
        let window = driver.open_app(&["--data-dir", &data_dir]).await?;
        let outcome = async {
            fit_viewport(&window, width, height).await?;
            if signed_in {
                window.type_into("unlock-passphrase", PASSPHRASE).await?;
                window.click("unlock").await?;
                window.gone("#unlock-passphrase").await?;
            }
            let screen = Screen {
                w: &window,
                shots: screenshot_dir(name)?,
                data_dir: data.path(),
                exports: exports.path(),
            };
            flow(&screen).await
        }
        .await;
        // What the window showed when a step failed, to read the failure from.
        if outcome.is_err()
            && let Ok(dir) = screenshot_dir(name)
        {
            let _ = window.screenshot(&dir, "FAILED").await;
        }
        let closed = window.close().await;
        outcome.with_context(|| format!("at {name}"))?;
        closed?;
    }
    Ok(())
}

/// Nothing: the window opens at first run.
fn nothing(_: &Path) -> Result<()> {
    Ok(())
}

/// Alex's profile and Jordan, whose intervention started 60 days ago.
fn jordan(dir: &Path) -> Result<()> {
    seeded(dir, |_| Ok(()))
}

/// [`jordan`], with yesterday's significant session (its note written) and a concern.
fn jordan_with_a_session(dir: &Path) -> Result<()> {
    seeded(dir, |app| {
        let jordan = app.caseload()?.young_people[0].id.clone();
        let yesterday = Local::now().date_naive() - Duration::days(1);
        let session = app.record_session(SessionInput {
            significant: true,
            ..testkit::session_input(
                &jordan,
                &format!("{yesterday}T16:00"),
                &format!("{yesterday}T18:30"),
            )
        })?;
        app.save_draft(
            &session.id,
            "seed",
            testkit::note("We walked to the skate park and talked about college applications."),
        )?;
        app.raise_concern(
            &jordan,
            ConcernInput {
                category: "exploitation".into(),
                urgency: "today".into(),
                noticed_at: format!("{yesterday}T17:00"),
                what: "Said an older man drives him to a flat and gives him cash.".into(),
                told: vec![],
                actions: String::new(),
            },
        )?;
        Ok(())
    })
}

/// [`jordan`], with a safety plan.
fn jordan_with_a_safety_plan(dir: &Path) -> Result<()> {
    seeded(dir, |app| {
        let jordan = app.caseload()?.young_people[0].id.clone();
        app.set_safety_plan(
            &jordan,
            insideout_app::dto::SafetyPlanInput {
                description: "Tall, short dark hair, grey hoodie.".into(),
                who_to_call: "Oak House 01245 000222, then the police on 999.".into(),
                risks: vec!["going_missing".into()],
                ..Default::default()
            },
        )?;
        Ok(())
    })
}

/// Makes Alex's profile and Jordan in `dir`, then `more`.
fn seeded(dir: &Path, more: impl FnOnce(&mut App) -> AppResult<()>) -> Result<()> {
    let mut app = App::new(testkit::config(dir), Arc::new(SystemClock));
    app.create_profile(testkit::profile("Alex Morgan"))?;
    let today = Local::now().date_naive();
    let start = today - Duration::days(60);
    app.add_young_person(YoungPersonInput {
        preferred_name: "Jordan".into(),
        date_of_birth: (today - Months::new(12 * 15 + 4)).to_string(),
        local_authority: "Suffolk".into(),
        send: false,
        send_details: String::new(),
        referral_criteria: vec![],
        risk_indicators: vec![],
        referral_date: (start - Duration::days(14)).to_string(),
        start_date: start.to_string(),
        planned_end_date: (start + Months::new(18)).to_string(),
        ..testkit::young_person_input("Jordan")
    })?;
    more(&mut app)?;
    Ok(())
}

/// From the caseload the unlock leaves open, to Jordan's page.
async fn open_young_person(w: &Window) -> Result<()> {
    w.click_css("a[id^='young-person-link-']").await?;
    w.text_contains("young-person-name", "Jordan").await?;
    Ok(())
}

/// First run (passphrases that differ are refused, nothing is written), the encrypted store,
/// and a young person added after an empty form is refused field by field.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn first_run_refuses_then_makes_an_encrypted_store_and_a_young_person() -> Result<()> {
    at_both_sizes(nothing, async |s: &Screen<'_>| {
        let (w, shots) = (s.w, s.shots.as_path());
        // First run: passphrases that differ are refused and nothing is created.
        w.type_into("coach-name", "Alex Morgan").await?;
        w.type_into("passphrase", PASSPHRASE).await?;
        w.type_into("passphrase-confirm", "correct horse battery stapel")
            .await?;
        w.click("create-profile").await?;
        w.id("error-summary").await?;
        ensure!(
            !s.data_dir.join("key.age").exists(),
            "a refused first run still wrote a key file"
        );
        ensure!(
            w.value("coach-name").await? == "Alex Morgan",
            "the coach's name was lost on an error"
        );
        w.screenshot(shots, "01-first-run-error").await?;
        check_layout(w, "first run").await?;
        w.set_value("passphrase-confirm", "").await?;
        w.type_into("passphrase-confirm", PASSPHRASE).await?;
        w.click("create-profile").await?;

        // The empty caseload.
        w.id("add-young-person").await?;
        ensure!(
            s.data_dir.join("key.age").exists() && s.data_dir.join("coach.db").exists(),
            "no store after first run"
        );
        let header = std::fs::read(s.data_dir.join("coach.db"))?;
        ensure!(
            !header.starts_with(b"SQLite format 3"),
            "the database file is not encrypted"
        );
        w.screenshot(shots, "02-caseload-empty").await?;
        check_layout(w, "caseload").await?;

        // Add a young person; an empty form is refused field by field first.
        w.click("add-young-person").await?;
        w.id("preferred-name").await?;
        w.click("save-young-person").await?;
        w.id("error-summary").await?;
        w.id("preferred-name-error").await?;
        w.screenshot(shots, "03-young-person-errors").await?;
        check_layout(w, "young person form").await?;
        let today = Local::now().date_naive();
        let start = today - Duration::days(60);
        w.type_into("preferred-name", "Jordan").await?;
        // 8 February, typed day first: a machine set to US order must not make it 2 August.
        let born = NaiveDate::from_ymd_opt(today.year() - 15, 2, 8).expect("a real date");
        w.type_date("date-of-birth", &born.to_string()).await?;
        w.type_into("local-authority", "Suffolk").await?;
        w.set_value("legal-status", "care_order").await?;
        w.type_date("referral-date", &(start - Duration::days(14)).to_string())
            .await?;
        w.type_date("start-date", &start.to_string()).await?;
        w.type_date("planned-end-date", &(start + Months::new(18)).to_string())
            .await?;
        w.screenshot(shots, "04-young-person-form").await?;
        w.click("save-young-person").await?;
        let name = w.text_contains("young-person-name", "Jordan").await?;
        ensure!(
            name.contains("Jordan"),
            "the young person page names {name:?}"
        );
        w.screenshot(shots, "05-young-person").await?;
        let shown = born.format("%a %-d %b %Y").to_string();
        w.text_contains("profile-summary", &shown).await?;
        check_layout(w, "young person page").await?;
        Ok(())
    })
    .await
}

/// The timer through a lock; a session recorded (a bad end refused); its note typed key by key;
/// a concern raised from the note; then finalised, an addendum, search, and lock and unlock.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_is_timed_recorded_written_finalised_found_and_kept_through_a_lock() -> Result<()>
{
    at_both_sizes(jordan, async |s: &Screen<'_>| {
        let (w, shots) = (s.w, s.shots.as_path());
        let today = Local::now().date_naive();
        // The card's main action is on the first screen, below the name and any alerts.
        w.screenshot(shots, "04a-caseload").await?;
        check_layout(w, "caseload").await?;
        record_is_above_the_fold(w).await?;
        open_young_person(w).await?;
        // The session timer keeps running through a lock; discarding it asks first.
        w.click_css("button[id^='timer-start-']").await?;
        w.css("[id^='timer-text-']").await?;
        w.gone("#record-session").await?;
        // Out with Jordan: the page asks for a check-in, refuses one with no area, then shows
        // it until the coach checks out.
        w.text_contains("main", "check in so your supervisor knows")
            .await?;
        w.click("check-in-start").await?;
        let until = (Local::now() + Duration::hours(2))
            .format("%H:%M")
            .to_string();
        w.type_into("check-in-until", &until).await?;
        w.click("check-in-save").await?;
        w.id("check-in-area-error").await?;
        ensure!(
            w.value("check-in-until").await? == until,
            "the finish time was lost on an error"
        );
        w.type_into("check-in-area", "Chelmsford town centre")
            .await?;
        w.click("check-in-save").await?;
        let checked = w
            .text_contains("checked-in", "Chelmsford town centre")
            .await?;
        ensure!(
            checked.contains(&until) && checked.contains("with Jordan"),
            "the check-in reads {checked:?}"
        );
        w.screenshot(shots, "05a-timer-running").await?;
        check_layout(w, "checked in").await?;
        w.click("check-out").await?;
        w.id("check-in-start").await?;
        w.click("lock").await?;
        w.type_into("unlock-passphrase", PASSPHRASE).await?;
        w.click("unlock").await?;
        w.gone("#unlock-passphrase").await?;
        let running = w.css("[id^='timer-text-']").await?.text().await?;
        ensure!(
            running.starts_with("Running since"),
            "the timer did not survive the lock: {running:?}"
        );
        w.click_css("button[id^='timer-discard-']").await?;
        w.click_css("button[id^='timer-discard-confirm-']").await?;
        w.id("record-session").await?;

        // Record a session: an end before the start is refused and the form keeps what was typed.
        w.click("record-session").await?;
        w.id("session-start").await?;
        let yesterday = today - Duration::days(1);
        w.type_date("session-start", &format!("{yesterday}T16:00"))
            .await?;
        w.type_date("session-end", &format!("{yesterday}T15:00"))
            .await?;
        w.click("session-setting-community").await?;
        w.click("session-mode-face_to_face").await?;
        w.click("session-activity-coaching").await?;
        w.click("session-significant").await?;
        w.click("record-submit").await?;
        w.id("session-end-error").await?;
        ensure!(
            w.date_value("session-start").await? == format!("{yesterday}T16:00"),
            "the start time was lost on an error"
        );
        w.screenshot(shots, "06-record-session-error").await?;
        check_layout(w, "record a session").await?;
        w.type_date("session-end", &format!("{yesterday}T18:30"))
            .await?;
        w.click("record-submit").await?;
        let session_path = w
            .path_matches("a session page", |p| p.starts_with("/sessions/"))
            .await?;

        // Finalising an empty note is refused.
        w.click("finalise").await?;
        if w.id("finalise-confirm").await.is_ok() {
            w.click("finalise-confirm").await?;
        }
        w.id("note-errors").await?;
        w.text_contains("note-status", "Draft").await?;

        // Write the note key by key: the draft is saved as it is typed.
        w.type_into(
            "note-what-happened",
            "We walked to the skate park and talked about college applications.",
        )
        .await?;
        w.type_into("note-voice", "\"I want to do the motor vehicle course.\"")
            .await?;
        w.type_into(
            "note-analysis",
            "More settled than last week; engaged throughout.",
        )
        .await?;
        w.type_into(
            "note-actions",
            "Coach to phone the college admissions office on Monday.",
        )
        .await?;
        w.text_contains("save-status", "Saved").await?;
        w.screenshot(shots, "07-note-draft").await?;
        check_layout(w, "note").await?;

        // A safeguarding concern from inside the note: refused field by field, then recorded; the
        // note is untouched.
        w.click("session-raise-concern").await?;
        w.id("concern-form").await?;
        w.text_contains("safeguarding-numbers", "999").await?;
        w.text_contains("numbers-missing", "your supervisor")
            .await?;
        w.click("concern-submit").await?;
        w.id("error-summary").await?;
        w.id("concern-what-error").await?;
        w.id("concern-urgency-error").await?;
        w.click("concern-urgency-today").await?;
        w.click("concern-category-exploitation").await?;
        w.type_into(
            "concern-what",
            "Said an older man drives him to a flat and gives him cash.",
        )
        .await?;
        // From a note, the time is the coach's to give: during the session.
        ensure!(
            w.date_value("concern-noticed-at").await?.is_empty(),
            "the time noticed was guessed from the clock"
        );
        w.type_date("concern-noticed-at", &format!("{yesterday}T17:00"))
            .await?;
        w.click("concern-told-social_worker").await?;
        w.type_date(
            "concern-told-social_worker-at",
            &format!("{yesterday}T09:00"),
        )
        .await?;
        w.click("concern-submit").await?;
        w.id("concern-told-social_worker-at-error").await?;
        ensure!(
            w.value("concern-what").await?.contains("older man"),
            "what was typed was lost on an error"
        );
        w.screenshot(shots, "07a-concern-error").await?;
        check_layout(w, "concern").await?;
        w.type_date(
            "concern-told-social_worker-at",
            &format!("{yesterday}T17:30"),
        )
        .await?;
        w.click("concern-submit").await?;
        w.id("concern-raised").await?;
        w.screenshot(shots, "07b-concern-recorded").await?;
        w.click("concern-back-to-note").await?;
        w.path_matches("the note again", |p| p == session_path)
            .await?;
        let what = w.id("note-what-happened").await?;
        let kept = what.prop("value").await?.unwrap_or_default();
        ensure!(kept.contains("skate park"), "the draft changed: {kept:?}");

        // Leave and come back: the draft is still there.
        w.nav("caseload").await?;
        w.id("add-young-person").await?;
        w.screenshot(shots, "08-caseload").await?;

        w.nav("caseload").await?;
        w.click_css("a[id^='young-person-link-']").await?;
        w.click_css("a[id^='session-link-']").await?;
        w.path_matches("the same session again", |p| p == session_path)
            .await?;
        let what = w.id("note-what-happened").await?;
        let kept = what.prop("value").await?.unwrap_or_default();
        ensure!(
            kept.contains("skate park"),
            "the draft note was not kept: {kept:?}"
        );

        // Finalise: the note becomes read-only.
        w.click("finalise").await?;
        w.click("finalise-confirm").await?;
        w.id("finalised-notice").await?;
        w.text_contains("note-status", "Finalised").await?;
        w.gone("#note-what-happened").await?;
        w.screenshot(shots, "09-note-finalised").await?;

        // An addendum: an empty one is refused, a real one is listed with its date.
        w.click("addendum-submit").await?;
        w.id("addendum-errors").await?;
        w.type_into(
            "addendum-text",
            "Admissions office called back: interview on Thursday.",
        )
        .await?;
        w.click("addendum-submit").await?;
        w.text_contains("addenda-list", "interview on Thursday")
            .await?;
        w.screenshot(shots, "10-addendum").await?;
        check_layout(w, "finalised note").await?;

        // Search finds the note by a word from it.
        w.nav("search").await?;
        w.type_into("search-query", "skate").await?;
        w.click("search-submit").await?;
        let results = w.text_contains("search-results", "Jordan").await?;
        ensure!(
            results.to_lowercase().contains("skate"),
            "the result does not show the matching text: {results:?}"
        );
        w.screenshot(shots, "11-search").await?;
        check_layout(w, "search").await?;

        // Lock, a wrong passphrase, then unlock: the page comes back as it was.
        w.click("lock").await?;
        w.id("unlock-passphrase").await?;
        w.gone("#search-results").await?;
        w.screenshot(shots, "12-locked").await?;
        check_layout(w, "unlock").await?;
        w.type_into("unlock-passphrase", "not the passphrase")
            .await?;
        w.click("unlock").await?;
        w.id("unlock-errors").await?;
        w.screenshot(shots, "13-unlock-wrong").await?;
        w.set_value("unlock-passphrase", "").await?;
        w.type_into("unlock-passphrase", PASSPHRASE).await?;
        w.click("unlock").await?;
        w.gone("#unlock-passphrase").await?;
        w.text_contains("search-results", "Jordan").await?;
        w.screenshot(shots, "14-unlocked").await?;
        Ok(())
    })
    .await
}

/// With a significant session and a concern on record: the hours, a missing episode, the
/// chronology and goals and outcomes.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hours_missing_episodes_the_chronology_and_goals_draw_on_the_record() -> Result<()> {
    at_both_sizes(jordan_with_a_session, async |s: &Screen<'_>| {
        let (w, shots) = (s.w, s.shots.as_path());
        let today = Local::now().date_naive();
        let yesterday = today - Duration::days(1);
        // Hours: the week's 2 h 30 split by part of the week, and 12 weeks charted. The
        // session was yesterday: on a Monday that was last week, and this week has none yet.
        w.nav("hours").await?;
        let this_week = if today.weekday() == chrono::Weekday::Mon {
            "0 h"
        } else {
            "2 h 30"
        };
        w.text_contains("hours-total-value", this_week).await?;
        let split = w.id("hours-total-split").await?.text().await?;
        ensure!(
            split.contains("Daytime") && split.contains("Weekend"),
            "the split is not shown: {split:?}"
        );
        w.css("#chart-total svg").await?;
        w.screenshot(shots, "08d-hours").await?;
        check_layout(w, "hours").await?;
        w.nav("caseload").await?;
        w.id("add-young-person").await?;
        w.click_css("a[id^='young-person-link-']").await?;
        w.text_contains("concerns-list", "exploitation").await?;

        // The safety plan: refused without the description and who to call (both named at
        // once), then written; it is shown beside the missing-episode form and in the trip pack.
        w.click("safety-plan-edit").await?;
        w.wait_focus("safety-description").await?;
        w.click("safety-save").await?;
        w.id("safety-description-error").await?;
        w.id("safety-who-to-call-error").await?;
        w.type_into(
            "safety-description",
            "Tall, short dark hair, usually a grey hoodie and white trainers.",
        )
        .await?;
        w.type_into(
            "safety-who-to-call",
            "Oak House 01245 000222, then the police on 999.",
        )
        .await?;
        w.click("safety-risks-gangs").await?;
        w.type_into("safety-what-helps", "Football; time with his key worker.")
            .await?;
        w.click("safety-save").await?;
        w.text_contains("safety-plan", "Gangs or county lines")
            .await?;
        w.screenshot(shots, "08e2-safety-plan").await?;
        check_layout(w, "safety plan").await?;

        // A missing episode, recorded once they are back: a missing return time is refused and the
        // rest is kept; the page shows the 72-hour clock; then the interview is recorded.
        w.click("record-missing").await?;
        w.id("missing-form").await?;
        w.text_contains("missing-safety-plan", "grey hoodie")
            .await?;
        w.type_date("missing-went", &format!("{yesterday}T08:00"))
            .await?;
        w.type_into("missing-police-reference", "SC-4411").await?;
        w.click("missing-back-yes").await?;
        w.type_date("missing-returned-at", "").await?;
        w.click("missing-submit").await?;
        w.id("missing-returned-at-error").await?;
        ensure!(
            w.value("missing-police-reference").await? == "SC-4411",
            "the police reference was lost on an error"
        );
        w.screenshot(shots, "08a-missing-error").await?;
        check_layout(w, "missing episode").await?;
        w.type_date("missing-returned-at", &format!("{yesterday}T12:00"))
            .await?;
        w.type_into("missing-where-found", "Bus station").await?;
        w.click("missing-submit").await?;
        w.text_contains("missing-list", "due by").await?;
        w.screenshot(shots, "08b-missing-listed").await?;
        w.click_css("a[id^='missing-update-']").await?;
        w.click("missing-interview-outcome-held").await?;
        w.type_date("missing-interview-at", &format!("{yesterday}T14:00"))
            .await?;
        w.click("missing-submit").await?;
        w.text_contains("missing-list", "within 72 hours").await?;

        // The chronology: the significant session and the missing episode are there by themselves;
        // the coach leaves one entry out of the curated view and adds one of their own.
        w.click("open-chronology").await?;
        w.text_contains("chronology-list", "Significant session")
            .await?;
        w.text_contains("chronology-list", "Went missing").await?;
        w.click("chronology-all").await?;
        w.click_css("button[id^='include-started-']").await?;
        w.text_contains("chronology-list", "Left out").await?;
        w.type_date("chronology-on", &(today + Duration::days(2)).to_string())
            .await?;
        w.type_into("chronology-title", "Review meeting").await?;
        w.click("chronology-add").await?;
        w.id("chronology-on-error").await?;
        ensure!(
            w.value("chronology-title").await? == "Review meeting",
            "the entry's title was lost on an error"
        );
        w.type_date("chronology-on", &yesterday.to_string()).await?;
        w.click("chronology-add").await?;
        w.text_contains("chronology-list", "Review meeting").await?;
        w.click("chronology-curated").await?;
        w.gone("[id^='entry-started-']").await?;
        w.screenshot(shots, "08c-chronology").await?;
        check_layout(w, "chronology").await?;
        w.click_css("a.back-link").await?;

        // Goals and outcomes: a goal in the young person's words, reviewed from both views; the
        // monthly check; empty forms are refused field by field first.
        w.click("open-goals").await?;
        w.click_css("#goal-add-details summary").await?;
        w.click("goal-add").await?;
        w.id("goal-words-error").await?;
        w.id("goal-area-error").await?;
        w.type_into("goal-words", "Get onto the motor vehicle course")
            .await?;
        w.set_value("goal-area", "education").await?;
        w.type_date("goal-agreed-on", &(today - Duration::days(30)).to_string())
            .await?;
        w.click("goal-add").await?;
        w.text_contains("goals-list", "motor vehicle course")
            .await?;
        // The goal's first review, a fortnight ago (an empty one is refused first), and its
        // second, today: two reviews, so the scores chart has a line to draw.
        let goal = w
            .css("li[id^='goal-']")
            .await?
            .attr("id")
            .await?
            .and_then(|id| id.strip_prefix("goal-").map(str::to_owned))
            .ok_or_else(|| anyhow!("the goal has no id"))?;
        w.click(&format!("review-{goal}")).await?;
        w.click(&format!("rating-save-{goal}")).await?;
        w.css(&format!("#rating-yp-{goal}[aria-invalid='true']"))
            .await?;
        w.set_value(&format!("rating-yp-{goal}"), "4").await?;
        w.set_value(&format!("rating-coach-{goal}"), "3").await?;
        w.type_date(
            &format!("rating-on-{goal}"),
            &(today - Duration::days(14)).to_string(),
        )
        .await?;
        w.click(&format!("rating-save-{goal}")).await?;
        w.text_contains("goals-list", "Jordan's view 4").await?;
        w.click(&format!("review-{goal}")).await?;
        w.set_value(&format!("rating-yp-{goal}"), "6").await?;
        w.set_value(&format!("rating-coach-{goal}"), "5").await?;
        w.click(&format!("rating-save-{goal}")).await?;
        w.text_contains("goals-list", "Jordan's view from 4 to 6")
            .await?;
        w.css("[id^='goal-chart-'] svg circle").await?;
        w.js("document.querySelector(\"[id^='goal-chart-']\").scrollIntoView();")
            .await?;
        w.screenshot(shots, "08e-goal-scores").await?;
        w.click("check-start").await?;
        w.click("check-save").await?;
        w.id("check-eet-error").await?;
        w.click("check-eet-neet").await?;
        w.click("check-risks-neet").await?;
        w.set_value("check-wellbeing", "5").await?;
        w.click("check-save").await?;
        w.text_contains("checks-table", "Not in education").await?;
        w.text_contains("comparison", "Baseline").await?;
        w.screenshot(shots, "08e-goals").await?;
        check_layout(w, "goals and outcomes").await?;
        w.click_css("a.back-link").await?;
        Ok(())
    })
    .await
}

/// An activity (its warnings until fixed), a concern and delegated authority by keyboard, a
/// residential to sign-off, its trip pack and the calendar file.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_activity_a_residential_its_trip_pack_and_the_calendar_are_planned() -> Result<()> {
    at_both_sizes(jordan_with_a_safety_plan, async |s: &Screen<'_>| {
        let (w, shots) = (s.w, s.shots.as_path());
        let today = Local::now().date_naive();
        open_young_person(w).await?;
        // An activity: refused empty, then planned with an expired licence, which the plan warns
        // about until the licence is renewed.
        w.click("plan-activity").await?;
        w.click("activity-submit").await?;
        w.id("activity-title-error").await?;
        w.id("activity-provider-error").await?;
        w.type_into("activity-title", "Climbing taster").await?;
        w.set_value("activity-kind", "outdoor_education").await?;
        w.click("activity-adventure-climbing").await?;
        w.type_into("activity-provider", "Peak Adventures").await?;
        w.click("activity-insurance").await?;
        w.click("activity-safeguarding").await?;
        w.type_into("activity-licence-number", "R1234").await?;
        w.type_date("activity-licence-expires", &today.to_string())
            .await?;
        w.screenshot(shots, "08f-activity-form").await?;
        check_layout(w, "plan an activity").await?;
        w.click("activity-submit").await?;
        w.text_contains("activities-list", "expires on").await?;
        w.screenshot(shots, "08g-activity-warning").await?;
        w.click_css("a[id^='activity-edit-']").await?;
        w.type_date(
            "activity-licence-expires",
            &(today + Duration::days(365)).to_string(),
        )
        .await?;
        w.set_value("activity-consent-holder", "social_worker")
            .await?;
        w.type_into("activity-consent-given-by", "Priya Shah")
            .await?;
        w.click("activity-submit").await?;
        w.id("activity-consent-evidence-error").await?;
        w.type_into("activity-consent-evidence", "Email to the coach")
            .await?;
        w.type_date("activity-consent-given-on", &today.to_string())
            .await?;
        w.click("activity-submit").await?;
        // Licence and consent are fine now; climbing still needs its risk assessment signed off.
        let warnings = w
            .text_contains("activities-list", "No risk assessment yet")
            .await?;
        ensure!(
            !warnings.contains("expires on") && !warnings.contains("No consent"),
            "the activity still warns: {warnings:?}"
        );
        let status = w.css("[id^='activity-status-']").await?.text().await?;
        ensure!(status == "Not ready", "the activity is {status:?}");

        // The keyboard alone: a concern raised from the young person's page with Tab, the arrow
        // keys, Space and Enter, then delegated authority recorded the same way.
        keyboard_concern(w).await?;
        keyboard_authority(w).await?;

        // A family residential planned from an empty form to waiting for sign-off; its trip pack
        // on screen and as a PDF, and the calendar as an iCalendar file, both read back by
        // independent parsers.
        plan_residential(w, "carer", "Priya Shah", Some(shots)).await?;
        check_layout(w, "residential").await?;
        trip_pack_and_calendar(w, s.exports, shots).await?;
        Ok(())
    })
    .await
}

/// The keyboard alone records a session and writes its note, a missing episode, a goal and a
/// chronology entry.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_keyboard_alone_records_a_session_a_missing_episode_a_goal_and_an_entry() -> Result<()>
{
    at_both_sizes(jordan, async |s: &Screen<'_>| {
        let w = s.w;
        // From the caseload the unlock left open.
        w.nav("caseload").await?;
        w.click_css("a[id^='young-person-link-']").await?;
        keyboard_session(w).await?;
        w.tab_to("back").await?;
        w.keys(&ENTER.to_string()).await?;
        keyboard_missing(w).await?;
        keyboard_goal_and_chronology(w).await?;
        Ok(())
    })
    .await
}

/// From the open young person's page: adds the social worker with a phone number, plans a
/// family residential (refused empty first), clears every checklist item but the risk
/// assessment, then writes the assessment (refused empty first) and sends it for sign-off.
/// Ends on the residential's page. `holder` must hold delegated authority for overnight stays.
pub(crate) async fn plan_residential(
    w: &Window,
    holder: &str,
    holder_name: &str,
    shots: Option<&Path>,
) -> Result<()> {
    let today = Local::now().date_naive();
    w.click("contact-add-open").await?;
    w.type_into("contact-name", "Priya Shah").await?;
    w.set_value("contact-role", "social_worker").await?;
    w.type_into("contact-phone", "0333 013 2000").await?;
    w.click("contact-save").await?;
    w.text_contains("contacts-list", "0333 013 2000").await?;
    // The supervisor's number comes first among the numbers shown with a concern.
    w.click("contact-add-open").await?;
    w.type_into("contact-name", "Dee Hart").await?;
    w.set_value("contact-role", "supervisor").await?;
    w.type_into("contact-phone", "07700 900456").await?;
    w.click("contact-save").await?;
    w.text_contains("contacts-list", "07700 900456").await?;
    w.click("raise-concern").await?;
    w.text_contains("safeguarding-numbers", "Dee Hart").await?;
    let first = w
        .css("#safeguarding-numbers li[id^='number-'] a")
        .await?
        .attr("href")
        .await?;
    ensure!(
        first.as_deref() == Some("tel:07700900456"),
        "the first number with a concern is {first:?}, not the supervisor's"
    );
    let missing = w.id("numbers-missing").await?.text().await?;
    ensure!(
        !missing.contains("your supervisor") && missing.contains("the emergency duty team"),
        "the numbers not on file read {missing:?}"
    );
    w.click("back").await?;

    w.click("plan-residential").await?;
    w.click("residential-submit").await?;
    w.id("residential-title-error").await?;
    w.id("residential-venue-error").await?;
    w.type_into("residential-title", "Family weekend at Brandon")
        .await?;
    w.type_date(
        "residential-arrives",
        &(today + Duration::days(14)).to_string(),
    )
    .await?;
    w.type_date(
        "residential-leaves",
        &(today + Duration::days(16)).to_string(),
    )
    .await?;
    w.type_into("residential-venue", "Brandon Lodge").await?;
    w.type_into("residential-venue-phone", "01842 810000")
        .await?;
    w.type_into("residential-transport", "Minibus from the home")
        .await?;
    w.type_into("residential-family", "Donna (mum)").await?;
    w.type_into("residential-staff", "Alex Morgan").await?;
    for (i, plan) in [
        "Arrive, walk to the lake",
        "Canoeing, film night",
        "Pack, home by 3 pm",
    ]
    .iter()
    .enumerate()
    {
        w.type_into(&format!("itinerary-{i}"), plan).await?;
    }
    w.type_into("budget-item-0", "Lodge, two nights").await?;
    w.type_into("budget-planned-0", "240").await?;
    w.type_into(
        "residential-medical",
        "Inhaler for asthma, carried by the young person",
    )
    .await?;
    w.set_value("residential-consent-holder", holder).await?;
    w.type_into("residential-consent-given-by", holder_name)
        .await?;
    w.type_into("residential-consent-evidence", "Signed form")
        .await?;
    w.type_date("residential-consent-given-on", &today.to_string())
        .await?;
    if let Some(dir) = shots {
        w.screenshot(dir, "08h-residential-form").await?;
    }
    w.click("residential-submit").await?;
    w.path_matches("the residential's page", |p| p.contains("/residential"))
        .await?;
    let ready = w
        .text_contains("residential-ready", "Not ready: 1 of 6")
        .await?;
    let checklist = w
        .text_contains("residential-checklist", "No risk assessment yet")
        .await?;
    ensure!(
        !checklist.contains("No consent") && !checklist.contains("phone"),
        "more than the risk assessment is missing: {ready} {checklist:?}"
    );
    if let Some(dir) = shots {
        w.screenshot(dir, "08i-residential-checklist").await?;
    }

    w.click("residential-risk-link").await?;
    w.click("risk-send").await?;
    w.id("risk-hazards-error").await?;
    w.id("risk-staffing-error").await?;
    w.type_into("risk-hazard-0", "Open water at the lake")
        .await?;
    w.type_into(
        "risk-controls-0",
        "Buoyancy aids; centre instructors; no swimming",
    )
    .await?;
    w.click("risk-personal-missing").await?;
    w.type_into(
        "risk-personal-missing-plan",
        "Check-ins at 9 pm and 11 pm; phone charged",
    )
    .await?;
    w.type_into("risk-staffing", "Alex Morgan and a centre instructor; 1:2")
        .await?;
    w.type_into(
        "risk-emergency-plan",
        "Call 999; West Suffolk Hospital is 25 minutes away",
    )
    .await?;
    if let Some(dir) = shots {
        w.screenshot(dir, "08j-risk-assessment").await?;
    }
    check_layout(w, "risk assessment").await?;
    w.click("risk-send").await?;
    w.text_contains("risk-standing-tag", "Waiting for the supervisor")
        .await?;
    w.id("risk-saved").await?;
    w.click_css("a.back-link").await?;
    w.text_contains("residential-risk-label", "Waiting").await?;
    Ok(())
}

/// The residential's trip pack on screen and printed to PDF, then the calendar saved as an
/// iCalendar file; each file is read back by an independent parser (lopdf, icalendar).
async fn trip_pack_and_calendar(w: &Window, exports: &Path, shots: &Path) -> Result<()> {
    for entry in std::fs::read_dir(exports)? {
        std::fs::remove_file(entry?.path())?;
    }
    // The folder was emptied above, so the one file of a kind is the one just written.
    let exported = |ext: &str| -> Result<std::path::PathBuf> {
        std::fs::read_dir(exports)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .find(|p| p.extension().is_some_and(|x| x == ext))
            .with_context(|| format!("no .{ext} file was written"))
    };
    w.click("residential-trip-pack-link").await?;
    w.text_contains("pack-contacts", "999").await?;
    w.text_contains("pack-missing", "Check-ins at 9 pm").await?;
    w.text_contains("pack-safety", "Oak House 01245 000222")
        .await?;
    w.text_contains("pack-itinerary", "Canoeing").await?;
    w.screenshot(shots, "08k-trip-pack").await?;
    check_layout(w, "trip pack").await?;
    w.click("export-trip-pack").await?;
    w.id("trip-pack-saved").await?;
    let pdf = lopdf::Document::load(exported("pdf")?).context("the trip pack PDF does not open")?;
    let pages: Vec<u32> = pdf.get_pages().keys().copied().collect();
    let text = pdf.extract_text(&pages)?;
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for expected in [
        "Trip pack: Family weekend at Brandon",
        "0333 013 2000",
        "If Jordan goes missing",
        "Inhaler for asthma",
        "Canoeing, film night",
    ] {
        ensure!(
            flat.contains(expected),
            "the PDF lacks {expected:?}: {flat}"
        );
    }

    w.nav("calendar").await?;
    w.text_contains("main", "Family weekend at Brandon").await?;
    // A session planned from the calendar: refused without saying who it is with.
    w.click("plan-session-open").await?;
    w.type_into("plan-session-purpose", "College application")
        .await?;
    w.click("plan-session-submit").await?;
    w.id("plan-session-young-person-error").await?;
    let who = w
        .css("#plan-session-young-person option:not([value=''])")
        .await?
        .attr("value")
        .await?
        .context("no young person to choose")?;
    w.set_value("plan-session-young-person", &who).await?;
    w.click("plan-session-submit").await?;
    w.id("plan-session-done").await?;
    w.text_contains("agenda", "Session: College application")
        .await?;
    w.screenshot(shots, "08l-calendar").await?;
    check_layout(w, "calendar").await?;
    w.click("export-calendar").await?;
    w.id("export-done").await?;
    let text = std::fs::read_to_string(exported("ics")?)?;
    let unfolded = icalendar::parser::unfold(&text);
    let calendar = icalendar::parser::read_calendar(&unfolded)
        .map_err(|e| anyhow::anyhow!("the calendar file does not parse: {e}"))?;
    let summaries: Vec<String> = calendar
        .components
        .iter()
        .filter(|c| c.name == "VEVENT")
        .flat_map(|c| c.properties.iter().filter(|p| p.name == "SUMMARY"))
        .map(|p| p.val.to_string())
        .collect();
    ensure!(
        summaries.contains(&"Residential with J.: Family weekend at Brandon".to_owned())
            && summaries.contains(&"Climbing taster with J.".to_owned())
            && summaries.contains(&"Session with J.".to_owned()),
        "the calendar holds {summaries:?}"
    );
    ensure!(
        !text.contains("Jordan"),
        "the calendar file names the young person"
    );
    Ok(())
}

/// Records a young person as missing without the mouse.
async fn keyboard_missing(w: &Window) -> Result<()> {
    w.tab_to("record-missing").await?;
    w.keys(&ENTER.to_string()).await?;
    w.tab_to("missing-police-reference").await?;
    w.keys("EX-KEY-1").await?;
    w.tab_to_group("missing-back").await?;
    w.keys(" ").await?;
    w.tab_to("missing-submit").await?;
    w.keys(&ENTER.to_string()).await?;
    w.text_contains("missing-list", "Still missing").await?;
    Ok(())
}

/// Agrees a goal and adds a chronology entry without the mouse.
async fn keyboard_goal_and_chronology(w: &Window) -> Result<()> {
    w.tab_to("open-goals").await?;
    w.keys(&ENTER.to_string()).await?;
    w.tab_to("goal-add-open").await?;
    w.keys(&ENTER.to_string()).await?;
    w.tab_to("goal-words").await?;
    w.keys("Cook a meal for my sister").await?;
    w.tab_to("goal-area").await?;
    w.keys("I").await?; // "Independent living", chosen by its first letter
    w.tab_to("goal-add").await?;
    w.keys(&ENTER.to_string()).await?;
    w.text_contains("goals-list", "Cook a meal").await?;
    w.tab_to("back").await?;
    w.keys(&ENTER.to_string()).await?;
    w.tab_to("open-chronology").await?;
    w.keys(&ENTER.to_string()).await?;
    w.tab_to("chronology-title").await?;
    w.keys("Sister's birthday tea").await?;
    w.tab_to("chronology-add").await?;
    w.keys(&ENTER.to_string()).await?;
    w.text_contains("chronology-list", "birthday tea").await?;
    Ok(())
}

/// Records a session and starts its note without the mouse, from the young person's page.
async fn keyboard_session(w: &Window) -> Result<()> {
    w.tab_to("record-session").await?;
    w.keys(&ENTER.to_string()).await?;
    w.id("record-session-form").await?;
    for group in ["session-setting", "session-mode", "session-activity"] {
        w.tab_to_group(group).await?;
        w.keys(" ").await?;
    }
    w.tab_to("record-submit").await?;
    w.keys(&ENTER.to_string()).await?;
    w.path_matches("a session page", |p| p.starts_with("/sessions/"))
        .await?;
    w.tab_to("note-what-happened").await?;
    w.keys("Played pool at the youth club and talked about the weekend.")
        .await?;
    w.text_contains("save-status", "Saved").await?;
    let typed = w.value("note-what-happened").await?;
    ensure!(
        typed.contains("youth club"),
        "the keyboard's note was not kept: {typed:?}"
    );
    Ok(())
}

const ENTER: char = '\u{e007}';
const DOWN: char = '\u{e015}';
const TAB: char = '\u{e004}';

/// Raises a concern without the mouse, from the young person's page.
async fn keyboard_concern(w: &Window) -> Result<()> {
    w.tab_to("raise-concern").await?;
    w.keys(&ENTER.to_string()).await?;
    w.id("concern-form").await?;
    // Tab reaches the first urgency; the arrow moves to "today". The same for the category.
    w.tab_to("concern-urgency-immediate").await?;
    w.keys(&DOWN.to_string()).await?;
    ensure!(
        w.focused().await? == "concern-urgency-today",
        "the arrow key did not move to the next urgency"
    );
    w.keys(&TAB.to_string()).await?; // to the next group
    w.keys(&DOWN.to_string()).await?;
    w.tab_to("concern-what").await?;
    w.keys("Said he was scared to go back to the flat.").await?;
    w.tab_to("concern-told-police").await?;
    w.keys(" ").await?;
    w.tab_to("concern-submit").await?;
    w.keys(&ENTER.to_string()).await?;
    w.id("concern-raised").await?;
    w.tab_to("concern-see-all").await?;
    w.keys(&ENTER.to_string()).await?;
    w.text_contains("concerns-list", "scared to go back")
        .await?;
    Ok(())
}

/// Records who may consent to overnight stays without the mouse; a missing name is refused.
pub(crate) async fn keyboard_authority(w: &Window) -> Result<()> {
    w.tab_to("authority-change-overnight").await?;
    w.keys(&ENTER.to_string()).await?;
    ensure!(
        w.focused().await? == "authority-holder",
        "the form did not take the focus"
    );
    w.set_value("authority-holder", "carer").await?;
    w.tab_to("authority-save").await?;
    w.keys(&ENTER.to_string()).await?;
    w.id("authority-name-error").await?;
    w.tab_to("authority-name").await?;
    w.keys("Priya Shah, Oak House").await?;
    w.tab_to("authority-save").await?;
    w.keys(&ENTER.to_string()).await?;
    w.text_contains("authority-overnight", "Priya Shah").await?;
    ensure!(
        w.focused().await? == "authority-change-overnight",
        "the focus did not return to the row"
    );
    check_layout(w, "young person page with consents").await?;
    Ok(())
}

/// Makes the page's viewport the given size, correcting for the window's decorations.
///
/// A resize reaches the page asynchronously: reading the viewport straight after asking for a
/// new window size can still give the old one (seen under load: the correction was then worked
/// out from the old size and the page ended 44 px too tall). So the decorations are measured
/// only from a settled window (two readings 50 ms apart that agree), and the page is then
/// awaited until it has the size asked for.
async fn fit_viewport(w: &Window, width: u32, height: u32) -> Result<()> {
    let target = (u64::from(width), u64::from(height));
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    let pause = || tokio::time::sleep(std::time::Duration::from_millis(50));
    let read = || async {
        let (_, _, outer_w, outer_h) = w.client.get_window_rect().await?;
        Ok::<_, anyhow::Error>(((outer_w, outer_h), w.viewport().await?))
    };
    let mut seen = read().await?;
    loop {
        pause().await;
        let now = read().await?;
        if now == seen {
            break;
        }
        seen = now;
        ensure!(
            std::time::Instant::now() < deadline,
            "the window kept changing size: {seen:?}"
        );
    }
    let (outer, inner) = seen;
    if inner == target {
        return Ok(());
    }
    let size = (
        u64::from(width) + outer.0.saturating_sub(inner.0),
        u64::from(height) + outer.1.saturating_sub(inner.1),
    );
    w.client
        .set_window_size(u32::try_from(size.0)?, u32::try_from(size.1)?)
        .await?;
    loop {
        let viewport = w.viewport().await?;
        if viewport == target {
            return Ok(());
        }
        ensure!(
            std::time::Instant::now() < deadline,
            "the page is {viewport:?}, not {width}×{height} (window asked to be {size:?})"
        );
        pause().await;
    }
}

/// Nothing on the screen may need sideways scrolling, and axe-core finds no serious or
/// critical WCAG 2.2 AA violation on it.
async fn check_layout(w: &Window, screen: &str) -> Result<()> {
    let sticking_out = w.sideways_overflow().await?;
    ensure!(
        sticking_out.is_empty(),
        "the {screen} screen scrolls sideways: {}",
        sticking_out.join(", ")
    );
    let violations = w.accessibility_violations().await?;
    ensure!(
        violations.is_empty(),
        "the {screen} screen has accessibility violations:\n{}",
        violations.join("\n")
    );
    // On a phone the header and the sync line leave the screen to the content: one row each.
    let (width, _) = w.viewport().await?;
    if width <= 640 {
        let bottom = w
            .js("const line = document.querySelector('.sync-line') ?? document.querySelector('.app-header');
                 return line === null ? 0 : Math.round(line.getBoundingClientRect().bottom + window.scrollY);")
            .await?
            .as_f64()
            .unwrap_or(f64::MAX);
        ensure!(
            bottom <= f64::from(HEADER_MAX_PX),
            "on the {screen} screen the header and sync line take {bottom} px of a phone (at most {HEADER_MAX_PX})"
        );
    }
    Ok(())
}

/// The most a phone's header and sync line may take together, in CSS pixels (of 844).
const HEADER_MAX_PX: u32 = 92;

/// Checks that a caseload card's main action, Record a session, is on the first screen.
async fn record_is_above_the_fold(w: &Window) -> Result<()> {
    let (_, height) = w.viewport().await?;
    let bottom = w
        .js("const b = document.querySelector(\"[id^='record-session-']\");
             return b === null ? null : Math.round(b.getBoundingClientRect().bottom + window.scrollY);")
        .await?;
    let bottom = bottom
        .as_f64()
        .ok_or_else(|| anyhow!("no Record a session on the caseload"))?;
    ensure!(
        bottom <= height as f64,
        "Record a session ends at {bottom} px, below the first screen ({height} px)"
    );
    Ok(())
}
