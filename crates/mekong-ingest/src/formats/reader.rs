//! [`TransactionReader`]: opens a transaction file, or reads CSV from any
//! [`Read`], detects its encoding and format, and turns each record into an
//! accepted transaction or a reject.
//!
//! Invariants: each record yields exactly one [`Row`]; a row is checked for its
//! column count, then its encoding, then its fields from left to right, and the
//! first fault found is the one reported. An I/O error in the middle of the file
//! yields one `ReadFailed` reject and ends the iteration. pacs.008 XML files go to
//! the pacs.008 reader, which has its own invariants; one `CdtTrfTxInf` is one row.

use std::fmt;
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};

use chrono::FixedOffset;

use super::accounts::{AccountTable, is_accounts_header};
use super::amlsim::AmlsimParser;
use super::canonical::CanonicalParser;
use super::csv_records::{MAX_RECORD_BYTES, RawRecord, RecordReader};
use super::fields::FieldError;
use super::ibm_aml::IbmAmlParser;
use super::pacs008::Pacs008Reader;
use super::paysim::PaysimParser;
use super::{
    Format, FormatChoice, IngestError, MAX_REJECT_VALUE_CHARS, Parsed, ReadOptions, Record, Reject,
    RejectReason, Row,
};
use crate::encoding::{TextEncoding, TextReader};

/// Maximum number of columns of any format (the canonical CSV's twelve).
const MAX_COLUMNS: usize = 12;

/// Size of the buffer between the decoder and the CSV splitter.
const BUFFER_LEN: usize = 64 * 1024;

/// The byte source of a CSV file: a [`File`] or, from [`TransactionReader::from_reader`],
/// any reader, such as decrypted evidence in memory.
type CsvBytes = Box<dyn Read + Send>;

type Records = RecordReader<BufReader<TextReader<CsvBytes>>>;

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

/// The CSV splitter, the current record and the format's row parser.
struct CsvSource {
    records: Records,
    record: RawRecord,
    parser: RowParser,
}

/// The source of the rows: a CSV file or a pacs.008 XML file.
enum Source {
    Csv(Box<CsvSource>),
    Pacs008(Box<Pacs008Reader>),
}

/// Streams the transactions of one file; an iterator of [`Row`]s.
pub struct TransactionReader {
    path: PathBuf,
    format: Format,
    encoding: TextEncoding,
    source: Source,
    total_bytes: Option<u64>,
    accepted: u64,
    rejected: u64,
    finished: bool,
}

impl TransactionReader {
    /// Opens a file, detects its encoding and format, and reads its header row.
    ///
    /// A file whose first character other than a byte order mark or whitespace is
    /// `<` is read as pacs.008 XML under `--format auto`. For AMLSim, the accounts
    /// file beside it (`nodes.csv`, else `accounts.csv`) is loaded when present.
    pub fn open(path: &Path, options: &ReadOptions) -> Result<TransactionReader, IngestError> {
        let offset = FixedOffset::east_opt(options.default_offset_seconds).ok_or(
            IngestError::InvalidOffset {
                seconds: options.default_offset_seconds,
            },
        )?;

        let file = File::open(path).map_err(|source| IngestError::Open {
            path: path.to_owned(),
            source,
        })?;
        let total_bytes = file.metadata().ok().map(|metadata| metadata.len());
        let read_error = |source| IngestError::Read {
            path: path.to_owned(),
            source,
        };

        let is_xml = match options.format {
            FormatChoice::Exact(format) => format == Format::Pacs008,
            FormatChoice::Auto => starts_with_xml(file).map_err(read_error)?,
        };
        if is_xml {
            let reader = Pacs008Reader::open(path, options.origin.clone(), offset)?;
            tracing::info!(file = %path.display(), format = %Format::Pacs008, bytes = total_bytes, "reading transactions");
            return Ok(TransactionReader {
                path: path.to_owned(),
                format: Format::Pacs008,
                encoding: TextEncoding::Utf8,
                source: Source::Pacs008(Box::new(reader)),
                total_bytes,
                accepted: 0,
                rejected: 0,
                finished: false,
            });
        }

        let file = File::open(path).map_err(|source| IngestError::Open {
            path: path.to_owned(),
            source,
        })?;
        Self::open_csv(path, Box::new(file), total_bytes, options, offset, true)
    }

