//! PaySim files: hourly steps, transaction types, labels and derived ids.

// Helpers outside #[test] functions unwrap too; a panic there is the test failure.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashSet;
use std::str::FromStr;

use mekong_core::{Channel, Currency};
use mekong_ingest::formats::{Format, IngestError, RejectReason, StepUnit, TransactionReader};
use rust_decimal::Decimal;

use crate::common::{fixture, options, read_all, summary};

#[test]
fn paysim_valid_rows_parse() {
    let path = fixture("paysim/valid.csv");
    let mut options = options();
    options.currency = Some(Currency::LAK);
    options.default_offset_seconds = 7 * 3600;
    assert_eq!(TransactionReader::open(&path, &options).unwrap().format(), Format::Paysim);

    let (records, rejects) = read_all(&path, &options);
    assert!(rejects.is_empty(), "{rejects:?}");
    assert_eq!(records.len(), 6);

    let first = &records[0].tx;
    assert_eq!(first.timestamp.to_rfc3339(), "2026-01-01T01:00:00+07:00");
    assert_eq!(first.debtor.key().as_str(), "C1000000001");
    assert_eq!(first.creditor.key().as_str(), "M2000000001");
    assert_eq!(first.amount.amount, Decimal::from_str("4210.55").unwrap());
    assert_eq!(first.amount.currency, Currency::LAK);
    assert_eq!(first.channel, Channel::Payment);
    assert_eq!(records[0].label, Some(false));
    assert_eq!(records[1].label, Some(true));

    let channels: Vec<Channel> = records.iter().map(|record| record.tx.channel).collect();
    assert_eq!(
        channels,
        [Channel::Payment, Channel::Transfer, Channel::CashOut, Channel::CashIn, Channel::Debit, Channel::Debit]
    );
    assert_eq!(records[4].tx.timestamp.to_rfc3339(), "2026-01-02T01:00:00+07:00");
}

#[test]
fn equal_rows_get_distinct_ids() {
    let (records, _) = read_all(&fixture("paysim/valid.csv"), &options());
    let ids: HashSet<&str> = records.iter().map(|record| record.tx.id.as_str()).collect();
    assert_eq!(ids.len(), records.len());
    assert!(records.iter().all(|record| record.tx.id.starts_with("paysim-")));
    assert_eq!(records[4].tx.amount, records[5].tx.amount);
}

#[test]
fn renamed_file_keeps_ids() {
    let original = fixture("paysim/valid.csv");
    let folder = tempfile::tempdir().unwrap();
    let renamed = folder.path().join("export-copy.csv");
    std::fs::copy(&original, &renamed).unwrap();

    let (first, _) = read_all(&original, &options());
    let (second, _) = read_all(&renamed, &options());
    let first_ids: Vec<&str> = first.iter().map(|record| record.tx.id.as_str()).collect();
    let second_ids: Vec<&str> = second.iter().map(|record| record.tx.id.as_str()).collect();
    assert_eq!(first_ids, second_ids);
}

#[test]
fn paysim_rejects_each_fault() {
    let (records, rejects) = read_all(&fixture("paysim/bad_rows.csv"), &options());
    assert_eq!(records.len(), 1);
    assert_eq!(records[0].line, 8);

    let step = RejectReason::InvalidStep { unit: StepUnit::Hour };
    let types = RejectReason::UnknownChannel { expected: "CASH_IN, CASH_OUT, DEBIT, PAYMENT, TRANSFER" };
    let expected = vec![
        (2, "type", "WIRE", types),
        (3, "step", "1.5", step.clone()),
        (4, "step", "-3", step),
        (5, "amount", "0.0", RejectReason::AmountZero),
        (6, "isFraud", "2", RejectReason::InvalidLabel),
        (7, "nameOrig", "", RejectReason::MissingField),
    ];
    let found: Vec<_> = rejects.iter().map(summary).collect();
    assert_eq!(found, expected);
}

#[test]
fn paysim_needs_currency() {
    let mut options = options();
    options.currency = None;
    let error = TransactionReader::open(&fixture("paysim/valid.csv"), &options).unwrap_err();
    assert!(matches!(error, IngestError::MissingCurrency { format: Format::Paysim, .. }));
    assert!(error.to_string().contains("--currency CNY"), "{error}");
}

#[test]
fn paysim_needs_start_date() {
    let mut options = options();
    options.start_date = None;
    let error = TransactionReader::open(&fixture("paysim/valid.csv"), &options).unwrap_err();
    assert!(matches!(error, IngestError::MissingStartDate { format: Format::Paysim, .. }));
}
