//! Errors that stop a whole file from being read, as opposed to a rejected row.
//!
//! Every variant names the file and tells the user what to do. The `Display` text is
//! English for logs; [`IngestError::explanation`] gives the Fluent message
//! `ingest-error-<code>` for screens in every locale.

use std::io;
use std::path::{Path, PathBuf};

use mekong_core::Explanation;

use super::Format;

/// A transaction, accounts, labels or rejects file that cannot be used at all.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    /// The file could not be opened.
    #[error("cannot open {}: {source}; check the path and that the file is readable", path.display())]
    Open {
        /// The file.
        path: PathBuf,
        /// The operating system's error.
        source: io::Error,
    },
    /// Reading the start of the file failed.
    #[error("cannot read {}: {source}; check that the file is complete and readable", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// The operating system's error.
        source: io::Error,
    },
    /// The file contains no header row.
    #[error("{} is empty: expected a header row followed by transactions", path.display())]
    Empty {
        /// The file.
        path: PathBuf,
    },
    /// The header row matches none of the supported formats.
    #[error(
        "the header of {} matches no known format (found {found:?}); expected the header of an \
         amlsim, ibm-aml, paysim or canonical file (see docs/canonical-csv.md), or pass --format",
        path.display()
    )]
    UnknownHeader {
        /// The file.
        path: PathBuf,
        /// The header row as read.
        found: String,
    },
    /// The header row does not match the format the caller asked for.
    #[error(
        "the header of {} does not match format {format}: expected {expected:?}, found {found:?}; \
         pass --format auto to detect the format",
        path.display()
    )]
    HeaderMismatch {
        /// The file.
        path: PathBuf,
        /// The format asked for.
        format: Format,
        /// The header that format has.
        expected: String,
        /// The header row as read.
        found: String,
    },
    /// The file is an AMLSim accounts file, which contains no transactions.
    #[error(
        "{} is an AMLSim accounts file, not transactions: import transactions.csv from the same folder",
        path.display()
    )]
    AccountsFile {
        /// The file.
        path: PathBuf,
    },
    /// An AMLSim accounts file lacks an account id column.
    #[error(
        "the accounts file {} has no account id column: expected one of nodeid, acct_id or account_id",
        path.display()
    )]
    AccountsHeader {
        /// The accounts file.
        path: PathBuf,
    },
    /// The format states no currency and none was given.
    #[error(
        "{} files carry no currency: pass --currency, e.g. --currency CNY (file {})",
        format.display_name(),
        path.display()
    )]
    MissingCurrency {
        /// The file.
        path: PathBuf,
        /// Its format.
        format: Format,
    },
    /// The format counts time in steps and no start date was given.
    #[error(
        "{} files carry no calendar date: pass --start-date, e.g. --start-date 2026-01-01 (file {})",
        format.display_name(),
        path.display()
    )]
    MissingStartDate {
        /// The file.
        path: PathBuf,
        /// Its format.
        format: Format,
    },
    /// The default UTC offset is not a valid offset.
    #[error("invalid UTC offset of {seconds} seconds: expected less than a day either way, such as 28800 for UTC+8")]
    InvalidOffset {
        /// The offset given, in seconds.
        seconds: i32,
    },
    /// The file contains no fraud labels.
    #[error(
        "{} holds no fraud labels: pass an AMLSim nodes.csv or accounts file with isFraud, \
         a PaySim file or an IBM AML file",
        path.display()
    )]
    NoLabels {
        /// The file.
        path: PathBuf,
    },
    /// The file is not an ISO 20022 pacs.008 message of a supported version.
    #[error(
        "{} is not an ISO 20022 pacs.008 FIToFICstmrCdtTrf message (found {found}): expected the namespace \
         urn:iso:std:iso:20022:tech:xsd:pacs.008.001.02 to .10, or pass the --format of a CSV file",
        path.display()
    )]
    NotPacs008 {
        /// The file.
        path: PathBuf,
        /// What the file contains instead.
        found: String,
    },
    /// Writing the rejects file failed.
    #[error("cannot write rejects to {}: {source}; check free disk space and permissions", path.display())]
    WriteRejects {
        /// The rejects file.
        path: PathBuf,
        /// The operating system's error.
        source: io::Error,
    },
}

impl IngestError {
    /// Returns a stable kebab-case code. The Fluent message id is `ingest-error-`
    /// followed by the code.
    pub fn code(&self) -> &'static str {
        match self {
            IngestError::Open { .. } => "open",
            IngestError::Read { .. } => "read",
            IngestError::Empty { .. } => "empty",
            IngestError::UnknownHeader { .. } => "unknown-header",
            IngestError::HeaderMismatch { .. } => "header-mismatch",
            IngestError::AccountsFile { .. } => "accounts-file",
            IngestError::AccountsHeader { .. } => "accounts-header",
            IngestError::MissingCurrency { .. } => "missing-currency",
            IngestError::MissingStartDate { .. } => "missing-start-date",
            IngestError::InvalidOffset { .. } => "invalid-offset",
            IngestError::NoLabels { .. } => "no-labels",
            IngestError::NotPacs008 { .. } => "not-pacs008",
            IngestError::WriteRejects { .. } => "write-rejects",
        }
    }

    /// Returns the file the error is about, where there is one.
    pub fn path(&self) -> Option<&Path> {
        match self {
            IngestError::Open { path, .. }
            | IngestError::Read { path, .. }
            | IngestError::Empty { path }
            | IngestError::UnknownHeader { path, .. }
            | IngestError::HeaderMismatch { path, .. }
            | IngestError::AccountsFile { path }
            | IngestError::AccountsHeader { path }
            | IngestError::MissingCurrency { path, .. }
            | IngestError::MissingStartDate { path, .. }
            | IngestError::NoLabels { path }
            | IngestError::NotPacs008 { path, .. }
            | IngestError::WriteRejects { path, .. } => Some(path),
            IngestError::InvalidOffset { .. } => None,
        }
    }

    /// Builds the Fluent message id and arguments of the error, for every locale.
    pub fn explanation(&self) -> Explanation {
        let mut explanation = Explanation::new(&format!("ingest-error-{}", self.code()));
        if let Some(path) = self.path() {
            explanation = explanation.arg("path", path.display());
        }

        match self {
            IngestError::Open { source, .. }
            | IngestError::Read { source, .. }
            | IngestError::WriteRejects { source, .. } => explanation.arg("error", source),
            IngestError::UnknownHeader { found, .. } | IngestError::NotPacs008 { found, .. } => {
                explanation.arg("found", found)
            }
            IngestError::HeaderMismatch { format, expected, found, .. } => {
                explanation.arg("format", format).arg("expected", expected).arg("found", found)
            }
            IngestError::MissingCurrency { format, .. } | IngestError::MissingStartDate { format, .. } => {
                explanation.arg("format", format.display_name())
            }
            IngestError::InvalidOffset { seconds } => explanation.arg("seconds", seconds),
            IngestError::Empty { .. }
            | IngestError::AccountsFile { .. }
            | IngestError::AccountsHeader { .. }
            | IngestError::NoLabels { .. } => explanation,
        }
    }
}
