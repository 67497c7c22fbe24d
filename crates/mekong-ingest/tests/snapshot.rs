//! Monitor snapshots. A monitor restored from a snapshot and then fed the rest of a
//! stream must score exactly like one that saw the whole stream. A start with a
//! snapshot that does not fit (corrupt, truncated, other rules, other node, ahead of
//! the store) must fall back to the full replay.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::sync::Arc;

use mekong_core::{AccountKey, Country, NodeId, NodeIdentity, Transaction};
use mekong_ingest::generate::{Generator, GeneratorConfig};
use mekong_ingest::pipeline::{Outcome, Pipeline, PipelineError, SnapshotFallback};
use mekong_monitor::{Monitor, RuleSet, Snapshot, SnapshotTag};
use mekong_store::{SqliteStore, Store};

const NODE: &str = "cn-snapshot-test";

fn node_id() -> NodeId {
    NodeId::new(NODE).unwrap()
}

/// Generates a stream with fraud cases, as transactions of the test node.
fn stream(seed: u64, count: u64) -> Vec<Transaction> {
    let config = GeneratorConfig { transactions: count, accounts: 400, seed, cases_per_thousand: 20, ..GeneratorConfig::default() };
    Generator::new(config).map(|generated| generated.to_transaction(&node_id())).collect()
}

fn keys_of(transactions: &[Transaction]) -> Vec<AccountKey> {
    let mut keys: Vec<AccountKey> =
        transactions.iter().flat_map(|tx| [tx.debtor.key(), tx.creditor.key()]).collect();
    keys.sort();
    keys.dedup();
    keys
}

fn tag() -> SnapshotTag {
    SnapshotTag { node: NODE.to_owned(), rules_fingerprint: RuleSet::defaults().fingerprint(), covered: None }
}

/// Parses the default rules with a lower hold threshold.
fn changed_rules() -> RuleSet {
    let text = RuleSet::default_toml().replacen("hold_at = 80", "hold_at = 75", 1);
    assert_ne!(text, RuleSet::default_toml(), "the default rules no longer set hold_at = 80");
    RuleSet::from_toml(&text, "changed.toml").unwrap()
}

#[test]
fn restored_monitor_scores_identically() {
    for (seed, split) in [(1, 0), (2, 1), (3, 2_500), (4, 4_999), (5, 5_000)] {
        let transactions = stream(seed, 5_000);
        let mut full = Monitor::new(RuleSet::defaults(), node_id());
        for tx in &transactions[..split] {
            full.score(tx);
        }

        let bytes = full.encode_snapshot(&tag()).unwrap();
        let snapshot = Snapshot::decode(&bytes).unwrap();
        assert_eq!(snapshot.tag, tag());
        let mut restored = Monitor::from_snapshot(RuleSet::defaults(), node_id(), snapshot).unwrap();
        assert_eq!(restored.encode_snapshot(&tag()).unwrap(), bytes, "seed {seed}: state changed by the round trip");

        let mut alerts = 0;
        for (index, tx) in transactions[split..].iter().enumerate() {
            let expected = full.score(tx);
            let actual = restored.score(tx);
            alerts += expected.alerts.len();
            assert_eq!(actual, expected, "seed {seed}, split {split}: verdict {index} after the split differs");
        }
        if split < 2_500 {
            assert!(alerts > 0, "seed {seed}: the stream after the split must raise alerts");
        }

        for key in keys_of(&transactions) {
            assert_eq!(restored.account_risk(&key), full.account_risk(&key), "seed {seed}: risk differs");
        }
        assert_eq!(
            restored.encode_snapshot(&tag()).unwrap(),
            full.encode_snapshot(&tag()).unwrap(),
            "seed {seed}, split {split}: final states differ"
        );
    }
}

#[test]
fn flags_survive_snapshot() {
    let transactions = stream(11, 2_000);
    let flagged = transactions[1_500].creditor.key();
    let mut full = Monitor::new(RuleSet::defaults(), node_id());
    full.flag_account(flagged.clone(), "mule named by a bank".to_owned());
    for tx in &transactions[..1_000] {
        full.score(tx);
    }

    let snapshot = Snapshot::decode(&full.encode_snapshot(&tag()).unwrap()).unwrap();
    let mut restored = Monitor::from_snapshot(RuleSet::defaults(), node_id(), snapshot).unwrap();
    for tx in &transactions[1_000..] {
        assert_eq!(restored.score(tx), full.score(tx));
    }
}

