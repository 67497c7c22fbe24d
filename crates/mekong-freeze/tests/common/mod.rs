//! Builders shared by the freeze tests.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::str::FromStr;
use std::sync::Arc;

use chrono::{DateTime, TimeZone, Utc};
use mekong_auth::Role;
use mekong_core::{AccountKey, Country, Currency, Money, NodeId, NodeIdentity};
use mekong_freeze::transition::{Applied, approve, request};
use mekong_freeze::{Actor, Freeze, FreezeConfig, FreezeRequest, FreezeState, LegalBasis, store_transition};
use mekong_store::{SqliteStore, Store};
use rust_decimal::Decimal;
use tempfile::TempDir;

/// Opens `mekong.db` in `dir` and records the node identity `cn-freeze-test`.
pub fn open_store(dir: &TempDir) -> Arc<SqliteStore> {
    let store = Arc::new(SqliteStore::open(&dir.path().join("mekong.db")).unwrap());
    let identity = NodeIdentity::new(NodeId::new("cn-freeze-test").unwrap(), Country::CN, "TEST").unwrap();
    store.init_node_identity(&identity).unwrap();
    store
}

pub fn at(day: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, day, 9, 0, 0).unwrap()
}

pub fn analyst() -> Actor {
    Actor::new("wang.analyst", vec![Role::FiuAnalyst])
}

pub fn supervisor() -> Actor {
    Actor::new("li.supervisor", vec![Role::Supervisor])
}

pub fn freeze_request(amount: &str) -> FreezeRequest {
    FreezeRequest {
        accounts: vec![AccountKey::new("ICBC", "6222020000001111")],
        amount: Money::new(Decimal::from_str(amount).unwrap(), Currency::CNY),
        legal_basis: LegalBasis::CnAntiTelecomFraudArt20,
        case_reference: "YN-2026-0142".to_owned(),
        reason: "Received victim funds in a fake-investment case".to_owned(),
    }
}

/// Builds a freeze placed directly in `state`, requested by the analyst, expiring on 1 March 2026.
pub fn freeze_in(state: FreezeState) -> Freeze {
    Freeze {
        id: format!("FRZ-{state}"),
        state,
        request: freeze_request("50000.00"),
        requested_by: analyst().username,
        approved_by: None,
        created_at: at(1),
        stopped_at: None,
        activated_at: None,
        expires_at: Some(at(1)),
        returns: Vec::new(),
        appeal: None,
    }
}

/// Stores a freeze requested by the analyst and approved by the supervisor, which
/// queues one bank notice of the active freeze.
pub fn approved_freeze(store: &SqliteStore, id: &str) -> Applied {
    let requested = request(id, &freeze_request("5000.00"), &analyst(), at(1)).unwrap();
    store_transition(store, &requested).unwrap();
    let approved = approve(&requested.freeze, &supervisor(), at(2), &FreezeConfig::default(), "court order").unwrap();
    store_transition(store, &approved).unwrap();
    approved
}
