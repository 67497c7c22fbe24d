//! The batch insert path of [`SqliteStore`]: one [`CommitBatch`] of scored
//! transactions, their alerts and the accounts' new risk scores, in one database
//! transaction. Every import goes through here, so it is tuned for CPU time per row.
//!
//! Invariants:
//! - account keys resolve to integer ids through `SqliteStore::account_ids`, which
//!   holds only ids of committed accounts, so a rolled-back batch leaves no stale id;
//! - the batch runs with foreign-key checks off. Each `debtor_id` and `creditor_id`
//!   is an id this database transaction read from or inserted into `accounts`, or one
//!   cached after an earlier commit, and no code deletes accounts, so the check could
//!   not fail. It cost two `accounts` lookups per row. [`ForeignKeysOff`] switches the
//!   checks back on before the writer connection is released, also when the batch fails.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::ops::{Deref, DerefMut};
use std::sync::MutexGuard;

use mekong_core::{AccountKey, AccountRef, Alert, NodeId};
use rusqlite::{Connection, OptionalExtension, params};

use crate::sqlite::{json, micros};
use crate::{CommitBatch, SqliteStore, StoreError};

impl SqliteStore {
    /// Stores a batch in one database transaction; nothing of it is stored on error.
    pub(crate) fn commit_batch(&self, batch: &CommitBatch) -> Result<(), StoreError> {
        if batch.is_empty() {
            return Ok(());
        }
        let mut connection = ForeignKeysOff::new(self.write())?;
        let transaction = connection.transaction()?;

        let mut known_ids = self.account_ids.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let mut new_ids: HashMap<String, i64> = HashMap::new();
        let ids = resolve_accounts(&transaction, batch, &known_ids, &mut new_ids)?;

        insert_transactions(&transaction, batch, &ids)?;
        insert_alerts(&transaction, &batch.alerts)?;
        update_risk(&transaction, &batch.risk_updates, &known_ids, &new_ids)?;

        transaction.commit()?;
        known_ids.extend(new_ids);
        Ok(())
    }
}

/// The writer connection with foreign-key checks off until it is dropped.
///
/// SQLite ignores `PRAGMA foreign_keys` inside a transaction, so the guard must be
/// created before the transaction starts and dropped after it ends. Declaring the
/// transaction after the guard does both.
struct ForeignKeysOff<'a>(MutexGuard<'a, Connection>);

impl<'a> ForeignKeysOff<'a> {
    fn new(connection: MutexGuard<'a, Connection>) -> Result<ForeignKeysOff<'a>, StoreError> {
        connection.pragma_update(None, "foreign_keys", false)?;
        Ok(ForeignKeysOff(connection))
    }
}

impl Drop for ForeignKeysOff<'_> {
    fn drop(&mut self) {
        if let Err(error) = self.0.pragma_update(None, "foreign_keys", true) {
            tracing::error!(%error, "switching foreign-key checks back on failed for the writer connection");
        }
    }
}

impl Deref for ForeignKeysOff<'_> {
    type Target = Connection;

    fn deref(&self) -> &Connection {
        &self.0
    }
}

impl DerefMut for ForeignKeysOff<'_> {
    fn deref_mut(&mut self) -> &mut Connection {
        &mut self.0
    }
}

/// Returns the (debtor id, creditor id) of each transaction of the batch, inserting
/// accounts not stored yet. Ids of accounts first seen in this batch go to `new_ids`.
fn resolve_accounts(
    transaction: &rusqlite::Transaction<'_>,
    batch: &CommitBatch,
    known_ids: &HashMap<String, i64>,
    new_ids: &mut HashMap<String, i64>,
) -> Result<Vec<(i64, i64)>, StoreError> {
    let mut ids: Vec<(i64, i64)> = Vec::with_capacity(batch.transactions.len());
    for (tx, _, _) in &batch.transactions {
        let mut resolve = |account: &AccountRef| -> Result<i64, StoreError> {
            let key = account.key();
            if let Some(id) = known_ids.get(key.as_str()).or_else(|| new_ids.get(key.as_str())) {
                return Ok(*id);
            }
            let id = insert_account(transaction, &key, account, &tx.origin)?;
            new_ids.insert(key.as_str().to_owned(), id);
            Ok(id)
        };
        ids.push((resolve(&tx.debtor)?, resolve(&tx.creditor)?));
    }
    Ok(ids)
}

