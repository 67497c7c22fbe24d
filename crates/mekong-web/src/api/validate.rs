//! Checking one transaction of a bank feed's JSON batch and turning it into a
//! `mekong_core::Transaction`.
//!
//! Every field is checked and every problem reported, not only the first, so a bank
//! can fix a record in one round. Rules:
//! - `id`: string, 1 to 128 bytes of UTF-8, no control characters, no leading or
//!   trailing spaces;
//! - `timestamp`: RFC 3339 with a UTC offset;
//! - `debtor`, `creditor`: objects with `bank` (1 to 64 characters, no `/`, since
//!   account keys are `BANK/NUMBER`), `account` (1 to 64 characters) and optional
//!   `country` (an assigned ISO 3166-1 alpha-2 code);
//! - `amount`: a JSON string of a positive decimal below 10^15, written as digits
//!   and at most one `.`, with at most the currency's minor-unit digits. A JSON
//!   number is rejected, because it is read as binary floating point and can lose cents;
//! - `currency`: an ISO 4217 code that `mekong_core::Currency` accepts;
//! - `channel`: a `mekong_core::Channel` name;
//! - `reference`: optional string of at most 500 characters;
//! - no other fields.

use std::str::FromStr;

use mekong_core::i18n::{Arg, Locale, Messages};
use mekong_core::transaction::MAX_ID_LEN;
use mekong_core::{AccountRef, Channel, Country, Currency, Money, NodeId, Timestamp, Transaction};
use rust_decimal::Decimal;
use serde::Serialize;
use serde_json::{Map, Value};

use super::countries;

/// Maximum length of a bank code, in characters.
pub(crate) const MAX_BANK_CHARS: usize = 64;
/// Maximum length of an account number, in characters.
pub(crate) const MAX_ACCOUNT_CHARS: usize = 64;
/// Maximum length of a payment reference, in characters.
pub(crate) const MAX_REFERENCE_CHARS: usize = 500;
/// Amounts must be below this, 10^15 units of any currency; larger values are
/// typing or unit errors, not payments.
const AMOUNT_LIMIT: i64 = 1_000_000_000_000_000;
/// Maximum length of a value echoed back in an error, in characters.
const MAX_ECHO_CHARS: usize = 200;

const FIELDS: [&str; 8] = ["id", "timestamp", "debtor", "creditor", "amount", "currency", "channel", "reference"];
const PARTY_FIELDS: [&str; 3] = ["bank", "account", "country"];

/// A problem with one field. Each has a stable code and a Fluent message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Problem {
    /// The transaction is not a JSON object.
    NotObject,
    /// A field the API does not define.
    UnknownField,
    /// A required field is absent or null.
    Missing,
    /// The field must be a JSON string.
    NotString,
    /// The id is empty or longer than 128 bytes.
    IdLength,
    /// The id has control characters or surrounding spaces.
    IdCharacters,
    /// The timestamp is not RFC 3339 with an offset.
    Timestamp,
    /// The debtor or creditor is not an object.
    PartyNotObject,
    /// The bank code is empty, too long or contains `/`.
    Bank,
    /// The account number is empty or too long.
    Account,
    /// The country is not an assigned ISO 3166-1 alpha-2 code.
    Country,
    /// The amount is a JSON number.
    AmountNumber,
    /// The amount is not plain decimal digits.
    AmountSyntax,
    /// The amount is zero.
    AmountNotPositive,
    /// The amount has more decimals than the currency's minor unit.
    AmountPrecision,
    /// The amount is 10^15 or more.
    AmountTooLarge,
    /// The currency code is unknown.
    Currency,
    /// The channel name is unknown.
    Channel,
    /// The reference is longer than 500 characters.
    Reference,
}

