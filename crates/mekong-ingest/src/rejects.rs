//! Writes rejected rows to a CSV file for the person who sent the data.
//!
//! Columns: `file,line,column,value,reason`, with the reason as a sentence in
//! the locale chosen when the file is created. The writer creates missing parent
//! folders, quotes values as CSV requires, and flushes on [`RejectWriter::finish`];
//! rows written before a failure stay in the file.

use std::fs::{self, File};
use std::io::{self, BufWriter};
use std::path::{Path, PathBuf};

use mekong_core::i18n::{Locale, Messages};

use crate::formats::{IngestError, Reject};

/// The header row of a rejects file.
pub const REJECTS_HEADER: [&str; 5] = ["file", "line", "column", "value", "reason"];

/// Writes rejects as CSV.
#[derive(Debug)]
pub struct RejectWriter {
    path: PathBuf,
    locale: Locale,
    writer: csv::Writer<BufWriter<File>>,
    count: u64,
}

impl RejectWriter {
    /// Creates (or truncates) the rejects file and writes its header.
    pub fn create(path: &Path, locale: Locale) -> Result<RejectWriter, IngestError> {
        let failed = |source: io::Error| IngestError::WriteRejects { path: path.to_owned(), source };

        if let Some(parent) = path.parent().filter(|parent| !parent.as_os_str().is_empty()) {
            fs::create_dir_all(parent).map_err(failed)?;
        }
        let file = File::create(path).map_err(failed)?;
        let mut writer = csv::Writer::from_writer(BufWriter::new(file));
        writer.write_record(REJECTS_HEADER).map_err(|error| failed(error.into()))?;

        Ok(RejectWriter { path: path.to_owned(), locale, writer, count: 0 })
    }

    /// Appends one reject.
    pub fn write(&mut self, reject: &Reject) -> Result<(), IngestError> {
        let reason = Messages::global().explain(self.locale, &reject.reason.explanation());
        let file = reject.file.display().to_string();
        let line = reject.line.to_string();
        let value = neutralise_formula(&reject.value);

        self.writer
            .write_record([file.as_str(), line.as_str(), &reject.column, value.as_ref(), reason.as_str()])
            .map_err(|error| IngestError::WriteRejects { path: self.path.clone(), source: error.into() })?;
        self.count += 1;
        Ok(())
    }

    /// Flushes buffered rows to the file.
    pub fn flush(&mut self) -> Result<(), IngestError> {
        self.writer.flush().map_err(|source| IngestError::WriteRejects { path: self.path.clone(), source })
    }

    /// Flushes and closes the file; returns the number of rejects written.
    pub fn finish(mut self) -> Result<u64, IngestError> {
        self.flush()?;
        Ok(self.count)
    }

    /// Returns the number of rejects written so far.
    pub fn count(&self) -> u64 {
        self.count
    }

    /// Returns the path of the rejects file.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// Prefixes a value with `'` when a spreadsheet would run it as a formula, so that a
/// hostile row in a bank file cannot execute when an analyst opens the rejects file.
/// Signed numbers such as `-5` stay as they are, because they are data, not formulas.
fn neutralise_formula(value: &str) -> std::borrow::Cow<'_, str> {
    let mut chars = value.chars();
    let risky = match chars.next() {
        Some('=' | '@' | '\t' | '\r') => true,
        Some('+' | '-') => {
            let rest = chars.as_str();
            rest.is_empty() || !rest.chars().all(|c| c.is_ascii_digit() || c == '.' || c == ',')
        }
        _ => false,
    };
    if risky { std::borrow::Cow::Owned(format!("'{value}")) } else { std::borrow::Cow::Borrowed(value) }
}

#[cfg(test)]
mod formula_tests {
    use super::neutralise_formula;

    #[test]
    fn formula_gets_prefixed() {
        assert_eq!(neutralise_formula("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(neutralise_formula("+cmd|' /C calc'!A0"), "'+cmd|' /C calc'!A0");
    }

    #[test]
    fn numbers_stay_raw() {
        assert_eq!(neutralise_formula("-5"), "-5");
        assert_eq!(neutralise_formula("12.50"), "12.50");
    }
}
