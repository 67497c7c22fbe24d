//! Parsing of evidence items on ingest, recorded as a `parsed` custody event.
//!
//! The format comes from the item's kind and its first bytes. A chat history is a Telegram
//! Desktop JSON export when it starts with `{`, and a WhatsApp text export otherwise. An IP
//! log is a combined access log when its first line has a `[time]` field, and CSV otherwise.
//! Financial records are a bank statement when their header row is the canonical, IBM AML,
//! PaySim or AMLSim transaction layout. Other financial records are stored without parsing.
//! PaySim and AMLSim carry no currency and count time in steps, so they are parsed with the
//! currency and start date stored with the item. Without them, parsing fails with
//! [`EvidenceError::StatementOptionsMissing`], which names what is missing, and the item
//! stays stored unparsed.
//!
//! Invariants:
//! - the parser's output is the canonical JSON Lines of [`to_jsonl`], so parsing the same
//!   content again gives byte-identical output and the same output SHA-256;
//! - the `parsed` event states the parser name and version and the SHA-256 of the input
//!   and of the output, and for a PaySim or AMLSim statement the currency and start date
//!   it was read with. Parsing again with the same result appends no second event;
//! - the stored records of an item are replaced whole on each parse.

use std::sync::Arc;

use chrono::{DateTime, FixedOffset, NaiveDate, Offset as _, Utc};
use mekong_core::Currency;
use mekong_store::evidence::{EvidenceItem, EvidenceStore};
use mekong_store::evidence_search::{EvidenceSearchStore, NewParsedRecord};
use sha2::{Digest, Sha256};

use crate::custody::{CustodyEvent, EventKind};
use crate::parse::{
    BankStatementOptions, ParseError, ParseOutput, ParsedRecord, ParserInfo, WhatsAppOptions, detect_bank_statement,
    layout_name, parse_access_log_csv, parse_bank_statement_csv, parse_combined_log, parse_telegram_json, parse_whatsapp_txt,
    to_jsonl,
};
use crate::search::Segmenter;
use crate::{EvidenceError, EvidenceKind, Vault};

/// The largest item that is parsed, because parsers read the whole content into memory.
pub const MAX_PARSE_BYTES: u64 = 512 * 1024 * 1024;

/// A format that an item can be parsed from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParseFormat {
    /// Telegram Desktop JSON export.
    TelegramJson,
    /// WhatsApp `.txt` export.
    WhatsAppText,
    /// CSV IP log with a header row.
    IpLogCsv,
    /// Apache or nginx access log in the combined or common format.
    CombinedLog,
    /// Bank statement in a CSV layout of the transaction ingest.
    BankStatementCsv,
}

/// Returns the format to parse an item of this kind from, or `None` when no parser fits.
///
/// `start` is the first bytes of the content; a few kilobytes are enough.
pub fn detect_format(kind: EvidenceKind, start: &[u8]) -> Option<ParseFormat> {
    let text = String::from_utf8_lossy(start);
    let text = text.trim_start_matches('\u{FEFF}').trim_start();

    match kind {
        EvidenceKind::ChatHistory if text.starts_with('{') => Some(ParseFormat::TelegramJson),
        EvidenceKind::ChatHistory if !text.is_empty() => Some(ParseFormat::WhatsAppText),
        EvidenceKind::IpLog => {
            let first_line = text.lines().next().unwrap_or_default();
            if first_line.contains(" [") && first_line.contains("] \"") {
                Some(ParseFormat::CombinedLog)
            } else if !first_line.is_empty() {
                Some(ParseFormat::IpLogCsv)
            } else {
                None
            }
        }
        EvidenceKind::FinancialRecords => detect_bank_statement(start).map(|_| ParseFormat::BankStatementCsv),
        _ => None,
    }
}

/// Runs the parser of a format. `local_offset` is used for times without an offset, and
/// `statement` only for a PaySim or AMLSim bank statement.
pub fn parse_content(
    format: ParseFormat,
    content: &[u8],
    local_offset: FixedOffset,
    statement: &BankStatementOptions,
) -> Result<ParseOutput, ParseError> {
    match format {
        ParseFormat::TelegramJson => parse_telegram_json(content),
        ParseFormat::WhatsAppText => {
            let options = WhatsAppOptions { utc_offset: local_offset, chat_name: None };
            Ok(parse_whatsapp_txt(content, &options))
        }
        ParseFormat::IpLogCsv => parse_access_log_csv(content, local_offset),
        ParseFormat::CombinedLog => Ok(parse_combined_log(content)),
        ParseFormat::BankStatementCsv => parse_bank_statement_csv(content, local_offset, statement),
    }
}

