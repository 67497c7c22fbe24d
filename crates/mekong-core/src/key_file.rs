//! Files that contain one raw secret key of a fixed length, such as the node's
//! signing key and the TOTP encryption key in `<data dir>/keys/`.
//!
//! Invariants:
//! - a key file is created with mode 0600 in a folder created with mode 0700, and
//!   never overwritten: creating a file that exists fails;
//! - on Unix a key file that grants group or others any permission is rejected
//!   before its content is read;
//! - a key file must contain exactly the key's length in bytes, nothing more;
//! - key bytes sit in a [`SecretBox`] or a [`Zeroizing`] buffer, so they are zeroed
//!   when dropped. Nothing here logs them.

use std::fs::{self, OpenOptions};
use std::io::{ErrorKind, Read, Write};
use std::path::{Path, PathBuf};

use secrecy::{ExposeSecret, SecretBox};
use zeroize::Zeroizing;

/// A key file that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum KeyFileError {
    /// The key file or its folder cannot be read, created or written.
    #[error("cannot access the key file {}: {source}", path.display())]
    Io {
        /// The key file or its folder.
        path: PathBuf,
        /// The operating system's error.
        source: std::io::Error,
    },
    /// The key file grants group or others a permission.
    #[error("the key file {} has mode {mode:o}, so other users can access it; run `chmod 600` on it", path.display())]
    Permissions {
        /// The key file.
        path: PathBuf,
        /// The file's permission bits.
        mode: u32,
    },
    /// The key file's length differs from the key's.
    #[error("invalid key file {}: expected {expected} bytes, found {found}", path.display())]
    Length {
        /// The key file.
        path: PathBuf,
        /// The key's length in bytes.
        expected: usize,
        /// The file's length in bytes.
        found: u64,
    },
}

impl KeyFileError {
    /// Returns `true` when the key file does not exist.
    pub fn is_not_found(&self) -> bool {
        matches!(self, KeyFileError::Io { source, .. } if source.kind() == ErrorKind::NotFound)
    }

    fn io(path: &Path) -> impl FnOnce(std::io::Error) -> KeyFileError + '_ {
        move |source| KeyFileError::Io { path: path.to_owned(), source }
    }
}

/// A key read from its file or created by [`load_or_create`].
#[derive(Debug)]
pub struct LoadedKey<const N: usize> {
    /// The key bytes.
    pub secret: SecretBox<[u8; N]>,
    /// `true` when the key was generated and its file written by this call.
    pub created: bool,
}

/// Reads a key of `N` bytes from `path`, after checking the file's mode and length.
pub fn load<const N: usize>(path: &Path) -> Result<SecretBox<[u8; N]>, KeyFileError> {
    let mut file = fs::File::open(path).map_err(KeyFileError::io(path))?;
    let metadata = file.metadata().map_err(KeyFileError::io(path))?;
    check_permissions(path, &metadata)?;

    if metadata.len() != N as u64 {
        return Err(KeyFileError::Length { path: path.to_owned(), expected: N, found: metadata.len() });
    }

    let mut bytes = Zeroizing::new([0_u8; N]);
    file.read_exact(bytes.as_mut_slice()).map_err(KeyFileError::io(path))?;

    // The file may have grown between the length check and the read.
    let mut rest = [0_u8; 1];
    if file.read(&mut rest).map_err(KeyFileError::io(path))? != 0 {
        let found = file.metadata().map_or(N as u64 + 1, |metadata| metadata.len());
        return Err(KeyFileError::Length { path: path.to_owned(), expected: N, found });
    }
    Ok(SecretBox::new(Box::new(*bytes)))
}

/// Writes a key to a new file of mode 0600, creating its folder with mode 0700 when
/// missing. Fails with [`ErrorKind::AlreadyExists`] when the file exists.
pub fn write_new<const N: usize>(path: &Path, secret: &SecretBox<[u8; N]>) -> Result<(), KeyFileError> {
    if let Some(dir) = path.parent() {
        create_private_dir(dir).map_err(KeyFileError::io(dir))?;
    }

    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path).map_err(KeyFileError::io(path))?;

    file.write_all(secret.expose_secret()).map_err(KeyFileError::io(path))?;
    file.sync_all().map_err(KeyFileError::io(path))?;
    Ok(())
}

