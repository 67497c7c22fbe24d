//! Files that cannot be read at all, and the messages of every error and reason.

// Helpers outside #[test] functions unwrap too; a panic there is the test failure.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;

use mekong_core::i18n::{Locale, Messages};
use mekong_ingest::formats::{Format, FormatChoice, IngestError, RejectReason, StepUnit, TransactionReader};

use crate::common::{fixture, options, read_all};

#[test]
fn empty_file_is_error() {
    let error = TransactionReader::open(&fixture("headers/empty.csv"), &options()).unwrap_err();
    assert!(matches!(error, IngestError::Empty { .. }), "{error}");
}

#[test]
fn bom_and_blank_lines_are_empty() {
    let error = TransactionReader::open(&fixture("headers/bom_only.csv"), &options()).unwrap_err();
    assert!(matches!(error, IngestError::Empty { .. }), "{error}");
}

#[test]
fn header_only_yields_nothing() {
    let (records, rejects) = read_all(&fixture("headers/header_only.csv"), &options());
    assert!(records.is_empty());
    assert!(rejects.is_empty());
}

#[test]
fn unknown_header_is_error() {
    let path = fixture("headers/unknown.csv");
    let error = TransactionReader::open(&path, &options()).unwrap_err();
    match &error {
        IngestError::UnknownHeader { path: found_path, found } => {
            assert_eq!(found_path, &path);
            assert_eq!(found, "date,from,to,sum");
        }
        other => panic!("expected UnknownHeader, got {other:?}"),
    }
    assert!(error.to_string().contains("unknown.csv"), "{error}");
}

#[test]
fn requested_format_must_match() {
    let mut options = options();
    options.format = FormatChoice::Exact(Format::Paysim);
    let error = TransactionReader::open(&fixture("canonical/valid.csv"), &options).unwrap_err();
    match error {
        IngestError::HeaderMismatch { format, expected, .. } => {
            assert_eq!(format, Format::Paysim);
            assert!(expected.starts_with("step,type,amount"), "{expected}");
        }
        other => panic!("expected HeaderMismatch, got {other:?}"),
    }
}

#[test]
fn missing_file_is_open_error() {
    let error = TransactionReader::open(&fixture("no/such/file.csv"), &options()).unwrap_err();
    assert!(matches!(error, IngestError::Open { .. }), "{error}");
}

#[test]
fn invalid_offset_is_error() {
    let mut options = options();
    options.default_offset_seconds = 90_000;
    let error = TransactionReader::open(&fixture("canonical/valid.csv"), &options).unwrap_err();
    assert!(matches!(error, IngestError::InvalidOffset { seconds: 90_000 }), "{error}");
}

#[test]
fn format_names_round_trip() {
    for format in Format::ALL {
        assert_eq!(format.to_string().parse::<Format>(), Ok(format));
        assert_eq!(format.to_string().parse::<FormatChoice>(), Ok(FormatChoice::Exact(format)));
    }
    assert_eq!("auto".parse::<FormatChoice>(), Ok(FormatChoice::Auto));
    assert!("xlsx".parse::<FormatChoice>().is_err());
}

fn every_reason() -> Vec<RejectReason> {
    vec![
        RejectReason::WrongColumnCount { expected: 12, found: 11 },
        RejectReason::RecordTooLong { max_bytes: 1_048_576 },
        RejectReason::AmountNotANumber,
        RejectReason::AmountNegative,
        RejectReason::AmountZero,
        RejectReason::AmountExponent,
        RejectReason::AmountTooManyDigits { max: 28 },
        RejectReason::UnknownCurrency,
        RejectReason::UnknownCurrencyName { expected: "Yuan, Euro" },
        RejectReason::InvalidTimestamp { example: "2022/09/01 00:20" },
        RejectReason::ImpossibleTimestamp,
        RejectReason::InvalidStep { unit: StepUnit::Day },
        RejectReason::InvalidStep { unit: StepUnit::Hour },
        RejectReason::MissingField,
        RejectReason::UnknownAccount { file: "nodes.csv".to_owned() },
        RejectReason::UnknownChannel { expected: "wire, ach" },
        RejectReason::InvalidCountry,
        RejectReason::IdTooLong { max: 128 },
        RejectReason::InvalidId,
        RejectReason::FieldTooLong { max: 1024 },
        RejectReason::InvalidEncoding { encoding: "GBK" },
        RejectReason::InvalidLabel,
        RejectReason::ReadFailed { error: "disk error".to_owned() },
    ]
}

fn every_error() -> Vec<IngestError> {
    let path = PathBuf::from("data/in.csv");
    let io_error = || std::io::Error::other("disk error");
    vec![
        IngestError::Open { path: path.clone(), source: io_error() },
        IngestError::Read { path: path.clone(), source: io_error() },
        IngestError::Empty { path: path.clone() },
        IngestError::UnknownHeader { path: path.clone(), found: "a,b".to_owned() },
        IngestError::HeaderMismatch {
            path: path.clone(),
            format: Format::Paysim,
            expected: "step,type".to_owned(),
            found: "a,b".to_owned(),
        },
        IngestError::AccountsFile { path: path.clone() },
        IngestError::AccountsHeader { path: path.clone() },
        IngestError::MissingCurrency { path: path.clone(), format: Format::Amlsim },
        IngestError::MissingStartDate { path: path.clone(), format: Format::Paysim },
        IngestError::InvalidOffset { seconds: 90_000 },
        IngestError::NoLabels { path: path.clone() },
        IngestError::WriteRejects { path, source: io_error() },
    ]
}

/// Checks that a message exists in every locale and that every argument was filled.
fn assert_renders(explanation: &mekong_core::Explanation) {
    for locale in Locale::ALL {
        let text = Messages::global().explain(locale, explanation);
        assert!(!text.starts_with('⟦'), "{} lacks {}", locale.tag(), explanation.key);
        assert!(!text.contains("{$"), "{}: {text}", locale.tag());
        assert!(!text.contains("{ $"), "{}: {text}", locale.tag());
        for value in explanation.args.values() {
            assert!(text.contains(value.as_str()) || value == "day" || value == "hour", "{}: {text}", locale.tag());
        }
    }
}

#[test]
fn every_reason_has_messages() {
    for reason in every_reason() {
        assert_renders(&reason.explanation());
    }
}

#[test]
fn every_error_has_messages() {
    for error in every_error() {
        assert_renders(&error.explanation());
    }
}

#[test]
fn step_unit_selects_wording() {
    let day = RejectReason::InvalidStep { unit: StepUnit::Day }.message(Locale::En);
    let hour = RejectReason::InvalidStep { unit: StepUnit::Hour }.message(Locale::En);
    assert!(day.contains("whole number of days"), "{day}");
    assert!(hour.contains("whole number of hours"), "{hour}");
    assert!(RejectReason::InvalidStep { unit: StepUnit::Day }.message(Locale::ZhCn).contains("天数"));
}
