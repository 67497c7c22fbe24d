//! The canonical CSV: Mekong Bridge's own transaction format, documented in
//! `docs/canonical-csv.md`.
//!
//! Every row carries its own id, an RFC 3339 timestamp with offset, both accounts
//! with optional countries, a positive decimal amount, an ISO 4217 currency, a
//! channel and an optional reference. Rows carry no fraud label.

use std::str::FromStr;

use mekong_core::transaction::MAX_ID_LEN;
use mekong_core::{Channel, Currency, Money, NodeId, Transaction};

use super::fields::{self, AtColumn, FieldError, MAX_ACCOUNT_CHARS, MAX_REFERENCE_CHARS};
use super::{Parsed, RejectReason};

/// The header row, exactly.
pub const HEADER: [&str; 12] = [
    "id",
    "timestamp",
    "debtor_bank",
    "debtor_account",
    "debtor_country",
    "creditor_bank",
    "creditor_account",
    "creditor_country",
    "amount",
    "currency",
    "channel",
    "reference",
];

/// The accepted channel names, as rejects list them.
pub const CHANNELS: &str =
    "transfer, wire, ach, card, cash_in, cash_out, cheque, mobile, online, crypto, payment, debit, other";

/// Returns whether a header row is the canonical header. Names must match exactly.
pub fn matches_header(header: &[&str]) -> bool {
    header.len() == HEADER.len() && header.iter().zip(HEADER).all(|(found, expected)| found.trim() == expected)
}

/// Parses canonical rows.
#[derive(Debug, Clone)]
pub struct CanonicalParser {
    origin: NodeId,
}

impl CanonicalParser {
    /// Creates a parser for transactions stored by `origin`.
    pub fn new(origin: NodeId) -> Self {
        CanonicalParser { origin }
    }

    /// Parses one row whose fields are already valid UTF-8 and correct in number.
    pub(crate) fn parse(&self, row: &[&str]) -> Result<Parsed, FieldError> {
        let id = parse_id(row[0]).at(0)?;
        let timestamp = fields::parse_rfc3339(row[1]).at(1)?;
        let debtor = parse_account(row, 2)?;
        let creditor = parse_account(row, 5)?;
        let amount = fields::parse_amount(row[8]).at(8)?;
        let currency = parse_currency(row[9]).at(9)?;
        let channel = parse_channel(row[10]).at(10)?;
        let reference = fields::limited(row[11], MAX_REFERENCE_CHARS).at(11)?;

        let tx = Transaction {
            id: id.to_owned(),
            origin: self.origin.clone(),
            timestamp,
            debtor,
            creditor,
            amount: Money::new(amount, currency),
            channel,
            reference: (!reference.is_empty()).then(|| reference.to_owned()),
        };
        Ok(Parsed { tx, label: None })
    }
}

/// Parses the bank, account and country columns starting at `first`.
fn parse_account(row: &[&str], first: usize) -> Result<mekong_core::AccountRef, FieldError> {
    let bank = fields::required(row[first]).and_then(|bank| fields::limited(bank, MAX_ACCOUNT_CHARS)).at(first)?;
    let number = fields::required(row[first + 1])
        .and_then(|number| fields::limited(number, MAX_ACCOUNT_CHARS))
        .at(first + 1)?;
    let country = fields::parse_country(row[first + 2]).at(first + 2)?;
    Ok(fields::account(bank, number, country))
}

/// Checks a transaction id: present, at most `MAX_ID_LEN` bytes, no control characters.
pub(crate) fn parse_id(text: &str) -> Result<&str, RejectReason> {
    let id = fields::required(text)?;
    if id.len() > MAX_ID_LEN {
        return Err(RejectReason::IdTooLong { max: MAX_ID_LEN });
    }
    if id.chars().any(char::is_control) {
        return Err(RejectReason::InvalidId);
    }
    Ok(id)
}

fn parse_currency(text: &str) -> Result<Currency, RejectReason> {
    let code = fields::required(text)?;
    Currency::from_str(code).map_err(|_| RejectReason::UnknownCurrency)
}

fn parse_channel(text: &str) -> Result<Channel, RejectReason> {
    let name = fields::required(text)?;
    Channel::from_str(name).map_err(|_| RejectReason::UnknownChannel { expected: CHANNELS })
}