impl Problem {
    /// Returns the stable code that API clients match on.
    pub(crate) fn code(self) -> &'static str {
        match self {
            Problem::NotObject => "not_object",
            Problem::UnknownField => "unknown_field",
            Problem::Missing => "missing",
            Problem::NotString => "not_string",
            Problem::IdLength => "id_length",
            Problem::IdCharacters => "id_characters",
            Problem::Timestamp => "invalid_timestamp",
            Problem::PartyNotObject => "party_not_object",
            Problem::Bank => "invalid_bank",
            Problem::Account => "invalid_account",
            Problem::Country => "invalid_country",
            Problem::AmountNumber => "amount_not_string",
            Problem::AmountSyntax => "invalid_amount",
            Problem::AmountNotPositive => "amount_not_positive",
            Problem::AmountPrecision => "amount_too_precise",
            Problem::AmountTooLarge => "amount_too_large",
            Problem::Currency => "unknown_currency",
            Problem::Channel => "unknown_channel",
            Problem::Reference => "reference_too_long",
        }
    }

    fn message_key(self) -> &'static str {
        match self {
            Problem::NotObject => "web-api-field-not-object",
            Problem::UnknownField => "web-api-field-unknown",
            Problem::Missing => "web-api-field-missing",
            Problem::NotString => "web-api-field-not-string",
            Problem::IdLength => "web-api-field-id-length",
            Problem::IdCharacters => "web-api-field-id-characters",
            Problem::Timestamp => "web-api-field-timestamp",
            Problem::PartyNotObject => "web-api-field-party",
            Problem::Bank => "web-api-field-bank",
            Problem::Account => "web-api-field-account",
            Problem::Country => "web-api-field-country",
            Problem::AmountNumber => "web-api-field-amount-number",
            Problem::AmountSyntax => "web-api-field-amount-syntax",
            Problem::AmountNotPositive => "web-api-field-amount-positive",
            Problem::AmountPrecision => "web-api-field-amount-precision",
            Problem::AmountTooLarge => "web-api-field-amount-large",
            Problem::Currency => "web-api-field-currency",
            Problem::Channel => "web-api-field-channel",
            Problem::Reference => "web-api-field-reference",
        }
    }
}

/// One rejected field, as returned to the client.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct FieldError {
    /// The field's path, such as `amount` or `debtor.country`; empty for the whole record.
    pub field: String,
    /// The value as sent, shortened to 200 characters; `null` when absent.
    pub value: Option<String>,
    /// A stable code.
    pub code: &'static str,
    /// The explanation, in English or the request's `Accept-Language`.
    pub reason: String,
}

/// Collects the problems of one transaction, with the message arguments they need.
struct Checker<'a> {
    locale: Locale,
    errors: Vec<FieldError>,
    currency: Option<&'a str>,
}

impl Checker<'_> {
    fn report(&mut self, field: &str, value: Option<&Value>, problem: Problem) {
        let minor_units = self.currency.and_then(|code| Currency::from_str(code).ok()).map(|c| c.minor_units());
        let channels: Vec<&str> = Channel::ALL.iter().map(Channel::as_str).collect();
        let channels = channels.join(", ");
        let args = [
            ("field", Arg::Text(field)),
            ("max_id", Arg::Number(MAX_ID_LEN as f64)),
            ("max_bank", Arg::Number(MAX_BANK_CHARS as f64)),
            ("max_account", Arg::Number(MAX_ACCOUNT_CHARS as f64)),
            ("max_reference", Arg::Number(MAX_REFERENCE_CHARS as f64)),
            ("limit", Arg::Text("1000000000000000")),
            ("currency", Arg::Text(self.currency.unwrap_or(""))),
            ("digits", Arg::Number(f64::from(minor_units.unwrap_or(0)))),
            ("channels", Arg::Text(&channels)),
        ];
        let reason = Messages::global().format(self.locale, problem.message_key(), &args);
        self.errors.push(FieldError { field: field.to_owned(), value: value.map(echo), code: problem.code(), reason });
    }
}

