//! Cash rows: a deposit or withdrawal names one account as debtor and creditor, and
//! every rule reads it as money in only or money out only.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use mekong_core::{AccountRef, Channel, Decision, Transaction};
use mekong_monitor::RuleSet;

/// Cash of `amount` CNY paid into `account`.
fn deposit(id: &str, account: AccountRef, amount: &str, seconds: i64) -> Transaction {
    Transaction { channel: Channel::CashIn, ..cny(id, account.clone(), account, amount, seconds) }
}

/// Cash of `amount` CNY taken out of `account`.
fn withdrawal(id: &str, account: AccountRef, amount: &str, seconds: i64) -> Transaction {
    Transaction { channel: Channel::CashOut, ..cny(id, account.clone(), account, amount, seconds) }
}

/// Builds the default pass-through rule with a one-second cooldown, so that every match raises an alert.
fn pass_through_every_match() -> RuleSet {
    single_rule(
        "[rules.pass_through]\nversion = 1\nscore = 60\nwindow = \"1h\"\ncooldown = \"1s\"\n\
         min_inflow = { CNY = \"3000\" }\nmin_ratio_percent = 80",
    )
}

#[test]
fn plain_deposit_raises_nothing() {
    let mut monitor = monitor_with(RuleSet::defaults());
    let verdict = monitor.score(&deposit("d1", cn("A"), "10000", 0));

    assert!(verdict.alerts.is_empty(), "{:?}", verdict.alerts);
    assert_eq!(verdict.decision, Decision::Allow);
}

#[test]
fn deposit_then_small_transfer() {
    let mut monitor = monitor_with(pass_through_every_match());
    let transactions = [deposit("d1", cn("A"), "60000", 0), cny("t1", cn("A"), cn("B"), "10000", 10 * MINUTE)];
    let verdicts = score_all(&mut monitor, &transactions);

    assert!(alerts_of(&verdicts, "pass_through").is_empty());
    assert_eq!(verdicts[1].score, 0);
}

#[test]
fn deposit_forwarded_is_pass_through() {
    let mut monitor = monitor_with(pass_through_every_match());
    let transactions = [deposit("d1", cn("A"), "10000", 0), cny("t1", cn("A"), cn("B"), "9000", 10 * MINUTE)];
    let verdicts = score_all(&mut monitor, &transactions);

    assert!(verdicts[0].alerts.is_empty(), "the deposit itself pays nothing out");
    let alerts = alerts_of(&verdicts, "pass_through");
    assert_eq!(alerts.len(), 1);
    assert_eq!(alerts[0].account, cn_key("A"));
    assert_eq!(alerts[0].involved, vec![cn_key("A"), cn_key("B")]);
    assert_eq!(alerts[0].transactions, vec!["d1", "t1"]);
    assert_eq!(alerts[0].explanation.args["inflow"], "10000 CNY");
    assert_eq!(alerts[0].explanation.args["outflow"], "9000 CNY");
}

#[test]
fn deposit_and_withdrawal_once() {
    let mut monitor = monitor_with(pass_through_every_match());
    let transactions = [deposit("d1", cn("A"), "10000", 0), withdrawal("w1", cn("A"), "10000", 10 * MINUTE)];
    let verdicts = score_all(&mut monitor, &transactions);

    assert_eq!(verdicts[0].score, 0, "the deposit matched pass-through");
    let alerts = alerts_of(&verdicts, "pass_through");
    assert_eq!(alerts.len(), 1);
    assert_eq!(alerts[0].raised_at, at(10 * MINUTE));
    assert_eq!(alerts[0].involved, vec![cn_key("A")]);
    assert_eq!(alerts[0].explanation.args["inflow"], "10000 CNY");
    assert_eq!(alerts[0].explanation.args["outflow"], "10000 CNY");
}

#[test]
fn velocity_counts_cash_once() {
    let rules = single_rule("[rules.velocity]\nversion = 1\nscore = 40\nwindow = \"1h\"\nmin_count = 3");
    let mut monitor = monitor_with(rules);
    let transactions = [deposit("d1", cn("A"), "100", 0), withdrawal("w1", cn("A"), "100", MINUTE)];
    let verdicts = score_all(&mut monitor, &transactions);
    assert!(alerts_of(&verdicts, "velocity").is_empty(), "two cash rows counted as more than two payments");

    let verdict = monitor.score(&cny("t1", cn("A"), cn("B"), "100", 2 * MINUTE));
    let alerts = alerts_of(std::slice::from_ref(&verdict), "velocity");
    assert_eq!(alerts.len(), 1);
    assert_eq!(alerts[0].explanation.args["count"], "3");
    assert_eq!(alerts[0].involved, vec![cn_key("A"), cn_key("B")]);
}

