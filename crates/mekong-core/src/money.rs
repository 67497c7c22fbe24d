//! Exact amounts of money in an ISO 4217 currency.
//!
//! Amounts are `rust_decimal::Decimal`, so sums and comparisons are exact. The
//! currency table lists the codes this product accepts; an unknown code is an error
//! rather than a guess, because a wrong currency turns a threshold meaningless.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// An ISO 4217 currency code from the table of accepted currencies.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Currency([u8; 3]);

/// Accepted currency codes with their number of minor-unit digits (ISO 4217).
/// `XBT` is the common unofficial code for bitcoin, which bank exports use.
const CURRENCIES: &[(&str, u32)] = &[
    ("AUD", 2),
    ("BRL", 2),
    ("CAD", 2),
    ("CHF", 2),
    ("CNY", 2),
    ("EUR", 2),
    ("GBP", 2),
    ("HKD", 2),
    ("IDR", 2),
    ("ILS", 2),
    ("INR", 2),
    ("JPY", 0),
    ("KHR", 2),
    ("KRW", 0),
    ("LAK", 2),
    ("MMK", 2),
    ("MXN", 2),
    ("MYR", 2),
    ("PHP", 2),
    ("RUB", 2),
    ("SAR", 2),
    ("SGD", 2),
    ("THB", 2),
    ("TWD", 2),
    ("USD", 2),
    ("USDT", 6),
    ("VND", 0),
    ("XBT", 8),
];

impl Currency {
    /// Chinese yuan renminbi.
    pub const CNY: Currency = Currency(*b"CNY");
    /// Lao kip.
    pub const LAK: Currency = Currency(*b"LAK");
    /// Thai baht.
    pub const THB: Currency = Currency(*b"THB");
    /// United States dollar.
    pub const USD: Currency = Currency(*b"USD");

    /// Returns the three-letter code.
    pub fn code(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or("???")
    }

    /// Number of digits after the decimal point in the currency's minor unit.
    pub fn minor_units(&self) -> u32 {
        CURRENCIES
            .iter()
            .find(|(code, _)| code.as_bytes() == self.0)
            .map_or(2, |(_, units)| *units)
    }

    /// Lists every accepted currency code.
    pub fn all_codes() -> impl Iterator<Item = &'static str> {
        CURRENCIES.iter().map(|(code, _)| *code).filter(|code| code.len() == 3)
    }
}

/// A currency code that is not in the table of accepted ISO 4217 codes.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown currency code {0:?}: expected an ISO 4217 code such as CNY, LAK, THB or USD")]
pub struct CurrencyError(pub String);

impl FromStr for Currency {
    type Err = CurrencyError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let upper = s.trim().to_ascii_uppercase();
        let known = CURRENCIES.iter().any(|(code, _)| *code == upper && code.len() == 3);
        if !known {
            return Err(CurrencyError(s.to_owned()));
        }
        let bytes = upper.as_bytes();
        Ok(Currency([bytes[0], bytes[1], bytes[2]]))
    }
}

impl TryFrom<String> for Currency {
    type Error = CurrencyError;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        value.parse()
    }
}

impl From<Currency> for String {
    fn from(value: Currency) -> Self {
        value.code().to_owned()
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl fmt::Debug for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Currency({})", self.code())
    }
}

/// An exact amount in one currency.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Money {
    /// The amount, exact; never negative for a transaction.
    pub amount: Decimal,
    /// The ISO 4217 currency of `amount`.
    pub currency: Currency,
}

impl Money {
    /// Creates an amount of money.
    pub fn new(amount: Decimal, currency: Currency) -> Self {
        Money { amount, currency }
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.amount.normalize(), self.currency)
    }
}

impl fmt::Debug for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Money({self})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn currency_accepts_lower_case() {
        assert_eq!("lak".parse::<Currency>(), Ok(Currency::LAK));
    }

    #[test]
    fn currency_rejects_unknown_code() {
        let error = "ABC".parse::<Currency>().unwrap_err();
        assert!(error.to_string().contains("ABC"));
    }

    #[test]
    fn money_displays_exactly() {
        let money = Money::new(Decimal::from_str("1000.10").unwrap(), Currency::CNY);
        assert_eq!(money.to_string(), "1000.1 CNY");
    }
}
