//! Records that the parsers produce, and the metadata of a parse.
//!
//! Times are stored in UTC. The offset field records the local offset of the source when the
//! source states it or the caller supplies it, so the local time can be shown again.

use chrono::{DateTime, Utc};
use mekong_core::Channel;
use serde::Serialize;

/// Name and version of a parser, recorded in the custody event of a parse.
///
/// The version changes whenever the output for some input changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ParserInfo {
    /// Stable parser name, such as `telegram-json`.
    pub name: &'static str,
    /// Parser version, changed whenever the output for some input changes.
    pub version: &'static str,
}

/// Result of parsing one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseOutput {
    /// The parser that produced the records.
    pub parser: ParserInfo,
    /// Assumptions and observations about the whole file.
    pub notes: Vec<ParseNote>,
    /// Records in input order.
    pub records: Vec<ParsedRecord>,
}

/// Assumption or observation about a whole file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "note", rename_all = "snake_case")]
pub enum ParseNote {
    /// The date order was detected from a field value above 12.
    DateOrderDetected {
        /// The detected order.
        order: DateOrder,
    },
    /// No date field exceeded 12, so the parser assumed an order.
    DateOrderAssumed {
        /// The assumed order.
        order: DateOrder,
    },
    /// Both fields exceeded 12 on different lines, so the parser assumed an order and the
    /// lines that contradict it are unparsed.
    DateOrderConflict {
        /// The assumed order.
        order: DateOrder,
    },
}

/// Order of day and month in a numeric date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DateOrder {
    /// `31/12/2023`
    DayFirst,
    /// `12/31/2023`
    MonthFirst,
}

/// One parsed record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "record", rename_all = "snake_case")]
pub enum ParsedRecord {
    /// A chat message or service message.
    Message(MessageRecord),
    /// An access or connection log entry.
    Log(LogRecord),
    /// A row of a bank statement.
    Transaction(TransactionRecord),
    /// A line that the parser could not read.
    Unparsed(Unparsed),
}

/// Kind of a chat message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MessageKind {
    /// A message that a participant wrote.
    Message,
    /// A service or system message, such as a member joining or a title change.
    Service,
}

/// A chat message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MessageRecord {
    /// 1-based line where the message starts, for line-based formats.
    pub line: Option<u64>,
    /// Chat id from the export, when the format has one.
    pub chat_id: Option<String>,
    /// Chat name from the export or from the caller.
    pub chat_name: Option<String>,
    /// Message id from the export, when the format has one.
    pub message_id: Option<String>,
    /// Message or service message.
    pub kind: MessageKind,
    /// Display name of the sender or, for a service message, of the actor.
    pub sender: Option<String>,
    /// Account id of the sender or actor, when the format has one.
    pub sender_id: Option<String>,
    /// Time of the message in UTC.
    pub time_utc: Option<DateTime<Utc>>,
    /// Local UTC offset of the time in seconds, when known.
    pub utc_offset_seconds: Option<i32>,
    /// Plain text with formatting entities flattened.
    pub text: String,
    /// Service action, such as `invite_members`.
    pub action: Option<String>,
    /// Id of the message this one replies to.
    pub reply_to: Option<String>,
    /// Name of the original sender of a forwarded message.
    pub forwarded_from: Option<String>,
}

/// An access or connection log entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LogRecord {
    /// 1-based line of the entry.
    pub line: u64,
    /// Client IP address in its canonical text form.
    pub ip: String,
    /// Time of the entry in UTC.
    pub time_utc: DateTime<Utc>,
    /// Local UTC offset of the time in seconds, when the source states it or the caller supplies it.
    pub utc_offset_seconds: Option<i32>,
    /// Client or source port.
    pub port: Option<u16>,
    /// Remote user name of an access log, without the `-` placeholder.
    pub user: Option<String>,
    /// HTTP method.
    pub method: Option<String>,
    /// Request path with query.
    pub path: Option<String>,
    /// HTTP protocol, such as `HTTP/1.1`.
    pub protocol: Option<String>,
    /// HTTP status code.
    pub status: Option<u16>,
    /// Response size in bytes.
    pub bytes: Option<u64>,
    /// Referer header.
    pub referer: Option<String>,
    /// User-Agent header.
    pub user_agent: Option<String>,
}

/// A row of a bank statement: one transaction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TransactionRecord {
    /// 1-based line where the row starts.
    pub line: u64,
    /// Layout of the statement: `canonical`, `ibm-aml` or `paysim`.
    pub format: &'static str,
    /// Transaction id from the statement, or derived from the row's line and fields when
    /// the layout has none.
    pub transaction_id: String,
    /// Time of the transaction in UTC.
    pub time_utc: DateTime<Utc>,
    /// Offset east of UTC, in seconds, that the statement's time was read in.
    pub utc_offset_seconds: i32,
    /// Bank of the paying account.
    pub debtor_bank: String,
    /// Paying account number, as the statement wrote it.
    pub debtor_account: String,
    /// Bank of the receiving account.
    pub creditor_bank: String,
    /// Receiving account number, as the statement wrote it.
    pub creditor_account: String,
    /// Exact decimal amount as text, such as `1250.00`, so no float rounding enters the output.
    pub amount: String,
    /// ISO 4217 currency code.
    pub currency: String,
    /// The payment channel.
    pub channel: Channel,
    /// Payment reference, where the statement gives one.
    pub reference: Option<String>,
}

/// A line or entry that the parser could not read, kept as raw text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unparsed {
    /// 1-based line number, or `None` for JSON entries whose position is not tracked.
    pub line: Option<u64>,
    /// The raw text, with invalid UTF-8 replaced by U+FFFD.
    pub raw: String,
    /// Why the line could not be parsed.
    pub reason: String,
}
