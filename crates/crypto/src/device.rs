use crate::{CryptoError, random_bytes};
use age::secrecy::ExposeSecret;
use ed25519_dalek::{Signer, SigningKey};
use std::fmt;
use std::str::FromStr;

/// The device's own keys: an age X25519 identity (to receive scope keys) and an ed25519 key
/// (to sign what it pushes). Never shown by `Debug`.
pub struct DeviceKeys {
    age: age::x25519::Identity,
    signing: SigningKey,
}

impl DeviceKeys {
    pub fn generate() -> Result<Self, CryptoError> {
        let seed: [u8; 32] = random_bytes()?;
        Ok(Self {
            age: age::x25519::Identity::generate(),
            signing: SigningKey::from_bytes(&seed),
        })
    }

    /// The public age recipient (`age1…`).
    pub fn age_recipient(&self) -> String {
        self.age.to_public().to_string()
    }

    /// The public ed25519 key, hex.
    pub fn signing_public_hex(&self) -> String {
        hex::encode(self.signing.verifying_key().to_bytes())
    }

    pub(crate) fn age_identity(&self) -> &age::x25519::Identity {
        &self.age
    }

    pub fn sign(&self, message: &[u8]) -> [u8; 64] {
        self.signing.sign(message).to_bytes()
    }

    /// The secrets as text, for storing inside the encrypted database only.
    /// The secret keys as text, for the encrypted store; wiped when dropped.
    pub fn to_secret_strings(&self) -> (zeroize::Zeroizing<String>, zeroize::Zeroizing<String>) {
        let signing = zeroize::Zeroizing::new(self.signing.to_bytes());
        (
            zeroize::Zeroizing::new(self.age.to_string().expose_secret().to_owned()),
            zeroize::Zeroizing::new(hex::encode(signing.as_slice())),
        )
    }

    pub fn from_secret_strings(age_secret: &str, signing_hex: &str) -> Result<Self, CryptoError> {
        let age =
            age::x25519::Identity::from_str(age_secret).map_err(|_| CryptoError::BadDeviceKeys)?;
        let bytes: [u8; 32] = hex::decode(signing_hex)
            .ok()
            .and_then(|b| b.try_into().ok())
            .ok_or(CryptoError::BadDeviceKeys)?;
        Ok(Self {
            age,
            signing: SigningKey::from_bytes(&bytes),
        })
    }
}

impl fmt::Debug for DeviceKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DeviceKeys")
            .field("age_recipient", &self.age_recipient())
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ed25519_dalek::{Signature, Verifier, VerifyingKey};

    #[test]
    fn keys_round_trip_through_their_stored_form() {
        let keys = DeviceKeys::generate().unwrap();
        let (a, s) = keys.to_secret_strings();
        let back = DeviceKeys::from_secret_strings(&a, &s).unwrap();
        assert_eq!(back.age_recipient(), keys.age_recipient());
        assert_eq!(back.signing_public_hex(), keys.signing_public_hex());
        assert!(!format!("{keys:?}").contains(s.as_str()));
    }

    #[test]
    fn signatures_verify_with_the_public_key() {
        let keys = DeviceKeys::generate().unwrap();
        let sig = Signature::from_bytes(&keys.sign(b"batch header"));
        let public: [u8; 32] = hex::decode(keys.signing_public_hex())
            .unwrap()
            .try_into()
            .unwrap();
        let vk = VerifyingKey::from_bytes(&public).unwrap();
        assert!(vk.verify(b"batch header", &sig).is_ok());
        assert!(vk.verify(b"another header", &sig).is_err());
    }

    #[test]
    fn damaged_stored_keys_are_refused() {
        assert!(DeviceKeys::from_secret_strings("nonsense", "00").is_err());
    }
}
