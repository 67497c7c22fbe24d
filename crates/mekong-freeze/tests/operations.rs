//! The freeze work of a running node against a real SQLite store, pipeline and
//! loopback HTTP receiver: debit-only holds, holds rebuilt at start, the freeze clock
//! and the bank-notice outbox with retries across a restart.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::HashMap;
use std::str::FromStr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use chrono::{TimeDelta, Utc};
use mekong_audit::{Auditor, NodeKey};
use mekong_core::{AccountRef, Channel, Country, Currency, Decision, Money, NodeId, Timestamp, Transaction};
use mekong_freeze::transition::{approve, emergency_stop, release, request};
use mekong_freeze::{
    Backoff, FreezeClock, FreezeConfig, NoticeEndpoint, apply_hold, deliver_due, freeze_from_record, install_holds,
    store_transition,
};
use mekong_ingest::pipeline::{Outcome, Pipeline};
use mekong_monitor::RuleSet;
use mekong_store::audit::{AuditFilter, AuditStore};
use mekong_store::freeze::FreezeStore;
use mekong_store::outbox::OutboxStore;
use mekong_store::{SqliteStore, Store};
use rust_decimal::Decimal;

use common::{analyst, approved_freeze, at, freeze_request, open_store, supervisor};

const FROZEN: (&str, &str) = ("ICBC", "6222020000001111");
const OTHER: (&str, &str) = ("BOC", "6013820000002222");

fn start_pipeline(store: &Arc<SqliteStore>) -> Arc<Pipeline> {
    let shared: Arc<dyn Store> = store.clone();
    Arc::new(Pipeline::start(shared, RuleSet::defaults()).unwrap())
}

fn transfer(id: &str, debtor: (&str, &str), creditor: (&str, &str)) -> Transaction {
    Transaction {
        id: id.to_owned(),
        origin: NodeId::new("cn-freeze-test").unwrap(),
        timestamp: Timestamp::parse_rfc3339("2026-03-05T10:00:00+08:00").unwrap(),
        debtor: AccountRef::new(debtor.0, debtor.1, Some(Country::CN)),
        creditor: AccountRef::new(creditor.0, creditor.1, Some(Country::CN)),
        amount: Money::new(Decimal::from_str("120.00").unwrap(), Currency::CNY),
        channel: Channel::Transfer,
        reference: None,
    }
}

fn decision(pipeline: &Pipeline, tx: Transaction) -> Decision {
    match pipeline.submit(vec![tx]).unwrap().first() {
        Some(Outcome::Accepted { decision, .. }) => *decision,
        other => panic!("expected an accepted transaction, got {other:?}"),
    }
}

#[test]
fn hold_debits_accept_credits() {
    let dir = tempfile::tempdir().unwrap();
    let store = open_store(&dir);
    let pipeline = start_pipeline(&store);

    let approved = approved_freeze(&store, "FRZ-1");
    apply_hold(&approved.freeze, &pipeline).unwrap();

    assert_eq!(decision(&pipeline, transfer("T1", FROZEN, OTHER)), Decision::Hold);
    assert_eq!(decision(&pipeline, transfer("T2", OTHER, FROZEN)), Decision::Allow);

    let alerts = store.account_alerts(&mekong_core::AccountKey::new(FROZEN.0, FROZEN.1)).unwrap();
    let held = alerts.iter().find(|alert| alert.rule == mekong_monitor::FROZEN_DEBIT_RULE).expect("hold alert");
    assert_eq!(held.explanation.args.get("freeze").map(String::as_str), Some("FRZ-1"));
    assert_eq!(held.transactions, vec!["T1".to_owned()]);
}

#[test]
fn holds_rebuilt_at_start() {
    let dir = tempfile::tempdir().unwrap();
    let store = open_store(&dir);
    approved_freeze(&store, "FRZ-2");
    let stop = emergency_stop("FRZ-3", &freeze_request("10.00"), &analyst(), at(3)).unwrap();
    store_transition(store.as_ref(), &stop).unwrap();

    let pipeline = start_pipeline(&store);
    assert_eq!(decision(&pipeline, transfer("T1", FROZEN, OTHER)), Decision::Allow, "no hold before install");

    let freezes: Vec<_> = store.freezes().unwrap().iter().map(|record| freeze_from_record(record).unwrap()).collect();
    let held = install_holds(&freezes, &pipeline, store.as_ref()).unwrap();
    assert_eq!(held, 1);
    let account = mekong_core::AccountKey::new(FROZEN.0, FROZEN.1);
    assert_eq!(pipeline.debit_holds_of(&account).unwrap(), vec!["FRZ-2".to_owned(), "FRZ-3".to_owned()]);
    assert_eq!(decision(&pipeline, transfer("T2", FROZEN, OTHER)), Decision::Hold);

    let released = release(&stop.freeze, &supervisor(), at(4), "lifted").unwrap();
    store_transition(store.as_ref(), &released).unwrap();
    apply_hold(&released.freeze, &pipeline).unwrap();
    assert_eq!(decision(&pipeline, transfer("T3", FROZEN, OTHER)), Decision::Hold, "FRZ-2 still holds the account");
}

