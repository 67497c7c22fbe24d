//! [`RegistryStore`] for [`SqliteStore`]: the table of `0005_registry.sql`.
//!
//! Writes go through the single writer connection; an upsert reads the stored row
//! and writes in one transaction, so its [`Upsert`] result is exact.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, Row, params};

use crate::SqliteStore;
use crate::StoreError;
use crate::registry::{RegistryRecord, RegistryStore, Upsert};

const COLUMNS: &str = "origin, kind, value, listing, raw, valid, reason, note, source_agency, legal_basis, appeal, \
     starts_us, expires_us, added_us";

fn from_micros(value: i64) -> Result<DateTime<Utc>, StoreError> {
    DateTime::from_timestamp_micros(value).ok_or_else(|| StoreError::corrupt("timestamp", value))
}

fn record_from_row(row: &Row<'_>) -> Result<RegistryRecord, StoreError> {
    let expires: Option<i64> = row.get(12)?;
    Ok(RegistryRecord {
        origin: row.get(0)?,
        kind: row.get(1)?,
        value: row.get(2)?,
        listing: row.get(3)?,
        raw: row.get(4)?,
        valid: row.get(5)?,
        reason: row.get(6)?,
        note: row.get(7)?,
        source_agency: row.get(8)?,
        legal_basis: row.get(9)?,
        appeal: row.get(10)?,
        starts_at: from_micros(row.get(11)?)?,
        expires_at: expires.map(from_micros).transpose()?,
        added_at: from_micros(row.get(13)?)?,
    })
}

impl RegistryStore for SqliteStore {
    fn registry_entries(&self) -> Result<Vec<RegistryRecord>, StoreError> {
        self.read(|connection| {
            let sql = format!("SELECT {COLUMNS} FROM registry_entries ORDER BY kind, value, listing, origin");
            let mut statement = connection.prepare(&sql)?;
            let mut rows = statement.query([])?;
            let mut records = Vec::new();
            while let Some(row) = rows.next()? {
                records.push(record_from_row(row)?);
            }
            Ok(records)
        })
    }

    fn upsert_registry_entry(&self, record: &RegistryRecord) -> Result<Upsert, StoreError> {
        let mut connection = self.write();
        let transaction = connection.transaction()?;

        let sql = format!(
            "SELECT {COLUMNS} FROM registry_entries WHERE origin = ?1 AND kind = ?2 AND value = ?3 AND listing = ?4"
        );
        let stored = transaction
            .query_row(&sql, params![record.origin, record.kind, record.value, record.listing], |row| {
                Ok(record_from_row(row))
            })
            .optional()?
            .transpose()?;

        let outcome = match &stored {
            None => Upsert::Added,
            Some(stored) if RegistryRecord { added_at: record.added_at, ..stored.clone() } == *record => {
                return Ok(Upsert::Unchanged);
            }
            Some(_) => Upsert::Updated,
        };
        let added_at = stored.map_or(record.added_at, |stored| stored.added_at);

        transaction.execute(
            "INSERT INTO registry_entries (origin, kind, value, listing, raw, valid, reason, note, source_agency,
                 legal_basis, appeal, starts_us, expires_us, added_us)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)
             ON CONFLICT (origin, kind, value, listing) DO UPDATE SET raw = excluded.raw, valid = excluded.valid,
                 reason = excluded.reason, note = excluded.note, source_agency = excluded.source_agency,
                 legal_basis = excluded.legal_basis, appeal = excluded.appeal, starts_us = excluded.starts_us,
                 expires_us = excluded.expires_us",
            params![
                record.origin,
                record.kind,
                record.value,
                record.listing,
                record.raw,
                record.valid,
                record.reason,
                record.note,
                record.source_agency,
                record.legal_basis,
                record.appeal,
                record.starts_at.timestamp_micros(),
                record.expires_at.map(|time| time.timestamp_micros()),
                added_at.timestamp_micros(),
            ],
        )?;
        transaction.commit()?;
        Ok(outcome)
    }

    fn remove_registry_entries(&self, kind: &str, value: &str) -> Result<usize, StoreError> {
        let connection = self.write();
        Ok(connection.execute("DELETE FROM registry_entries WHERE kind = ?1 AND value = ?2", params![kind, value])?)
    }
}