/// Stores an account if it is new and returns its id. A stored account without a
/// country takes the country given now.
fn insert_account(
    transaction: &rusqlite::Transaction<'_>,
    key: &AccountKey,
    account: &AccountRef,
    origin: &NodeId,
) -> Result<i64, StoreError> {
    // RETURNING yields a row when the account is inserted or its country is filled in.
    // It yields none for an account stored already, whose id the SELECT below reads.
    let mut insert = transaction.prepare_cached(
        "INSERT INTO accounts (key, bank, number, country, origin) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (key) DO UPDATE SET country = excluded.country
         WHERE accounts.country IS NULL AND excluded.country IS NOT NULL
         RETURNING id",
    )?;
    let inserted: Option<i64> = insert
        .query_row(
            params![
                key.as_str(),
                account.bank,
                account.number,
                account.country.as_ref().map(|country| country.as_str()),
                origin.as_str(),
            ],
            |row| row.get(0),
        )
        .optional()?;
    if let Some(id) = inserted {
        return Ok(id);
    }

    let mut select = transaction.prepare_cached("SELECT id FROM accounts WHERE key = ?1")?;
    Ok(select.query_row([key.as_str()], |row| row.get(0))?)
}

fn insert_transactions(
    transaction: &rusqlite::Transaction<'_>,
    batch: &CommitBatch,
    ids: &[(i64, i64)],
) -> Result<(), StoreError> {
    let mut insert = transaction.prepare_cached(
        "INSERT INTO transactions (origin, id, ts_us, ts_offset, debtor_id, debtor_country, creditor_id,
             creditor_country, amount, currency, channel, reference, decision, score)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
    )?;

    // One buffer for every amount's decimal text, so no row allocates for it.
    let mut amount = String::new();
    for ((tx, decision, score), (debtor_id, creditor_id)) in batch.transactions.iter().zip(ids) {
        amount.clear();
        write!(amount, "{}", tx.amount.amount).map_err(|error| StoreError::corrupt("amount", error))?;

        insert.execute(params![
            tx.origin.as_str(),
            tx.id,
            micros(&tx.timestamp.utc),
            tx.timestamp.offset_seconds,
            debtor_id,
            tx.debtor.country.as_ref().map(|country| country.as_str()),
            creditor_id,
            tx.creditor.country.as_ref().map(|country| country.as_str()),
            amount,
            tx.amount.currency.code(),
            tx.channel.as_str(),
            tx.reference,
            decision.as_str(),
            score,
        ])?;
    }
    Ok(())
}

fn insert_alerts(transaction: &rusqlite::Transaction<'_>, alerts: &[Alert]) -> Result<(), StoreError> {
    let mut insert = transaction.prepare_cached(
        "INSERT INTO alerts (id, origin, rule, rule_version, score, account, involved, transactions,
             explanation, shadow, status, raised_us, raised_offset)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
    )?;
    for alert in alerts {
        let involved: Vec<&str> = alert.involved.iter().map(AccountKey::as_str).collect();
        insert.execute(params![
            alert.id,
            alert.origin.as_str(),
            alert.rule,
            alert.rule_version,
            alert.score,
            alert.account.as_str(),
            json(&involved)?,
            json(&alert.transactions)?,
            json(&alert.explanation)?,
            alert.shadow,
            alert.status.as_str(),
            micros(&alert.raised_at.utc),
            alert.raised_at.offset_seconds,
        ])?;
    }
    Ok(())
}

