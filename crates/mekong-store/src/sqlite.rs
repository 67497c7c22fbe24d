//! The SQLite implementation of [`Store`]: one file in WAL mode, the embedded default.
//!
//! One writer connection behind a mutex serialises writes; readers take pooled
//! connections of their own, so pages keep loading during a long import. Commits use
//! `synchronous=FULL`, so a transaction the node has reported as `accepted` survives a
//! power cut, not only a crash of the process.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::{Mutex, MutexGuard};

use chrono::{DateTime, Utc};
use mekong_core::{
    AccountKey, AccountRef, Alert, AlertStatus, Channel, Country, Currency, Decision, Explanation, Money, NodeId,
    NodeIdentity, Timestamp, Transaction,
};
use rusqlite::{Connection, OpenFlags, OptionalExtension, Row, params, params_from_iter, types::Value};
use rust_decimal::Decimal;

use crate::{
    AccountView, AlertFilter, AlertRecord, CommitBatch, Flag, ImportRun, Page, StatusChange, Store, StoreError,
    StoredTransaction,
};

/// Migrations in order; the database's `user_version` counts how many were applied.
const MIGRATIONS: &[&str] = &[
    include_str!("../migrations/sqlite/0001_init.sql"),
    include_str!("../migrations/sqlite/0002_auth.sql"),
    include_str!("../migrations/sqlite/0003_audit.sql"),
    include_str!("../migrations/sqlite/0004_evidence.sql"),
    include_str!("../migrations/sqlite/0005_registry.sql"),
    include_str!("../migrations/sqlite/0006_freeze.sql"),
    include_str!("../migrations/sqlite/0007_reports.sql"),
    include_str!("../migrations/sqlite/0008_evidence_search.sql"),
    include_str!("../migrations/sqlite/0009_outbox.sql"),
    include_str!("../migrations/sqlite/0010_report_schema_version.sql"),
    include_str!("../migrations/sqlite/0011_evidence_statement.sql"),
];

/// WAL size, in pages, at which a commit runs a checkpoint: 512 MiB with the default
/// 4 KiB pages. Recovery after a crash reads up to this much WAL before the first query.
const WAL_AUTOCHECKPOINT_PAGES: i64 = 131_072;

/// Size to which SQLite truncates the WAL file after a checkpoint. It matches
/// `WAL_AUTOCHECKPOINT_PAGES`, so an import reuses the file's blocks instead of growing
/// it again after each checkpoint, and an idle node keeps at most this much WAL.
const WAL_SIZE_LIMIT_BYTES: i64 = WAL_AUTOCHECKPOINT_PAGES * 4096;

/// Maximum number of idle reader connections kept for reuse.
const MAX_IDLE_READERS: usize = 8;

/// Selects stored transactions with their accounts' bank and number, in the column
/// order `transaction_from_row` reads.
pub(crate) const TRANSACTION_SELECT: &str = "SELECT t.seq, t.origin, t.id, t.ts_us, t.ts_offset, d.bank, d.number, \
     t.debtor_country, c.bank, c.number, t.creditor_country, t.amount, t.currency, t.channel, t.reference, \
     t.decision, t.score FROM transactions t JOIN accounts d ON d.id = t.debtor_id \
     JOIN accounts c ON c.id = t.creditor_id";

const ALERT_COLUMNS: &str = "id, origin, rule, rule_version, score, account, involved, transactions, explanation, \
     shadow, status, raised_us, raised_offset";

/// A node's database in one SQLite file.
pub struct SqliteStore {
    path: PathBuf,
    writer: Mutex<Connection>,
    readers: Mutex<Vec<Connection>>,
    /// Ids of accounts known to be stored, filled only after a commit succeeds so that
    /// a rolled-back insert never leaves a stale id behind.
    pub(crate) account_ids: Mutex<HashMap<String, i64>>,
}

impl std::fmt::Debug for SqliteStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SqliteStore").field("path", &self.path).finish_non_exhaustive()
    }
}