    /// Reads CSV transactions from any reader, such as a file decrypted into memory.
    ///
    /// `name` stands for the source in rejects, errors and logs. Encoding and format are
    /// detected as in [`TransactionReader::open`], with two differences: no AMLSim accounts
    /// file is loaded, because a reader has no directory beside it, and pacs.008 XML is not
    /// read. An XML source fails with the error of an unknown header row.
    pub fn from_reader<R: Read + Send + 'static>(
        name: &Path,
        source: R,
        options: &ReadOptions,
    ) -> Result<TransactionReader, IngestError> {
        let offset = FixedOffset::east_opt(options.default_offset_seconds).ok_or(
            IngestError::InvalidOffset {
                seconds: options.default_offset_seconds,
            },
        )?;

        Self::open_csv(name, Box::new(source), None, options, offset, false)
    }

    /// Detects the encoding, reads the header row and builds the row parser of a CSV source.
    fn open_csv(
        path: &Path,
        source: CsvBytes,
        total_bytes: Option<u64>,
        options: &ReadOptions,
        offset: FixedOffset,
        load_accounts: bool,
    ) -> Result<TransactionReader, IngestError> {
        let read_error = |source| IngestError::Read {
            path: path.to_owned(),
            source,
        };
        let text = TextReader::new(source).map_err(read_error)?;
        let encoding = text.encoding();

        let mut records = RecordReader::new(BufReader::with_capacity(BUFFER_LEN, text));
        let mut record = RawRecord::default();
        if !records.read(&mut record).map_err(read_error)? {
            return Err(IngestError::Empty {
                path: path.to_owned(),
            });
        }
        let format = select_format(path, options.format, &record)?;
        let parser = build_parser(path, format, options, offset, load_accounts)?;

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
            source: Source::Csv(Box::new(CsvSource {
                records,
                record,
                parser,
            })),
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
        match &self.source {
            Source::Csv(csv) => csv.records.get_ref().get_ref().bytes_read(),
            Source::Pacs008(xml) => xml.bytes_read(),
        }
    }

    /// Returns the file's size, when the file system reports it.
    pub fn total_bytes(&self) -> Option<u64> {
        self.total_bytes
    }

    /// Returns the file being read, or the name given to [`TransactionReader::from_reader`].
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Returns the AMLSim accounts file loaded beside the transactions, if any.
    pub fn accounts(&self) -> Option<&AccountTable> {
        match &self.source {
            Source::Csv(csv) => match &csv.parser {
                RowParser::Amlsim(parser) => parser.accounts(),
                _ => None,
            },
            Source::Pacs008(_) => None,
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

    /// Reads the next row of a CSV file.
    fn next_csv(&mut self) -> Option<Row> {
        let Source::Csv(csv) = &mut self.source else {
            return None;
        };

        match csv.records.read(&mut csv.record) {
            Ok(true) => Some(process(csv, self.format, self.encoding, &self.path)),
            Ok(false) => None,
            Err(error) => {
                self.finished = true;
                let line = csv.record.line;
                tracing::warn!(file = %self.path.display(), line, %error, "reading transactions failed");
                let reason = RejectReason::ReadFailed {
                    error: error.to_string(),
                };
                Some(reject_row(&self.path, line, "", String::new(), reason))
            }
        }
    }
}

/// Turns the current record into a row.
fn process(csv: &mut CsvSource, format: Format, encoding: TextEncoding, path: &Path) -> Row {
    let record = &csv.record;
    let columns = format.columns();
    let malformed = csv
        .records
        .get_mut()
        .get_mut()
        .take_malformed(record.start, record.end);
    let reject = |column: &str, value: String, reason: RejectReason| {
        reject_row(path, record.line, column, value, reason)
    };

    if record.truncated {
        let value = clip(&String::from_utf8_lossy(record.content()));
        return reject(
            "",
            value,
            RejectReason::RecordTooLong {
                max_bytes: MAX_RECORD_BYTES,
            },
        );
    }

    if record.len() != columns.len() {
        let value = clip(&join_fields(record));
        let reason = RejectReason::WrongColumnCount {
            expected: columns.len(),
            found: record.len(),
        };
        return reject("", value, reason);
    }

    let invalid_encoding = RejectReason::InvalidEncoding {
        encoding: encoding.name(),
    };
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
        return reject(columns[index], value, invalid_encoding);
    }
    let row = &row[..columns.len()];

    if malformed {
        // The decoder marked the bad bytes with U+FFFD, so report the field containing one.
        return match row.iter().position(|text| text.contains('\u{FFFD}')) {
            Some(index) => reject(columns[index], clip(row[index]), invalid_encoding),
            None => reject("", clip(&row.join(",")), invalid_encoding),
        };
    }

    match csv.parser.parse(row, record) {
        Ok(parsed) => Row::Accepted(Record {
            line: record.line,
            tx: parsed.tx,
            label: parsed.label,
        }),
        Err(FieldError { index, reason }) => reject(columns[index], clip(row[index]), reason),
    }
}

