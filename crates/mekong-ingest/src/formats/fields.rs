//! Parsers for the field types every format shares: amounts, labels, time steps,
//! naive local times, countries and length-limited text.
//!
//! Each parser takes the field's text and returns the value or the
//! [`RejectReason`]; the format modules attach the column. None of them allocates
//! on success except where the result is an owned string.

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use mekong_core::{AccountRef, Country, Timestamp};
use rust_decimal::Decimal;

use super::RejectReason;

/// Maximum number of digits in an amount, because a `Decimal` stores 28 digits exactly.
pub const MAX_AMOUNT_DIGITS: u32 = 28;

/// Maximum length of a bank or account field, in characters.
pub const MAX_ACCOUNT_CHARS: usize = 128;

/// Maximum length of a payment reference, in characters.
pub const MAX_REFERENCE_CHARS: usize = 1024;

/// A field that failed to parse: its column index and the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FieldError {
    /// Index of the column in the row.
    pub index: usize,
    /// The reason the value was rejected.
    pub reason: RejectReason,
}

/// Attaches a column index to a field parser's error.
pub(crate) trait AtColumn<T> {
    /// Turns the reason into a [`FieldError`] at column `index`.
    fn at(self, index: usize) -> Result<T, FieldError>;
}

impl<T> AtColumn<T> for Result<T, RejectReason> {
    fn at(self, index: usize) -> Result<T, FieldError> {
        self.map_err(|reason| FieldError { index, reason })
    }
}

/// Parses a positive amount written as plain decimal digits with an optional
/// decimal point, such as `1250.50`.
///
/// Rejected: empty text, signs other than a leading `-` (reported as negative),
/// exponents, thousands separators and other characters, zero, and more than
/// [`MAX_AMOUNT_DIGITS`] digits. Surrounding whitespace is ignored.
pub fn parse_amount(text: &str) -> Result<Decimal, RejectReason> {
    let text = text.trim();
    if text.is_empty() {
        return Err(RejectReason::MissingField);
    }

    let (negative, unsigned) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };

    let mut mantissa: i128 = 0;
    let mut digits: u32 = 0;
    let mut scale: u32 = 0;
    let mut seen_point = false;
    let mut digits_before_point = 0;
    for byte in unsigned.bytes() {
        match byte {
            b'0'..=b'9' => {
                // Leading zeros add no precision, so they do not count.
                if mantissa != 0 || byte != b'0' {
                    digits += 1;
                }
                if seen_point {
                    scale += 1;
                } else {
                    digits_before_point += 1;
                }
                if digits > MAX_AMOUNT_DIGITS || scale > MAX_AMOUNT_DIGITS {
                    return Err(RejectReason::AmountTooManyDigits { max: MAX_AMOUNT_DIGITS });
                }
                mantissa = mantissa * 10 + i128::from(byte - b'0');
            }
            b'.' if !seen_point => seen_point = true,
            _ => return Err(non_decimal_reason(unsigned)),
        }
    }

    let has_fraction_digits = !seen_point || scale > 0;
    if digits_before_point == 0 || !has_fraction_digits {
        return Err(RejectReason::AmountNotANumber);
    }
    if negative && mantissa != 0 {
        return Err(RejectReason::AmountNegative);
    }
    if mantissa == 0 {
        return Err(RejectReason::AmountZero);
    }

    Decimal::try_from_i128_with_scale(mantissa, scale)
        .map_err(|_| RejectReason::AmountTooManyDigits { max: MAX_AMOUNT_DIGITS })
}

/// Tells an amount in exponent notation (`1.5e6`, `2E-3`) from other non-numbers.
fn non_decimal_reason(text: &str) -> RejectReason {
    let Some((mantissa, exponent)) = text.split_once(['e', 'E']) else {
        return RejectReason::AmountNotANumber;
    };

    let exponent = exponent.strip_prefix(['+', '-']).unwrap_or(exponent);
    let mantissa_is_number = !mantissa.is_empty()
        && mantissa.bytes().any(|byte| byte.is_ascii_digit())
        && mantissa.bytes().all(|byte| byte.is_ascii_digit() || byte == b'.');
    let exponent_is_number = !exponent.is_empty() && exponent.bytes().all(|byte| byte.is_ascii_digit());

    if mantissa_is_number && exponent_is_number {
        RejectReason::AmountExponent
    } else {
        RejectReason::AmountNotANumber
    }
}

/// Parses a fraud label: `0`, `1`, `true` or `false` in any case.
pub fn parse_label(text: &str) -> Result<bool, RejectReason> {
    let text = text.trim();
    if text == "1" || text.eq_ignore_ascii_case("true") {
        Ok(true)
    } else if text == "0" || text.eq_ignore_ascii_case("false") {
        Ok(false)
    } else if text.is_empty() {
        Err(RejectReason::MissingField)
    } else {
        Err(RejectReason::InvalidLabel)
    }
}

