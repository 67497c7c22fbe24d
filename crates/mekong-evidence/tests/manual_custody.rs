//! Manual custody events through a real SQLite store: a full workflow that verifies,
//! rejected orders that leave the log unchanged, and tampering that verification finds.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use chrono::{DateTime, FixedOffset};
use mekong_audit::NodeKey;
use mekong_evidence::manual_event::{ManualDetails, ManualEvent, Rejection};
use mekong_evidence::{
    AddRequest, CustodyLog, EventKind, EvidenceError, EvidenceKind, Vault, VaultKey, checkpoint_origin, verify_custody,
};
use mekong_store::SqliteStore;
use mekong_store::evidence::EvidenceStore;

const NODE: &str = "la-test";

struct Node {
    _dir: tempfile::TempDir,
    path: std::path::PathBuf,
    store: Arc<SqliteStore>,
    vault: Vault,
}

impl Node {
    fn new() -> Node {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().to_owned();
        let store = Arc::new(SqliteStore::open(&path.join("node.db")).unwrap());
        let log = CustodyLog::new(store.clone(), NodeKey::from_secret(&[2; 32]), NODE);
        let key = VaultKey::load_or_generate(&path).unwrap();
        let vault = Vault::new(&path, store.clone(), key, log, NODE);
        Node { _dir: dir, path, store, vault }
    }

    fn add(&self) -> String {
        let request = AddRequest::new("C-7", EvidenceKind::DeviceExtraction, "cli:officer");
        self.vault.add_reader(&request, "phone.bin", &b"extraction"[..]).unwrap().id
    }

    fn record(&self, item_id: &str, kind: EventKind, seal: Option<&str>) -> Result<i64, EvidenceError> {
        let event = ManualEvent {
            item_id: item_id.into(),
            kind,
            actor: "web:officer".into(),
            at: at("2026-03-01T10:00:00+07:00"),
            place: Some("Vientiane evidence room".into()),
            seal_number: seal.map(str::to_owned),
            note: Some("bag intact".into()),
        };
        self.vault.custody_log().record_manual(&event)
    }

    fn verify(&self, item: Option<&str>) -> mekong_evidence::CustodyReport {
        let trusted = [NodeKey::from_secret(&[2; 32]).public_key()];
        verify_custody(self.store.as_ref(), &self.path, self.vault.vault_key(), &trusted, &checkpoint_origin(NODE), item).unwrap()
    }
}

fn at(text: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(text).unwrap()
}

fn rejection(result: Result<i64, EvidenceError>) -> Rejection {
    match result {
        Err(EvidenceError::EventRejected { rejection, .. }) => rejection,
        other => panic!("expected a rejection, got {other:?}"),
    }
}

#[test]
fn full_workflow_verifies() {
    let node = Node::new();
    let id = node.add();

    node.record(&id, EventKind::Collected, None).unwrap();
    node.record(&id, EventKind::Sealed, Some("SEAL-0042")).unwrap();
    node.record(&id, EventKind::CheckedOut, None).unwrap();
    node.record(&id, EventKind::CheckedIn, None).unwrap();
    node.record(&id, EventKind::Transferred, None).unwrap();
    node.record(&id, EventKind::Received, None).unwrap();
    let last = node.record(&id, EventKind::Disposed, None).unwrap();

    let report = node.verify(Some(&id));
    assert!(report.is_ok(), "{:?}", report.problems);
    assert_eq!(report.events, 8);
    assert_eq!(report.signed_tree_size, Some(8));
    assert_eq!(last, 8);

    let events = node.store.custody_events().unwrap();
    let sealed = &events[2].event;
    assert_eq!(sealed.kind, "sealed");
    assert_eq!(sealed.actor, "web:officer");
    assert_eq!(sealed.time_us, at("2026-03-01T03:00:00Z").timestamp_micros());
    let details = ManualDetails::parse(&sealed.details).unwrap();
    assert_eq!(details.at, "2026-03-01T10:00:00+07:00");
    assert_eq!(details.seal.as_deref(), Some("SEAL-0042"));
    assert_eq!(details.place.as_deref(), Some("Vientiane evidence room"));
    assert_eq!(details.note.as_deref(), Some("bag intact"));
}

#[test]
fn impossible_orders_rejected() {
    let node = Node::new();
    let id = node.add();

    assert_eq!(rejection(node.record(&id, EventKind::CheckedIn, None)), Rejection::NotCheckedOut);
    node.record(&id, EventKind::CheckedOut, None).unwrap();
    assert_eq!(rejection(node.record(&id, EventKind::CheckedOut, None)), Rejection::NotCheckedIn);
    assert_eq!(rejection(node.record(&id, EventKind::Sealed, None)), Rejection::SealMissing);
    assert_eq!(rejection(node.record(&id, EventKind::Collected, Some("S-1"))), Rejection::SealNotAllowed);
    assert_eq!(rejection(node.record(&id, EventKind::Parsed, None)), Rejection::SystemKind);
    node.record(&id, EventKind::Disposed, None).unwrap();
    assert_eq!(rejection(node.record(&id, EventKind::Received, None)), Rejection::AfterDisposed);

    assert_eq!(node.store.custody_events().unwrap().len(), 3);
    assert!(node.verify(None).is_ok());
}

#[test]
fn unknown_item_not_found() {
    let node = Node::new();

    let result = node.record("EV-missing", EventKind::Collected, None);

    assert!(matches!(result, Err(EvidenceError::ItemNotFound(id)) if id == "EV-missing"));
    assert!(node.store.custody_events().unwrap().is_empty());
}

#[test]
fn tampered_manual_event_detected() {
    let node = Node::new();
    let id = node.add();
    node.record(&id, EventKind::Sealed, Some("SEAL-1")).unwrap();

    // A tamperer opens the database directly and drops the append-only trigger first.
    let connection = rusqlite::Connection::open(node.path.join("node.db")).unwrap();
    connection.execute_batch("DROP TRIGGER IF EXISTS custody_events_no_update").unwrap();
    connection
        .execute("UPDATE custody_events SET details = replace(details, 'SEAL-1', 'SEAL-2') WHERE kind = 'sealed'", [])
        .unwrap();

    let report = node.verify(Some(&id));
    assert!(!report.is_ok());
}
