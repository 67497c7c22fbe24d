//! Parser for bank statements in CSV, through the transaction ingest of `mekong-ingest`.
//!
//! A statement is read in the canonical CSV, IBM AML, PaySim or AMLSim layout, in UTF-8 or
//! GBK/GB18030, exactly as `mekong import` reads it. An AMLSim statement is read without
//! its accounts file, so its accounts have no bank or country. Each accepted row becomes a [`TransactionRecord`] and
//! each rejected row an [`Unparsed`] record with its line number, the column at fault and
//! the reason.
//!
//! Invariants:
//! - the records follow the rows of the input, one record per row, so the same input and
//!   options give the same records;
//! - the transactions are only kept as evidence records. They do not enter the transaction
//!   store and the monitor does not score them.

use std::io::Cursor;
use std::path::Path;

use chrono::{FixedOffset, NaiveDate};
use mekong_core::{Currency, NodeId};
use mekong_ingest::formats::{Format, FormatChoice, ReadOptions, Row, TransactionReader};

use super::error::ParseError;
use super::record::{ParseOutput, ParsedRecord, ParserInfo, TransactionRecord, Unparsed};

/// Name and version of the bank statement parser.
pub const BANK_STATEMENT_PARSER: ParserInfo = ParserInfo { name: "bank-statement-csv", version: "1" };

/// The layouts of a bank statement that the parser reads.
pub const BANK_STATEMENT_FORMATS: [Format; 4] = [Format::Canonical, Format::IbmAml, Format::Paysim, Format::Amlsim];

/// The name that stands for the statement in the ingest's messages.
const SOURCE_NAME: &str = "bank statement";

/// The node id given to the ingest, which requires one. It appears in no record.
const PARSER_ORIGIN: &str = "evidence-parser";

/// Options for a PaySim or AMLSim statement, which carries no currency and counts time in steps.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BankStatementOptions {
    /// Currency of the amounts of a PaySim or AMLSim statement, which carries none.
    pub currency: Option<Currency>,
    /// Calendar date of step 0 of a statement that counts time in steps: hours for
    /// PaySim, days for AMLSim.
    pub start_date: Option<NaiveDate>,
}

/// Returns the layout of a statement whose header row is `start`'s first line, if it is one
/// of [`BANK_STATEMENT_FORMATS`].
pub fn detect_bank_statement(start: &[u8]) -> Option<Format> {
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(start);
    let mut header = csv::ByteRecord::new();
    if !reader.read_byte_record(&mut header).ok()? {
        return None;
    }

    let names: Vec<String> = header
        .iter()
        .map(|name| String::from_utf8_lossy(name).trim_start_matches('\u{FEFF}').to_owned())
        .collect();
    let name_refs: Vec<&str> = names.iter().map(String::as_str).collect();
    Format::detect(&name_refs).filter(|format| BANK_STATEMENT_FORMATS.contains(format))
}

/// Returns the name of a statement layout as its authors write it, such as `PaySim`, for
/// messages to users; [`Format::as_str`] is the lower-case command-line name.
pub fn layout_name(format: Format) -> &'static str {
    match format {
        Format::Canonical => "canonical CSV",
        Format::IbmAml => "IBM AML",
        Format::Paysim => "PaySim",
        Format::Amlsim => "AMLSim",
        Format::Pacs008 => "pacs.008",
    }
}

/// Parses a bank statement in CSV. Times without an offset are read in `local_offset`.
///
/// # Errors
/// [`ParseError::BankStatement`] when the header row is not one of the supported layouts,
/// or a PaySim or AMLSim statement comes without the currency and start date of `options`.
pub fn parse_bank_statement_csv(
    input: &[u8],
    local_offset: FixedOffset,
    options: &BankStatementOptions,
) -> Result<ParseOutput, ParseError> {
    let invalid = |reason: String| ParseError::BankStatement { reason };
    let origin = NodeId::new(PARSER_ORIGIN).map_err(|error| invalid(error.to_string()))?;

    let Some(format) = detect_bank_statement(input) else {
        return Err(invalid("the header row matches none of the canonical, IBM AML, PaySim and AMLSim layouts".to_owned()));
    };
    let read_options = ReadOptions {
        format: FormatChoice::Exact(format),
        origin,
        currency: options.currency,
        start_date: options.start_date,
        default_offset_seconds: local_offset.local_minus_utc(),
    };

    // The ingest reader needs an owned source, so the statement is copied once.
    let source = Cursor::new(input.to_vec());
    let reader = TransactionReader::from_reader(Path::new(SOURCE_NAME), source, &read_options)
        .map_err(|error| invalid(error.to_string()))?;
    let lines = LineTexts::new(input);

    let records = reader
        .map(|row| match row {
            Row::Accepted(record) => {
                let tx = record.tx;
                ParsedRecord::Transaction(TransactionRecord {
                    line: record.line,
                    format: format.as_str(),
                    transaction_id: tx.id,
                    time_utc: tx.timestamp.utc,
                    utc_offset_seconds: tx.timestamp.offset_seconds,
                    debtor_bank: tx.debtor.bank,
                    debtor_account: tx.debtor.number,
                    creditor_bank: tx.creditor.bank,
                    creditor_account: tx.creditor.number,
                    amount: tx.amount.amount.to_string(),
                    currency: tx.amount.currency.code().to_owned(),
                    channel: tx.channel,
                    reference: tx.reference,
                })
            }
            Row::Rejected(reject) => {
                let reason = if reject.column.is_empty() {
                    reject.reason.to_string()
                } else {
                    format!("{} Column: {}.", reject.reason, reject.column)
                };
                let raw = lines.get(reject.line).unwrap_or(reject.value);
                ParsedRecord::Unparsed(Unparsed { line: Some(reject.line), raw, reason })
            }
        })
        .collect();

    Ok(ParseOutput { parser: BANK_STATEMENT_PARSER, notes: Vec::new(), records })
}

/// The physical lines of the input, for the raw text of rejected rows.
struct LineTexts<'a> {
    lines: Vec<&'a [u8]>,
    decode_gbk: bool,
}

impl<'a> LineTexts<'a> {
    fn new(input: &'a [u8]) -> Self {
        let input = input.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(input);
        let decode_gbk = std::str::from_utf8(input).is_err();
        let lines = input.split(|byte| *byte == b'\n').collect();
        LineTexts { lines, decode_gbk }
    }

    /// Returns the text of a 1-based line without its line ending, decoding GBK input.
    fn get(&self, line: u64) -> Option<String> {
        let index = usize::try_from(line).ok()?.checked_sub(1)?;
        let bytes = self.lines.get(index)?;
        let bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);

        if self.decode_gbk {
            let (text, _, _) = encoding_rs::GB18030.decode(bytes);
            Some(text.into_owned())
        } else {
            Some(String::from_utf8_lossy(bytes).into_owned())
        }
    }
}
