//! ISO 20022 `pacs.008` (FI to FI customer credit transfer) XML messages.
//!
//! Read: `FIToFICstmrCdtTrf` in the namespaces `urn:iso:std:iso:20022:tech:xsd:pacs.008.001.02`
//! to `.10`, found anywhere in the file, so a business-message envelope around the
//! `Document` is accepted. Each `CdtTrfTxInf` becomes one transaction:
//! - id: `PmtId/TxId`, else `PmtId/EndToEndId` unless it is `NOTPROVIDED`, else `PmtId/UETR`;
//! - amount and currency: `IntrBkSttlmAmt` and its `Ccy` attribute, as an exact decimal;
//! - time: `GrpHdr/CreDtTm` when there is no settlement date or its local date is the
//!   settlement date (`IntrBkSttlmDt` of the transaction, else of `GrpHdr`). Otherwise
//!   the time is local midnight of the settlement date. Times without a zone use the
//!   default offset;
//! - debtor: account `DbtrAcct/Id/IBAN` or `DbtrAcct/Id/Othr/Id`, bank
//!   `DbtrAgt/FinInstnId/BICFI` (`BIC` in older versions such as .02) or `ClrSysMmbId/MmbId`;
//!   creditor likewise with `Cdtr…`;
//! - country: BIC characters 5–6, else the agent's `PstlAdr/Ctry`, else the party's
//!   `PstlAdr/Ctry`, else none;
//! - reference: the `RmtInf/Ustrd` lines joined by spaces;
//! - channel: always wire.
//!
//! Invariants:
//! - memory stays bounded by one transaction's kept fields, each cut at [`MAX_TEXT_BYTES`],
//!   and by [`MAX_DEPTH`] open elements;
//! - a faulty transaction becomes one reject naming the element path and the line,
//!   and reading goes on;
//! - malformed XML ends the file with one reject, because an XML parser cannot resume
//!   after a syntax error;
//! - the file must be UTF-8, as ISO 20022 requires, and only its first
//!   `FIToFICstmrCdtTrf` is read.

use std::collections::HashMap;
use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};
use mekong_core::{AccountRef, Channel, Country, Currency, Money, NodeId, Timestamp, Transaction};
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use super::canonical::parse_id;
use super::fields::{self, MAX_ACCOUNT_CHARS, MAX_REFERENCE_CHARS};
use super::line_index::LineIndex;
use super::{IngestError, MAX_REJECT_VALUE_CHARS, Record, Reject, RejectReason, Row};

/// Namespace prefix of every ISO 20022 message schema.
const ISO20022_NAMESPACE: &str = "urn:iso:std:iso:20022:tech:xsd:";

/// Namespace prefix of pacs.008 versions; the version number follows.
const PACS008_NAMESPACE: &str = "urn:iso:std:iso:20022:tech:xsd:pacs.008.001.";

/// The pacs.008 versions read, by the number after `pacs.008.001.`.
const SUPPORTED_VERSIONS: std::ops::RangeInclusive<u32> = 2..=10;

/// Maximum bytes of text kept per element; longer text is cut, which later
/// checks report as too long.
pub const MAX_TEXT_BYTES: usize = 4 * MAX_REFERENCE_CHARS;

/// Example of a valid settlement date or creation time, for rejects.
const TIME_EXAMPLE: &str = "2026-03-01 or 2026-03-01T09:30:00+08:00";

/// Maximum nesting below `FIToFICstmrCdtTrf`. The deepest kept path is 6 levels
/// down, and the limit keeps a hostile file from growing the element stack without bound.
const MAX_DEPTH: usize = 64;

/// Size of the buffer between the file and the XML parser.
const BUFFER_LEN: usize = 64 * 1024;