#[test]
fn damaged_bytes_rejected() {
    let mut monitor = Monitor::new(RuleSet::defaults(), node_id());
    for tx in &stream(21, 500) {
        monitor.score(tx);
    }
    let bytes = monitor.encode_snapshot(&tag()).unwrap();

    for cut in [0, 10, 51, 52, bytes.len() / 2, bytes.len() - 1] {
        assert!(Snapshot::decode(&bytes[..cut]).is_err(), "a file cut to {cut} bytes was accepted");
    }

    for position in [0, 9, 15, 30, 60, bytes.len() / 2, bytes.len() - 1] {
        let mut damaged = bytes.clone();
        damaged[position] ^= 0x40;
        assert!(Snapshot::decode(&damaged).is_err(), "a flipped byte at {position} was accepted");
    }

    let mut longer = bytes.clone();
    longer.push(0);
    assert!(Snapshot::decode(&longer).is_err(), "a file with a trailing byte was accepted");
}

#[test]
fn fingerprint_follows_rules() {
    assert_eq!(RuleSet::defaults().fingerprint(), RuleSet::defaults().fingerprint());
    let renamed = RuleSet::from_toml(RuleSet::default_toml(), "elsewhere/rules.toml").unwrap();
    assert_eq!(renamed.fingerprint(), RuleSet::defaults().fingerprint(), "the file name must not matter");
    assert_ne!(changed_rules().fingerprint(), RuleSet::defaults().fingerprint());
}

/// Opens a store in `dir` with the identity of node `node`.
fn open_store(dir: &Path, node: &str) -> Arc<dyn Store> {
    let store = SqliteStore::open(&dir.join("mekong.db")).unwrap();
    let identity = NodeIdentity::new(NodeId::new(node).unwrap(), Country::CN, "TEST").unwrap();
    store.init_node_identity(&identity).unwrap();
    Arc::new(store)
}

fn submit_all(pipeline: &Pipeline, transactions: &[Transaction]) {
    for chunk in transactions.chunks(500) {
        pipeline.submit(chunk.to_vec()).unwrap();
    }
}

/// Outcomes of scoring `next` without storing it, and the risk of every account.
fn probe(pipeline: &Pipeline, next: &[Transaction], keys: &[AccountKey]) -> (Vec<Outcome>, Vec<u8>) {
    let scored = pipeline.score_batch(next.to_vec(), &std::collections::HashMap::new()).unwrap();
    let risks = keys.iter().map(|key| pipeline.account_risk(key).unwrap()).collect();
    (scored.outcomes, risks)
}

#[test]
fn restart_replays_only_tail() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("monitor.snapshot");
    let store = open_store(dir.path(), NODE);
    let transactions = stream(31, 6_000);
    let keys = keys_of(&transactions);

    let (first, rebuild) = Pipeline::start_with_snapshot(store.clone(), RuleSet::defaults(), &path).unwrap();
    assert!(matches!(rebuild.fallback, Some(SnapshotFallback::Missing)));
    submit_all(&first, &transactions[..3_000]);
    let written = first.write_snapshot(&path).unwrap();
    assert_eq!(written.seq, 3_000);

    // More transactions are stored after the snapshot, then the node dies without a new one.
    submit_all(&first, &transactions[3_000..5_000]);
    drop(first);

    let (restored, rebuild) = Pipeline::start_with_snapshot(store.clone(), RuleSet::defaults(), &path).unwrap();
    assert!(rebuild.fallback.is_none(), "fell back: {:?}", rebuild.fallback);
    assert_eq!(rebuild.snapshot_seq, Some(3_000));
    assert_eq!(rebuild.replayed, 2_000);

    let replayed = Pipeline::start(store.clone(), RuleSet::defaults()).unwrap();
    let next = &transactions[5_000..];
    let (restored_outcomes, restored_risks) = probe(&restored, next, &keys);
    let (replayed_outcomes, replayed_risks) = probe(&replayed, next, &keys);
    assert!(restored_outcomes.iter().any(|outcome| matches!(outcome, Outcome::Accepted { alerts, .. } if !alerts.is_empty())));
    assert_eq!(restored_outcomes, replayed_outcomes);
    assert_eq!(restored_risks, replayed_risks);
}

#[test]
fn snapshot_refused_while_uncommitted() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("monitor.snapshot");
    let store = open_store(dir.path(), NODE);
    let pipeline = Pipeline::start(store, RuleSet::defaults()).unwrap();

    let scored = pipeline.score_batch(stream(41, 100), &std::collections::HashMap::new()).unwrap();
    let refused = pipeline.write_snapshot(&path);
    assert!(matches!(refused, Err(PipelineError::UncommittedBatches { pending: 1 })), "{refused:?}");
    assert!(!path.exists());

    pipeline.commit_scored(&scored).unwrap();
    assert_eq!(pipeline.write_snapshot(&path).unwrap().seq, 100);
}

