//! Builders for the monitor's integration tests: accounts, transactions at given
//! times, and rule sets with a single rule.


#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::str::FromStr;

use chrono::{Duration, TimeZone, Utc};
use mekong_core::{AccountKey, AccountRef, Alert, Channel, Country, Currency, Money, NodeId, Timestamp, Transaction};
use mekong_monitor::{Monitor, RuleSet, Verdict};
use rust_decimal::Decimal;

pub const MINUTE: i64 = 60;
pub const HOUR: i64 = 3_600;
pub const DAY: i64 = 86_400;

/// The node that scores the test transactions.
pub fn node() -> NodeId {
    NodeId::new("cn-test-node").unwrap()
}

/// A Chinese bank account.
pub fn cn(number: &str) -> AccountRef {
    AccountRef::new("ICBC", number, Some(Country::CN))
}

/// A Lao bank account.
pub fn la(number: &str) -> AccountRef {
    AccountRef::new("BCEL", number, Some(Country::LA))
}

/// The key of a Chinese test account.
pub fn cn_key(number: &str) -> AccountKey {
    cn(number).key()
}

/// A time `seconds` after 2026-03-01 00:00 UTC, as recorded in Asia/Shanghai.
pub fn at(seconds: i64) -> Timestamp {
    let base = Utc.with_ymd_and_hms(2026, 3, 1, 0, 0, 0).unwrap();
    Timestamp::from_utc(base + Duration::seconds(seconds), 8 * 3_600)
}

/// A transfer of `amount` (a decimal string) in `currency`.
pub fn tx(id: &str, from: AccountRef, to: AccountRef, amount: &str, currency: Currency, seconds: i64) -> Transaction {
    Transaction {
        id: id.to_owned(),
        origin: node(),
        timestamp: at(seconds),
        debtor: from,
        creditor: to,
        amount: Money::new(Decimal::from_str(amount).unwrap(), currency),
        channel: Channel::Transfer,
        reference: None,
    }
}

/// A transfer in CNY.
pub fn cny(id: &str, from: AccountRef, to: AccountRef, amount: &str, seconds: i64) -> Transaction {
    tx(id, from, to, amount, Currency::CNY, seconds)
}

/// A rule set with the default decision thresholds and the one rule table given.
pub fn single_rule(table: &str) -> RuleSet {
    let text = format!("[decision]\nreview_at = 40\nhold_at = 80\n\n{table}\n");
    RuleSet::from_toml(&text, "test-rules.toml").unwrap()
}

/// A monitor running the given rules.
pub fn monitor_with(rules: RuleSet) -> Monitor {
    Monitor::new(rules, node())
}

/// Scores every transaction and returns the verdicts in order.
pub fn score_all(monitor: &mut Monitor, transactions: &[Transaction]) -> Vec<Verdict> {
    transactions.iter().map(|tx| monitor.score(tx)).collect()
}

/// The alerts of one rule among verdicts.
pub fn alerts_of<'a>(verdicts: &'a [Verdict], rule: &str) -> Vec<&'a Alert> {
    verdicts.iter().flat_map(|verdict| &verdict.alerts).filter(|alert| alert.rule == rule).collect()
}
