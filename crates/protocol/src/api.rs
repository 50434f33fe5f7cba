//! Requests and responses of the service's HTTP API (`/v1/…`). Binary fields travel as base64
//! (ciphertext, envelopes) or lower-case hex (signatures, public keys).

use crate::{BatchHeader, Scope};
use insideout_domain::ids::{DeviceId, PersonId};
use serde::{Deserialize, Serialize};

/// A team of coaches and their supervisors.
pub type TeamId = uuid::Uuid;

/// What a person may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Coach,
    Supervisor,
}

impl Role {
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Coach => "coach",
            Self::Supervisor => "supervisor",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "coach" => Some(Self::Coach),
            "supervisor" => Some(Self::Supervisor),
            _ => None,
        }
    }
}

/// A device's standing with the service.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum DeviceStatus {
    /// Enrolled; may push, receives nothing until approved.
    Pending,
    Approved,
    /// Refused from now on; told to wipe itself on its next contact.
    Revoked,
}

impl DeviceStatus {
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Approved => "approved",
            Self::Revoked => "revoked",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "pending" => Some(Self::Pending),
            "approved" => Some(Self::Approved),
            "revoked" => Some(Self::Revoked),
            _ => None,
        }
    }
}

/// `POST /v1/enrol`: a new device registers its public keys with a single-use code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnrolRequest {
    pub version: u16,
    pub code: String,
    pub device: DeviceId,
    pub age_recipient: String,
    pub signing_key: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnrolResponse {
    pub person: PersonId,
    pub role: Role,
    pub team: TeamId,
    /// The device's bearer token: shown once; the service keeps only its hash.
    pub token: String,
    pub status: DeviceStatus,
    /// The organisation key's public half, hex. The device pins it only if its fingerprint is
    /// the one the person was handed with the code; the recovery recipient then comes from the
    /// directory that key signed, never from the service.
    pub org_key: String,
    pub server_time_ms: u64,
}

/// `GET /v1/organisation`: the organisation key's public half, so a device checks the
/// fingerprint it was handed before it uses its single-use code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganisationInfo {
    pub org_key: String,
}

/// `POST /v1/push`: one sealed, signed batch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushRequest {
    pub header: BatchHeader,
    /// ed25519 over `header.signing_bytes()`, hex.
    pub signature: String,
    /// The sealed batch, base64.
    pub ciphertext: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushResponse {
    pub server_seq: u64,
    /// True when this batch had been stored before: acknowledged, not duplicated.
    pub repeat: bool,
    pub server_time_ms: u64,
}

/// How far a device has read one scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cursor {
    pub scope: Scope,
    pub after: u64,
}

/// `POST /v1/pull`: everything after the device's cursors, a page at a time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PullRequest {
    pub version: u16,
    pub cursors: Vec<Cursor>,
    pub limit: u32,
    /// The directory records this device holds already (a position from an earlier answer).
    #[serde(default)]
    pub directory_after: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PulledBatch {
    pub scope: Scope,
    pub server_seq: u64,
    pub header: BatchHeader,
    pub signature: String,
    pub ciphertext: String,
}

/// A scope key wrapped to one device (or to the recovery recipient), signed by the device that
/// wrapped it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Envelope {
    pub scope: Scope,
    pub epoch: u32,
    /// The device it is wrapped to; `None` for the recovery recipient.
    pub device: Option<DeviceId>,
    /// The age file, base64.
    pub envelope: String,
    /// The device that wrapped it.
    pub signer: DeviceId,
    /// SHA-256 of the scope key's public recipient, hex: the key inside must be this one.
    pub key_commitment: String,
    /// The signer's ed25519 over [`Envelope::signing_bytes`], hex.
    pub signature: String,
}

const ENVELOPE_CONTEXT: &[u8] = b"insideout-coach/key-envelope\0";

impl Envelope {
    /// The canonical bytes the wrapping device signs: a context string, the version, then the
    /// scope, epoch, recipient, signer, key commitment and a hash of the envelope's text.
    pub fn signing_bytes(&self) -> Vec<u8> {
        let mut out = ENVELOPE_CONTEXT.to_vec();
        out.extend_from_slice(&crate::PROTOCOL_VERSION.to_be_bytes());
        out.extend_from_slice(self.scope.to_string().as_bytes());
        out.push(0);
        out.extend_from_slice(&self.epoch.to_be_bytes());
        match self.device {
            Some(d) => {
                out.push(1);
                out.extend_from_slice(d.as_uuid().as_bytes());
            }
            None => out.push(0),
        }
        out.extend_from_slice(self.signer.as_uuid().as_bytes());
        out.extend_from_slice(self.key_commitment.as_bytes());
        out.push(0);
        out.extend_from_slice(crate::sha256_hex(self.envelope.as_bytes()).as_bytes());
        out
    }
}

/// The key commitment an envelope carries: SHA-256 of the scope key's public recipient.
pub fn key_commitment(scope_key_recipient: &str) -> String {
    crate::sha256_hex(scope_key_recipient.as_bytes())
}

/// A directory record as the service relays it, with its position in the service's log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DirectoryEntry {
    pub position: u64,
    pub record: crate::directory::SignedRecord,
}

/// `POST /v1/directory`: signed records (an approval, a countersignature, a revocation). The
/// service keeps only records that verify against the organisation key and extend the
/// directory; it cannot make one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DirectoryPost {
    pub version: u16,
    pub records: Vec<crate::directory::SignedRecord>,
}

/// `POST /v1/codes`: a supervisor's approved device asks for a single-use enrolment code for
/// a coach of its team, or for its own person's next device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeRequest {
    pub version: u16,
    pub person: PersonId,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeResponse {
    /// `XXXX-XXXX-XXXX`, used once.
    pub code: String,
    pub expires_ms: u64,
}

/// `POST /v1/salvage`: a revoked device's unsent records, sealed to the organisation's recovery
/// recipient before it wipes itself, so a revocation loses nothing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SalvageRequest {
    pub version: u16,
    /// An age file to the recovery recipient, base64.
    pub sealed: String,
}

/// One readable scope: its newest sequence and its current key epoch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScopeHead {
    pub scope: Scope,
    /// The coach whose case (or the person whose own scope) it is: their devices and the
    /// team's supervisors read it.
    pub owner: PersonId,
    pub head: u64,
    pub epoch: u32,
}

/// A device of the team, as every reader needs it to check signatures and roles.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RosterEntry {
    pub device: DeviceId,
    pub person: PersonId,
    pub role: Role,
    pub status: DeviceStatus,
    pub age_recipient: String,
    pub signing_key: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PullResponse {
    pub status: DeviceStatus,
    /// Safeguarding batches first, then each scope in sequence order.
    pub batches: Vec<PulledBatch>,
    /// True when nothing more is waiting after this page.
    pub done: bool,
    pub heads: Vec<ScopeHead>,
    /// Envelopes wrapped to this device.
    pub envelopes: Vec<Envelope>,
    /// Directory records after the request's `directory_after`. The device verifies them
    /// itself; the service's own view of the team is never used to choose a reader.
    pub directory: Vec<DirectoryEntry>,
    pub server_time_ms: u64,
}

/// `POST /v1/envelopes`: a key holder wraps a scope key for devices that lack it, or rotates it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnvelopesRequest {
    pub version: u16,
    pub envelopes: Vec<Envelope>,
    /// The envelopes introduce each scope's next key epoch (after a revocation). Refused with
    /// `epoch_taken` when another key holder rotated first, so every epoch has one key. Without
    /// it, envelopes are added at the current epoch, each recipient's written once.
    #[serde(default)]
    pub rotate: bool,
}