impl SqliteStore {
    /// Opens or creates the database file, switches it to WAL mode and applies
    /// pending migrations.
    pub fn open(path: &Path) -> Result<SqliteStore, StoreError> {
        if let Some(parent) = path.parent().filter(|parent| !parent.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent)
                .map_err(|source| StoreError::Open { path: path.to_owned(), source: Box::new(source) })?;
        }

        let mut writer = open_connection(path, true)?;
        migrate(&mut writer)?;

        Ok(SqliteStore {
            path: path.to_owned(),
            writer: Mutex::new(writer),
            readers: Mutex::new(Vec::new()),
            account_ids: Mutex::new(HashMap::new()),
        })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    pub(crate) fn write(&self) -> MutexGuard<'_, Connection> {
        // A panic while writing leaves no open transaction behind (rusqlite rolls back
        // on drop), so a poisoned lock still guards a usable connection.
        self.writer.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    pub(crate) fn read<T>(&self, work: impl FnOnce(&Connection) -> Result<T, StoreError>) -> Result<T, StoreError> {
        let pooled = self.readers.lock().unwrap_or_else(std::sync::PoisonError::into_inner).pop();
        let connection = match pooled {
            Some(connection) => connection,
            None => open_connection(&self.path, false)?,
        };

        let result = work(&connection);

        let mut readers = self.readers.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if readers.len() < MAX_IDLE_READERS {
            readers.push(connection);
        }
        result
    }
}

fn open_connection(path: &Path, writer: bool) -> Result<Connection, StoreError> {
    let flags = if writer {
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX
    } else {
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX
    };
    let connection = Connection::open_with_flags(path, flags)
        .map_err(|source| StoreError::Open { path: path.to_owned(), source: Box::new(source) })?;

    connection.busy_timeout(std::time::Duration::from_secs(10))?;
    if writer {
        connection.pragma_update(None, "journal_mode", "WAL")?;
        connection.pragma_update(None, "synchronous", "FULL")?;
        connection.pragma_update(None, "foreign_keys", "ON")?;
        // Checkpoint once the WAL contains WAL_AUTOCHECKPOINT_PAGES pages, not SQLite's
        // default 1,000. A large import commit dirties tens of thousands of index pages,
        // so the default copied them into the database after every commit. A checkpoint
        // every few commits copies each page once for all of them.
        connection.pragma_update(None, "wal_autocheckpoint", WAL_AUTOCHECKPOINT_PAGES)?;
        connection.pragma_update(None, "journal_size_limit", WAL_SIZE_LIMIT_BYTES)?;
    }
    // Page cache (negative values are KiB): 256 MiB for the writer, so that the index
    // pages a large import touches stay in memory; 16 MiB for each reader.
    connection.pragma_update(None, "cache_size", if writer { -262_144 } else { -16_384 })?;
    connection.pragma_update(None, "temp_store", "MEMORY")?;
    connection.set_prepared_statement_cache_capacity(64);
    Ok(connection)
}

fn migrate(connection: &mut Connection) -> Result<(), StoreError> {
    let applied: i64 = connection.pragma_query_value(None, "user_version", |row| row.get(0))?;
    let known = MIGRATIONS.len() as i64;
    if applied > known {
        return Err(StoreError::SchemaTooNew { found: applied, supported: known });
    }

    for (index, sql) in MIGRATIONS.iter().enumerate().skip(applied as usize) {
        let version = index as i64 + 1;
        let transaction = connection.transaction()?;
        transaction.execute_batch(sql)?;
        transaction.pragma_update(None, "user_version", version)?;
        transaction.commit()?;
        tracing::info!(version, "applied database migration");
    }
    Ok(())
}

pub(crate) fn micros(time: &DateTime<Utc>) -> i64 {
    time.timestamp_micros()
}

fn from_micros(value: i64) -> Result<DateTime<Utc>, StoreError> {
    DateTime::from_timestamp_micros(value).ok_or_else(|| StoreError::corrupt("timestamp", value))
}

