//! Storage of a Mekong Bridge node behind one trait, [`Store`].
//!
//! Callers use only the trait, so that a PostgreSQL implementation can sit beside
//! the SQLite one without touching them. Each implementation owns its migrations.
//!
//! Invariants every implementation keeps:
//! - a transaction is unique per (origin node, id), and storing it again changes nothing;
//! - a [`CommitBatch`] is stored whole or not at all;
//! - every stored record carries the node it came from;
//! - an alert's status changes only along the workflow, and every change is kept
//!   with its reason and actor.

pub mod audit;
pub mod auth;
pub mod registry;
pub mod reports;
mod error;
pub mod evidence;
pub mod evidence_search;
pub mod freeze;
mod model;
pub mod outbox;
mod sqlite;
mod sqlite_audit;
mod sqlite_commit;
mod sqlite_auth;
mod sqlite_registry;
mod sqlite_reports;
mod sqlite_evidence;
mod sqlite_evidence_search;
mod sqlite_freeze;
mod sqlite_outbox;
mod sqlite_trace;

pub use error::StoreError;
pub use model::{
    AccountView, AlertFilter, AlertRecord, CommitBatch, Flag, ImportRun, Page, StatusChange, StoredTransaction,
};
pub use sqlite::SqliteStore;
pub use sqlite_trace::FlowSide;

use std::collections::HashMap;

use mekong_core::{AccountKey, Alert, AlertStatus, Decision, NodeId, NodeIdentity};

/// Everything a node stores, whatever the database.
///
/// Methods take `&self` and implementations synchronise internally, so one store
/// can be shared by the HTTP server, importers and the monitor. Calls block; async
/// callers run them on a blocking thread.
pub trait Store: Send + Sync + std::fmt::Debug {
    /// Returns the node's identity, or `None` before the node was initialised.
    fn node_identity(&self) -> Result<Option<NodeIdentity>, StoreError>;

    /// Stores the node's identity on first start; fails if a different one is stored.
    fn init_node_identity(&self, identity: &NodeIdentity) -> Result<(), StoreError>;

    /// Returns the stored decision of each of these transaction ids that is already stored.
    fn known_decisions(&self, origin: &NodeId, ids: &[&str]) -> Result<HashMap<String, Decision>, StoreError>;

    /// Stores transactions with their decisions, new alerts and account risk scores in
    /// one database transaction.
    fn commit(&self, batch: &CommitBatch) -> Result<(), StoreError>;

    /// Calls `visit` with every stored transaction, in the order they were stored.
    fn for_each_transaction(
        &self,
        visit: &mut dyn FnMut(StoredTransaction) -> Result<(), StoreError>,
    ) -> Result<(), StoreError>;

    /// Counts stored transactions.
    fn transaction_count(&self) -> Result<u64, StoreError>;

    /// Calls `visit` with every stored transaction whose `seq` is greater than `after`,
    /// in storage order. A monitor restored from a snapshot replays only these.
    fn for_each_transaction_after(
        &self,
        after: i64,
        visit: &mut dyn FnMut(StoredTransaction) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        self.for_each_transaction(&mut |stored| if stored.seq > after { visit(stored) } else { Ok(()) })
    }

    /// Returns the stored transaction with the highest `seq`, or `None` when none is stored.
    fn last_transaction(&self) -> Result<Option<StoredTransaction>, StoreError> {
        let mut last = None;
        self.for_each_transaction(&mut |stored| {
            last = Some(stored);
            Ok(())
        })?;
        Ok(last)
    }

    /// Returns the stored transactions with these ids, in storage order.
    fn transactions_by_ids(&self, origin: &NodeId, ids: &[String]) -> Result<Vec<StoredTransaction>, StoreError>;

    /// Returns one page of alerts matching the filter, newest first.
    fn list_alerts(&self, filter: &AlertFilter) -> Result<Page<Alert>, StoreError>;

    /// Returns an alert with its status history.
    fn alert(&self, id: &str) -> Result<Option<AlertRecord>, StoreError>;

    /// Moves an alert to a new status, checked against the workflow, and records why and by whom.
    fn change_alert_status(
        &self,
        id: &str,
        to: AlertStatus,
        reason: &str,
        actor: &str,
    ) -> Result<AlertRecord, StoreError>;

    /// Returns the ids of the rules that raised at least one stored alert.
    fn alert_rules(&self) -> Result<Vec<String>, StoreError>;

    /// Calls `visit` with every stored alert, oldest first.
    fn for_each_alert(&self, visit: &mut dyn FnMut(Alert) -> Result<(), StoreError>) -> Result<(), StoreError>;

    /// Returns what the node knows of one account.
    fn account(&self, key: &AccountKey) -> Result<Option<AccountView>, StoreError>;

    /// Returns an account's transactions, newest first.
    fn account_transactions(
        &self,
        key: &AccountKey,
        limit: u32,
        offset: u32,
    ) -> Result<Vec<StoredTransaction>, StoreError>;

    /// Returns the alerts about an account, newest first.
    fn account_alerts(&self, key: &AccountKey) -> Result<Vec<Alert>, StoreError>;

    /// Returns every flagged account.
    fn flags(&self) -> Result<Vec<Flag>, StoreError>;

    /// Flags an account, or updates the reason of an existing flag.
    fn add_flag(&self, flag: &Flag) -> Result<(), StoreError>;

    /// Removes a flag; returns whether the account was flagged.
    fn remove_flag(&self, key: &AccountKey) -> Result<bool, StoreError>;

    /// Records a finished or interrupted file import.
    fn record_import(&self, run: &ImportRun) -> Result<(), StoreError>;
}
