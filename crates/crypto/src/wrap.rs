use crate::{CryptoError, Passphrase, random_bytes};
use age::secrecy::SecretString;
use std::fmt;
use std::io::{Read, Write};
use zeroize::{Zeroize, ZeroizeOnDrop};

/// The SQLCipher key: 32 random bytes.
///
/// Invariant: exactly 32 bytes; zeroized on drop; never shown by `Debug`.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct DatabaseKey([u8; 32]);

impl DatabaseKey {
    pub fn generate() -> Result<Self, CryptoError> {
        Ok(Self(random_bytes()?))
    }

    /// The key in SQLCipher's raw-key form, `x'…'` (64 hex digits). The caller must not log it;
    /// the text is wiped when dropped.
    pub fn sqlcipher_raw_key(&self) -> zeroize::Zeroizing<String> {
        let hex = zeroize::Zeroizing::new(hex::encode(self.0));
        zeroize::Zeroizing::new(format!("x'{}'", hex.as_str()))
    }
}

impl fmt::Debug for DatabaseKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("DatabaseKey(..)")
    }
}

/// age's scrypt work factor (log2 of N).
///
/// Invariant: between 10 and 22. 18 takes about half a second on a laptop; tests use less.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WorkFactor(u8);

impl WorkFactor {
    /// The factor for real use: about half a second.
    pub const INTERACTIVE: Self = Self(18);
    /// A fast factor for tests and benchmarks only.
    pub const FAST_FOR_TESTS: Self = Self(10);

    pub fn new(log_n: u8) -> Option<Self> {
        (10..=22).contains(&log_n).then_some(Self(log_n))
    }
}

const MAGIC: &[u8] = b"insideout-db-key-v1\n";

/// Seals the database key in an age file for the passphrase.
pub fn wrap_database_key(
    key: &DatabaseKey,
    passphrase: &Passphrase,
    work: WorkFactor,
) -> Result<Vec<u8>, CryptoError> {
    let mut recipient =
        age::scrypt::Recipient::new(SecretString::from(passphrase.expose().to_owned()));
    recipient.set_work_factor(work.0);
    let encryptor =
        age::Encryptor::with_recipients(std::iter::once(&recipient as &dyn age::Recipient))
            .map_err(|e| CryptoError::Encrypt(e.to_string()))?;
    let mut out = Vec::new();
    let mut writer = encryptor
        .wrap_output(&mut out)
        .map_err(|e| CryptoError::Encrypt(e.to_string()))?;
    let mut plain = Vec::with_capacity(MAGIC.len() + 32);
    plain.extend_from_slice(MAGIC);
    plain.extend_from_slice(&key.0);
    let written = writer.write_all(&plain);
    plain.zeroize();
    written.map_err(|e| CryptoError::Encrypt(e.to_string()))?;
    writer
        .finish()
        .map_err(|e| CryptoError::Encrypt(e.to_string()))?;
    Ok(out)
}

/// Opens a key file with the passphrase.
pub fn unwrap_database_key(
    file: &[u8],
    passphrase: &Passphrase,
) -> Result<DatabaseKey, CryptoError> {
    let decryptor = age::Decryptor::new_buffered(file).map_err(|_| CryptoError::NotAKeyFile)?;
    if !decryptor.is_scrypt() {
        return Err(CryptoError::NotAKeyFile);
    }
    let mut identity =
        age::scrypt::Identity::new(SecretString::from(passphrase.expose().to_owned()));
    identity.set_max_work_factor(22);
    let mut reader = decryptor
        .decrypt(std::iter::once(&identity as &dyn age::Identity))
        .map_err(|e| match e {
            age::DecryptError::DecryptionFailed | age::DecryptError::NoMatchingKeys => {
                CryptoError::WrongPassphrase
            }
            _ => CryptoError::NotAKeyFile,
        })?;
    let mut plain = Vec::new();
    reader
        .read_to_end(&mut plain)
        .map_err(|_| CryptoError::NotAKeyFile)?;
    let result = if plain.len() == MAGIC.len() + 32 && plain.starts_with(MAGIC) {
        let mut key = [0u8; 32];
        key.copy_from_slice(&plain[MAGIC.len()..]);
        Ok(DatabaseKey(key))
    } else {
        Err(CryptoError::NotAKeyFile)
    };
    plain.zeroize();
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pass(s: &str) -> Passphrase {
        Passphrase::new(s).unwrap()
    }

    #[test]
    fn round_trip_and_wrong_passphrase() {
        let key = DatabaseKey::generate().unwrap();
        let file = wrap_database_key(
            &key,
            &pass("correct horse battery"),
            WorkFactor::FAST_FOR_TESTS,
        )
        .unwrap();
        let back = unwrap_database_key(&file, &pass("correct horse battery")).unwrap();
        assert_eq!(back.sqlcipher_raw_key(), key.sqlcipher_raw_key());
        assert!(matches!(
            unwrap_database_key(&file, &pass("wrong horse battery")),
            Err(CryptoError::WrongPassphrase)
        ));
    }

    #[test]
    fn other_files_are_not_key_files() {
        let p = pass("correct horse battery");
        assert!(matches!(
            unwrap_database_key(b"SQLite format 3\0", &p),
            Err(CryptoError::NotAKeyFile)
        ));
        assert!(matches!(
            unwrap_database_key(&[], &p),
            Err(CryptoError::NotAKeyFile)
        ));
    }

    #[test]
    fn secrets_stay_out_of_debug() {
        let key = DatabaseKey::generate().unwrap();
        let raw = key.sqlcipher_raw_key();
        assert!(!format!("{key:?}").contains(&raw[2..10]));
        assert_eq!(
            format!("{:?}", pass("correct horse battery")),
            "Passphrase(..)"
        );
    }

    #[test]
    fn raw_key_is_sqlcipher_blob_literal() {
        let raw = DatabaseKey::generate().unwrap().sqlcipher_raw_key();
        assert_eq!(raw.len(), 67);
        assert!(raw.starts_with("x'") && raw.ends_with('\''));
    }
}
