//! The node's vault key, which wraps the key of every stored object.
//!
//! The key is 32 random bytes in `keys/vault.key` in the data directory (mode 0600,
//! in a directory of mode 0700), generated on first use. In memory it sits in a
//! [`SecretBox`] that is zeroed on drop, and `Debug` prints nothing of it. The file is
//! read and written through [`mekong_core::key_file`], which checks its mode and length.

use std::path::Path;

use chacha20poly1305::aead::{AeadInOut, KeyInit};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce, Tag};
use mekong_core::key_file;
use secrecy::{ExposeSecret, SecretBox};
use zeroize::Zeroizing;

use crate::EvidenceError;

/// The key file's path inside the data directory.
pub const VAULT_KEY_FILE: &str = "keys/vault.key";

const KEY_LEN: usize = 32;
const NONCE_LEN: usize = 12;
const TAG_LEN: usize = 16;

/// Builds the associated data that binds a wrapped key to its object's SHA-256.
fn wrap_context(sha256: &str) -> Vec<u8> {
    format!("mekong-evidence object key v1 {sha256}").into_bytes()
}

/// The node's vault key.
pub struct VaultKey {
    secret: SecretBox<[u8; KEY_LEN]>,
}

impl std::fmt::Debug for VaultKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("VaultKey([REDACTED])")
    }
}

/// Fills a buffer from the operating system's random source.
pub(crate) fn random_bytes(buffer: &mut [u8]) -> Result<(), EvidenceError> {
    getrandom::fill(buffer).map_err(|error| EvidenceError::Random(error.to_string()))
}

/// Returns a fresh random 256-bit key.
pub(crate) fn random_key() -> Result<Zeroizing<[u8; KEY_LEN]>, EvidenceError> {
    let mut key = Zeroizing::new([0u8; KEY_LEN]);
    random_bytes(key.as_mut())?;
    Ok(key)
}

impl VaultKey {
    /// Generates a new key from the operating system's random source.
    pub fn generate() -> Result<VaultKey, EvidenceError> {
        let key = random_key()?;
        Ok(VaultKey::from_bytes(&key))
    }

    /// Builds a key from 32 bytes.
    pub fn from_bytes(bytes: &[u8; KEY_LEN]) -> VaultKey {
        VaultKey { secret: SecretBox::new(Box::new(*bytes)) }
    }

    /// Loads `<data_dir>/keys/vault.key`, generating and writing it on first use.
    /// Fails when the file is readable by group or others.
    pub fn load_or_generate(data_dir: &Path) -> Result<VaultKey, EvidenceError> {
        let path = data_dir.join(VAULT_KEY_FILE);

        let loaded = key_file::load_or_create(&path, || {
            let key = random_key()?;
            Ok::<_, EvidenceError>(SecretBox::new(Box::new(*key)))
        })?;

        if loaded.created {
            tracing::info!(path = %path.display(), "generated the vault key");
        }
        Ok(VaultKey { secret: loaded.secret })
    }

    /// Loads the key from a file holding the raw 32 bytes.
    pub fn load(path: &Path) -> Result<VaultKey, EvidenceError> {
        Ok(VaultKey { secret: key_file::load(path)? })
    }

    /// Writes the key to a new file of mode 0600; fails if the file exists.
    pub fn write_new(&self, path: &Path) -> Result<(), EvidenceError> {
        Ok(key_file::write_new(path, &self.secret)?)
    }

    fn cipher(&self) -> ChaCha20Poly1305 {
        ChaCha20Poly1305::new(&Key::from(*self.secret.expose_secret()))
    }

    /// Encrypts an object key under a random nonce, bound to the object's SHA-256.
    /// Returns nonce, ciphertext and tag.
    pub(crate) fn wrap(&self, object_key: &[u8; KEY_LEN], sha256: &str) -> Result<Vec<u8>, EvidenceError> {
        let mut nonce = [0u8; NONCE_LEN];
        random_bytes(&mut nonce)?;

        let mut buffer = Zeroizing::new(*object_key);
        let tag = self
            .cipher()
            .encrypt_inout_detached(&Nonce::from(nonce), &wrap_context(sha256), buffer.as_mut_slice().into())
            .map_err(|_| EvidenceError::Crypto("wrapping the object key failed"))?;

        let mut wrapped = Vec::with_capacity(NONCE_LEN + KEY_LEN + TAG_LEN);
        wrapped.extend_from_slice(&nonce);
        wrapped.extend_from_slice(buffer.as_slice());
        wrapped.extend_from_slice(&tag);
        Ok(wrapped)
    }

    /// Decrypts an object key wrapped by [`VaultKey::wrap`] for this SHA-256.
    pub(crate) fn unwrap_key(&self, wrapped: &[u8], sha256: &str) -> Result<Zeroizing<[u8; KEY_LEN]>, EvidenceError> {
        if wrapped.len() != NONCE_LEN + KEY_LEN + TAG_LEN {
            return Err(EvidenceError::Crypto("the wrapped object key has the wrong length"));
        }
        let (nonce, rest) = wrapped.split_at(NONCE_LEN);
        let (ciphertext, tag) = rest.split_at(KEY_LEN);
        let nonce: [u8; NONCE_LEN] = nonce.try_into().map_err(|_| EvidenceError::Crypto("invalid nonce length"))?;
        let tag: [u8; TAG_LEN] = tag.try_into().map_err(|_| EvidenceError::Crypto("invalid tag length"))?;

        let mut key = Zeroizing::new([0u8; KEY_LEN]);
        key.copy_from_slice(ciphertext);
        self.cipher()
            .decrypt_inout_detached(&Nonce::from(nonce), &wrap_context(sha256), key.as_mut_slice().into(), &Tag::from(tag))
            .map_err(|_| EvidenceError::Crypto("the wrapped object key does not decrypt with this vault key"))?;
        Ok(key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vault_key_file_round_trip() {
        let dir = tempfile::tempdir().unwrap();

        let first = VaultKey::load_or_generate(dir.path()).unwrap();
        let second = VaultKey::load_or_generate(dir.path()).unwrap();
        let wrapped = first.wrap(&[9; 32], "ab").unwrap();

        assert_eq!(*second.unwrap_key(&wrapped, "ab").unwrap(), [9; 32]);
        assert!(second.unwrap_key(&wrapped, "cd").is_err());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join(VAULT_KEY_FILE)).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600);
        }
    }

    #[test]
    fn debug_redacts_vault_key() {
        let key = VaultKey::from_bytes(&[7; 32]);

        let text = format!("{key:?}");

        assert_eq!(text, "VaultKey([REDACTED])");
    }
}
