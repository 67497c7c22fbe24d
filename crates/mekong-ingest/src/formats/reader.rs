//! [`TransactionReader`]: opens a transaction file, detects its encoding and
//! format, and turns each record into an accepted transaction or a reject.
//!
//! Invariants: each record yields exactly one [`Row`]; a row is checked for its
//! column count, then its encoding, then its fields from left to right, and the
//! first fault found is the one reported. An I/O error in the middle of the file
//! yields one `ReadFailed` reject and ends the iteration.

use std::fmt;
use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};

use chrono::FixedOffset;

use super::accounts::{AccountTable, is_accounts_header};
use super::amlsim::AmlsimParser;
use super::canonical::CanonicalParser;
use super::csv_records::{MAX_RECORD_BYTES, RawRecord, RecordReader};
use super::fields::FieldError;
use super::ibm_aml::IbmAmlParser;
use super::paysim::PaysimParser;
use super::{
    Format, FormatChoice, IngestError, MAX_REJECT_VALUE_CHARS, Parsed, ReadOptions, Record, Reject, RejectReason, Row,
};
use crate::encoding::{TextEncoding, TextReader};

/// Maximum number of columns of any format (the canonical CSV's twelve).
const MAX_COLUMNS: usize = 12;

/// Size of the buffer between the decoder and the CSV splitter.
const BUFFER_LEN: usize = 64 * 1024;

type Records = RecordReader<BufReader<TextReader<File>>>;

/// The row parser of the detected format.
#[derive(Debug)]
enum RowParser {
    Amlsim(AmlsimParser),
    IbmAml(IbmAmlParser),
    Paysim(PaysimParser),
    Canonical(CanonicalParser),
}

impl RowParser {
    fn parse(&self, row: &[&str], record: &RawRecord) -> Result<Parsed, FieldError> {
        match self {
            RowParser::Amlsim(parser) => parser.parse(row, record),
            RowParser::IbmAml(parser) => parser.parse(row, record),
            RowParser::Paysim(parser) => parser.parse(row, record),
            RowParser::Canonical(parser) => parser.parse(row),
        }
    }
}

/// Streams the transactions of one file; an iterator of [`Row`]s.
pub struct TransactionReader {
    path: PathBuf,
    format: Format,
    encoding: TextEncoding,
    records: Records,
    record: RawRecord,
    parser: RowParser,
    total_bytes: Option<u64>,
    accepted: u64,
    rejected: u64,
    finished: bool,
}

impl TransactionReader {
    /// Opens a file, detects its encoding and format, and reads its header row.
    ///
    /// For AMLSim, the accounts file beside it (`nodes.csv`, else `accounts.csv`)
    /// is loaded when present.
    pub fn open(path: &Path, options: &ReadOptions) -> Result<TransactionReader, IngestError> {
        let offset = FixedOffset::east_opt(options.default_offset_seconds)
            .ok_or(IngestError::InvalidOffset { seconds: options.default_offset_seconds })?;

        let file = File::open(path).map_err(|source| IngestError::Open { path: path.to_owned(), source })?;
        let total_bytes = file.metadata().ok().map(|metadata| metadata.len());
        let read_error = |source| IngestError::Read { path: path.to_owned(), source };
        let text = TextReader::new(file).map_err(read_error)?;
        let encoding = text.encoding();

        let mut records = RecordReader::new(BufReader::with_capacity(BUFFER_LEN, text));
        let mut record = RawRecord::default();
        if !records.read(&mut record).map_err(read_error)? {
            return Err(IngestError::Empty { path: path.to_owned() });
        }
        let format = select_format(path, options.format, &record)?;
        let parser = build_parser(path, format, options, offset)?;

        tracing::info!(
            file = %path.display(),
            format = %format,
            encoding = encoding.name(),
            bytes = total_bytes,
            "reading transactions"
        );
        Ok(TransactionReader {
            path: path.to_owned(),
            format,
            encoding,
            records,
            record,
            parser,
            total_bytes,
            accepted: 0,
            rejected: 0,
            finished: false,
        })
    }

    /// Returns the detected (or requested) format.
    pub fn format(&self) -> Format {
        self.format
    }

