//! The mutation suite: each test damages a fresh vault in one way, the way someone with
//! write access to the data directory could, and checks that verification reports it.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::sync::Arc;

use chrono::Utc;
use mekong_audit::NodeKey;
use mekong_evidence::merkle;
use mekong_evidence::{
    Checkpoint, CustodyEvent, CustodyLog, CustodyReport, EventKind, ProblemKind, Vault, VaultKey, checkpoint_origin,
    leaf_bytes, object_path, verify_custody,
};
use mekong_store::SqliteStore;
use mekong_store::evidence::EvidenceStore;
use rusqlite::Connection;

const NODE: &str = "cn-test";
const NODE_SECRET: [u8; 32] = [1; 32];

struct Fixture {
    dir: tempfile::TempDir,
    store: Arc<SqliteStore>,
    vault: Vault,
    first_sha256: String,
    second_item: String,
}

/// Builds a vault with two objects, three items and five events under four checkpoints.
fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(SqliteStore::open(&dir.path().join("node.db")).unwrap());
    let log = CustodyLog::new(store.clone(), NodeKey::from_secret(&NODE_SECRET), NODE);
    let vault = Vault::new(dir.path(), store.clone(), VaultKey::load_or_generate(dir.path()).unwrap(), log, NODE);

    let request = mekong_evidence::AddRequest::new("C-1", mekong_evidence::EvidenceKind::IpLog, "cli:test");
    let big: Vec<u8> = (0..200_000).map(|i| (i % 241) as u8).collect();
    let first = vault.add_reader(&request, "a.log", big.as_slice()).unwrap();
    let second = vault.add_reader(&request, "b.log", &b"second content"[..]).unwrap();
    for (item, kind) in [(&first, EventKind::Accessed), (&second, EventKind::Exported)] {
        let event = CustodyEvent {
            item_id: item.id.clone(),
            kind,
            actor: "cli:test".into(),
            time: Utc::now(),
            details: String::new(),
            content_hash: item.hashes.sha256.clone(),
        };
        vault.custody_log().append(&event).unwrap();
    }
    vault.custody_log().checkpoint().unwrap();
    vault.add_reader(&request, "a-copy.log", big.as_slice()).unwrap();

    Fixture { dir, store, vault, first_sha256: first.hashes.sha256, second_item: second.id }
}

impl Fixture {
    fn verify(&self) -> CustodyReport {
        let trusted = [NodeKey::from_secret(&NODE_SECRET).public_key()];
        verify_custody(self.store.as_ref(), self.dir.path(), self.vault.vault_key(), &trusted, &checkpoint_origin(NODE), None)
            .unwrap()
    }

    /// Opens the database as a tamperer would: directly, without the append-only triggers.
    fn raw(&self) -> Connection {
        let connection = Connection::open(self.dir.path().join("node.db")).unwrap();
        for trigger in [
            "custody_events_no_update",
            "custody_events_no_delete",
            "custody_checkpoints_no_update",
            "custody_checkpoints_no_delete",
        ] {
            connection.execute_batch(&format!("DROP TRIGGER IF EXISTS {trigger}")).unwrap();
        }
        connection
    }

    fn object_file(&self) -> std::path::PathBuf {
        object_path(self.dir.path(), &self.first_sha256)
    }

    /// Replaces the latest checkpoint's note.
    fn replace_latest_checkpoint(&self, note: &str) {
        self.raw()
            .execute("UPDATE custody_checkpoints SET note = ?1 WHERE id = (SELECT max(id) FROM custody_checkpoints)", [note])
            .unwrap();
    }

    fn leaves(&self) -> Vec<merkle::Hash> {
        self.store.custody_events().unwrap().iter().map(|row| merkle::leaf_hash(&leaf_bytes(row.seq, &row.event))).collect()
    }
}

fn flip_byte(path: &Path, offset: usize) {
    let mut bytes = std::fs::read(path).unwrap();
    bytes[offset] ^= 0x01;
    std::fs::write(path, bytes).unwrap();
}

