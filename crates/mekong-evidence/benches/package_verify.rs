//! Offline verification of a court export package holding one item's history.
//!
//! Run with `cargo bench -p mekong-evidence --bench package_verify`. The node's log
//! holds 10,000 events of another item before the exported one, so the inclusion
//! proofs have the depth of a working log. The package is read from the temporary
//! directory on each sample, so the figure includes reading and hashing every file.

use std::sync::Arc;

use chrono::Utc;
use mekong_audit::NodeKey;
use mekong_evidence::package::{export_case, verify_package};
use mekong_evidence::{AddRequest, CustodyEvent, CustodyLog, EventKind, EvidenceKind, Vault, VaultKey};
use mekong_store::SqliteStore;

const LOG_EVENTS: usize = 10_000;

fn main() {
    divan::main();
}

/// Verifies a package of one 1 MiB item, its `checked_in` and `exported` events and 3 checkpoints.
#[divan::bench(sample_count = 20)]
fn verify_one_item_package(bencher: divan::Bencher) {
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
    for _ in 0..LOG_EVENTS {
        log.append(&event).unwrap_or_else(|error| panic!("append: {error}"));
    }
    log.checkpoint().unwrap_or_else(|error| panic!("checkpoint: {error}"));

    let vault_key = VaultKey::generate().unwrap_or_else(|error| panic!("vault key: {error}"));
    let vault = Vault::new(dir.path(), store.clone(), vault_key, log, "cn-bench");
    let request = AddRequest::new("C-1", EvidenceKind::ChatHistory, "cli:bench");
    let content = vec![7u8; 1024 * 1024];
    vault.add_reader(&request, "chat.json", content.as_slice()).unwrap_or_else(|error| panic!("add: {error}"));
    let package = dir.path().join("package");
    export_case(&vault, store.as_ref(), "cn-bench", "C-1", &package, "cli:bench").unwrap_or_else(|error| panic!("export: {error}"));

    bencher.bench(|| verify_package(&package, None).map(|report| report.is_ok()));
}
