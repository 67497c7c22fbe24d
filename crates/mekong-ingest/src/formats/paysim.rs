//! PaySim mobile-money simulation files.
//!
//! Header: `step,type,amount,nameOrig,oldbalanceOrg,newbalanceOrig,nameDest,
//! oldbalanceDest,newbalanceDest,isFraud,isFlaggedFraud`. One step is one hour
//! from local midnight of the start date given in the options; the currency comes
//! from the options too. Balances and `isFlaggedFraud` are not read. Accounts are
//! keyed by name alone (`C…` customers, `M…` merchants), with no bank.

use chrono::FixedOffset;
use mekong_core::{Channel, Currency, Money, NodeId, Transaction};

use super::fields::{self, AtColumn, FieldError, MAX_ACCOUNT_CHARS, StepClock};
use super::reason::StepUnit;
use super::{Parsed, RejectReason, derived_id};
use crate::formats::csv_records::RawRecord;

/// The header row; names are compared case-insensitively.
pub const HEADER: [&str; 11] = [
    "step",
    "type",
    "amount",
    "nameOrig",
    "oldbalanceOrg",
    "newbalanceOrig",
    "nameDest",
    "oldbalanceDest",
    "newbalanceDest",
    "isFraud",
    "isFlaggedFraud",
];

/// The accepted transaction types, as rejects list them.
pub const TYPES: &str = "CASH_IN, CASH_OUT, DEBIT, PAYMENT, TRANSFER";

/// Returns whether a header row is the PaySim header.
pub fn matches_header(header: &[&str]) -> bool {
    header.len() == HEADER.len()
        && header.iter().zip(HEADER).all(|(found, expected)| found.trim().eq_ignore_ascii_case(expected))
}

/// Parses PaySim rows.
#[derive(Debug, Clone)]
pub struct PaysimParser {
    origin: NodeId,
    currency: Currency,
    clock: StepClock,
}

impl PaysimParser {
    /// Creates a parser; `None` if the start date cannot be placed in `offset`.
    pub fn new(
        origin: NodeId,
        currency: Currency,
        start_date: chrono::NaiveDate,
        offset: FixedOffset,
    ) -> Option<Self> {
        let clock = StepClock::new(start_date, offset, StepUnit::Hour)?;
        Some(PaysimParser { origin, currency, clock })
    }

    /// Parses one row whose fields are already valid UTF-8 and correct in number.
    pub(crate) fn parse(&self, row: &[&str], record: &RawRecord) -> Result<Parsed, FieldError> {
        let timestamp = self.clock.timestamp(row[0]).at(0)?;
        let channel = transaction_type(row[1]).at(1)?;
        let amount = fields::parse_amount(row[2]).at(2)?;
        let debtor = account_name(row[3]).at(3)?;
        let creditor = account_name(row[6]).at(6)?;
        let label = fields::parse_label(row[9]).at(9)?;

        let tx = Transaction {
            id: derived_id("paysim-", record),
            origin: self.origin.clone(),
            timestamp,
            debtor: fields::account("", debtor, None),
            creditor: fields::account("", creditor, None),
            amount: Money::new(amount, self.currency),
            channel,
            reference: None,
        };
        Ok(Parsed { tx, label: Some(label) })
    }
}

fn account_name(text: &str) -> Result<&str, RejectReason> {
    fields::required(text).and_then(|name| fields::limited(name, MAX_ACCOUNT_CHARS))
}

/// Maps a PaySim transaction type to a channel.
fn transaction_type(text: &str) -> Result<Channel, RejectReason> {
    let name = fields::required(text)?;
    let channel = match name.to_ascii_uppercase().as_str() {
        "CASH_IN" => Channel::CashIn,
        "CASH_OUT" => Channel::CashOut,
        "DEBIT" => Channel::Debit,
        "PAYMENT" => Channel::Payment,
        "TRANSFER" => Channel::Transfer,
        _ => return Err(RejectReason::UnknownChannel { expected: TYPES }),
    };
    Ok(channel)
}
