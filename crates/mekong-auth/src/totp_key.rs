//! The node's TOTP key: encryption at rest of every user's TOTP secret.
//!
//! The key is 32 random bytes in `<data dir>/keys/totp-secret.key` (mode 0600, in a
//! 0700 folder, written and read by [`mekong_core::key_file`]), beside the audit
//! signing key. A secret is sealed with
//! ChaCha20-Poly1305 under a random 96-bit nonce, with the user id as associated
//! data, so a sealed secret copied to another user's row does not open.
//!
//! Invariants:
//! - the database contains `MKT1 || nonce || ciphertext || tag`, never the raw secret,
//!   once [`crate::Auth::seal_plaintext_secrets`] has run;
//! - a stored value of exactly [`SECRET_BYTES`] bytes is a raw secret from before
//!   encryption; nothing else is read as plaintext.

use std::path::{Path, PathBuf};

use chacha20poly1305::aead::{AeadInOut, KeyInit};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce, Tag};
use mekong_core::key_file::{self, KeyFileError};
use secrecy::{ExposeSecret, SecretBox};
use zeroize::Zeroizing;

use crate::AuthError;
use crate::secret::random_bytes;
use crate::totp::{SECRET_BYTES, TotpSecret};

/// The key file's path inside the data directory.
pub const KEY_FILE: &str = "keys/totp-secret.key";

/// Bytes of the key.
const KEY_BYTES: usize = 32;
/// Bytes of a ChaCha20-Poly1305 nonce.
const NONCE_BYTES: usize = 12;
/// Bytes of a Poly1305 tag.
const TAG_BYTES: usize = 16;
/// Marks a sealed secret and its format version.
const SEALED_PREFIX: &[u8; 4] = b"MKT1";

/// The symmetric key that seals TOTP secrets; its Debug output is redacted.
pub struct TotpKey {
    secret: SecretBox<[u8; KEY_BYTES]>,
}

impl std::fmt::Debug for TotpKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TotpKey(redacted)")
    }
}

/// The content of a stored TOTP secret column.
pub(crate) enum Stored {
    /// Sealed with a [`TotpKey`].
    Sealed,
    /// The raw secret, written before encryption existed.
    Plaintext,
}

/// Tells a sealed secret from a raw one by its prefix and length.
pub(crate) fn classify(stored: &[u8]) -> Stored {
    if stored.len() == SECRET_BYTES && !stored.starts_with(SEALED_PREFIX) {
        Stored::Plaintext
    } else {
        Stored::Sealed
    }
}

impl TotpKey {
    /// Creates a random key that lives only in memory, for tests and for nodes whose
    /// users need not survive a restart.
    pub fn ephemeral() -> Result<TotpKey, AuthError> {
        let bytes = random_bytes::<KEY_BYTES>()?;
        Ok(TotpKey { secret: SecretBox::new(Box::new(*bytes)) })
    }

    /// Returns the key file's path inside a data directory.
    pub fn path_in(data_dir: &Path) -> PathBuf {
        data_dir.join(KEY_FILE)
    }

    /// Loads the key from the data directory, generating and writing it on first use.
    /// Fails when the file grants group or others any permission, or has the wrong length.
    pub fn load_or_generate(data_dir: &Path) -> Result<TotpKey, AuthError> {
        let path = TotpKey::path_in(data_dir);

        let loaded = key_file::load_or_create(&path, || {
            let bytes = random_bytes::<KEY_BYTES>()?;
            Ok::<_, AuthError>(SecretBox::new(Box::new(*bytes)))
        })?;
        if loaded.created {
            tracing::info!(path = %path.display(), "generated the TOTP encryption key");
        }
        Ok(TotpKey { secret: loaded.secret })
    }

    /// Loads the key from a file holding the raw 32 bytes.
    pub fn load(path: &Path) -> Result<TotpKey, AuthError> {
        Ok(TotpKey { secret: key_file::load::<KEY_BYTES>(path)? })
    }

    fn cipher(&self) -> ChaCha20Poly1305 {
        ChaCha20Poly1305::new(&Key::from(*self.secret.expose_secret()))
    }

