//! IBM "Transactions for Anti Money Laundering" files (HI/LI-Small, -Medium, -Large).
//!
//! Header: `Timestamp,From Bank,Account,To Bank,Account,Amount Received,Receiving
//! Currency,Amount Paid,Payment Currency,Payment Format,Is Laundering`. Timestamps
//! such as `2022/09/01 00:20` have no zone and are read in the default offset.
//! The amount is Amount Paid in Payment Currency; Amount Received and Receiving
//! Currency are not read. Currencies are English names mapped to ISO 4217, with
//! Bitcoin as XBT; a row that gives an ISO code instead is accepted too.
//! Accounts are keyed `FROM_BANK/ACCOUNT`, so the same account gets the same key
//! in the importer and in the labels reader.

use std::str::FromStr;

use chrono::FixedOffset;
use mekong_core::{Channel, Currency, Money, NodeId, Transaction};

use super::fields::{self, AtColumn, FieldError, MAX_ACCOUNT_CHARS};
use super::{Parsed, RejectReason, derived_id};
use crate::formats::csv_records::RawRecord;

/// The header row; names are compared case-insensitively.
pub const HEADER: [&str; 11] = [
    "Timestamp",
    "From Bank",
    "Account",
    "To Bank",
    "Account",
    "Amount Received",
    "Receiving Currency",
    "Amount Paid",
    "Payment Currency",
    "Payment Format",
    "Is Laundering",
];

/// Column names as rejects report them, with the two `Account` columns distinguished.
pub const COLUMNS: [&str; 11] = [
    "Timestamp",
    "From Bank",
    "Account (From Bank)",
    "To Bank",
    "Account (To Bank)",
    "Amount Received",
    "Receiving Currency",
    "Amount Paid",
    "Payment Currency",
    "Payment Format",
    "Is Laundering",
];

/// Currency names used by the IBM data, with their ISO 4217 codes.
const CURRENCY_NAMES: [(&str, &str); 15] = [
    ("US Dollar", "USD"),
    ("Yuan", "CNY"),
    ("Euro", "EUR"),
    ("Bitcoin", "XBT"),
    ("Rupee", "INR"),
    ("Yen", "JPY"),
    ("Ruble", "RUB"),
    ("UK Pound", "GBP"),
    ("Canadian Dollar", "CAD"),
    ("Australian Dollar", "AUD"),
    ("Swiss Franc", "CHF"),
    ("Brazil Real", "BRL"),
    ("Mexican Peso", "MXN"),
    ("Shekel", "ILS"),
    ("Saudi Riyal", "SAR"),
];

/// The accepted currency names, as rejects list them.
pub const CURRENCY_LIST: &str = "US Dollar, Yuan, Euro, Bitcoin, Rupee, Yen, Ruble, UK Pound, Canadian Dollar, \
                                 Australian Dollar, Swiss Franc, Brazil Real, Mexican Peso, Shekel, Saudi Riyal";

/// The accepted payment formats, as rejects list them.
pub const PAYMENT_FORMATS: &str = "Reinvestment, Cheque, Credit Card, ACH, Cash, Wire, Bitcoin";

/// Returns whether a header row is the IBM AML header. Names compare case-insensitively,
/// and the second `Account` may appear as `Account.1`, as pandas writes it.
pub fn matches_header(header: &[&str]) -> bool {
    header.len() == HEADER.len()
        && header.iter().zip(HEADER).enumerate().all(|(index, (found, expected))| {
            let found = found.trim();
            found.eq_ignore_ascii_case(expected) || (index == 4 && found.eq_ignore_ascii_case("Account.1"))
        })
}

/// Parses IBM AML rows.
#[derive(Debug, Clone)]
pub struct IbmAmlParser {
    origin: NodeId,
    offset: FixedOffset,
    currencies: Vec<(&'static str, Currency)>,
}

impl IbmAmlParser {
    /// Creates a parser that reads timestamps in `offset`.
    pub fn new(origin: NodeId, offset: FixedOffset) -> Self {
        // Every code in the table is in the core currency table, so none is dropped.
        let currencies = CURRENCY_NAMES
            .iter()
            .filter_map(|(name, code)| Currency::from_str(code).ok().map(|currency| (*name, currency)))
            .collect();
        IbmAmlParser { origin, offset, currencies }
    }

    /// Parses one row whose fields are already valid UTF-8 and correct in number.
    pub(crate) fn parse(&self, row: &[&str], record: &RawRecord) -> Result<Parsed, FieldError> {
        let timestamp = fields::parse_slash_datetime(row[0], self.offset).at(0)?;
        let from_bank = account_part(row[1]).at(1)?;
        let from_account = account_part(row[2]).at(2)?;
        let to_bank = account_part(row[3]).at(3)?;
        let to_account = account_part(row[4]).at(4)?;
        let amount = fields::parse_amount(row[7]).at(7)?;
        let currency = self.currency(row[8]).at(8)?;
        let channel = payment_format(row[9]).at(9)?;
        let label = fields::parse_label(row[10]).at(10)?;

        let tx = Transaction {
            id: derived_id("ibm-aml-", record),
            origin: self.origin.clone(),
            timestamp,
            debtor: fields::account(from_bank, from_account, None),
            creditor: fields::account(to_bank, to_account, None),
            amount: Money::new(amount, currency),
            channel,
            reference: None,
        };
        Ok(Parsed { tx, label: Some(label) })
    }

    /// Maps a currency name, or an ISO 4217 code, to a currency.
    fn currency(&self, text: &str) -> Result<Currency, RejectReason> {
        let name = fields::required(text)?;
        let known = self.currencies.iter().find(|(known, _)| known.eq_ignore_ascii_case(name));
        match known {
            Some((_, currency)) => Ok(*currency),
            None => Currency::from_str(name).map_err(|_| RejectReason::UnknownCurrencyName { expected: CURRENCY_LIST }),
        }
    }
}

fn account_part(text: &str) -> Result<&str, RejectReason> {
    fields::required(text).and_then(|part| fields::limited(part, MAX_ACCOUNT_CHARS))
}

/// Maps an IBM payment format to a channel.
fn payment_format(text: &str) -> Result<Channel, RejectReason> {
    let name = fields::required(text)?;
    let channel = match name.to_ascii_lowercase().as_str() {
        // Reinvestment moves money between an account and itself, which no channel describes.
        "reinvestment" => Channel::Other,
        "cheque" | "check" => Channel::Cheque,
        "credit card" => Channel::Card,
        "ach" => Channel::Ach,
        // NOTE: the data does not say whether cash went in or out. The payer's
        // account loses money that leaves the banking system, so it is read as a
        // withdrawal.
        "cash" => Channel::CashOut,
        "wire" => Channel::Wire,
        "bitcoin" => Channel::Crypto,
        _ => return Err(RejectReason::UnknownChannel { expected: PAYMENT_FORMATS }),
    };
    Ok(channel)
}
