//! Scenario tests of fund tracing over hand-built transaction sets, in memory and in
//! a real SQLite store.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::str::FromStr;

use chrono::{Duration, TimeZone, Utc};
use mekong_core::{
    AccountKey, AccountRef, Channel, Country, Currency, Decision, Money, NodeId, Timestamp,
    Transaction,
};
use mekong_store::{CommitBatch, SqliteStore, Store};
use mekong_trace::{
    MemorySource, Method, RateTable, Start, StopReason, Trace, TraceOptions, trace_backward,
    trace_forward,
};
use rust_decimal::Decimal;

fn origin() -> NodeId {
    NodeId::new("cn-test").unwrap()
}

fn account(number: &str, country: Country) -> AccountRef {
    AccountRef::new("BANK", number, Some(country))
}

fn key(number: &str) -> AccountKey {
    AccountKey::new("BANK", number)
}

fn dec(text: &str) -> Decimal {
    Decimal::from_str(text).unwrap()
}

/// Builds a transaction `minute` minutes after the base time.
fn tx(
    id: &str,
    minute: i64,
    from: AccountRef,
    to: AccountRef,
    amount: &str,
    channel: Channel,
) -> Transaction {
    let base = Utc.with_ymd_and_hms(2026, 3, 1, 1, 0, 0).unwrap();
    Transaction {
        id: id.to_owned(),
        origin: origin(),
        timestamp: Timestamp::from_utc(base + Duration::minutes(minute), 8 * 3600),
        debtor: from,
        creditor: to,
        amount: Money::new(dec(amount), Currency::CNY),
        channel,
        reference: None,
    }
}

/// Builds a mule chain. Victim V pays mule M 1000, then X pays M 500 (untraced). M pays
/// 1200 to N, which withdraws 300 in cash and wires 800 to Laos. M's payment to Z
/// came before the victim's.
fn mule_chain() -> Vec<Transaction> {
    let cn = |number| account(number, Country::CN);
    vec![
        tx("t-victim", 0, cn("V"), cn("M"), "1000", Channel::Mobile),
        tx("t-other", 1, cn("X"), cn("M"), "500", Channel::Transfer),
        tx("t-mule", 2, cn("M"), cn("N"), "1200", Channel::Transfer),
        tx("t-cash", 3, cn("N"), cn("ATM"), "300", Channel::CashOut),
        tx(
            "t-border",
            4,
            cn("N"),
            account("L", Country::LA),
            "800",
            Channel::Wire,
        ),
        tx("t-before", -5, cn("M"), cn("Z"), "50", Channel::Transfer),
    ]
}

fn node<'t>(trace: &'t Trace, number: &str) -> &'t mekong_trace::TraceNode {
    trace
        .nodes
        .iter()
        .find(|node| node.account == key(number))
        .unwrap()
}

fn start(id: &str) -> Start {
    Start::Transaction {
        id: id.to_owned(),
        origin: None,
    }
}

#[test]
fn fifo_follows_mule_chain() {
    let source = MemorySource::new(mule_chain());
    let trace = trace_forward(&source, &start("t-victim"), &TraceOptions::default()).unwrap();

    assert_eq!(node(&trace, "M").held, dec("0"));
    assert_eq!(node(&trace, "N").received, dec("1000"));
    assert_eq!(node(&trace, "ATM").received, dec("300"));
    assert_eq!(node(&trace, "ATM").stop, Some(StopReason::CashOut));
    assert_eq!(node(&trace, "L").received, dec("700"));
    assert_eq!(node(&trace, "L").stop, Some(StopReason::CrossBorder));
    assert!(
        trace.nodes.iter().all(|node| node.account != key("Z")),
        "a payment before the victim's is not traced"
    );
}

#[test]
fn proportional_splits_shares() {
    let source = MemorySource::new(mule_chain());
    let options = TraceOptions {
        method: Method::Proportional,
        ..TraceOptions::default()
    };
    let trace = trace_forward(&source, &start("t-victim"), &options).unwrap();

    // M held 1000 traced of 1500 and paid 1200: two thirds of it, 800, is traced.
    assert_eq!(node(&trace, "N").received, dec("800"));
    assert_eq!(node(&trace, "M").held, dec("200"));
    // N held 800 traced of 1200: 300 in cash carries 200, then 800 of the 900 left
    // carries 533.33 of 600, rounded down to the fen.
    assert_eq!(node(&trace, "ATM").received, dec("200"));
    assert_eq!(node(&trace, "L").received, dec("533.33"));
    assert_eq!(node(&trace, "N").held, dec("66.67"));
}

#[test]
fn holding_accounts_skip_cash() {
    let source = MemorySource::new(mule_chain());
    let trace = trace_forward(&source, &start("t-victim"), &TraceOptions::default()).unwrap();

    let holding = trace.holding_accounts();
    assert_eq!(
        holding,
        vec![(key("L"), Money::new(dec("700"), Currency::CNY))]
    );
}

#[test]
fn hop_limit_stops_walk() {
    let source = MemorySource::new(mule_chain());
    let options = TraceOptions {
        max_hops: 1,
        ..TraceOptions::default()
    };
    let trace = trace_forward(&source, &start("t-victim"), &options).unwrap();

    assert_eq!(trace.edges.len(), 1);
    assert_eq!(node(&trace, "M").stop, Some(StopReason::HopLimit));
    assert_eq!(node(&trace, "M").held, dec("1000"));
}