#[test]
fn structuring_counts_deposits_once() {
    let mut monitor = monitor_with(RuleSet::defaults());
    let transactions = [deposit("d1", cn("A"), "49000", 0), deposit("d2", cn("A"), "48000", HOUR)];
    let verdicts = score_all(&mut monitor, &transactions);
    assert!(alerts_of(&verdicts, "structuring").is_empty(), "two deposits counted as more than two");

    let verdict = monitor.score(&deposit("d3", cn("A"), "47000", 2 * HOUR));
    let alerts = alerts_of(std::slice::from_ref(&verdict), "structuring");
    assert_eq!(alerts.len(), 1);
    assert_eq!(alerts[0].account, cn_key("A"));
    assert_eq!(alerts[0].explanation.args["count"], "3");
    assert_eq!(alerts[0].explanation.args["total"], "144000 CNY");
    assert_eq!(alerts[0].involved, vec![cn_key("A")]);
}

#[test]
fn cash_never_a_counterparty() {
    let rules = single_rule("[rules.fan_in]\nversion = 1\nscore = 50\nwindow = \"1d\"\nmin_senders = 2");
    let mut monitor = monitor_with(rules);
    let transactions = [cny("t1", cn("B"), cn("A"), "100", 0), deposit("d1", cn("A"), "100", MINUTE)];
    let verdicts = score_all(&mut monitor, &transactions);
    assert!(alerts_of(&verdicts, "fan_in").is_empty());

    let rules = single_rule("[rules.fan_out]\nversion = 1\nscore = 40\nwindow = \"1d\"\nmin_receivers = 2");
    let mut monitor = monitor_with(rules);
    let transactions = [cny("t1", cn("A"), cn("B"), "100", 0), withdrawal("w1", cn("A"), "100", MINUTE)];
    let verdicts = score_all(&mut monitor, &transactions);
    assert!(alerts_of(&verdicts, "fan_out").is_empty());
}

#[test]
fn cash_never_closes_cycle() {
    let rules = single_rule(
        "[rules.cycle]\nversion = 1\nscore = 70\nwindow = \"1d\"\nmin_hops = 2\nmax_hops = 4\nmax_visited = 100",
    );
    let mut monitor = monitor_with(rules);
    let transactions = [
        deposit("d1", cn("A"), "1000", 0),
        withdrawal("w1", cn("A"), "1000", MINUTE),
        cny("t1", cn("A"), cn("B"), "1000", 2 * MINUTE),
        withdrawal("w2", cn("B"), "1000", 3 * MINUTE),
        deposit("d2", cn("B"), "1000", 4 * MINUTE),
    ];
    let verdicts = score_all(&mut monitor, &transactions);
    assert!(alerts_of(&verdicts, "cycle").is_empty());

    // The payment back closes a real cycle of two payments, and the cash rows stay out of it.
    let verdict = monitor.score(&cny("t2", cn("B"), cn("A"), "1000", 5 * MINUTE));
    let alerts = alerts_of(std::slice::from_ref(&verdict), "cycle");
    assert_eq!(alerts.len(), 1);
    assert_eq!(alerts[0].transactions, vec!["t1", "t2"]);
    assert_eq!(alerts[0].involved, vec![cn_key("A"), cn_key("B")]);
}

#[test]
fn large_deposit_names_one_account() {
    let mut monitor = monitor_with(RuleSet::defaults());
    let verdict = monitor.score(&deposit("d1", cn("A"), "60000", 0));

    let large = alerts_of(std::slice::from_ref(&verdict), "large_amount");
    assert_eq!(large.len(), 1);
    assert_eq!(large[0].account, cn_key("A"));
    assert_eq!(large[0].involved, vec![cn_key("A")]);
}

#[test]
fn self_transfer_moves_nothing() {
    let mut monitor = monitor_with(pass_through_every_match());
    let transactions = [
        cny("t1", cn("V"), cn("A"), "10000", 0),
        // A booking from the account to itself: neither money in nor money out. Read as
        // both, it would be 40,000 of 50,000 received paid out again.
        cny("s1", cn("A"), cn("A"), "40000", MINUTE),
        cny("t2", cn("A"), cn("B"), "5000", 2 * MINUTE),
    ];
    let verdicts = score_all(&mut monitor, &transactions);
    assert!(alerts_of(&verdicts, "pass_through").is_empty());
}
