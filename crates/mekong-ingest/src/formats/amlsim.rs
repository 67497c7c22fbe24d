//! IBM AMLSim simulation output: `transactions.csv` with `nodes.csv` (or
//! `accounts.csv`) beside it.
//!
//! Header: `sourceNodeId,targetNodeId,value,time`, where `time` counts days from
//! local midnight of the start date given in the options; the currency comes
//! from the options too. When an accounts file is present, an account it does not
//! list is rejected, and its bank and country, where given, complete the account.
//! AMLSim labels accounts, not transactions, so records carry no label; the
//! labels reader takes them from the accounts file.

use chrono::FixedOffset;
use mekong_core::{Channel, Currency, Money, NodeId, Transaction};

use super::accounts::AccountTable;
use super::fields::{self, AtColumn, FieldError, MAX_ACCOUNT_CHARS, StepClock};
use super::reason::StepUnit;
use super::{Parsed, RejectReason, derived_id};
use crate::formats::csv_records::RawRecord;

/// The header row; names are compared case-insensitively.
pub const HEADER: [&str; 4] = ["sourceNodeId", "targetNodeId", "value", "time"];

/// Returns whether a header row is the AMLSim transactions header.
pub fn matches_header(header: &[&str]) -> bool {
    header.len() == HEADER.len()
        && header.iter().zip(HEADER).all(|(found, expected)| found.trim().eq_ignore_ascii_case(expected))
}

/// Parses AMLSim transaction rows.
#[derive(Debug, Clone)]
pub struct AmlsimParser {
    origin: NodeId,
    currency: Currency,
    clock: StepClock,
    accounts: Option<AccountTable>,
}

impl AmlsimParser {
    /// Creates a parser; `None` if the start date cannot be placed in `offset`.
    pub fn new(
        origin: NodeId,
        currency: Currency,
        start_date: chrono::NaiveDate,
        offset: FixedOffset,
        accounts: Option<AccountTable>,
    ) -> Option<Self> {
        let clock = StepClock::new(start_date, offset, StepUnit::Day)?;
        Some(AmlsimParser { origin, currency, clock, accounts })
    }

    /// Returns the accounts file beside the transactions, if one was found.
    pub fn accounts(&self) -> Option<&AccountTable> {
        self.accounts.as_ref()
    }

    /// Parses one row whose fields are already valid UTF-8 and correct in number.
    pub(crate) fn parse(&self, row: &[&str], record: &RawRecord) -> Result<Parsed, FieldError> {
        let source = self.account_id(row[0]).at(0)?;
        let target = self.account_id(row[1]).at(1)?;
        let amount = fields::parse_amount(row[2]).at(2)?;
        let timestamp = self.clock.timestamp(row[3]).at(3)?;

        let tx = Transaction {
            id: derived_id("amlsim-", record),
            origin: self.origin.clone(),
            timestamp,
            debtor: AccountTable::account(self.accounts.as_ref(), source),
            creditor: AccountTable::account(self.accounts.as_ref(), target),
            amount: Money::new(amount, self.currency),
            channel: Channel::Transfer,
            reference: None,
        };
        Ok(Parsed { tx, label: None })
    }

    /// Checks an account id, and that the accounts file lists it when there is one.
    fn account_id<'a>(&self, text: &'a str) -> Result<&'a str, RejectReason> {
        let id = fields::required(text).and_then(|id| fields::limited(id, MAX_ACCOUNT_CHARS))?;
        match &self.accounts {
            Some(table) if table.get(id).is_none() => Err(RejectReason::UnknownAccount { file: table.file_name() }),
            _ => Ok(id),
        }
    }
}
