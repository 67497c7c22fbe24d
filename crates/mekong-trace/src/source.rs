//! Sources of transactions for a trace: the [`TraceSource`] trait, with an
//! implementation over [`SqliteStore`] and one over transactions held in memory.
//!
//! Contract of every implementation: results are ordered by time, then by `seq`, and
//! `seq` is unique per stored transaction, because the trace uses it to match the
//! two sides (debtor and creditor) of one transaction.

use chrono::{DateTime, Utc};
use mekong_core::{AccountKey, Decision, Transaction};
use mekong_store::{FlowSide, SqliteStore, StoredTransaction};

use crate::TraceError;

/// A closed time window; `None` leaves that end open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TimeWindow {
    /// Earliest time included.
    pub from: Option<DateTime<Utc>>,
    /// Latest time included.
    pub until: Option<DateTime<Utc>>,
}

impl TimeWindow {
    /// Returns whether an instant lies inside the window.
    pub fn contains(&self, time: DateTime<Utc>) -> bool {
        self.from.is_none_or(|from| time >= from) && self.until.is_none_or(|until| time <= until)
    }
}

/// Read access to stored transactions, as fund tracing needs it.
pub trait TraceSource {
    /// Returns every stored transaction with this id, from any origin node.
    fn transactions_with_id(&self, id: &str) -> Result<Vec<StoredTransaction>, TraceError>;

    /// Returns the transactions an account paid inside the window, by time then `seq`.
    fn outgoing(
        &self,
        account: &AccountKey,
        window: TimeWindow,
    ) -> Result<Vec<StoredTransaction>, TraceError>;

    /// Returns the transactions an account received inside the window, by time then `seq`.
    fn incoming(
        &self,
        account: &AccountKey,
        window: TimeWindow,
    ) -> Result<Vec<StoredTransaction>, TraceError>;
}

impl TraceSource for SqliteStore {
    fn transactions_with_id(&self, id: &str) -> Result<Vec<StoredTransaction>, TraceError> {
        Ok(SqliteStore::transactions_with_id(self, id)?)
    }

    fn outgoing(
        &self,
        account: &AccountKey,
        window: TimeWindow,
    ) -> Result<Vec<StoredTransaction>, TraceError> {
        Ok(self.account_flows(account, FlowSide::Outgoing, window.from, window.until)?)
    }

    fn incoming(
        &self,
        account: &AccountKey,
        window: TimeWindow,
    ) -> Result<Vec<StoredTransaction>, TraceError> {
        Ok(self.account_flows(account, FlowSide::Incoming, window.from, window.until)?)
    }
}

/// Transactions held in memory, for tests and for tracing a file without importing it.
#[derive(Debug, Clone, Default)]
pub struct MemorySource {
    transactions: Vec<StoredTransaction>,
}

impl MemorySource {
    /// Creates a source from transactions; their position in the list becomes `seq`,
    /// starting at 1, like storage order.
    pub fn new(transactions: impl IntoIterator<Item = Transaction>) -> MemorySource {
        let mut stored: Vec<StoredTransaction> = transactions
            .into_iter()
            .zip(1_i64..)
            .map(|(tx, seq)| StoredTransaction {
                seq,
                tx,
                decision: Decision::Allow,
                score: 0,
            })
            .collect();
        stored.sort_by_key(|stored| (stored.tx.timestamp.utc, stored.seq));
        MemorySource {
            transactions: stored,
        }
    }

    fn select(&self, keep: impl Fn(&Transaction) -> bool) -> Vec<StoredTransaction> {
        self.transactions
            .iter()
            .filter(|stored| keep(&stored.tx))
            .cloned()
            .collect()
    }
}

impl TraceSource for MemorySource {
    fn transactions_with_id(&self, id: &str) -> Result<Vec<StoredTransaction>, TraceError> {
        Ok(self.select(|tx| tx.id == id))
    }

    fn outgoing(
        &self,
        account: &AccountKey,
        window: TimeWindow,
    ) -> Result<Vec<StoredTransaction>, TraceError> {
        Ok(self.select(|tx| tx.debtor.key() == *account && window.contains(tx.timestamp.utc)))
    }

    fn incoming(
        &self,
        account: &AccountKey,
        window: TimeWindow,
    ) -> Result<Vec<StoredTransaction>, TraceError> {
        Ok(self.select(|tx| tx.creditor.key() == *account && window.contains(tx.timestamp.utc)))
    }
}
