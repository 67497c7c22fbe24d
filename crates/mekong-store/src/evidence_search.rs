//! Storage of the parsed records of evidence items and their full-text index.
//!
//! The store does not segment text: callers pass the words of each record already
//! segmented, lower-cased and joined with spaces, and pass the query the same way, so
//! Chinese and Lao text, which has no spaces between words, matches word by word.
//!
//! Invariants every implementation keeps:
//! - an item's records are replaced whole, in one write transaction, so a search never
//!   sees half of a parse;
//! - a search returns only records of the requested case.

use crate::StoreError;

/// One parsed record of an evidence item, to store and index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewParsedRecord {
    /// 0-based position of the record in the parser's output.
    pub ordinal: i64,
    /// The record kind: `message`, `log`, `transaction` or `unparsed`.
    pub record_kind: String,
    /// 1-based source line, when the format has lines.
    pub line: Option<i64>,
    /// Sender of a message, or the account or IP address a record is about.
    pub sender: Option<String>,
    /// Time of the record in microseconds since the Unix epoch (UTC).
    pub time_us: Option<i64>,
    /// Text shown to the user, such as a message's text or a raw unparsed line.
    pub text: String,
    /// Segmented words of `text` and `sender`, lower-cased and joined with spaces.
    pub tokens: String,
    /// The record as one canonical JSON line, without the line feed.
    pub json: String,
}

/// A stored parsed record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedRecordRow {
    /// The row id.
    pub id: i64,
    /// The evidence item the record came from.
    pub item_id: String,
    /// The case reference of the item.
    pub case_ref: String,
    /// The evidence kind of the item, such as `chat_history`.
    pub kind: String,
    /// The stored record.
    pub record: NewParsedRecord,
}

/// A full-text query with its filters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RecordQuery {
    /// The case whose records to search; required, so a search never spans cases.
    pub case_ref: String,
    /// Segmented, lower-cased query words; a record matches when it contains all of them.
    pub words: Vec<String>,
    /// Only items of this evidence kind.
    pub kind: Option<String>,
    /// Only records whose sender contains this text, compared case-insensitively.
    pub sender: Option<String>,
    /// Only records at or after this time, in microseconds since the Unix epoch (UTC).
    pub from_us: Option<i64>,
    /// Only records before this time, in microseconds since the Unix epoch (UTC).
    pub to_us: Option<i64>,
    /// The maximum number of rows to return.
    pub limit: u32,
    /// The number of matching rows to skip, for paging.
    pub offset: u32,
}

/// Storage of parsed evidence records and their full-text index.
pub trait EvidenceSearchStore: Send + Sync + std::fmt::Debug {
    /// Replaces the parsed records of an item, with their index rows, in one transaction.
    fn replace_parsed_records(&self, item_id: &str, records: &[NewParsedRecord]) -> Result<(), StoreError>;

    /// Returns the parsed records of an item in parser order.
    fn parsed_records(&self, item_id: &str) -> Result<Vec<ParsedRecordRow>, StoreError>;

    /// Returns the records of a case that contain every query word, oldest first and
    /// records without a time last.
    fn search_records(&self, query: &RecordQuery) -> Result<Vec<ParsedRecordRow>, StoreError>;
}
