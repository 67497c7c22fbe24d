//! The canonical CSV: valid rows, every reject reason, CRLF and quoted newlines.

// Helpers outside #[test] functions unwrap too; a panic there is the test failure.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::str::FromStr;

use mekong_core::{Channel, Country, Currency};
use mekong_ingest::formats::{Format, RejectReason, TransactionReader};
use rust_decimal::Decimal;

use crate::common::{fixture, options, read_all, summary};

#[test]
fn canonical_valid_rows_parse() {
    let path = fixture("canonical/valid.csv");
    let reader = TransactionReader::open(&path, &options()).unwrap();
    assert_eq!(reader.format(), Format::Canonical);
    assert_eq!(reader.encoding(), "UTF-8");

    let (records, rejects) = read_all(&path, &options());
    assert!(rejects.is_empty(), "{rejects:?}");
    let ids: Vec<&str> = records.iter().map(|record| record.tx.id.as_str()).collect();
    assert_eq!(ids, ["TX-0001", "TX-0002", "TX-0003", "TX-0004", "TX-0005"]);
    let lines: Vec<u64> = records.iter().map(|record| record.line).collect();
    assert_eq!(lines, [2, 3, 4, 5, 7]);

    let first = &records[0].tx;
    assert_eq!(first.origin.as_str(), "cn-test-node");
    assert_eq!(first.timestamp.utc.to_rfc3339(), "2026-03-01T01:30:00+00:00");
    assert_eq!(first.timestamp.offset_seconds, 8 * 3600);
    assert_eq!(first.debtor.bank, "ICBKCNBJYNN");
    assert_eq!(first.debtor.number, "6222020200112233445");
    assert_eq!(first.debtor.country, Some(Country::CN));
    assert_eq!(first.creditor.key().as_str(), "BCELLALA/010120000123456");
    assert_eq!(first.creditor.country, Some(Country::LA));
    assert_eq!(first.amount.amount, Decimal::from_str("12500.00").unwrap());
    assert_eq!(first.amount.currency, Currency::CNY);
    assert_eq!(first.channel, Channel::Wire);
    assert_eq!(first.reference.as_deref(), Some("invoice 2026-03"));
    assert_eq!(records[0].label, None);
}

#[test]
fn canonical_optional_and_quoted_fields() {
    let (records, _) = read_all(&fixture("canonical/valid.csv"), &options());

    assert_eq!(records[1].tx.reference, None);
    assert_eq!(records[1].tx.amount.currency, Currency::LAK);
    assert_eq!(records[1].tx.channel, Channel::Mobile);

    let third = &records[2].tx;
    assert_eq!(third.timestamp.offset_seconds, 0);
    assert_eq!(third.debtor.country, Some(Country::CN));
    assert_eq!(third.creditor.country, None);
    assert_eq!(third.amount.currency, Currency::CNY);
    assert_eq!(third.reference.as_deref(), Some("rent, March"));

    assert_eq!(records[3].tx.reference.as_deref(), Some("line one\nline two, with \"quotes\""));
    assert_eq!(records[4].tx.channel, Channel::CashOut);
}

