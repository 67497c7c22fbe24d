//! Manual custody steps recorded for one item at once through two stores on one
//! database file, as two processes would: the order check and the append are one
//! write transaction, so only one of two conflicting steps is stored.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::{Arc, Barrier};
use std::thread;

use chrono::Utc;
use mekong_audit::NodeKey;
use mekong_evidence::manual_event::{ManualEvent, Rejection};
use mekong_evidence::{
    AddRequest, CustodyLog, EventKind, EvidenceError, EvidenceKind, Vault, VaultKey, checkpoint_origin, verify_custody,
};
use mekong_store::SqliteStore;
use mekong_store::evidence::EvidenceStore;

const NODE: &str = "cn-test";
const SECRET: [u8; 32] = [5; 32];
const THREADS_PER_STORE: usize = 3;

/// Opens the node in `dir` with its own store connection, as a separate process does.
fn open(dir: &std::path::Path) -> (Arc<SqliteStore>, Arc<Vault>) {
    let store = Arc::new(SqliteStore::open(&dir.join("node.db")).unwrap());
    let log = CustodyLog::new(store.clone(), NodeKey::from_secret(&SECRET), NODE);
    let key = VaultKey::load_or_generate(dir).unwrap();
    (store.clone(), Arc::new(Vault::new(dir, store, key, log, NODE)))
}

fn step(item_id: &str, kind: EventKind, actor: String) -> ManualEvent {
    ManualEvent { item_id: item_id.into(), kind, actor, at: Utc::now().fixed_offset(), place: None, seal_number: None, note: None }
}

/// Records `kind` for the item from every thread of both stores at once and returns
/// the outcomes.
fn race(vaults: &[Arc<Vault>], item_id: &str, kind: EventKind) -> Vec<Result<i64, EvidenceError>> {
    let barrier = Arc::new(Barrier::new(vaults.len() * THREADS_PER_STORE));
    let mut handles = Vec::new();
    for (store_index, vault) in vaults.iter().enumerate() {
        for thread_index in 0..THREADS_PER_STORE {
            let vault = vault.clone();
            let barrier = barrier.clone();
            let event = step(item_id, kind, format!("cli:officer-{store_index}-{thread_index}"));
            handles.push(thread::spawn(move || {
                barrier.wait();
                vault.custody_log().record_manual(&event)
            }));
        }
    }
    handles.into_iter().map(|handle| handle.join().unwrap()).collect()
}

fn rejections(outcomes: &[Result<i64, EvidenceError>]) -> Vec<Rejection> {
    outcomes
        .iter()
        .filter_map(|outcome| match outcome {
            Err(EvidenceError::EventRejected { rejection, .. }) => Some(*rejection),
            _ => None,
        })
        .collect()
}

#[test]
fn two_stores_one_step_wins() {
    let dir = tempfile::tempdir().unwrap();
    let (store, first) = open(dir.path());
    let (_, second) = open(dir.path());
    let request = AddRequest::new("C-RACE", EvidenceKind::DeviceExtraction, "cli:officer");
    let item_id = first.add_reader(&request, "phone.bin", &b"extraction"[..]).unwrap().id;
    let vaults = [first.clone(), second];

    for (kind, rejected_as) in [
        (EventKind::CheckedOut, Rejection::NotCheckedIn),
        (EventKind::CheckedIn, Rejection::NotCheckedOut),
        (EventKind::Disposed, Rejection::AfterDisposed),
    ] {
        let outcomes = race(&vaults, &item_id, kind);

        let stored = outcomes.iter().filter(|outcome| outcome.is_ok()).count();
        assert_eq!(stored, 1, "{kind:?}: {outcomes:?}");
        assert_eq!(rejections(&outcomes), vec![rejected_as; outcomes.len() - 1], "{kind:?}");
    }

    let kinds: Vec<String> = store.item_custody_events(&item_id).unwrap().into_iter().map(|row| row.event.kind).collect();
    assert_eq!(kinds, vec!["checked_in", "checked_out", "checked_in", "disposed"]);
    let trusted = [NodeKey::from_secret(&SECRET).public_key()];
    let report =
        verify_custody(store.as_ref(), dir.path(), first.vault_key(), &trusted, &checkpoint_origin(NODE), Some(&item_id)).unwrap();
    assert!(report.is_ok(), "{:?}", report.problems);
}
