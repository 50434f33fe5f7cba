//! What the administrator does from the command line: initialise the organisation, teams,
//! people, enrolment codes, device approval and revocation, and export with the recovery key.

use crate::api::normalise_code;
use crate::db::{Database, DbError, Device, Person, Recipient};
use insideout_crypto::{RecoveryIdentity, ScopeKey, check_recipient, verify_signature};
use insideout_domain::ids::{DeviceId, PersonId};
use insideout_protocol::api::{DeviceStatus, Role, TeamId};
use insideout_protocol::{BatchHeader, Scope, sha256_hex};
use serde::Serialize;

#[derive(Debug, thiserror::Error)]
pub enum AdminError {
    #[error(transparent)]
    Db(#[from] DbError),
    #[error("{0}")]
    Invalid(String),
}

pub type AdminResult<T> = Result<T, AdminError>;

fn invalid(message: impl Into<String>) -> AdminError {
    AdminError::Invalid(message.into())
}

fn new_uuid(now_ms: u64) -> AdminResult<uuid::Uuid> {
    let random: [u8; 10] = insideout_crypto::random_bytes().map_err(|e| invalid(e.to_string()))?;
    Ok(uuid::Builder::from_unix_timestamp_millis(now_ms, &random).into_uuid())
}

pub async fn init(db: &impl Database, recovery_recipient: &str, now_ms: u64) -> AdminResult<()> {
    check_recipient(recovery_recipient).map_err(|_| {
        invalid(format!(
            "{recovery_recipient} is not an age recipient; make one with `insideout-server recovery-identity`"
        ))
    })?;
    Ok(db.init_org(recovery_recipient, now_ms).await?)
}

/// Checks that a label is a short pseudonym, not a sentence or a blank.
fn check_label(label: &str) -> AdminResult<String> {
    let label = label.trim();
    if label.is_empty() || label.chars().count() > 40 || label.chars().any(char::is_control) {
        return Err(invalid(
            "a label must be 1 to 40 characters (use a pseudonym such as coach-07, not a name)",
        ));
    }
    Ok(label.to_owned())
}

pub async fn add_team(db: &impl Database, label: &str, now_ms: u64) -> AdminResult<TeamId> {
    let id = new_uuid(now_ms)?;
    db.add_team(id, &check_label(label)?).await?;
    Ok(id)
}

pub async fn team_by_label(db: &impl Database, label: &str) -> AdminResult<TeamId> {
    db.teams()
        .await?
        .into_iter()
        .find(|(_, l)| l == label.trim())
        .map(|(id, _)| id)
        .ok_or_else(|| invalid(format!("no team labelled {label}")))
}

pub async fn add_person(
    db: &impl Database,
    team_label: &str,
    role: &str,
    label: &str,
    now_ms: u64,
) -> AdminResult<Person> {
    let role = Role::parse(role)
        .ok_or_else(|| invalid(format!("role must be coach or supervisor, not {role}")))?;
    let person = Person {
        id: PersonId::from_uuid(new_uuid(now_ms)?),
        team: team_by_label(db, team_label).await?,
        role,
        label: check_label(label)?,
    };
    db.add_person(&person).await?;
    Ok(person)
}

pub async fn person_by_label(db: &impl Database, label: &str) -> AdminResult<Person> {
    db.people()
        .await?
        .into_iter()
        .find(|p| p.label == label.trim())
        .ok_or_else(|| invalid(format!("no person labelled {label}")))
}

/// Letters and digits that cannot be mistaken for one another when read aloud or typed.
const CODE_ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/// A single-use enrolment code (60 random bits, shown as `XXXX-XXXX-XXXX`), stored as a hash.
pub async fn enrolment_code(
    db: &impl Database,
    person: PersonId,
    valid_hours: u32,
    now_ms: u64,
) -> AdminResult<String> {
    if valid_hours == 0 || valid_hours > 24 * 14 {
        return Err(invalid("a code may be valid for 1 hour to 14 days"));
    }
    let random: [u8; 12] = insideout_crypto::random_bytes().map_err(|e| invalid(e.to_string()))?;
    let chars: String = random
        .iter()
        .map(|b| CODE_ALPHABET[usize::from(*b) % CODE_ALPHABET.len()] as char)
        .collect();
    let code = format!("{}-{}-{}", &chars[0..4], &chars[4..8], &chars[8..12]);
    db.add_enrolment_code(
        &sha256_hex(normalise_code(&code).as_bytes()),
        person,
        now_ms + u64::from(valid_hours) * 3_600_000,
    )
    .await?;
    Ok(code)
}

pub async fn set_device_status(
    db: &impl Database,
    device: &str,
    status: DeviceStatus,
) -> AdminResult<()> {
    let id: DeviceId = device
        .parse()
        .map_err(|_| invalid(format!("{device} is not a device id")))?;
    Ok(db.set_device_status(id, status).await?)
}

/// One batch of an export: who wrote it, when it arrived in order, and its decrypted content.
#[derive(Debug, Serialize)]
pub struct ExportedBatch {
    pub server_seq: u64,
    pub device: DeviceId,
    pub device_seq: u64,
    pub key_epoch: u32,
    pub content: serde_json::Value,
}

/// Decrypts a scope's whole history with the organisation's recovery identity, checking every
/// signature against the device that wrote it.
pub async fn export(
    db: &impl Database,
    scope: &str,
    identity: &RecoveryIdentity,
) -> AdminResult<Vec<ExportedBatch>> {
    let scope: Scope = scope
        .parse()
        .map_err(|_| invalid(format!("{scope} is not a scope (case:<id> or own:<id>)")))?;
    let devices: Vec<Device> = db.devices().await?;
    let mut keys: Vec<ScopeKey> = Vec::new();
    for envelope in db.envelopes_for(Recipient::Recovery).await? {
        if envelope.scope == scope {
            keys.push(identity.unwrap_scope_key(&envelope.envelope).map_err(|e| {
                invalid(format!(
                    "the recovery identity cannot open {scope}'s key at epoch {}: {e}",
                    envelope.epoch
                ))
            })?);
        }
    }
    let mut out = Vec::new();
    let mut after = 0;
    loop {
        let page = db.batches_after(scope, after, 500).await?;
        let Some(last) = page.last() else { break };
        after = last.server_seq;
        for batch in page {
            let header: BatchHeader = serde_json::from_str(&batch.header)
                .map_err(|e| invalid(format!("batch {} header: {e}", batch.server_seq)))?;
            let author = devices
                .iter()
                .find(|d| d.id == batch.device)
                .ok_or_else(|| invalid(format!("batch {}: unknown device", batch.server_seq)))?;
            let signature = hex::decode(&batch.signature).unwrap_or_default();
            verify_signature(&author.signing_key, &header.signing_bytes(), &signature)
                .map_err(|_| invalid(format!("batch {}: bad signature", batch.server_seq)))?;
            let key = keys
                .iter()
                .find(|k| k.epoch == header.key_epoch)
                .ok_or_else(|| {
                    invalid(format!(
                        "batch {}: no recovery envelope for key epoch {}",
                        batch.server_seq, header.key_epoch
                    ))
                })?;
            let plain = key
                .open(&batch.ciphertext)
                .map_err(|e| invalid(format!("batch {}: {e}", batch.server_seq)))?;
            out.push(ExportedBatch {
                server_seq: batch.server_seq,
                device: batch.device,
                device_seq: batch.device_seq,
                key_epoch: header.key_epoch,
                content: serde_json::from_slice(&plain).map_err(|e| {
                    invalid(format!(
                        "batch {}: content is not JSON: {e}",
                        batch.server_seq
                    ))
                })?,
            });
        }
    }
    Ok(out)
}
