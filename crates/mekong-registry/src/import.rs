//! Bulk import of registry entries from CSV, with rejected rows written to a rejects
//! file in the same form as transaction imports: `file,line,column,value,reason`.
//!
//! Columns, by header name in any order: `kind`, `value`, `listing_type`, `reason`,
//! `source_agency`, `legal_basis`, `appeal`, `starts_at`, and optionally `expires_at`
//! and `note`. An empty `starts_at` means the time of the import
//! ([`crate::resolve_period`]). Times are RFC 3339 or a date `YYYY-MM-DD` in the
//! node's zone: a start date begins at 00:00 and an expiry date is in force to the
//! end of that day ([`crate::dates`]). The import is idempotent: a row equal to its stored entry
//! changes nothing, and a row with an empty `starts_at` keeps the start of its stored
//! entry ([`Registry::add_with_empty_start`]).

use std::collections::HashMap;
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use chrono::{FixedOffset, Utc};
use mekong_core::i18n::{Arg, Locale, Messages};
use mekong_ingest::rejects::REJECTS_HEADER;
use mekong_store::registry::Upsert;

use crate::entry::Entry;
use crate::error::RegistryError;
use crate::kind::{IdentifierKind, ListingType};
use crate::period::resolve_period;
use crate::service::Registry;

/// Columns every file must have.
const REQUIRED: [&str; 8] =
    ["kind", "value", "listing_type", "reason", "source_agency", "legal_basis", "appeal", "starts_at"];

/// Counts of one import.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportReport {
    /// Data rows read.
    pub read: u64,
    /// Entries newly stored.
    pub added: u64,
    /// Entries that existed and changed.
    pub updated: u64,
    /// Rows equal to their stored entry.
    pub unchanged: u64,
    /// Rows rejected.
    pub rejected: u64,
}

/// One rejected row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowReject {
    /// Line number in the file, 1-based, the header being line 1.
    pub line: u64,
    /// The row's identifier as typed, its `value` field; empty for a file-level reject.
    pub identifier: String,
    /// The column at fault.
    pub column: String,
    /// The value at fault.
    pub value: String,
    /// The reason, as a Fluent message id.
    pub message_id: &'static str,
}

impl RowReject {
    /// Formats the reason in `locale`.
    pub fn reason(&self, locale: Locale) -> String {
        let args = [("column", Arg::Text(&self.column)), ("value", Arg::Text(&self.value))];
        Messages::global().format(locale, self.message_id, &args)
    }
}

/// Imports a CSV file into the registry and writes rejected rows to `rejects`.
/// Entries are listed by `origin`, the node's id, and dates are read in `zone`, the
/// node's UTC offset.
pub fn import_csv(
    registry: &Registry,
    path: &Path,
    rejects: &Path,
    origin: &str,
    zone: FixedOffset,
    locale: Locale,
) -> Result<ImportReport, RegistryError> {
    let file_error = |error: Box<dyn std::error::Error + Send + Sync>| RegistryError::File { path: path.to_owned(), source: error };
    let file = File::open(path).map_err(|error| file_error(error.into()))?;

    let mut writer = RejectsFile::create(rejects, path, locale)?;
    let report = import_reader(registry, file, origin, zone, &mut |reject| writer.write(&reject)).map_err(|error| match error {
        RegistryError::Csv(error) => file_error(error.into()),
        error => error,
    })?;
    writer.finish()?;
    Ok(report)
}

/// Imports CSV text, such as a form's pasted text, into the registry and returns the
/// counts and the rejected rows, as [`import_csv`] does for a file.
pub fn import_csv_text(
    registry: &Registry,
    text: &str,
    origin: &str,
    zone: FixedOffset,
) -> Result<(ImportReport, Vec<RowReject>), RegistryError> {
    let mut rejects = Vec::new();
    let report = import_reader(registry, text.as_bytes(), origin, zone, &mut |reject| {
        rejects.push(reject);
        Ok(())
    })?;
    Ok((report, rejects))
}

/// Imports CSV from `input` and passes each rejected row to `on_reject`.
///
/// Records end at `\n`, so a line ending `\r\n` (a browser's form text, a Windows
/// file) leaves a `\r` that trimming removes, and line numbers count from the header
/// as line 1 either way. The csv crate's own `\r\n` terminator would report a
/// record's line one too low. Rows whose fields are all blank are skipped.
fn import_reader(
    registry: &Registry,
    input: impl Read,
    origin: &str,
    zone: FixedOffset,
    on_reject: &mut dyn FnMut(RowReject) -> Result<(), RegistryError>,
) -> Result<ImportReport, RegistryError> {
    let mut reader = csv::ReaderBuilder::new().flexible(true).terminator(csv::Terminator::Any(b'\n')).from_reader(input);
    let headers = reader.headers()?.clone();
    let columns: HashMap<String, usize> =
        headers.iter().enumerate().map(|(index, name)| (name.trim().trim_start_matches('\u{feff}').to_owned(), index)).collect();
    let mut report = ImportReport::default();

    if let Some(missing) = REQUIRED.iter().find(|name| !columns.contains_key(**name)) {
        report.rejected = 1;
        let reject = RowReject {
            line: 1,
            identifier: String::new(),
            column: (*missing).to_owned(),
            value: String::new(),
            message_id: "registry-missing-column",
        };
        on_reject(reject)?;
        return Ok(report);
    }

    // NOTE: each row is its own durable database transaction, about 2.8 ms per row
    // measured on a loaded 2-core machine, so a million-row list takes most of an hour.
    for record in reader.records() {
        let record = record?;
        if record.iter().all(|field| field.trim().is_empty()) {
            continue;
        }
        let line = record.position().map_or(0, |position| position.line());
        report.read += 1;

        let row = Row { record: &record, columns: &columns };
        let reject = |column: &str, value: String, message_id: &'static str| RowReject {
            line,
            identifier: row.field("value").to_owned(),
            column: column.to_owned(),
            value,
            message_id,
        };
        let stored = match row_entry(registry, &row, line, origin, zone) {
            Ok((entry, true)) => registry.add_with_empty_start(entry),
            Ok((entry, false)) => registry.add(entry),
            Err(reject) => {
                report.rejected += 1;
                on_reject(reject)?;
                continue;
            }
        };

        match stored {
            Ok(Upsert::Added) => report.added += 1,
            Ok(Upsert::Updated) => report.updated += 1,
            Ok(Upsert::Unchanged) => report.unchanged += 1,
            Err(RegistryError::MissingField(column)) => {
                report.rejected += 1;
                on_reject(reject(column, String::new(), "registry-missing-field"))?;
            }
            Err(RegistryError::TooLong { field: column, .. }) => {
                report.rejected += 1;
                on_reject(reject(column, String::new(), "registry-too-long"))?;
            }
            Err(RegistryError::ExpiryBeforeStart) => {
                report.rejected += 1;
                on_reject(reject("expires_at", row.field("expires_at").to_owned(), "registry-expiry-before-start"))?;
            }
            Err(error) => return Err(error),
        }
    }

    tracing::info!(read = report.read, added = report.added, rejected = report.rejected, "registry import finished");
    Ok(report)
}

