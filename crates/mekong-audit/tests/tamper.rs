//! Tampering with the database file in every way an attacker with file access could,
//! and checking that verification names the first bad record and the damage.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::Node;
use mekong_audit::hash::stored_record_hash;
use mekong_audit::{Damage, NodeKey, VerifyOptions, verify, verify_with};
use mekong_store::audit::{AuditFilter, AuditRow, AuditStore};
use rusqlite::params;

fn row(node: &Node, seq: i64) -> AuditRow {
    let mut found = None;
    node.store
        .for_each_audit_record(&AuditFilter::default(), &mut |row| {
            if row.seq == seq {
                found = Some(row);
            }
            Ok(())
        })
        .unwrap();
    found.unwrap()
}

fn assert_damage(node: &Node, seq: u64, damage: Damage) {
    let report = verify(node.store.as_ref()).unwrap();
    let problem = report.problem.clone().unwrap_or_else(|| panic!("no problem found: {report:?}"));
    assert_eq!(problem.damage, damage, "{problem:?}");
    assert_eq!(problem.seq, seq, "{problem:?}");
}

#[test]
fn clean_trail_verifies() {
    let node = Node::new(10);
    node.record_many(25);
    node.auditor.checkpoint().unwrap();

    let report = verify(node.store.as_ref()).unwrap();

    assert!(report.is_intact(), "{report:?}");
    assert_eq!(report.records, 25);
    assert_eq!(report.checkpoints, 3);
    assert_eq!(report.last_checkpoint_seq, Some(25));
    assert_eq!(report.unprotected_records, 0);
}

#[test]
fn empty_trail_verifies() {
    let node = Node::new(10);

    let report = verify(node.store.as_ref()).unwrap();

    assert!(report.is_intact());
    assert_eq!(report.records, 0);
}

#[test]
fn triggers_reject_update_and_delete() {
    let node = Node::new(10);
    node.record_many(3);
    let connection = rusqlite::Connection::open(node.db_path()).unwrap();

    let update = connection.execute("UPDATE audit_records SET action = 'x' WHERE seq = 2", []);
    let delete = connection.execute("DELETE FROM audit_records WHERE seq = 2", []);

    assert!(update.is_err());
    assert!(delete.is_err());
}

#[test]
fn edited_field_detected() {
    let node = Node::new(10);
    node.record_many(25);

    node.attacker().execute("UPDATE audit_records SET object_id = 'alert-999' WHERE seq = 7", []).unwrap();

    assert_damage(&node, 7, Damage::Edited);
}

#[test]
fn edited_changes_detected() {
    let node = Node::new(10);
    node.record_many(25);

    node.attacker()
        .execute(
            r#"UPDATE audit_records SET changes = '[{"field":"status","old":"open","new":"dismissed"}]' WHERE seq = 4"#,
            [],
        )
        .unwrap();

    assert_damage(&node, 4, Damage::Edited);
}

#[test]
fn deleted_record_detected() {
    let node = Node::new(10);
    node.record_many(25);

    node.attacker().execute("DELETE FROM audit_records WHERE seq = 13", []).unwrap();

    assert_damage(&node, 13, Damage::Deleted);
}

#[test]
fn deleted_and_renumbered_detected() {
    let node = Node::new(100);
    node.record_many(25);
    let attacker = node.attacker();

    attacker.execute("DELETE FROM audit_records WHERE seq = 13", []).unwrap();
    attacker.execute("UPDATE audit_records SET seq = -(seq - 1) WHERE seq > 13", []).unwrap();
    attacker.execute("UPDATE audit_records SET seq = -seq WHERE seq < 0", []).unwrap();

    assert_damage(&node, 13, Damage::Deleted);
}

#[test]
fn inserted_record_detected() {
    let node = Node::new(100);
    node.record_many(25);
    let before = row(&node, 9);
    let attacker = node.attacker();

    // Make room after record 9, then insert a forged record 10 that chains correctly
    // to record 9 with a hash of its own; the old record 10 (now 11) no longer chains.
    attacker.execute("UPDATE audit_records SET seq = -(seq + 1) WHERE seq > 9", []).unwrap();
    attacker.execute("UPDATE audit_records SET seq = -seq WHERE seq < 0", []).unwrap();
    let mut forged = before.record.clone();
    forged.object_id = Some("alert-forged".into());
    let hash = stored_record_hash(10, &forged, &before.hash).unwrap();
    attacker
        .execute(
            "INSERT INTO audit_records (seq, time_us, user_id, actor_name, actor_roles, actor_agency, action, \
             object_type, object_id, changes, purpose, source, prev_hash, hash) \
             VALUES (10, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
            params![
                forged.time_us,
                forged.user_id,
                forged.actor_name,
                forged.actor_roles,
                forged.actor_agency,
                forged.action,
                forged.object_type,
                forged.object_id,
                forged.changes,
                forged.purpose,
                forged.source,
                before.hash,
                hash.as_slice(),
            ],
        )
        .unwrap();

    assert_damage(&node, 10, Damage::Inserted);
}

#[test]
fn swapped_neighbours_detected() {
    let node = Node::new(100);
    node.record_many(25);
    let attacker = node.attacker();

    attacker.execute("UPDATE audit_records SET seq = -1 WHERE seq = 8", []).unwrap();
    attacker.execute("UPDATE audit_records SET seq = 8 WHERE seq = 9", []).unwrap();
    attacker.execute("UPDATE audit_records SET seq = 9 WHERE seq = -1", []).unwrap();

    assert_damage(&node, 8, Damage::Reordered);
}