/// Element paths below `CdtTrfTxInf` whose text the reader keeps.
const KEPT_PATHS: [&str; 21] = [
    "PmtId/TxId",
    "PmtId/EndToEndId",
    "PmtId/UETR",
    "IntrBkSttlmAmt",
    "IntrBkSttlmDt",
    "Dbtr/PstlAdr/Ctry",
    "DbtrAcct/Id/IBAN",
    "DbtrAcct/Id/Othr/Id",
    "DbtrAgt/FinInstnId/BICFI",
    "DbtrAgt/FinInstnId/BIC",
    "DbtrAgt/FinInstnId/ClrSysMmbId/MmbId",
    "DbtrAgt/FinInstnId/PstlAdr/Ctry",
    "Cdtr/PstlAdr/Ctry",
    "CdtrAcct/Id/IBAN",
    "CdtrAcct/Id/Othr/Id",
    "CdtrAgt/FinInstnId/BICFI",
    "CdtrAgt/FinInstnId/BIC",
    "CdtrAgt/FinInstnId/ClrSysMmbId/MmbId",
    "CdtrAgt/FinInstnId/PstlAdr/Ctry",
    "RmtInf/Ustrd",
    "IntrBkSttlmAmt/@Ccy",
];

type XmlReader = Reader<BufReader<LineIndex<File>>>;

/// The text of one element and where it is.
#[derive(Debug, Clone, Default)]
struct Field {
    text: String,
    line: u64,
    /// Whether bytes that are not UTF-8 were replaced.
    invalid_utf8: bool,
}

/// The kept fields of one `CdtTrfTxInf` collected so far.
#[derive(Debug, Default)]
struct TxFields {
    /// 1-based position of the transaction in the message.
    index: u64,
    line: u64,
    fields: HashMap<&'static str, Field>,
}

/// Values of `GrpHdr` that apply to every transaction.
#[derive(Debug, Default, Clone)]
struct GroupHeader {
    creation: Option<Field>,
    settlement_date: Option<Field>,
}

/// The element being read and the text gathered for it.
#[derive(Debug)]
struct OpenElement {
    name: String,
    /// The kept path this element fills, if any.
    kept: Option<&'static str>,
    text: Field,
}

/// Streams the transactions of one pacs.008 file.
pub(crate) struct Pacs008Reader {
    path: PathBuf,
    xml: XmlReader,
    buffer: Vec<u8>,
    origin: NodeId,
    offset: FixedOffset,
    /// Open elements below `FIToFICstmrCdtTrf`.
    open: Vec<OpenElement>,
    group: GroupHeader,
    tx: Option<TxFields>,
    tx_count: u64,
    finished: bool,
}

impl std::fmt::Debug for Pacs008Reader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pacs008Reader")
            .field("path", &self.path)
            .field("tx_count", &self.tx_count)
            .finish_non_exhaustive()
    }
}

impl Pacs008Reader {
    /// Opens a file and reads up to the start of `FIToFICstmrCdtTrf`.
    pub fn open(
        path: &Path,
        origin: NodeId,
        offset: FixedOffset,
    ) -> Result<Pacs008Reader, IngestError> {
        let file = File::open(path).map_err(|source| IngestError::Open {
            path: path.to_owned(),
            source,
        })?;
        let mut xml =
            Reader::from_reader(BufReader::with_capacity(BUFFER_LEN, LineIndex::new(file)));
        // Text stays untrimmed because `a &amp; b` arrives as three events whose spaces matter;
        // each element's text is trimmed once it closes.
        xml.config_mut().trim_text(false);

        let mut reader = Pacs008Reader {
            path: path.to_owned(),
            xml,
            buffer: Vec::new(),
            origin,
            offset,
            open: Vec::new(),
            group: GroupHeader::default(),
            tx: None,
            tx_count: 0,
            finished: false,
        };
        reader.find_message()?;
        Ok(reader)
    }

    /// Returns the bytes read from the file so far.
    pub fn bytes_read(&self) -> u64 {
        self.xml.get_ref().get_ref().bytes_read()
    }

    /// Skips to the start of `FIToFICstmrCdtTrf`, checking the `Document` namespace.
    fn find_message(&mut self) -> Result<(), IngestError> {
        let not_pacs008 = |path: &Path, found: String| IngestError::NotPacs008 {
            path: path.to_owned(),
            found,
        };
        let mut first_element: Option<String> = None;

        loop {
            self.buffer.clear();
            let event = match self.xml.read_event_into(&mut self.buffer) {
                Ok(event) => event,
                Err(error) => {
                    let offset = self.xml.error_position();
                    let line = self.xml.get_mut().get_mut().line_at(offset);
                    return Err(not_pacs008(
                        &self.path,
                        format!("malformed XML at line {line}: {error}"),
                    ));
                }
            };

            match event {
                Event::Start(start) => {
                    let name = local_name(&start);
                    first_element.get_or_insert_with(|| name.clone());
                    if name == "Document" {
                        check_namespace(&start).map_err(|found| not_pacs008(&self.path, found))?;
                    }
                    if name == "FIToFICstmrCdtTrf" {
                        return Ok(());
                    }
                }
                Event::Eof => {
                    let found = match first_element {
                        Some(name) => format!("root element <{name}> without FIToFICstmrCdtTrf"),
                        None => "no XML element".to_owned(),
                    };
                    return Err(not_pacs008(&self.path, found));
                }
                _ => {}
            }
        }
    }