/// One data row with the header's column positions.
struct Row<'a> {
    record: &'a csv::StringRecord,
    columns: &'a HashMap<String, usize>,
}

impl Row<'_> {
    /// Returns a field by column name, trimmed; empty when the column or field is missing.
    fn field(&self, name: &str) -> &str {
        self.columns.get(name).and_then(|index| self.record.get(*index)).unwrap_or("").trim()
    }
}

/// Builds the entry of one row and whether its start was empty, or the reject for its
/// first bad field.
fn row_entry(registry: &Registry, row: &Row<'_>, line: u64, origin: &str, zone: FixedOffset) -> Result<(Entry, bool), RowReject> {
    let field = |name: &str| row.field(name);
    let reject = |column: &str, message_id: &'static str| RowReject {
        line,
        identifier: field("value").to_owned(),
        column: column.to_owned(),
        value: field(column).to_owned(),
        message_id,
    };

    let kind: IdentifierKind = field("kind").parse().map_err(|_| reject("kind", "registry-unknown-kind"))?;
    let listing: ListingType =
        field("listing_type").parse().map_err(|_| reject("listing_type", "registry-unknown-listing"))?;
    let normalised = registry.normalise(kind, field("value")).map_err(|error| match error {
        RegistryError::Normalise(error) => reject("value", error.message_id()),
        _ => reject("value", "registry-invalid-empty"),
    })?;
    let period = resolve_period(field("starts_at"), field("expires_at"), zone, Utc::now())
        .map_err(|error| reject(error.column(), error.message_id()))?;

    let entry = Entry {
        kind,
        value: normalised.value,
        raw: field("value").to_owned(),
        valid: normalised.valid,
        listing,
        reason: field("reason").to_owned(),
        note: field("note").to_owned(),
        source_agency: field("source_agency").to_owned(),
        legal_basis: field("legal_basis").to_owned(),
        appeal: field("appeal").to_owned(),
        starts_at: period.starts_at,
        expires_at: period.expires_at,
        origin: origin.to_owned(),
        added_at: Utc::now(),
    };
    Ok((entry, period.start_defaulted))
}

/// The rejects file of one import.
struct RejectsFile {
    path: PathBuf,
    source: String,
    locale: Locale,
    writer: csv::Writer<File>,
}

impl RejectsFile {
    fn create(path: &Path, source: &Path, locale: Locale) -> Result<RejectsFile, RegistryError> {
        let failed = |error: Box<dyn std::error::Error + Send + Sync>| RegistryError::File { path: path.to_owned(), source: error };
        if let Some(parent) = path.parent().filter(|parent| !parent.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|error| failed(error.into()))?;
        }

        let mut writer = csv::Writer::from_writer(File::create(path).map_err(|error| failed(error.into()))?);
        writer.write_record(REJECTS_HEADER).map_err(|error| failed(error.into()))?;
        Ok(RejectsFile { path: path.to_owned(), source: source.display().to_string(), locale, writer })
    }

    fn write(&mut self, reject: &RowReject) -> Result<(), RegistryError> {
        let reason = reject.reason(self.locale);
        let line = reject.line.to_string();
        let value = neutralise_formula(&reject.value);
        self.writer
            .write_record([self.source.as_str(), line.as_str(), reject.column.as_str(), value.as_str(), reason.as_str()])
            .map_err(|error| RegistryError::File { path: self.path.clone(), source: error.into() })
    }

    fn finish(mut self) -> Result<(), RegistryError> {
        self.writer.flush().map_err(|error| RegistryError::File { path: self.path.clone(), source: error.into() })
    }
}

/// Prefixes a value with `'` when a spreadsheet would run it as a formula, as the
/// transaction rejects file does; a phone number such as `+8613812345678` stays as it is.
fn neutralise_formula(value: &str) -> String {
    let mut chars = value.chars();
    let risky = match chars.next() {
        Some('=' | '@' | '\t' | '\r') => true,
        Some('+' | '-') => {
            let rest = chars.as_str();
            rest.is_empty() || !rest.chars().all(|c| c.is_ascii_digit() || c == '.' || c == ',' || c == ' ')
        }
        _ => false,
    };
    if risky { format!("'{value}") } else { value.to_owned() }
}
