//! Every use of age and ed25519 in Inside Out Coach lives here.
//!
//! - [`DatabaseKey`]: the 32 random bytes that SQLCipher is keyed with, zeroized on drop.
//! - [`wrap_database_key`] / [`unwrap_database_key`]: the key sealed in an age file with the
//!   user's passphrase (age's scrypt recipient). Changing the passphrase rewraps only this file.
//! - [`DeviceKeys`]: the device's age X25519 identity and ed25519 signing key, created on first
//!   run and kept inside the encrypted database.
//! - [`OrgKey`]: the organisation's offline ed25519 key, its [`fingerprint`], and the
//!   [`device_code`] two people compare in person before a device is approved.
//!
//! Guarantees: secrets never appear in `Debug` output; key material is zeroized when dropped.

mod device;
mod org;
mod passphrase;
mod scope;
mod wrap;

pub use device::DeviceKeys;
pub use org::{OrgKey, device_code, fingerprint, normalise_code};
pub use passphrase::Passphrase;
pub use scope::{
    MAX_OPENED_BYTES, RecoveryIdentity, ScopeKey, check_recipient, check_signing_key, seal_to,
    verify_signature,
};
pub use wrap::{DatabaseKey, WorkFactor, unwrap_database_key, wrap_database_key};

/// What can go wrong with keys.
#[derive(Debug, thiserror::Error)]
pub enum CryptoError {
    #[error("wrong passphrase — try again")]
    WrongPassphrase,
    #[error("this is not an Inside Out key file")]
    NotAKeyFile,
    #[error("the passphrase must be at least {min} characters")]
    PassphraseTooShort { min: usize },
    #[error("the system's random number generator failed: {0}")]
    Random(String),
    #[error("could not encrypt: {0}")]
    Encrypt(String),
    #[error("stored device keys are damaged")]
    BadDeviceKeys,
    #[error("not an age X25519 recipient: {0}")]
    BadRecipient(String),
    #[error("not an ed25519 public key")]
    BadSigningKey,
    #[error("the signature does not match")]
    BadSignature,
    #[error("not a sealed Inside Out batch or key envelope")]
    NotSealed,
    #[error("sealed for a different key")]
    NotForThisKey,
    #[error("the key envelope is damaged")]
    BadEnvelope,
    #[error("the sealed content is larger than allowed")]
    TooLarge,
    #[error("not a recovery identity (expected a line starting AGE-SECRET-KEY-)")]
    BadRecoveryIdentity,
    #[error("not an organisation key file (expected a line starting INSIDEOUT-ORG-KEY-)")]
    BadOrgKey,
}

/// Fills a buffer from the operating system's random number generator.
pub fn random_bytes<const N: usize>() -> Result<[u8; N], CryptoError> {
    let mut out = [0u8; N];
    getrandom::fill(&mut out).map_err(|e| CryptoError::Random(e.to_string()))?;
    Ok(out)
}