    /// Returns the line of the parser's current position.
    fn current_line(&mut self) -> u64 {
        let offset = self.xml.buffer_position();
        self.xml.get_mut().get_mut().line_at(offset)
    }

    /// Handles one start tag; `empty` for `<tag/>`, which has no end tag.
    fn start_element(&mut self, start: &BytesStart<'_>, empty: bool) {
        let name = local_name(start);
        let line = self.current_line();

        if self.open.is_empty() && name == "CdtTrfTxInf" {
            self.tx_count += 1;
            self.tx = Some(TxFields {
                index: self.tx_count,
                line,
                fields: HashMap::new(),
            });
        }

        let kept = self.kept_path(&name);
        if kept == Some("IntrBkSttlmAmt") {
            self.store_currency(start, line);
        }

        let element = OpenElement {
            name,
            kept,
            text: Field {
                line,
                ..Field::default()
            },
        };
        if empty {
            self.finish_element(element);
        } else {
            self.open.push(element);
        }
    }

    /// Returns the kept path an element named `name` fills, given the open elements.
    fn kept_path(&self, name: &str) -> Option<&'static str> {
        let mut names = self
            .open
            .iter()
            .map(|element| element.name.as_str())
            .chain(std::iter::once(name));
        match names.next()? {
            "CdtTrfTxInf" => {
                let below: Vec<&str> = names.collect();
                let path = below.join("/");
                KEPT_PATHS.iter().copied().find(|kept| *kept == path)
            }
            "GrpHdr" => {
                let below: Vec<&str> = names.collect();
                match below.as_slice() {
                    ["CreDtTm"] => Some("GrpHdr/CreDtTm"),
                    ["IntrBkSttlmDt"] => Some("GrpHdr/IntrBkSttlmDt"),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// Stores the `Ccy` attribute of `IntrBkSttlmAmt`.
    fn store_currency(&mut self, start: &BytesStart<'_>, line: u64) {
        let Some(tx) = self.tx.as_mut() else {
            return;
        };

        let mut field = Field {
            line,
            ..Field::default()
        };
        for attribute in start.attributes().flatten() {
            if attribute.key.local_name().as_ref() == b"Ccy" {
                match attribute.normalized_value(quick_xml::XmlVersion::Implicit1_0) {
                    Ok(value) => push_text(&mut field, &value),
                    Err(_) => {
                        push_text(&mut field, &String::from_utf8_lossy(&attribute.value));
                        field.invalid_utf8 = true;
                    }
                }
            }
        }
        tx.fields.insert("IntrBkSttlmAmt/@Ccy", field);
    }

    /// Appends text to the innermost open element, if its text is kept.
    fn append_text(&mut self, text: &str, invalid_utf8: bool) {
        if let Some(element) = self
            .open
            .last_mut()
            .filter(|element| element.kept.is_some())
        {
            push_text(&mut element.text, text);
            element.text.invalid_utf8 |= invalid_utf8;
        }
    }

    /// Stores the text of a closed kept element; returns the finished transaction when the
    /// element was `CdtTrfTxInf`.
    fn finish_element(&mut self, element: OpenElement) -> Option<TxFields> {
        if self.open.is_empty() && element.name == "CdtTrfTxInf" {
            return self.tx.take();
        }

        let kept = element.kept?;
        let mut field = element.text;
        field.text = field.text.trim().to_owned();
        match kept {
            "GrpHdr/CreDtTm" => {
                self.group.creation.get_or_insert(field);
            }
            "GrpHdr/IntrBkSttlmDt" => {
                self.group.settlement_date.get_or_insert(field);
            }
            "RmtInf/Ustrd" => {
                if let Some(tx) = self.tx.as_mut() {
                    let reference = tx.fields.entry(kept).or_insert_with(|| Field {
                        line: field.line,
                        ..Field::default()
                    });
                    if !reference.text.is_empty() && !field.text.is_empty() {
                        push_text(reference, " ");
                    }
                    push_text(reference, &field.text);
                    reference.invalid_utf8 |= field.invalid_utf8;
                }
            }
            _ => {
                if let Some(tx) = self.tx.as_mut() {
                    tx.fields.entry(kept).or_insert(field);
                }
            }
        }
        None
    }

    /// Turns a finished `CdtTrfTxInf` into a row.
    fn build_row(&self, tx: &TxFields) -> Row {
        match build_transaction(tx, &self.group, &self.origin, self.offset) {
            Ok(transaction) => Row::Accepted(Record {
                line: tx.line,
                tx: transaction,
                label: None,
            }),
            Err(fault) => {
                let field = fault
                    .field
                    .and_then(|name| tx.fields.get(name).map(|field| (name, field)));
                let line = field.map_or(tx.line, |(_, field)| field.line);
                let value = field.map_or_else(String::new, |(_, field)| clip(&field.text));
                let path = element_path(tx.index, fault.path);
                Row::Rejected(Reject {
                    file: self.path.clone(),
                    line,
                    column: path,
                    value,
                    reason: fault.reason,
                })
            }
        }
    }

    /// Builds the reject that ends the file after malformed XML.
    fn malformed(&mut self, error: &quick_xml::Error) -> Row {
        let offset = self.xml.error_position();
        let line = self.xml.get_mut().get_mut().line_at(offset);
        tracing::warn!(file = %self.path.display(), line, %error, "pacs.008 XML is malformed, so the rest of the file is skipped");

        let column = match &self.tx {
            Some(tx) => element_path(tx.index, ""),
            None => String::new(),
        };
        Row::Rejected(Reject {
            file: self.path.clone(),
            line,
            column,
            value: String::new(),
            reason: RejectReason::InvalidXml {
                error: error.to_string(),
            },
        })
    }
}

impl Pacs008Reader {
    /// Builds the reject that ends the file when elements nest deeper than [`MAX_DEPTH`].
    fn too_deep(&mut self) -> Row {
        let line = self.current_line();
        tracing::warn!(file = %self.path.display(), line, max_depth = MAX_DEPTH, "pacs.008 XML nests too deep");

        let column = self
            .tx
            .as_ref()
            .map_or_else(String::new, |tx| element_path(tx.index, ""));
        let error = format!("elements nest deeper than {MAX_DEPTH} levels below FIToFICstmrCdtTrf");
        Row::Rejected(Reject {
            file: self.path.clone(),
            line,
            column,
            value: String::new(),
            reason: RejectReason::InvalidXml { error },
        })
    }
}

impl Iterator for Pacs008Reader {
    type Item = Row;

    fn next(&mut self) -> Option<Row> {
        while !self.finished {
            self.buffer.clear();
            let event = match self.xml.read_event_into(&mut self.buffer) {
                Ok(event) => event.into_owned(),
                Err(error) => {
                    self.finished = true;
                    return Some(self.malformed(&error));
                }
            };

            match event {
                Event::Start(start) => {
                    if self.open.len() >= MAX_DEPTH {
                        self.finished = true;
                        return Some(self.too_deep());
                    }
                    self.start_element(&start, false);
                }
                Event::Empty(start) => {
                    if let Some(tx) = self.start_empty(&start) {
                        return Some(self.build_row(&tx));
                    }
                }
                Event::End(_) => {
                    // The end of FIToFICstmrCdtTrf itself: nothing more to read.
                    let Some(element) = self.open.pop() else {
                        self.finished = true;
                        return None;
                    };
                    if let Some(tx) = self.finish_element(element) {
                        return Some(self.build_row(&tx));
                    }
                }
                Event::Text(text) => match text.xml10_content() {
                    Ok(content) => self.append_text(&content, false),
                    Err(_) => self.append_text(&String::from_utf8_lossy(&text), true),
                },
                Event::CData(data) => match data.decode() {
                    Ok(content) => self.append_text(&content, false),
                    Err(_) => self.append_text(&String::from_utf8_lossy(&data), true),
                },
                Event::GeneralRef(reference) => {
                    let resolved = resolve_reference(&reference);
                    self.append_text(&resolved, false);
                }
                Event::Eof => self.finished = true,
                _ => {}
            }
        }
        None
    }
}

impl Pacs008Reader {
    /// Handles `<tag/>`: an empty `CdtTrfTxInf` is a finished, empty transaction.
    fn start_empty(&mut self, start: &BytesStart<'_>) -> Option<TxFields> {
        let is_transaction = self.open.is_empty() && local_name(start) == "CdtTrfTxInf";
        self.start_element(start, !is_transaction);
        if is_transaction {
            self.open.clear();
            return self.tx.take();
        }
        None
    }
}

/// A fault in one transaction: the reason, the kept field holding the bad value
/// (if any) and the element path to report.
#[derive(Debug)]
struct Fault {
    reason: RejectReason,
    field: Option<&'static str>,
    path: &'static str,
}

impl Fault {
    fn at(field: &'static str, reason: RejectReason) -> Fault {
        Fault {
            reason,
            field: Some(field),
            path: field,
        }
    }

    fn missing(path: &'static str) -> Fault {
        Fault {
            reason: RejectReason::MissingElement,
            field: None,
            path,
        }
    }
}

/// Maps the fields of one transaction to a [`Transaction`], checking them in the
/// order the module documentation lists them.
fn build_transaction(
    tx: &TxFields,
    group: &GroupHeader,
    origin: &NodeId,
    default_offset: FixedOffset,
) -> Result<Transaction, Fault> {
    let get = |name: &'static str| tx.fields.get(name).filter(|field| !field.text.is_empty());
    let checked = |name: &'static str| -> Result<Option<&Field>, Fault> {
        match get(name) {
            Some(field) if field.invalid_utf8 => Err(Fault::at(
                name,
                RejectReason::InvalidEncoding { encoding: "UTF-8" },
            )),
            other => Ok(other),
        }
    };

    let id = transaction_id(&checked)?;

    let amount_field = checked("IntrBkSttlmAmt")?.ok_or(Fault::missing("IntrBkSttlmAmt"))?;
    let amount = fields::parse_amount(&amount_field.text)
        .map_err(|reason| Fault::at("IntrBkSttlmAmt", reason))?;
    let currency_field =
        checked("IntrBkSttlmAmt/@Ccy")?.ok_or(Fault::missing("IntrBkSttlmAmt/@Ccy"))?;
    let currency = Currency::from_str(&currency_field.text)
        .map_err(|_| Fault::at("IntrBkSttlmAmt/@Ccy", RejectReason::UnknownCurrency))?;

    let settlement_date = match checked("IntrBkSttlmDt")? {
        Some(field) => {
            Some(parse_date(&field.text).map_err(|reason| Fault::at("IntrBkSttlmDt", reason))?)
        }
        None => group_settlement_date(group)?,
    };
    let creation = match &group.creation {
        Some(field) if !field.text.is_empty() => Some(
            parse_datetime(&field.text, default_offset).map_err(|reason| Fault {
                reason,
                field: None,
                path: "../GrpHdr/CreDtTm",
            })?,
        ),
        _ => None,
    };
    let timestamp = transaction_time(settlement_date, creation, default_offset)?;

    let debtor = party_account(&checked, &PartyPaths::DEBTOR)?;
    let creditor = party_account(&checked, &PartyPaths::CREDITOR)?;

    let reference = match checked("RmtInf/Ustrd")? {
        Some(field) => {
            let text = fields::limited(&field.text, MAX_REFERENCE_CHARS)
                .map_err(|reason| Fault::at("RmtInf/Ustrd", reason))?;
            Some(text.to_owned())
        }
        None => None,
    };

    Ok(Transaction {
        id: id.to_owned(),
        origin: origin.clone(),
        timestamp: Timestamp::from_fixed(timestamp),
        debtor,
        creditor,
        amount: Money::new(amount, currency),
        channel: Channel::Wire,
        reference,
    })
}

/// Picks the transaction id as the module documentation describes.
///
/// NOTE: pacs.008 makes `TxId` unique only per instructing agent, so two banks'
/// messages imported into one node can collide, and the second counts as a duplicate.
fn transaction_id<'a>(
    checked: &dyn Fn(&'static str) -> Result<Option<&'a Field>, Fault>,
) -> Result<&'a str, Fault> {
    for name in ["PmtId/TxId", "PmtId/EndToEndId", "PmtId/UETR"] {
        let Some(field) = checked(name)? else {
            continue;
        };
        if name == "PmtId/EndToEndId" && field.text == "NOTPROVIDED" {
            continue;
        }
        return parse_id(&field.text).map_err(|reason| Fault::at(name, reason));
    }

    Err(Fault::missing("PmtId/TxId"))
}

/// Parses the group header's settlement date, if it has one.
fn group_settlement_date(group: &GroupHeader) -> Result<Option<NaiveDate>, Fault> {
    match &group.settlement_date {
        Some(field) if !field.text.is_empty() => {
            parse_date(&field.text).map(Some).map_err(|reason| Fault {
                reason,
                field: None,
                path: "../GrpHdr/IntrBkSttlmDt",
            })
        }
        _ => Ok(None),
    }
}

/// Chooses the transaction's time from the settlement date and the creation time.
fn transaction_time(
    settlement_date: Option<NaiveDate>,
    creation: Option<DateTime<FixedOffset>>,
    default_offset: FixedOffset,
) -> Result<DateTime<FixedOffset>, Fault> {
    match (settlement_date, creation) {
        (Some(date), Some(created)) if created.date_naive() == date => Ok(created),
        (Some(date), created) => {
            // NOTE: a settlement date on another day than the creation time carries no
            // time of day, so the transaction is placed at local midnight.
            let offset = created.map_or(default_offset, |created| *created.offset());
            offset
                .from_local_datetime(&date.and_time(NaiveTime::MIN))
                .single()
                .ok_or(Fault {
                    reason: RejectReason::ImpossibleTimestamp,
                    field: Some("IntrBkSttlmDt"),
                    path: "IntrBkSttlmDt",
                })
        }
        (None, Some(created)) => Ok(created),
        (None, None) => Err(Fault::missing("IntrBkSttlmDt")),
    }
}

/// Parses an ISO date `YYYY-MM-DD`.
fn parse_date(text: &str) -> Result<NaiveDate, RejectReason> {
    let text = text.trim();
    let well_formed = text.len() == 10
        && text.bytes().enumerate().all(|(index, byte)| match index {
            4 | 7 => byte == b'-',
            _ => byte.is_ascii_digit(),
        });
    if !well_formed {
        return Err(RejectReason::InvalidTimestamp {
            example: TIME_EXAMPLE,
        });
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| RejectReason::ImpossibleTimestamp)
}

/// Parses an ISO date-time with or without a zone; without one, the default offset applies.
fn parse_datetime(
    text: &str,
    default_offset: FixedOffset,
) -> Result<DateTime<FixedOffset>, RejectReason> {
    let text = text.trim();
    if let Ok(time) = DateTime::parse_from_rfc3339(text) {
        return Ok(time);
    }

    let local = NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f").map_err(|_| {
        let date_part = text.get(..10).map(parse_date);
        match date_part {
            Some(Err(RejectReason::ImpossibleTimestamp)) => RejectReason::ImpossibleTimestamp,
            _ => RejectReason::InvalidTimestamp {
                example: TIME_EXAMPLE,
            },
        }
    })?;
    default_offset
        .from_local_datetime(&local)
        .single()
        .ok_or(RejectReason::ImpossibleTimestamp)
}

