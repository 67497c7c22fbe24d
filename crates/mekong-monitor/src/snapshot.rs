//! The monitor snapshot file: the whole state of a [`Monitor`](crate::Monitor) with a tag that names
//! the stored transactions, node and rules it covers, so that a restart replays only
//! the transactions stored after it.
//!
//! Layout, all integers little-endian:
//!
//! | bytes | content |
//! | --- | --- |
//! | 8 | magic `MKMONSNP` |
//! | 4 | format version, [`SNAPSHOT_FORMAT_VERSION`] |
//! | 8 | body length in bytes |
//! | 32 | SHA-256 of the body |
//! | rest | body: the postcard encoding of the tag, then of the state |
//!
//! Invariants:
//! - a file is written to a temporary name, flushed with `fsync`, renamed over the old
//!   one, and the directory is synced, so a crash leaves either the old or the new file
//!   whole, never a mix;
//! - a file is decoded only after its length and SHA-256 match, and a decoded state is
//!   checked for internal consistency before a monitor uses it;
//! - the tag records facts for the caller to check (node, rules, last covered
//!   transaction). This module does not decide whether a snapshot fits a store.

use std::fs::File;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::monitor::snapshot_state::MonitorState;

/// The first bytes of every snapshot file.
const MAGIC: &[u8; 8] = b"MKMONSNP";

/// The version of the layout and body encoding; a file of another version is not read.
pub const SNAPSHOT_FORMAT_VERSION: u32 = 1;

/// Magic, version, body length and hash.
const HEADER_LEN: usize = 8 + 4 + 8 + 32;

/// The coverage of a snapshot, for the caller to compare with its store and rules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SnapshotTag {
    /// The node whose monitor this is.
    pub node: String,
    /// [`crate::RuleSet::fingerprint`] of the rules in force when it was written.
    pub rules_fingerprint: [u8; 32],
    /// The last stored transaction the state includes; `None` when the store was empty.
    pub covered: Option<CoveredTransaction>,
}

/// The stored transaction with the highest storage sequence number that a snapshot covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CoveredTransaction {
    /// Its storage sequence number (`transactions.seq`).
    pub seq: i64,
    /// The node that originated it.
    pub origin: String,
    /// Its id, unique per origin.
    pub id: String,
}

impl SnapshotTag {
    /// Returns the storage sequence number up to which the snapshot covers the store, 0 when empty.
    pub fn seq(&self) -> i64 {
        self.covered.as_ref().map_or(0, |covered| covered.seq)
    }
}

/// A failure to write, read or use a snapshot.
#[derive(Debug, thiserror::Error)]
pub enum SnapshotError {
    /// No snapshot file exists at the path.
    #[error("no monitor snapshot at {path}")]
    NotFound {
        /// The path looked at.
        path: PathBuf,
    },
    /// Reading, writing, syncing or renaming the file failed.
    #[error("cannot {action} the monitor snapshot {path}: {source}")]
    Io {
        /// The operation that failed: read, write, sync or rename.
        action: &'static str,
        /// The file.
        path: PathBuf,
        /// The operating system's error.
        source: std::io::Error,
    },
    /// The file is truncated, has another magic, or its body does not match its hash
    /// or does not decode.
    #[error("the monitor snapshot is corrupt: {reason}")]
    Corrupt {
        /// The check that failed.
        reason: String,
    },
    /// The file was written by a build with another snapshot format.
    #[error("the monitor snapshot has format version {found}, expected {expected}")]
    UnsupportedVersion {
        /// The version in the file.
        found: u32,
        /// The version this build reads.
        expected: u32,
    },
    /// The body decoded but describes an impossible state, such as an edge to an
    /// account that does not exist.
    #[error("the monitor snapshot is inconsistent: {reason}")]
    Invalid {
        /// The first inconsistency found.
        reason: String,
    },
    /// Encoding the state failed.
    #[error("cannot encode the monitor snapshot: {0}")]
    Encode(postcard::Error),
}

/// A decoded snapshot: its tag and the monitor state it carries.
#[derive(Debug)]
pub struct Snapshot {
    /// The coverage: node, rules and last stored transaction.
    pub tag: SnapshotTag,
    pub(crate) state: MonitorState<'static>,
}

