use chrono::{DateTime, FixedOffset, TimeDelta};
use insideout_app::dto::*;
use insideout_app::{App, AppConfig, AppError, ManualClock, ProgrammeRules, WorkFactor};
use std::sync::Arc;

pub const PASSPHRASE: &str = "a long walk by the sea";

pub struct Fixture {
    pub dir: tempfile::TempDir,
    pub clock: Arc<ManualClock>,
    pub app: App,
}

/// "Now" in the tests: a Sunday evening in November 2025, UK winter time.
pub fn now() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2025-11-23T21:30:00+00:00").unwrap()
}

pub fn config(dir: &std::path::Path) -> AppConfig {
    AppConfig {
        data_dir: dir.to_path_buf(),
        work_factor: WorkFactor::FAST_FOR_TESTS,
        idle_lock: TimeDelta::minutes(5),
        rules: ProgrammeRules::default(),
        exports: None,
    }
}

/// A device with no profile yet.
pub fn fresh() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(ManualClock::new(now()));
    let app = App::new(config(dir.path()), clock.clone());
    Fixture { dir, clock, app }
}

/// A device with a profile, unlocked.
pub fn unlocked() -> Fixture {
    let mut f = fresh();
    f.app
        .create_profile(CreateProfileInput {
            coach_name: "Alex Coach".into(),
            passphrase: PASSPHRASE.into(),
            passphrase_confirm: PASSPHRASE.into(),
        })
        .unwrap();
    f
}

impl Fixture {
    /// The same data directory opened by a new app, as after a restart.
    pub fn restart(&mut self) {
        self.app = App::new(config(self.dir.path()), self.clock.clone());
    }

    pub fn op_count(&mut self) -> u64 {
        self.app.store_for_inspection().unwrap().op_count().unwrap()
    }

    /// Runs `f`, expects it to fail with `code` (and `field`), and checks nothing was written.
    pub fn refuses<T: std::fmt::Debug>(
        &mut self,
        code: &str,
        field: Option<&str>,
        f: impl FnOnce(&mut App) -> Result<T, AppError>,
    ) -> AppError {
        let before = self.op_count();
        let err = f(&mut self.app).expect_err("expected the input to be refused");
        assert_eq!(err.code(), code, "wrong code for: {err}");
        assert_eq!(err.field(), field, "wrong field for: {err}");
        assert_eq!(self.op_count(), before, "a refused input wrote an op");
        err
    }

    pub fn add_young_person(&mut self, name: &str) -> YoungPersonDetail {
        self.app.add_young_person(young_person_input(name)).unwrap()
    }

    pub fn record_session(&mut self, young_person: &str, start: &str, end: &str) -> SessionDetail {
        self.app
            .record_session(session_input(young_person, start, end))
            .unwrap()
    }
}

pub fn young_person_input(name: &str) -> YoungPersonInput {
    YoungPersonInput {
        preferred_name: name.into(),
        date_of_birth: "2009-05-14".into(),
        local_authority: "Essex".into(),
        legal_status: "care_order".into(),
        send: true,
        send_details: "Dyslexia; EHCP in place".into(),
        referral_criteria: vec!["looked_after".into(), "residential".into()],
        risk_indicators: vec!["neet".into(), "missing".into()],
        referral_date: "2025-05-20".into(),
        start_date: "2025-06-02".into(),
        planned_end_date: "2026-12-01".into(),
    }
}

pub fn session_input(young_person: &str, start: &str, end: &str) -> SessionInput {
    SessionInput {
        young_person_id: young_person.into(),
        start: start.into(),
        end: end.into(),
        setting: "community".into(),
        mode: "face_to_face".into(),
        attendees: vec![AttendeeInput {
            kind: "young_person".into(),
            name: String::new(),
        }],
        activity: "coaching".into(),
        significant: false,
        from_timer: false,
        from_plan: String::new(),
    }
}

pub fn note(what: &str) -> NoteBody {
    NoteBody {
        what_happened: what.into(),
        voice: String::new(),
        analysis: String::new(),
        actions: String::new(),
    }
}
