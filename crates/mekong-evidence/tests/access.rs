//! Content reads recorded as `accessed` custody events, through a real SQLite store:
//! one event per read, in the item's history, in `custody verify` and in the court package.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::TestVault;
use mekong_evidence::package::{EVENTS_DIR, export_case, verify_package};
use mekong_evidence::{AddRequest, ContentAccess, EvidenceError, EvidenceKind};
use mekong_store::evidence::EvidenceStore;

const NODE: &str = "la-test";
const CONTENT: &[u8] = b"2024-01-03 10:00 <A>: transfer the deposit today";

fn new_node() -> TestVault {
    TestVault::new(NODE, [4; 32])
}

fn add(node: &TestVault) -> String {
    let request = AddRequest::new("C-READ", EvidenceKind::Document, "cli:officer");
    node.vault.add_reader(&request, "note.txt", CONTENT).unwrap().id
}

fn kinds(node: &TestVault, id: &str) -> Vec<String> {
    node.store.item_custody_events(id).unwrap().into_iter().map(|row| row.event.kind).collect()
}

fn access(purpose: Option<&str>) -> ContentAccess {
    ContentAccess { actor: "web:analyst".into(), channel: "web-download", purpose: purpose.map(str::to_owned) }
}

#[test]
fn each_read_records_one_event() {
    let node = new_node();
    let id = add(&node);

    let mut first = Vec::new();
    let read = node.vault.read_item(&id, &access(Some("compare with\nbank records")), &mut first).unwrap();
    let mut second = Vec::new();
    node.vault.read_item(&id, &access(None), &mut second).unwrap();

    assert_eq!(first, CONTENT);
    assert_eq!(second, CONTENT);
    assert_eq!(read.event_seq, 2);
    assert_eq!(kinds(&node, &id), vec!["checked_in", "accessed", "accessed"]);
    let events = node.store.item_custody_events(&id).unwrap();
    assert_eq!(events[1].event.actor, "web:analyst");
    assert_eq!(events[1].event.details, "channel=web-download purpose=compare with bank records");
    assert_eq!(events[2].event.details, "channel=web-download");
    assert_eq!(events[1].event.content_hash, read.hashes.sha256);
}

#[test]
fn metadata_reads_record_nothing() {
    let node = new_node();
    let id = add(&node);

    node.store.evidence_item(&id).unwrap().unwrap();
    node.store.evidence_items(Some("C-READ")).unwrap();
    node.store.item_custody_events(&id).unwrap();

    assert_eq!(kinds(&node, &id), vec!["checked_in"]);
}

#[test]
fn accessed_events_verify() {
    let node = new_node();
    let id = add(&node);
    node.vault.read_item(&id, &access(Some("review")), &mut Vec::new()).unwrap();

    let report = node.verify(Some(&id));

    assert!(report.is_ok(), "{:?}", report.problems);
    assert_eq!(report.events, 2);
    assert_eq!(report.signed_tree_size, Some(2));
}

#[test]
fn item_events_counted_separately() {
    let node = new_node();
    let first = add(&node);
    let request = AddRequest::new("C-READ", EvidenceKind::Document, "cli:officer");
    let second = node.vault.add_reader(&request, "other.txt", &b"another note"[..]).unwrap().id;
    node.vault.read_item(&first, &access(Some("review")), &mut Vec::new()).unwrap();
    node.vault.read_item(&second, &access(None), &mut Vec::new()).unwrap();
    node.vault.read_item(&second, &access(None), &mut Vec::new()).unwrap();

    let item_report = node.verify(Some(&first));
    let all = node.verify(None);

    assert!(item_report.is_ok(), "{:?}", item_report.problems);
    assert_eq!(item_report.events, 5);
    assert_eq!(item_report.item_events, 2);
    assert_eq!(item_report.items, 1);
    assert_eq!(all.item_events, 5);
    assert_eq!(all.items, 2);
}

#[test]
fn accessed_events_in_package() {
    let node = new_node();
    let id = add(&node);
    node.vault.read_item(&id, &access(Some("review")), &mut Vec::new()).unwrap();
    let out = node.dir.path().join("package");

    export_case(&node.vault, node.store.as_ref(), NODE, "C-READ", &out, "cli:officer").unwrap();

    let accessed = std::fs::read_to_string(out.join(EVENTS_DIR).join("00000002.json")).unwrap();
    assert!(accessed.contains("\"kind\":\"accessed\""), "{accessed}");
    assert!(accessed.contains("purpose=review"), "{accessed}");
    let graph = std::fs::read_to_string(out.join("case.jsonld")).unwrap();
    assert!(graph.contains("\"accessed\""));
    let report = verify_package(&out, None).unwrap();
    assert!(report.is_ok(), "{:?}", report.problems);
    assert_eq!(report.events, 3);
    assert_eq!(kinds(&node, &id), vec!["checked_in", "accessed", "exported"]);
}

#[test]
fn unknown_item_read_rejected() {
    let node = new_node();

    let result = node.vault.read_item("EV-missing", &access(None), &mut Vec::new());

    assert!(matches!(result, Err(EvidenceError::ItemNotFound(id)) if id == "EV-missing"));
    assert!(node.store.custody_events().unwrap().is_empty());
}