/// Stores new risk scores, by account id where the id is known, which skips the
/// lookup in the `accounts.key` index.
fn update_risk(
    transaction: &rusqlite::Transaction<'_>,
    risk_updates: &[(AccountKey, u8)],
    known_ids: &HashMap<String, i64>,
    new_ids: &HashMap<String, i64>,
) -> Result<(), StoreError> {
    let mut by_id = transaction.prepare_cached("UPDATE accounts SET risk = ?2 WHERE id = ?1")?;
    let mut by_key = transaction.prepare_cached("UPDATE accounts SET risk = ?2 WHERE key = ?1")?;
    for (key, risk) in risk_updates {
        match known_ids.get(key.as_str()).or_else(|| new_ids.get(key.as_str())) {
            Some(id) => by_id.execute(params![id, risk])?,
            None => by_key.execute(params![key.as_str(), risk])?,
        };
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use chrono::{TimeZone, Utc};
    use mekong_core::{Channel, Country, Currency, Decision, Money, Timestamp, Transaction};
    use rust_decimal::Decimal;

    use super::*;

    fn store() -> (tempfile::TempDir, SqliteStore) {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(&dir.path().join("mekong.db")).unwrap();
        (dir, store)
    }

    fn transaction(id: &str, debtor: &str, creditor: &str, country: Option<Country>) -> Transaction {
        Transaction {
            id: id.to_owned(),
            origin: NodeId::new("cn-test-node").unwrap(),
            timestamp: Timestamp::from_utc(Utc.with_ymd_and_hms(2026, 3, 1, 1, 0, 0).unwrap(), 8 * 3600),
            debtor: AccountRef::new("ICBC", debtor, country),
            creditor: AccountRef::new("BCEL", creditor, country),
            amount: Money::new(Decimal::from_str("1250.50").unwrap(), Currency::CNY),
            channel: Channel::Transfer,
            reference: None,
        }
    }

    fn batch(transactions: Vec<Transaction>, risk_updates: Vec<(AccountKey, u8)>) -> CommitBatch {
        CommitBatch {
            transactions: transactions.into_iter().map(|tx| (tx, Decision::Allow, 0)).collect(),
            alerts: Vec::new(),
            risk_updates,
        }
    }

    fn foreign_keys_on(store: &SqliteStore) -> bool {
        store.write().pragma_query_value(None, "foreign_keys", |row| row.get(0)).unwrap()
    }

    fn foreign_key_violations(store: &SqliteStore) -> usize {
        let connection = store.write();
        let mut statement = connection.prepare("PRAGMA foreign_key_check").unwrap();
        statement.query_map([], |_| Ok(())).unwrap().count()
    }

    fn count(store: &SqliteStore, sql: &str) -> i64 {
        store.write().query_row(sql, [], |row| row.get(0)).unwrap()
    }

    fn account_row(store: &SqliteStore, key: &str) -> (i64, Option<String>, i64) {
        store
            .write()
            .query_row("SELECT id, country, risk FROM accounts WHERE key = ?1", [key], |row| {
                Ok((row.get(0)?, row.get(1)?, row.get(2)?))
            })
            .unwrap()
    }

    #[test]
    fn commit_keeps_foreign_keys() {
        let (_dir, store) = store();
        let first = transaction("t1", "A1", "B1", Some(Country::CN));
        let creditor = first.creditor.key();

        store.commit_batch(&batch(vec![first], vec![(creditor.clone(), 40)])).unwrap();
        store.commit_batch(&batch(vec![transaction("t2", "A1", "B1", Some(Country::CN))], Vec::new())).unwrap();

        assert!(foreign_keys_on(&store));
        assert_eq!(foreign_key_violations(&store), 0);
        assert_eq!(count(&store, "SELECT count(*) FROM transactions"), 2);
        assert_eq!(count(&store, "SELECT count(*) FROM accounts"), 2);
        assert_eq!(account_row(&store, creditor.as_str()).2, 40);
    }

    #[test]
    fn failed_commit_stores_nothing() {
        let (_dir, store) = store();
        store.commit_batch(&batch(vec![transaction("t1", "A1", "B1", None)], Vec::new())).unwrap();

        // The second row repeats the first's id, so the unique index rejects the batch
        // after its new account was inserted.
        let repeated = batch(vec![transaction("t2", "C1", "B1", None), transaction("t1", "C1", "B1", None)], Vec::new());
        assert!(store.commit_batch(&repeated).is_err());

        assert!(foreign_keys_on(&store));
        assert_eq!(count(&store, "SELECT count(*) FROM transactions"), 1);
        assert_eq!(count(&store, "SELECT count(*) FROM accounts WHERE key = 'ICBC/C1'"), 0);
        let cached = store.account_ids.lock().unwrap();
        assert!(!cached.contains_key("ICBC/C1"));
        drop(cached);

        store.commit_batch(&batch(vec![transaction("t2", "C1", "B1", None)], Vec::new())).unwrap();
        assert_eq!(count(&store, "SELECT count(*) FROM transactions"), 2);
        assert_eq!(foreign_key_violations(&store), 0);
    }

    #[test]
    fn reopened_store_resolves_stored_accounts() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("mekong.db");
        let first_id = {
            let store = SqliteStore::open(&path).unwrap();
            store.commit_batch(&batch(vec![transaction("t1", "A1", "B1", None)], Vec::new())).unwrap();
            account_row(&store, "BCEL/B1").0
        };

        // A new store starts with no cached ids: the stored account is found again, its
        // missing country is filled in, and a risk update goes by key.
        let store = SqliteStore::open(&path).unwrap();
        let risk = vec![(AccountKey::new("ICBC", "A1"), 70)];
        store.commit_batch(&batch(vec![transaction("t2", "A2", "B1", Some(Country::LA))], risk)).unwrap();

        let (id, country, _) = account_row(&store, "BCEL/B1");
        assert_eq!(id, first_id);
        assert_eq!(country.as_deref(), Some("LA"));
        assert_eq!(account_row(&store, "ICBC/A1").2, 70);
        assert_eq!(count(&store, "SELECT count(*) FROM accounts"), 3);
        assert_eq!(foreign_key_violations(&store), 0);
    }
}