#[test]
fn backward_finds_sources() {
    let source = MemorySource::new(mule_chain());
    let trace = trace_backward(&source, &start("t-mule"), &TraceOptions::default()).unwrap();

    // Walking back from M's payment of 1200, the latest inflow (X, 500) comes first.
    assert_eq!(node(&trace, "X").received, dec("500"));
    assert_eq!(node(&trace, "V").received, dec("700"));
    assert_eq!(trace.traced_total, dec("1200"));
}

#[test]
fn account_start_traces_later_payments() {
    let source = MemorySource::new(mule_chain());
    let time = Utc.with_ymd_and_hms(2026, 3, 1, 1, 0, 0).unwrap();
    let start = Start::Account {
        key: key("M"),
        time: Some(time),
    };
    let trace = trace_forward(&source, &start, &TraceOptions::default()).unwrap();

    assert_eq!(trace.traced_total, dec("1200"));
    assert!(trace.nodes.iter().all(|node| node.account != key("Z")));
}

#[test]
fn crypto_exchange_stops_walk() {
    let source = MemorySource::new(mule_chain());
    let mut options = TraceOptions::default();
    options.crypto_exchanges.insert(key("N"));
    let trace = trace_forward(&source, &start("t-victim"), &options).unwrap();

    assert_eq!(node(&trace, "N").stop, Some(StopReason::CryptoExchange));
    assert_eq!(trace.edges.len(), 2);
}

#[test]
fn converts_other_currencies() {
    let mut transactions = mule_chain();
    transactions[2].amount = Money::new(dec("3000000"), Currency::LAK);
    let source = MemorySource::new(transactions);

    let missing = trace_forward(&source, &start("t-victim"), &TraceOptions::default()).unwrap_err();
    assert!(missing.to_string().contains("LAK to CNY"), "{missing}");

    let mut rates = RateTable::default();
    rates.insert_text("LAK:CNY=0.0004").unwrap();
    let options = TraceOptions {
        rates,
        ..TraceOptions::default()
    };
    let trace = trace_forward(&source, &start("t-victim"), &options).unwrap();

    // 3,000,000 LAK is 1200 CNY, of which FIFO traces the victim's 1000, shown as 2,500,000 LAK.
    let edge = trace
        .edges
        .iter()
        .find(|edge| edge.transaction_id == "t-mule")
        .unwrap();
    assert_eq!(edge.attributed_in_trace_currency, dec("1000"));
    assert_eq!(edge.attributed, Money::new(dec("2500000"), Currency::LAK));
}

#[test]
fn unknown_transaction_fails() {
    let source = MemorySource::new(mule_chain());
    let error = trace_forward(&source, &start("t-missing"), &TraceOptions::default()).unwrap_err();
    assert!(error.to_string().contains("t-missing"), "{error}");
}

#[test]
fn csv_lists_nodes_and_edges() {
    let source = MemorySource::new(mule_chain());
    let trace = trace_forward(&source, &start("t-victim"), &TraceOptions::default()).unwrap();
    let csv = trace.to_csv().unwrap();
    let lines: Vec<&str> = csv.lines().collect();

    assert_eq!(lines[0], mekong_trace::CSV_COLUMNS.join(","));
    assert_eq!(lines.len(), 1 + trace.nodes.len() + trace.edges.len());
    assert!(
        lines
            .iter()
            .any(|line| line.starts_with("edge,forward,fifo,1,") && line.contains("t-victim"))
    );
    assert!(
        lines
            .iter()
            .any(|line| line.starts_with("node,") && line.contains("cross_border"))
    );
}

#[test]
fn sqlite_matches_memory() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join("trace.db")).unwrap();
    let batch = CommitBatch {
        transactions: mule_chain()
            .into_iter()
            .map(|tx| (tx, Decision::Allow, 0))
            .collect(),
        ..CommitBatch::default()
    };
    store.commit(&batch).unwrap();

    let options = TraceOptions::default();
    let from_store = trace_forward(&store, &start("t-victim"), &options).unwrap();
    let from_memory = trace_forward(
        &MemorySource::new(mule_chain()),
        &start("t-victim"),
        &options,
    )
    .unwrap();

    assert_eq!(from_store.nodes, from_memory.nodes);
    assert_eq!(from_store.edges.len(), from_memory.edges.len());
    let back = trace_backward(&store, &start("t-mule"), &options).unwrap();
    assert_eq!(back.traced_total, dec("1200"));
}

#[test]
fn self_transfers_counted_once() {
    let cn = |number| account(number, Country::CN);
    let source = MemorySource::new(vec![
        tx("t-deposit", 0, cn("M"), cn("M"), "1000", Channel::CashIn),
        tx("t-pay", 1, cn("M"), cn("N"), "600", Channel::Transfer),
        tx("t-withdraw", 2, cn("N"), cn("N"), "200", Channel::CashOut),
        tx("t-shuffle", 3, cn("N"), cn("N"), "50", Channel::Transfer),
    ]);
    let trace = trace_forward(&source, &start("t-deposit"), &TraceOptions::default()).unwrap();

    assert_eq!((node(&trace, "M").received, node(&trace, "M").held), (dec("1000"), dec("400")));
    assert_eq!((node(&trace, "N").received, node(&trace, "N").held), (dec("600"), dec("400")));
    assert_eq!(
        trace.holding_accounts(),
        vec![(key("M"), Money::new(dec("400"), Currency::CNY)), (key("N"), Money::new(dec("400"), Currency::CNY))]
    );
    assert!(trace.edges.iter().all(|edge| edge.transaction_id != "t-shuffle"));
}
