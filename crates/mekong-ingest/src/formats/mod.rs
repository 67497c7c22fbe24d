//! Streaming readers for bank-transaction files: AMLSim, IBM AML, PaySim, the
//! canonical CSV and ISO 20022 pacs.008 XML.
//!
//! [`TransactionReader`] opens a file, detects its encoding and format from the
//! start and the header row, and yields one [`Row`] per record: an accepted
//! [`Record`] or a [`Reject`] naming the line, column, raw value and reason.
//!
//! Invariants:
//! - a bad row never stops reading; only a file that cannot be opened or whose
//!   header matches no format is an [`IngestError`];
//! - memory stays constant in the number of rows (the AMLSim accounts table
//!   excepted, which keeps one entry per account);
//! - `line` is the 1-based physical line where the record starts, also with CRLF
//!   endings, blank lines and quoted fields that span lines;
//! - formats without ids get `derive_id("<format>-", [line, field, field, …])`,
//!   with the line number as 8 little-endian bytes followed by each field's text,
//!   so the same file gives the same ids under any name, and equal rows on
//!   different lines get different ids.

mod accounts;
mod amlsim;
mod canonical;
mod csv_records;
mod error;
mod fields;
mod ibm_aml;
mod line_index;
mod pacs008;
mod paysim;
mod reader;
mod reason;

use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;

use mekong_core::ids::derive_id;
use mekong_core::{Currency, NodeId, Transaction};

pub use accounts::{ACCOUNTS_FILE_NAMES, AccountInfo, AccountTable};
pub use csv_records::{MAX_FIELDS, MAX_RECORD_BYTES};
pub use error::IngestError;
pub use fields::{MAX_ACCOUNT_CHARS, MAX_AMOUNT_DIGITS, MAX_REFERENCE_CHARS, parse_amount, parse_label};
pub use reader::TransactionReader;
pub use reason::{RejectReason, StepUnit};

/// The canonical CSV header, for writers and documentation.
pub const CANONICAL_HEADER: [&str; 12] = canonical::HEADER;

/// A transaction file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// IBM AMLSim `transactions.csv`, with `nodes.csv` or `accounts.csv` beside it.
    Amlsim,
    /// IBM "Transactions for Anti Money Laundering" data.
    IbmAml,
    /// PaySim mobile-money simulation.
    Paysim,
    /// Mekong Bridge's canonical CSV.
    Canonical,
    /// ISO 20022 pacs.008 customer credit transfers (XML); detected from a file
    /// that starts with `<`, not from a header row.
    Pacs008,
}

impl Format {
    /// Every CSV format, in the order auto-detection tries them on the header row.
    pub const ALL: [Format; 4] = [Format::Canonical, Format::IbmAml, Format::Paysim, Format::Amlsim];

    /// Every format, CSV and XML.
    pub const EVERY: [Format; 5] = [Format::Canonical, Format::IbmAml, Format::Paysim, Format::Amlsim, Format::Pacs008];

    /// Returns the name used on the command line: `amlsim`, `ibm-aml`, `paysim`,
    /// `canonical` or `pacs008`.
    pub fn as_str(&self) -> &'static str {
        match self {
            Format::Amlsim => "amlsim",
            Format::IbmAml => "ibm-aml",
            Format::Paysim => "paysim",
            Format::Canonical => "canonical",
            Format::Pacs008 => "pacs008",
        }
    }

    /// Returns the format's name in messages: "AMLSim", "IBM AML", "PaySim",
    /// "canonical CSV" or "pacs.008".
    pub fn display_name(&self) -> &'static str {
        match self {
            Format::Amlsim => "AMLSim",
            Format::IbmAml => "IBM AML",
            Format::Paysim => "PaySim",
            Format::Canonical => "canonical CSV",
            Format::Pacs008 => "pacs.008",
        }
    }

    /// Returns the header row of the format; empty for pacs.008, which has none.
    pub fn header(&self) -> &'static [&'static str] {
        match self {
            Format::Amlsim => &amlsim::HEADER,
            Format::IbmAml => &ibm_aml::HEADER,
            Format::Paysim => &paysim::HEADER,
            Format::Canonical => &canonical::HEADER,
            Format::Pacs008 => &[],
        }
    }

    /// Returns the column names as rejects report them.
    pub fn columns(&self) -> &'static [&'static str] {
        match self {
            Format::IbmAml => &ibm_aml::COLUMNS,
            other => other.header(),
        }
    }

    /// Returns whether a header row is this format's header.
    pub fn matches_header(&self, header: &[&str]) -> bool {
        match self {
            Format::Amlsim => amlsim::matches_header(header),
            Format::IbmAml => ibm_aml::matches_header(header),
            Format::Paysim => paysim::matches_header(header),
            Format::Canonical => canonical::matches_header(header),
            Format::Pacs008 => false,
        }
    }

    /// Returns the format whose header this is, if any.
    pub fn detect(header: &[&str]) -> Option<Format> {
        Format::ALL.into_iter().find(|format| format.matches_header(header))
    }

    /// Returns whether the files carry no currency, so the options must give one.
    pub fn needs_currency(&self) -> bool {
        matches!(self, Format::Amlsim | Format::Paysim)
    }

    /// Returns whether the files count time in steps, so the options must give a
    /// start date.
    pub fn needs_start_date(&self) -> bool {
        matches!(self, Format::Amlsim | Format::Paysim)
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A format name that is not one of the supported formats.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown format {0:?}: expected auto, amlsim, ibm-aml, paysim, canonical or pacs008")]
pub struct FormatError(pub String);

impl FromStr for Format {
    type Err = FormatError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let name = s.trim().to_ascii_lowercase();
        Format::EVERY.into_iter().find(|format| format.as_str() == name).ok_or_else(|| FormatError(s.to_owned()))
    }
}

