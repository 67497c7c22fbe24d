//! Report transactions as monitor transactions, so the monitor scores them like any
//! other bank transaction.
//!
//! Only transactions with an account on both sides become monitor transactions,
//! because the monitor keys everything by account. A transaction id is derived from
//! the report id and the transaction number, so handing a report over twice adds nothing.

use std::str::FromStr;

use chrono::{FixedOffset, TimeZone};
use mekong_core::ids::derive_id;
use mekong_core::{AccountRef, Channel, Country, Currency, Money, NodeId, Timestamp, Transaction};
use rust_decimal::Decimal;

use crate::report::{Node, Report};
use crate::simple::parse_date_time;

/// Counts the transactions of a report that name no bank account on the sending or
/// the receiving side, such as cash paid in by a person (`from_person` in place of
/// `from_account`). `monitor_transactions` leaves these out, because the monitor
/// keys everything by account.
pub fn transactions_without_accounts(report: &Report) -> usize {
    report
        .root
        .children_named("transaction")
        .filter(|node| !has_accounts(node))
        .count()
}

/// Returns whether both sides of a transaction name an account with a bank and a number.
fn has_accounts(node: &Node) -> bool {
    let from = node.child("t_from").or(node.child("t_from_my_client"));
    let to = node.child("t_to").or(node.child("t_to_my_client"));
    let debtor = from.and_then(|side| side.child("from_account"));
    let creditor = to.and_then(|side| side.child("to_account"));

    debtor.and_then(|account_node| account(account_node, None)).is_some()
        && creditor.and_then(|account_node| account(account_node, None)).is_some()
}

/// Converts the account-to-account transactions of a report. goAML dates carry no
/// zone, so they are read at `offset_seconds` east of UTC.
pub fn monitor_transactions(
    report: &Report,
    report_id: &str,
    origin: &NodeId,
    offset_seconds: i32,
) -> Vec<Transaction> {
    let Ok(currency) = Currency::from_str(&report.currency_code_local) else {
        return Vec::new();
    };
    let Some(zone) = FixedOffset::east_opt(offset_seconds) else {
        return Vec::new();
    };

    let mut transactions = Vec::new();
    for node in report.root.children_named("transaction") {
        let Some(transaction) = convert(node, report_id, origin, currency, zone) else {
            continue;
        };
        transactions.push(transaction);
    }
    transactions
}

fn convert(
    node: &Node,
    report_id: &str,
    origin: &NodeId,
    currency: Currency,
    zone: FixedOffset,
) -> Option<Transaction> {
    let number = node.text_of("transactionnumber")?;
    let local = parse_date_time(node.text_of("date_transaction")?)?;
    let time = zone.from_local_datetime(&local).single()?;
    let amount = Decimal::from_str(node.text_of("amount_local")?).ok()?;

    let from = node.child("t_from").or(node.child("t_from_my_client"))?;
    let to = node.child("t_to").or(node.child("t_to_my_client"))?;
    let debtor = account(from.child("from_account")?, from.text_of("from_country"))?;
    let creditor = account(to.child("to_account")?, to.text_of("to_country"))?;

    // NOTE: goAML transmode codes are set by each FIU, so the channel is inferred
    // from the countries alone: a wire across borders, a transfer inside one.
    let channel = if debtor.country == creditor.country {
        Channel::Transfer
    } else {
        Channel::Wire
    };

    Some(Transaction {
        id: derive_id("goaml-tx-", &[report_id.as_bytes(), number.as_bytes()]),
        origin: origin.clone(),
        timestamp: Timestamp::from_fixed(time),
        debtor,
        creditor,
        amount: Money::new(amount, currency),
        channel,
        reference: node.text_of("transaction_description").map(str::to_owned),
    })
}

fn account(node: &Node, country: Option<&str>) -> Option<AccountRef> {
    let bank = node
        .text_of("swift")
        .or(node.text_of("institution_code"))
        .or(node.text_of("institution_name"))?;
    let number = node.text_of("account").or(node.text_of("iban"))?;
    let country = country.and_then(|code| Country::from_str(code).ok());
    Some(AccountRef::new(bank, number, country))
}
