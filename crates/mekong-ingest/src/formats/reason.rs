//! Reasons for rejecting a row of a transaction file.
//!
//! Each reason has a Fluent message `reject-<code>` in `cli.ftl` of every locale.
//! Arguments carry only values that read the same in every language (numbers,
//! codes, examples, file names), so a translation never has to quote English.

use std::fmt;

use mekong_core::Explanation;
use mekong_core::i18n::{Locale, Messages};

/// The reason a row was rejected. A row gets the first reason found, checking
/// columns from left to right.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RejectReason {
    /// The row has a different number of columns than the header.
    WrongColumnCount {
        /// Columns in the header.
        expected: usize,
        /// Columns in the row.
        found: usize,
    },
    /// The row is longer than the reader keeps in memory, which usually means a
    /// quote was never closed and the rest of the file became one field.
    RecordTooLong {
        /// Maximum size of a record kept, in bytes.
        max_bytes: usize,
    },
    /// The amount is not a plain decimal number (letters, thousands separators).
    AmountNotANumber,
    /// The amount is below zero.
    AmountNegative,
    /// The amount is zero.
    AmountZero,
    /// The amount is written with an exponent, such as `1.5e6`.
    AmountExponent,
    /// The amount has more digits than an exact decimal stores.
    AmountTooManyDigits {
        /// Maximum number of digits, before and after the point together.
        max: u32,
    },
    /// The currency is not an ISO 4217 code the product accepts.
    UnknownCurrency,
    /// The currency is not one of the names the source format uses.
    UnknownCurrencyName {
        /// The accepted names, comma-separated.
        expected: &'static str,
    },
    /// The timestamp does not have the expected form.
    InvalidTimestamp {
        /// A correctly formed example.
        example: &'static str,
    },
    /// The timestamp has the right form but names no real date or time, such as
    /// 30 February or 25:00.
    ImpossibleTimestamp,
    /// A time step is not a whole number, or is too large to be a date.
    InvalidStep {
        /// The length of one step: `day` or `hour`.
        unit: StepUnit,
    },
    /// A required field is empty.
    MissingField,
    /// The account does not appear in the accounts file beside the transactions.
    UnknownAccount {
        /// File name of the accounts file.
        file: String,
    },
    /// The channel, payment format or transaction type is not one the format defines.
    UnknownChannel {
        /// The accepted values, comma-separated.
        expected: &'static str,
    },
    /// The country is not two letters of ISO 3166-1 alpha-2.
    InvalidCountry,
    /// The transaction id is longer than the store accepts.
    IdTooLong {
        /// Maximum length of an id, in bytes.
        max: usize,
    },
    /// The transaction id contains control characters.
    InvalidId,
    /// A bank, account or reference field is longer than accepted.
    FieldTooLong {
        /// Maximum number of characters.
        max: usize,
    },
    /// The row contains bytes that are not valid text in the file's encoding.
    InvalidEncoding {
        /// The encoding the file was read in.
        encoding: &'static str,
    },
    /// A fraud label is neither 0 nor 1.
    InvalidLabel,
    /// A required XML element or attribute is missing or empty.
    MissingElement,
    /// A BIC is not 8 or 11 letters and digits with a country code in letters 5–6.
    InvalidBic,
    /// The XML is malformed at this point, and the rest of the file was not read.
    InvalidXml {
        /// The XML parser's description of the error.
        error: String,
    },
    /// Reading the file failed at this point, and the rest of it was not read.
    ReadFailed {
        /// The operating system's description of the error.
        error: String,
    },
}

/// The length of one time step in files that count time in steps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StepUnit {
    /// One step is a day (AMLSim).
    Day,
    /// One step is an hour (PaySim).
    Hour,
}

impl StepUnit {
    /// Returns the unit's name as the messages select on it: `day` or `hour`.
    pub fn as_str(&self) -> &'static str {
        match self {
            StepUnit::Day => "day",
            StepUnit::Hour => "hour",
        }
    }

    /// Returns the number of seconds in one step.
    pub fn seconds(&self) -> i64 {
        match self {
            StepUnit::Day => 86_400,
            StepUnit::Hour => 3_600,
        }
    }
}