impl Snapshot {
    /// Reads and verifies a snapshot file.
    pub fn read(path: &Path) -> Result<Snapshot, SnapshotError> {
        let io_error = |source: std::io::Error| SnapshotError::Io { action: "read", path: path.to_owned(), source };
        let mut file = match File::open(path) {
            Ok(file) => file,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                return Err(SnapshotError::NotFound { path: path.to_owned() });
            }
            Err(error) => return Err(io_error(error)),
        };

        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes).map_err(io_error)?;
        Snapshot::decode(&bytes)
    }

    /// Verifies and decodes the bytes of a snapshot file.
    pub fn decode(bytes: &[u8]) -> Result<Snapshot, SnapshotError> {
        let corrupt = |reason: &str| SnapshotError::Corrupt { reason: reason.to_owned() };
        if bytes.len() < HEADER_LEN {
            return Err(corrupt("the file is shorter than its header"));
        }

        let (header, body) = bytes.split_at(HEADER_LEN);
        if &header[..8] != MAGIC {
            return Err(corrupt("the file does not start with the snapshot magic bytes"));
        }

        let version = u32::from_le_bytes(header[8..12].try_into().map_err(|_| corrupt("short version field"))?);
        if version != SNAPSHOT_FORMAT_VERSION {
            return Err(SnapshotError::UnsupportedVersion { found: version, expected: SNAPSHOT_FORMAT_VERSION });
        }

        let length = u64::from_le_bytes(header[12..20].try_into().map_err(|_| corrupt("short length field"))?);
        if u64::try_from(body.len()).ok() != Some(length) {
            return Err(SnapshotError::Corrupt {
                reason: format!("the body has {} bytes, the header says {length}", body.len()),
            });
        }

        let hash: [u8; 32] = Sha256::digest(body).into();
        if hash[..] != header[20..52] {
            return Err(corrupt("the SHA-256 of the body does not match the header"));
        }

        let (tag, rest): (SnapshotTag, &[u8]) = postcard::take_from_bytes(body)
            .map_err(|error| SnapshotError::Corrupt { reason: format!("the tag does not decode: {error}") })?;
        let state: MonitorState<'static> = postcard::from_bytes(rest)
            .map_err(|error| SnapshotError::Corrupt { reason: format!("the state does not decode: {error}") })?;
        Ok(Snapshot { tag, state })
    }
}

/// Encodes a tag and a state as the bytes of a snapshot file: the header, then the body.
pub(crate) fn encode(tag: &SnapshotTag, state: &MonitorState<'_>) -> Result<(Vec<u8>, Vec<u8>), SnapshotError> {
    let body = postcard::to_stdvec(tag).map_err(SnapshotError::Encode)?;
    let body = postcard::to_extend(state, body).map_err(SnapshotError::Encode)?;

    let hash: [u8; 32] = Sha256::digest(&body).into();
    let length = u64::try_from(body.len()).unwrap_or(u64::MAX);

    let mut header = Vec::with_capacity(HEADER_LEN);
    header.extend_from_slice(MAGIC);
    header.extend_from_slice(&SNAPSHOT_FORMAT_VERSION.to_le_bytes());
    header.extend_from_slice(&length.to_le_bytes());
    header.extend_from_slice(&hash);
    Ok((header, body))
}

/// Writes `parts` one after the other to `path` atomically: a temporary file beside
/// it, `fsync`, rename, then `fsync` of the directory so that the rename itself is durable.
pub(crate) fn write_atomically(path: &Path, parts: &[&[u8]]) -> Result<(), SnapshotError> {
    let file_name = path.file_name().map_or_else(|| "monitor.snapshot".into(), |name| name.to_string_lossy().into_owned());
    let temporary = path.with_file_name(format!("{file_name}.tmp"));
    let failed = |action: &'static str, path: &Path| {
        let path = path.to_owned();
        move |source: std::io::Error| SnapshotError::Io { action, path, source }
    };

    let mut file = File::create(&temporary).map_err(failed("write", &temporary))?;
    for part in parts {
        file.write_all(part).map_err(failed("write", &temporary))?;
    }
    file.sync_all().map_err(failed("sync", &temporary))?;
    drop(file);

    std::fs::rename(&temporary, path).map_err(failed("rename", path))?;

    let directory = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    File::open(directory).and_then(|handle| handle.sync_all()).map_err(failed("sync", directory))?;
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use mekong_core::NodeId;

    use super::*;
    use crate::{Monitor, RuleSet};

    fn tag(seq: i64) -> SnapshotTag {
        let covered = CoveredTransaction { seq, origin: "cn-unit".to_owned(), id: format!("tx-{seq}") };
        SnapshotTag { node: "cn-unit".to_owned(), rules_fingerprint: [7; 32], covered: Some(covered) }
    }

    #[test]
    fn write_replaces_whole_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("monitor.snapshot");
        let monitor = Monitor::new(RuleSet::defaults(), NodeId::new("cn-unit").unwrap());

        monitor.write_snapshot(&path, &tag(1)).unwrap();
        monitor.write_snapshot(&path, &tag(2)).unwrap();

        assert_eq!(Snapshot::read(&path).unwrap().tag, tag(2));
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|entry| entry.unwrap().file_name()).collect();
        assert_eq!(names, vec![std::ffi::OsString::from("monitor.snapshot")], "the temporary file was left behind");
    }

    #[test]
    fn missing_file_not_found() {
        let dir = tempfile::tempdir().unwrap();
        let error = Snapshot::read(&dir.path().join("absent.snapshot")).unwrap_err();
        assert!(matches!(error, SnapshotError::NotFound { .. }), "{error}");
    }

    #[test]
    fn other_version_rejected() {
        let monitor = Monitor::new(RuleSet::defaults(), NodeId::new("cn-unit").unwrap());
        let mut bytes = monitor.encode_snapshot(&tag(1)).unwrap();
        bytes[8..12].copy_from_slice(&(SNAPSHOT_FORMAT_VERSION + 1).to_le_bytes());

        let error = Snapshot::decode(&bytes).unwrap_err();
        assert!(matches!(error, SnapshotError::UnsupportedVersion { found, .. } if found == SNAPSHOT_FORMAT_VERSION + 1));
    }
}
