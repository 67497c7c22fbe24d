//! Errors of recording, verifying, searching and exporting the audit trail.
//!
//! Damage found by verification is not an error: it is reported in
//! [`crate::VerifyReport`]. These errors mean the operation itself could not run.

use std::path::PathBuf;

/// A failure to record or verify the trail.
#[derive(Debug, thiserror::Error)]
pub enum AuditError {
    /// Storage failed; the action must not go ahead unrecorded.
    #[error(transparent)]
    Store(#[from] mekong_store::StoreError),
    /// The event cannot be recorded as given.
    #[error("invalid audit event: {0}")]
    InvalidEvent(&'static str),
    /// The node key file could not be read, created or written.
    #[error("cannot access the node key file {path}: {source}")]
    KeyFile {
        /// The key file.
        path: PathBuf,
        /// What the operating system reported.
        source: std::io::Error,
    },
    /// The node key file is readable by other users.
    #[error("the node key file {path} has mode {mode:o}, so other users can read it; run `chmod 600 {path}`")]
    KeyPermissions {
        /// The key file.
        path: PathBuf,
        /// The file's permission bits.
        mode: u32,
    },
    /// The node key file does not hold a 32-byte Ed25519 secret key.
    #[error("invalid node key file {path}: expected 32 bytes, found {length}")]
    InvalidKey {
        /// The key file.
        path: PathBuf,
        /// The length found.
        length: usize,
    },
    /// A stored record's fields could not be decoded for display or export.
    #[error("audit record {seq} cannot be decoded: {detail}; run `mekong audit verify`")]
    Corrupt {
        /// The record's sequence number.
        seq: i64,
        /// The decoder's message.
        detail: String,
    },
    /// Writing an export failed.
    #[error("cannot write the audit export: {0}")]
    Export(#[from] std::io::Error),
}