fn parse_column<T: FromStr>(what: &'static str, text: &str) -> Result<T, StoreError>
where
    T::Err: std::fmt::Display,
{
    text.parse().map_err(|error: T::Err| StoreError::corrupt(what, format!("{text:?}: {error}")))
}

fn optional_country(text: Option<String>) -> Result<Option<Country>, StoreError> {
    text.map(|code| parse_column("country", &code)).transpose()
}

pub(crate) fn transaction_from_row(row: &Row<'_>) -> Result<StoredTransaction, StoreError> {
    let origin: String = row.get(1)?;
    let ts_us: i64 = row.get(3)?;
    let offset: i32 = row.get(4)?;
    let amount: String = row.get(11)?;
    let currency: String = row.get(12)?;
    let channel: String = row.get(13)?;
    let decision: String = row.get(15)?;
    let score: i64 = row.get(16)?;

    let tx = Transaction {
        id: row.get(2)?,
        origin: parse_column::<NodeId>("node id", &origin)?,
        timestamp: Timestamp::from_utc(from_micros(ts_us)?, offset),
        debtor: AccountRef {
            bank: row.get(5)?,
            number: row.get(6)?,
            country: optional_country(row.get(7)?)?,
        },
        creditor: AccountRef {
            bank: row.get(8)?,
            number: row.get(9)?,
            country: optional_country(row.get(10)?)?,
        },
        amount: Money::new(parse_column::<Decimal>("amount", &amount)?, parse_column::<Currency>("currency", &currency)?),
        channel: parse_column::<Channel>("channel", &channel)?,
        reference: row.get(14)?,
    };
    Ok(StoredTransaction {
        seq: row.get(0)?,
        tx,
        decision: parse_column::<Decision>("decision", &decision)?,
        score: u8::try_from(score).map_err(|_| StoreError::corrupt("score", score))?,
    })
}

fn alert_from_row(row: &Row<'_>) -> Result<Alert, StoreError> {
    let origin: String = row.get(1)?;
    let rule_version: i64 = row.get(3)?;
    let score: i64 = row.get(4)?;
    let account: String = row.get(5)?;
    let involved: String = row.get(6)?;
    let transactions: String = row.get(7)?;
    let explanation: String = row.get(8)?;
    let status: String = row.get(10)?;
    let raised_us: i64 = row.get(11)?;

    let involved: Vec<String> =
        serde_json::from_str(&involved).map_err(|error| StoreError::corrupt("alert accounts", error))?;
    Ok(Alert {
        id: row.get(0)?,
        origin: parse_column::<NodeId>("node id", &origin)?,
        rule: row.get(2)?,
        rule_version: u32::try_from(rule_version).map_err(|_| StoreError::corrupt("rule version", rule_version))?,
        score: u8::try_from(score).map_err(|_| StoreError::corrupt("alert score", score))?,
        account: AccountKey::from_stored(account),
        involved: involved.into_iter().map(AccountKey::from_stored).collect(),
        transactions: serde_json::from_str(&transactions)
            .map_err(|error| StoreError::corrupt("alert transactions", error))?,
        explanation: serde_json::from_str::<Explanation>(&explanation)
            .map_err(|error| StoreError::corrupt("alert explanation", error))?,
        shadow: row.get(9)?,
        status: parse_column::<AlertStatus>("alert status", &status)?,
        raised_at: Timestamp::from_utc(from_micros(raised_us)?, row.get(12)?),
    })
}

pub(crate) fn json<T: serde::Serialize>(value: &T) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(|error| StoreError::corrupt("JSON column", error))
}

fn load_alert_record(connection: &Connection, id: &str) -> Result<Option<AlertRecord>, StoreError> {
    let sql = format!("SELECT {ALERT_COLUMNS} FROM alerts WHERE id = ?1");
    let alert = connection
        .query_row(&sql, [id], |row| Ok(alert_from_row(row)))
        .optional()?
        .transpose()?;
    let Some(alert) = alert else {
        return Ok(None);
    };

    let mut statement = connection.prepare_cached(
        "SELECT from_status, to_status, reason, actor, changed_us FROM alert_status_changes
         WHERE alert_id = ?1 ORDER BY seq",
    )?;
    let mut rows = statement.query([id])?;
    let mut history = Vec::new();
    while let Some(row) = rows.next()? {
        let from: String = row.get(0)?;
        let to: String = row.get(1)?;
        history.push(StatusChange {
            from: parse_column("alert status", &from)?,
            to: parse_column("alert status", &to)?,
            reason: row.get(2)?,
            actor: row.get(3)?,
            at: from_micros(row.get(4)?)?,
        });
    }
    Ok(Some(AlertRecord { alert, history }))
}

