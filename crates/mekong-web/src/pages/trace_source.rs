//! A [`TraceSource`] over the web state's `dyn Store`, so the trace screen can run
//! the `mekong-trace` engine on whatever store the node was started with.
//!
//! The `Store` trait has no per-side time-window query, so the source reads each
//! account's whole history once through `account_transactions`, in pages, keeps it
//! for the rest of the trace, and filters by side and window in memory. A start
//! transaction is looked up under the origin nodes the caller names, because the
//! trait looks transactions up by origin and id.
//!
//! When the node gives the web state an indexed source (the SQLite store's
//! `account_flows`), [`OriginFilter`] wraps it instead, so only start transactions
//! are narrowed to the named origins.
//!
//! Invariant: results are ordered by time, then `seq`, as [`TraceSource`] requires.

use std::cell::RefCell;
use std::collections::HashMap;

use mekong_core::{AccountKey, NodeId};
use mekong_store::{Store, StoredTransaction};
use mekong_trace::{TimeWindow, TraceError, TraceSource};

/// Transactions read per `account_transactions` call.
const PAGE_SIZE: u32 = 1000;

/// Reads a trace's transactions from a `dyn Store`, caching each account's history.
///
/// NOTE: an account with a very long history, such as a bank's settlement account,
/// is read in full when the trace reaches it. The SQLite store's indexed
/// `account_flows` would avoid that, but the web state has only the `Store` trait.
pub(crate) struct StoreSource<'a> {
    store: &'a dyn Store,
    origins: Vec<NodeId>,
    histories: RefCell<HashMap<AccountKey, Vec<StoredTransaction>>>,
}

impl<'a> StoreSource<'a> {
    /// Creates a source that looks start transactions up under `origins`.
    pub(crate) fn new(store: &'a dyn Store, origins: Vec<NodeId>) -> StoreSource<'a> {
        StoreSource { store, origins, histories: RefCell::new(HashMap::new()) }
    }

    /// Returns the account's transactions in time order, reading them on first use.
    fn history(&self, account: &AccountKey) -> Result<Vec<StoredTransaction>, TraceError> {
        if let Some(known) = self.histories.borrow().get(account) {
            return Ok(known.clone());
        }

        let mut all = Vec::new();
        let mut offset = 0_u32;
        loop {
            let page = self.store.account_transactions(account, PAGE_SIZE, offset)?;
            let count = page.len();
            all.extend(page);
            if count < PAGE_SIZE as usize {
                break;
            }
            offset = offset.saturating_add(PAGE_SIZE);
        }
        all.sort_by_key(|stored| (stored.tx.timestamp.utc, stored.seq));

        self.histories.borrow_mut().insert(account.clone(), all.clone());
        Ok(all)
    }
}

impl TraceSource for StoreSource<'_> {
    fn transactions_with_id(&self, id: &str) -> Result<Vec<StoredTransaction>, TraceError> {
        let ids = [id.to_owned()];
        let mut found = Vec::new();
        for origin in &self.origins {
            found.extend(self.store.transactions_by_ids(origin, &ids)?);
        }
        found.sort_by_key(|stored| stored.seq);
        found.dedup_by_key(|stored| stored.seq);
        Ok(found)
    }

    fn outgoing(&self, account: &AccountKey, window: TimeWindow) -> Result<Vec<StoredTransaction>, TraceError> {
        let history = self.history(account)?;
        Ok(history
            .into_iter()
            .filter(|stored| stored.tx.debtor.key() == *account && window.contains(stored.tx.timestamp.utc))
            .collect())
    }

    fn incoming(&self, account: &AccountKey, window: TimeWindow) -> Result<Vec<StoredTransaction>, TraceError> {
        let history = self.history(account)?;
        Ok(history
            .into_iter()
            .filter(|stored| stored.tx.creditor.key() == *account && window.contains(stored.tx.timestamp.utc))
            .collect())
    }
}

/// An indexed source whose start transactions are limited to the named origin nodes.
pub(crate) struct OriginFilter<'a> {
    /// The indexed source, such as the SQLite store.
    pub(crate) inner: &'a (dyn TraceSource + Send + Sync),
    /// The nodes a start transaction may come from; empty means any.
    pub(crate) origins: &'a [NodeId],
}

impl TraceSource for OriginFilter<'_> {
    fn transactions_with_id(&self, id: &str) -> Result<Vec<StoredTransaction>, TraceError> {
        let mut found = self.inner.transactions_with_id(id)?;
        if !self.origins.is_empty() {
            found.retain(|stored| self.origins.contains(&stored.tx.origin));
        }
        Ok(found)
    }

    fn outgoing(&self, account: &AccountKey, window: TimeWindow) -> Result<Vec<StoredTransaction>, TraceError> {
        self.inner.outgoing(account, window)
    }

    fn incoming(&self, account: &AccountKey, window: TimeWindow) -> Result<Vec<StoredTransaction>, TraceError> {
        self.inner.incoming(account, window)
    }
}
