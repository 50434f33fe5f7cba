//! Scope keys and sealed batches.
//!
//! A scope key is an age X25519 identity with an epoch. Its secret travels only wrapped: an age
//! file encrypted to the public keys of every device that may read the scope and to the
//! organisation's recovery recipient. A batch's plaintext is compressed, then encrypted to the
//! scope key's recipient.

use crate::{CryptoError, DeviceKeys};
use age::secrecy::ExposeSecret;
use ed25519_dalek::{Signature, Verifier, VerifyingKey};
use std::fmt;
use std::io::{Read, Write};
use std::str::FromStr;

/// The largest plaintext a sealed batch may open to: bounds a decompression bomb.
pub const MAX_OPENED_BYTES: u64 = 64 * 1024 * 1024;

const SCOPE_KEY_MAGIC: &str = "insideout-scope-key-v1\n";

/// The key of one scope at one epoch. Never shown by `Debug`.
pub struct ScopeKey {
    identity: age::x25519::Identity,
    pub epoch: u32,
}

impl ScopeKey {
    pub fn generate(epoch: u32) -> Self {
        Self {
            identity: age::x25519::Identity::generate(),
            epoch,
        }
    }

    /// The key's secret (`AGE-SECRET-KEY-…`), for storing inside the encrypted database only.
    /// The secret as text, for the encrypted store; wiped when dropped.
    pub fn to_secret_string(&self) -> zeroize::Zeroizing<String> {
        zeroize::Zeroizing::new(self.identity.to_string().expose_secret().to_owned())
    }

    pub fn from_secret_string(epoch: u32, secret: &str) -> Result<Self, CryptoError> {
        Ok(Self {
            identity: age::x25519::Identity::from_str(secret)
                .map_err(|_| CryptoError::BadEnvelope)?,
            epoch,
        })
    }

    /// The public recipient batches are sealed to.
    pub fn recipient(&self) -> String {
        self.identity.to_public().to_string()
    }

    /// The key's secret, encrypted to each of `recipients` (`age1…` strings): devices and the
    /// recovery recipient.
    pub fn wrap_for(&self, recipients: &[&str]) -> Result<Vec<u8>, CryptoError> {
        let parsed = recipients
            .iter()
            .map(|r| {
                age::x25519::Recipient::from_str(r)
                    .map_err(|_| CryptoError::BadRecipient((*r).to_owned()))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let mut plain = String::from(SCOPE_KEY_MAGIC);
        plain.push_str(&self.epoch.to_string());
        plain.push('\n');
        plain.push_str(self.identity.to_string().expose_secret());
        encrypt(
            parsed.iter().map(|r| r as &dyn age::Recipient),
            plain.as_bytes(),
        )
    }

    /// Opens an envelope made by [`ScopeKey::wrap_for`] with an identity it was wrapped to.
    pub fn unwrap(envelope: &[u8], identity: &dyn age::Identity) -> Result<Self, CryptoError> {
        let plain = decrypt(envelope, identity, 4096)?;
        let text = std::str::from_utf8(&plain).map_err(|_| CryptoError::BadEnvelope)?;
        let rest = text
            .strip_prefix(SCOPE_KEY_MAGIC)
            .ok_or(CryptoError::BadEnvelope)?;
        let (epoch, secret) = rest.split_once('\n').ok_or(CryptoError::BadEnvelope)?;
        Ok(Self {
            epoch: epoch.parse().map_err(|_| CryptoError::BadEnvelope)?,
            identity: age::x25519::Identity::from_str(secret)
                .map_err(|_| CryptoError::BadEnvelope)?,
        })
    }

    /// Compresses and encrypts `plaintext` to this key.
    pub fn seal(&self, plaintext: &[u8]) -> Result<Vec<u8>, CryptoError> {
        let mut compressed = flate2::write::DeflateEncoder::new(
            Vec::with_capacity(plaintext.len() / 3),
            flate2::Compression::fast(),
        );
        compressed
            .write_all(plaintext)
            .map_err(|e| CryptoError::Encrypt(e.to_string()))?;
        let compressed = compressed
            .finish()
            .map_err(|e| CryptoError::Encrypt(e.to_string()))?;
        let recipient = self.identity.to_public();
        encrypt(
            std::iter::once(&recipient as &dyn age::Recipient),
            &compressed,
        )
    }

    /// Decrypts and decompresses a sealed batch; refuses more than [`MAX_OPENED_BYTES`].
    pub fn open(&self, sealed: &[u8]) -> Result<Vec<u8>, CryptoError> {
        let compressed = decrypt(sealed, &self.identity, MAX_OPENED_BYTES)?;
        let mut out = Vec::new();
        flate2::read::DeflateDecoder::new(compressed.as_slice())
            .take(MAX_OPENED_BYTES + 1)
            .read_to_end(&mut out)
            .map_err(|_| CryptoError::NotSealed)?;
        if out.len() as u64 > MAX_OPENED_BYTES {
            return Err(CryptoError::TooLarge);
        }
        Ok(out)
    }
}

impl fmt::Debug for ScopeKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ScopeKey")
            .field("epoch", &self.epoch)
            .field("recipient", &self.recipient())
            .finish_non_exhaustive()
    }
}

