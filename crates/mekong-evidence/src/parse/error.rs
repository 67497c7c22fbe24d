//! Errors of parsers that reject a whole file.
//!
//! Line-level problems are not errors: they become `Unparsed` records.

/// A file that a parser rejects as a whole.
#[derive(Debug, thiserror::Error)]
pub enum ParseError {
    /// The file is not valid JSON, so no message can be located in it.
    #[error("invalid JSON at line {line}, column {column}: {reason}")]
    InvalidJson {
        /// The 1-based line of the error.
        line: u64,
        /// The 1-based column of the error.
        column: u64,
        /// The JSON parser's description of the error.
        reason: String,
    },
    /// The JSON document has neither a `messages` array nor a `chats.list` array.
    #[error("not a Telegram Desktop export: expected a `messages` array or a `chats.list` array")]
    NotTelegramExport,
    /// The CSV header has no column for a required field.
    #[error("missing CSV column for {field}: expected a header such as {expected}")]
    MissingColumn {
        /// The field without a column.
        field: &'static str,
        /// Header names that the parser accepts for the field.
        expected: &'static str,
    },
    /// The file is not a bank statement in a supported CSV layout, or lacks what its layout
    /// needs.
    #[error("invalid bank statement: {reason}")]
    BankStatement {
        /// The problem, with the expected layouts or the missing option.
        reason: String,
    },
    /// The CSV header row cannot be read.
    #[error("invalid CSV header: {reason}")]
    InvalidCsvHeader {
        /// The CSV reader's description of the error.
        reason: String,
    },
}