#[test]
fn canonical_rejects_each_fault() {
    let path = fixture("canonical/bad_rows.csv");
    let (records, rejects) = read_all(&path, &options());

    let ids: Vec<&str> = records.iter().map(|record| record.tx.id.as_str()).collect();
    assert_eq!(ids, ["G-1", "G-2"]);
    assert_eq!(records[1].line, 21);
    assert!(rejects.iter().all(|reject| reject.file == path));

    let wrong_count_row = "B-2,2026-03-04T10:00:00+08:00,ICBKCNBJYNN,6222020200112233445,CN,BCELLALA,\
                           010120000123456,LA,10.00,CNY,wire";
    let spanning_row = "B-17,2026-03-04T10:00:00+08:00,ICBKCNBJYNN,6222020200112233445,CN,BCELLALA,\
                        010120000123456,LA,10.00,CNY,wire,quoted, with comma\nand newline,extra";
    let long_id = "X".repeat(129);
    let long_reference = format!("{}…", "r".repeat(200));
    let expected = vec![
        (3, "", wrong_count_row, RejectReason::WrongColumnCount { expected: 12, found: 11 }),
        (4, "amount", "12,500.00", RejectReason::AmountNotANumber),
        (5, "amount", "-5.00", RejectReason::AmountNegative),
        (6, "amount", "0.00", RejectReason::AmountZero),
        (7, "amount", "1.5e3", RejectReason::AmountExponent),
        (8, "amount", "12345678901234567890123456789", RejectReason::AmountTooManyDigits { max: 28 }),
        (9, "currency", "ABC", RejectReason::UnknownCurrency),
        (
            10,
            "timestamp",
            "2026-03-04 10:00",
            RejectReason::InvalidTimestamp { example: "2026-03-01T09:30:00+08:00" },
        ),
        (11, "timestamp", "2026-02-30T10:00:00+08:00", RejectReason::ImpossibleTimestamp),
        (12, "debtor_account", "", RejectReason::MissingField),
        (13, "channel", "teleport", RejectReason::UnknownChannel { expected: mekong_ingest_channels() }),
        (14, "debtor_country", "CHN", RejectReason::InvalidCountry),
        (15, "id", long_id.as_str(), RejectReason::IdTooLong { max: 128 }),
        (16, "id", "B-\t15", RejectReason::InvalidId),
        (17, "reference", long_reference.as_str(), RejectReason::FieldTooLong { max: 1024 }),
        (18, "", spanning_row, RejectReason::WrongColumnCount { expected: 12, found: 13 }),
        (20, "id", "", RejectReason::MissingField),
    ];
    let found: Vec<_> = rejects.iter().map(summary).collect();
    assert_eq!(found.len(), expected.len(), "{found:#?}");
    for (found, expected) in found.iter().zip(&expected) {
        assert_eq!(found, expected);
    }
}

fn mekong_ingest_channels() -> &'static str {
    "transfer, wire, ach, card, cash_in, cash_out, cheque, mobile, online, crypto, payment, debit, other"
}

#[test]
fn crlf_lines_stay_exact() {
    let (records, rejects) = read_all(&fixture("canonical/crlf.csv"), &options());

    let found: Vec<(u64, &str)> = records.iter().map(|record| (record.line, record.tx.id.as_str())).collect();
    assert_eq!(found, [(3, "TX-0101"), (4, "TX-0102"), (9, "TX-0104")]);
    assert_eq!(records[0].tx.reference.as_deref(), Some("first"));
    assert_eq!(records[1].tx.reference.as_deref(), Some("two\r\nlines"));
    assert_eq!(records[2].tx.reference.as_deref(), Some("no final newline"));

    assert_eq!(rejects.len(), 1);
    assert_eq!(summary(&rejects[0]), (8, "amount", "-1", RejectReason::AmountNegative));
}

#[test]
fn canonical_reads_identically_twice() {
    let path = fixture("canonical/bad_rows.csv");
    let first = read_all(&path, &options());
    let second = read_all(&path, &options());
    assert_eq!(first, second);
}

#[test]
fn explicit_format_is_used() {
    let mut options = options();
    options.format = "canonical".parse().unwrap();
    let reader = TransactionReader::open(&fixture("canonical/valid.csv"), &options).unwrap();
    assert_eq!(reader.format(), Format::Canonical);
    assert_eq!(reader.count(), 5);
}

#[test]
fn progress_reaches_file_size() {
    let path = fixture("canonical/valid.csv");
    let mut reader = TransactionReader::open(&path, &options()).unwrap();
    let size = std::fs::metadata(&path).unwrap().len();
    assert_eq!(reader.total_bytes(), Some(size));

    for _ in reader.by_ref() {}
    assert_eq!(reader.bytes_read(), size);
    assert_eq!(reader.accepted(), 5);
    assert_eq!(reader.rejected(), 0);
}

#[test]
fn documented_example_parses() {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/canonical-csv.md")).unwrap();
    let example = doc.split("```csv\n").nth(1).and_then(|rest| rest.split("```").next()).unwrap();
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("example.csv");
    std::fs::write(&path, example).unwrap();

    let (records, rejects) = read_all(&path, &options());
    assert!(rejects.is_empty(), "{rejects:?}");
    assert_eq!(records.len(), 4);
    assert_eq!(records[3].tx.debtor.bank, "中国农业银行昆明分行");
    assert_eq!(records[3].tx.reference.as_deref(), Some("货款\n第二行"));
}
