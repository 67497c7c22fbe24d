//! The node's Ed25519 signing key, kept in the data directory.
//!
//! The key is generated from the operating system's random source on first use and
//! written to `keys/node-ed25519.key` (the raw 32-byte secret, mode 0600, in a
//! directory of mode 0700). In memory the secret sits in a [`SecretBox`] that is
//! zeroed on drop, and `Debug` prints only the public key. Nothing here logs the secret.

use std::fs::{self, OpenOptions};
use std::io::{ErrorKind, Read, Write};
use std::path::{Path, PathBuf};

use ed25519_dalek::{SECRET_KEY_LENGTH, Signature, Signer, SigningKey, VerifyingKey};
use rand_core::OsRng;
use secrecy::{ExposeSecret, SecretBox};
use zeroize::Zeroizing;

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
    /// on first use. Fails when the file is readable by group or others.
    pub fn load_or_generate(data_dir: &Path) -> Result<NodeKey, AuditError> {
        let path = data_dir.join(KEY_FILE);

        match NodeKey::load(&path) {
            Err(AuditError::KeyFile { source, .. }) if source.kind() == ErrorKind::NotFound => {}
            other => return other,
        }

        let key = NodeKey::generate();
        match key.write_new(&path) {
            Ok(()) => {
                tracing::info!(path = %path.display(), public_key = %key.public_hex(), "generated the node signing key");
                Ok(key)
            }
            // Another process created the file first: use its key.
            Err(AuditError::KeyFile { source, .. }) if source.kind() == ErrorKind::AlreadyExists => NodeKey::load(&path),
            Err(error) => Err(error),
        }
    }

    /// Loads the key from a file holding the raw 32-byte secret.
    pub fn load(path: &Path) -> Result<NodeKey, AuditError> {
        let key_file_error = |source| AuditError::KeyFile { path: path.to_owned(), source };

        let mut file = fs::File::open(path).map_err(key_file_error)?;
        check_permissions(path, &file)?;

        let mut bytes = Zeroizing::new(Vec::with_capacity(SECRET_KEY_LENGTH));
        file.read_to_end(&mut bytes).map_err(key_file_error)?;
        let secret: Zeroizing<[u8; SECRET_KEY_LENGTH]> = Zeroizing::new(
            bytes
                .as_slice()
                .try_into()
                .map_err(|_| AuditError::InvalidKey { path: path.to_owned(), length: bytes.len() })?,
        );

        Ok(NodeKey::from_secret(&secret))
    }

    /// Writes the key to a new file of mode 0600; fails if the file exists.
    pub fn write_new(&self, path: &Path) -> Result<(), AuditError> {
        let key_file_error = |source| AuditError::KeyFile { path: path.to_owned(), source };

        if let Some(dir) = path.parent() {
            create_private_dir(dir).map_err(|source| AuditError::KeyFile { path: dir.to_owned(), source })?;
        }

        let mut options = OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut file = options.open(path).map_err(key_file_error)?;

        file.write_all(self.secret.expose_secret()).map_err(key_file_error)?;
        file.sync_all().map_err(key_file_error)?;
        Ok(())
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

fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

#[cfg(unix)]
fn check_permissions(path: &Path, file: &fs::File) -> Result<(), AuditError> {
    use std::os::unix::fs::PermissionsExt;

    let metadata = file.metadata().map_err(|source| AuditError::KeyFile { path: path.to_owned(), source })?;
    let mode = metadata.permissions().mode() & 0o777;
    if mode & 0o077 != 0 {
        return Err(AuditError::KeyPermissions { path: path.to_owned(), mode });
    }
    Ok(())
}

#[cfg(not(unix))]
fn check_permissions(_path: &Path, _file: &fs::File) -> Result<(), AuditError> {
    // NOTE: file modes exist only on Unix; elsewhere the data directory's access control protects the key.
    Ok(())
}

#[cfg(test)]
mod tests {
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