/// Checks one transaction; returns it with `origin` set, or every problem found.
pub(crate) fn transaction(value: &Value, origin: &NodeId, locale: Locale) -> Result<Transaction, Vec<FieldError>> {
    let currency_text = value.get("currency").and_then(Value::as_str);
    let mut checker = Checker { locale, errors: Vec::new(), currency: currency_text };

    let Some(object) = value.as_object() else {
        checker.report("", Some(value), Problem::NotObject);
        return Err(checker.errors);
    };
    for name in object.keys() {
        if !FIELDS.contains(&name.as_str()) {
            checker.report(name, object.get(name), Problem::UnknownField);
        }
    }

    let id = required_string(&mut checker, object, "id").and_then(|id| check_id(&mut checker, object, id));
    let timestamp = required_string(&mut checker, object, "timestamp").and_then(|text| {
        let parsed = Timestamp::parse_rfc3339(text).ok();
        if parsed.is_none() {
            checker.report("timestamp", object.get("timestamp"), Problem::Timestamp);
        }
        parsed
    });
    let debtor = party(&mut checker, object, "debtor");
    let creditor = party(&mut checker, object, "creditor");
    let currency = required_string(&mut checker, object, "currency").and_then(|code| {
        let parsed = Currency::from_str(code).ok();
        if parsed.is_none() {
            checker.report("currency", object.get("currency"), Problem::Currency);
        }
        parsed
    });
    let amount = amount(&mut checker, object, currency);
    let channel = required_string(&mut checker, object, "channel").and_then(|name| {
        let parsed = Channel::from_str(name).ok();
        if parsed.is_none() {
            checker.report("channel", object.get("channel"), Problem::Channel);
        }
        parsed
    });
    let reference = reference(&mut checker, object);

    match (id, timestamp, debtor, creditor, amount, currency, channel) {
        (Some(id), Some(timestamp), Some(debtor), Some(creditor), Some(amount), Some(currency), Some(channel))
            if checker.errors.is_empty() =>
        {
            Ok(Transaction {
                id: id.to_owned(),
                origin: origin.clone(),
                timestamp,
                debtor,
                creditor,
                amount: Money::new(amount, currency),
                channel,
                reference,
            })
        }
        _ => Err(checker.errors),
    }
}

/// Returns the `id` of a transaction object, if it is a string, for the result entry.
pub(crate) fn id_of(value: &Value) -> Option<String> {
    value.get("id").and_then(Value::as_str).map(str::to_owned)
}

fn required_string<'v>(checker: &mut Checker<'_>, object: &'v Map<String, Value>, field: &str) -> Option<&'v str> {
    match object.get(field) {
        None | Some(Value::Null) => {
            checker.report(field, None, Problem::Missing);
            None
        }
        Some(Value::String(text)) => Some(text),
        Some(other) => {
            checker.report(field, Some(other), Problem::NotString);
            None
        }
    }
}

fn check_id<'v>(checker: &mut Checker<'_>, object: &Map<String, Value>, id: &'v str) -> Option<&'v str> {
    if id.is_empty() || id.len() > MAX_ID_LEN {
        checker.report("id", object.get("id"), Problem::IdLength);
        return None;
    }
    if id.chars().any(char::is_control) || id.trim() != id {
        checker.report("id", object.get("id"), Problem::IdCharacters);
        return None;
    }
    Some(id)
}

fn party(checker: &mut Checker<'_>, object: &Map<String, Value>, field: &str) -> Option<AccountRef> {
    let party = match object.get(field) {
        None | Some(Value::Null) => {
            checker.report(field, None, Problem::Missing);
            return None;
        }
        Some(Value::Object(party)) => party,
        Some(other) => {
            checker.report(field, Some(other), Problem::PartyNotObject);
            return None;
        }
    };
    let path = |name: &str| format!("{field}.{name}");
    for name in party.keys() {
        if !PARTY_FIELDS.contains(&name.as_str()) {
            checker.report(&path(name), party.get(name), Problem::UnknownField);
        }
    }

    let bank = party_text(checker, party, &path("bank")).and_then(|bank| {
        let valid = !bank.is_empty() && bank.chars().count() <= MAX_BANK_CHARS && !bank.contains('/');
        if !valid {
            checker.report(&path("bank"), party.get("bank"), Problem::Bank);
        }
        valid.then_some(bank)
    });
    let account = party_text(checker, party, &path("account")).and_then(|account| {
        let valid = !account.is_empty() && account.chars().count() <= MAX_ACCOUNT_CHARS;
        if !valid {
            checker.report(&path("account"), party.get("account"), Problem::Account);
        }
        valid.then_some(account)
    });
    let country = match party.get("country") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(code)) => {
            let upper = code.trim().to_ascii_uppercase();
            match upper.parse::<Country>() {
                Ok(country) if countries::is_assigned(&upper) => Ok(Some(country)),
                _ => {
                    checker.report(&path("country"), party.get("country"), Problem::Country);
                    Err(())
                }
            }
        }
        Some(other) => {
            checker.report(&path("country"), Some(other), Problem::NotString);
            Err(())
        }
    };

    match (bank, account, country) {
        (Some(bank), Some(account), Ok(country)) => Some(AccountRef::new(bank, account, country)),
        _ => None,
    }
}

