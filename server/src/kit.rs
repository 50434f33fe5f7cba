//! One set-up of an organisation, shared by the demo, the tests and the benchmark: the
//! organisation key and recovery identity, a team, its people signed into the directory,
//! enrolment codes, and approvals by the organisation key. The device's own half of an approval
//! (comparing codes and countersigning) stays on the device: see the sync engine's
//! `confirm_approval`.

use crate::admin::{self, AdminResult};
use crate::db::Database;
use insideout_crypto::{OrgKey, RecoveryIdentity};
use insideout_domain::ids::DeviceId;

/// An organisation made for a demo, a test or a benchmark, with its secrets in hand.
#[derive(Debug)]
pub struct Organisation {
    pub key: OrgKey,
    pub recovery: RecoveryIdentity,
}

impl Organisation {
    /// Initialises `db` with a new organisation key and recovery identity, one team and
    /// `people` (role, label) signed into the directory.
    pub async fn create(
        db: &impl Database,
        team: &str,
        people: &[(&str, &str)],
        now_ms: u64,
    ) -> AdminResult<Self> {
        let org = Self {
            key: OrgKey::generate().map_err(|e| admin::AdminError::Invalid(e.to_string()))?,
            recovery: RecoveryIdentity::generate(),
        };
        admin::init(db, &org.key, &org.recovery.recipient(), now_ms).await?;
        admin::add_team(db, team, now_ms).await?;
        for (role, label) in people {
            org.add_person(db, team, role, label, now_ms).await?;
        }
        Ok(org)
    }

    pub async fn add_person(
        &self,
        db: &impl Database,
        team: &str,
        role: &str,
        label: &str,
        now_ms: u64,
    ) -> AdminResult<crate::db::Person> {
        admin::add_person(db, &self.key, team, role, label, 0, now_ms).await
    }

    /// What every person is handed with their enrolment code.
    pub fn fingerprint(&self) -> String {
        self.key.fingerprint()
    }

    pub async fn code(&self, db: &impl Database, person: &str, now_ms: u64) -> AdminResult<String> {
        let p = admin::person_by_label(db, person).await?;
        admin::enrolment_code(db, p.id, 24, now_ms).await
    }

    /// Approves `device` with the organisation key, standing in for the person who compares
    /// the code on the device's screen: the code is read from the keys the service holds, which
    /// in a demo or test are the device's own.
    pub async fn approve(
        &self,
        db: &impl Database,
        device: DeviceId,
        now_ms: u64,
    ) -> AdminResult<()> {
        let id = device.to_string();
        let code = admin::device_code(db, &id).await?;
        admin::approve_device(db, &self.key, &id, &code, now_ms).await
    }

    pub async fn revoke(
        &self,
        db: &impl Database,
        device: DeviceId,
        now_ms: u64,
    ) -> AdminResult<()> {
        admin::revoke_device(db, &self.key, &device.to_string(), now_ms).await
    }
}
