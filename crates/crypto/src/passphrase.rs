use crate::CryptoError;
use std::fmt;
use zeroize::{Zeroize, ZeroizeOnDrop};

/// A passphrase a person typed.
///
/// Invariant: at least [`Passphrase::MIN_CHARS`] characters (when made with [`Passphrase::new`]).
/// Its `Debug` output never shows the text, and the text is zeroized on drop.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct Passphrase(String);

impl Passphrase {
    pub const MIN_CHARS: usize = 10;

    /// A new passphrase, checked for length.
    pub fn new(text: &str) -> Result<Self, CryptoError> {
        if text.chars().count() < Self::MIN_CHARS {
            return Err(CryptoError::PassphraseTooShort {
                min: Self::MIN_CHARS,
            });
        }
        Ok(Self(text.to_owned()))
    }

    /// A passphrase typed to unlock: never checked for length, since a wrong one is simply wrong.
    pub fn attempt(text: &str) -> Self {
        Self(text.to_owned())
    }

    pub(crate) fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Passphrase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Passphrase(..)")
    }
}
