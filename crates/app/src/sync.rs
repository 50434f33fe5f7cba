//! The app's side of sync: the engine reaches the store through [`SharedApp`] (briefly, and
//! never while locked); the sync state the screens show; wiping a revoked device.

use crate::dto::SyncStatusView;
use crate::{App, AppError, AppResult};
use chrono::NaiveDateTime;
use insideout_store::Store;
use insideout_sync::{Enrolment, StoreAccess, SyncError, SyncResult};
use std::sync::{Arc, Mutex};

/// The app as the shell holds it, shared with the background sync.
#[derive(Debug, Clone)]
pub struct SharedApp(pub Arc<Mutex<App>>);

impl StoreAccess for SharedApp {
    fn with_store<R>(&self, f: impl FnOnce(&mut Store) -> SyncResult<R>) -> SyncResult<R> {
        let mut app = self
            .0
            .lock()
            .map_err(|_| SyncError::Offline("the app's lock was poisoned".into()))?;
        // Sync is not the person: it must not keep the app from locking itself.
        app.lock_if_idle();
        let unlocked = app.unlocked.as_mut().ok_or(SyncError::Locked)?;
        f(&mut unlocked.store)
    }

    fn now_ms(&self) -> u64 {
        self.0.lock().map_or_else(
            |_| {
                crate::Clock::now(&crate::SystemClock)
                    .timestamp_millis()
                    .max(0) as u64
            },
            |app| app.now_ms(),
        )
    }

    fn wipe(&self) -> SyncResult<()> {
        let mut app = self
            .0
            .lock()
            .map_err(|_| SyncError::Offline("the app's lock was poisoned".into()))?;
        app.wipe_device()
            .map_err(|e| SyncError::Offline(format!("wiping failed: {e}")))
    }
}

impl App {
    /// Destroys this device's records after the service said it was revoked: the key file
    /// first (without it the database cannot be opened), then the database and its journals.
    pub fn wipe_device(&mut self) -> AppResult<()> {
        self.unlocked = None;
        let dir = &self.config.data_dir;
        for name in [
            "key.age",
            "coach.db",
            "coach.db-wal",
            "coach.db-shm",
            "unlock-attempts.json",
        ] {
            match std::fs::remove_file(dir.join(name)) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(AppError::Internal(e.to_string())),
            }
        }
        crate::exports::remove_exports(&self.config.export_dir());
        std::fs::write(dir.join("wiped"), b"revoked by the service\n")
            .map_err(|e| AppError::Internal(e.to_string()))?;
        Ok(())
    }

    /// Whether this device wiped itself after being revoked.
    pub fn was_wiped(&self) -> bool {
        self.config.data_dir.join("wiped").exists()
    }

    /// What the screens show about sync.
    pub fn sync_status(&mut self) -> AppResult<SyncStatusView> {
        let now_ms = self.now_ms();
        let now = self.now();
        let store = &self.store_quietly()?;
        let enrolment = Enrolment::load(store).map_err(|e| AppError::Internal(e.to_string()))?;
        let (waiting, concerns_waiting) = store.waiting_ops()?;
        let concern_received_ms = store.latest_concern_received_ms()?;
        let local = |ms: u64| {
            chrono::DateTime::from_timestamp_millis(i64::try_from(ms).unwrap_or(i64::MAX))
                .unwrap_or_default()
                .with_timezone(now.offset())
                .naive_local()
        };
        let last_ok_ms: Option<u64> = store.sync_get("last_ok_ms")?.and_then(|v| v.parse().ok());
        let last_error = store.sync_get("last_error")?;
        let quarantined = store.quarantined()?.len() as u32;
        let (set_aside, set_aside_reason) = store.set_aside_ops()?;
        let pending = enrolment
            .as_ref()
            .is_some_and(|e| e.status == insideout_protocol::api::DeviceStatus::Pending);
        let fingerprint = enrolment
            .as_ref()
            .and_then(|e| insideout_crypto::fingerprint(&e.org_key).ok());
        let enrolment_link = enrolment
            .as_ref()
            .zip(fingerprint.as_deref())
            .map(|(e, f)| crate::qr::enrolment_link(&e.service, f, None));
        let directory_warnings: Vec<String> = store
            .sync_get("directory_warnings")?
            .and_then(|json| serde_json::from_str(&json).ok())
            .unwrap_or_default();
        let own_code = match &enrolment {
            Some(_) => insideout_sync::Engine::own_code(store).ok(),
            None => None,
        };
        let approval = insideout_sync::Engine::approval_waiting(store)
            .ok()
            .flatten();
        Ok(SyncStatusView {
            enrolled: enrolment.is_some(),
            service: enrolment.as_ref().map(|e| e.service.clone()),
            role: enrolment.as_ref().map(|e| e.role),
            device_status: enrolment.as_ref().map(|e| e.status),
            waiting: u32::try_from(waiting).unwrap_or(u32::MAX),
            last_synced_minutes_ago: last_ok_ms
                .map(|ms| (now_ms.saturating_sub(ms) / 60_000) as u32),
            last_error,
            quarantined,
            concerns_waiting: u32::try_from(concerns_waiting).unwrap_or(u32::MAX),
            summary: summary(
                enrolment.as_ref(),
                waiting,
                concerns_waiting,
                last_ok_ms.map(local),
                concern_received_ms.map(local),
                now.naive_local(),
            ),
            // Drawn only while someone may need to scan it.
            own_code_qr: own_code
                .as_deref()
                .filter(|_| pending)
                .and_then(crate::qr::svg),
            own_code,
            approved_by_organisation: approval.as_ref().is_some_and(|a| a.by_organisation),
            approval_code: approval.map(|a| a.approver_code),
            directory_warnings,
            organisation_fingerprint: fingerprint,
            enrolment_qr: enrolment_link
                .as_deref()
                .filter(|_| !pending)
                .and_then(crate::qr::svg),
            enrolment_link,
            set_aside: u32::try_from(set_aside).unwrap_or(u32::MAX),
            set_aside_reason: set_aside_reason.filter(|_| set_aside > 0),
            moved_away: store
                .sync_get(insideout_sync::MOVED_AWAY)?
                .and_then(|json| serde_json::from_str(&json).ok())
                .unwrap_or_default(),
            referrals_waiting: match store
                .sync_get("person")?
                .and_then(|p| p.parse::<insideout_domain::ids::PersonId>().ok())
            {
                Some(me) => {
                    u32::try_from(store.pending_referrals(Some(me))?.len()).unwrap_or(u32::MAX)
                }
                None => 0,
            },
        })
    }

    /// Puts the changes set aside back in line: the next sync seals and sends them again.
    /// The coach has read that cases moved to another coach: the notice goes.
    pub fn acknowledge_moved_away(&mut self) -> AppResult<SyncStatusView> {
        self.store()?.sync_clear(insideout_sync::MOVED_AWAY)?;
        self.sync_status()
    }

    pub fn send_set_aside_again(&mut self) -> AppResult<SyncStatusView> {
        self.store()?.release_set_aside()?;
        self.sync_status()
    }
}