#[test]
fn swapped_distant_records_detected() {
    let node = Node::new(100);
    node.record_many(25);
    let attacker = node.attacker();

    attacker.execute("UPDATE audit_records SET seq = -1 WHERE seq = 5", []).unwrap();
    attacker.execute("UPDATE audit_records SET seq = 5 WHERE seq = 17", []).unwrap();
    attacker.execute("UPDATE audit_records SET seq = 17 WHERE seq = -1", []).unwrap();

    assert_damage(&node, 5, Damage::Reordered);
}

#[test]
fn rewritten_chain_caught_by_checkpoint() {
    let node = Node::new(10);
    node.record_many(25);
    let attacker = node.attacker();

    // Edit record 15 and recompute every hash from there on, so the chain is
    // consistent again. Only the checkpoint at seq 20 still contains the old head.
    attacker.execute("UPDATE audit_records SET object_id = 'alert-999' WHERE seq = 15", []).unwrap();
    let mut prev = row(&node, 14).hash;
    for seq in 15..=25 {
        let current = row(&node, seq);
        let hash = stored_record_hash(seq, &current.record, &prev).unwrap();
        attacker
            .execute(
                "UPDATE audit_records SET prev_hash = ?1, hash = ?2 WHERE seq = ?3",
                params![prev, hash.as_slice(), seq],
            )
            .unwrap();
        prev = hash.to_vec();
    }

    let report = verify(node.store.as_ref()).unwrap();
    let problem = report.problem.unwrap();

    assert_eq!(problem.damage, Damage::Edited);
    assert_eq!(problem.seq, 11);
    assert!(problem.checkpoint.is_some());
}

#[test]
fn truncated_tail_detected() {
    let node = Node::new(10);
    node.record_many(25);
    node.auditor.checkpoint().unwrap();

    node.attacker().execute("DELETE FROM audit_records WHERE seq >= 18", []).unwrap();

    assert_damage(&node, 18, Damage::Deleted);
}

#[test]
fn tail_after_checkpoint_unprotected() {
    let node = Node::new(10);
    node.record_many(25);

    // Records after the last checkpoint (20) are not covered by any signature, so
    // deleting them cannot be detected. The report counts the unprotected records.
    let before = verify(node.store.as_ref()).unwrap();
    node.attacker().execute("DELETE FROM audit_records WHERE seq > 20", []).unwrap();
    let after = verify(node.store.as_ref()).unwrap();

    assert_eq!(before.unprotected_records, 5);
    assert!(after.is_intact());
    assert_eq!(after.records, 20);
}

#[test]
fn replaced_signature_detected() {
    let node = Node::new(10);
    node.record_many(25);

    node.attacker()
        .execute("UPDATE audit_checkpoints SET signature = ?1 WHERE seq = 10", params![vec![7u8; 64]])
        .unwrap();

    let report = verify(node.store.as_ref()).unwrap();
    let problem = report.problem.unwrap();

    assert_eq!(problem.damage, Damage::BadSignature);
    assert_eq!(problem.seq, 10);
}

#[test]
fn forged_checkpoint_detected() {
    let node = Node::new(10);
    node.record_many(25);
    let other = NodeKey::generate();
    let head = row(&node, 25).hash;
    let time_us = 1_700_000_000_000_000i64;
    let message = mekong_audit::hash::checkpoint_message("cn-test", 25, &head, time_us);
    let signature = other.sign(&message).to_bytes().to_vec();

    node.attacker()
        .execute(
            "INSERT INTO audit_checkpoints (node_id, seq, head_hash, time_us, public_key, signature) \
             VALUES ('cn-test', 25, ?1, ?2, ?3, ?4)",
            params![head, time_us, other.public_key().as_bytes().to_vec(), signature],
        )
        .unwrap();

    let report = verify(node.store.as_ref()).unwrap();
    let problem = report.problem.unwrap();

    assert_eq!(problem.damage, Damage::BadSignature);
    assert_eq!(problem.seq, 25);
}

#[test]
fn forged_key_caught_by_trusted_key() {
    let node = Node::new(10);
    node.record_many(25);
    let trusted = NodeKey::load_or_generate(node.dir.path()).unwrap().public_key().to_bytes();
    let other = NodeKey::generate();
    let head = row(&node, 25).hash;
    let message = mekong_audit::hash::checkpoint_message("cn-test", 25, &head, 1);
    let signature = other.sign(&message).to_bytes().to_vec();
    let attacker = node.attacker();

    // The attacker also registers their key in the database.
    attacker
        .execute(
            "INSERT INTO node_keys (public_key, algorithm, created_us) VALUES (?1, 'ed25519', 1)",
            params![other.public_key().as_bytes().to_vec()],
        )
        .unwrap();
    attacker
        .execute(
            "INSERT INTO audit_checkpoints (node_id, seq, head_hash, time_us, public_key, signature) \
             VALUES ('cn-test', 25, ?1, 1, ?2, ?3)",
            params![head, other.public_key().as_bytes().to_vec(), signature],
        )
        .unwrap();

    let report = verify_with(node.store.as_ref(), &VerifyOptions { trusted_keys: Some(vec![trusted]) }).unwrap();
    let problem = report.problem.unwrap();

    assert_eq!(problem.damage, Damage::BadSignature);
    assert_eq!(problem.seq, 25);
}