/// The format the caller asks for: detected from the header, or a given one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum FormatChoice {
    /// Detect the format from the header row.
    #[default]
    Auto,
    /// Read the file as this format; a different header is an error.
    Exact(Format),
}

impl fmt::Display for FormatChoice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FormatChoice::Auto => f.write_str("auto"),
            FormatChoice::Exact(format) => format.fmt(f),
        }
    }
}

impl FromStr for FormatChoice {
    type Err = FormatError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.trim().eq_ignore_ascii_case("auto") {
            Ok(FormatChoice::Auto)
        } else {
            s.parse().map(FormatChoice::Exact)
        }
    }
}

/// How to read a transaction file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadOptions {
    /// The format, or auto-detection.
    pub format: FormatChoice,
    /// The node that stores the transactions; set as their origin.
    pub origin: NodeId,
    /// Currency of formats that carry none (AMLSim, PaySim); ignored by the others.
    pub currency: Option<Currency>,
    /// Calendar date of step 0 in formats that count time in steps (AMLSim, PaySim).
    pub start_date: Option<chrono::NaiveDate>,
    /// UTC offset, in seconds east, of times that carry no zone: the node's own
    /// zone, such as 28800 (UTC+8) in China or 25200 (UTC+7) in Laos.
    pub default_offset_seconds: i32,
}

impl ReadOptions {
    /// Options with auto-detection, no currency or start date, and the given offset.
    pub fn new(origin: NodeId, default_offset_seconds: i32) -> Self {
        ReadOptions { format: FormatChoice::Auto, origin, currency: None, start_date: None, default_offset_seconds }
    }
}

/// An accepted row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// 1-based physical line where the record starts.
    pub line: u64,
    /// The normalised transaction.
    pub tx: Transaction,
    /// The source's fraud label for this transaction, where it has one
    /// (PaySim `isFraud`, IBM `Is Laundering`).
    pub label: Option<bool>,
}

/// A rejected row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reject {
    /// The file, as given to the reader.
    pub file: PathBuf,
    /// 1-based physical line where the record starts.
    pub line: u64,
    /// Name of the column at fault; empty when the whole row is at fault.
    pub column: String,
    /// The raw value, at most [`MAX_REJECT_VALUE_CHARS`] characters; for a whole
    /// row, its fields joined by commas.
    pub value: String,
    /// The reason the row was rejected.
    pub reason: RejectReason,
}

/// Maximum length of the raw value a reject keeps, in characters. Longer values
/// are cut and end in `…`.
pub const MAX_REJECT_VALUE_CHARS: usize = 200;

/// One record of a file: accepted or rejected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Row {
    /// The row became a transaction.
    Accepted(Record),
    /// The row was rejected.
    Rejected(Reject),
}

/// A parsed row before the reader adds its line.
#[derive(Debug)]
pub(crate) struct Parsed {
    tx: Transaction,
    label: Option<bool>,
}

/// Derives the id of a row in a format without ids, as the module documentation
/// describes.
fn derived_id(prefix: &str, record: &csv_records::RawRecord) -> String {
    let line = record.line.to_le_bytes();
    let mut parts: [&[u8]; 16] = [&[]; 16];
    parts[0] = &line;

    let mut count = 1;
    for field in record.iter().take(parts.len() - 1) {
        parts[count] = field;
        count += 1;
    }
    derive_id(prefix, &parts[..count])
}
