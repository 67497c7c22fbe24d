//! Helpers shared by the audit trail tests: a node with a real SQLite store and a
//! raw connection for tampering with the file as an attacker would.


#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;
use std::sync::Arc;

use mekong_audit::{Actor, AuditEvent, Auditor, FieldChange, NodeKey};
use mekong_core::NodeId;
use mekong_store::SqliteStore;
use rusqlite::Connection;

pub struct Node {
    pub dir: tempfile::TempDir,
    pub store: Arc<SqliteStore>,
    pub auditor: Auditor,
}

impl Node {
    /// Opens a node that signs a checkpoint every `checkpoint_every` records.
    pub fn new(checkpoint_every: u64) -> Node {
        let dir = tempfile::tempdir().unwrap();
        let store = Arc::new(SqliteStore::open(&dir.path().join("mekong.db")).unwrap());
        let key = NodeKey::load_or_generate(dir.path()).unwrap();
        let auditor = Auditor::open(store.clone(), key, NodeId::new("cn-test").unwrap())
            .unwrap()
            .with_checkpoint_every(checkpoint_every);
        Node { dir, store, auditor }
    }

    pub fn db_path(&self) -> PathBuf {
        self.dir.path().join("mekong.db")
    }

    /// Records `count` alternating view and status-change events.
    pub fn record_many(&self, count: u64) {
        for index in 0..count {
            self.auditor.record(event(index)).unwrap();
        }
    }

    /// A connection with the append-only triggers dropped.
    pub fn attacker(&self) -> Connection {
        let connection = Connection::open(self.db_path()).unwrap();
        connection
            .execute_batch(
                "DROP TRIGGER audit_records_no_update; DROP TRIGGER audit_records_no_delete;
                 DROP TRIGGER audit_checkpoints_no_update; DROP TRIGGER audit_checkpoints_no_delete;",
            )
            .unwrap();
        connection
    }
}

pub fn analyst(name: &str) -> Actor {
    Actor { user_id: Some(format!("u-{name}")), name: name.into(), roles: vec!["fiu_analyst".into()], agency: "AMLIO".into() }
}

pub fn event(index: u64) -> AuditEvent {
    let user = if index.is_multiple_of(2) { "somchai" } else { "li" };
    if index.is_multiple_of(3) {
        AuditEvent {
            actor: analyst(user),
            action: "alert.status_change".into(),
            object_type: Some("alert".into()),
            object_id: Some(format!("alert-{index}")),
            changes: vec![FieldChange {
                field: "status".into(),
                old: Some("open".into()),
                new: Some("under_review".into()),
            }],
            purpose: Some("Lao AML/CFT Law Art. 31".into()),
            source: Some("127.0.0.1".into()),
        }
    } else {
        AuditEvent {
            actor: analyst(user),
            action: "alert.view".into(),
            object_type: Some("alert".into()),
            object_id: Some(format!("alert-{index}")),
            changes: vec![],
            purpose: None,
            source: Some("127.0.0.1".into()),
        }
    }
}
