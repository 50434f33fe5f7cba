//! The wire between an Inside Out Coach device and the central service. Both sides depend on
//! this crate and nothing else for the shape of what they exchange.
//!
//! - [`PROTOCOL_VERSION`]: the version every batch and request carries; an unknown version is
//!   refused with [`ProtocolError::UnknownVersion`], never guessed at.
//! - [`Scope`]: what a batch belongs to — a young person's case or a coach's own records.
//! - [`BatchHeader`]: the plaintext the service may see (scope, author device, device sequence,
//!   clock range, key epoch, priority, ciphertext hash) and its [`BatchHeader::signing_bytes`], the
//!   canonical encoding the author signs with its ed25519 key.
//! - [`ErrorBody`]: every refusal as `{code, message}`.
//! - [`api`]: the requests and responses of each endpoint.
//! - [`directory`]: the organisation's signed directory of people, devices and revocations,
//!   and the verifier every device runs over it.
//!
//! Guarantees: `signing_bytes` is a fixed binary layout, independent of JSON field order or
//! whitespace, so a header that round-trips through JSON signs to the same bytes; any change to
//! any field changes them.

pub mod api;
pub mod directory;
pub mod link;

use insideout_domain::hlc::Hlc;
use insideout_domain::ids::{DeviceId, PersonId, YoungPersonId};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The protocol version this build speaks.
pub const PROTOCOL_VERSION: u16 = 1;

/// Prefixes the signed bytes so a signature over a header can never be replayed as a signature
/// over anything else.
const HEADER_DOMAIN: &[u8] = b"insideout-coach/batch-header\0";

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProtocolError {
    #[error("protocol version {found} is not one this build speaks (it speaks {PROTOCOL_VERSION})")]
    UnknownVersion { found: u16 },
    #[error("the batch header is inconsistent: {0}")]
    BadHeader(&'static str),
    #[error("the batch content does not match the hash in its header")]
    HashMismatch,
    #[error("not a scope: {0}")]
    BadScope(String),
}

impl ProtocolError {
    /// A stable code for the error body.
    pub fn code(&self) -> &'static str {
        match self {
            Self::UnknownVersion { .. } => "unknown_version",
            Self::BadHeader(_) => "bad_header",
            Self::HashMismatch => "hash_mismatch",
            Self::BadScope(_) => "bad_scope",
        }
    }
}

/// What a batch's ops belong to. The service knows who may read and write each scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum Scope {
    /// Everything about one young person.
    Case(YoungPersonId),
    /// A coach's records that span young people.
    Own(PersonId),
}

impl Scope {
    fn tag(&self) -> u8 {
        match self {
            Self::Case(_) => 1,
            Self::Own(_) => 2,
        }
    }

    fn uuid_bytes(&self) -> [u8; 16] {
        match self {
            Self::Case(id) => *id.as_uuid().as_bytes(),
            Self::Own(id) => *id.as_uuid().as_bytes(),
        }
    }
}

impl std::fmt::Display for Scope {
    /// `case:<uuid>` or `own:<uuid>`: the scope's key in storage and in logs.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Case(id) => write!(f, "case:{id}"),
            Self::Own(id) => write!(f, "own:{id}"),
        }
    }
}

impl std::str::FromStr for Scope {
    type Err = ProtocolError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || ProtocolError::BadScope(s.to_owned());
        let (kind, id) = s.split_once(':').ok_or_else(bad)?;
        match kind {
            "case" => id.parse().map(Self::Case).map_err(|_| bad()),
            "own" => id.parse().map(Self::Own).map_err(|_| bad()),
            _ => Err(bad()),
        }
    }
}

/// How urgently a batch must travel: safeguarding concerns and missing episodes go first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Priority {
    Routine,
    Safeguarding,
}

/// The signed, plaintext part of a batch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchHeader {
    pub version: u16,
    pub scope: Scope,
    pub device: DeviceId,
    /// Dense per device, from 1: the service refuses a gap and acknowledges a repeat.
    pub device_seq: u64,
    /// The oldest and newest clock stamps of the ops inside.
    pub hlc_first: Hlc,
    pub hlc_last: Hlc,
    pub op_count: u32,
    /// The epoch of the scope key the content is encrypted to.
    pub key_epoch: u32,
    pub priority: Priority,
    /// SHA-256 of the ciphertext, lower-case hex.
    pub ciphertext_sha256: String,
}

