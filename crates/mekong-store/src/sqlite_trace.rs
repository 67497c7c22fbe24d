//! Reads for fund tracing: an account's outgoing or incoming transactions inside a
//! time window, and transactions found by id alone.
//!
//! The queries use the `transactions_debtor` and `transactions_creditor` indexes,
//! which are ordered by `seq` (insertion order), and filter on time afterwards, so
//! each call reads every transaction of the account once. Results are ordered by
//! time, then by `seq`, because insertion order is not time order.

use chrono::{DateTime, Utc};
use mekong_core::AccountKey;
use rusqlite::params;

use crate::sqlite::{TRANSACTION_SELECT, transaction_from_row};
use crate::{SqliteStore, StoreError, StoredTransaction};

/// Side of a transaction an account is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FlowSide {
    /// Transactions the account paid (it is the debtor).
    Outgoing,
    /// Transactions the account received (it is the creditor).
    Incoming,
}

impl SqliteStore {
    /// Returns an account's transactions on one side whose time lies in `[from, until]`,
    /// ordered by time and then storage order. Both ends are inclusive, and `None`
    /// leaves that end open.
    pub fn account_flows(
        &self,
        key: &AccountKey,
        side: FlowSide,
        from: Option<DateTime<Utc>>,
        until: Option<DateTime<Utc>>,
    ) -> Result<Vec<StoredTransaction>, StoreError> {
        let column = match side {
            FlowSide::Outgoing => "debtor_id",
            FlowSide::Incoming => "creditor_id",
        };
        let from_us = from.map_or(i64::MIN, |time| time.timestamp_micros());
        let until_us = until.map_or(i64::MAX, |time| time.timestamp_micros());

        self.read(|connection| {
            let sql = format!(
                "{TRANSACTION_SELECT} WHERE t.{column} = (SELECT id FROM accounts WHERE key = ?1)
                 AND t.ts_us >= ?2 AND t.ts_us <= ?3 ORDER BY t.ts_us, t.seq"
            );
            let mut statement = connection.prepare_cached(&sql)?;
            let mut rows = statement.query(params![key.as_str(), from_us, until_us])?;
            let mut found = Vec::new();
            while let Some(row) = rows.next()? {
                found.push(transaction_from_row(row)?);
            }
            Ok(found)
        })
    }

    /// Returns every stored transaction with this id, whatever node it came from,
    /// in storage order. Ids are unique per origin node only, so there may be several.
    pub fn transactions_with_id(&self, id: &str) -> Result<Vec<StoredTransaction>, StoreError> {
        self.read(|connection| {
            // The unique (origin, id) index starts with origin, so the query first lists
            // the stored origins by seeking from one to the next (a skip scan that reads
            // one index entry per origin), then looks the id up under each.
            let sql = format!(
                "WITH RECURSIVE origins (origin) AS (
                     SELECT min(origin) FROM transactions
                     UNION ALL
                     SELECT (SELECT min(origin) FROM transactions WHERE origin > origins.origin)
                     FROM origins WHERE origins.origin IS NOT NULL)
                 {TRANSACTION_SELECT} WHERE t.seq IN (SELECT seq FROM transactions
                     WHERE origin IN (SELECT origin FROM origins WHERE origin IS NOT NULL) AND id = ?1)
                 ORDER BY t.seq"
            );
            let mut statement = connection.prepare_cached(&sql)?;
            let mut rows = statement.query([id])?;
            let mut found = Vec::new();
            while let Some(row) = rows.next()? {
                found.push(transaction_from_row(row)?);
            }
            Ok(found)
        })
    }
}
