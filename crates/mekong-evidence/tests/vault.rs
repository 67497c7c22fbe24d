//! Sealing, dedup and verification through a real SQLite store in a temporary data directory.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use mekong_audit::NodeKey;
use mekong_evidence::{AddRequest, CustodyLog, EvidenceKind, Vault, VaultKey, checkpoint_origin, object_path, verify_custody};
use mekong_store::SqliteStore;
use mekong_store::evidence::EvidenceStore;

const NODE: &str = "cn-test";

fn open_vault(dir: &std::path::Path) -> (Arc<SqliteStore>, Vault) {
    let store = Arc::new(SqliteStore::open(&dir.join("node.db")).unwrap());
    let log = CustodyLog::new(store.clone(), NodeKey::from_secret(&[1; 32]), NODE);
    let key = VaultKey::load_or_generate(dir).unwrap();
    (store.clone(), Vault::new(dir, store, key, log, NODE))
}

fn request(case_ref: &str) -> AddRequest {
    AddRequest {
        case_ref: case_ref.into(),
        kind: EvidenceKind::ChatHistory,
        exhibit_number: Some("E-1".into()),
        seal_number: Some("S-9".into()),
        device_type: Some("phone".into()),
        device_imei: None,
        device_serial: None,
        collected_by: Some("officer 12".into()),
        collected_location: Some("Vientiane".into()),
        collected_at: Some(chrono::DateTime::parse_from_rfc3339("2026-03-01T10:00:00+07:00").unwrap()),
        legal_authority: Some("warrant 42".into()),
        legacy_hashes: false,
        statement: Default::default(),
        actor: "cli:test".into(),
    }
}

#[test]
fn item_round_trips_all_sizes() {
    let dir = tempfile::tempdir().unwrap();
    let (_store, vault) = open_vault(dir.path());

    for size in [0usize, 1, 65535, 65536, 65537, 3 * 65536 + 5] {
        let content: Vec<u8> = (0..size).map(|i| (i % 253) as u8).collect();
        let added = vault.add_reader(&request("C-1"), "file.bin", content.as_slice()).unwrap();

        let mut opened = Vec::new();
        let hashes = vault.open_item(&added.id, &mut opened).unwrap();

        assert_eq!(opened, content, "size {size}");
        assert_eq!(hashes.sha256, added.hashes.sha256, "size {size}");
        assert_eq!(hashes.size, size as u64);
        let stored = std::fs::read(object_path(dir.path(), &added.hashes.sha256)).unwrap();
        assert!(size < 16 || !stored.windows(16).any(|window| window == &content[..16]), "plaintext visible at size {size}");
    }
}

#[test]
fn identical_content_stored_once() {
    let dir = tempfile::tempdir().unwrap();
    let (store, vault) = open_vault(dir.path());

    let first = vault.add_reader(&request("C-1"), "a.txt", &b"same bytes"[..]).unwrap();
    let second = vault.add_reader(&request("C-2"), "b.txt", &b"same bytes"[..]).unwrap();

    assert!(first.new_object);
    assert!(!second.new_object);
    assert_ne!(first.id, second.id);
    assert_eq!(first.hashes, second.hashes);
    let shard = object_path(dir.path(), &first.hashes.sha256).parent().unwrap().to_owned();
    assert_eq!(std::fs::read_dir(shard).unwrap().count(), 1);
    assert_eq!(std::fs::read_dir(dir.path().join("evidence/objects/tmp")).unwrap().count(), 0);
    assert_eq!(store.custody_events().unwrap().len(), 2);
    assert_eq!(store.evidence_items(Some("C-2")).unwrap().len(), 1);
}

#[test]
fn legacy_hashes_on_request() {
    let dir = tempfile::tempdir().unwrap();
    let (store, vault) = open_vault(dir.path());
    let legacy = AddRequest { legacy_hashes: true, ..request("C-1") };

    let added = vault.add_reader(&legacy, "abc.txt", &b"abc"[..]).unwrap();

    assert_eq!(added.hashes.md5.as_deref(), Some("900150983cd24fb0d6963f7d28e17f72"));
    assert_eq!(store.evidence_object(&added.hashes.sha256).unwrap().unwrap().sha1.as_deref(), Some("a9993e364706816aba3e25717850c26c9cd0d89d"));
}

#[test]
fn intact_vault_verifies() {
    let dir = tempfile::tempdir().unwrap();
    let (store, vault) = open_vault(dir.path());
    let added = vault.add_reader(&request("C-1"), "a.txt", &b"content"[..]).unwrap();
    vault.add_reader(&request("C-1"), "b.txt", &b"other content"[..]).unwrap();
    let trusted = [vault.custody_log().key().public_key()];

    let all = verify_custody(store.as_ref(), dir.path(), vault.vault_key(), &trusted, &checkpoint_origin(NODE), None).unwrap();
    let one = verify_custody(store.as_ref(), dir.path(), vault.vault_key(), &trusted, &checkpoint_origin(NODE), Some(&added.id)).unwrap();

    assert_eq!(all.problems, vec![]);
    assert_eq!(all.items, 2);
    assert_eq!(all.signed_tree_size, Some(2));
    assert_eq!(one.problems, vec![]);
    assert_eq!(one.objects, 1);
}
