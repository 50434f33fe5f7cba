//! A coach's device and a supervisor's device syncing through a real service, each a real window
//! of the app driven over WebDriver: enrol (a wrong code first), the administrator approves, the
//! coach records a session, the supervisor reads it read-only on the Team page and comments, and
//! the comment reaches the coach; then the coach plans a family residential, the supervisor signs
//! off its risk assessment, and the coach's plan becomes ready. Screenshots go to `artifacts/screenshots/sync-1280x800/`.

use crate::{PASSPHRASE, fit_viewport};
use anyhow::{Context, Result, ensure};
use chrono::{Duration, Local, Months};
use insideout_protocol::api::{DeviceStatus, Role};
use insideout_server::admin;
use insideout_server::api::{Config, Service, system_clock};
use insideout_server::db::Database;
use insideout_server::db::sqlite::SqliteDb;
use insideout_server::kit::Organisation;
use insideout_server::serve::spawn_local;
use insideout_tests::{Display, Driver, Window, screenshot_dir};
use std::path::Path;

/// The service, in this process: team `north` with coaches `coach-1` and `coach-2` (who has no
/// device yet) and supervisor `sup-1`.
struct Org {
    _dir: tempfile::TempDir,
    db: SqliteDb,
    url: String,
    org: Organisation,
}

async fn organisation() -> Result<Org> {
    let dir = tempfile::tempdir()?;
    let db = SqliteDb::open(&dir.path().join("service.db"))?;
    db.migrate().await?;
    let org = Organisation::create(
        &db,
        "north",
        &[
            ("coach", "coach-1"),
            ("coach", "coach-2"),
            ("supervisor", "sup-1"),
        ],
        system_clock()(),
    )
    .await?;
    let addr = spawn_local(Service::new(db.clone(), Config::default(), system_clock())).await?;
    Ok(Org {
        _dir: dir,
        db,
        url: format!("http://{addr}"),
        org,
    })
}

impl Org {
    /// The connection link a supervisor's device shows: the address and the fingerprint.
    fn link(&self) -> String {
        insideout_app::qr::enrolment_link(&self.url, &self.org.fingerprint(), None)
    }

    async fn code(&self, person: &str) -> Result<String> {
        let p = admin::person_by_label(&self.db, person).await?;
        Ok(admin::enrolment_code(&self.db, p.id, 1, system_clock()()).await?)
    }

    /// The organisation key approves the one device of this role waiting for approval, with
    /// the code read off that device's own screen, and the device's owner checks the
    /// organisation's fingerprint on the screen and confirms.
    async fn approve_pending(&self, w: &Window, role: Role) -> Result<()> {
        let pending: Vec<_> = self
            .db
            .devices()
            .await?
            .into_iter()
            .filter(|d| d.role == role && d.status == DeviceStatus::Pending)
            .collect();
        ensure!(
            pending.len() == 1,
            "{} pending devices of that role",
            pending.len()
        );
        w.nav("settings").await?;
        let code = w.text_contains("own-code", "-").await?;
        // The same code as a QR code, for an approver's phone to scan.
        w.id("own-code-qr").await?;
        // A code that is not the one on the screen approves nothing.
        ensure!(
            admin::approve_device(
                &self.db,
                &self.org.key,
                &pending[0].id.to_string(),
                "AAAA-BBBB-CCCC",
                system_clock()()
            )
            .await
            .is_err(),
            "a wrong code was accepted"
        );
        admin::approve_device(
            &self.db,
            &self.org.key,
            &pending[0].id.to_string(),
            code.trim(),
            system_clock()(),
        )
        .await?;
        w.click("sync-now").await?;
        w.text_contains("approval-code", &self.org.fingerprint())
            .await?;
        w.click("confirm-approval").await?;
        w.text_contains("sync-device-status", "Approved").await?;
        Ok(())
    }
}

async fn open(driver: &Driver, data: &Path) -> Result<Window> {
    let w = driver
        .open_app(&["--data-dir", &data.to_string_lossy()])
        .await?;
    fit_viewport(&w, 1280, 800).await?;
    Ok(w)
}

async fn first_run(w: &Window, name: &str) -> Result<()> {
    w.type_into("coach-name", name).await?;
    w.type_into("passphrase", PASSPHRASE).await?;
    w.type_into("passphrase-confirm", PASSPHRASE).await?;
    w.click("create-profile").await?;
    w.id("nav-settings").await?;
    Ok(())
}