/// Returns the trimmed text, or rejects it as missing when empty.
pub fn required(text: &str) -> Result<&str, RejectReason> {
    let text = text.trim();
    if text.is_empty() { Err(RejectReason::MissingField) } else { Ok(text) }
}

/// Returns the trimmed text if it has at most `max` characters.
pub fn limited(text: &str, max: usize) -> Result<&str, RejectReason> {
    let text = text.trim();
    // Most values are short ASCII, where the byte length settles it.
    if text.len() > max && text.chars().count() > max {
        return Err(RejectReason::FieldTooLong { max });
    }
    Ok(text)
}

/// Parses an optional ISO 3166-1 alpha-2 country; an empty field is `None`.
pub fn parse_country(text: &str) -> Result<Option<Country>, RejectReason> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    text.parse().map(Some).map_err(|_| RejectReason::InvalidCountry)
}

/// Builds an account reference from already validated parts.
pub fn account(bank: &str, number: &str, country: Option<Country>) -> AccountRef {
    AccountRef { bank: bank.to_owned(), number: number.to_owned(), country }
}

/// Turns step counts (days or hours since a start date) into timestamps.
#[derive(Debug, Clone, Copy)]
pub(crate) struct StepClock {
    /// Local midnight of the start date, in UTC.
    start: DateTime<Utc>,
    offset_seconds: i32,
    unit: super::reason::StepUnit,
}

/// Maximum step count: about 2,700 years of days, far past any simulation.
const MAX_STEP: u64 = 1_000_000;

impl StepClock {
    /// Creates a clock whose step 0 is midnight of `start_date` at the given UTC offset.
    pub fn new(start_date: NaiveDate, offset: FixedOffset, unit: super::reason::StepUnit) -> Option<Self> {
        let midnight = start_date.and_time(NaiveTime::MIN);
        let start = offset.from_local_datetime(&midnight).single()?.with_timezone(&Utc);
        Some(StepClock { start, offset_seconds: offset.local_minus_utc(), unit })
    }

    /// Parses a step count (a non-negative whole number) into a timestamp.
    pub fn timestamp(&self, text: &str) -> Result<Timestamp, RejectReason> {
        let text = required(text)?;
        let invalid = RejectReason::InvalidStep { unit: self.unit };

        if !text.bytes().all(|byte| byte.is_ascii_digit()) {
            return Err(invalid);
        }
        let step: u64 = text.parse().map_err(|_| invalid.clone())?;
        if step > MAX_STEP {
            return Err(invalid);
        }

        // `step` is at most MAX_STEP, so the product fits in i64 easily.
        let elapsed = Duration::seconds(step as i64 * self.unit.seconds());
        let utc = self.start.checked_add_signed(elapsed).ok_or(invalid)?;
        Ok(Timestamp::from_utc(utc, self.offset_seconds))
    }
}

/// Parses a zone-less local time `YYYY/MM/DD HH:MM`, optionally with `:SS`, in
/// the given offset. `-` is accepted in place of `/`.
pub fn parse_slash_datetime(text: &str, offset: FixedOffset) -> Result<Timestamp, RejectReason> {
    const EXAMPLE: &str = "2022/09/01 00:20";
    let invalid = RejectReason::InvalidTimestamp { example: EXAMPLE };

    let text = required(text)?;
    let bytes = text.as_bytes();
    let has_seconds = match bytes.len() {
        16 => false,
        19 => true,
        _ => return Err(invalid),
    };
    let separators_ok = matches!(bytes[4], b'/' | b'-')
        && bytes[7] == bytes[4]
        && bytes[10] == b' '
        && bytes[13] == b':'
        && (!has_seconds || bytes[16] == b':');
    if !separators_ok {
        return Err(invalid);
    }

    let number = |range: std::ops::Range<usize>| -> Result<u32, RejectReason> {
        let part = &bytes[range];
        if !part.iter().all(u8::is_ascii_digit) {
            return Err(RejectReason::InvalidTimestamp { example: EXAMPLE });
        }
        Ok(part.iter().fold(0, |value, digit| value * 10 + u32::from(digit - b'0')))
    };
    let year = number(0..4)?;
    let month = number(5..7)?;
    let day = number(8..10)?;
    let hour = number(11..13)?;
    let minute = number(14..16)?;
    let second = if has_seconds { number(17..19)? } else { 0 };

    // `year` has four digits, so it fits in i32.
    let date = NaiveDate::from_ymd_opt(year as i32, month, day).ok_or(RejectReason::ImpossibleTimestamp)?;
    let time = NaiveTime::from_hms_opt(hour, minute, second).ok_or(RejectReason::ImpossibleTimestamp)?;
    let local = offset
        .from_local_datetime(&NaiveDateTime::new(date, time))
        .single()
        .ok_or(RejectReason::ImpossibleTimestamp)?;
    Ok(Timestamp::from_fixed(local))
}

