use chrono::{DateTime, FixedOffset};
use insideout_app::dto::*;
pub use insideout_app::testkit::*;
use insideout_app::{App, AppError, ManualClock};
use std::sync::Arc;

pub struct Fixture {
    pub dir: tempfile::TempDir,
    pub clock: Arc<ManualClock>,
    pub app: App,
}

/// "Now" in the tests: a Sunday evening in November 2025, UK winter time.
pub fn now() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2025-11-23T21:30:00+00:00").unwrap()
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
    f.app.create_profile(profile("Alex Coach")).unwrap();
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
        field: Option<Field>,
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
