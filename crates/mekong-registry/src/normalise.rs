//! Normalisation of identifiers to the one form the registry stores and looks up.
//!
//! Rules, per kind:
//! - bank account: `BANK/NUMBER` (see [`mekong_core::AccountKey`]). Spaces and hyphens
//!   inside the number are removed. The bank code is kept as given, because
//!   transactions key accounts the same way;
//! - phone: E.164 from the libphonenumber metadata of the `phonenumber` crate, with the
//!   node's country as the region for numbers without `+`; a number the metadata calls
//!   invalid is kept with `valid = false`, and only text that cannot be parsed at all
//!   is rejected;
//! - URL: scheme and host lower-cased, the host converted to its IDNA ASCII form, the
//!   default port, the fragment and a trailing `.` of the host removed; a missing
//!   scheme means `http://`. A leading `www.` is kept, because `www.example.com` and
//!   `example.com` can point at different sites; list the domain to cover both;
//! - domain: lower-cased IDNA ASCII form without a trailing `.`, `www.` kept as given;
//! - wallet: trimmed; a `0x` hexadecimal address (Ethereum and its kin) is lower-cased,
//!   any other (base58 such as Bitcoin or Tron) keeps its case, which is significant;
//! - IMEI: 15 digits, spaces and hyphens removed, with a valid Luhn check digit;
//! - IP: an IPv4 or IPv6 address in the standard text form of `std::net::IpAddr`.

use std::net::IpAddr;

use mekong_core::{AccountKey, Country};

use crate::kind::IdentifierKind;

/// An identifier in its stored form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Normalised {
    /// The normalised value, the lookup key.
    pub value: String,
    /// Whether the value passed validation; `false` only for phone numbers that the
    /// numbering metadata calls invalid.
    pub valid: bool,
}

/// An identifier that cannot be normalised.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NormaliseError {
    /// The value is empty or only spaces.
    #[error("the value is empty")]
    Empty,
    /// A bank account is not written `BANK/NUMBER`.
    #[error("invalid bank account {0:?}: write it as BANK/NUMBER, such as ICBC/6222000000000001")]
    BankAccount(String),
    /// The text is not a phone number at all.
    #[error("invalid phone number {0:?}: it cannot be parsed")]
    Phone(String),
    /// The text is not a URL.
    #[error("invalid URL {0:?}: {1}")]
    Url(String, String),
    /// The text is not a domain name.
    #[error("invalid domain {0:?}")]
    Domain(String),
    /// An IMEI does not have 15 digits.
    #[error("invalid IMEI {0:?}: it must have 15 digits")]
    ImeiLength(String),
    /// An IMEI's last digit does not match the Luhn check.
    #[error("invalid IMEI {0:?}: the Luhn check digit does not match")]
    ImeiCheckDigit(String),
    /// The text is not an IPv4 or IPv6 address.
    #[error("invalid IP address {0:?}")]
    Ip(String),
    /// A wallet address contains spaces or control characters.
    #[error("invalid wallet address {0:?}: it contains spaces or control characters")]
    Wallet(String),
}

impl NormaliseError {
    /// Returns the Fluent message id of this error, for reject files and API errors.
    pub fn message_id(&self) -> &'static str {
        match self {
            NormaliseError::Empty => "registry-invalid-empty",
            NormaliseError::BankAccount(_) => "registry-invalid-bank-account",
            NormaliseError::Phone(_) => "registry-invalid-phone",
            NormaliseError::Url(..) => "registry-invalid-url",
            NormaliseError::Domain(_) => "registry-invalid-domain",
            NormaliseError::ImeiLength(_) => "registry-invalid-imei-length",
            NormaliseError::ImeiCheckDigit(_) => "registry-invalid-imei-check",
            NormaliseError::Ip(_) => "registry-invalid-ip",
            NormaliseError::Wallet(_) => "registry-invalid-wallet",
        }
    }
}

/// Normalises an identifier of a kind; `region` is the country assumed for phone
/// numbers written without `+` and a country code.
pub fn normalise(kind: IdentifierKind, raw: &str, region: Country) -> Result<Normalised, NormaliseError> {
    let text = raw.trim();
    if text.is_empty() {
        return Err(NormaliseError::Empty);
    }

    match kind {
        IdentifierKind::BankAccount => bank_account(text).map(valid),
        IdentifierKind::Phone => crate::phone::normalise_phone(text, region),
        IdentifierKind::Url => crate::web_address::normalise_url(text).map(valid),
        IdentifierKind::Domain => crate::web_address::normalise_domain(text).map(valid),
        IdentifierKind::Wallet => wallet(text).map(valid),
        IdentifierKind::Imei => imei(text).map(valid),
        IdentifierKind::Ip => text.parse::<IpAddr>().map(|ip| valid(ip.to_string())).map_err(|_| NormaliseError::Ip(text.to_owned())),
    }
}

fn valid(value: String) -> Normalised {
    Normalised { value, valid: true }
}

fn bank_account(text: &str) -> Result<String, NormaliseError> {
    let Some((bank, number)) = text.split_once('/') else {
        return Err(NormaliseError::BankAccount(text.to_owned()));
    };

    let number: String = number.chars().filter(|c| !c.is_whitespace() && *c != '-').collect();
    if bank.trim().is_empty() || number.is_empty() {
        return Err(NormaliseError::BankAccount(text.to_owned()));
    }
    Ok(AccountKey::new(bank, &number).as_str().to_owned())
}

fn wallet(text: &str) -> Result<String, NormaliseError> {
    if text.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(NormaliseError::Wallet(text.to_owned()));
    }

    let hex = text.strip_prefix("0x").or_else(|| text.strip_prefix("0X"));
    match hex {
        Some(digits) if !digits.is_empty() && digits.chars().all(|c| c.is_ascii_hexdigit()) => {
            Ok(format!("0x{}", digits.to_ascii_lowercase()))
        }
        _ => Ok(text.to_owned()),
    }
}

fn imei(text: &str) -> Result<String, NormaliseError> {
    let digits: String = text.chars().filter(|c| !c.is_whitespace() && *c != '-').collect();
    if digits.len() != 15 || !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err(NormaliseError::ImeiLength(text.to_owned()));
    }

    if !luhn_valid(&digits) {
        return Err(NormaliseError::ImeiCheckDigit(text.to_owned()));
    }
    Ok(digits)
}

/// Checks the Luhn sum of a string of ASCII digits, the check digit last.
fn luhn_valid(digits: &str) -> bool {
    let mut sum = 0u32;
    for (position, c) in digits.chars().rev().enumerate() {
        let mut digit = c.to_digit(10).unwrap_or(0);
        if position % 2 == 1 {
            digit *= 2;
            if digit > 9 {
                digit -= 9;
            }
        }
        sum += digit;
    }
    sum.is_multiple_of(10)
}
