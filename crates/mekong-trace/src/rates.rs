//! Exchange rates given by the caller, as exact decimals.
//!
//! A rate `FROM:TO = r` means one unit of `FROM` is worth `r` units of `TO`. The
//! inverse direction is derived as `1 / r` when only one direction is given. The
//! table contains no market data of its own: the caller chooses the rates (for example
//! the central bank's rate on the day of the fraud) and is answerable for them.

use std::collections::HashMap;
use std::str::FromStr;

use mekong_core::Currency;
use rust_decimal::{Decimal, RoundingStrategy};

use crate::TraceError;

/// Exchange rates between pairs of currencies.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RateTable {
    rates: HashMap<(Currency, Currency), Decimal>,
}

impl RateTable {
    /// Sets the rate from one currency to another: one `from` is worth `rate` of `to`.
    pub fn insert(
        &mut self,
        from: Currency,
        to: Currency,
        rate: Decimal,
    ) -> Result<(), TraceError> {
        if rate <= Decimal::ZERO {
            return Err(TraceError::InvalidRate { from, to, rate });
        }
        self.rates.insert((from, to), rate);
        Ok(())
    }

    /// Parses and adds a rate written as `FROM:TO=RATE`, such as `LAK:CNY=0.00033`.
    pub fn insert_text(&mut self, text: &str) -> Result<(), TraceError> {
        let syntax = || TraceError::RateSyntax(text.to_owned());

        let (pair, rate) = text.split_once('=').ok_or_else(syntax)?;
        let (from, to) = pair.split_once(':').ok_or_else(syntax)?;
        let from = Currency::from_str(from).map_err(|_| syntax())?;
        let to = Currency::from_str(to).map_err(|_| syntax())?;
        let rate = Decimal::from_str(rate.trim()).map_err(|_| syntax())?;
        self.insert(from, to, rate)
    }

    /// Converts an amount into `to`, rounded half to even at `to`'s minor unit.
    pub fn convert(
        &self,
        amount: Decimal,
        from: Currency,
        to: Currency,
    ) -> Result<Decimal, TraceError> {
        if from == to {
            return Ok(amount);
        }

        let converted = if let Some(rate) = self.rates.get(&(from, to)) {
            amount.checked_mul(*rate)
        } else if let Some(rate) = self.rates.get(&(to, from)) {
            amount.checked_div(*rate)
        } else {
            return Err(TraceError::MissingRate { from, to });
        };

        let converted =
            converted.ok_or_else(|| TraceError::Overflow(format!("{amount} {from}")))?;
        Ok(converted
            .round_dp_with_strategy(to.minor_units(), RoundingStrategy::MidpointNearestEven))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lak_to_cny() -> RateTable {
        let mut table = RateTable::default();
        table.insert_text("LAK:CNY=0.0004").unwrap();
        table
    }

    #[test]
    fn converts_both_directions() {
        let table = lak_to_cny();
        let cny = table
            .convert(Decimal::from(10_000), Currency::LAK, Currency::CNY)
            .unwrap();
        let lak = table
            .convert(Decimal::from(4), Currency::CNY, Currency::LAK)
            .unwrap();
        assert_eq!(cny, Decimal::from(4));
        assert_eq!(lak, Decimal::from(10_000));
    }

    #[test]
    fn missing_rate_names_pair() {
        let error = lak_to_cny()
            .convert(Decimal::ONE, Currency::USD, Currency::CNY)
            .unwrap_err();
        assert!(error.to_string().contains("USD to CNY"), "{error}");
    }

    #[test]
    fn rejects_bad_rates() {
        let mut table = RateTable::default();
        assert!(table.insert_text("LAK:CNY=0").is_err());
        assert!(table.insert_text("LAK-CNY=1").is_err());
        assert!(table.insert_text("LAK:CNY=x").is_err());
    }
}
