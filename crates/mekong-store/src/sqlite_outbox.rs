//! [`OutboxStore`] for [`SqliteStore`]: the tables of `0009_outbox.sql`, and the
//! helpers [`crate::sqlite_freeze`] calls to add a notice inside a freeze transition.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, Row, Transaction, params};

use crate::SqliteStore;
use crate::StoreError;
use crate::outbox::{BankNoticeRecord, FreezeReminderRecord, NewBankNotice, OutboxStore};

const NOTICE_COLUMNS: &str =
    "seq, freeze_id, state, payload, created_us, attempts, next_attempt_us, delivered_us, last_error";

fn from_micros(value: i64) -> Result<DateTime<Utc>, StoreError> {
    DateTime::from_timestamp_micros(value).ok_or_else(|| StoreError::corrupt("timestamp", value))
}

fn notice_from_row(row: &Row<'_>) -> Result<BankNoticeRecord, StoreError> {
    let attempts: i64 = row.get(5)?;
    let delivered: Option<i64> = row.get(7)?;
    Ok(BankNoticeRecord {
        id: row.get(0)?,
        freeze_id: row.get(1)?,
        state: row.get(2)?,
        payload: row.get(3)?,
        created_at: from_micros(row.get(4)?)?,
        attempts: u32::try_from(attempts).map_err(|_| StoreError::corrupt("notice attempts", attempts))?,
        next_attempt_at: from_micros(row.get(6)?)?,
        delivered_at: delivered.map(from_micros).transpose()?,
        last_error: row.get(8)?,
    })
}

fn query_notices(
    connection: &Connection,
    sql: &str,
    params: impl rusqlite::Params,
) -> Result<Vec<BankNoticeRecord>, StoreError> {
    let mut statement = connection.prepare(sql)?;
    let mut rows = statement.query(params)?;
    let mut notices = Vec::new();
    while let Some(row) = rows.next()? {
        notices.push(notice_from_row(row)?);
    }
    Ok(notices)
}

/// Adds a notice to the outbox inside the caller's transaction, due at once.
pub(crate) fn insert_notice(transaction: &Transaction<'_>, notice: &NewBankNotice) -> Result<(), StoreError> {
    let created = notice.created_at.timestamp_micros();
    transaction.execute(
        "INSERT INTO bank_notices (freeze_id, state, payload, created_us, next_attempt_us) VALUES (?1, ?2, ?3, ?4, ?4)",
        params![notice.freeze_id, notice.state, notice.payload, created],
    )?;
    Ok(())
}

/// Reads the reminders of one freeze, or of all when `freeze_id` is `None`.
pub(crate) fn load_reminders(
    connection: &Connection,
    freeze_id: Option<&str>,
) -> Result<Vec<FreezeReminderRecord>, StoreError> {
    let mut statement = connection.prepare(
        "SELECT freeze_id, expires_us, reminded_us FROM freeze_reminders
         WHERE ?1 IS NULL OR freeze_id = ?1 ORDER BY reminded_us, freeze_id",
    )?;
    let mut rows = statement.query(params![freeze_id])?;
    let mut reminders = Vec::new();
    while let Some(row) = rows.next()? {
        reminders.push(FreezeReminderRecord {
            freeze_id: row.get(0)?,
            expires_at: from_micros(row.get(1)?)?,
            reminded_at: from_micros(row.get(2)?)?,
        });
    }
    Ok(reminders)
}

impl OutboxStore for SqliteStore {
    fn due_bank_notices(&self, now: DateTime<Utc>, limit: u32) -> Result<Vec<BankNoticeRecord>, StoreError> {
        let sql = format!(
            "SELECT {NOTICE_COLUMNS} FROM bank_notices WHERE delivered_us IS NULL AND next_attempt_us <= ?1
             ORDER BY seq LIMIT ?2"
        );
        self.read(|connection| query_notices(connection, &sql, params![now.timestamp_micros(), i64::from(limit)]))
    }

    fn mark_bank_notice_delivered(&self, id: i64, at: DateTime<Utc>) -> Result<bool, StoreError> {
        let connection = self.write();
        let changed = connection.execute(
            "UPDATE bank_notices SET delivered_us = ?2, last_error = NULL WHERE seq = ?1 AND delivered_us IS NULL",
            params![id, at.timestamp_micros()],
        )?;
        Ok(changed == 1)
    }

    fn record_bank_notice_failure(&self, id: i64, next_attempt_at: DateTime<Utc>, error: &str) -> Result<(), StoreError> {
        let connection = self.write();
        connection.execute(
            "UPDATE bank_notices SET attempts = attempts + 1, next_attempt_us = ?2, last_error = ?3
             WHERE seq = ?1 AND delivered_us IS NULL",
            params![id, next_attempt_at.timestamp_micros(), error],
        )?;
        Ok(())
    }

    fn bank_notices(&self, freeze_id: Option<&str>) -> Result<Vec<BankNoticeRecord>, StoreError> {
        let sql = format!("SELECT {NOTICE_COLUMNS} FROM bank_notices WHERE ?1 IS NULL OR freeze_id = ?1 ORDER BY seq");
        self.read(|connection| query_notices(connection, &sql, params![freeze_id]))
    }

    fn record_freeze_reminder(&self, freeze_id: &str, expires_at: DateTime<Utc>, at: DateTime<Utc>) -> Result<bool, StoreError> {
        let connection = self.write();
        let inserted = connection.execute(
            "INSERT OR IGNORE INTO freeze_reminders (freeze_id, expires_us, reminded_us) VALUES (?1, ?2, ?3)",
            params![freeze_id, expires_at.timestamp_micros(), at.timestamp_micros()],
        )?;
        Ok(inserted == 1)
    }
}
