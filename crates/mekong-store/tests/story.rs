//! One story through the storage trait: a node is initialised, receives
//! transactions and alerts, and an analyst works an alert. It runs against every
//! implementation through `&dyn Store`.

// Helpers outside #[test] functions unwrap too; a panic there is the test failure.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::str::FromStr;

use chrono::{TimeZone, Utc};
use mekong_core::{
    AccountKey, AccountRef, Alert, AlertStatus, Channel, Country, Currency, Decision, Explanation, Money, NodeId,
    NodeIdentity, Timestamp, Transaction,
};
use mekong_store::{AlertFilter, CommitBatch, Flag, SqliteStore, Store, StoreError};
use rust_decimal::Decimal;

fn node() -> NodeId {
    NodeId::new("cn-test-node").unwrap()
}

fn transaction(id: &str, minute: u32, from: &str, to: &str, amount: &str) -> Transaction {
    let time = Utc.with_ymd_and_hms(2026, 3, 1, 1, minute, 0).unwrap();
    Transaction {
        id: id.to_owned(),
        origin: node(),
        timestamp: Timestamp::from_utc(time, 8 * 3600),
        debtor: AccountRef::new("ICBC", from, Some(Country::CN)),
        creditor: AccountRef::new("BCEL", to, Some(Country::LA)),
        amount: Money::new(Decimal::from_str(amount).unwrap(), Currency::CNY),
        channel: Channel::Transfer,
        reference: Some("货款 invoice 7".to_owned()),
    }
}

fn alert(id: &str, tx: &Transaction, rule: &str, score: u8, shadow: bool) -> Alert {
    Alert {
        id: id.to_owned(),
        origin: node(),
        rule: rule.to_owned(),
        rule_version: 2,
        score,
        account: tx.creditor.key(),
        involved: vec![tx.creditor.key(), tx.debtor.key()],
        transactions: vec![tx.id.clone()],
        explanation: Explanation::new("explain-large-amount").arg("amount", "60000 CNY"),
        shadow,
        status: AlertStatus::Open,
        raised_at: tx.timestamp,
    }
}