    /// Returns the detected encoding's name: "UTF-8", "UTF-8 with BOM", "GBK" or "GB18030".
    pub fn encoding(&self) -> &'static str {
        self.encoding.name()
    }

    /// Returns the detected encoding.
    pub fn text_encoding(&self) -> TextEncoding {
        self.encoding
    }

    /// Returns the raw bytes consumed from the file so far, for a progress bar. Reading runs
    /// ahead of the rows returned by up to a few buffers (about 200 KiB).
    pub fn bytes_read(&self) -> u64 {
        self.records.get_ref().get_ref().bytes_read()
    }

    /// Returns the file's size, when the file system reports it.
    pub fn total_bytes(&self) -> Option<u64> {
        self.total_bytes
    }

    /// Returns the file being read.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Returns the AMLSim accounts file loaded beside the transactions, if any.
    pub fn accounts(&self) -> Option<&AccountTable> {
        match &self.parser {
            RowParser::Amlsim(parser) => parser.accounts(),
            _ => None,
        }
    }

    /// Returns the number of rows accepted so far.
    pub fn accepted(&self) -> u64 {
        self.accepted
    }

    /// Returns the number of rows rejected so far.
    pub fn rejected(&self) -> u64 {
        self.rejected
    }

    /// Turns the current record into a row.
    fn process(&mut self) -> Row {
        let record = &self.record;
        let columns = self.format.columns();
        let malformed = self.records.get_mut().get_mut().take_malformed(record.start, record.end);

        if record.truncated {
            let value = clip(&String::from_utf8_lossy(record.content()));
            return self.reject("", value, RejectReason::RecordTooLong { max_bytes: MAX_RECORD_BYTES });
        }

        if record.len() != columns.len() {
            let value = clip(&join_fields(record));
            let reason = RejectReason::WrongColumnCount { expected: columns.len(), found: record.len() };
            return self.reject("", value, reason);
        }

        let encoding = RejectReason::InvalidEncoding { encoding: self.encoding.name() };
        let mut row: [&str; MAX_COLUMNS] = [""; MAX_COLUMNS];
        let mut invalid = None;
        for (index, field) in record.iter().enumerate() {
            match std::str::from_utf8(field) {
                Ok(text) => row[index] = text,
                Err(_) => {
                    invalid = Some((index, clip(&String::from_utf8_lossy(field))));
                    break;
                }
            }
        }
        if let Some((index, value)) = invalid {
            return self.reject(columns[index], value, encoding);
        }
        let row = &row[..columns.len()];

        if malformed {
            // The decoder marked the bad bytes with U+FFFD, so report the field containing one.
            return match row.iter().position(|text| text.contains('\u{FFFD}')) {
                Some(index) => {
                    let value = clip(row[index]);
                    self.reject(columns[index], value, encoding)
                }
                None => {
                    let value = clip(&row.join(","));
                    self.reject("", value, encoding)
                }
            };
        }

        match self.parser.parse(row, record) {
            Ok(parsed) => {
                self.accepted += 1;
                Row::Accepted(Record { line: record.line, tx: parsed.tx, label: parsed.label })
            }
            Err(FieldError { index, reason }) => {
                let value = clip(row[index]);
                self.reject(columns[index], value, reason)
            }
        }
    }

    fn reject(&mut self, column: &str, value: String, reason: RejectReason) -> Row {
        self.rejected += 1;
        Row::Rejected(Reject {
            file: self.path.clone(),
            line: self.record.line,
            column: column.to_owned(),
            value,
            reason,
        })
    }
}

impl Iterator for TransactionReader {
    type Item = Row;

    fn next(&mut self) -> Option<Row> {
        if self.finished {
            return None;
        }

        match self.records.read(&mut self.record) {
            Ok(true) => Some(self.process()),
            Ok(false) => {
                self.finished = true;
                tracing::debug!(
                    file = %self.path.display(),
                    accepted = self.accepted,
                    rejected = self.rejected,
                    "finished reading transactions"
                );
                None
            }
            Err(error) => {
                self.finished = true;
                let line = self.record.line;
                tracing::warn!(file = %self.path.display(), line, %error, "reading transactions failed");
                let reason = RejectReason::ReadFailed { error: error.to_string() };
                Some(self.reject("", String::new(), reason))
            }
        }
    }
}