/// A line or entry that the parser kept as raw text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnparsedLine {
    /// 1-based line number, when the format has lines.
    pub line: Option<u64>,
    /// The reason the line could not be parsed.
    pub reason: String,
}

/// The outcome of parsing one item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseSummary {
    /// The item parsed.
    pub item_id: String,
    /// The parser that ran.
    pub parser: ParserInfo,
    /// Lower-case hex SHA-256 of the item's content.
    pub input_sha256: String,
    /// Lower-case hex SHA-256 of the canonical JSON Lines output.
    pub output_sha256: String,
    /// Number of records, unparsed ones included.
    pub records: usize,
    /// The lines kept as raw text, in input order.
    pub unparsed: Vec<UnparsedLine>,
    /// The `seq` of the new `parsed` custody event, or `None` when an earlier event
    /// already records this parser and output.
    pub event_seq: Option<i64>,
}

/// Parses an item when its kind and content have a parser, stores its records for
/// search, and records a `parsed` custody event. Returns `None` when no parser fits.
///
/// Parsing again gives the same records; the custody event is appended only when no
/// earlier `parsed` event of the item has the same details.
pub fn parse_item(
    vault: &Vault,
    evidence: &Arc<dyn EvidenceStore>,
    search_store: &dyn EvidenceSearchStore,
    item_id: &str,
    actor: &str,
) -> Result<Option<ParseSummary>, EvidenceError> {
    let item = evidence.evidence_item(item_id)?.ok_or_else(|| EvidenceError::ItemNotFound(item_id.to_owned()))?;
    let kind: EvidenceKind = item.kind.parse()?;
    let object =
        evidence.evidence_object(&item.sha256)?.ok_or_else(|| EvidenceError::ObjectNotFound(item.sha256.clone()))?;
    if object.size > MAX_PARSE_BYTES {
        return Err(EvidenceError::TooLargeToParse { size: object.size, max: MAX_PARSE_BYTES });
    }

    let mut content = Vec::with_capacity(usize::try_from(object.size).unwrap_or_default());
    vault.open_item(item_id, &mut content)?;

    let start = content.get(..4096).unwrap_or(&content);
    let Some(format) = detect_format(kind, start) else {
        return Ok(None);
    };
    let statement = statement_options(&item, format, start)?;

    // The offset of the collection time is the best guess for the device's offset.
    let local_offset = item
        .collected_at
        .as_deref()
        .and_then(|text| DateTime::parse_from_rfc3339(text).ok())
        .map_or_else(|| Utc.fix(), |time| *time.offset());
    let output = parse_content(format, &content, local_offset, &statement)?;

    let jsonl = to_jsonl(&output.records);
    let output_sha256 = hex::encode(Sha256::digest(&jsonl));
    let rows = record_rows(&output.records, &jsonl);
    search_store.replace_parsed_records(item_id, &rows)?;

    let unparsed: Vec<UnparsedLine> = output
        .records
        .iter()
        .filter_map(|record| match record {
            ParsedRecord::Unparsed(raw) => Some(UnparsedLine { line: raw.line, reason: raw.reason.clone() }),
            _ => None,
        })
        .collect();

    let mut details = format!(
        "parser={} version={} input_sha256={} output_sha256={} records={} unparsed={}",
        output.parser.name,
        output.parser.version,
        item.sha256,
        output_sha256,
        output.records.len(),
        unparsed.len()
    );
    // Only the step layouts are read with these, so other events keep their earlier form.
    if let (Some(currency), Some(start_date)) = (statement.currency, statement.start_date) {
        details.push_str(&format!(" currency={} start_date={}", currency.code(), start_date.format("%Y-%m-%d")));
    }
    let event_seq = append_parsed_event(vault, evidence, &item.id, &item.sha256, actor, details)?;

    tracing::info!(item_id, parser = output.parser.name, records = output.records.len(), unparsed = unparsed.len(), "parsed an evidence item");
    Ok(Some(ParseSummary {
        item_id: item.id,
        parser: output.parser,
        input_sha256: item.sha256,
        output_sha256,
        records: output.records.len(),
        unparsed,
        event_seq,
    }))
}