/// Starts from the snapshot and returns why it fell back, after checking that the
/// fallback scores like a full replay.
fn fallback_of(store: &Arc<dyn Store>, rules: RuleSet, path: &Path, next: &[Transaction]) -> Option<SnapshotFallback> {
    let (started, rebuild) = Pipeline::start_with_snapshot(store.clone(), rules.clone(), path).unwrap();
    let replayed = Pipeline::start(store.clone(), rules).unwrap();
    let keys = keys_of(next);
    assert_eq!(probe(&started, next, &keys), probe(&replayed, next, &keys));
    if rebuild.fallback.is_some() {
        assert_eq!(rebuild.snapshot_seq, None);
        assert_eq!(rebuild.replayed, store.transaction_count().unwrap());
    }
    rebuild.fallback
}

#[test]
fn unusable_snapshots_fall_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("monitor.snapshot");
    let store = open_store(dir.path(), NODE);
    let transactions = stream(51, 3_000);
    let next = &transactions[2_000..];

    let pipeline = Pipeline::start(store.clone(), RuleSet::defaults()).unwrap();
    submit_all(&pipeline, &transactions[..2_000]);
    pipeline.write_snapshot(&path).unwrap();
    drop(pipeline);
    let good = std::fs::read(&path).unwrap();

    assert!(fallback_of(&store, RuleSet::defaults(), &path, next).is_none());

    let mut flipped = good.clone();
    let middle = flipped.len() / 2;
    flipped[middle] ^= 1;
    std::fs::write(&path, &flipped).unwrap();
    let fallback = fallback_of(&store, RuleSet::defaults(), &path, next);
    assert!(matches!(fallback, Some(SnapshotFallback::Unreadable(_))), "flipped byte: {fallback:?}");

    std::fs::write(&path, &good[..good.len() - 100]).unwrap();
    let fallback = fallback_of(&store, RuleSet::defaults(), &path, next);
    assert!(matches!(fallback, Some(SnapshotFallback::Unreadable(_))), "truncated: {fallback:?}");

    std::fs::write(&path, &good).unwrap();
    let fallback = fallback_of(&store, changed_rules(), &path, next);
    assert!(matches!(fallback, Some(SnapshotFallback::RulesChanged)), "changed rules: {fallback:?}");

    // The same snapshot in the data directory of another node.
    let other_dir = tempfile::tempdir().unwrap();
    let other = open_store(other_dir.path(), "la-other-node");
    let fallback = fallback_of(&other, RuleSet::defaults(), &path, next);
    assert!(matches!(fallback, Some(SnapshotFallback::OtherNode)), "other node: {fallback:?}");
}

#[test]
fn snapshot_ahead_of_store_unused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("monitor.snapshot");
    let transactions = stream(61, 2_000);

    let ahead = open_store(dir.path(), NODE);
    let pipeline = Pipeline::start(ahead, RuleSet::defaults()).unwrap();
    submit_all(&pipeline, &transactions[..1_500]);
    pipeline.write_snapshot(&path).unwrap();
    drop(pipeline);

    // A store of the same node that contains fewer transactions than the snapshot covers.
    let behind_dir = tempfile::tempdir().unwrap();
    let behind = open_store(behind_dir.path(), NODE);
    let pipeline = Pipeline::start(behind.clone(), RuleSet::defaults()).unwrap();
    submit_all(&pipeline, &transactions[..1_000]);
    drop(pipeline);

    let fallback = fallback_of(&behind, RuleSet::defaults(), &path, &transactions[1_000..]);
    assert!(matches!(fallback, Some(SnapshotFallback::NotStored { seq: 1_500 })), "{fallback:?}");
}

#[test]
fn empty_store_snapshot_used() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("monitor.snapshot");
    let store = open_store(dir.path(), NODE);
    let pipeline = Pipeline::start(store.clone(), RuleSet::defaults()).unwrap();
    assert_eq!(pipeline.write_snapshot(&path).unwrap().seq, 0);
    drop(pipeline);

    let transactions = stream(71, 1_500);
    let pipeline = Pipeline::start(store.clone(), RuleSet::defaults()).unwrap();
    submit_all(&pipeline, &transactions[..1_000]);
    drop(pipeline);

    assert!(fallback_of(&store, RuleSet::defaults(), &path, &transactions[1_000..]).is_none());
}