impl BatchHeader {
    /// Checks what can be checked without keys: the version, the ranges, the hash's shape.
    pub fn check(&self) -> Result<(), ProtocolError> {
        if self.version != PROTOCOL_VERSION {
            return Err(ProtocolError::UnknownVersion {
                found: self.version,
            });
        }
        if self.device_seq == 0 {
            return Err(ProtocolError::BadHeader("device sequence starts at 1"));
        }
        if self.op_count == 0 {
            return Err(ProtocolError::BadHeader("a batch holds at least one op"));
        }
        if self.hlc_first > self.hlc_last {
            return Err(ProtocolError::BadHeader("clock range runs backwards"));
        }
        let hash_ok = self.ciphertext_sha256.len() == 64
            && self
                .ciphertext_sha256
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        if !hash_ok {
            return Err(ProtocolError::BadHeader(
                "ciphertext hash is not 64 lower-case hex digits",
            ));
        }
        Ok(())
    }

    /// Checks that `ciphertext` is the content this header describes.
    pub fn check_ciphertext(&self, ciphertext: &[u8]) -> Result<(), ProtocolError> {
        if sha256_hex(ciphertext) == self.ciphertext_sha256 {
            Ok(())
        } else {
            Err(ProtocolError::HashMismatch)
        }
    }

    /// The canonical bytes the author signs: a domain tag, then every field in a fixed order and
    /// fixed width (strings length-prefixed), big-endian.
    pub fn signing_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(HEADER_DOMAIN.len() + 160);
        out.extend_from_slice(HEADER_DOMAIN);
        out.extend_from_slice(&self.version.to_be_bytes());
        out.push(self.scope.tag());
        out.extend_from_slice(&self.scope.uuid_bytes());
        out.extend_from_slice(self.device.as_uuid().as_bytes());
        out.extend_from_slice(&self.device_seq.to_be_bytes());
        for hlc in [&self.hlc_first, &self.hlc_last] {
            out.extend_from_slice(&hlc.wall_ms.to_be_bytes());
            out.extend_from_slice(&hlc.counter.to_be_bytes());
            out.extend_from_slice(hlc.device.as_uuid().as_bytes());
        }
        out.extend_from_slice(&self.op_count.to_be_bytes());
        out.extend_from_slice(&self.key_epoch.to_be_bytes());
        out.push(match self.priority {
            Priority::Routine => 0,
            Priority::Safeguarding => 1,
        });
        let hash = self.ciphertext_sha256.as_bytes();
        out.extend_from_slice(&(hash.len() as u32).to_be_bytes());
        out.extend_from_slice(hash);
        out
    }
}

/// SHA-256 of `bytes` as lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Every refusal the service sends, and every error the client reports from it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub code: String,
    pub message: String,
    /// With `out_of_order`: the batch number the service expects from the device next. Lower
    /// than the device's own when the service lost batches it had acknowledged (restored from
    /// a backup, or a database that lost its last commits): the device sends them again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected: Option<u64>,
}

