//! The profile's life: create, unlock, lock, auto-lock, change passphrase.
//!
//! Files in the data directory: `key.age` (the database key, sealed with the passphrase),
//! `coach.db` (the SQLCipher store) and `unlock-attempts.json` (wrong-passphrase count, so a
//! restart does not reset the delay).

use crate::dto::{AppState, AppStatus, ChangePassphraseInput, CreateProfileInput};
use crate::{App, AppError, AppResult, Unlocked};
use chrono::TimeDelta;
use insideout_crypto::{DatabaseKey, Passphrase, unwrap_database_key, wrap_database_key};
use insideout_domain::Field;
use insideout_domain::text::Line;
use insideout_store::{Durability, Store};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::PathBuf;

/// Wrong passphrases allowed before a delay starts.
pub const FREE_ATTEMPTS: u32 = 3;

#[derive(Debug, Default, Serialize, Deserialize)]
struct Attempts {
    failures: u32,
    locked_until_ms: i64,
}

/// The delay after `failures` wrong passphrases: none for the first three, then 5 s doubling
/// each time, at most 5 minutes.
pub fn delay_after(failures: u32) -> TimeDelta {
    if failures < FREE_ATTEMPTS {
        return TimeDelta::zero();
    }
    let doublings = (failures - FREE_ATTEMPTS).min(6);
    TimeDelta::seconds((5i64 << doublings).min(300))
}

impl App {
    fn key_path(&self) -> PathBuf {
        self.config.data_dir.join("key.age")
    }
    fn db_path(&self) -> PathBuf {
        self.config.data_dir.join("coach.db")
    }
    fn attempts_path(&self) -> PathBuf {
        self.config.data_dir.join("unlock-attempts.json")
    }

    pub fn status(&mut self) -> AppStatus {
        self.lock_if_idle();
        let idle_lock_minutes = self.config.idle_lock.num_minutes().max(0) as u32;
        if let Some(unlocked) = &self.unlocked {
            return AppStatus {
                state: AppState::Unlocked,
                coach_name: unlocked.store.person_name().ok(),
                retry_after_seconds: None,
                idle_lock_minutes,
            };
        }
        if !self.key_path().exists() {
            return AppStatus {
                state: AppState::NoProfile,
                coach_name: None,
                retry_after_seconds: None,
                idle_lock_minutes,
            };
        }
        AppStatus {
            state: AppState::Locked,
            coach_name: None,
            retry_after_seconds: self.retry_after(),
            idle_lock_minutes,
        }
    }

    fn retry_after(&self) -> Option<u32> {
        let attempts = self.read_attempts();
        let wait_ms = attempts.locked_until_ms - self.now().timestamp_millis();
        (wait_ms > 0).then(|| ((wait_ms + 999) / 1000) as u32)
    }

    /// Creates the profile: a new random database key sealed with the passphrase, and a new
    /// encrypted store with this device's keys. Leaves the app unlocked.
    pub fn create_profile(&mut self, input: CreateProfileInput) -> AppResult<AppStatus> {
        if self.key_path().exists() || self.db_path().exists() {
            return Err(AppError::ProfileExists);
        }
        let name = Line::parse(Field::CoachName, "your name", &input.coach_name)?;
        let passphrase = Passphrase::new(&input.passphrase)?;
        if input.passphrase != input.passphrase_confirm {
            return Err(AppError::invalid(
                Field::PassphraseConfirm,
                "the two passphrases are different — type the same passphrase twice",
            ));
        }
        crate::private_files::create_private_dir(&self.config.data_dir)?;
        let key = DatabaseKey::generate()?;
        let sealed = wrap_database_key(&key, &passphrase, self.config.work_factor)?;
        let now_ms = self.now_ms();
        let store = match Store::create(&self.db_path(), &key, name, now_ms) {
            Ok(store) => store,
            Err(e) => {
                let _ = std::fs::remove_file(self.db_path());
                return Err(e.into());
            }
        };
        if let Err(e) = write_atomically(&self.key_path(), &sealed) {
            drop(store);
            let _ = std::fs::remove_file(self.db_path());
            return Err(e.into());
        }
        self.unlocked = Some(Unlocked {
            store,
            last_activity: self.now(),
            sittings: HashMap::new(),
        });
        Ok(self.status())
    }