/// An enrolled device's window opened again: unlocked and synced.
async fn reopen(driver: &Driver, data: &Path) -> Result<Window> {
    let w = open(driver, data).await?;
    unlock(&w).await?;
    sync_now(&w).await?;
    Ok(w)
}

async fn unlock(w: &Window) -> Result<()> {
    w.type_into("unlock-passphrase", PASSPHRASE).await?;
    w.click("unlock").await?;
    w.gone("#unlock-passphrase").await?;
    Ok(())
}

/// Settings → sync now, until everything this device holds has gone. One press: the screen
/// shows the attempt's own result (an older "Sync now" answer no longer replaces it).
async fn sync_now(w: &Window) -> Result<()> {
    w.nav("settings").await?;
    w.click("sync-now").await?;
    w.text_contains("sync-summary", "All records sent").await?;
    Ok(())
}

async fn enrol(w: &Window, service: &Org, person: &str) -> Result<()> {
    // Clicking Settings while on Settings starts a navigation to the same page whose focus
    // reset lands a moment later, while the form it left in place is already being typed into:
    // the rest of the address went to the page, not the field. So navigate only from elsewhere.
    if w.path().await? != "/settings" {
        w.nav("settings").await?;
    }
    w.type_into("connection-link", &service.link()).await?;
    w.type_into("enrolment-code", &service.code(person).await?)
        .await?;
    w.click("enrol").await?;
    if let Err(e) = w.text_contains("sync-device-status", "approv").await {
        // Say what the screen showed instead: a refusal, or a request still running.
        let summary = match w.css("#error-summary").await {
            Ok(el) => el.text().await.unwrap_or_default(),
            Err(_) => "no error summary".to_owned(),
        };
        let button = match w.css("#enrol").await {
            Ok(el) => el.text().await.unwrap_or_default(),
            Err(_) => "no enrol button".to_owned(),
        };
        let typed = w.value("connection-link").await.unwrap_or_default();
        return Err(e.context(format!(
            "enrolling {person}: error summary {summary:?}; button {button:?}; link field {typed:?} (typed {:?})",
            service.link()
        )));
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_coachs_session_reaches_the_supervisor_and_the_supervisors_comment_reaches_the_coach()
-> Result<()> {
    let _one_window_at_a_time = crate::ONE_AT_A_TIME.lock().await;
    let service = organisation().await?;
    let display = Display::start(1400, 1000)?;
    let driver = Driver::start(&display, &[("INSIDEOUT_WORK_FACTOR", "10")]).await?;
    let shots = screenshot_dir("sync-1280x800")?;
    let (coach_dir, sup_dir) = (tempfile::tempdir()?, tempfile::tempdir()?);

    // The coach's laptop: a bare web address is refused (a connection link is needed); a wrong
    // code is refused and keeps the link typed; then enrolled.
    let w = open(&driver, coach_dir.path()).await?;
    first_run(&w, "Alex Morgan").await?;
    w.nav("settings").await?;
    w.type_into("connection-link", &service.url).await?;
    w.click("enrol").await?;
    w.text_contains("connection-link-error", "web address")
        .await?;
    w.id("enrolment-code-error").await?;
    w.screenshot(&shots, "01-enrol-bare-address").await?;
    w.set_value("connection-link", "").await?;
    w.type_into("connection-link", &service.link()).await?;
    w.type_into("enrolment-code", "AAAA-BBBB-CCCC").await?;
    w.click("enrol").await?;
    w.text_contains("enrolment-code-error", "does not know this enrolment code")
        .await?;
    w.screenshot(&shots, "01a-enrol-wrong-code").await?;
    crate::check_layout(&w, "settings").await?;
    let kept = w.value("connection-link").await?;
    ensure!(
        kept == service.link(),
        "the connection link was lost on an error: {kept:?}"
    );
    w.set_value("connection-link", "").await?;
    w.set_value("enrolment-code", "").await?;
    // A fingerprint of another organisation is refused, whatever the service says.
    let other = insideout_app::qr::enrolment_link(&service.url, "ABCD-EFGH-JKLM-NPQR", None);
    w.type_into("connection-link", &other).await?;
    w.type_into("enrolment-code", &service.code("coach-1").await?)
        .await?;
    w.click("enrol").await?;
    w.text_contains("error-summary", "another organisation")
        .await?;
    w.screenshot(&shots, "01b-enrol-wrong-organisation").await?;
    w.set_value("connection-link", "").await?;
    w.set_value("enrolment-code", "").await?;
    // A picture of the supervisor's QR code fills in the link; a picture without one is
    // refused at the picture, with what to do instead.
    let pictures = tempfile::tempdir()?;
    let not_a_code = pictures.path().join("holiday.png");
    std::fs::write(
        &not_a_code,
        insideout_app::testkit::qr_png("https://example.org/holiday", 6),
    )?;
    w.type_into("link-picture", &not_a_code.display().to_string())
        .await?;
    w.text_contains("link-picture-error", "not a connection link")
        .await?;
    w.screenshot(&shots, "01c-enrol-picture-refused").await?;
    let qr = pictures.path().join("supervisor-screen.png");
    std::fs::write(&qr, insideout_app::testkit::qr_png(&service.link(), 6))?;
    w.type_into("link-picture", &qr.display().to_string())
        .await?;
    w.text_contains("link-picture-read", "supervisor-screen.png")
        .await?;
    let filled = w.value("connection-link").await?;
    ensure!(
        filled == service.link(),
        "the picture gave {filled:?}, not {:?}",
        service.link()
    );
    ensure!(
        w.js("return document.getElementById('link-picture-error') === null;")
            .await?
            == serde_json::Value::Bool(true),
        "the picture's error stayed after a good picture"
    );
    w.screenshot(&shots, "01d-enrol-picture-read").await?;
    w.set_value("connection-link", "").await?;
    enrol(&w, &service, "coach-1").await?;
    w.screenshot(&shots, "02-enrolled-waiting").await?;
    service.approve_pending(&w, Role::Coach).await?;
    w.screenshot(&shots, "02b-approved").await?;
    // An approved device shows how to connect another: the connection link with the address and
    // the fingerprint it pinned, as text and as a QR code.
    w.click_css("#enrol-another > summary").await?;
    w.text_contains("org-fingerprint-shown", &service.org.fingerprint())
        .await?;
    w.text_contains("connection-link-shown", &service.link())
        .await?;
    w.id("enrolment-qr").await?;
    w.screenshot(&shots, "02c-connect-another-device").await?;

    // A young person and a session with a finalised note, then sync.
    w.nav("caseload").await?;
    w.click("add-young-person").await?;
    let today = Local::now().date_naive();
    let start = today - Duration::days(30);
    w.type_into("preferred-name", "Jordan").await?;
    w.type_date("date-of-birth", &(today - Months::new(12 * 15)).to_string())
        .await?;
    w.type_into("local-authority", "Suffolk").await?;
    w.set_value("legal-status", "care_order").await?;
    w.type_date("referral-date", &(start - Duration::days(14)).to_string())
        .await?;
    w.type_date("start-date", &start.to_string()).await?;
    w.type_date("planned-end-date", &(start + Months::new(18)).to_string())
        .await?;
    w.click("save-young-person").await?;
    w.text_contains("young-person-name", "Jordan").await?;
    w.click("record-session").await?;
    let yesterday = today - Duration::days(1);
    w.type_date("session-start", &format!("{yesterday}T16:00"))
        .await?;
    w.type_date("session-end", &format!("{yesterday}T18:00"))
        .await?;
    w.click("session-setting-community").await?;
    w.click("session-mode-face_to_face").await?;
    w.click("session-activity-coaching").await?;
    w.click("record-submit").await?;
    w.path_matches("a session page", |p| p.starts_with("/sessions/"))
        .await?;
    w.type_into("note-what-happened", "Cooked a curry together at the flat.")
        .await?;
    w.text_contains("save-status", "Saved").await?;
    w.click("finalise").await?;
    w.click("finalise-confirm").await?;
    w.id("finalised-notice").await?;
    // Going out with Jordan tonight: the coach checks in.
    w.nav("caseload").await?;
    w.click_css("a[id^='young-person-link-']").await?;
    w.click("check-in-start").await?;
    w.type_into("check-in-area", "Chelmsford town centre")
        .await?;
    let until = (Local::now() + Duration::hours(2))
        .format("%H:%M")
        .to_string();
    w.type_into("check-in-until", &until).await?;
    w.click("check-in-save").await?;
    w.text_contains("checked-in", "Chelmsford").await?;
    sync_now(&w).await?;
    w.screenshot(&shots, "03-coach-synced").await?;
    w.close().await?;

    // The supervisor's laptop enrols; once approved, the coach's device shares the case key.
    let s = open(&driver, sup_dir.path()).await?;
    first_run(&s, "Sam Okafor").await?;
    // The supervisor pastes a link that carries the code too (what scanning the QR code the key
    // holder hands out gives): nothing else to type.
    s.nav("settings").await?;
    let code = service.code("sup-1").await?;
    let link =
        insideout_app::qr::enrolment_link(&service.url, &service.org.fingerprint(), Some(&code));
    s.set_value("connection-link", &link).await?;
    s.click("enrol").await?;
    s.text_contains("sync-device-status", "approv").await?;
    service.approve_pending(&s, Role::Supervisor).await?;
    sync_now(&s).await?;
    s.close().await?;
    let w = reopen(&driver, coach_dir.path()).await?;
    // The supervisor's device is a new reader of Jordan's record: a notice the coach reads and
    // acknowledges, and the record's list of readers names both devices.
    w.nav("caseload").await?;
    w.click_css("a[id^='young-person-link-']").await?;
    let notice = w.text_contains("new-readers", "supervisor").await?;
    ensure!(
        notice.contains("approved by the organisation key"),
        "the notice says {notice:?}"
    );
    w.screenshot(&shots, "03b-new-reader-notice").await?;
    crate::check_layout(&w, "young person with a new reader").await?;
    w.click("acknowledge-readers").await?;
    w.gone("#new-readers").await?;
    let readers = w.text_contains("readers-list", "this device").await?;
    ensure!(
        readers.contains("A supervisor of your team"),
        "the readers are {readers:?}"
    );
    w.close().await?;

    // The supervisor reads the session read-only from the Team page and comments on it.
    let s = reopen(&driver, sup_dir.path()).await?;
    s.nav("team").await?;
    let updates = s.text_contains("updates-list", "Jordan").await?;
    ensure!(
        updates.contains("Note finalised") && updates.contains("Session recorded"),
        "the Team page lists {updates:?}"
    );
    // Who is out now: the coach, with Jordan, in the area they gave.
    let out = s.text_contains("out-now-list", "Alex Morgan").await?;
    ensure!(
        out.contains("Chelmsford town centre"),
        "out now reads {out:?}"
    );
    // The team at a glance: the coach by the name they gave, with Jordan's figures.
    let glance = s.text_contains("team-overview", "Alex Morgan").await?;
    ensure!(
        glance.contains("Jordan") && glance.contains("of 25 h") && glance.contains(" of 18"),
        "the team at a glance reads {glance:?}"
    );
    s.screenshot(&shots, "04-supervisor-team").await?;
    crate::check_layout(&s, "team").await?;
    // The coach's devices by the names they gave themselves inside Jordan's case.
    let table = s.id("devices-table").await?;
    s.scroll_into_view(&table).await?;
    let devices = s.text_contains("devices-table", "Alex's computer").await?;
    ensure!(
        devices.contains("Alex Morgan") && devices.contains("Sam's computer"),
        "the devices table reads {devices:?}"
    );
    s.screenshot(&shots, "04a-supervisor-team-devices").await?;
    s.click_css("#updates-list a[href^='/sessions/']").await?;
    s.text_contains("main", "Cooked a curry").await?;
    s.gone("#addendum-submit").await?;
    s.type_into(
        "comment-text",
        "Lovely idea. What did Jordan choose to cook?",
    )
    .await?;
    s.click("add-comment").await?;
    s.id("comment-sent").await?;
    s.screenshot(&shots, "05-supervisor-comment").await?;
    crate::check_layout(&s, "supervisor's session").await?;
    // Management oversight: a case discussion with an action for the coach (refused empty).
    s.nav("caseload").await?;
    s.click_css("a[id^='young-person-link-']").await?;
    s.click("discussion-open").await?;
    s.click("discussion-save").await?;
    s.id("discussion-discussed-error").await?;
    s.type_date("discussion-on", &today.to_string()).await?;
    s.type_into(
        "discussion-discussed",
        "Jordan's cooking and his plans for college.",
    )
    .await?;
    s.type_into("discussion-action-0-what", "Visit the college open day")
        .await?;
    s.type_into("discussion-action-0-owner", "Alex").await?;
    s.type_date(
        "discussion-action-0-due",
        &(today + Duration::days(5)).to_string(),
    )
    .await?;
    s.click("discussion-save").await?;
    s.text_contains("discussions-list", "Visit the college open day")
        .await?;
    s.screenshot(&shots, "05b-supervisor-case-discussion")
        .await?;
    crate::check_layout(&s, "supervisor's case discussion").await?;
    // Formal supervision of the coach, from the Team page (refused empty first): in the coach's
    // own records, which the coach's device opened at its first sync.
    s.nav("team").await?;
    s.text_contains("coach-supervision-0", "none recorded yet")
        .await?;
    s.id("coach-supervision-due-0").await?;
    s.click("coach-supervision-link-0").await?;
    s.text_contains("supervision-standing", "No supervision recorded yet")
        .await?;
    s.gone("#supervision-waiting").await?;
    s.click("supervision-open").await?;
    s.click("supervision-save").await?;
    s.id("supervision-discussed-error").await?;
    s.type_date("supervision-on", &today.to_string()).await?;
    s.type_into(
        "supervision-discussed",
        "Evening work, time off in lieu, and the safeguarding refresher.",
    )
    .await?;
    s.type_into(
        "supervision-action-0-what",
        "Book the safeguarding refresher",
    )
    .await?;
    s.type_into("supervision-action-0-owner", "Alex").await?;
    s.type_date(
        "supervision-action-0-due",
        &(today + Duration::days(7)).to_string(),
    )
    .await?;
    s.click("supervision-save").await?;
    s.text_contains("supervisions-list", "Book the safeguarding refresher")
        .await?;
    s.gone("#supervision-standing .tag").await?;
    s.screenshot(&shots, "05c-supervisor-supervision").await?;
    crate::check_layout(&s, "supervision").await?;
    s.nav("caseload").await?;
    s.id("read-only-notice").await?;
    s.gone("#add-young-person").await?;
    s.screenshot(&shots, "06-supervisor-caseload").await?;
    crate::check_layout(&s, "supervisor's caseload").await?;
    sync_now(&s).await?;
    s.close().await?;

    // The comment reaches the coach.
    let w = reopen(&driver, coach_dir.path()).await?;
    w.nav("caseload").await?;
    w.click_css("a[id^='young-person-link-']").await?;
    w.click_css("a[id^='session-link-']").await?;
    let comments = w
        .text_contains("comments-list", "What did Jordan choose")
        .await
        .context("the supervisor's comment did not reach the coach")?;
    ensure!(comments.contains("Sam Okafor"), "comments: {comments:?}");
    w.screenshot(&shots, "07-coach-sees-comment").await?;
    // The inbox counts the comment, the case discussion's action, the supervision and its
    // action, and lists them.
    w.text_contains("inbox-count", "4").await?;
    w.nav("inbox").await?;
    let inbox = w
        .text_contains("inbox-list", "Comment from Sam Okafor")
        .await?;
    ensure!(
        inbox.contains("Visit the college open day")
            && inbox.contains("recorded by Sam Okafor")
            && inbox.contains("Book the safeguarding refresher"),
        "the inbox reads {inbox:?}"
    );
    w.gone("#inbox-count").await?;
    w.screenshot(&shots, "07b-coach-inbox").await?;
    crate::check_layout(&w, "inbox").await?;
    // Back and safe: the coach checks out.
    w.nav("caseload").await?;
    w.click_css("a[id^='young-person-link-']").await?;
    w.click("check-out").await?;
    w.id("check-in-start").await?;
    // The coach's own Team page: the same figures, for the coach alone.
    w.nav("team").await?;
    let mine = w
        .text_contains("team-overview", "Your young people this week")
        .await?;
    ensure!(
        mine.contains("Alex Morgan (you)") && mine.contains("Jordan"),
        "the coach's team page reads {mine:?}"
    );
    w.gone("#devices-heading").await?;
    w.screenshot(&shots, "07a-coach-team-page").await?;
    crate::check_layout(&w, "coach's team page").await?;

    // A family residential planned offline from start to waiting for sign-off, then synced.
    w.nav("caseload").await?;
    w.click_css("a[id^='young-person-link-']").await?;
    crate::keyboard_authority(&w).await?;
    crate::plan_residential(&w, "carer", "Priya Shah", Some(&shots)).await?;
    sync_now(&w).await?;
    w.close().await?;

    // The supervisor finds it on the Team page, reads it, and signs it off (a decision is
    // needed first).
    let s = reopen(&driver, sup_dir.path()).await?;
    s.nav("team").await?;
    s.text_contains("sign-off-list", "Family weekend at Brandon")
        .await?;
    s.id("out-now-empty").await?;
    s.click("sign-off-link-0").await?;
    s.text_contains("risk-read", "Open water at the lake")
        .await?;
    s.gone("#risk-send").await?;
    s.click("decision-submit").await?;
    s.id("decision-error").await?;
    s.click("decision-approved").await?;
    s.click("decision-submit").await?;
    s.text_contains("risk-standing-tag", "Signed off by Sam Okafor")
        .await?;
    s.screenshot(&shots, "08-supervisor-signs-off").await?;
    crate::check_layout(&s, "supervisor's sign-off").await?;
    // The same screen and the Team page on a supervisor's phone.
    fit_viewport(&s, 390, 844).await?;
    crate::check_layout(&s, "supervisor's sign-off at 390x844").await?;
    s.screenshot(&shots, "08a-supervisor-signs-off-phone")
        .await?;
    s.nav("team").await?;
    s.text_contains("sign-off-list", "Signed off by Sam Okafor")
        .await?;
    crate::check_layout(&s, "supervisor's Team page at 390x844").await?;
    s.screenshot(&shots, "08b-supervisor-team-phone").await?;
    fit_viewport(&s, 1280, 800).await?;
    sync_now(&s).await?;
    s.close().await?;

    // The sign-off reaches the coach: the residential is ready.
    let w = reopen(&driver, coach_dir.path()).await?;
    w.nav("caseload").await?;
    w.click_css("a[id^='young-person-link-']").await?;
    w.click_css("a[id^='residential-open-']").await?;
    w.text_contains("residential-ready", "Ready: everything")
        .await
        .context("the sign-off did not make the residential ready")?;
    w.text_contains("residential-risk-label", "Signed off by Sam Okafor")
        .await?;
    w.screenshot(&shots, "09-coach-residential-ready").await?;

    // A concern from raised to closed. The coach raises it and adds a follow-up.
    w.nav("caseload").await?;
    w.click_css("a[id^='young-person-link-']").await?;
    w.click("raise-concern").await?;
    w.click("concern-urgency-today").await?;
    w.click("concern-category-exploitation").await?;
    w.type_into(
        "concern-what",
        "Jordan said a man he met online wants to meet him in town.",
    )
    .await?;
    w.click("concern-submit").await?;
    w.id("concern-raised").await?;
    w.click("concern-see-all").await?;
    let concern = concern_id(&w).await?;
    w.text_contains(
        &format!("concern-state-{concern}"),
        "Waiting for a supervisor",
    )
    .await?;
    w.click(&format!("follow-up-open-{concern}")).await?;
    w.click(&format!("follow-up-save-{concern}")).await?;
    w.id(&format!("follow-up-text-{concern}-error")).await?;
    w.type_into(
        &format!("follow-up-text-{concern}"),
        "Told the social worker; she will speak to Jordan tomorrow.",
    )
    .await?;
    w.click(&format!("follow-up-save-{concern}")).await?;
    w.text_contains(&format!("concern-steps-{concern}"), "Follow-up")
        .await?;
    w.gone(&format!("#acknowledge-{concern}")).await?;
    w.screenshot(&shots, "10-coach-concern-follow-up").await?;
    crate::check_layout(&w, "coach's concern with a follow-up").await?;
    sync_now(&w).await?;
    w.close().await?;

    // The supervisor finds it first on the Team page, acknowledges it, records the decision
    // (refused without one) and closes it with the outcome.
    let s = reopen(&driver, sup_dir.path()).await?;
    s.nav("team").await?;
    s.text_contains("update-0", "Safeguarding concern").await?;
    s.text_contains("update-state-0", "Not acknowledged")
        .await?;
    s.screenshot(&shots, "11-supervisor-concern-first").await?;
    s.click("update-concern-0").await?;
    s.text_contains(
        &format!("concern-steps-{concern}"),
        "Told the social worker",
    )
    .await?;
    s.click(&format!("acknowledge-{concern}")).await?;
    s.text_contains(
        &format!("concern-state-{concern}"),
        "Acknowledged by Sam Okafor",
    )
    .await?;
    s.click(&format!("decide-open-{concern}")).await?;
    s.click(&format!("decision-save-{concern}")).await?;
    s.id(&format!("decision-{concern}-error")).await?;
    s.click(&format!("decision-{concern}-strategy_discussion"))
        .await?;
    s.type_into(
        &format!("decision-reason-{concern}"),
        "Online grooming risk: strategy discussion with children's services.",
    )
    .await?;
    s.click(&format!("decision-save-{concern}")).await?;
    s.text_contains(&format!("concern-state-{concern}"), "Strategy discussion")
        .await?;
    s.screenshot(&shots, "11a-supervisor-concern-decided")
        .await?;
    crate::check_layout(&s, "supervisor's concern decided").await?;
    s.click(&format!("close-open-{concern}")).await?;
    s.type_into(
        &format!("outcome-{concern}"),
        "Strategy discussion held; police and school informed; safety plan updated.",
    )
    .await?;
    s.click(&format!("close-save-{concern}")).await?;
    s.text_contains(&format!("concern-state-{concern}"), "Closed")
        .await?;
    fit_viewport(&s, 390, 844).await?;
    crate::check_layout(&s, "supervisor's closed concern at 390x844").await?;
    s.screenshot(&shots, "11b-supervisor-concern-closed-phone")
        .await?;
    fit_viewport(&s, 1280, 800).await?;
    // Closed, it leaves the Team page's updates.
    s.nav("team").await?;
    let updates = s.text_contains("updates-list", "Jordan").await?;
    ensure!(
        !updates.contains("Safeguarding concern"),
        "a closed concern is still on the Team page: {updates:?}"
    );
    sync_now(&s).await?;
    s.close().await?;

    // The coach sees it closed, with every step.
    let w = reopen(&driver, coach_dir.path()).await?;
    w.nav("caseload").await?;
    w.click_css("a[id^='young-person-link-']").await?;
    w.text_contains(&format!("concern-state-{concern}"), "Closed")
        .await
        .context("the closure did not reach the coach")?;
    let steps = w
        .text_contains(&format!("concern-steps-{concern}"), "Closed")
        .await?;
    ensure!(
        steps.contains("Acknowledged") && steps.contains("Decision: Strategy discussion"),
        "the coach sees the steps {steps:?}"
    );
    w.gone(&format!("#follow-up-open-{concern}")).await?;
    w.screenshot(&shots, "12-coach-concern-closed").await?;
    w.close().await?;

    // The supervisor issues a code for the second coach's first device (refused until a person
    // is chosen), confirms Jordan as Alex's case, then moves it to the second coach.
    let s = reopen(&driver, sup_dir.path()).await?;
    s.nav("team").await?;
    s.click("issue-code").await?;
    s.id("code-for-error").await?;
    let coach_two = admin::person_by_label(&service.db, "coach-2").await?.id;
    s.set_value("code-for", &coach_two.to_string()).await?;
    s.click("issue-code").await?;
    let code = s.text_contains("issued-code", "-").await?;
    ensure!(code.trim().len() == 14, "the code reads {code:?}");
    s.text_contains("issued-fingerprint", &service.org.fingerprint())
        .await?;
    s.id("issued-link").await?;
    crate::check_layout(&s, "supervisor's enrolment code").await?;
    s.screenshot(&shots, "13-supervisor-enrolment-code").await?;
    fit_viewport(&s, 390, 844).await?;
    crate::check_layout(&s, "supervisor's enrolment code at 390x844").await?;
    s.screenshot(&shots, "13a-supervisor-enrolment-code-phone")
        .await?;
    fit_viewport(&s, 1280, 800).await?;
    let case = s
        .js("return document.querySelector(\"[id^='team-case-link-']\").id.slice('team-case-link-'.length);")
        .await?
        .as_str()
        .unwrap_or_default()
        .to_owned();
    s.text_contains(&format!("case-unconfirmed-{case}"), "Not confirmed")
        .await?;
    s.click(&format!("confirm-case-{case}")).await?;
    s.gone(&format!("#case-unconfirmed-{case}")).await?;
    s.click(&format!("transfer-open-{case}")).await?;
    s.click(&format!("transfer-{case}")).await?;
    s.id(&format!("transfer-error-{case}")).await?;
    s.set_value(&format!("transfer-to-{case}"), &coach_two.to_string())
        .await?;
    crate::check_layout(&s, "supervisor moving a case").await?;
    s.screenshot(&shots, "14-supervisor-move-case").await?;
    fit_viewport(&s, 390, 844).await?;
    crate::check_layout(&s, "supervisor moving a case at 390x844").await?;
    s.screenshot(&shots, "14c-supervisor-move-case-phone")
        .await?;
    fit_viewport(&s, 1280, 800).await?;
    s.click(&format!("transfer-{case}")).await?;
    // The form closes once the service has taken the signed record; the page then lists
    // Jordan under the second coach (the select's own options also read "A coach (…").
    s.gone(&format!("#transfer-to-{case}")).await?;
    let moved = s.text_contains("team-overview", "A coach (").await?;
    ensure!(
        !moved.contains("Alex Morgan"),
        "Jordan is still under Alex after the move: {moved:?}"
    );
    // A new referral for Alex (refused until a coach is chosen).
    s.click("referral-new").await?;
    let today = Local::now().date_naive();
    let start = today + Duration::days(7);
    s.type_into("preferred-name", "Casey").await?;
    s.type_date("date-of-birth", &(today - Months::new(12 * 16)).to_string())
        .await?;
    s.type_into("local-authority", "Essex").await?;
    s.set_value("legal-status", "care_order").await?;
    s.type_date("referral-date", &today.to_string()).await?;
    s.type_date("start-date", &start.to_string()).await?;
    s.type_date("planned-end-date", &(start + Months::new(18)).to_string())
        .await?;
    s.click("save-young-person").await?;
    s.id("referral-coach-error").await?;
    let alex = admin::person_by_label(&service.db, "coach-1").await?.id;
    s.set_value("referral-coach", &alex.to_string()).await?;
    crate::check_layout(&s, "supervisor allocating a referral").await?;
    s.screenshot(&shots, "14a-supervisor-referral").await?;
    fit_viewport(&s, 390, 844).await?;
    crate::check_layout(&s, "supervisor allocating a referral at 390x844").await?;
    fit_viewport(&s, 1280, 800).await?;
    s.click("save-young-person").await?;
    let waiting = s.text_contains("team-referrals", "Casey").await?;
    ensure!(
        waiting.contains("allocated to Alex Morgan"),
        "the team page reads {waiting:?}"
    );
    s.screenshot(&shots, "14b-supervisor-referral-waiting")
        .await?;
    sync_now(&s).await?;
    s.close().await?;

    // The former coach's device removes the case at its next sync.
    let w = reopen(&driver, coach_dir.path()).await?;
    sync_now(&w).await?;
    w.nav("caseload").await?;
    w.gone("a[id^='young-person-link-']")
        .await
        .context("Jordan stayed on the former coach's device")?;
    w.text_contains("moved-away", "Jordan's case has moved to another coach")
        .await?;
    crate::check_layout(&w, "coach told a case moved away").await?;
    w.screenshot(&shots, "15-coach-case-moved-away").await?;
    w.click("moved-away-read").await?;
    w.gone("#moved-away").await?;
    // The referral the supervisor allocated: the coach opens Casey's case from it.
    w.text_contains("referrals", "Casey").await?;
    crate::check_layout(&w, "coach's new referral").await?;
    w.screenshot(&shots, "16-coach-new-referral").await?;
    w.click_css("button[id^='referral-open-']").await?;
    w.text_contains("young-person-name", "Casey").await?;
    w.nav("caseload").await?;
    w.gone("#referrals").await?;
    w.id("caseload-list").await?;
    w.close().await?;
    Ok(())
}

/// The id of the first concern listed on the open young person's page.
async fn concern_id(w: &Window) -> Result<String> {
    w.id("concerns-list").await?;
    let id = w
        .js("return document.querySelector('#concerns-list > li').id;")
        .await?;
    id.as_str()
        .and_then(|i| i.strip_prefix("concern-"))
        .map(str::to_owned)
        .with_context(|| format!("the first concern's element id is {id:?}"))
}
