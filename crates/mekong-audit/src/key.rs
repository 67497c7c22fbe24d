//! The node's Ed25519 signing key, kept in the data directory.
//!
//! The key is generated from the operating system's random source on first use and
//! written to `keys/node-ed25519.key` (the raw 32-byte secret, mode 0600, in a
//! directory of mode 0700) by [`mekong_core::key_file`]. In memory the secret sits in
//! a [`SecretBox`] that is zeroed on drop, and `Debug` prints only the public key.
//! Nothing here logs the secret.

use std::path::{Path, PathBuf};

use ed25519_dalek::{SECRET_KEY_LENGTH, Signature, Signer, SigningKey, VerifyingKey};
use mekong_core::key_file::{self, KeyFileError};
use rand_core::OsRng;
use secrecy::{ExposeSecret, SecretBox};

use crate::AuditError;

/// The key file's path inside the data directory.
pub const KEY_FILE: &str = "keys/node-ed25519.key";

/// The algorithm name stored beside public keys in the database.
pub(crate) const ALGORITHM: &str = "ed25519";

/// The node's Ed25519 signing key.
pub struct NodeKey {
    secret: SecretBox<[u8; SECRET_KEY_LENGTH]>,
    public: VerifyingKey,
}

impl std::fmt::Debug for NodeKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NodeKey").field("public", &hex::encode(self.public.as_bytes())).finish_non_exhaustive()
    }
}

impl NodeKey {
    /// Generates a new key from the operating system's random source.
    pub fn generate() -> NodeKey {
        let signing = SigningKey::generate(&mut OsRng);
        NodeKey::from_signing(&signing)
    }

    /// Builds a key from a 32-byte Ed25519 secret.
    pub fn from_secret(secret: &[u8; SECRET_KEY_LENGTH]) -> NodeKey {
        NodeKey::from_signing(&SigningKey::from_bytes(secret))
    }

    fn from_signing(signing: &SigningKey) -> NodeKey {
        NodeKey { secret: SecretBox::new(Box::new(signing.to_bytes())), public: signing.verifying_key() }
    }

    /// Loads the key from `<data_dir>/keys/node-ed25519.key`, generating and writing it
    /// on first use. Fails when the file grants group or others any permission.
    pub fn load_or_generate(data_dir: &Path) -> Result<NodeKey, AuditError> {
        let path = data_dir.join(KEY_FILE);

        let loaded = key_file::load_or_create(&path, || {
            Ok::<_, AuditError>(SecretBox::new(Box::new(SigningKey::generate(&mut OsRng).to_bytes())))
        })?;
        let key = NodeKey::from_secret(loaded.secret.expose_secret());
        if loaded.created {
            tracing::info!(path = %path.display(), public_key = %key.public_hex(), "generated the node signing key");
        }
        Ok(key)
    }

    /// Loads the key from a file holding the raw 32-byte secret.
    pub fn load(path: &Path) -> Result<NodeKey, AuditError> {
        let secret = key_file::load::<SECRET_KEY_LENGTH>(path)?;
        Ok(NodeKey::from_secret(secret.expose_secret()))
    }

    /// Writes the key to a new file of mode 0600; fails if the file exists.
    pub fn write_new(&self, path: &Path) -> Result<(), AuditError> {
        Ok(key_file::write_new(path, &self.secret)?)
    }

    /// Returns the public key.
    pub fn public_key(&self) -> VerifyingKey {
        self.public
    }

    /// Returns the public key in lower-case hex.
    pub fn public_hex(&self) -> String {
        hex::encode(self.public.as_bytes())
    }

    /// Signs a message.
    pub fn sign(&self, message: &[u8]) -> Signature {
        let signing = SigningKey::from_bytes(self.secret.expose_secret());
        signing.sign(message)
    }

    /// Returns the key file's path inside a data directory.
    pub fn path_in(data_dir: &Path) -> PathBuf {
        data_dir.join(KEY_FILE)
    }
}

impl From<KeyFileError> for AuditError {
    fn from(error: KeyFileError) -> AuditError {
        match error {
            KeyFileError::Io { path, source } => AuditError::KeyFile { path, source },
            KeyFileError::Permissions { path, mode } => AuditError::KeyPermissions { path, mode },
            KeyFileError::Length { path, found, .. } => {
                AuditError::InvalidKey { path, length: usize::try_from(found).unwrap_or(usize::MAX) }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::fs::{self, OpenOptions};
    use std::io::Write;

    use super::*;

    #[test]
    fn key_file_round_trip() {
        let dir = tempfile::tempdir().unwrap();

        let first = NodeKey::load_or_generate(dir.path()).unwrap();
        let second = NodeKey::load_or_generate(dir.path()).unwrap();

        assert_eq!(first.public_key(), second.public_key());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(dir.path().join(KEY_FILE)).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600);
        }
    }

    #[test]
    fn debug_hides_secret() {
        let key = NodeKey::from_secret(&[7; 32]);
        let secret_hex = hex::encode([7u8; 32]);

        let text = format!("{key:?}");

        assert!(!text.contains(&secret_hex));
        assert!(text.contains(&key.public_hex()));
    }

    #[cfg(unix)]
    #[test]
    fn rejects_readable_key_file() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        NodeKey::load_or_generate(dir.path()).unwrap();
        let path = dir.path().join(KEY_FILE);
        fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();

        let result = NodeKey::load(&path);

        assert!(matches!(result, Err(AuditError::KeyPermissions { mode: 0o644, .. })));
    }

    #[test]
    fn rejects_short_key_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("short.key");
        let mut options = OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        options.open(&path).unwrap().write_all(&[1, 2, 3]).unwrap();

        let result = NodeKey::load(&path);

        assert!(matches!(result, Err(AuditError::InvalidKey { length: 3, .. })));
    }
}
