//! Errors of writing a court export package.

use std::path::PathBuf;

use crate::EvidenceError;

/// Writing or reading a package failed before any check could report a problem.
#[derive(Debug, thiserror::Error)]
pub enum PackageError {
    /// The vault, the store or the custody log failed.
    #[error(transparent)]
    Evidence(#[from] EvidenceError),
    /// Reading or writing a package file failed.
    #[error("I/O error on {path}: {source}")]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The operating system's error.
        source: std::io::Error,
    },
    /// The output directory exists and is not empty.
    #[error("the output directory {0} is not empty; choose a new directory")]
    OutputNotEmpty(PathBuf),
    /// The case has no evidence item.
    #[error("case {0} has no evidence item")]
    EmptyCase(String),
    /// A decrypted item does not give the hashes recorded for it.
    #[error("item {item_id} decrypts to content with other hashes than recorded; run `mekong custody verify --item {item_id}`")]
    ItemHashMismatch {
        /// The item id.
        item_id: String,
    },
    /// The node's stored checkpoints do not form one growing log.
    #[error("the custody log is damaged at checkpoint {checkpoint_id}: {detail}; run `mekong custody verify`")]
    DamagedLog {
        /// The checkpoint row id.
        checkpoint_id: i64,
        /// The problem, in English.
        detail: String,
    },
    /// Encoding a record as JSON failed.
    #[error("cannot encode {what} as JSON: {source}")]
    Json {
        /// The record.
        what: &'static str,
        /// The encoder's error.
        source: serde_json::Error,
    },
}

impl PackageError {
    pub(crate) fn io(path: &std::path::Path) -> impl FnOnce(std::io::Error) -> PackageError + '_ {
        move |source| PackageError::Io { path: path.to_owned(), source }
    }
}
