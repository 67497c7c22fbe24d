//! goAML bank reports and the entities in them.
//!
//! [`validate`] checks one goAML report (schema versions 4.0.2 to 5.0.2) against the
//! goAML 5.0.1 XSD embedded in this crate: element order, required elements, types,
//! code lists and limits, plus the rule that amounts are never negative. A report
//! with any error is rejected whole, with every error listed.
//!
//! NOTE: reports of versions 4.0.2 to 5.0.2 are all checked against the 5.0.1 XSD,
//! because only that schema is embedded ([`xsd::CHECKED_SCHEMA_VERSION`]). It accepts
//! the 4.x `submission_date` and the 5.x `report_date`, and the `goaml:supportedIn`
//! marks are not read. An element that another version has and 5.0.1 lacks is
//! reported as unknown. The other versions' published schemas were not compared. The
//! version a report declares is stored with it, never used to choose rules.
//!
//! Merge suggestions ([`merge`]) pair people, organisations and bank accounts that are
//! probably reported more than once; nothing is merged without an analyst.
//!
//! Valid reports become FollowTheMoney entities ([`entity`]) with deterministic ids,
//! stored through `mekong_store::reports::ReportStore` ([`import`]).

#![forbid(unsafe_code)]

mod content;
pub mod entity;
mod error;
pub mod ftm;
pub mod import;
mod matching;
pub mod merge;
mod monitor;
mod report;
mod simple;
mod validate;
pub mod xsd;

pub use entity::{Entity, Extraction, extract};
pub use error::{Rule, ValidationError};
pub use import::{
    ImportOutcome, import_entities, import_goaml, report_id, stored_entities,
    stored_merge_suggestions,
};
pub use merge::{MergeKind, MergeMatch, MergeReason, MergeSuggestion, merge_suggestions};
pub use monitor::{monitor_transactions, transactions_without_accounts};
pub use report::{Node, Report, ReportTransaction};
pub use simple::parse_date_time;
pub use validate::{validate, validate_reader};

/// A failure outside validation: storage, files or FtM input.
#[derive(Debug, thiserror::Error)]
pub enum ReportsError {
    /// The store failed.
    #[error(transparent)]
    Store(#[from] mekong_store::StoreError),
    /// Reading or writing a file failed.
    #[error(transparent)]
    Io(#[from] std::io::Error),
    /// Writing JSON failed.
    #[error("cannot write FtM JSON: {0}")]
    Json(#[from] serde_json::Error),
    /// A line of an FtM JSON lines file has an empty `id` or `schema`.
    #[error("invalid FtM entity on line {line}: `id` and `schema` must not be empty")]
    FtmMissingId {
        /// The 1-based line number.
        line: usize,
    },
    /// A line of an FtM JSON lines file is not an entity.
    #[error("invalid FtM entity on line {line}: {source}")]
    FtmLine {
        /// The 1-based line number.
        line: usize,
        /// The JSON parser's error.
        source: serde_json::Error,
    },
}
