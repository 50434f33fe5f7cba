//! The organisation's signing key and the short codes people compare by eye.
//!
//! The organisation key (ed25519) is made offline, beside the recovery identity, and only its
//! public half ever reaches the service. Every device pins it at enrolment by its fingerprint,
//! which is handed over on paper or as a QR code, never by the service. Devices are compared in
//! person by a [`device_code`] over their public keys.

use crate::{CryptoError, random_bytes};
use ed25519_dalek::{Signer, SigningKey};
use sha2::{Digest, Sha256};
use std::fmt;
use zeroize::Zeroizing;

/// Letters and digits that cannot be mistaken for one another when read aloud or typed.
const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

const FINGERPRINT_CONTEXT: &[u8] = b"insideout-coach/org-fingerprint/v1\0";
const DEVICE_CODE_CONTEXT: &[u8] = b"insideout-coach/device-code/v1\0";
const KEY_FILE_HEADER: &str = "# Inside Out Coach organisation signing key. Keep offline.";
const KEY_LINE_PREFIX: &str = "INSIDEOUT-ORG-KEY-";

/// The organisation's ed25519 signing key. Never shown by `Debug`; zeroized on drop.
pub struct OrgKey(SigningKey);

impl OrgKey {
    pub fn generate() -> Result<Self, CryptoError> {
        let seed = Zeroizing::new(random_bytes::<32>()?);
        Ok(Self(SigningKey::from_bytes(&seed)))
    }

    /// Reads the key file written by [`OrgKey::to_secret_text`].
    pub fn parse(text: &str) -> Result<Self, CryptoError> {
        let line = text
            .lines()
            .map(str::trim)
            .find_map(|l| l.strip_prefix(KEY_LINE_PREFIX))
            .ok_or(CryptoError::BadOrgKey)?;
        let bytes = Zeroizing::new(hex::decode(line).map_err(|_| CryptoError::BadOrgKey)?);
        let seed: Zeroizing<[u8; 32]> = Zeroizing::new(
            bytes
                .as_slice()
                .try_into()
                .map_err(|_| CryptoError::BadOrgKey)?,
        );
        Ok(Self(SigningKey::from_bytes(&seed)))
    }

    /// The key file's text: written once (mode 0600) and kept offline.
    pub fn to_secret_text(&self) -> Zeroizing<String> {
        let secret = Zeroizing::new(hex::encode(self.0.to_bytes()));
        Zeroizing::new(format!(
            "{KEY_FILE_HEADER}\n# public key: {}\n# fingerprint: {}\n{KEY_LINE_PREFIX}{}\n",
            self.public_hex(),
            self.fingerprint(),
            secret.as_str()
        ))
    }

    /// The public key, lower-case hex: what the service and every device hold.
    pub fn public_hex(&self) -> String {
        hex::encode(self.0.verifying_key().to_bytes())
    }

    pub fn fingerprint(&self) -> String {
        // The public key of a valid signing key is always valid hex of 32 bytes.
        fingerprint(&self.public_hex()).unwrap_or_default()
    }

    pub fn sign(&self, message: &[u8]) -> [u8; 64] {
        self.0.sign(message).to_bytes()
    }
}

impl fmt::Debug for OrgKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OrgKey")
            .field("fingerprint", &self.fingerprint())
            .finish_non_exhaustive()
    }
}

/// The organisation key's fingerprint: 80 bits of a hash of the public key, as four groups of
/// four unambiguous characters (`ABCD-EFGH-JKLM-NPQR`).
pub fn fingerprint(public_hex: &str) -> Result<String, CryptoError> {
    let key = public_key_bytes(public_hex)?;
    Ok(groups(&hash_parts(FINGERPRINT_CONTEXT, &[&key]), 16))
}

/// Normalises a typed or scanned fingerprint or code: case, spaces and dashes do not matter.
pub fn normalise_code(text: &str) -> String {
    text.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// The code two people compare in person before a device is approved: 60 bits of a hash of the
/// device's signing key and age recipient, as three groups of four (`ABCD-EFGH-JKLM`). A service
/// that swaps either key shows a different code on the supervisor's screen from the one the
/// device shows itself.
pub fn device_code(signing_key_hex: &str, age_recipient: &str) -> Result<String, CryptoError> {
    let key = public_key_bytes(signing_key_hex)?;
    Ok(groups(
        &hash_parts(DEVICE_CODE_CONTEXT, &[&key, age_recipient.as_bytes()]),
        12,
    ))
}

fn public_key_bytes(public_hex: &str) -> Result<[u8; 32], CryptoError> {
    hex::decode(public_hex)
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or(CryptoError::BadSigningKey)
}

/// SHA-256 over a context and length-prefixed parts, so no two inputs hash alike.
fn hash_parts(context: &[u8], parts: &[&[u8]]) -> [u8; 32] {
    let mut hasher = Sha256::new();
    hasher.update(context);
    for part in parts {
        hasher.update((part.len() as u32).to_be_bytes());
        hasher.update(part);
    }
    hasher.finalize().into()
}

/// The first `chars` five-bit groups of `hash` in [`ALPHABET`], dashed every four.
fn groups(hash: &[u8; 32], chars: usize) -> String {
    let mut out = String::with_capacity(chars + chars / 4);
    for i in 0..chars {
        let bit = i * 5;
        let word = u16::from_be_bytes([hash[bit / 8], hash[bit / 8 + 1]]);
        let index = (word >> (11 - bit % 8)) & 0x1f;
        if i > 0 && i % 4 == 0 {
            out.push('-');
        }
        out.push(ALPHABET[usize::from(index)] as char);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verify_signature;

    #[test]
    fn the_key_file_round_trips_and_signs() {
        let key = OrgKey::generate().unwrap();
        let text = key.to_secret_text();
        let back = OrgKey::parse(&text).unwrap();
        assert_eq!(back.public_hex(), key.public_hex());
        let signature = back.sign(b"a record");
        verify_signature(&key.public_hex(), b"a record", &signature).unwrap();
        assert!(verify_signature(&key.public_hex(), b"another record", &signature).is_err());
        assert!(text.contains(&key.fingerprint()));
        assert!(!format!("{key:?}").contains(&text.lines().last().unwrap()[20..]));
        assert!(matches!(
            OrgKey::parse("AGE-SECRET-KEY-1XYZ"),
            Err(CryptoError::BadOrgKey)
        ));
    }

    #[test]
    fn fingerprints_are_four_groups_of_four_and_differ_by_key() {
        let a = OrgKey::generate().unwrap();
        let b = OrgKey::generate().unwrap();
        let fa = a.fingerprint();
        assert_eq!(fa.len(), 19, "{fa}");
        assert_eq!(fa.split('-').count(), 4);
        assert!(fa.bytes().all(|c| c == b'-' || ALPHABET.contains(&c)));
        assert_ne!(fa, b.fingerprint());
        assert_eq!(
            normalise_code(&fa.to_lowercase().replace('-', " ")),
            normalise_code(&fa)
        );
        assert!(fingerprint("nothex").is_err());
    }

    #[test]
    fn a_device_code_changes_with_either_key() {
        let org = OrgKey::generate().unwrap();
        let other = OrgKey::generate().unwrap();
        let recipient = "age1qyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqs3290gq";
        let code = device_code(&org.public_hex(), recipient).unwrap();
        assert_eq!(code.len(), 14, "{code}");
        assert_ne!(code, device_code(&other.public_hex(), recipient).unwrap());
        assert_ne!(code, device_code(&org.public_hex(), "age1other").unwrap());
        assert_eq!(code, device_code(&org.public_hex(), recipient).unwrap());
    }
}