/// The element paths of one side of the transfer.
struct PartyPaths {
    iban: &'static str,
    other_id: &'static str,
    account: &'static str,
    bicfi: &'static str,
    bic: &'static str,
    member_id: &'static str,
    agent: &'static str,
    agent_country: &'static str,
    party_country: &'static str,
}

impl PartyPaths {
    const DEBTOR: PartyPaths = PartyPaths {
        iban: "DbtrAcct/Id/IBAN",
        other_id: "DbtrAcct/Id/Othr/Id",
        account: "DbtrAcct/Id",
        bicfi: "DbtrAgt/FinInstnId/BICFI",
        bic: "DbtrAgt/FinInstnId/BIC",
        member_id: "DbtrAgt/FinInstnId/ClrSysMmbId/MmbId",
        agent: "DbtrAgt/FinInstnId",
        agent_country: "DbtrAgt/FinInstnId/PstlAdr/Ctry",
        party_country: "Dbtr/PstlAdr/Ctry",
    };

    const CREDITOR: PartyPaths = PartyPaths {
        iban: "CdtrAcct/Id/IBAN",
        other_id: "CdtrAcct/Id/Othr/Id",
        account: "CdtrAcct/Id",
        bicfi: "CdtrAgt/FinInstnId/BICFI",
        bic: "CdtrAgt/FinInstnId/BIC",
        member_id: "CdtrAgt/FinInstnId/ClrSysMmbId/MmbId",
        agent: "CdtrAgt/FinInstnId",
        agent_country: "CdtrAgt/FinInstnId/PstlAdr/Ctry",
        party_country: "Cdtr/PstlAdr/Ctry",
    };
}