/// Reads a required string of a debtor or creditor, trimmed; `path` names it in errors.
fn party_text<'v>(checker: &mut Checker<'_>, party: &'v Map<String, Value>, path: &str) -> Option<&'v str> {
    let name = path.rsplit('.').next().unwrap_or(path);
    match party.get(name) {
        None | Some(Value::Null) => {
            checker.report(path, None, Problem::Missing);
            None
        }
        Some(Value::String(text)) => Some(text.trim()),
        Some(other) => {
            checker.report(path, Some(other), Problem::NotString);
            None
        }
    }
}

fn amount(checker: &mut Checker<'_>, object: &Map<String, Value>, currency: Option<Currency>) -> Option<Decimal> {
    let raw = object.get("amount");
    let text = match raw {
        None | Some(Value::Null) => {
            checker.report("amount", None, Problem::Missing);
            return None;
        }
        Some(Value::String(text)) => text.as_str(),
        Some(Value::Number(_)) => {
            checker.report("amount", raw, Problem::AmountNumber);
            return None;
        }
        Some(_) => {
            checker.report("amount", raw, Problem::NotString);
            return None;
        }
    };

    match parse_amount(text, currency) {
        Ok(amount) => Some(amount),
        Err(problem) => {
            checker.report("amount", raw, problem);
            None
        }
    }
}

/// Parses a plain positive decimal and checks it against the currency's minor
/// unit, where the currency is known.
pub(crate) fn parse_amount(text: &str, currency: Option<Currency>) -> Result<Decimal, Problem> {
    let (whole, fraction) = match text.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (text, None),
    };
    let digits_only = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    if !digits_only(whole) || !fraction.is_none_or(digits_only) {
        return Err(Problem::AmountSyntax);
    }

    // Sixteen or more integer digits cannot be below the limit; checking first
    // also keeps the text within what `Decimal` can parse.
    if whole.trim_start_matches('0').len() > 15 {
        return Err(Problem::AmountTooLarge);
    }
    // No currency has more than 8 minor-unit digits. Without a known currency, the
    // currency error is reported on its own, so this check only keeps parsing safe.
    if let Some(fraction) = fraction
        && fraction.len() > 12
    {
        return Err(if currency.is_some() { Problem::AmountPrecision } else { Problem::AmountSyntax });
    }
    let amount = Decimal::from_str(text).map_err(|_| Problem::AmountSyntax)?;

    if amount <= Decimal::ZERO {
        return Err(Problem::AmountNotPositive);
    }
    if amount >= Decimal::from(AMOUNT_LIMIT) {
        return Err(Problem::AmountTooLarge);
    }
    if let Some(currency) = currency
        && amount.scale() > currency.minor_units()
    {
        return Err(Problem::AmountPrecision);
    }
    Ok(amount)
}

fn reference(checker: &mut Checker<'_>, object: &Map<String, Value>) -> Option<String> {
    match object.get("reference") {
        None | Some(Value::Null) => None,
        Some(Value::String(text)) => {
            if text.chars().count() > MAX_REFERENCE_CHARS {
                checker.report("reference", object.get("reference"), Problem::Reference);
                return None;
            }
            let trimmed = text.trim();
            (!trimmed.is_empty()).then(|| trimmed.to_owned())
        }
        Some(other) => {
            checker.report("reference", Some(other), Problem::NotString);
            None
        }
    }
}