/// Reads the key at `path`, or, when the file does not exist, generates one with
/// `generate` and writes it. When another process creates the file first, its key
/// is read and returned.
pub fn load_or_create<const N: usize, E>(
    path: &Path,
    generate: impl FnOnce() -> Result<SecretBox<[u8; N]>, E>,
) -> Result<LoadedKey<N>, E>
where
    E: From<KeyFileError>,
{
    match load(path) {
        Ok(secret) => return Ok(LoadedKey { secret, created: false }),
        Err(error) if error.is_not_found() => {}
        Err(error) => return Err(error.into()),
    }

    let secret = generate()?;
    match write_new(path, &secret) {
        Ok(()) => Ok(LoadedKey { secret, created: true }),
        Err(KeyFileError::Io { source, .. }) if source.kind() == ErrorKind::AlreadyExists => {
            Ok(LoadedKey { secret: load(path)?, created: false })
        }
        Err(error) => Err(error.into()),
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
fn check_permissions(path: &Path, metadata: &fs::Metadata) -> Result<(), KeyFileError> {
    use std::os::unix::fs::PermissionsExt;

    let mode = metadata.permissions().mode() & 0o777;
    if mode & 0o077 != 0 {
        return Err(KeyFileError::Permissions { path: path.to_owned(), mode });
    }
    Ok(())
}

#[cfg(not(unix))]
fn check_permissions(_path: &Path, _metadata: &fs::Metadata) -> Result<(), KeyFileError> {
    // NOTE: file modes exist only on Unix; elsewhere the data directory's access control protects the key.
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;

    fn fixed() -> Result<SecretBox<[u8; 4]>, KeyFileError> {
        Ok(SecretBox::new(Box::new([1, 2, 3, 4])))
    }

    #[test]
    fn create_then_load() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keys/test.key");

        let first = load_or_create(&path, fixed).unwrap();
        let second = load_or_create::<4, KeyFileError>(&path, || panic!("the key exists")).unwrap();

        assert!(first.created);
        assert!(!second.created);
        assert_eq!(second.secret.expose_secret(), &[1, 2, 3, 4]);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let file_mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
            let dir_mode = fs::metadata(dir.path().join("keys")).unwrap().permissions().mode() & 0o777;
            assert_eq!(file_mode, 0o600);
            assert_eq!(dir_mode, 0o700);
        }
    }

    #[test]
    fn write_new_keeps_existing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("test.key");
        write_new(&path, &fixed().unwrap()).unwrap();

        let result = write_new(&path, &SecretBox::new(Box::new([9_u8; 4])));

        assert!(matches!(result, Err(KeyFileError::Io { ref source, .. }) if source.kind() == ErrorKind::AlreadyExists));
        assert_eq!(load::<4>(&path).unwrap().expose_secret(), &[1, 2, 3, 4]);
    }

    #[test]
    fn wrong_length_rejected() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("test.key");
        write_new(&path, &fixed().unwrap()).unwrap();

        let short = load::<8>(&path);
        let long = load::<2>(&path);

        assert!(matches!(short, Err(KeyFileError::Length { expected: 8, found: 4, .. })));
        assert!(matches!(long, Err(KeyFileError::Length { expected: 2, found: 4, .. })));
    }

    #[test]
    fn missing_file_not_found() {
        let dir = tempfile::tempdir().unwrap();

        let error = load::<4>(&dir.path().join("absent.key")).unwrap_err();

        assert!(error.is_not_found());
    }

    #[cfg(unix)]
    #[test]
    fn open_mode_rejected() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("test.key");
        write_new(&path, &fixed().unwrap()).unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();

        let loaded = load::<4>(&path);
        let created = load_or_create(&path, fixed);

        assert!(matches!(loaded, Err(KeyFileError::Permissions { mode: 0o640, .. })));
        assert!(matches!(created, Err(KeyFileError::Permissions { mode: 0o640, .. })));
    }
}