/// Builds the account of one side: number, bank and country.
fn party_account<'a>(
    checked: &dyn Fn(&'static str) -> Result<Option<&'a Field>, Fault>,
    paths: &PartyPaths,
) -> Result<AccountRef, Fault> {
    let (number_path, number_field) = match checked(paths.iban)? {
        Some(field) => (paths.iban, field),
        None => (
            paths.other_id,
            checked(paths.other_id)?.ok_or(Fault::missing(paths.account))?,
        ),
    };
    let number = fields::limited(&number_field.text, MAX_ACCOUNT_CHARS)
        .map_err(|reason| Fault::at(number_path, reason))?;

    let bic = match checked(paths.bicfi)? {
        Some(field) => Some((paths.bicfi, field)),
        None => checked(paths.bic)?.map(|field| (paths.bic, field)),
    };
    let (bank, bic_country) = match bic {
        Some((path, field)) => {
            let country = bic_country(&field.text).map_err(|reason| Fault::at(path, reason))?;
            (field.text.as_str(), Some(country))
        }
        None => {
            let field = checked(paths.member_id)?.ok_or(Fault::missing(paths.agent))?;
            let bank = fields::limited(&field.text, MAX_ACCOUNT_CHARS)
                .map_err(|reason| Fault::at(paths.member_id, reason))?;
            (bank, None)
        }
    };

    let country = match bic_country {
        Some(country) => Some(country),
        None => address_country(&checked, paths)?,
    };
    Ok(fields::account(bank, number, country))
}

