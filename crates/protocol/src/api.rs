//! Requests and responses of the service's HTTP API (`/v1/…`). Binary fields travel as base64
//! (ciphertext, envelopes) or lower-case hex (signatures, public keys).

use crate::{BatchHeader, Scope};
use insideout_domain::ids::{DeviceId, PersonId};
use serde::{Deserialize, Serialize};

/// A team of coaches and their supervisors.
pub type TeamId = uuid::Uuid;

/// What a person may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
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
    pub recovery_recipient: String,
    pub server_time_ms: u64,
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
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PulledBatch {
    pub scope: Scope,
    pub server_seq: u64,
    pub header: BatchHeader,
    pub signature: String,
    pub ciphertext: String,
}

/// A scope key wrapped to one device (or to the recovery recipient).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Envelope {
    pub scope: Scope,
    pub epoch: u32,
    /// The device it is wrapped to; `None` for the recovery recipient.
    pub device: Option<DeviceId>,
    /// The age file, base64.
    pub envelope: String,
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
    pub roster: Vec<RosterEntry>,
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