/// Parses an RFC 3339 timestamp with its offset, such as `2026-03-01T09:30:00+08:00`.
pub fn parse_rfc3339(text: &str) -> Result<Timestamp, RejectReason> {
    let text = required(text)?;
    Timestamp::parse_rfc3339(text).map_err(|error| match error.kind() {
        chrono::format::ParseErrorKind::OutOfRange | chrono::format::ParseErrorKind::Impossible => {
            RejectReason::ImpossibleTimestamp
        }
        _ => RejectReason::InvalidTimestamp { example: "2026-03-01T09:30:00+08:00" },
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use std::str::FromStr;

    use super::super::reason::StepUnit;
    use super::*;

    #[test]
    fn amount_accepts_plain_decimals() {
        assert_eq!(parse_amount("1250.50"), Ok(Decimal::from_str("1250.50").unwrap()));
        assert_eq!(parse_amount(" 7 "), Ok(Decimal::from(7)));
        assert_eq!(parse_amount("0.000001"), Ok(Decimal::from_str("0.000001").unwrap()));
        assert_eq!(parse_amount("000123.4"), Ok(Decimal::from_str("123.4").unwrap()));
    }

    #[test]
    fn amount_rejects_each_fault() {
        let cases = [
            ("", RejectReason::MissingField),
            ("abc", RejectReason::AmountNotANumber),
            ("1,000.00", RejectReason::AmountNotANumber),
            ("1.2.3", RejectReason::AmountNotANumber),
            (".5", RejectReason::AmountNotANumber),
            ("5.", RejectReason::AmountNotANumber),
            ("+5", RejectReason::AmountNotANumber),
            ("-", RejectReason::AmountNotANumber),
            ("e5", RejectReason::AmountNotANumber),
            ("free", RejectReason::AmountNotANumber),
            ("-12.5", RejectReason::AmountNegative),
            ("0", RejectReason::AmountZero),
            ("-0.00", RejectReason::AmountZero),
            ("1.5e6", RejectReason::AmountExponent),
            ("2E-3", RejectReason::AmountExponent),
            ("12345678901234567890123456789", RejectReason::AmountTooManyDigits { max: 28 }),
            ("0.00000000000000000000000000001", RejectReason::AmountTooManyDigits { max: 28 }),
        ];
        for (text, expected) in cases {
            assert_eq!(parse_amount(text), Err(expected), "amount {text:?}");
        }
    }

    #[test]
    fn amount_holds_28_digits() {
        let text = "9999999999999999999999999999";
        assert_eq!(parse_amount(text), Ok(Decimal::from_str(text).unwrap()));
    }

    #[test]
    fn label_values() {
        assert_eq!(parse_label("1"), Ok(true));
        assert_eq!(parse_label("False"), Ok(false));
        assert_eq!(parse_label("2"), Err(RejectReason::InvalidLabel));
        assert_eq!(parse_label(""), Err(RejectReason::MissingField));
    }

    #[test]
    fn steps_count_from_local_midnight() {
        let offset = FixedOffset::east_opt(8 * 3600).unwrap();
        let date = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        let clock = StepClock::new(date, offset, StepUnit::Hour).unwrap();
        assert_eq!(clock.timestamp("10").unwrap().to_rfc3339(), "2026-01-01T10:00:00+08:00");
        assert_eq!(clock.timestamp("-1"), Err(RejectReason::InvalidStep { unit: StepUnit::Hour }));
        assert_eq!(clock.timestamp("1.5"), Err(RejectReason::InvalidStep { unit: StepUnit::Hour }));
        assert_eq!(clock.timestamp("99999999999"), Err(RejectReason::InvalidStep { unit: StepUnit::Hour }));
    }

    #[test]
    fn slash_datetime_forms() {
        let offset = FixedOffset::east_opt(7 * 3600).unwrap();
        let time = parse_slash_datetime("2022/09/01 00:20", offset).unwrap();
        assert_eq!(time.to_rfc3339(), "2022-09-01T00:20:00+07:00");
        assert_eq!(time.utc.to_rfc3339(), "2022-08-31T17:20:00+00:00");
        assert!(parse_slash_datetime("2022-09-01 00:20:05", offset).is_ok());
        assert_eq!(parse_slash_datetime("2022/02/30 00:20", offset), Err(RejectReason::ImpossibleTimestamp));
        assert_eq!(parse_slash_datetime("2022/09/01 24:00", offset), Err(RejectReason::ImpossibleTimestamp));
        assert!(matches!(
            parse_slash_datetime("01/09/2022 00:20", offset),
            Err(RejectReason::InvalidTimestamp { .. })
        ));
    }

    #[test]
    fn rfc3339_faults() {
        assert_eq!(parse_rfc3339("2026-02-30T00:00:00+08:00"), Err(RejectReason::ImpossibleTimestamp));
        assert!(matches!(parse_rfc3339("2026-03-01T09:30:00"), Err(RejectReason::InvalidTimestamp { .. })));
    }

    #[test]
    fn limited_counts_characters() {
        let chinese = "银".repeat(100);
        assert_eq!(limited(&chinese, 128), Ok(chinese.as_str()));
        assert_eq!(limited(&"a".repeat(129), 128), Err(RejectReason::FieldTooLong { max: 128 }));
    }
}