/// Returns the value as text for an error: strings as they are, anything else as
/// JSON, shortened to 200 characters.
fn echo(value: &Value) -> String {
    let text = match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    };
    if text.chars().count() > MAX_ECHO_CHARS {
        let mut short: String = text.chars().take(MAX_ECHO_CHARS).collect();
        short.push('…');
        short
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn origin() -> NodeId {
        NodeId::new("cn-test").unwrap()
    }

    fn valid() -> Value {
        json!({
            "id": "tx-1",
            "timestamp": "2026-03-01T09:30:00+08:00",
            "debtor": {"bank": "ICBC", "account": "6222000011112222", "country": "CN"},
            "creditor": {"bank": "BCEL", "account": "010120000123", "country": "LA"},
            "amount": "1000.00",
            "currency": "CNY",
            "channel": "transfer",
            "reference": "invoice 7"
        })
    }

    fn codes(value: &Value) -> Vec<(String, &'static str)> {
        let errors = transaction(value, &origin(), Locale::En).unwrap_err();
        errors.into_iter().map(|error| (error.field, error.code)).collect()
    }

    #[test]
    fn valid_transaction_accepted() {
        let tx = transaction(&valid(), &origin(), Locale::En).unwrap();
        assert_eq!(tx.amount.amount.to_string(), "1000.00");
        assert_eq!(tx.debtor.key().as_str(), "ICBC/6222000011112222");
        assert_eq!(tx.timestamp.offset_seconds, 8 * 3600);
        assert_eq!(tx.origin, origin());
    }

    #[test]
    fn number_amount_rejected() {
        let mut value = valid();
        value["amount"] = json!(1000.10);
        assert_eq!(codes(&value), [("amount".to_owned(), "amount_not_string")]);
    }

    #[test]
    fn amount_rules() {
        let cny = Some(Currency::CNY);
        assert_eq!(parse_amount("-5", cny), Err(Problem::AmountSyntax));
        assert_eq!(parse_amount("0.00", cny), Err(Problem::AmountNotPositive));
        assert_eq!(parse_amount("1e3", cny), Err(Problem::AmountSyntax));
        assert_eq!(parse_amount("1,000", cny), Err(Problem::AmountSyntax));
        assert_eq!(parse_amount("1.", cny), Err(Problem::AmountSyntax));
        assert_eq!(parse_amount("10.001", cny), Err(Problem::AmountPrecision));
        assert_eq!(parse_amount("1000000000000000", cny), Err(Problem::AmountTooLarge));
        assert_eq!(parse_amount("99999999999999999999999999999999", cny), Err(Problem::AmountTooLarge));
        assert_eq!(parse_amount("999999999999999.99", cny).unwrap().to_string(), "999999999999999.99");
        assert_eq!(parse_amount("5.5", Some("JPY".parse().unwrap())), Err(Problem::AmountPrecision));
    }

    #[test]
    fn every_problem_reported() {
        let value = json!({
            "id": "",
            "timestamp": "2026-03-01 09:30:00",
            "debtor": {"bank": "A/B", "account": "1", "country": "XX", "name": "x"},
            "creditor": "BCEL",
            "amount": "-5",
            "currency": "ABC",
            "channel": "pigeon",
            "reference": "r".repeat(501),
            "extra": true
        });
        let found = codes(&value);
        let expected = [
            ("extra", "unknown_field"),
            ("id", "id_length"),
            ("timestamp", "invalid_timestamp"),
            ("debtor.name", "unknown_field"),
            ("debtor.bank", "invalid_bank"),
            ("debtor.country", "invalid_country"),
            ("creditor", "party_not_object"),
            ("currency", "unknown_currency"),
            ("amount", "invalid_amount"),
            ("channel", "unknown_channel"),
            ("reference", "reference_too_long"),
        ];
        let expected: Vec<(String, &str)> = expected.iter().map(|(f, c)| ((*f).to_owned(), *c)).collect();
        assert_eq!(found, expected);
    }

    #[test]
    fn missing_fields_named() {
        let found = codes(&json!({}));
        let fields: Vec<&str> = found.iter().map(|(field, _)| field.as_str()).collect();
        assert_eq!(fields, ["id", "timestamp", "debtor", "creditor", "currency", "amount", "channel"]);
        assert!(found.iter().all(|(_, code)| *code == "missing"));
    }

    #[test]
    fn reasons_localised() {
        let mut value = valid();
        value["amount"] = json!("0");
        let errors = transaction(&value, &origin(), Locale::ZhCn).unwrap_err();
        assert_eq!(errors[0].code, "amount_not_positive");
        assert!(!errors[0].reason.contains('⟦'), "{}", errors[0].reason);
        assert_ne!(errors[0].reason, transaction(&value, &origin(), Locale::En).unwrap_err()[0].reason);
    }
}