    /// Encrypts a user's TOTP secret, bound to the user id, for storage.
    pub fn seal(&self, user_id: &str, secret: &TotpSecret) -> Result<Vec<u8>, AuthError> {
        let nonce = random_bytes::<NONCE_BYTES>()?;

        let mut buffer = Zeroizing::new(secret.bytes().to_vec());
        let tag = self
            .cipher()
            .encrypt_inout_detached(&Nonce::from(*nonce), user_id.as_bytes(), buffer.as_mut_slice().into())
            .map_err(|_| AuthError::SecretSeal { user_id: user_id.to_owned() })?;

        let mut sealed = Vec::with_capacity(SEALED_PREFIX.len() + NONCE_BYTES + buffer.len() + TAG_BYTES);
        sealed.extend_from_slice(SEALED_PREFIX);
        sealed.extend_from_slice(nonce.as_ref());
        sealed.extend_from_slice(&buffer);
        sealed.extend_from_slice(&tag);
        Ok(sealed)
    }

    /// Decrypts a stored TOTP secret of this user. A raw secret from before encryption
    /// is returned as it is.
    pub fn open(&self, user_id: &str, stored: &[u8]) -> Result<TotpSecret, AuthError> {
        if let Stored::Plaintext = classify(stored) {
            return Ok(TotpSecret::from_bytes(stored.to_vec()));
        }

        let unsealed_error = || AuthError::SecretUnseal { user_id: user_id.to_owned() };
        let Some(body) = stored.strip_prefix(SEALED_PREFIX.as_slice()) else {
            return Err(unsealed_error());
        };
        if body.len() < NONCE_BYTES + TAG_BYTES {
            return Err(unsealed_error());
        }
        let (nonce, rest) = body.split_at(NONCE_BYTES);
        let (ciphertext, tag) = rest.split_at(rest.len() - TAG_BYTES);
        let nonce: [u8; NONCE_BYTES] = nonce.try_into().map_err(|_| unsealed_error())?;
        let tag: [u8; TAG_BYTES] = tag.try_into().map_err(|_| unsealed_error())?;

        let mut buffer = Zeroizing::new(ciphertext.to_vec());
        self.cipher()
            .decrypt_inout_detached(&Nonce::from(nonce), user_id.as_bytes(), buffer.as_mut_slice().into(), &Tag::from(tag))
            .map_err(|_| unsealed_error())?;
        Ok(TotpSecret::from_bytes(buffer.to_vec()))
    }
}

impl From<KeyFileError> for AuthError {
    fn from(error: KeyFileError) -> AuthError {
        match error {
            KeyFileError::Io { path, source } => AuthError::KeyFile { path, source },
            KeyFileError::Permissions { path, mode } => AuthError::KeyFileOpen { path, mode },
            KeyFileError::Length { path, found, .. } => {
                AuthError::InvalidKeyFile { path, length: usize::try_from(found).unwrap_or(usize::MAX) }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::fs;

    use super::*;

    #[test]
    fn seal_then_open() {
        let key = TotpKey::ephemeral().unwrap();
        let secret = TotpSecret::generate().unwrap();
        let sealed = key.seal("user-1", &secret).unwrap();
        assert!(sealed.starts_with(SEALED_PREFIX));
        assert!(!sealed.windows(SECRET_BYTES).any(|window| window == secret.bytes()));
        assert_eq!(key.open("user-1", &sealed).unwrap().bytes(), secret.bytes());
    }

    #[test]
    fn other_user_cannot_open() {
        let key = TotpKey::ephemeral().unwrap();
        let sealed = key.seal("user-1", &TotpSecret::generate().unwrap()).unwrap();
        assert!(key.open("user-2", &sealed).is_err());
        assert!(TotpKey::ephemeral().unwrap().open("user-1", &sealed).is_err());
    }

    #[test]
    fn plaintext_secret_passes_through() {
        let key = TotpKey::ephemeral().unwrap();
        let raw = b"12345678901234567890".to_vec();
        assert_eq!(key.open("user-1", &raw).unwrap().bytes(), raw.as_slice());
    }

    #[test]
    fn key_file_private_and_stable() {
        let dir = tempfile::tempdir().unwrap();
        let first = TotpKey::load_or_generate(dir.path()).unwrap();
        let sealed = first.seal("user-1", &TotpSecret::generate().unwrap()).unwrap();
        let second = TotpKey::load_or_generate(dir.path()).unwrap();
        assert!(second.open("user-1", &sealed).is_ok());

        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(TotpKey::path_in(dir.path())).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600);
            fs::set_permissions(TotpKey::path_in(dir.path()), fs::Permissions::from_mode(0o644)).unwrap();
            assert!(TotpKey::load_or_generate(dir.path()).is_err());
        }
    }
}