impl fmt::Debug for TransactionReader {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TransactionReader")
            .field("path", &self.path)
            .field("format", &self.format)
            .field("encoding", &self.encoding)
            .field("bytes_read", &self.bytes_read())
            .field("total_bytes", &self.total_bytes)
            .field("accepted", &self.accepted)
            .field("rejected", &self.rejected)
            .finish_non_exhaustive()
    }
}

/// Picks the format from the header row, or checks the requested one against it.
fn select_format(path: &Path, choice: FormatChoice, header: &RawRecord) -> Result<Format, IngestError> {
    let names: Vec<String> = header.iter().map(|field| String::from_utf8_lossy(field).into_owned()).collect();
    let name_refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let found = || clip(&names.join(","));
    let accounts_file = (choice == FormatChoice::Auto || choice == FormatChoice::Exact(Format::Amlsim))
        && is_accounts_header(&names);

    match choice {
        FormatChoice::Exact(format) if format.matches_header(&name_refs) => Ok(format),
        FormatChoice::Auto => match Format::detect(&name_refs) {
            Some(format) => Ok(format),
            None if accounts_file => Err(IngestError::AccountsFile { path: path.to_owned() }),
            None => Err(IngestError::UnknownHeader { path: path.to_owned(), found: found() }),
        },
        FormatChoice::Exact(_) if accounts_file => Err(IngestError::AccountsFile { path: path.to_owned() }),
        FormatChoice::Exact(format) => Err(IngestError::HeaderMismatch {
            path: path.to_owned(),
            format,
            expected: format.header().join(","),
            found: found(),
        }),
    }
}

/// Builds the row parser, checking that the options give what the format lacks.
fn build_parser(
    path: &Path,
    format: Format,
    options: &ReadOptions,
    offset: FixedOffset,
) -> Result<RowParser, IngestError> {
    let origin = options.origin.clone();
    let currency = || options.currency.ok_or_else(|| IngestError::MissingCurrency { path: path.to_owned(), format });
    let start_date =
        || options.start_date.ok_or_else(|| IngestError::MissingStartDate { path: path.to_owned(), format });
    // A date whose midnight does not exist at a fixed offset is out of chrono's range.
    let out_of_range = || IngestError::MissingStartDate { path: path.to_owned(), format };

    let parser = match format {
        Format::Canonical => RowParser::Canonical(CanonicalParser::new(origin)),
        Format::IbmAml => RowParser::IbmAml(IbmAmlParser::new(origin, offset)),
        Format::Paysim => {
            let parser = PaysimParser::new(origin, currency()?, start_date()?, offset).ok_or_else(out_of_range)?;
            RowParser::Paysim(parser)
        }
        Format::Amlsim => {
            let currency = currency()?;
            let start_date = start_date()?;
            let accounts = AccountTable::beside(path)?;
            if accounts.is_none() {
                tracing::info!(
                    file = %path.display(),
                    "no AMLSim accounts file beside the transactions, so accounts are not checked"
                );
            }
            let parser = AmlsimParser::new(origin, currency, start_date, offset, accounts).ok_or_else(out_of_range)?;
            RowParser::Amlsim(parser)
        }
    };
    Ok(parser)
}

/// Joins a record's fields with commas, replacing invalid bytes.
fn join_fields(record: &RawRecord) -> String {
    let mut joined = String::new();
    for (index, field) in record.iter().enumerate() {
        if index > 0 {
            joined.push(',');
        }
        joined.push_str(&String::from_utf8_lossy(field));
        if joined.len() > MAX_REJECT_VALUE_CHARS * 4 {
            break;
        }
    }
    joined
}

/// Cuts a value to [`MAX_REJECT_VALUE_CHARS`] characters, marking a cut with `…`.
fn clip(text: &str) -> String {
    match text.char_indices().nth(MAX_REJECT_VALUE_CHARS) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}
