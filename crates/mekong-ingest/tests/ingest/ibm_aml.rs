//! IBM AML files: currency names, payment formats, zone-less timestamps, labels.

// Helpers outside #[test] functions unwrap too; a panic there is the test failure.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::str::FromStr;

use mekong_core::{Channel, Currency};
use mekong_ingest::formats::{Format, RejectReason, TransactionReader};
use rust_decimal::Decimal;

use crate::common::{fixture, options, read_all, summary};

#[test]
fn ibm_valid_rows_parse() {
    let path = fixture("ibm_aml/valid.csv");
    assert_eq!(TransactionReader::open(&path, &options()).unwrap().format(), Format::IbmAml);

    let mut options = options();
    options.currency = None;
    options.start_date = None;
    options.default_offset_seconds = 7 * 3600;
    let (records, rejects) = read_all(&path, &options);
    assert!(rejects.is_empty(), "{rejects:?}");
    assert_eq!(records.len(), 7);

    let first = &records[0];
    assert_eq!(first.line, 2);
    assert_eq!(first.tx.timestamp.to_rfc3339(), "2022-09-01T00:20:00+07:00");
    assert_eq!(first.tx.timestamp.utc.to_rfc3339(), "2022-08-31T17:20:00+00:00");
    assert_eq!(first.tx.debtor.key().as_str(), "010/8000EBD30");
    assert_eq!(first.tx.creditor.key().as_str(), "010/8000EBD30");
    assert_eq!(first.tx.channel, Channel::Other);
    assert_eq!(first.label, Some(false));
    assert!(first.tx.id.starts_with("ibm-aml-"));

    // Amount Paid in Payment Currency, not Amount Received.
    let cross = &records[2];
    assert_eq!(cross.tx.amount.amount, Decimal::from_str("117.15").unwrap());
    assert_eq!(cross.tx.amount.currency, Currency::USD);
    assert_eq!(cross.tx.channel, Channel::Wire);
    assert_eq!(cross.label, Some(true));
}

#[test]
fn ibm_maps_names_and_formats() {
    let (records, _) = read_all(&fixture("ibm_aml/valid.csv"), &options());
    let found: Vec<(String, Channel)> =
        records.iter().map(|record| (record.tx.amount.currency.to_string(), record.tx.channel)).collect();
    let expected = [
        ("USD", Channel::Other),
        ("USD", Channel::Cheque),
        ("USD", Channel::Wire),
        ("CNY", Channel::Card),
        ("XBT", Channel::Crypto),
        ("INR", Channel::Ach),
        ("GBP", Channel::CashOut),
    ];
    for (found, (code, channel)) in found.iter().zip(expected) {
        assert_eq!(found.0, code);
        assert_eq!(found.1, channel);
    }
    assert_eq!(records[4].tx.amount.amount, Decimal::from_str("0.00731").unwrap());
}

#[test]
fn ibm_rejects_each_fault() {
    let (records, rejects) = read_all(&fixture("ibm_aml/bad_rows.csv"), &options());

    assert_eq!(records.len(), 1);
    assert_eq!(records[0].line, 9);
    assert_eq!(records[0].tx.amount.currency.code(), "EUR");

    let currencies = "US Dollar, Yuan, Euro, Bitcoin, Rupee, Yen, Ruble, UK Pound, Canadian Dollar, \
                      Australian Dollar, Swiss Franc, Brazil Real, Mexican Peso, Shekel, Saudi Riyal";
    let formats = "Reinvestment, Cheque, Credit Card, ACH, Cash, Wire, Bitcoin";
    let invalid_time = RejectReason::InvalidTimestamp { example: "2022/09/01 00:20" };
    let expected = vec![
        (2, "Payment Currency", "Zloty", RejectReason::UnknownCurrencyName { expected: currencies }),
        (3, "Payment Format", "Barter", RejectReason::UnknownChannel { expected: formats }),
        (4, "Is Laundering", "yes", RejectReason::InvalidLabel),
        (5, "Timestamp", "01/09/2022 00:20", invalid_time),
        (6, "Timestamp", "2022/02/30 10:00", RejectReason::ImpossibleTimestamp),
        (7, "To Bank", "", RejectReason::MissingField),
        (8, "Account (To Bank)", "", RejectReason::MissingField),
    ];
    let found: Vec<_> = rejects.iter().map(summary).collect();
    assert_eq!(found, expected);
}

#[test]
fn ibm_ids_are_stable() {
    let path = fixture("ibm_aml/valid.csv");
    let (first, _) = read_all(&path, &options());
    let (second, _) = read_all(&path, &options());
    let first_ids: Vec<&str> = first.iter().map(|record| record.tx.id.as_str()).collect();
    let second_ids: Vec<&str> = second.iter().map(|record| record.tx.id.as_str()).collect();
    assert_eq!(first_ids, second_ids);
}
