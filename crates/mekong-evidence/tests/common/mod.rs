//! A vault on a real SQLite store in a temporary data directory, shared by the
//! integration tests that need one.

#![allow(dead_code)]

use std::sync::Arc;

use mekong_audit::NodeKey;
use mekong_evidence::{CustodyLog, CustodyReport, Vault, VaultKey, checkpoint_origin, verify_custody};
use mekong_store::SqliteStore;
use mekong_store::evidence::EvidenceStore;

/// A node's vault with its store and data directory.
pub struct TestVault {
    pub dir: tempfile::TempDir,
    pub store: Arc<SqliteStore>,
    pub vault: Vault,
    node_id: &'static str,
    secret: [u8; 32],
}

impl TestVault {
    /// Opens a new vault of `node_id`, whose custody log signs with the key of `secret`.
    pub fn new(node_id: &'static str, secret: [u8; 32]) -> TestVault {
        let dir = tempfile::tempdir().unwrap();
        let store = Arc::new(SqliteStore::open(&dir.path().join("node.db")).unwrap());
        let log = CustodyLog::new(store.clone(), NodeKey::from_secret(&secret), node_id);
        let key = VaultKey::load_or_generate(dir.path()).unwrap();
        let vault = Vault::new(dir.path(), store.clone(), key, log, node_id);
        TestVault { dir, store, vault, node_id, secret }
    }

    /// Returns the store as the evidence store trait object that parsing takes.
    pub fn evidence(&self) -> Arc<dyn EvidenceStore> {
        self.store.clone()
    }

    /// Verifies the custody of one item, or of all items for `None`, against the node's key.
    pub fn verify(&self, item_id: Option<&str>) -> CustodyReport {
        let trusted = [NodeKey::from_secret(&self.secret).public_key()];
        let origin = checkpoint_origin(self.node_id);
        verify_custody(self.store.as_ref(), self.dir.path(), self.vault.vault_key(), &trusted, &origin, item_id).unwrap()
    }
}
