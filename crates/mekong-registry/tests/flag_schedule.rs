//! The monitor's flags follow the validity period of bank-account entries, against a
//! real SQLite store: entries not started yet or expired flag nothing, and a refresh
//! flags and unflags accounts as entries come into force and lapse.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use chrono::{DateTime, TimeDelta, Utc};
use mekong_core::{AccountKey, Country, NodeId, NodeIdentity};
use mekong_registry::{Entry, FlagRefresh, IdentifierKind, ListingType, Registry, StoreFlags};
use mekong_store::{SqliteStore, Store};

fn open_store(dir: &tempfile::TempDir) -> Arc<SqliteStore> {
    let store = Arc::new(SqliteStore::open(&dir.path().join("mekong.db")).unwrap());
    let identity = NodeIdentity::new(NodeId::new("cn-registry-test").unwrap(), Country::CN, "TEST").unwrap();
    store.init_node_identity(&identity).unwrap();
    store
}

fn account_entry(number: &str, starts_at: DateTime<Utc>, expires_at: Option<DateTime<Utc>>) -> Entry {
    let raw = format!("ICBC/{number}");
    Entry {
        kind: IdentifierKind::BankAccount,
        value: mekong_registry::normalise(IdentifierKind::BankAccount, &raw, Country::CN).unwrap().value,
        raw,
        valid: true,
        listing: ListingType::CaseRelatedAccount,
        reason: "Received victim funds in a fake-investment case".to_owned(),
        note: String::new(),
        source_agency: "MPS".to_owned(),
        legal_basis: "Anti-Telecom and Online Fraud Law Art. 31".to_owned(),
        appeal: "Apply for review to the issuing public security organ within 30 days".to_owned(),
        starts_at,
        expires_at,
        origin: "cn-registry-test".to_owned(),
        added_at: Utc::now(),
    }
}

fn flagged(store: &SqliteStore) -> Vec<String> {
    let mut accounts: Vec<String> = store.flags().unwrap().into_iter().map(|flag| flag.account.as_str().to_owned()).collect();
    accounts.sort();
    accounts
}

#[test]
fn flags_follow_entry_validity() {
    let dir = tempfile::tempdir().unwrap();
    let store = open_store(&dir);
    let registry = Registry::load(store.clone(), Arc::new(StoreFlags(store.clone())), Country::CN).unwrap();
    let now = Utc::now();

    let current = account_entry("6222020000000001", now - TimeDelta::days(1), None);
    let future = account_entry("6222020000000002", now + TimeDelta::days(3), None);
    let expiring = account_entry("6222020000000003", now - TimeDelta::days(10), Some(now + TimeDelta::days(2)));
    let expired = account_entry("6222020000000004", now - TimeDelta::days(10), Some(now - TimeDelta::days(1)));
    for entry in [&current, &future, &expiring, &expired] {
        registry.add(entry.clone()).unwrap();
    }
    assert_eq!(flagged(&store), vec![current.value.clone(), expiring.value.clone()], "only entries in force flag");

    let first = registry.refresh_flags(now).unwrap();
    assert_eq!(first.flagged, 0, "accounts flagged by add are not flagged again");
    assert_eq!(flagged(&store), vec![current.value.clone(), expiring.value.clone()]);

    let later = now + TimeDelta::days(4);
    let refresh = registry.refresh_flags(later).unwrap();
    assert_eq!(refresh, FlagRefresh { flagged: 1, unflagged: 1 });
    assert_eq!(flagged(&store), vec![current.value.clone(), future.value.clone()]);

    let again = registry.refresh_flags(later).unwrap();
    assert_eq!(again, FlagRefresh::default(), "a refresh without changes writes nothing");
}

#[test]
fn restart_unflags_lapsed_entries() {
    let dir = tempfile::tempdir().unwrap();
    let store = open_store(&dir);
    let now = Utc::now();
    let lapsing = account_entry("6222020000000005", now - TimeDelta::days(10), Some(now + TimeDelta::days(1)));
    {
        let registry = Registry::load(store.clone(), Arc::new(StoreFlags(store.clone())), Country::CN).unwrap();
        registry.add(lapsing.clone()).unwrap();
    }
    assert_eq!(flagged(&store), vec![lapsing.value.clone()]);

    // A node started after the entry lapsed removes the flag it stored earlier.
    let registry = Registry::load(store.clone(), Arc::new(StoreFlags(store.clone())), Country::CN).unwrap();
    let refresh = registry.refresh_flags(now + TimeDelta::days(2)).unwrap();
    assert_eq!(refresh.unflagged, 1);
    assert!(flagged(&store).is_empty());
    assert!(!store.flags().unwrap().iter().any(|flag| flag.account == AccountKey::from_stored(lapsing.value.clone())));
}
