//! Reading rule files: TOML to validated settings, with errors that name the rule and field.
//!
//! The reader walks the TOML tables itself instead of deriving `Deserialize`, so that
//! every error carries the file, rule and field, and an unknown field is reported
//! before any value of the rule is checked.

use std::ops::RangeInclusive;

use mekong_core::Currency;
use rust_decimal::Decimal;
use toml::{Table, Value};

use crate::amounts::CurrencyAmounts;
use crate::duration::RuleDuration;
use crate::error::RuleError;

/// The fields of one table of a rule file, with the names needed for errors.
#[derive(Debug)]
pub(crate) struct Fields<'a> {
    file: &'a str,
    rule: &'a str,
    table: &'a Table,
}

impl<'a> Fields<'a> {
    /// Wraps the table of rule `rule` (or `decision`) from file `file`.
    pub fn new(file: &'a str, rule: &'a str, table: &'a Table) -> Fields<'a> {
        Fields { file, rule, table }
    }

    /// Rejects the first field, in the table's key order, that is not in `known`.
    pub fn reject_unknown(&self, known: &[&str]) -> Result<(), RuleError> {
        match self.table.keys().find(|key| !known.contains(&key.as_str())) {
            Some(field) => Err(RuleError::UnknownField {
                file: self.file.to_owned(),
                rule: self.rule.to_owned(),
                field: field.clone(),
                known: known.join(", "),
            }),
            None => Ok(()),
        }
    }

    /// Builds the error for a value that is present but invalid.
    pub fn invalid(&self, field: &str, value: &Value, reason: impl Into<String>) -> RuleError {
        RuleError::InvalidValue {
            file: self.file.to_owned(),
            rule: self.rule.to_owned(),
            field: field.to_owned(),
            value: value.to_string(),
            reason: reason.into(),
        }
    }

    fn missing(&self, field: &str, expected: &str) -> RuleError {
        RuleError::MissingField {
            file: self.file.to_owned(),
            rule: self.rule.to_owned(),
            field: field.to_owned(),
            expected: expected.to_owned(),
        }
    }

    /// Reads an optional boolean.
    pub fn boolean(&self, field: &str, default: bool) -> Result<bool, RuleError> {
        match self.table.get(field) {
            None => Ok(default),
            Some(Value::Boolean(value)) => Ok(*value),
            Some(other) => Err(self.invalid(field, other, "expected true or false")),
        }
    }

    /// Reads an optional string.
    pub fn text(&self, field: &str) -> Result<Option<&'a str>, RuleError> {
        match self.table.get(field) {
            None => Ok(None),
            Some(Value::String(value)) => Ok(Some(value.as_str())),
            Some(other) => Err(self.invalid(field, other, "expected a quoted string")),
        }
    }

    /// Reads an optional whole number in `range`.
    pub fn optional_integer(&self, field: &str, range: RangeInclusive<i64>) -> Result<Option<i64>, RuleError> {
        let Some(value) = self.table.get(field) else {
            return Ok(None);
        };

        let reason = format!("expected a whole number from {} to {}", range.start(), range.end());
        let Value::Integer(number) = value else {
            return Err(self.invalid(field, value, reason));
        };
        if !range.contains(number) {
            return Err(self.invalid(field, value, reason));
        }
        Ok(Some(*number))
    }

    /// Reads a required whole number in `range`.
    pub fn integer(&self, field: &str, range: RangeInclusive<i64>) -> Result<i64, RuleError> {
        let expected = format!("a whole number from {} to {}", range.start(), range.end());
        self.optional_integer(field, range)?.ok_or_else(|| self.missing(field, &expected))
    }

    /// Reads a whole number in `range` as `u32`; the range must fit in `u32`.
    pub fn integer_u32(&self, field: &str, range: RangeInclusive<u32>) -> Result<u32, RuleError> {
        let wide = i64::from(*range.start())..=i64::from(*range.end());
        let number = self.integer(field, wide)?;
        Ok(u32::try_from(number).unwrap_or(u32::MAX))
    }

    /// Reads an optional duration such as `"24h"`.
    pub fn optional_duration(&self, field: &str) -> Result<Option<RuleDuration>, RuleError> {
        let Some(value) = self.table.get(field) else {
            return Ok(None);
        };

        let Value::String(text) = value else {
            return Err(self.invalid(field, value, "expected a quoted duration such as \"30m\", \"24h\" or \"7d\""));
        };
        RuleDuration::parse(text).map(Some).map_err(|reason| self.invalid(field, value, reason))
    }

    /// Reads a required duration such as `"24h"`.
    pub fn duration(&self, field: &str) -> Result<RuleDuration, RuleError> {
        self.optional_duration(field)?
            .ok_or_else(|| self.missing(field, "a duration such as \"30m\", \"24h\" or \"7d\""))
    }

    /// Reads an optional table of amounts per currency, such as `{ CNY = "50000" }`.
    pub fn optional_amounts(&self, field: &str) -> Result<Option<CurrencyAmounts>, RuleError> {
        let Some(value) = self.table.get(field) else {
            return Ok(None);
        };

        let Value::Table(table) = value else {
            return Err(self.invalid(field, value, "expected a table of amounts per currency, such as { CNY = \"50000\" }"));
        };
        if table.is_empty() {
            return Err(self.invalid(
                field,
                value,
                "the table is empty, so the rule would check nothing; give at least one currency or set enabled = false",
            ));
        }

        let mut amounts = CurrencyAmounts::default();
        for (code, amount) in table {
            let entry_field = format!("{field}.{code}");
            let currency: Currency = code
                .parse()
                .map_err(|_| self.invalid(&entry_field, amount, format!("unknown currency code {code}; use an ISO 4217 code such as CNY, LAK, THB or USD")))?;
            let decimal = self.amount(&entry_field, amount)?;
            amounts.insert(currency, decimal);
        }
        Ok(Some(amounts))
    }

    /// Reads a required table of amounts per currency.
    pub fn amounts(&self, field: &str) -> Result<CurrencyAmounts, RuleError> {
        self.optional_amounts(field)?
            .ok_or_else(|| self.missing(field, "a table of amounts per currency, such as { CNY = \"50000\" }"))
    }

    fn amount(&self, field: &str, value: &Value) -> Result<Decimal, RuleError> {
        let decimal = match value {
            Value::String(text) => text.trim().parse::<Decimal>().map_err(|_| {
                self.invalid(field, value, "expected a decimal amount such as \"50000\" or \"49999.99\", without separators")
            })?,
            Value::Integer(number) => Decimal::from(*number),
            Value::Float(_) => {
                return Err(self.invalid(
                    field,
                    value,
                    "write amounts as quoted decimals, such as \"49999.99\", because a TOML float is not exact",
                ));
            }
            other => return Err(self.invalid(field, other, "expected a decimal amount such as \"50000\"")),
        };

        if decimal <= Decimal::ZERO {
            return Err(self.invalid(
                field,
                value,
                "an amount of zero or less would match every transaction; give a positive amount",
            ));
        }
        Ok(decimal)
    }
}