impl DeviceKeys {
    /// Opens a scope key envelope wrapped to this device.
    pub fn unwrap_scope_key(&self, envelope: &[u8]) -> Result<ScopeKey, CryptoError> {
        ScopeKey::unwrap(envelope, self.age_identity())
    }
}

/// The organisation's offline recovery identity: made once, printed, kept off every server.
pub struct RecoveryIdentity(age::x25519::Identity);

impl RecoveryIdentity {
    pub fn generate() -> Self {
        Self(age::x25519::Identity::generate())
    }

    pub fn parse(text: &str) -> Result<Self, CryptoError> {
        let line = text
            .lines()
            .map(str::trim)
            .find(|l| l.starts_with("AGE-SECRET-KEY-"))
            .ok_or(CryptoError::BadRecoveryIdentity)?;
        age::x25519::Identity::from_str(line)
            .map(Self)
            .map_err(|_| CryptoError::BadRecoveryIdentity)
    }

    pub fn recipient(&self) -> String {
        self.0.to_public().to_string()
    }

    /// The identity file's text (`AGE-SECRET-KEY-…`), to be written once and stored offline.
    pub fn to_secret_text(&self) -> String {
        format!(
            "# Inside Out Coach organisation recovery identity. Keep offline.\n# recipient: {}\n{}\n",
            self.recipient(),
            self.0.to_string().expose_secret()
        )
    }

    pub fn unwrap_scope_key(&self, envelope: &[u8]) -> Result<ScopeKey, CryptoError> {
        ScopeKey::unwrap(envelope, &self.0)
    }

    /// Opens what a revoked device sealed to the recovery recipient with [`seal_to`].
    pub fn open(&self, sealed: &[u8]) -> Result<Vec<u8>, CryptoError> {
        decrypt(sealed, &self.0, MAX_OPENED_BYTES)
    }
}

/// Encrypts `plain` to one age recipient (`age1…`): a revoked device's unsent records, sealed to
/// the organisation's recovery recipient before it wipes itself.
pub fn seal_to(recipient: &str, plain: &[u8]) -> Result<Vec<u8>, CryptoError> {
    let parsed = age::x25519::Recipient::from_str(recipient)
        .map_err(|_| CryptoError::BadRecipient(recipient.to_owned()))?;
    encrypt(std::iter::once(&parsed as &dyn age::Recipient), plain)
}

impl fmt::Debug for RecoveryIdentity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RecoveryIdentity").finish_non_exhaustive()
    }
}

/// Checks that `recipient` is an age X25519 recipient (`age1…`).
pub fn check_recipient(recipient: &str) -> Result<(), CryptoError> {
    age::x25519::Recipient::from_str(recipient)
        .map(|_| ())
        .map_err(|_| CryptoError::BadRecipient(recipient.to_owned()))
}

/// Checks an ed25519 `signature` over `message` by the key `public_hex`.
pub fn verify_signature(
    public_hex: &str,
    message: &[u8],
    signature: &[u8],
) -> Result<(), CryptoError> {
    let key: [u8; 32] = hex::decode(public_hex)
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or(CryptoError::BadSigningKey)?;
    let key = VerifyingKey::from_bytes(&key).map_err(|_| CryptoError::BadSigningKey)?;
    let signature: [u8; 64] = signature
        .try_into()
        .map_err(|_| CryptoError::BadSignature)?;
    key.verify(message, &Signature::from_bytes(&signature))
        .map_err(|_| CryptoError::BadSignature)
}

/// Checks that `public_hex` is an ed25519 public key.
pub fn check_signing_key(public_hex: &str) -> Result<(), CryptoError> {
    let key: [u8; 32] = hex::decode(public_hex)
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or(CryptoError::BadSigningKey)?;
    VerifyingKey::from_bytes(&key)
        .map(|_| ())
        .map_err(|_| CryptoError::BadSigningKey)
}

fn encrypt<'a>(
    recipients: impl Iterator<Item = &'a dyn age::Recipient>,
    plain: &[u8],
) -> Result<Vec<u8>, CryptoError> {
    let encryptor = age::Encryptor::with_recipients(recipients)
        .map_err(|e| CryptoError::Encrypt(e.to_string()))?;
    let mut out = Vec::with_capacity(plain.len() + 256);
    let mut writer = encryptor
        .wrap_output(&mut out)
        .map_err(|e| CryptoError::Encrypt(e.to_string()))?;
    writer
        .write_all(plain)
        .map_err(|e| CryptoError::Encrypt(e.to_string()))?;
    writer
        .finish()
        .map_err(|e| CryptoError::Encrypt(e.to_string()))?;
    Ok(out)
}