/// Returns the country of the agent's address, else of the party's address.
fn address_country<'a>(
    checked: &dyn Fn(&'static str) -> Result<Option<&'a Field>, Fault>,
    paths: &PartyPaths,
) -> Result<Option<Country>, Fault> {
    for path in [paths.agent_country, paths.party_country] {
        if let Some(field) = checked(path)? {
            return fields::parse_country(&field.text).map_err(|reason| Fault::at(path, reason));
        }
    }
    Ok(None)
}

/// Checks a BIC (ISO 9362: 8 or 11 letters and digits, letters 5–6 the country)
/// and returns its country.
fn bic_country(text: &str) -> Result<Country, RejectReason> {
    let bytes = text.as_bytes();
    let well_formed = matches!(bytes.len(), 8 | 11)
        && bytes.iter().all(u8::is_ascii_alphanumeric)
        && bytes[..6].iter().all(u8::is_ascii_alphabetic);
    if !well_formed {
        return Err(RejectReason::InvalidBic);
    }
    text[4..6].parse().map_err(|_| RejectReason::InvalidBic)
}

/// Checks the namespace of `Document`; returns a description of what was found
/// when it is an ISO 20022 namespace other than pacs.008 .02 to .10.
fn check_namespace(start: &BytesStart<'_>) -> Result<(), String> {
    for attribute in start.attributes().flatten() {
        let key = attribute.key.as_ref();
        if key != b"xmlns" && !key.starts_with(b"xmlns:") {
            continue;
        }
        let value = String::from_utf8_lossy(&attribute.value).into_owned();
        if !value.starts_with(ISO20022_NAMESPACE) {
            continue;
        }

        let version = value
            .strip_prefix(PACS008_NAMESPACE)
            .and_then(|number| number.parse::<u32>().ok());
        return match version {
            Some(version) if SUPPORTED_VERSIONS.contains(&version) => Ok(()),
            _ => Err(format!("namespace {}", clip(&value))),
        };
    }
    Ok(())
}