/// One line a tired coach can read at a glance, in local time: "3 records not sent yet · last
/// sent 21:14". A concern not sent is named first; the latest one received is said to be, for a
/// day, once everything is sent.
fn summary(
    enrolment: Option<&Enrolment>,
    waiting: u64,
    concerns_waiting: u64,
    last_sent: Option<NaiveDateTime>,
    concern_received: Option<NaiveDateTime>,
    now: NaiveDateTime,
) -> String {
    let Some(enrolment) = enrolment else {
        return "Not connected · records stay on this device".into();
    };
    let records = |n: u64| match n {
        1 => "1 record".to_owned(),
        n => format!("{n} records"),
    };
    if enrolment.status == insideout_protocol::api::DeviceStatus::Pending {
        return format!(
            "Waiting for your supervisor to approve this device · {} kept safe here",
            records(waiting)
        );
    }
    let when = |t: NaiveDateTime| {
        if t.date() == now.date() {
            t.format("%H:%M").to_string()
        } else {
            t.format("%a %-d %b %H:%M").to_string()
        }
    };
    let last = last_sent.map_or("nothing sent yet".to_owned(), |t| {
        format!("last sent {}", when(t))
    });
    if concerns_waiting > 0 {
        let concerns = match concerns_waiting {
            1 => "1 concern not sent".to_owned(),
            n => format!("{n} concerns not sent"),
        };
        return match waiting.saturating_sub(concerns_waiting) {
            0 => format!("{concerns} · {last}"),
            others => format!("{concerns} · {} more not sent · {last}", records(others)),
        };
    }
    if waiting > 0 {
        return format!("{} not sent yet · {last}", records(waiting));
    }
    match (last_sent, concern_received) {
        (Some(t), Some(c)) if now - c < chrono::TimeDelta::hours(24) => {
            format!("All records sent, your concern too · last sent {}", when(t))
        }
        (Some(t), _) => format!("All records sent · last sent {}", when(t)),
        (None, _) => "Nothing to send yet".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use insideout_domain::ids::PersonId;
    use insideout_protocol::api::{DeviceStatus, Role};

    fn enrolment(status: DeviceStatus) -> Enrolment {
        Enrolment {
            service: "https://sync.example".into(),
            token: "t".into(),
            person: PersonId::from_uuid(uuid::Uuid::from_u128(1)),
            role: Role::Coach,
            status,
            org_key: String::new(),
        }
    }

    #[test]
    fn the_summary_says_what_a_coach_needs_to_know() {
        let at = |s: &str| NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M").unwrap();
        let now = at("2026-12-02T22:05");
        let approved = enrolment(DeviceStatus::Approved);
        let a = Some(&approved);
        assert_eq!(
            summary(None, 3, 0, None, None, now),
            "Not connected · records stay on this device"
        );
        assert_eq!(
            summary(a, 0, 0, Some(at("2026-12-02T21:14")), None, now),
            "All records sent · last sent 21:14"
        );
        assert_eq!(
            summary(a, 3, 0, Some(at("2026-12-02T21:14")), None, now),
            "3 records not sent yet · last sent 21:14"
        );
        assert_eq!(
            summary(a, 1, 0, Some(at("2026-12-01T09:30")), None, now),
            "1 record not sent yet · last sent Tue 1 Dec 09:30"
        );
        assert_eq!(
            summary(a, 1, 1, Some(at("2026-12-02T21:14")), None, now),
            "1 concern not sent · last sent 21:14"
        );
        assert_eq!(
            summary(a, 4, 1, None, None, now),
            "1 concern not sent · 3 records more not sent · nothing sent yet"
        );
        assert_eq!(
            summary(
                a,
                0,
                0,
                Some(at("2026-12-02T22:01")),
                Some(at("2026-12-02T21:50")),
                now
            ),
            "All records sent, your concern too · last sent 22:01"
        );
        assert_eq!(
            summary(
                a,
                0,
                0,
                Some(at("2026-12-02T22:01")),
                Some(at("2026-12-01T21:50")),
                now
            ),
            "All records sent · last sent 22:01"
        );
        assert!(
            summary(
                Some(&enrolment(DeviceStatus::Pending)),
                2,
                0,
                None,
                None,
                now
            )
            .starts_with("Waiting for your supervisor to approve this device")
        );
    }
}