fn decrypt(sealed: &[u8], identity: &dyn age::Identity, max: u64) -> Result<Vec<u8>, CryptoError> {
    let decryptor = age::Decryptor::new_buffered(sealed).map_err(|_| CryptoError::NotSealed)?;
    if decryptor.is_scrypt() {
        return Err(CryptoError::NotSealed);
    }
    let reader = decryptor
        .decrypt(std::iter::once(identity))
        .map_err(|e| match e {
            age::DecryptError::NoMatchingKeys => CryptoError::NotForThisKey,
            _ => CryptoError::NotSealed,
        })?;
    let mut out = Vec::new();
    reader
        .take(max + 1)
        .read_to_end(&mut out)
        .map_err(|_| CryptoError::NotSealed)?;
    if out.len() as u64 > max {
        return Err(CryptoError::TooLarge);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_batch_opens_with_its_key_only() {
        let key = ScopeKey::generate(1);
        let other = ScopeKey::generate(1);
        let plain = "We went to the climbing wall. ".repeat(200);
        let sealed = key.seal(plain.as_bytes()).unwrap();
        assert!(sealed.len() < plain.len(), "compressed before sealing");
        assert!(!sealed.windows(8).any(|w| w == b"climbing"));
        assert_eq!(key.open(&sealed).unwrap(), plain.as_bytes());
        assert!(matches!(
            other.open(&sealed),
            Err(CryptoError::NotForThisKey)
        ));
        assert!(matches!(key.open(b"not age"), Err(CryptoError::NotSealed)));
    }

    #[test]
    fn a_scope_key_is_wrapped_to_devices_and_recovery() {
        let key = ScopeKey::generate(3);
        let phone = DeviceKeys::generate().unwrap();
        let laptop = DeviceKeys::generate().unwrap();
        let outsider = DeviceKeys::generate().unwrap();
        let recovery = RecoveryIdentity::generate();
        let envelope = key
            .wrap_for(&[
                &phone.age_recipient(),
                &laptop.age_recipient(),
                &recovery.recipient(),
            ])
            .unwrap();
        for opened in [
            phone.unwrap_scope_key(&envelope).unwrap(),
            laptop.unwrap_scope_key(&envelope).unwrap(),
            recovery.unwrap_scope_key(&envelope).unwrap(),
        ] {
            assert_eq!(opened.epoch, 3);
            assert_eq!(opened.recipient(), key.recipient());
        }
        assert!(matches!(
            outsider.unwrap_scope_key(&envelope),
            Err(CryptoError::NotForThisKey)
        ));
        assert!(matches!(
            key.wrap_for(&["age1notakey"]),
            Err(CryptoError::BadRecipient(_))
        ));
        let text = recovery.to_secret_text();
        let parsed = RecoveryIdentity::parse(&text).unwrap();
        assert_eq!(parsed.recipient(), recovery.recipient());
        assert!(!format!("{key:?}{recovery:?}").contains("AGE-SECRET"));
    }

    #[test]
    fn signatures_are_checked() {
        let device = DeviceKeys::generate().unwrap();
        let sig = device.sign(b"header");
        let public = device.signing_public_hex();
        verify_signature(&public, b"header", &sig).unwrap();
        assert!(matches!(
            verify_signature(&public, b"headex", &sig),
            Err(CryptoError::BadSignature)
        ));
        let other = DeviceKeys::generate().unwrap().signing_public_hex();
        assert!(matches!(
            verify_signature(&other, b"header", &sig),
            Err(CryptoError::BadSignature)
        ));
        assert!(matches!(
            verify_signature(&public, b"header", &sig[..10]),
            Err(CryptoError::BadSignature)
        ));
        assert!(matches!(
            verify_signature("zz", b"header", &sig),
            Err(CryptoError::BadSigningKey)
        ));
        check_signing_key(&public).unwrap();
        check_recipient(&device.age_recipient()).unwrap();
        assert!(check_recipient("age1nope").is_err());
    }

    #[test]
    fn a_decompression_bomb_is_refused() {
        let key = ScopeKey::generate(1);
        let huge = vec![0u8; (MAX_OPENED_BYTES + 10) as usize];
        let sealed = key.seal(&huge).unwrap();
        assert!(sealed.len() < 1_000_000);
        assert!(matches!(key.open(&sealed), Err(CryptoError::TooLarge)));
    }
}
