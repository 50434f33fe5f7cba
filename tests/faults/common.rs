//! What the fault suite and its worker process share: the records the worker writes, reading
//! back what it said it had saved, and a small seeded random source (each run prints its seed,
//! so a failure can be run again exactly).

use chrono::{NaiveDate, TimeDelta};

/// Session `index`'s start and end (local times): an hour each, 90 minutes apart from the
/// morning of 2 September 2025, inside the test young people's interventions.
pub fn session_times(index: u32) -> (String, String) {
    let first = NaiveDate::from_ymd_opt(2025, 9, 2)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .unwrap_or_default();
    let start = first + TimeDelta::minutes(90 * i64::from(index));
    let end = start + TimeDelta::minutes(60);
    let f = |t: chrono::NaiveDateTime| t.format("%Y-%m-%dT%H:%M").to_string();
    (f(start), f(end))
}

/// The note the worker writes for session `index`.
pub fn note_text(index: u32) -> String {
    format!("Fault-suite note {index}: we walked to the park and talked about college.")
}

/// What a worker said before it was killed.
#[derive(Debug, Clone, Default)]
pub struct Told {
    /// Sessions recorded: (index, id).
    pub sessions: Vec<(u32, String)>,
    /// Sessions whose draft note was saved.
    pub drafted: Vec<String>,
    /// Sessions whose note was finalised.
    pub finalised: Vec<String>,
    pub syncs_started: usize,
    pub synced: usize,
    pub sync_failures: Vec<String>,
    /// The last line: where the worker was when it was killed.
    pub last: String,
}

impl Told {
    pub fn parse(stdout: &str) -> Self {
        let mut told = Self::default();
        for line in stdout.lines() {
            let mut words = line.split_whitespace();
            match (words.next(), words.next(), words.next()) {
                (Some("session"), Some(index), Some(id)) => {
                    if let Ok(index) = index.parse() {
                        told.sessions.push((index, id.to_owned()));
                    }
                }
                (Some("draft"), Some(id), None) => told.drafted.push(id.to_owned()),
                (Some("final"), Some(id), None) => told.finalised.push(id.to_owned()),
                (Some("sync-start"), None, None) => told.syncs_started += 1,
                (Some("synced"), None, None) => told.synced += 1,
                (Some("sync-failed"), Some(code), None) => told.sync_failures.push(code.to_owned()),
                _ => {}
            }
            told.last = line.to_owned();
        }
        told
    }

    /// The index of session `id`.
    pub fn index_of(&self, id: &str) -> Option<u32> {
        self.sessions.iter().find(|(_, s)| s == id).map(|(i, _)| *i)
    }

    /// The next index no session of this worker's can have used (one it recorded after its
    /// last line could exist).
    pub fn next_index(&self, before: u32) -> u32 {
        self.sessions
            .iter()
            .map(|(i, _)| i + 2)
            .max()
            .unwrap_or(before + 1)
            .max(before + 1)
    }

    pub fn extend(&mut self, other: Self) {
        self.sessions.extend(other.sessions);
        self.drafted.extend(other.drafted);
        self.finalised.extend(other.finalised);
        self.syncs_started += other.syncs_started;
        self.synced += other.synced;
        self.sync_failures.extend(other.sync_failures);
        self.last = other.last;
    }
}

/// A xorshift generator: enough to pick kill moments and faults, and repeatable from its seed.
#[derive(Debug, Clone)]
pub struct Random(u64);

impl Random {
    /// Seeded from `FAULT_SEED` when set, else from the clock; the seed is printed.
    pub fn from_env(what: &str) -> Self {
        let seed = std::env::var("FAULT_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| d.as_nanos() as u64)
                    .unwrap_or(1)
            });
        eprintln!("{what}: FAULT_SEED={seed}");
        Self(seed | 1)
    }

    pub fn draw(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: u64) -> u64 {
        self.draw() % n.max(1)
    }
}

/// How many times to repeat a fault: `name` from the environment (the long-run script sets
/// it), else `default` (what CI runs).
pub fn runs(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}
