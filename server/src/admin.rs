//! What the administrator does from the command line: initialise the organisation, teams,
//! people, enrolment codes, device approval and revocation, and export with the recovery key.

use crate::api::normalise_code;
use crate::db::{Database, DbError, Device, Person, Recipient};
use crate::directory::DirectoryError;
use insideout_crypto::{OrgKey, RecoveryIdentity, ScopeKey, check_recipient, verify_signature};
use insideout_domain::ids::{DeviceId, PersonId};
use insideout_protocol::api::{Role, TeamId};
use insideout_protocol::directory::{Body, SignedRecord, Signer, next_record};
use insideout_protocol::{BatchHeader, Scope, sha256_hex};
use serde::Serialize;

#[derive(Debug, thiserror::Error)]
pub enum AdminError {
    #[error(transparent)]
    Db(#[from] DbError),
    #[error("{0}")]
    Invalid(String),
}

impl From<DirectoryError> for AdminError {
    fn from(e: DirectoryError) -> Self {
        match e {
            DirectoryError::Db(e) => Self::Db(e),
            DirectoryError::Refused(why) => {
                Self::Invalid(format!("the directory refused it: {why}"))
            }
        }
    }
}

pub type AdminResult<T> = Result<T, AdminError>;

fn invalid(message: impl Into<String>) -> AdminError {
    AdminError::Invalid(message.into())
}

fn new_uuid(now_ms: u64) -> AdminResult<uuid::Uuid> {
    let random: [u8; 10] = insideout_crypto::random_bytes().map_err(|e| invalid(e.to_string()))?;
    Ok(uuid::Builder::from_unix_timestamp_millis(now_ms, &random).into_uuid())
}

/// Initialises the organisation: the service keeps the public half of `org` and the first
/// directory record, which `org` signs to name the recovery recipient.
pub async fn init(
    db: &impl Database,
    org: &OrgKey,
    recovery_recipient: &str,
    now_ms: u64,
) -> AdminResult<()> {
    check_recipient(recovery_recipient).map_err(|_| {
        invalid(format!(
            "{recovery_recipient} is not an age recipient; make one with `insideout-server recovery-identity`"
        ))
    })?;
    db.init_org(recovery_recipient, &org.public_hex(), now_ms)
        .await?;
    sign_with_org(
        db,
        org,
        Body::Organisation {
            recovery_recipient: recovery_recipient.to_owned(),
        },
        now_ms,
    )
    .await
}

/// Signs `body` as the next record of the organisation key's chain and adds it.
pub async fn sign_with_org(
    db: &impl Database,
    org: &OrgKey,
    body: Body,
    now_ms: u64,
) -> AdminResult<()> {
    let stored = db.org().await?.ok_or(DbError::NotInitialised)?;
    if stored.org_key != org.public_hex() {
        return Err(invalid(
            "this organisation key is not the one the service was initialised with",
        ));
    }
    let directory = crate::directory::verified(db, now_ms).await?;
    let head = directory
        .heads()
        .into_iter()
        .find(|h| h.signer == Signer::Org);
    let record = SignedRecord::by_org(org, next_record(Signer::Org, head.as_ref(), now_ms, body));
    crate::directory::add(db, &[record], now_ms).await?;
    Ok(())
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

/// Adds a person, and signs their record (team and role) with the organisation key. A
/// supervisor may sign for others until `expires_ms` (0: no end).
pub async fn add_person(
    db: &impl Database,
    org: &OrgKey,
    team_label: &str,
    role: &str,
    label: &str,
    expires_ms: u64,
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
    sign_with_org(
        db,
        org,
        Body::Person {
            person: person.id,
            team: person.team,
            role: person.role,
            expires_ms,
        },
        now_ms,
    )
    .await?;
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

/// The code a pending device shows on its own screen, computed from the keys the service holds
/// for it. If the two differ, the service swapped its keys.
pub async fn device_code(db: &impl Database, device: &str) -> AdminResult<String> {
    let target = find_device(db, device).await?;
    insideout_crypto::device_code(&target.signing_key, &target.age_recipient)
        .map_err(|e| invalid(e.to_string()))
}

async fn find_device(db: &impl Database, device: &str) -> AdminResult<Device> {
    let id: DeviceId = device
        .parse()
        .map_err(|_| invalid(format!("{device} is not a device id")))?;
    db.devices()
        .await?
        .into_iter()
        .find(|d| d.id == id)
        .ok_or_else(|| invalid(format!("no device {device}")))
}

/// Approves a device with the organisation key, once the code its screen shows (`code`) matches
/// the one its keys give. The device then countersigns; until then it reads nothing.
pub async fn approve_device(
    db: &impl Database,
    org: &OrgKey,
    device: &str,
    code: &str,
    now_ms: u64,
) -> AdminResult<()> {
    let target = find_device(db, device).await?;
    let expected = insideout_crypto::device_code(&target.signing_key, &target.age_recipient)
        .map_err(|e| invalid(e.to_string()))?;
    if insideout_crypto::normalise_code(code) != insideout_crypto::normalise_code(&expected) {
        return Err(invalid(
            "that is not the code the device shows: do not approve it; check you are looking at the right device, and enrol it again if the codes still differ",
        ));
    }
    sign_with_org(
        db,
        org,
        Body::Device {
            device: target.id,
            person: target.person,
            age_recipient: target.age_recipient,
            signing_key: target.signing_key,
        },
        now_ms,
    )
    .await
}

/// Revokes a device with the organisation key. Nothing it signs afterwards counts.
pub async fn revoke_device(
    db: &impl Database,
    org: &OrgKey,
    device: &str,
    now_ms: u64,
) -> AdminResult<()> {
    let target = find_device(db, device).await?;
    let directory = crate::directory::verified(db, now_ms).await?;
    let last_seq = directory
        .chains
        .get(&Signer::Device(target.id))
        .map_or(0, |c| c.len() as u64);
    sign_with_org(
        db,
        org,
        Body::Revoke {
            device: target.id,
            last_seq,
        },
        now_ms,
    )
    .await
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
            let signed: insideout_protocol::api::Envelope =
                serde_json::from_slice(&envelope.envelope).map_err(|e| {
                    invalid(format!(
                        "{scope}'s envelope at epoch {}: {e}",
                        envelope.epoch
                    ))
                })?;
            let bytes = base64::Engine::decode(
                &base64::engine::general_purpose::STANDARD,
                &signed.envelope,
            )
            .map_err(|e| {
                invalid(format!(
                    "{scope}'s envelope at epoch {}: {e}",
                    envelope.epoch
                ))
            })?;
            keys.push(identity.unwrap_scope_key(&bytes).map_err(|e| {
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
