//! Errors of the registry.

use mekong_store::StoreError;

use crate::normalise::NormaliseError;

/// A registry operation that failed.
#[derive(Debug, thiserror::Error)]
pub enum RegistryError {
    /// The identifier cannot be normalised.
    #[error(transparent)]
    Normalise(#[from] NormaliseError),
    /// A field every listing must state is empty.
    #[error("the field {0} is missing: every listing states its reason, source agency, legal basis and appeal route")]
    MissingField(&'static str),
    /// A text field is longer than allowed.
    #[error("the field {field} is too long: at most {max} characters")]
    TooLong {
        /// The field.
        field: &'static str,
        /// The maximum number of characters.
        max: usize,
    },
    /// The expiry is not after the start.
    #[error("the expiry must be after the start")]
    ExpiryBeforeStart,
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The monitor's flagged list could not be updated.
    #[error("cannot update the monitor's flagged accounts: {0}")]
    Flag(String),
    /// A stored entry cannot be decoded.
    #[error("corrupt registry entry in the database: {0}")]
    Corrupt(String),
    /// CSV text given in memory cannot be parsed.
    #[error("cannot read the CSV text: {0}")]
    Csv(#[from] csv::Error),
    /// The CSV file cannot be read or the rejects file cannot be written.
    #[error("cannot read or write {path}: {source}")]
    File {
        /// The file.
        path: std::path::PathBuf,
        /// What failed.
        source: Box<dyn std::error::Error + Send + Sync>,
    },
}