/// Returns the element's name without its namespace prefix.
fn local_name(start: &BytesStart<'_>) -> String {
    String::from_utf8_lossy(start.local_name().as_ref()).into_owned()
}

/// Resolves `&amp;` and the other predefined entities and character references;
/// an unknown entity is kept as written.
fn resolve_reference(reference: &quick_xml::events::BytesRef<'_>) -> String {
    if let Ok(Some(character)) = reference.resolve_char_ref() {
        return character.to_string();
    }

    let name = String::from_utf8_lossy(reference).into_owned();
    match quick_xml::escape::resolve_predefined_entity(&name) {
        Some(text) => text.to_owned(),
        None => format!("&{name};"),
    }
}

/// Appends text to a field, keeping at most [`MAX_TEXT_BYTES`] bytes.
fn push_text(field: &mut Field, text: &str) {
    let room = MAX_TEXT_BYTES.saturating_sub(field.text.len());
    if text.len() <= room {
        field.text.push_str(text);
        return;
    }

    let mut cut = room;
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    field.text.push_str(&text[..cut]);
    // One more character makes the cut text longer than any limit a check applies.
    field.text.push('…');
}

/// Returns the path of an element of the `index`th transaction, for rejects.
fn element_path(index: u64, below: &str) -> String {
    if below.is_empty() {
        format!("FIToFICstmrCdtTrf/CdtTrfTxInf[{index}]")
    } else if let Some(group_path) = below.strip_prefix("../") {
        format!("FIToFICstmrCdtTrf/{group_path}")
    } else {
        format!("FIToFICstmrCdtTrf/CdtTrfTxInf[{index}]/{below}")
    }
}

