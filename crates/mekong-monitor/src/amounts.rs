//! Money thresholds per currency, as rule files give them.
//!
//! Invariant: every amount is an exact decimal greater than zero, and each currency
//! appears once. A transaction in a currency without an entry is not checked by the
//! rule that contains the table.

use mekong_core::Currency;
use rust_decimal::Decimal;

/// Amounts keyed by currency, such as `{ CNY = "50000", LAK = "150000000" }`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CurrencyAmounts {
    // A handful of entries: a linear search is faster than hashing the currency.
    entries: Vec<(Currency, Decimal)>,
}

impl CurrencyAmounts {
    /// Adds or replaces the amount for a currency.
    pub(crate) fn insert(&mut self, currency: Currency, amount: Decimal) {
        match self.entries.iter_mut().find(|(existing, _)| *existing == currency) {
            Some(entry) => entry.1 = amount,
            None => self.entries.push((currency, amount)),
        }
    }

    /// The amount for a currency, if the table has one.
    pub fn get(&self, currency: Currency) -> Option<Decimal> {
        self.entries.iter().find(|(existing, _)| *existing == currency).map(|(_, amount)| *amount)
    }
}
