//! Sealing speed next to SHA-256 and SM3 alone, custody appends per second, and the
//! time to verify one item.
//!
//! Run with `cargo bench -p mekong-evidence --bench seal`. Sealing reads from memory
//! and writes to `std::io::sink()`, so the figures measure hashing and encryption,
//! not the disk.

use std::sync::Arc;

use chrono::Utc;
use divan::counter::{BytesCount, ItemsCount};
use mekong_audit::NodeKey;
use mekong_evidence::{
    AddRequest, CustodyEvent, CustodyLog, EventKind, EvidenceKind, HashSet, Vault, VaultKey, seal_stream, verify_custody,
};
use mekong_store::SqliteStore;
use sha2::{Digest, Sha256};

const SIZE: usize = 16 * 1024 * 1024;

fn main() {
    divan::main();
}

fn content() -> Vec<u8> {
    (0..SIZE).map(|i| (i * 7 % 251) as u8).collect()
}

#[divan::bench(sample_count = 10)]
fn sha256_alone(bencher: divan::Bencher) {
    let data = content();
    bencher.counter(BytesCount::new(SIZE)).bench(|| {
        let mut hasher = Sha256::new();
        for chunk in data.chunks(64 * 1024) {
            hasher.update(chunk);
        }
        divan::black_box(hasher.finalize())
    });
}

#[divan::bench(sample_count = 10)]
fn sm3_alone(bencher: divan::Bencher) {
    let data = content();
    bencher.counter(BytesCount::new(SIZE)).bench(|| {
        let mut hasher = sm3::Sm3::new();
        for chunk in data.chunks(64 * 1024) {
            hasher.update(chunk);
        }
        divan::black_box(hasher.finalize())
    });
}

#[divan::bench(sample_count = 10)]
fn seal_sha256_sm3_chacha(bencher: divan::Bencher) {
    let data = content();
    let key = [9u8; 32];
    bencher
        .counter(BytesCount::new(SIZE))
        .bench(|| seal_stream(data.as_slice(), &mut std::io::sink(), &key, HashSet::default()).map(|hashes| hashes.size));
}

#[divan::bench(sample_count = 10)]
fn seal_with_legacy_hashes(bencher: divan::Bencher) {
    let data = content();
    let key = [9u8; 32];
    bencher
        .counter(BytesCount::new(SIZE))
        .bench(|| seal_stream(data.as_slice(), &mut std::io::sink(), &key, HashSet { legacy: true }).map(|hashes| hashes.size));
}

const APPENDS: usize = 1_000;

#[divan::bench(sample_count = 5)]
fn custody_appends(bencher: divan::Bencher) {
    let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("temporary directory: {error}"));
    let store = Arc::new(SqliteStore::open(&dir.path().join("bench.db")).unwrap_or_else(|error| panic!("store: {error}")));
    let log = CustodyLog::new(store, NodeKey::from_secret(&[1; 32]), "cn-bench");
    let event = CustodyEvent {
        item_id: "EV-0000000000000000".into(),
        kind: EventKind::Accessed,
        actor: "cli:bench".into(),
        time: Utc::now(),
        details: "bench".into(),
        content_hash: "00".repeat(32),
    };

    bencher.counter(ItemsCount::new(APPENDS)).bench(|| {
        for _ in 0..APPENDS {
            divan::black_box(log.append(&event).is_ok());
        }
    });
}

const LOG_EVENTS: usize = 10_000;

/// Verifies one item's history, object included, in a log of 10,000 other events.
#[divan::bench(sample_count = 10)]
fn verify_one_item(bencher: divan::Bencher) {
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
    let vault_key = VaultKey::generate().unwrap_or_else(|error| panic!("vault key: {error}"));
    let trusted = [log.key().public_key()];
    let origin = log.origin().to_owned();
    let vault = Vault::new(dir.path(), store.clone(), vault_key, log, "cn-bench");
    let request = AddRequest::new("C-1", EvidenceKind::ChatHistory, "cli:bench");
    let content = vec![7u8; 1024 * 1024];
    let added = vault.add_reader(&request, "chat.json", content.as_slice()).unwrap_or_else(|error| panic!("add: {error}"));

    bencher.bench(|| {
        verify_custody(store.as_ref(), dir.path(), vault.vault_key(), &trusted, &origin, Some(&added.id)).map(|report| report.is_ok())
    });
}