impl RejectReason {
    /// Returns a stable kebab-case code, such as `amount-negative`, for counting
    /// rejects by reason. The Fluent message id is `reject-` followed by the code.
    pub fn code(&self) -> &'static str {
        match self {
            RejectReason::WrongColumnCount { .. } => "wrong-column-count",
            RejectReason::RecordTooLong { .. } => "record-too-long",
            RejectReason::AmountNotANumber => "amount-not-a-number",
            RejectReason::AmountNegative => "amount-negative",
            RejectReason::AmountZero => "amount-zero",
            RejectReason::AmountExponent => "amount-exponent",
            RejectReason::AmountTooManyDigits { .. } => "amount-too-many-digits",
            RejectReason::UnknownCurrency => "unknown-currency",
            RejectReason::UnknownCurrencyName { .. } => "unknown-currency-name",
            RejectReason::InvalidTimestamp { .. } => "invalid-timestamp",
            RejectReason::ImpossibleTimestamp => "impossible-timestamp",
            RejectReason::InvalidStep { .. } => "invalid-step",
            RejectReason::MissingField => "missing-field",
            RejectReason::UnknownAccount { .. } => "unknown-account",
            RejectReason::UnknownChannel { .. } => "unknown-channel",
            RejectReason::InvalidCountry => "invalid-country",
            RejectReason::IdTooLong { .. } => "id-too-long",
            RejectReason::InvalidId => "invalid-id",
            RejectReason::FieldTooLong { .. } => "field-too-long",
            RejectReason::InvalidEncoding { .. } => "invalid-encoding",
            RejectReason::InvalidLabel => "invalid-label",
            RejectReason::MissingElement => "missing-element",
            RejectReason::InvalidBic => "invalid-bic",
            RejectReason::InvalidXml { .. } => "invalid-xml",
            RejectReason::ReadFailed { .. } => "read-failed",
        }
    }

    /// Builds the Fluent message id and arguments of the reason.
    pub fn explanation(&self) -> Explanation {
        let explanation = Explanation::new(&format!("reject-{}", self.code()));
        match self {
            RejectReason::WrongColumnCount { expected, found } => {
                explanation.arg("expected", expected).arg("found", found)
            }
            RejectReason::RecordTooLong { max_bytes } => explanation.arg("max", max_bytes),
            RejectReason::AmountTooManyDigits { max } => explanation.arg("max", max),
            RejectReason::UnknownCurrencyName { expected } => explanation.arg("expected", expected),
            RejectReason::InvalidTimestamp { example } => explanation.arg("example", example),
            RejectReason::InvalidStep { unit } => explanation.arg("unit", unit.as_str()),
            RejectReason::UnknownAccount { file } => explanation.arg("file", file),
            RejectReason::UnknownChannel { expected } => explanation.arg("expected", expected),
            RejectReason::IdTooLong { max } => explanation.arg("max", max),
            RejectReason::FieldTooLong { max } => explanation.arg("max", max),
            RejectReason::InvalidEncoding { encoding } => explanation.arg("encoding", encoding),
            RejectReason::ReadFailed { error } | RejectReason::InvalidXml { error } => explanation.arg("error", error),
            RejectReason::AmountNotANumber
            | RejectReason::AmountNegative
            | RejectReason::AmountZero
            | RejectReason::AmountExponent
            | RejectReason::UnknownCurrency
            | RejectReason::ImpossibleTimestamp
            | RejectReason::MissingField
            | RejectReason::InvalidCountry
            | RejectReason::InvalidId
            | RejectReason::InvalidLabel
            | RejectReason::MissingElement
            | RejectReason::InvalidBic => explanation,
        }
    }

    /// Formats the reason as a sentence in `locale`.
    pub fn message(&self, locale: Locale) -> String {
        Messages::global().explain(locale, &self.explanation())
    }
}

/// Formats the reason in English, as logs and test failures show it.
impl fmt::Display for RejectReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Locale::En))
    }
}
