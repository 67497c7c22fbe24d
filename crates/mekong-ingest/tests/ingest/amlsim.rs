//! AMLSim files: day steps, the accounts file beside them, or none.

// Helpers outside #[test] functions unwrap too; a panic there is the test failure.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::str::FromStr;

use mekong_core::{Channel, Country, Currency};
use mekong_ingest::formats::{Format, IngestError, RejectReason, StepUnit, TransactionReader};
use rust_decimal::Decimal;

use crate::common::{fixture, options, read_all, summary};

#[test]
fn amlsim_rows_with_nodes() {
    let path = fixture("amlsim/nodes/transactions.csv");
    let reader = TransactionReader::open(&path, &options()).unwrap();
    assert_eq!(reader.format(), Format::Amlsim);
    assert_eq!(reader.accounts().map(|table| table.len()), Some(5));

    let (records, rejects) = read_all(&path, &options());
    assert_eq!(records.len(), 4);
    let first = &records[0].tx;
    assert_eq!(first.timestamp.to_rfc3339(), "2026-01-02T00:00:00+08:00");
    assert_eq!(first.debtor.key().as_str(), "0");
    assert_eq!(first.creditor.key().as_str(), "2");
    assert_eq!(first.amount.amount, Decimal::from_str("163.3").unwrap());
    assert_eq!(first.amount.currency, Currency::CNY);
    assert_eq!(first.channel, Channel::Transfer);
    assert_eq!(records[0].label, None);
    assert!(first.id.starts_with("amlsim-"));
    assert_eq!(records[3].tx.timestamp.to_rfc3339(), "2026-01-01T00:00:00+08:00");

    let expected = vec![
        (6, "targetNodeId", "9", RejectReason::UnknownAccount { file: "nodes.csv".to_owned() }),
        (7, "value", "-3", RejectReason::AmountNegative),
        (8, "time", "1.5", RejectReason::InvalidStep { unit: StepUnit::Day }),
    ];
    let found: Vec<_> = rejects.iter().map(summary).collect();
    assert_eq!(found, expected);
}

#[test]
fn amlsim_without_accounts_file() {
    let (records, rejects) = read_all(&fixture("amlsim/bare/transactions.csv"), &options());
    assert!(rejects.is_empty(), "{rejects:?}");
    assert_eq!(records.len(), 2);
    assert_eq!(records[1].tx.creditor.key().as_str(), "9");
}

#[test]
fn amlsim_accounts_give_bank() {
    let (records, rejects) = read_all(&fixture("amlsim/accounts/transactions.csv"), &options());
    assert!(rejects.is_empty(), "{rejects:?}");

    let first = &records[0].tx;
    assert_eq!(first.debtor.key().as_str(), "bank_a/A1");
    assert_eq!(first.debtor.country, Some(Country::from_str("US").unwrap()));
    assert_eq!(first.creditor.key().as_str(), "bank_b/A2");
    assert_eq!(first.creditor.country, None);
    // An invalid country in the accounts file is left out, not guessed.
    assert_eq!(records[1].tx.creditor.country, None);
}

#[test]
fn amlsim_needs_currency() {
    let mut options = options();
    options.currency = None;
    let error = TransactionReader::open(&fixture("amlsim/nodes/transactions.csv"), &options).unwrap_err();
    assert!(matches!(error, IngestError::MissingCurrency { format: Format::Amlsim, .. }));
    assert!(
        error.to_string().starts_with("AMLSim files carry no currency: pass --currency, e.g. --currency CNY"),
        "{error}"
    );
}

#[test]
fn accounts_file_is_not_transactions() {
    let error = TransactionReader::open(&fixture("amlsim/nodes/nodes.csv"), &options()).unwrap_err();
    assert!(matches!(error, IngestError::AccountsFile { .. }), "{error}");
}
