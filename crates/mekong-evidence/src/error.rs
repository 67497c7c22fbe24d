//! Errors of the evidence vault.

use std::path::PathBuf;

/// An evidence or custody operation that failed.
#[derive(Debug, thiserror::Error)]
pub enum EvidenceError {
    /// Reading or writing a file failed.
    #[error("I/O error on {path}: {source}")]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The operating system's error.
        source: std::io::Error,
    },
    /// The store failed.
    #[error(transparent)]
    Store(#[from] mekong_store::StoreError),
    /// The vault key file cannot be read or created, grants other users access, or
    /// has the wrong length.
    #[error("vault key: {0}")]
    VaultKey(#[from] mekong_core::key_file::KeyFileError),
    /// The operating system's random source failed.
    #[error("the random source failed: {0}")]
    Random(String),
    /// Encryption failed, or decryption found a forged, damaged or truncated ciphertext.
    #[error("authenticated encryption failed: {0}")]
    Crypto(&'static str),
    /// A kind name is not one of the known kinds.
    #[error("unknown {what} {value:?}")]
    UnknownKind {
        /// The kind of name, such as `evidence kind`.
        what: &'static str,
        /// The name given.
        value: String,
    },
    /// No evidence item has this id.
    #[error("evidence item {0} not found")]
    ItemNotFound(String),
    /// No object is stored for this SHA-256.
    #[error("evidence object {0} not found")]
    ObjectNotFound(String),
    /// The parser rejected the whole file, such as a chat export that is not JSON.
    #[error("cannot parse the item: {0}")]
    Parse(#[from] crate::parse::ParseError),
    /// The item is larger than the parsers accept, because they read it into memory.
    #[error("the item has {size} bytes, more than the {max} bytes that parsing reads into memory")]
    TooLargeToParse {
        /// The item's size in bytes.
        size: u64,
        /// The largest size parsed.
        max: u64,
    },
    /// A PaySim or AMLSim bank statement was added without the currency or start date
    /// it needs to be parsed; the item is stored unparsed.
    #[error(
        "item {item_id} is a bank statement in the {layout} layout and cannot be parsed without {}; add the file again with them",
        missing_options(*.currency, *.start_date)
    )]
    StatementOptionsMissing {
        /// The item.
        item_id: String,
        /// The name of the statement layout, such as `PaySim`.
        layout: &'static str,
        /// Whether the currency is missing.
        currency: bool,
        /// Whether the start date is missing.
        start_date: bool,
    },
    /// A manual custody event breaks a rule of the chain of custody.
    #[error("custody event {kind} rejected for item {item_id}: {}", .rejection.describe())]
    EventRejected {
        /// The item.
        item_id: String,
        /// The event kind name.
        kind: &'static str,
        /// The rule it breaks.
        rejection: crate::manual_event::Rejection,
    },
    /// Encoding an event's details as JSON failed.
    #[error("cannot encode the custody event details: {0}")]
    Details(String),
    /// A checkpoint note cannot be parsed.
    #[error("malformed checkpoint: {0}")]
    MalformedCheckpoint(String),
}

/// Names the missing statement options for [`EvidenceError::StatementOptionsMissing`].
fn missing_options(currency: bool, start_date: bool) -> &'static str {
    match (currency, start_date) {
        (true, true) => "a currency and a start date",
        (true, false) => "a currency",
        _ => "a start date",
    }
}

impl EvidenceError {
    pub(crate) fn io(path: &std::path::Path) -> impl FnOnce(std::io::Error) -> EvidenceError + '_ {
        move |source| EvidenceError::Io { path: path.to_owned(), source }
    }
}
