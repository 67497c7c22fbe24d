//! Pure parsers that turn seized chat exports, logs and bank statements into records.
//!
//! Invariants:
//! - Parsers return an error or [`Unparsed`] records for bad input instead of panicking, which
//!   a fixed-seed random-input test checks. They read no files or clocks, so the same input and
//!   options always give the same records in the same order.
//! - A line that cannot be parsed becomes an [`Unparsed`] record with its 1-based line number
//!   and raw text. Only blank lines outside any message are skipped.
//! - [`to_jsonl`] writes one JSON object per record with a fixed field order, so the output
//!   bytes depend only on the records.

mod access_log;
mod bank_statement;
mod error;
mod jsonl;
mod record;
mod telegram;
mod whatsapp;

pub use access_log::{ACCESS_LOG_CSV_PARSER, COMBINED_LOG_PARSER, parse_access_log_csv, parse_combined_log};
pub use bank_statement::{
    BANK_STATEMENT_FORMATS, BANK_STATEMENT_PARSER, BankStatementOptions, detect_bank_statement, layout_name,
    parse_bank_statement_csv,
};
pub use error::ParseError;
pub use jsonl::to_jsonl;
pub use record::{
    DateOrder, LogRecord, MessageKind, MessageRecord, ParseNote, ParseOutput, ParsedRecord, ParserInfo,
    TransactionRecord, Unparsed,
};
pub use telegram::{TELEGRAM_PARSER, parse_telegram_json};
pub use whatsapp::{WHATSAPP_PARSER, WhatsAppOptions, parse_whatsapp_txt};
