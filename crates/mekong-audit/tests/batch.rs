//! Batched recording: the chain and checkpoints match one-by-one recording,
//! verification passes, closing appends everything queued, and tampering with a
//! batched record is still detected.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::sync::Arc;

use common::{Node, event};
use mekong_audit::{BatchRecorder, Damage, TrySubmit, verify};
use mekong_store::audit::{AuditFilter, AuditRow, AuditStore};

fn rows(node: &Node) -> Vec<AuditRow> {
    let mut rows = Vec::new();
    node.store
        .for_each_audit_record(&AuditFilter::default(), &mut |row| {
            rows.push(row);
            Ok(())
        })
        .unwrap();
    rows
}

#[test]
fn record_many_checkpoints_each_boundary() {
    let node = Node::new(100);

    let first = node.auditor.record_many((0..250).map(event).collect()).unwrap();
    let second = node.auditor.record_many((250..420).map(event).collect()).unwrap();

    assert_eq!(first, (1..=250).collect::<Vec<u64>>());
    assert_eq!(second, (251..=420).collect::<Vec<u64>>());
    let checkpoint_seqs: Vec<i64> = node.store.checkpoints().unwrap().iter().map(|row| row.checkpoint.seq).collect();
    assert_eq!(checkpoint_seqs, vec![100, 200, 300, 400]);

    let report = verify(node.store.as_ref()).unwrap();
    assert!(report.is_intact(), "{report:?}");
    assert_eq!(report.records, 420);
}

#[test]
fn record_many_rejects_invalid_batch() {
    let node = Node::new(100);
    let mut invalid = event(1);
    invalid.action = " ".into();

    let result = node.auditor.record_many(vec![event(0), invalid]);

    assert!(result.is_err());
    assert!(rows(&node).is_empty(), "no record of a rejected batch may be stored");
}

#[test]
fn batched_records_chain_like_single() {
    let single = Node::new(1_000);
    let batched = Node::new(1_000);

    for index in 0..30 {
        single.auditor.record(event(index)).unwrap();
    }
    batched.auditor.record_many((0..30).map(event).collect()).unwrap();

    // The times differ between the two trails, so compare every hashed field
    // except the time, and check that each record chains on the one before.
    let single_rows = rows(&single);
    let batched_rows = rows(&batched);
    assert_eq!(single_rows.len(), batched_rows.len());
    for (one, other) in single_rows.iter().zip(&batched_rows) {
        let mut other_record = other.record.clone();
        other_record.time_us = one.record.time_us;
        assert_eq!(one.seq, other.seq);
        assert_eq!(one.record, other_record);
    }
    for pair in batched_rows.windows(2) {
        assert_eq!(pair[1].prev_hash, pair[0].hash, "seq {} does not chain on its predecessor", pair[1].seq);
    }
    assert!(verify(batched.store.as_ref()).unwrap().is_intact());
}

#[test]
fn recorder_verifies_after_5000_records() {
    let node = Node::new(1_000);
    let auditor = Arc::new(node.auditor);
    let recorder = Arc::new(BatchRecorder::with_capacity(Arc::clone(&auditor), 512));

    let threads: Vec<_> = (0..4u64)
        .map(|thread| {
            let recorder = Arc::clone(&recorder);
            std::thread::spawn(move || {
                for index in 0..1_250 {
                    recorder.submit(event(thread * 1_250 + index)).unwrap();
                }
            })
        })
        .collect();
    for thread in threads {
        thread.join().unwrap();
    }
    recorder.close();

    let stats = recorder.stats();
    assert_eq!(stats.recorded, 5_000);
    assert_eq!(stats.failed, 0);
    assert!(stats.batches >= 1);
    let report = verify(node.store.as_ref()).unwrap();
    assert!(report.is_intact(), "{report:?}");
    assert_eq!(report.records, 5_000);
    let checkpoint_seqs: Vec<i64> = node.store.checkpoints().unwrap().iter().map(|row| row.checkpoint.seq).collect();
    assert_eq!(checkpoint_seqs, vec![1_000, 2_000, 3_000, 4_000, 5_000]);
}

#[test]
fn drop_flushes_queued_events() {
    let node = Node::new(1_000);
    let auditor = Arc::new(node.auditor);
    let recorder = BatchRecorder::with_capacity(Arc::clone(&auditor), 4_096);

    for index in 0..3_000 {
        match recorder.try_submit(event(index)).unwrap() {
            TrySubmit::Queued => {}
            TrySubmit::Full(event) => recorder.submit(*event).unwrap(),
        }
    }
    drop(recorder);

    assert_eq!(node.store.audit_head().unwrap().map(|(seq, _)| seq), Some(3_000));
    assert!(verify(node.store.as_ref()).unwrap().is_intact());
}

#[test]
fn submit_after_close_records_directly() {
    let node = Node::new(1_000);
    let auditor = Arc::new(node.auditor);
    let recorder = BatchRecorder::new(Arc::clone(&auditor));
    recorder.close();

    recorder.submit(event(0)).unwrap();
    let outcome = recorder.try_submit(event(1)).unwrap();

    assert!(matches!(outcome, TrySubmit::Full(_)), "{outcome:?}");
    assert_eq!(node.store.audit_head().unwrap().map(|(seq, _)| seq), Some(1));
}

#[test]
fn submit_rejects_invalid_event() {
    let node = Node::new(1_000);
    let recorder = BatchRecorder::new(Arc::new(node.auditor));
    let mut invalid = event(0);
    invalid.actor.name = String::new();

    assert!(recorder.submit(invalid.clone()).is_err());
    assert!(recorder.try_submit(invalid).is_err());
}

#[test]
fn batched_tampering_detected() {
    let node = Node::new(100);
    node.auditor.record_many((0..250).map(event).collect()).unwrap();

    let attacker = node.attacker();
    attacker.execute("UPDATE audit_records SET object_id = 'alert-x' WHERE seq = 120", []).unwrap();

    let report = verify(node.store.as_ref()).unwrap();
    let problem = report.problem.clone().unwrap_or_else(|| panic!("no problem found: {report:?}"));
    assert_eq!(problem.damage, Damage::Edited, "{problem:?}");
    assert_eq!(problem.seq, 120, "{problem:?}");
}
