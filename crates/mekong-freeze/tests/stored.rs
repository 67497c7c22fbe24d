//! Freezes against a real SQLite store and pipeline: history and round trip, the
//! state check on concurrent transitions, and the effect of an approved freeze on
//! the very next debit.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::str::FromStr;
use std::sync::Arc;

use mekong_core::{
    AccountRef, Channel, Country, Currency, Decision, Money, NodeId, Timestamp, Transaction,
};
use mekong_freeze::transition::{Applied, approve, release, request, return_funds};
use mekong_freeze::{FreezeConfig, apply_hold, freeze_from_record, freeze_to_record, transition_to_record};
use mekong_ingest::pipeline::{Outcome, Pipeline};
use mekong_monitor::RuleSet;
use mekong_store::freeze::FreezeStore;
use mekong_store::{SqliteStore, Store, StoreError};
use rust_decimal::Decimal;

use common::{analyst, at, freeze_request, open_store, supervisor};

fn save(store: &SqliteStore, applied: &Applied) -> Result<(), StoreError> {
    store.record_freeze_transition(&freeze_to_record(&applied.freeze), &transition_to_record(&applied.record))
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

fn decision_of(outcomes: &[Outcome]) -> Decision {
    match &outcomes[0] {
        Outcome::Accepted { decision, .. } => *decision,
        other => panic!("expected an accepted transaction, got {other:?}"),
    }
}

#[test]
fn history_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    let store = open_store(&dir);

    let requested = request("FRZ-10", &freeze_request("8000.50"), &analyst(), at(1)).unwrap();
    save(&store, &requested).unwrap();
    let approved = approve(&requested.freeze, &supervisor(), at(2), &FreezeConfig::default(), "ok").unwrap();
    save(&store, &approved).unwrap();
    let returns = [("Zhang San".to_owned(), Decimal::from_str("3000.25").unwrap())];
    let returned = return_funds(&approved.freeze, &supervisor(), at(3), &returns, "court order").unwrap();
    save(&store, &returned).unwrap();

    let stored = freeze_from_record(&store.freeze("FRZ-10").unwrap().unwrap()).unwrap();
    assert_eq!(stored, returned.freeze);
    assert_eq!(store.freezes().unwrap().len(), 1);

    let history = store.freeze_transitions("FRZ-10").unwrap();
    let steps: Vec<(Option<&str>, &str, &str)> =
        history.iter().map(|step| (step.from_state.as_deref(), step.to_state.as_str(), step.actor.as_str())).collect();
    assert_eq!(
        steps,
        [
            (None, "requested", "wang.analyst"),
            (Some("requested"), "active", "li.supervisor"),
            (Some("active"), "returned_to_victims", "li.supervisor"),
        ]
    );
}

#[test]
fn stale_transition_is_rejected() {
    let dir = tempfile::tempdir().unwrap();
    let store = open_store(&dir);

    let requested = request("FRZ-11", &freeze_request("10.00"), &analyst(), at(1)).unwrap();
    save(&store, &requested).unwrap();
    assert!(matches!(save(&store, &requested), Err(StoreError::Conflict { .. })), "duplicate id");

    let approved = approve(&requested.freeze, &supervisor(), at(2), &FreezeConfig::default(), "ok").unwrap();
    let released = release(&requested.freeze, &supervisor(), at(2), "withdrawn").unwrap();
    save(&store, &approved).unwrap();
    assert!(matches!(save(&store, &released), Err(StoreError::Conflict { .. })), "read before the approval");
    assert_eq!(store.freeze_transitions("FRZ-11").unwrap().len(), 2);
}

#[test]
fn approved_freeze_holds_next_debit() {
    let dir = tempfile::tempdir().unwrap();
    let store = open_store(&dir);
    let shared: Arc<dyn Store> = store.clone();
    let pipeline = Arc::new(Pipeline::start(shared, RuleSet::defaults()).unwrap());
    let frozen = ("ICBC", "6222020000001111");

    let before = pipeline.submit(vec![transfer("T1", frozen, ("BOC", "6013820000002222"))]).unwrap();
    assert_eq!(decision_of(&before), Decision::Allow);

    let requested = request("FRZ-12", &freeze_request("10.00"), &analyst(), at(1)).unwrap();
    save(&store, &requested).unwrap();
    apply_hold(&requested.freeze, &pipeline).unwrap();
    let pending = pipeline.submit(vec![transfer("T2", frozen, ("BOC", "6013820000002222"))]).unwrap();
    assert_eq!(decision_of(&pending), Decision::Allow, "a request alone must not hold payments");

    let approved = approve(&requested.freeze, &supervisor(), at(2), &FreezeConfig::default(), "ok").unwrap();
    save(&store, &approved).unwrap();
    apply_hold(&approved.freeze, &pipeline).unwrap();

    let next = pipeline.submit(vec![transfer("T3", frozen, ("BOC", "6013820000002222"))]).unwrap();
    assert_eq!(decision_of(&next), Decision::Hold);
    let credit = pipeline.submit(vec![transfer("T3c", ("BOC", "6013820000002222"), frozen)]).unwrap();
    assert_eq!(decision_of(&credit), Decision::Allow, "credits into a frozen account must be accepted");

    let released = release(&approved.freeze, &supervisor(), at(3), "cleared").unwrap();
    save(&store, &released).unwrap();
    apply_hold(&released.freeze, &pipeline).unwrap();
    let after = pipeline.submit(vec![transfer("T4", frozen, ("BOC", "6013820000002222"))]).unwrap();
    assert_eq!(decision_of(&after), Decision::Allow);
}