/// Returns the statement options stored with the item when the content is a PaySim or
/// AMLSim statement, which needs them, and empty options for every other content.
fn statement_options(item: &EvidenceItem, format: ParseFormat, start: &[u8]) -> Result<BankStatementOptions, EvidenceError> {
    let Some(layout) = detect_bank_statement(start).filter(|_| format == ParseFormat::BankStatementCsv) else {
        return Ok(BankStatementOptions::default());
    };
    if !layout.needs_currency() && !layout.needs_start_date() {
        return Ok(BankStatementOptions::default());
    }

    let invalid = |what: &str, value: &str| {
        EvidenceError::Parse(ParseError::BankStatement { reason: format!("the stored {what} {value:?} of the item is invalid") })
    };
    let currency = match item.statement_currency.as_deref() {
        Some(code) => Some(code.parse::<Currency>().map_err(|_| invalid("statement currency", code))?),
        None => None,
    };
    let start_date = match item.statement_start_date.as_deref() {
        Some(text) => Some(NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| invalid("statement start date", text))?),
        None => None,
    };

    let missing_currency = layout.needs_currency() && currency.is_none();
    let missing_start_date = layout.needs_start_date() && start_date.is_none();
    if missing_currency || missing_start_date {
        return Err(EvidenceError::StatementOptionsMissing {
            item_id: item.id.clone(),
            layout: layout_name(layout),
            currency: missing_currency,
            start_date: missing_start_date,
        });
    }
    Ok(BankStatementOptions { currency, start_date })
}

fn append_parsed_event(
    vault: &Vault,
    evidence: &Arc<dyn EvidenceStore>,
    item_id: &str,
    content_hash: &str,
    actor: &str,
    details: String,
) -> Result<Option<i64>, EvidenceError> {
    let already = evidence
        .item_custody_events(item_id)?
        .iter()
        .any(|row| row.event.kind == EventKind::Parsed.as_str() && row.event.details == details);
    if already {
        return Ok(None);
    }

    let event = CustodyEvent {
        item_id: item_id.to_owned(),
        kind: EventKind::Parsed,
        actor: actor.to_owned(),
        time: Utc::now(),
        details,
        content_hash: content_hash.to_owned(),
    };
    let seq = vault.custody_log().append(&event)?;
    vault.custody_log().checkpoint()?;
    Ok(Some(seq))
}

/// Builds the stored rows of the records; `jsonl` is their canonical output, one line each.
fn record_rows(records: &[ParsedRecord], jsonl: &[u8]) -> Vec<NewParsedRecord> {
    let segmenter = Segmenter::global();
    let lines = jsonl.split(|byte| *byte == b'\n');

    records
        .iter()
        .zip(lines)
        .enumerate()
        .map(|(ordinal, (record, json))| {
            let (record_kind, line, sender, time, text) = match record {
                ParsedRecord::Message(message) => {
                    let text = match (&message.action, message.text.is_empty()) {
                        (Some(action), true) => action.clone(),
                        _ => message.text.clone(),
                    };
                    ("message", message.line, message.sender.clone(), message.time_utc, text)
                }
                ParsedRecord::Log(log) => {
                    let request = [log.method.as_deref(), log.path.as_deref(), log.status.map(|s| s.to_string()).as_deref()]
                        .into_iter()
                        .flatten()
                        .collect::<Vec<_>>()
                        .join(" ");
                    let port = log.port.map(|port| format!(":{port}")).unwrap_or_default();
                    let text = format!("{}{port} {request}", log.ip).trim_end().to_owned();
                    ("log", Some(log.line), Some(log.ip.clone()), Some(log.time_utc), text)
                }
                ParsedRecord::Transaction(transaction) => {
                    let text = transaction_text(transaction);
                    let sender = Some(transaction.debtor_account.clone());
                    ("transaction", Some(transaction.line), sender, Some(transaction.time_utc), text)
                }
                ParsedRecord::Unparsed(raw) => ("unparsed", raw.line, None, None, raw.raw.clone()),
            };

            let searchable = format!("{} {}", sender.as_deref().unwrap_or_default(), text);
            NewParsedRecord {
                ordinal: ordinal as i64,
                record_kind: record_kind.to_owned(),
                line: line.and_then(|line| i64::try_from(line).ok()),
                sender,
                time_us: time.map(|time| time.timestamp_micros()),
                tokens: segmenter.index_tokens(&searchable),
                text,
                json: String::from_utf8_lossy(json).into_owned(),
            }
        })
        .collect()
}

/// Returns the searchable text of a bank statement row: both accounts, the amount and the
/// reference, such as `ICBC 6222 -> BCEL 0101 1250.00 CNY rent`.
fn transaction_text(transaction: &crate::parse::TransactionRecord) -> String {
    let mut text = format!(
        "{} {} -> {} {} {} {}",
        transaction.debtor_bank,
        transaction.debtor_account,
        transaction.creditor_bank,
        transaction.creditor_account,
        transaction.amount,
        transaction.currency
    );

    if let Some(reference) = &transaction.reference {
        text.push(' ');
        text.push_str(reference);
    }
    text
}
