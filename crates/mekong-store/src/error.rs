//! Errors of the storage layer.

use mekong_core::StatusChangeError;

/// A storage operation that failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database reported an error.
    #[error("database error: {0}")]
    Database(#[from] rusqlite::Error),
    /// The data directory or database file could not be opened or created.
    #[error("cannot open the database at {path}: {source}")]
    Open {
        /// The database file.
        path: std::path::PathBuf,
        /// What the operating system or SQLite reported.
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// The database was written by a newer version of Mekong Bridge.
    #[error("the database schema version {found} is newer than this program supports ({supported}); upgrade mekong")]
    SchemaTooNew {
        /// Version found in the database.
        found: i64,
        /// Highest version this program supports.
        supported: i64,
    },
    /// A value read back from the database cannot be decoded; the database was edited by hand or is damaged.
    #[error("corrupt {what} in the database: {detail}")]
    Corrupt {
        /// What was being read.
        what: &'static str,
        /// The value or decoder error.
        detail: String,
    },
    /// The node was initialised with a different identity.
    #[error("this data directory belongs to node {stored}, not {requested}; use another --data-dir")]
    IdentityMismatch {
        /// The node id stored in the database.
        stored: String,
        /// The node id requested now.
        requested: String,
    },
    /// No alert with this id exists.
    #[error("alert {0} not found")]
    AlertNotFound(String),
    /// A record changed since the caller read it, or an id to create is taken; read it
    /// again and retry.
    #[error("{what} {id} changed meanwhile or already exists; reload it and try again")]
    Conflict {
        /// What kind of record, such as `freeze`.
        what: &'static str,
        /// Its id.
        id: String,
    },
    /// The requested status change breaks the alert workflow.
    #[error(transparent)]
    StatusChange(#[from] StatusChangeError),
}

impl StoreError {
    pub(crate) fn corrupt(what: &'static str, detail: impl ToString) -> Self {
        StoreError::Corrupt { what, detail: detail.to_string() }
    }
}
