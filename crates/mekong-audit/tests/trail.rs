//! Recording from many threads, searching and exporting the trail.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::BTreeSet;
use std::sync::Arc;

use chrono::{Duration, Utc};
use common::{Node, analyst, event};
use mekong_audit::{AuditQuery, ExportFormat, export, search, verify};

#[test]
fn concurrent_records_form_chain() {
    let node = Arc::new(Node::new(100));

    let threads: Vec<_> = (0..8u64)
        .map(|thread| {
            let node = node.clone();
            std::thread::spawn(move || {
                (0..200u64).map(|index| node.auditor.record(event(thread * 1_000 + index)).unwrap()).collect::<Vec<_>>()
            })
        })
        .collect();
    let seqs: BTreeSet<u64> = threads.into_iter().flat_map(|thread| thread.join().unwrap()).collect();

    assert_eq!(seqs.len(), 1_600);
    assert_eq!(seqs.first(), Some(&1));
    assert_eq!(seqs.last(), Some(&1_600));
    let report = verify(node.store.as_ref()).unwrap();
    assert!(report.is_intact(), "{report:?}");
    assert_eq!(report.records, 1_600);
    assert_eq!(report.checkpoints, 16);
}

#[test]
fn record_rejects_empty_action() {
    let node = Node::new(10);
    let mut empty = event(1);
    empty.action = " ".into();

    assert!(node.auditor.record(empty).is_err());
}

#[test]
fn search_filters_by_criteria() {
    let node = Node::new(100);
    node.record_many(30);
    let store = node.store.as_ref();

    let by_user = search(store, &AuditQuery { user: Some("somchai".into()), ..AuditQuery::default() }).unwrap();
    let by_user_id = search(store, &AuditQuery { user: Some("u-li".into()), ..AuditQuery::default() }).unwrap();
    let by_object = search(
        store,
        &AuditQuery { object_type: Some("alert".into()), object_id: Some("alert-6".into()), ..AuditQuery::default() },
    )
    .unwrap();
    let by_action = search(store, &AuditQuery { action: Some("alert.status_change".into()), ..AuditQuery::default() }).unwrap();
    let by_prefix = search(store, &AuditQuery { action: Some("alert.".into()), ..AuditQuery::default() }).unwrap();
    let future = search(store, &AuditQuery { from: Some(Utc::now() + Duration::hours(1)), ..AuditQuery::default() }).unwrap();
    let past = search(store, &AuditQuery { until: Some(Utc::now() - Duration::hours(1)), ..AuditQuery::default() }).unwrap();

    assert_eq!(by_user.total, 15);
    assert!(by_user.items.iter().all(|entry| entry.actor.name == "somchai"));
    assert_eq!(by_user_id.total, 15);
    assert_eq!(by_object.total, 1);
    assert_eq!(by_object.items[0].changes[0].new.as_deref(), Some("under_review"));
    assert_eq!(by_action.total, 10);
    assert_eq!(by_prefix.total, 30);
    assert_eq!(future.total, 0);
    assert_eq!(past.total, 0);
}

#[test]
fn search_pages_newest_first() {
    let node = Node::new(100);
    node.record_many(30);

    let page = search(node.store.as_ref(), &AuditQuery { page: 2, per_page: 10, ..AuditQuery::default() }).unwrap();

    let seqs: Vec<u64> = page.items.iter().map(|entry| entry.seq).collect();
    assert_eq!(page.total, 30);
    assert_eq!(seqs, (11..=20).rev().collect::<Vec<_>>());
}

#[test]
fn audited_search_is_recorded() {
    let node = Node::new(100);
    node.record_many(5);
    let auditor_actor = analyst("inspector");

    let page = node
        .auditor
        .search(&auditor_actor, &AuditQuery { user: Some("li".into()), ..AuditQuery::default() }, None)
        .unwrap();
    let searches = search(node.store.as_ref(), &AuditQuery { action: Some("audit.search".into()), ..AuditQuery::default() }).unwrap();

    assert_eq!(page.total, 2);
    assert_eq!(searches.total, 1);
    assert_eq!(searches.items[0].actor.name, "inspector");
    assert_eq!(searches.items[0].changes[0].field, "query.user");
    assert_eq!(searches.items[0].changes[0].new.as_deref(), Some("li"));
}

#[test]
fn csv_export_has_every_record() {
    let node = Node::new(100);
    node.record_many(12);
    let mut out = Vec::new();

    let count = export(node.store.as_ref(), &AuditQuery::default(), ExportFormat::Csv, &mut out).unwrap();

    let mut reader = csv::Reader::from_reader(out.as_slice());
    let headers = reader.headers().unwrap().clone();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(count, 12);
    assert_eq!(rows.len(), 12);
    assert_eq!(&headers[0], "seq");
    assert_eq!(&rows[0][0], "1");
    assert_eq!(&rows[0][6], "alert.status_change");
    assert_eq!(&rows[0][4], "fiu_analyst");
    assert!(rows[0][9].contains("under_review"));
    assert_eq!(rows[11][12].len(), 64);
}

#[test]
fn jsonl_export_filters_and_parses() {
    let node = Node::new(100);
    node.record_many(12);
    let mut out = Vec::new();
    let query = AuditQuery { action: Some("alert.view".into()), ..AuditQuery::default() };

    let count = export(node.store.as_ref(), &query, ExportFormat::Jsonl, &mut out).unwrap();

    let text = String::from_utf8(out).unwrap();
    let lines: Vec<serde_json::Value> = text.lines().map(|line| serde_json::from_str(line).unwrap()).collect();
    assert_eq!(count, 8);
    assert_eq!(lines.len(), 8);
    assert!(lines.iter().all(|line| line["action"] == "alert.view"));
    assert_eq!(lines[0]["seq"], 2);
}

#[test]
fn audited_export_is_recorded() {
    let node = Node::new(100);
    node.record_many(3);
    let mut out = Vec::new();

    let count = node
        .auditor
        .export(&analyst("inspector"), &AuditQuery::default(), ExportFormat::Jsonl, None, &mut out)
        .unwrap();
    let exports = search(node.store.as_ref(), &AuditQuery { action: Some("audit.export".into()), ..AuditQuery::default() }).unwrap();

    // The export's own record is written first, so the export contains it.
    assert_eq!(count, 4);
    assert_eq!(exports.total, 1);
    assert!(exports.items[0].changes.iter().any(|change| change.field == "format" && change.new.as_deref() == Some("jsonl")));
}
