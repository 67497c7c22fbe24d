//! Helpers shared by the integration tests.

// Helpers outside #[test] functions unwrap too; a panic there is the test failure.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use mekong_core::{Currency, NodeId};
use mekong_ingest::formats::{FormatChoice, ReadOptions, Record, Reject, Row, TransactionReader};

/// The path of a fixture file.
pub fn fixture(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(relative)
}

/// Options of a Chinese node (UTC+8) with CNY and a start date of 2026-01-01.
pub fn options() -> ReadOptions {
    ReadOptions {
        format: FormatChoice::Auto,
        origin: NodeId::new("cn-test-node").unwrap(),
        currency: Some(Currency::CNY),
        start_date: NaiveDate::from_ymd_opt(2026, 1, 1),
        default_offset_seconds: 8 * 3600,
    }
}

/// Reads a whole file, splitting accepted records from rejects.
pub fn read_all(path: &Path, options: &ReadOptions) -> (Vec<Record>, Vec<Reject>) {
    let reader = TransactionReader::open(path, options).unwrap();
    split(reader)
}

/// Drains a reader, splitting accepted records from rejects.
pub fn split(reader: TransactionReader) -> (Vec<Record>, Vec<Reject>) {
    let mut records = Vec::new();
    let mut rejects = Vec::new();
    for row in reader {
        match row {
            Row::Accepted(record) => records.push(record),
            Row::Rejected(reject) => rejects.push(reject),
        }
    }
    (records, rejects)
}

/// Reduces a reject to what the tests compare: line, column, value, reason.
pub fn summary(reject: &Reject) -> (u64, &str, &str, mekong_ingest::formats::RejectReason) {
    (reject.line, reject.column.as_str(), reject.value.as_str(), reject.reason.clone())
}
