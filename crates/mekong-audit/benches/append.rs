//! Audit trail speed: one append (a committed SQLite write transaction with
//! `synchronous=FULL`), a batch of [`BATCH_RECORDS`] appended in one transaction, and
//! verification of a 100,000-record trail.
//!
//! Run with `cargo bench -p mekong-audit --bench append`. Appends per second are the
//! inverse of the `append_one` time, and `BATCH_RECORDS` divided by the `append_batch` time. Both depend on the disk's fsync latency, so
//! compare figures only on the same machine.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use mekong_audit::hash::{HashInput, record_hash};
use mekong_audit::{Actor, AuditEvent, Auditor, FieldChange, NodeKey, verify};
use mekong_core::NodeId;
use mekong_store::SqliteStore;
use mekong_store::audit::GENESIS_HASH;

/// Records that `append_batch` appends per transaction, as many as `BatchRecorder` takes at most.
const BATCH_RECORDS: u64 = 1_000;

/// Records in the trail that `verify_trail` checks.
const VERIFY_RECORDS: u64 = 100_000;

fn main() {
    divan::main();
}

fn open_node(dir: &std::path::Path) -> (Arc<SqliteStore>, Auditor) {
    let store = Arc::new(SqliteStore::open(&dir.join("mekong.db")).expect("open store"));
    let auditor = Auditor::open(store.clone(), NodeKey::generate(), NodeId::new("cn-bench").expect("node id"))
        .expect("open auditor");
    (store, auditor)
}

fn event(index: u64) -> AuditEvent {
    AuditEvent {
        actor: Actor {
            user_id: Some("u-0001".into()),
            name: "analyst".into(),
            roles: vec!["fiu_analyst".into()],
            agency: "AMLIO".into(),
        },
        action: "alert.status_change".into(),
        object_type: Some("alert".into()),
        object_id: Some(format!("alert-{index}")),
        changes: vec![FieldChange { field: "status".into(), old: Some("open".into()), new: Some("under_review".into()) }],
        purpose: Some("Lao AML/CFT Law Art. 31".into()),
        source: Some("127.0.0.1".into()),
    }
}

#[divan::bench(sample_count = 20, sample_size = 50)]
fn append_one(bencher: divan::Bencher) {
    let dir = tempfile::tempdir().expect("temp dir");
    let (_store, auditor) = open_node(dir.path());
    let mut index = 0u64;

    bencher.bench_local(|| {
        index += 1;
        auditor.record(event(index)).expect("record")
    });
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn append_batch(bencher: divan::Bencher) {
    let dir = tempfile::tempdir().expect("temp dir");
    let (_store, auditor) = open_node(dir.path());
    let mut next = 0u64;

    bencher
        .with_inputs(|| {
            let events: Vec<AuditEvent> = (next..next + BATCH_RECORDS).map(event).collect();
            next += BATCH_RECORDS;
            events
        })
        .bench_local_values(|events| auditor.record_many(events).expect("record batch"));
}

fn fill(path: &std::path::Path, count: u64) {
    let mut connection = rusqlite::Connection::open(path).expect("open database");
    let transaction = connection.transaction().expect("begin");
    let mut prev = GENESIS_HASH.to_vec();

    for index in 0..count {
        let seq = index as i64 + 1;
        let event = event(index);
        let time_us = 1_700_000_000_000_000 + seq;
        let hash = record_hash(seq, &HashInput::from_event(&event, time_us), &prev);
        transaction
            .execute(
                "INSERT INTO audit_records (seq, time_us, user_id, actor_name, actor_roles, actor_agency, action, \
                 object_type, object_id, changes, purpose, source, prev_hash, hash) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
                rusqlite::params![
                    seq,
                    time_us,
                    event.actor.user_id,
                    event.actor.name,
                    serde_json::to_string(&event.actor.roles).expect("roles"),
                    event.actor.agency,
                    event.action,
                    event.object_type,
                    event.object_id,
                    serde_json::to_string(&event.changes).expect("changes"),
                    event.purpose,
                    event.source,
                    prev,
                    hash.as_slice(),
                ],
            )
            .expect("insert");
        prev = hash.to_vec();
    }
    transaction.commit().expect("commit");
}

#[divan::bench(sample_count = 3, sample_size = 1)]
fn verify_trail(bencher: divan::Bencher) {
    let dir = tempfile::tempdir().expect("temp dir");
    let (store, auditor) = open_node(dir.path());

    // Filling through record() would commit and fsync 100,000 times, so the fill
    // writes the same rows, hashed by the same function, in one transaction.
    fill(&dir.path().join("mekong.db"), VERIFY_RECORDS);
    drop(auditor);

    bencher.bench_local(|| {
        let report = verify(store.as_ref()).expect("verify");
        assert_eq!(report.records, VERIFY_RECORDS);
    });
}