fn reject_row(path: &Path, line: u64, column: &str, value: String, reason: RejectReason) -> Row {
    Row::Rejected(Reject {
        file: path.to_owned(),
        line,
        column: column.to_owned(),
        value,
        reason,
    })
}

/// Returns whether the file's first character other than a UTF-8 byte order mark
/// or whitespace is `<`, looking at most at its first 4 KiB.
fn starts_with_xml(mut file: File) -> std::io::Result<bool> {
    let mut start = Vec::with_capacity(4096);
    (&mut file).take(4096).read_to_end(&mut start)?;

    let text = start.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&start);
    Ok(text.iter().find(|byte| !byte.is_ascii_whitespace()) == Some(&b'<'))
}

impl Iterator for TransactionReader {
    type Item = Row;

    fn next(&mut self) -> Option<Row> {
        if self.finished {
            return None;
        }

        let row = match &mut self.source {
            Source::Csv(_) => self.next_csv(),
            Source::Pacs008(xml) => xml.next(),
        };
        match &row {
            Some(Row::Accepted(_)) => self.accepted += 1,
            Some(Row::Rejected(_)) => self.rejected += 1,
            None => {
                self.finished = true;
                tracing::debug!(
                    file = %self.path.display(),
                    accepted = self.accepted,
                    rejected = self.rejected,
                    "finished reading transactions"
                );
            }
        }
        row
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
fn select_format(
    path: &Path,
    choice: FormatChoice,
    header: &RawRecord,
) -> Result<Format, IngestError> {
    let names: Vec<String> = header
        .iter()
        .map(|field| String::from_utf8_lossy(field).into_owned())
        .collect();
    let name_refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let found = || clip(&names.join(","));
    let accounts_file = (choice == FormatChoice::Auto
        || choice == FormatChoice::Exact(Format::Amlsim))
        && is_accounts_header(&names);

    match choice {
        FormatChoice::Exact(format) if format.matches_header(&name_refs) => Ok(format),
        FormatChoice::Auto => match Format::detect(&name_refs) {
            Some(format) => Ok(format),
            None if accounts_file => Err(IngestError::AccountsFile {
                path: path.to_owned(),
            }),
            None => Err(IngestError::UnknownHeader {
                path: path.to_owned(),
                found: found(),
            }),
        },
        FormatChoice::Exact(_) if accounts_file => Err(IngestError::AccountsFile {
            path: path.to_owned(),
        }),
        FormatChoice::Exact(format) => Err(IngestError::HeaderMismatch {
            path: path.to_owned(),
            format,
            expected: format.header().join(","),
            found: found(),
        }),
    }
}

/// Builds the row parser, checking that the options give what the format lacks.
/// `load_accounts` selects whether to look for an AMLSim accounts file beside `path`.
fn build_parser(
    path: &Path,
    format: Format,
    options: &ReadOptions,
    offset: FixedOffset,
    load_accounts: bool,
) -> Result<RowParser, IngestError> {
    let origin = options.origin.clone();
    let currency = || {
        options
            .currency
            .ok_or_else(|| IngestError::MissingCurrency {
                path: path.to_owned(),
                format,
            })
    };
    let start_date = || {
        options
            .start_date
            .ok_or_else(|| IngestError::MissingStartDate {
                path: path.to_owned(),
                format,
            })
    };
    // A date whose midnight does not exist at a fixed offset is out of chrono's range.
    let out_of_range = || IngestError::MissingStartDate {
        path: path.to_owned(),
        format,
    };

    let parser = match format {
        // pacs.008 files go to the XML reader before any header row is read.
        Format::Pacs008 => {
            return Err(IngestError::NotPacs008 {
                path: path.to_owned(),
                found: "a CSV header row".to_owned(),
            });
        }
        Format::Canonical => RowParser::Canonical(CanonicalParser::new(origin)),
        Format::IbmAml => RowParser::IbmAml(IbmAmlParser::new(origin, offset)),
        Format::Paysim => {
            let parser = PaysimParser::new(origin, currency()?, start_date()?, offset)
                .ok_or_else(out_of_range)?;
            RowParser::Paysim(parser)
        }
        Format::Amlsim => {
            let currency = currency()?;
            let start_date = start_date()?;
            let accounts = if load_accounts {
                AccountTable::beside(path)?
            } else {
                None
            };
            if accounts.is_none() {
                tracing::info!(
                    file = %path.display(),
                    "no AMLSim accounts file beside the transactions, so accounts are not checked"
                );
            }
            let parser = AmlsimParser::new(origin, currency, start_date, offset, accounts)
                .ok_or_else(out_of_range)?;
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