impl From<&ProtocolError> for ErrorBody {
    fn from(err: &ProtocolError) -> Self {
        Self {
            code: err.code().to_owned(),
            message: err.to_string(),
            expected: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use uuid::Uuid;

    fn device(n: u128) -> DeviceId {
        DeviceId::from_uuid(Uuid::from_u128(n))
    }

    fn header() -> BatchHeader {
        let d = device(7);
        BatchHeader {
            version: PROTOCOL_VERSION,
            scope: Scope::Case(YoungPersonId::from_uuid(Uuid::from_u128(42))),
            device: d,
            device_seq: 3,
            hlc_first: Hlc {
                wall_ms: 1_700_000_000_000,
                counter: 0,
                device: d,
            },
            hlc_last: Hlc {
                wall_ms: 1_700_000_000_500,
                counter: 2,
                device: d,
            },
            op_count: 4,
            key_epoch: 1,
            priority: Priority::Routine,
            ciphertext_sha256: sha256_hex(b"ciphertext"),
        }
    }

    #[test]
    fn a_header_round_trips_through_json_and_signs_to_the_same_bytes() {
        let h = header();
        let json = serde_json::to_string_pretty(&h).unwrap();
        let back: BatchHeader = serde_json::from_str(&json).unwrap();
        assert_eq!(back, h);
        assert_eq!(back.signing_bytes(), h.signing_bytes());
        assert!(json.contains(r#""kind": "case""#), "{json}");
        assert!(h.signing_bytes().starts_with(HEADER_DOMAIN));
    }

    #[test]
    fn an_unknown_version_is_refused_with_its_number() {
        let mut h = header();
        h.version = PROTOCOL_VERSION + 1;
        let err = h.check().unwrap_err();
        assert_eq!(err.code(), "unknown_version");
        assert!(
            err.to_string()
                .contains(&(PROTOCOL_VERSION + 1).to_string())
        );
    }

    #[test]
    fn inconsistent_headers_are_refused() {
        let mut h = header();
        h.device_seq = 0;
        assert_eq!(h.check().unwrap_err().code(), "bad_header");
        let mut h = header();
        h.op_count = 0;
        assert_eq!(h.check().unwrap_err().code(), "bad_header");
        let mut h = header();
        std::mem::swap(&mut h.hlc_first, &mut h.hlc_last);
        assert_eq!(h.check().unwrap_err().code(), "bad_header");
        let mut h = header();
        h.ciphertext_sha256 = "ABC".into();
        assert_eq!(h.check().unwrap_err().code(), "bad_header");
        assert_eq!(header().check(), Ok(()));
    }

    #[test]
    fn the_ciphertext_must_match_its_hash() {
        let h = header();
        assert_eq!(h.check_ciphertext(b"ciphertext"), Ok(()));
        assert_eq!(
            h.check_ciphertext(b"ciphertexT"),
            Err(ProtocolError::HashMismatch)
        );
    }

    #[test]
    fn the_two_kinds_of_scope_with_one_uuid_sign_differently() {
        let mut a = header();
        a.scope = Scope::Case(YoungPersonId::from_uuid(Uuid::from_u128(9)));
        let mut b = header();
        b.scope = Scope::Own(PersonId::from_uuid(Uuid::from_u128(9)));
        assert_ne!(a.signing_bytes(), b.signing_bytes());
    }

    #[test]
    fn scopes_read_back_from_their_text() {
        let case = Scope::Case(YoungPersonId::from_uuid(Uuid::from_u128(5)));
        let own = Scope::Own(PersonId::from_uuid(Uuid::from_u128(5)));
        for scope in [case, own] {
            assert_eq!(scope.to_string().parse::<Scope>().unwrap(), scope);
        }
        assert_ne!(case.to_string(), own.to_string());
        for bad in ["", "case", "case:", "team:0190", "own:nope"] {
            assert_eq!(
                bad.parse::<Scope>().unwrap_err().code(),
                "bad_scope",
                "{bad}"
            );
        }
    }

    proptest! {
        /// Any change to any field changes the signed bytes.
        #[test]
        fn every_field_is_signed(
            field in 0usize..10,
            n in 1u64..1_000_000,
        ) {
            let h = header();
            let mut m = h.clone();
            match field {
                0 => m.version = m.version.wrapping_add(n as u16).max(2),
                1 => m.scope = Scope::Case(YoungPersonId::from_uuid(Uuid::from_u128(42 + u128::from(n)))),
                2 => m.device = device(7 + u128::from(n)),
                3 => m.device_seq += n,
                4 => m.hlc_first.wall_ms -= n,
                5 => m.hlc_last.counter += n as u32,
                6 => m.op_count += n as u32,
                7 => m.key_epoch += n as u32,
                8 => m.priority = Priority::Safeguarding,
                _ => m.ciphertext_sha256 = sha256_hex(&n.to_be_bytes()),
            }
            prop_assert_ne!(h.signing_bytes(), m.signing_bytes());
        }
    }
}
