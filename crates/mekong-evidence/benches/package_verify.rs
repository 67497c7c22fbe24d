//! Offline verification of one item's history: a court export package, and the node's
//! own log as `mekong custody verify --item` checks it.
//!
//! Run with `cargo bench -p mekong-evidence --bench package_verify`. The node's log
//! holds 10,000 events of another item before the exported one, so the inclusion
//! proofs have the depth of a working log. The package is read from the temporary
//! directory on each sample, so the figure includes reading and hashing every file.
//! The `_1000_checkpoints` variants sign a checkpoint after every 10 of those events,
//! as a node that signs one per custody write does, so verification checks 1,000
//! consistency proofs.

use std::sync::Arc;

use chrono::Utc;
use mekong_audit::NodeKey;
use mekong_evidence::package::{export_case, verify_package};
use mekong_evidence::{
    AddRequest, CustodyEvent, CustodyLog, EventKind, EvidenceKind, Vault, VaultKey, checkpoint_origin, verify_custody,
};
use mekong_store::SqliteStore;

const LOG_EVENTS: usize = 10_000;

fn main() {
    divan::main();
}

/// A node with a log of [`LOG_EVENTS`] events of another item, then one 1 MiB item
/// exported into `package`.
struct BenchNode {
    dir: tempfile::TempDir,
    store: Arc<SqliteStore>,
    vault: Vault,
    item_id: String,
}

/// Builds the node, signing a checkpoint after every `checkpoint_every` events of the log.
fn bench_node(checkpoint_every: usize) -> BenchNode {
    let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("temporary directory: {error}"));
    let store = Arc::new(SqliteStore::open(&dir.path().join("bench.db")).unwrap_or_else(|error| panic!("store: {error}")));
    let log = CustodyLog::new(store.clone(), NodeKey::from_secret(&[1; 32]), "cn-bench");
    let event = CustodyEvent {
        item_id: "EV-other".into(),
        kind: EventKind::Accessed,
        actor: "cli:bench".into(),
        time: Utc::now(),
        details: "bench".into(),
        content_hash: "00".repeat(32),
    };
    for index in 1..=LOG_EVENTS {
        log.append(&event).unwrap_or_else(|error| panic!("append: {error}"));
        if index % checkpoint_every == 0 {
            log.checkpoint().unwrap_or_else(|error| panic!("checkpoint: {error}"));
        }
    }
    log.checkpoint().unwrap_or_else(|error| panic!("checkpoint: {error}"));

    let vault_key = VaultKey::generate().unwrap_or_else(|error| panic!("vault key: {error}"));
    let vault = Vault::new(dir.path(), store.clone(), vault_key, log, "cn-bench");
    let request = AddRequest::new("C-1", EvidenceKind::ChatHistory, "cli:bench");
    let content = vec![7u8; 1024 * 1024];
    let item_id = vault.add_reader(&request, "chat.json", content.as_slice()).unwrap_or_else(|error| panic!("add: {error}")).id;
    let package = dir.path().join("package");
    export_case(&vault, store.as_ref(), "cn-bench", "C-1", &package, "cli:bench").unwrap_or_else(|error| panic!("export: {error}"));
    BenchNode { dir, store, vault, item_id }
}

/// Verifies a package of one 1 MiB item, its `checked_in` and `exported` events and 3 checkpoints.
#[divan::bench(sample_count = 20)]
fn verify_one_item_package(bencher: divan::Bencher) {
    let node = bench_node(LOG_EVENTS);
    let package = node.dir.path().join("package");

    bencher.bench(|| verify_package(&package, None).map(|report| report.is_ok()));
}

/// Verifies the same package when the log had a checkpoint per 10 events: 1,003 checkpoints.
#[divan::bench(sample_count = 10)]
fn verify_one_item_package_1000_checkpoints(bencher: divan::Bencher) {
    let node = bench_node(10);
    let package = node.dir.path().join("package");

    bencher.bench(|| verify_package(&package, None).map(|report| report.is_ok()));
}

/// Verifies the item in the node's own log of 1,003 checkpoints, as `custody verify --item` does.
#[divan::bench(sample_count = 10)]
fn verify_one_item_store_1000_checkpoints(bencher: divan::Bencher) {
    let node = bench_node(10);
    let trusted = [NodeKey::from_secret(&[1; 32]).public_key()];
    let origin = checkpoint_origin("cn-bench");

    bencher.bench(|| {
        verify_custody(node.store.as_ref(), node.dir.path(), node.vault.vault_key(), &trusted, &origin, Some(&node.item_id))
            .map(|report| report.is_ok())
    });
}