/// Cuts a value to [`MAX_REJECT_VALUE_CHARS`] characters, marking a cut with `…`.
fn clip(text: &str) -> String {
    match text.char_indices().nth(MAX_REJECT_VALUE_CHARS) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn bic_gives_country() {
        assert_eq!(bic_country("BKCHCNBJXXX"), Ok(Country::CN));
        assert_eq!(bic_country("BCELLALA"), Ok(Country::LA));
        assert_eq!(bic_country("BKCH"), Err(RejectReason::InvalidBic));
        assert_eq!(bic_country("BKCH12BJ"), Err(RejectReason::InvalidBic));
    }

    #[test]
    fn datetime_zone_forms() {
        let offset = FixedOffset::east_opt(7 * 3600).unwrap();
        let zoned = parse_datetime("2026-03-01T09:30:00+08:00", offset).unwrap();
        assert_eq!(zoned.offset().local_minus_utc(), 8 * 3600);

        let local = parse_datetime("2026-03-01T09:30:00.123", offset).unwrap();
        assert_eq!(local.offset().local_minus_utc(), 7 * 3600);

        assert_eq!(
            parse_datetime("2026-02-30T09:30:00", offset),
            Err(RejectReason::ImpossibleTimestamp)
        );
        assert!(matches!(
            parse_datetime("yesterday", offset),
            Err(RejectReason::InvalidTimestamp { .. })
        ));
    }

    #[test]
    fn settlement_date_sets_day() {
        let offset = FixedOffset::east_opt(8 * 3600).unwrap();
        let created = parse_datetime("2026-03-01T09:30:00+08:00", offset).unwrap();
        let same_day = NaiveDate::from_ymd_opt(2026, 3, 1);
        let next_day = NaiveDate::from_ymd_opt(2026, 3, 2);

        assert_eq!(
            transaction_time(same_day, Some(created), offset).unwrap(),
            created
        );
        let later = transaction_time(next_day, Some(created), offset).unwrap();
        assert_eq!(later.to_rfc3339(), "2026-03-02T00:00:00+08:00");
    }

    #[test]
    fn long_text_is_cut() {
        let mut field = Field::default();
        push_text(&mut field, &"银".repeat(MAX_TEXT_BYTES));
        assert!(field.text.len() <= MAX_TEXT_BYTES + '…'.len_utf8());
        assert!(field.text.ends_with('…'));
    }
}