type Mutation = (&'static str, fn(&Fixture));

fn mutations() -> Vec<Mutation> {
    vec![
        ("object: bit flip in a middle chunk", |f| flip_byte(&f.object_file(), 100_000)),
        ("object: bit flip in the header", |f| flip_byte(&f.object_file(), 3)),
        ("object: bit flip in the last tag", |f| {
            let length = std::fs::metadata(f.object_file()).unwrap().len() as usize;
            flip_byte(&f.object_file(), length - 1);
        }),
        ("object: truncated after one chunk", |f| {
            let bytes = std::fs::read(f.object_file()).unwrap();
            std::fs::write(f.object_file(), &bytes[..15 + 65536 + 16]).unwrap();
        }),
        ("object: file deleted", |f| std::fs::remove_file(f.object_file()).unwrap()),
        ("object: wrapped key changed", |f| {
            f.raw().execute("UPDATE evidence_objects SET wrapped_key = zeroblob(60) WHERE sha256 = ?1", [&f.first_sha256]).unwrap();
        }),
        ("object: recorded SM3 changed", |f| {
            f.raw().execute("UPDATE evidence_objects SET sm3 = 'ff' || substr(sm3, 3) WHERE sha256 = ?1", [&f.first_sha256]).unwrap();
        }),
        ("item: content hash pointed at another object", |f| {
            f.raw().execute("UPDATE evidence_items SET sha256 = ?1 WHERE id = ?2", [&f.first_sha256, &f.second_item]).unwrap();
        }),
        ("event: actor changed", |f| {
            f.raw().execute("UPDATE custody_events SET actor = 'someone else' WHERE seq = 3", []).unwrap();
        }),
        ("event: time changed by one microsecond", |f| {
            f.raw().execute("UPDATE custody_events SET time_us = time_us + 1 WHERE seq = 1", []).unwrap();
        }),
        ("event: kind changed", |f| {
            f.raw().execute("UPDATE custody_events SET kind = 'disposed' WHERE seq = 4", []).unwrap();
        }),
        ("event: content hash and item changed together", |f| {
            let raw = f.raw();
            raw.execute("UPDATE custody_events SET content_hash = ?1 WHERE item_id = ?2", [&f.first_sha256, &f.second_item]).unwrap();
            raw.execute("UPDATE evidence_items SET sha256 = ?1 WHERE id = ?2", [&f.first_sha256, &f.second_item]).unwrap();
        }),
        ("event: middle event dropped", |f| {
            f.raw().execute("DELETE FROM custody_events WHERE seq = 3", []).unwrap();
        }),
        ("event: last event dropped", |f| {
            f.raw().execute("DELETE FROM custody_events WHERE seq = 5", []).unwrap();
        }),
        ("event: middle event dropped and later ones renumbered", |f| {
            let raw = f.raw();
            raw.execute("DELETE FROM custody_events WHERE seq = 3", []).unwrap();
            raw.execute("UPDATE custody_events SET seq = seq - 1 WHERE seq > 3", []).unwrap();
        }),
        ("event: two events reordered", |f| {
            let raw = f.raw();
            raw.execute("UPDATE custody_events SET seq = 100 WHERE seq = 3", []).unwrap();
            raw.execute("UPDATE custody_events SET seq = 3 WHERE seq = 4", []).unwrap();
            raw.execute("UPDATE custody_events SET seq = 4 WHERE seq = 100", []).unwrap();
        }),
        ("event: event replayed at the end", |f| {
            f.raw()
                .execute(
                    "INSERT INTO custody_events (seq, item_id, kind, actor, time_us, details, content_hash) \
                     SELECT 6, item_id, kind, actor, time_us, details, content_hash FROM custody_events WHERE seq = 3",
                    [],
                )
                .unwrap();
        }),
        ("checkpoint: forked, signed by the node key over other events", |f| {
            let mut leaves = f.leaves();
            leaves[2] = merkle::leaf_hash(b"a different history");
            let fork = Checkpoint { origin: checkpoint_origin(NODE), tree_size: leaves.len() as u64, root: merkle::root(&leaves) };
            f.replace_latest_checkpoint(&fork.sign(&NodeKey::from_secret(&NODE_SECRET)));
        }),
        ("checkpoint: replaced by an older, smaller tree", |f| {
            let leaves = f.leaves();
            let older = Checkpoint { origin: checkpoint_origin(NODE), tree_size: 2, root: merkle::root(&leaves[..2]) };
            f.replace_latest_checkpoint(&older.sign(&NodeKey::from_secret(&NODE_SECRET)));
        }),
        ("checkpoint: signed by another key", |f| {
            let leaves = f.leaves();
            let honest = Checkpoint { origin: checkpoint_origin(NODE), tree_size: leaves.len() as u64, root: merkle::root(&leaves) };
            f.replace_latest_checkpoint(&honest.sign(&NodeKey::from_secret(&[2; 32])));
        }),
        ("checkpoint: tree size edited without signing", |f| {
            let note: String = f.raw().query_row("SELECT note FROM custody_checkpoints WHERE id = 1", [], |row| row.get(0)).unwrap();
            let edited = note.replacen("\n1\n", "\n2\n", 1);
            f.raw().execute("UPDATE custody_checkpoints SET note = ?1 WHERE id = 1", [edited]).unwrap();
        }),
        ("checkpoint: all deleted", |f| {
            f.raw().execute("DELETE FROM custody_checkpoints", []).unwrap();
        }),
        ("event and checkpoint: event added with a checkpoint by another key", |f| {
            f.raw()
                .execute(
                    "INSERT INTO custody_events (seq, item_id, kind, actor, time_us, details, content_hash) \
                     SELECT 6, item_id, 'disposed', actor, time_us, details, content_hash FROM custody_events WHERE seq = 1",
                    [],
                )
                .unwrap();
            let leaves = f.leaves();
            let forged = Checkpoint { origin: checkpoint_origin(NODE), tree_size: 6, root: merkle::root(&leaves) };
            f.raw()
                .execute(
                    "INSERT INTO custody_checkpoints (tree_size, note, time_us) VALUES (6, ?1, 0)",
                    [forged.sign(&NodeKey::from_secret(&[2; 32]))],
                )
                .unwrap();
        }),
    ]
}

#[test]
fn fixture_verifies_intact() {
    let fixture = fixture();

    let report = fixture.verify();

    assert_eq!(report.problems, vec![]);
    assert_eq!(report.events, 5);
    assert_eq!(report.checkpoints, 4);
    assert_eq!(report.objects, 2);
}

#[test]
fn every_mutation_detected() {
    let mutations = mutations();
    let mut missed = Vec::new();

    for (name, mutate) in &mutations {
        let fixture = fixture();
        mutate(&fixture);

        let report = fixture.verify();
        if report.is_ok() {
            missed.push(*name);
        }
    }

    let detected = mutations.len() - missed.len();
    println!("tried {}, detected {}", mutations.len(), detected);
    assert_eq!(missed, Vec::<&str>::new());
}

/// Verifies each item on its own, as `custody verify --item` does, and counts a mutation
/// detected when the verification of some item reports it.
#[test]
fn every_mutation_detected_per_item() {
    let mutations = mutations();
    let mut missed = Vec::new();

    for (name, mutate) in &mutations {
        let fixture = fixture();
        let items = fixture.store.evidence_items(None).unwrap();
        mutate(&fixture);

        let trusted = [NodeKey::from_secret(&NODE_SECRET).public_key()];
        let origin = checkpoint_origin(NODE);
        let found = items.iter().any(|item| {
            let report =
                verify_custody(fixture.store.as_ref(), fixture.dir.path(), fixture.vault.vault_key(), &trusted, &origin, Some(&item.id));
            !report.is_ok_and(|report| report.is_ok())
        });
        if !found {
            missed.push(*name);
        }
    }

    println!("per item: tried {}, detected {}", mutations.len(), mutations.len() - missed.len());
    assert_eq!(missed, Vec::<&str>::new());
}

#[test]
fn other_key_named_bad_signature() {
    let fixture = fixture();
    let leaves = fixture.leaves();
    let honest = Checkpoint { origin: checkpoint_origin(NODE), tree_size: leaves.len() as u64, root: merkle::root(&leaves) };
    fixture.replace_latest_checkpoint(&honest.sign(&NodeKey::from_secret(&[2; 32])));

    let report = fixture.verify();

    assert!(report.problems.iter().any(|problem| problem.kind == ProblemKind::BadSignature));
}

#[test]
fn flipped_object_named_damaged() {
    let fixture = fixture();
    flip_byte(&fixture.object_file(), 100_000);

    let report = fixture.verify();

    assert_eq!(report.problems.len(), 1);
    assert_eq!(report.problems[0].kind, ProblemKind::ObjectDamaged);
    assert_eq!(report.problems[0].subject, format!("object {}", fixture.first_sha256));
}