#[test]
fn notices_follow_bank_changes() {
    let dir = tempfile::tempdir().unwrap();
    let store = open_store(&dir);

    let requested = request("FRZ-4", &freeze_request("5000.00"), &analyst(), at(1)).unwrap();
    store_transition(store.as_ref(), &requested).unwrap();
    assert!(store.bank_notices(Some("FRZ-4")).unwrap().is_empty(), "a request is not sent to banks");

    let approved = approve(&requested.freeze, &supervisor(), at(2), &FreezeConfig::default(), "ok").unwrap();
    store_transition(store.as_ref(), &approved).unwrap();
    let released = release(&approved.freeze, &supervisor(), at(3), "cleared").unwrap();
    store_transition(store.as_ref(), &released).unwrap();

    let notices = store.bank_notices(Some("FRZ-4")).unwrap();
    let states: Vec<&str> = notices.iter().map(|notice| notice.state.as_str()).collect();
    assert_eq!(states, vec!["active", "released"]);

    let body: serde_json::Value = serde_json::from_str(&notices[0].payload).unwrap();
    assert_eq!(body["freeze_id"], "FRZ-4");
    assert_eq!(body["amount"], "5000.00");
    assert_eq!(body["currency"], "CNY");
    assert_eq!(body["hold_debits"], true);
    assert_eq!(body["accounts"][0], "ICBC/6222020000001111");
    assert_eq!(body["legal_basis"], "cn-atof-20");
    assert!(!notices[0].payload.contains("victim funds"), "the reason must not be sent");
    assert!(!notices[0].payload.contains("wang.analyst"), "user names must not be sent");
}

#[test]
fn clock_expires_and_reminds() {
    let dir = tempfile::tempdir().unwrap();
    let store = open_store(&dir);
    let pipeline = start_pipeline(&store);
    let key = NodeKey::load_or_generate(dir.path()).unwrap();
    let auditor = Arc::new(Auditor::open(store.clone(), key, NodeId::new("cn-freeze-test").unwrap()).unwrap());

    let approved = approved_freeze(&store, "FRZ-5");
    apply_hold(&approved.freeze, &pipeline).unwrap();
    let expires_at = approved.freeze.expires_at.unwrap();
    let clock = FreezeClock {
        freezes: store.clone(),
        outbox: store.clone(),
        pipeline: pipeline.clone(),
        auditor,
        agency: "TEST".to_owned(),
        reminder_lead: TimeDelta::days(14),
    };

    let early = clock.run_round(expires_at - TimeDelta::days(20)).unwrap();
    assert!(early.reminded.is_empty());
    assert!(early.expired.is_empty());

    let first = clock.run_round(expires_at - TimeDelta::days(3)).unwrap();
    assert_eq!(first.reminded, vec!["FRZ-5".to_owned()]);
    let second = clock.run_round(expires_at - TimeDelta::days(2)).unwrap();
    assert!(second.reminded.is_empty(), "one reminder per freeze and expiry time");
    assert_eq!(store.freeze_reminders(Some("FRZ-5")).unwrap().len(), 1);
    assert_eq!(decision(&pipeline, transfer("T1", FROZEN, OTHER)), Decision::Hold);

    let lapsed = clock.run_round(expires_at + TimeDelta::seconds(1)).unwrap();
    assert_eq!(lapsed.expired, vec!["FRZ-5".to_owned()]);
    assert_eq!(store.freeze("FRZ-5").unwrap().unwrap().state, "expired");
    assert_eq!(decision(&pipeline, transfer("T2", FROZEN, OTHER)), Decision::Allow);

    let last = store.freeze_transitions("FRZ-5").unwrap().pop().unwrap();
    assert_eq!(last.actor, "system");
    let states: Vec<String> = store.bank_notices(Some("FRZ-5")).unwrap().into_iter().map(|notice| notice.state).collect();
    assert_eq!(states, vec!["active".to_owned(), "expired".to_owned()]);

    let filter = AuditFilter { object_id: Some("FRZ-5".to_owned()), ..AuditFilter::default() };
    let mut audited = Vec::new();
    store.for_each_audit_record(&filter, &mut |row| {
        audited.push((row.record.actor_name, row.record.action));
        Ok(())
    })
    .unwrap();
    assert_eq!(audited, vec![("system".to_owned(), "freeze.expire".to_owned())]);
}

