//! The API surface of Inside Out Coach: one [`App`] whose methods are the use-cases that the
//! Tauri shell, the benchmarks and the tests call, taking and returning the DTOs of [`dto`].
//!
//! - [`profile`]: create a profile, unlock, lock, auto-lock after idle, change the passphrase.
//! - [`caseload`], [`young_people`], [`sessions`]: the coach's records.
//! - [`parse`]: raw form input into domain values, with field-level errors.
//! - [`views`]: stored records into DTOs with labels.
//!
//! Guarantees: every change goes through the store's op log; a refused input changes nothing;
//! while locked, no use-case but unlocking runs and no key is held in memory.

pub mod clock;
pub mod dto;
mod error;
mod guard;
mod parse;
pub mod profile;
pub mod qr;
mod reference;
pub mod required;
mod shared;
mod views;

pub mod activities;
pub mod agenda;
pub mod caseload;
pub mod chronology;
pub mod concerns;
pub mod demo;
mod exports;
pub mod goals;
pub mod hours;
pub mod lone;
pub mod missing;
mod needs;
pub mod oversight;
pub mod planned;
pub mod private_files;
pub mod readers;
pub mod referrals;
pub mod residentials;
pub mod risk;
pub mod sessions;
pub mod sync;
pub mod team;
pub mod testkit;
pub mod trip_pack;
pub mod young_people;

pub use clock::{Clock, ManualClock, SystemClock};
pub use error::{AppError, AppResult};
pub use insideout_crypto::WorkFactor;
pub use insideout_domain::rules::ProgrammeRules;

use chrono::{DateTime, FixedOffset, TimeDelta};

use insideout_store::Store;

use std::path::PathBuf;
use std::sync::Arc;

/// How the app is set up on this device.
#[derive(Debug, Clone)]
pub struct AppConfig {
    /// Where the key file and the encrypted store live.
    pub data_dir: PathBuf,
    /// The scrypt work factor for the passphrase.
    pub work_factor: WorkFactor,
    /// Lock after this long without use.
    pub idle_lock: TimeDelta,
    pub rules: ProgrammeRules,
    /// Where printable and calendar files go; the data folder's `exports` when unset.
    pub exports: Option<PathBuf>,
}

impl AppConfig {
    /// Where printable and calendar files go.
    pub fn export_dir(&self) -> PathBuf {
        self.exports
            .clone()
            .unwrap_or_else(|| self.data_dir.join("exports"))
    }

    /// The defaults for real use: a half-second passphrase stretch and a 5-minute idle lock.
    pub fn new(data_dir: PathBuf) -> Self {
        Self {
            data_dir,
            work_factor: WorkFactor::INTERACTIVE,
            idle_lock: TimeDelta::minutes(5),
            rules: ProgrammeRules::default(),
            exports: None,
        }
    }
}

/// The app on one device: locked (no key in memory) or unlocked (one open store).
#[derive(Debug)]
pub struct App {
    config: AppConfig,
    clock: Arc<dyn Clock>,
    unlocked: Option<Unlocked>,
}

#[derive(Debug)]
struct Unlocked {
    store: Store,
    last_activity: DateTime<FixedOffset>,
    /// The revision each editing sitting (a session and the UI's edit id) writes to.
    sittings: guard::Sittings,
}

impl App {
    pub fn new(config: AppConfig, clock: Arc<dyn Clock>) -> Self {
        Self {
            config,
            clock,
            unlocked: None,
        }
    }

    pub fn config(&self) -> &AppConfig {
        &self.config
    }

    fn now(&self) -> DateTime<FixedOffset> {
        self.clock.now()
    }

    fn now_ms(&self) -> u64 {
        self.now().timestamp_millis().max(0) as u64
    }

    /// The open store itself, for benchmarks and tests that measure or inspect it directly, and
    /// for the shell's read of colleagues' names. Use-cases go through [`guard`]'s handles.
    pub fn store_for_inspection(&mut self) -> AppResult<&mut Store> {
        Ok(&mut self.unlocked_now(true)?.store)
    }
}
