//! The organisation directory as the service keeps it. The service stores and relays signed
//! records; it cannot make one. It keeps a record only if the record verifies against the
//! organisation key and counts (no new problem), and it takes each device's standing from the
//! verified directory: approved once countersigned, revoked once a signed revocation counts.
//! Every device verifies the same records itself, so a service that lies here gains nothing.

use crate::db::{Database, DbError, DirectoryRow};
use insideout_protocol::api::{DeviceStatus, Role};
use insideout_protocol::directory::{Directory, SignedRecord, Signer, verify};

#[derive(Debug, thiserror::Error)]
pub enum DirectoryError {
    #[error(transparent)]
    Db(#[from] DbError),
    #[error("{0}")]
    Refused(String),
}

/// The organisation key (hex) and every stored record.
pub async fn load(db: &impl Database) -> Result<(String, Vec<SignedRecord>), DbError> {
    let org = db.org().await?.ok_or(DbError::NotInitialised)?;
    let mut records = Vec::new();
    let mut after = 0;
    loop {
        let page = db.directory_after(after, 1000).await?;
        let Some((last, _)) = page.last() else { break };
        after = *last;
        for (position, json) in page {
            records.push(
                serde_json::from_str(&json).map_err(|e| {
                    DbError::Damaged(format!("directory record at {position}: {e}"))
                })?,
            );
        }
    }
    Ok((org.org_key, records))
}

/// The verified directory as it stands.
pub async fn verified(db: &impl Database, now_ms: u64) -> Result<Directory, DbError> {
    let (key, records) = load(db).await?;
    Ok(verify(&key, &records, now_ms))
}

/// Adds `new` records if each one counts, then brings device standings up to date.
pub async fn add(
    db: &impl Database,
    new: &[SignedRecord],
    now_ms: u64,
) -> Result<Directory, DirectoryError> {
    let (key, mut records) = load(db).await?;
    let before = verify(&key, &records, now_ms);
    let known: std::collections::HashSet<String> = records.iter().map(SignedRecord::hash).collect();
    records.extend(new.iter().cloned());
    let after = verify(&key, &records, now_ms);
    if let Some(problem) = after.problems.difference(&before.problems).next() {
        return Err(DirectoryError::Refused(problem.to_string()));
    }
    for record in new {
        let hash = record.hash();
        if !known.contains(&hash)
            && let Signer::Device(signer) = record.record.signer
            && !(after.is_approved(signer) && after.role_of(signer) == Some(Role::Supervisor))
        {
            return Err(DirectoryError::Refused(format!(
                "records from {} do not count: it is not an approved supervisor's device",
                record.record.signer
            )));
        }
        if record.countersignature.is_some()
            && !after
                .devices
                .values()
                .any(|d| d.record_hash == hash && d.countersigned)
        {
            return Err(DirectoryError::Refused(
                "the countersignature does not verify with the device's own key".into(),
            ));
        }
    }
    let rows: Vec<DirectoryRow> = new
        .iter()
        .map(|r| {
            Ok(DirectoryRow {
                hash: r.hash(),
                countersignature: r.countersignature.clone().unwrap_or_default(),
                record: serde_json::to_string(r)
                    .map_err(|e| DirectoryError::Refused(e.to_string()))?,
            })
        })
        .collect::<Result<_, DirectoryError>>()?;
    db.add_directory(&rows).await?;
    update_standings(db, &after).await?;
    update_case_owners(db, &before, &after).await?;
    Ok(after)
}

/// Sets each device's standing from the verified directory. A device whose registered keys
/// differ from its signed record stays pending: the directory approved other keys.
pub async fn update_standings(db: &impl Database, directory: &Directory) -> Result<(), DbError> {
    for device in db.devices().await? {
        let signed = directory.devices.get(&device.id).filter(|d| {
            d.signing_key == device.signing_key
                && d.age_recipient == device.age_recipient
                && d.person == device.person
        });
        let status = match signed {
            Some(d) if d.revoked.is_some() => DeviceStatus::Revoked,
            Some(d) if d.countersigned => DeviceStatus::Approved,
            _ if device.status == DeviceStatus::Revoked => DeviceStatus::Revoked,
            _ => DeviceStatus::Pending,
        };
        if status != device.status {
            db.set_device_status(device.id, status).await?;
            tracing::info!(device = %device.id, status = status.as_str(), "device standing from the signed directory");
        }
    }
    Ok(())
}

/// Moves each case whose allocation changed to the coach it is allocated to now, so that coach
/// reads it and the former coach no longer does. Keys follow from the devices, not from this.
pub async fn update_case_owners(
    db: &impl Database,
    before: &Directory,
    after: &Directory,
) -> Result<(), DbError> {
    for young_person in after.allocations.keys() {
        let (Some(owner), was) = (
            after.case_owner(*young_person),
            before.case_owner(*young_person),
        ) else {
            continue;
        };
        if was == Some(owner) {
            continue;
        }
        let Some(person) = after.people.get(&owner) else {
            continue;
        };
        db.set_case_owner(
            insideout_protocol::Scope::Case(*young_person),
            owner,
            person.team,
        )
        .await?;
        tracing::info!(case = %young_person, "case allocated from the signed directory");
    }
    Ok(())
}