/// A bank endpoint that fails the first `failures` requests with 503 and then
/// acknowledges, counting acknowledgements per notice id.
#[derive(Clone, Default)]
struct Receiver {
    failures: usize,
    requests: Arc<AtomicUsize>,
    acknowledged: Arc<Mutex<HashMap<String, usize>>>,
    bodies: Arc<Mutex<Vec<String>>>,
}

async fn receive(State(receiver): State<Receiver>, headers: HeaderMap, body: String) -> StatusCode {
    let attempt = receiver.requests.fetch_add(1, Ordering::SeqCst);
    if attempt < receiver.failures {
        return StatusCode::SERVICE_UNAVAILABLE;
    }

    let key = headers.get("idempotency-key").and_then(|value| value.to_str().ok()).unwrap_or_default().to_owned();
    *receiver.acknowledged.lock().unwrap().entry(key).or_default() += 1;
    receiver.bodies.lock().unwrap().push(body);
    StatusCode::ACCEPTED
}

async fn start_receiver(receiver: Receiver) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let app = Router::new().route("/notices", post(receive)).with_state(receiver);
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    format!("http://{address}/notices")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn outbox_retries_across_restart() {
    let dir = tempfile::tempdir().unwrap();
    let receiver = Receiver { failures: 2, ..Receiver::default() };
    let url = start_receiver(receiver.clone()).await;
    let endpoint = NoticeEndpoint::parse(&url, None).unwrap();
    let no_wait = Backoff { first: Duration::ZERO, max: Duration::ZERO };

    let store = open_store(&dir);
    let requested = request("FRZ-6", &freeze_request("5000.00"), &analyst(), at(1)).unwrap();
    store_transition(store.as_ref(), &requested).unwrap();
    let approved = approve(&requested.freeze, &supervisor(), at(2), &FreezeConfig::default(), "ok").unwrap();
    store_transition(store.as_ref(), &approved).unwrap();

    let outbox: Arc<dyn OutboxStore> = store.clone();
    let first = deliver_due(outbox, &endpoint, no_wait, Utc::now()).await.unwrap();
    assert_eq!((first.delivered, first.failed), (0, 1));
    drop(store);

    // The node restarts: the pending notice is read back from the database file.
    let reopened: Arc<dyn OutboxStore> = Arc::new(SqliteStore::open(&dir.path().join("mekong.db")).unwrap());
    let mut delivered = 0;
    for _ in 0..5 {
        delivered += deliver_due(reopened.clone(), &endpoint, no_wait, Utc::now()).await.unwrap().delivered;
    }
    assert_eq!(delivered, 1);
    assert_eq!(receiver.requests.load(Ordering::SeqCst), 3, "two refusals, then one acknowledged attempt");

    let notices = reopened.bank_notices(Some("FRZ-6")).unwrap();
    assert_eq!(notices.len(), 1);
    assert!(notices[0].delivered_at.is_some());
    assert_eq!(notices[0].attempts, 2);
    let acknowledged = receiver.acknowledged.lock().unwrap().clone();
    assert_eq!(acknowledged, HashMap::from([(notices[0].id.to_string(), 1)]));
    let body = receiver.bodies.lock().unwrap()[0].clone();
    assert!(body.contains("\"state\":\"active\""));
}

#[test]
fn endpoint_rejects_remote_http() {
    assert!(NoticeEndpoint::parse("http://127.0.0.1:9/notices", None).is_ok());
    assert!(NoticeEndpoint::parse("http://localhost:9/notices", None).is_ok());
    assert!(NoticeEndpoint::parse("http://bank.example.com/notices", None).is_err());
    assert!(NoticeEndpoint::parse("https://bank.example.com/notices", None).is_err(), "https needs a CA file");
    assert!(NoticeEndpoint::parse("ftp://127.0.0.1/notices", None).is_err());
}

#[test]
fn backoff_doubles_to_max() {
    let backoff = Backoff { first: Duration::from_secs(5), max: Duration::from_secs(60) };
    assert_eq!(backoff.delay(1), Duration::from_secs(5));
    assert_eq!(backoff.delay(2), Duration::from_secs(10));
    assert_eq!(backoff.delay(4), Duration::from_secs(40));
    assert_eq!(backoff.delay(5), Duration::from_secs(60));
    assert_eq!(backoff.delay(40), Duration::from_secs(60));
}