fn story(store: &dyn Store) {
    // A new node has no identity; it gets one and keeps it.
    assert_eq!(store.node_identity().unwrap(), None);
    let identity = NodeIdentity::new(node(), Country::CN, "CAMLMAC").unwrap();
    store.init_node_identity(&identity).unwrap();
    store.init_node_identity(&identity).unwrap();
    assert_eq!(store.node_identity().unwrap(), Some(identity));
    let other = NodeIdentity::new(NodeId::new("la-other").unwrap(), Country::LA, "AMLIO").unwrap();
    assert!(matches!(store.init_node_identity(&other), Err(StoreError::IdentityMismatch { .. })));

    // Transactions and an alert are stored together.
    let first = transaction("t-1", 0, "6222-0001", "010-12-00-1", "60000.00");
    let second = transaction("t-2", 5, "6222-0002", "010-12-00-1", "120.5");
    let batch = CommitBatch {
        transactions: vec![(first.clone(), Decision::Review, 60), (second.clone(), Decision::Allow, 0)],
        alerts: vec![alert("al-1", &first, "large_amount", 60, false), alert("al-2", &second, "fan_in", 30, true)],
        risk_updates: vec![(first.creditor.key(), 60)],
    };
    store.commit(&batch).unwrap();
    assert_eq!(store.transaction_count().unwrap(), 2);

    // A batch that repeats a stored id is rejected whole.
    let third = transaction("t-3", 9, "6222-0003", "010-12-00-9", "10");
    let repeat = CommitBatch {
        transactions: vec![(third, Decision::Allow, 0), (first.clone(), Decision::Allow, 0)],
        ..CommitBatch::default()
    };
    assert!(store.commit(&repeat).is_err());
    assert_eq!(store.transaction_count().unwrap(), 2);

    // Stored decisions come back for retries.
    let known = store.known_decisions(&node(), &["t-1", "t-9"]).unwrap();
    assert_eq!(known.get("t-1"), Some(&Decision::Review));
    assert!(!known.contains_key("t-9"));

    // Amounts, zones and text survive the round trip exactly.
    let mut replayed = Vec::new();
    store
        .for_each_transaction(&mut |stored| {
            replayed.push(stored);
            Ok(())
        })
        .unwrap();
    assert_eq!(replayed.len(), 2);
    assert_eq!(replayed[0].tx, first);
    assert_eq!(replayed[1].tx.amount.amount.to_string(), "120.5");
    assert_eq!(replayed[0].tx.timestamp.to_rfc3339(), "2026-03-01T09:00:00+08:00");

    // Filters and paging.
    let all = store.list_alerts(&AlertFilter::default()).unwrap();
    assert_eq!(all.total, 2);
    assert_eq!(all.items[0].id, "al-2", "newest first");
    let by_rule = store.list_alerts(&AlertFilter { rule: Some("fan_in".into()), ..AlertFilter::default() }).unwrap();
    assert_eq!(by_rule.total, 1);
    let by_score = store.list_alerts(&AlertFilter { min_score: Some(50), ..AlertFilter::default() }).unwrap();
    assert_eq!(by_score.items.len(), 1);
    let no_shadow = store.list_alerts(&AlertFilter { include_shadow: false, ..AlertFilter::default() }).unwrap();
    assert_eq!(no_shadow.total, 1);
    let paged = store.list_alerts(&AlertFilter { per_page: 1, page: 2, ..AlertFilter::default() }).unwrap();
    assert_eq!(paged.items[0].id, "al-1");
    assert_eq!(paged.page_count(), 2);
    assert_eq!(store.alert_rules().unwrap(), vec!["fan_in".to_owned(), "large_amount".to_owned()]);

    // The workflow is enforced and every change kept.
    assert!(matches!(
        store.change_alert_status("al-1", AlertStatus::Escalated, "skip", "analyst-1"),
        Err(StoreError::StatusChange(_))
    ));
    store.change_alert_status("al-1", AlertStatus::UnderReview, "checking", "analyst-1").unwrap();
    let record = store.change_alert_status("al-1", AlertStatus::Escalated, "mule pattern", "analyst-1").unwrap();
    assert_eq!(record.alert.status, AlertStatus::Escalated);
    assert_eq!(record.history.len(), 2);
    assert_eq!(record.history[1].reason, "mule pattern");
    assert!(matches!(
        store.change_alert_status("al-404", AlertStatus::UnderReview, "x", "y"),
        Err(StoreError::AlertNotFound(_))
    ));
    let escalated =
        store.list_alerts(&AlertFilter { status: Some(AlertStatus::Escalated), ..AlertFilter::default() }).unwrap();
    assert_eq!(escalated.total, 1);

    // Account view: counts, risk, flag.
    let mule = AccountKey::new("BCEL", "010-12-00-1");
    let flag = Flag { account: mule.clone(), reason: "rented account".into(), added_at: Utc::now() };
    store.add_flag(&flag).unwrap();
    let view = store.account(&mule).unwrap().unwrap();
    assert_eq!(view.credit_count, 2);
    assert_eq!(view.debit_count, 0);
    assert_eq!(view.risk, 60);
    assert_eq!(view.country, Some(Country::LA));
    assert_eq!(view.flag.map(|flag| flag.reason), Some("rented account".to_owned()));
    assert_eq!(store.account_transactions(&mule, 10, 0).unwrap().len(), 2);
    assert_eq!(store.account_alerts(&mule).unwrap().len(), 2);
    assert!(store.remove_flag(&mule).unwrap());
    assert!(!store.remove_flag(&mule).unwrap());
    assert!(store.account(&AccountKey::new("X", "none")).unwrap().is_none());
}

#[test]
fn sqlite_story() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join("node.db")).unwrap();
    story(&store);
}

#[test]
fn sqlite_reopen_keeps_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("node.db");
    {
        let store = SqliteStore::open(&path).unwrap();
        let identity = NodeIdentity::new(node(), Country::LA, "AMLIO").unwrap();
        store.init_node_identity(&identity).unwrap();
        let tx = transaction("t-1", 0, "a", "b", "1");
        store
            .commit(&CommitBatch { transactions: vec![(tx, Decision::Allow, 0)], ..CommitBatch::default() })
            .unwrap();
    }
    let store = SqliteStore::open(&path).unwrap();
    assert_eq!(store.transaction_count().unwrap(), 1);
    assert_eq!(store.node_identity().unwrap().unwrap().country, Country::LA);
}

#[test]
fn sqlite_uses_wal() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("node.db");
    let _store = SqliteStore::open(&path).unwrap();
    let connection = rusqlite::Connection::open(&path).unwrap();
    let mode: String = connection.pragma_query_value(None, "journal_mode", |row| row.get(0)).unwrap();
    assert_eq!(mode, "wal");
}
