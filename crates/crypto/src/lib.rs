//! Every use of age and ed25519 in Inside Out Coach lives here.
//!
//! - [`DatabaseKey`]: the 32 random bytes that SQLCipher is keyed with, zeroized on drop.
//! - [`wrap_database_key`] / [`unwrap_database_key`]: the key sealed in an age file with the
//!   user's passphrase (age's scrypt recipient). Changing the passphrase rewraps only this file.
//! - [`DeviceKeys`]: the device's age X25519 identity and ed25519 signing key, created on first
//!   run and kept inside the encrypted database.
//!
//! Guarantees: secrets never appear in `Debug` output; key material is zeroized when dropped.

mod device;
mod passphrase;
mod wrap;

pub use device::DeviceKeys;
pub use passphrase::Passphrase;
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
}

/// Fills a buffer from the operating system's random number generator.
pub fn random_bytes<const N: usize>() -> Result<[u8; N], CryptoError> {
    let mut out = [0u8; N];
    getrandom::fill(&mut out).map_err(|e| CryptoError::Random(e.to_string()))?;
    Ok(out)
}
