use chrono::{DateTime, FixedOffset, Local};
use std::sync::Mutex;

/// Where the app reads the time. Core logic never calls `now()` itself.
pub trait Clock: Send + Sync + std::fmt::Debug {
    fn now(&self) -> DateTime<FixedOffset>;
}

/// The device's clock in its local time zone.
#[derive(Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<FixedOffset> {
        Local::now().fixed_offset()
    }
}

/// A clock that tests and benchmarks move by hand.
#[derive(Debug)]
pub struct ManualClock(Mutex<DateTime<FixedOffset>>);

impl ManualClock {
    pub fn new(start: DateTime<FixedOffset>) -> Self {
        Self(Mutex::new(start))
    }
    pub fn set(&self, to: DateTime<FixedOffset>) {
        *self.0.lock().unwrap_or_else(|p| p.into_inner()) = to;
    }
    pub fn advance(&self, by: chrono::TimeDelta) {
        let mut now = self.0.lock().unwrap_or_else(|p| p.into_inner());
        *now += by;
    }
}

impl Clock for ManualClock {
    fn now(&self) -> DateTime<FixedOffset> {
        *self.0.lock().unwrap_or_else(|p| p.into_inner())
    }
}