    /// Unlocks with the passphrase. Wrong passphrases are counted; after three, each further
    /// attempt must wait (5 s, doubling, at most 5 minutes). Nothing on disk but the count changes.
    pub fn unlock(&mut self, passphrase: &str) -> AppResult<AppStatus> {
        if self.unlocked.is_some() {
            return Ok(self.status());
        }
        let sealed = match std::fs::read(self.key_path()) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(AppError::NoProfile),
            Err(e) => return Err(e.into()),
        };
        if let Some(retry_after_seconds) = self.retry_after() {
            return Err(AppError::TooManyAttempts {
                retry_after_seconds,
            });
        }
        let key = match unwrap_database_key(&sealed, &Passphrase::attempt(passphrase)) {
            Ok(key) => key,
            Err(insideout_crypto::CryptoError::WrongPassphrase) => {
                return Err(self.record_failure());
            }
            Err(e) => return Err(e.into()),
        };
        let store = Store::open(&self.db_path(), &key, Durability::Full)?;
        drop(key);
        let _ = std::fs::remove_file(self.attempts_path());
        self.unlocked = Some(Unlocked {
            store,
            last_activity: self.now(),
            sittings: HashMap::new(),
        });
        Ok(self.status())
    }

    fn record_failure(&mut self) -> AppError {
        let mut attempts = self.read_attempts();
        attempts.failures += 1;
        let delay = delay_after(attempts.failures);
        attempts.locked_until_ms = self.now().timestamp_millis() + delay.num_milliseconds();
        if let Ok(json) = serde_json::to_vec(&attempts) {
            let _ = write_atomically(&self.attempts_path(), &json);
        }
        let message = if delay > TimeDelta::zero() {
            format!(
                "wrong passphrase — wait {} seconds, then try again",
                delay.num_seconds()
            )
        } else {
            let left = FREE_ATTEMPTS - attempts.failures;
            format!(
                "wrong passphrase — try again ({left} more {} before you have to wait)",
                if left == 1 { "try" } else { "tries" }
            )
        };
        AppError::WrongPassphrase {
            field: Field::Passphrase,
            message,
        }
    }

    fn read_attempts(&self) -> Attempts {
        std::fs::read(self.attempts_path())
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default()
    }

    /// Locks: closes the store (SQLCipher wipes its key) and forgets editing sittings.
    pub fn lock(&mut self) -> AppStatus {
        self.unlocked = None;
        self.status()
    }

    /// Locks when nothing has used the app for the idle time. Returns whether it locked now.
    pub fn lock_if_idle(&mut self) -> bool {
        let now = self.now();
        let idle = self.config.idle_lock;
        if self
            .unlocked
            .as_ref()
            .is_some_and(|u| now - u.last_activity >= idle)
        {
            self.unlocked = None;
            return true;
        }
        false
    }

    /// Records activity from the person (typing, clicks) so the idle lock waits.
    pub fn touch(&mut self) {
        let now = self.now();
        self.lock_if_idle();
        if let Some(u) = self.unlocked.as_mut() {
            u.last_activity = now;
        }
    }

    /// Seals the same database key with a new passphrase; the database is not re-encrypted.
    pub fn change_passphrase(&mut self, input: ChangePassphraseInput) -> AppResult<()> {
        self.store()?;
        let sealed = std::fs::read(self.key_path())?;
        let key = match unwrap_database_key(&sealed, &Passphrase::attempt(&input.current)) {
            Ok(key) => key,
            Err(insideout_crypto::CryptoError::WrongPassphrase) => {
                return Err(AppError::WrongPassphrase {
                    field: Field::Current,
                    message: "your current passphrase is wrong — try again".into(),
                });
            }
            Err(e) => return Err(e.into()),
        };
        let new = Passphrase::new(&input.new_passphrase).map_err(|e| match AppError::from(e) {
            AppError::Invalid(_, message) => AppError::Invalid(Field::NewPassphrase, message),
            other => other,
        })?;
        if input.new_passphrase != input.confirm {
            return Err(AppError::invalid(
                Field::Confirm,
                "the two new passphrases are different — type the same passphrase twice",
            ));
        }
        let resealed = wrap_database_key(&key, &new, self.config.work_factor)?;
        write_atomically(&self.key_path(), &resealed)?;
        Ok(())
    }
}

use crate::private_files::write_private_atomically as write_atomically;

#[cfg(test)]
mod tests {
    use super::delay_after;

    #[test]
    fn the_delay_grows_after_three_failures_and_is_capped() {
        let secs: Vec<i64> = (0..12).map(|n| delay_after(n).num_seconds()).collect();
        assert_eq!(secs, [0, 0, 0, 5, 10, 20, 40, 80, 160, 300, 300, 300]);
    }
}