impl Store for SqliteStore {
    fn node_identity(&self) -> Result<Option<NodeIdentity>, StoreError> {
        self.read(|connection| {
            let row = connection
                .query_row("SELECT node_id, country, agency FROM node WHERE singleton = 1", [], |row| {
                    Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?, row.get::<_, String>(2)?))
                })
                .optional()?;
            let Some((node_id, country, agency)) = row else {
                return Ok(None);
            };
            Ok(Some(NodeIdentity {
                node_id: parse_column("node id", &node_id)?,
                country: parse_column("country", &country)?,
                agency,
            }))
        })
    }

    fn init_node_identity(&self, identity: &NodeIdentity) -> Result<(), StoreError> {
        let mut connection = self.write();
        let transaction = connection.transaction()?;
        let stored: Option<(String, String, String)> = transaction
            .query_row("SELECT node_id, country, agency FROM node WHERE singleton = 1", [], |row| {
                Ok((row.get(0)?, row.get(1)?, row.get(2)?))
            })
            .optional()?;

        match stored {
            Some((node_id, country, agency))
                if node_id == identity.node_id.as_str()
                    && country == identity.country.as_str()
                    && agency == identity.agency =>
            {
                return Ok(());
            }
            Some((node_id, country, agency)) => {
                return Err(StoreError::IdentityMismatch {
                    stored: format!("{node_id} ({country}, {agency})"),
                    requested: format!("{} ({}, {})", identity.node_id, identity.country, identity.agency),
                });
            }
            None => {}
        }

        transaction.execute(
            "INSERT INTO node (singleton, node_id, country, agency, created_us) VALUES (1, ?1, ?2, ?3, ?4)",
            params![identity.node_id.as_str(), identity.country.as_str(), identity.agency, micros(&Utc::now())],
        )?;
        transaction.commit()?;
        Ok(())
    }

    fn known_decisions(&self, origin: &NodeId, ids: &[&str]) -> Result<HashMap<String, Decision>, StoreError> {
        /// Ids per query; SQLite allows 32,766 parameters, and a few hundred keep the plan cheap.
        const CHUNK: usize = 500;

        self.read(|connection| {
            // First ask which ids exist, which the unique (origin, id) index answers alone.
            // Reading the decision needs the table row, a random read on a large store, so
            // it is done only for the ids found, which in a fresh import are none.
            let mut found: Vec<String> = Vec::new();
            for chunk in ids.chunks(CHUNK) {
                let placeholders = vec!["?"; chunk.len()].join(",");
                let sql = format!("SELECT id FROM transactions WHERE origin = ? AND id IN ({placeholders})");
                let mut statement = connection.prepare_cached(&sql)?;
                let values = std::iter::once(origin.as_str()).chain(chunk.iter().copied());
                let mut rows = statement.query(params_from_iter(values))?;
                while let Some(row) = rows.next()? {
                    found.push(row.get(0)?);
                }
            }

            let mut known = HashMap::with_capacity(found.len());
            let mut statement =
                connection.prepare_cached("SELECT decision FROM transactions WHERE origin = ?1 AND id = ?2")?;
            for id in found {
                let decision: String = statement.query_row(params![origin.as_str(), id], |row| row.get(0))?;
                known.insert(id, parse_column("decision", &decision)?);
            }
            Ok(known)
        })
    }

    fn commit(&self, batch: &CommitBatch) -> Result<(), StoreError> {
        self.commit_batch(batch)
    }

    fn for_each_transaction(
        &self,
        visit: &mut dyn FnMut(StoredTransaction) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        self.read(|connection| {
            let sql = format!("{TRANSACTION_SELECT} ORDER BY t.seq");
            let mut statement = connection.prepare(&sql)?;
            let mut rows = statement.query([])?;
            while let Some(row) = rows.next()? {
                visit(transaction_from_row(row)?)?;
            }
            Ok(())
        })
    }

    fn for_each_transaction_after(
        &self,
        after: i64,
        visit: &mut dyn FnMut(StoredTransaction) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        self.read(|connection| {
            let sql = format!("{TRANSACTION_SELECT} WHERE t.seq > ?1 ORDER BY t.seq");
            let mut statement = connection.prepare(&sql)?;
            let mut rows = statement.query([after])?;
            while let Some(row) = rows.next()? {
                visit(transaction_from_row(row)?)?;
            }
            Ok(())
        })
    }

    fn last_transaction(&self) -> Result<Option<StoredTransaction>, StoreError> {
        self.read(|connection| {
            let sql = format!("{TRANSACTION_SELECT} ORDER BY t.seq DESC LIMIT 1");
            let mut statement = connection.prepare(&sql)?;
            let mut rows = statement.query([])?;
            match rows.next()? {
                Some(row) => Ok(Some(transaction_from_row(row)?)),
                None => Ok(None),
            }
        })
    }

    fn transaction_count(&self) -> Result<u64, StoreError> {
        self.read(|connection| {
            let count: i64 = connection.query_row("SELECT count(*) FROM transactions", [], |row| row.get(0))?;
            Ok(u64::try_from(count).unwrap_or(0))
        })
    }

    fn transactions_by_ids(&self, origin: &NodeId, ids: &[String]) -> Result<Vec<StoredTransaction>, StoreError> {
        self.read(|connection| {
            let sql = format!("{TRANSACTION_SELECT} WHERE t.origin = ?1 AND t.id = ?2");
            let mut statement = connection.prepare_cached(&sql)?;
            let mut found = Vec::with_capacity(ids.len());
            for id in ids {
                let row = statement
                    .query_row(params![origin.as_str(), id], |row| Ok(transaction_from_row(row)))
                    .optional()?;
                if let Some(stored) = row {
                    found.push(stored?);
                }
            }
            found.sort_by_key(|stored| stored.seq);
            Ok(found)
        })
    }

    fn list_alerts(&self, filter: &AlertFilter) -> Result<Page<Alert>, StoreError> {
        let mut conditions: Vec<&str> = Vec::new();
        let mut values: Vec<Value> = Vec::new();
        if let Some(rule) = &filter.rule {
            conditions.push("rule = ?");
            values.push(Value::Text(rule.clone()));
        }
        if let Some(min_score) = filter.min_score {
            conditions.push("score >= ?");
            values.push(Value::Integer(i64::from(min_score)));
        }
        if let Some(status) = filter.status {
            conditions.push("status = ?");
            values.push(Value::Text(status.as_str().to_owned()));
        }
        if let Some(from) = &filter.from {
            conditions.push("raised_us >= ?");
            values.push(Value::Integer(micros(from)));
        }
        if let Some(until) = &filter.until {
            conditions.push("raised_us < ?");
            values.push(Value::Integer(micros(until)));
        }
        if let Some(account) = &filter.account {
            conditions.push("account = ?");
            values.push(Value::Text(account.as_str().to_owned()));
        }
        if !filter.include_shadow {
            conditions.push("shadow = 0");
        }
        let where_clause =
            if conditions.is_empty() { String::new() } else { format!("WHERE {}", conditions.join(" AND ")) };

        let per_page = filter.per_page.clamp(1, 500);
        let page = filter.page.max(1);
        let offset = i64::from(page - 1) * i64::from(per_page);

        self.read(|connection| {
            let count_sql = format!("SELECT count(*) FROM alerts {where_clause}");
            let total: i64 = connection.query_row(&count_sql, params_from_iter(values.iter()), |row| row.get(0))?;

            let list_sql = format!(
                "SELECT {ALERT_COLUMNS} FROM alerts {where_clause} ORDER BY raised_us DESC, seq DESC LIMIT {per_page} OFFSET {offset}"
            );
            let mut statement = connection.prepare(&list_sql)?;
            let mut rows = statement.query(params_from_iter(values.iter()))?;
            let mut items = Vec::new();
            while let Some(row) = rows.next()? {
                items.push(alert_from_row(row)?);
            }
            Ok(Page { items, total: u64::try_from(total).unwrap_or(0), page, per_page })
        })
    }

    fn alert(&self, id: &str) -> Result<Option<AlertRecord>, StoreError> {
        self.read(|connection| load_alert_record(connection, id))
    }

    fn change_alert_status(
        &self,
        id: &str,
        to: AlertStatus,
        reason: &str,
        actor: &str,
    ) -> Result<AlertRecord, StoreError> {
        let mut connection = self.write();
        let transaction = connection.transaction()?;

        let current: Option<(String, String)> = transaction
            .query_row("SELECT status, origin FROM alerts WHERE id = ?1", [id], |row| Ok((row.get(0)?, row.get(1)?)))
            .optional()?;
        let Some((current, origin)) = current else {
            return Err(StoreError::AlertNotFound(id.to_owned()));
        };
        let from: AlertStatus = parse_column("alert status", &current)?;
        from.check_change(to)?;

        transaction.execute("UPDATE alerts SET status = ?2 WHERE id = ?1", params![id, to.as_str()])?;
        transaction.execute(
            "INSERT INTO alert_status_changes (alert_id, origin, from_status, to_status, reason, actor, changed_us)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![id, origin, from.as_str(), to.as_str(), reason, actor, micros(&Utc::now())],
        )?;
        let record = load_alert_record(&transaction, id)?.ok_or_else(|| StoreError::AlertNotFound(id.to_owned()))?;
        transaction.commit()?;
        Ok(record)
    }

    fn alert_rules(&self) -> Result<Vec<String>, StoreError> {
        self.read(|connection| {
            let mut statement = connection.prepare("SELECT DISTINCT rule FROM alerts ORDER BY rule")?;
            let rules = statement.query_map([], |row| row.get(0))?.collect::<Result<Vec<String>, _>>()?;
            Ok(rules)
        })
    }

    fn for_each_alert(&self, visit: &mut dyn FnMut(Alert) -> Result<(), StoreError>) -> Result<(), StoreError> {
        self.read(|connection| {
            let sql = format!("SELECT {ALERT_COLUMNS} FROM alerts ORDER BY seq");
            let mut statement = connection.prepare(&sql)?;
            let mut rows = statement.query([])?;
            while let Some(row) = rows.next()? {
                visit(alert_from_row(row)?)?;
            }
            Ok(())
        })
    }

    fn account(&self, key: &AccountKey) -> Result<Option<AccountView>, StoreError> {
        self.read(|connection| {
            let row: Option<(i64, String, String, Option<String>, i64)> = connection
                .query_row(
                    "SELECT id, bank, number, country, risk FROM accounts WHERE key = ?1",
                    [key.as_str()],
                    |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?, row.get(4)?)),
                )
                .optional()?;
            let Some((id, bank, number, country, risk)) = row else {
                return Ok(None);
            };

            let side = |column: &str| -> Result<(u64, Option<i64>, Option<i64>), StoreError> {
                let sql = format!("SELECT count(*), min(ts_us), max(ts_us) FROM transactions WHERE {column} = ?1");
                let (count, first, last): (i64, Option<i64>, Option<i64>) =
                    connection.query_row(&sql, [id], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?;
                Ok((u64::try_from(count).unwrap_or(0), first, last))
            };
            let (debit_count, debit_first, debit_last) = side("debtor_id")?;
            let (credit_count, credit_first, credit_last) = side("creditor_id")?;
            let first = [debit_first, credit_first].into_iter().flatten().min();
            let last = [debit_last, credit_last].into_iter().flatten().max();

            let flag = connection
                .query_row("SELECT reason, added_us FROM flags WHERE account = ?1", [key.as_str()], |row| {
                    Ok((row.get::<_, String>(0)?, row.get::<_, i64>(1)?))
                })
                .optional()?
                .map(|(reason, added_us)| {
                    Ok::<_, StoreError>(Flag { account: key.clone(), reason, added_at: from_micros(added_us)? })
                })
                .transpose()?;

            Ok(Some(AccountView {
                key: key.clone(),
                bank,
                number,
                country: optional_country(country)?,
                risk: u8::try_from(risk).map_err(|_| StoreError::corrupt("account risk", risk))?,
                debit_count,
                credit_count,
                first_seen: first.map(from_micros).transpose()?,
                last_seen: last.map(from_micros).transpose()?,
                flag,
            }))
        })
    }

    fn account_transactions(
        &self,
        key: &AccountKey,
        limit: u32,
        offset: u32,
    ) -> Result<Vec<StoredTransaction>, StoreError> {
        self.read(|connection| {
            let sql = format!(
                "{TRANSACTION_SELECT} WHERE t.seq IN (
                     SELECT seq FROM transactions WHERE debtor_id = (SELECT id FROM accounts WHERE key = ?1)
                     UNION SELECT seq FROM transactions WHERE creditor_id = (SELECT id FROM accounts WHERE key = ?1))
                 ORDER BY t.ts_us DESC, t.seq DESC LIMIT ?2 OFFSET ?3"
            );
            let mut statement = connection.prepare_cached(&sql)?;
            let mut rows = statement.query(params![key.as_str(), limit, offset])?;
            let mut found = Vec::new();
            while let Some(row) = rows.next()? {
                found.push(transaction_from_row(row)?);
            }
            Ok(found)
        })
    }

    fn account_alerts(&self, key: &AccountKey) -> Result<Vec<Alert>, StoreError> {
        self.read(|connection| {
            let sql = format!("SELECT {ALERT_COLUMNS} FROM alerts WHERE account = ?1 ORDER BY seq DESC LIMIT 500");
            let mut statement = connection.prepare_cached(&sql)?;
            let mut rows = statement.query([key.as_str()])?;
            let mut found = Vec::new();
            while let Some(row) = rows.next()? {
                found.push(alert_from_row(row)?);
            }
            Ok(found)
        })
    }

    fn flags(&self) -> Result<Vec<Flag>, StoreError> {
        self.read(|connection| {
            let mut statement = connection.prepare("SELECT account, reason, added_us FROM flags ORDER BY account")?;
            let mut rows = statement.query([])?;
            let mut flags = Vec::new();
            while let Some(row) = rows.next()? {
                let account: String = row.get(0)?;
                flags.push(Flag {
                    account: AccountKey::from_stored(account),
                    reason: row.get(1)?,
                    added_at: from_micros(row.get(2)?)?,
                });
            }
            Ok(flags)
        })
    }

    fn add_flag(&self, flag: &Flag) -> Result<(), StoreError> {
        let connection = self.write();
        let origin: Option<String> =
            connection.query_row("SELECT node_id FROM node WHERE singleton = 1", [], |row| row.get(0)).optional()?;
        connection.execute(
            "INSERT INTO flags (account, origin, reason, added_us) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (account) DO UPDATE SET reason = excluded.reason",
            params![flag.account.as_str(), origin.unwrap_or_default(), flag.reason, micros(&flag.added_at)],
        )?;
        Ok(())
    }

    fn remove_flag(&self, key: &AccountKey) -> Result<bool, StoreError> {
        let connection = self.write();
        let removed = connection.execute("DELETE FROM flags WHERE account = ?1", [key.as_str()])?;
        Ok(removed > 0)
    }

    fn record_import(&self, run: &ImportRun) -> Result<(), StoreError> {
        let connection = self.write();
        let origin: Option<String> =
            connection.query_row("SELECT node_id FROM node WHERE singleton = 1", [], |row| row.get(0)).optional()?;
        let count = |value: u64| i64::try_from(value).unwrap_or(i64::MAX);
        connection.execute(
            "INSERT INTO import_runs (origin, file, format, read, imported, duplicates, rejected, started_us,
                 finished_us, completed)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![
                origin.unwrap_or_default(),
                run.file,
                run.format,
                count(run.read),
                count(run.imported),
                count(run.duplicates),
                count(run.rejected),
                micros(&run.started_at),
                micros(&run.finished_at),
                run.completed,
            ],
        )?;
        Ok(())
    }
}
