//! Adds of the same new content from several threads at once: one object, all items
//! readable, and the chain of custody intact.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::{Arc, Barrier};

use mekong_audit::NodeKey;
use mekong_evidence::{AddRequest, CustodyLog, EvidenceKind, Vault, VaultKey, checkpoint_origin, object_path, verify_custody};
use mekong_store::SqliteStore;
use mekong_store::evidence::EvidenceStore;

const NODE: &str = "cn-test";
const THREADS: usize = 8;

/// Content that waits at its end until every thread has read all of its copy, so all
/// adds reach the store check together, before any has stored the object.
struct MeetAtEnd {
    content: Arc<Vec<u8>>,
    position: usize,
    barrier: Arc<Barrier>,
    met: bool,
}

impl std::io::Read for MeetAtEnd {
    fn read(&mut self, buffer: &mut [u8]) -> std::io::Result<usize> {
        let rest = &self.content[self.position..];
        if rest.is_empty() {
            if !self.met {
                self.met = true;
                self.barrier.wait();
            }
            return Ok(0);
        }

        let count = rest.len().min(buffer.len());
        buffer[..count].copy_from_slice(&rest[..count]);
        self.position += count;
        Ok(count)
    }
}

fn request(actor: String) -> AddRequest {
    AddRequest::new("C-RACE", EvidenceKind::Document, actor)
}

#[test]
fn concurrent_same_content_adds() {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(SqliteStore::open(&dir.path().join("node.db")).unwrap());
    let public_key = NodeKey::from_secret(&[1; 32]).public_key();
    let log = CustodyLog::new(store.clone(), NodeKey::from_secret(&[1; 32]), NODE);
    let vault_key = VaultKey::load_or_generate(dir.path()).unwrap();
    let vault = Arc::new(Vault::new(dir.path(), store.clone(), vault_key, log, NODE));
    let content: Arc<Vec<u8>> = Arc::new((0..300_000u32).map(|i| (i % 251) as u8).collect());
    let barrier = Arc::new(Barrier::new(THREADS));

    let handles: Vec<_> = (0..THREADS)
        .map(|index| {
            let vault = vault.clone();
            let input = MeetAtEnd { content: content.clone(), position: 0, barrier: barrier.clone(), met: false };
            std::thread::spawn(move || vault.add_reader(&request(format!("cli:thread-{index}")), "same.bin", input).unwrap())
        })
        .collect();
    let added: Vec<_> = handles.into_iter().map(|handle| handle.join().unwrap()).collect();

    assert_eq!(added.iter().filter(|item| item.new_object).count(), 1);
    let sha256 = &added[0].hashes.sha256;
    assert!(added.iter().all(|item| &item.hashes.sha256 == sha256));
    let shard = object_path(dir.path(), sha256).parent().unwrap().to_owned();
    assert_eq!(std::fs::read_dir(shard).unwrap().count(), 1);
    assert_eq!(std::fs::read_dir(dir.path().join("evidence/objects/tmp")).unwrap().count(), 0);
    assert_eq!(store.evidence_items(Some("C-RACE")).unwrap().len(), THREADS);

    for item in &added {
        let mut opened = Vec::new();
        vault.open_item(&item.id, &mut opened).unwrap();
        assert!(opened == *content, "item {} does not decrypt to the content", item.id);
    }

    let report =
        verify_custody(store.as_ref(), dir.path(), vault.vault_key(), &[public_key], &checkpoint_origin(NODE), None)
            .unwrap();
    assert!(report.is_ok(), "{:?}", report.problems);
    assert_eq!(report.events, THREADS as u64);
}
