//! The SQLite implementation of [`AuditStore`].
//!
//! Appends go through the single writer connection, so reading the previous hash,
//! assigning the next seq and inserting happen in one serialised write transaction.
//! Nothing here updates or deletes audit rows; triggers in the schema reject it too.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Row, params, params_from_iter, types::Value};

use crate::audit::{AuditFilter, AuditHash, AuditRow, AuditStore, CheckpointRow, GENESIS_HASH, NewAuditRecord, NewCheckpoint};
use crate::{Page, SqliteStore, StoreError};

const RECORD_COLUMNS: &str = "seq, time_us, user_id, actor_name, actor_roles, actor_agency, action, object_type, \
     object_id, changes, purpose, source, prev_hash, hash";

/// The maximum records one search page returns.
const MAX_PER_PAGE: u32 = 500;

fn micros(time: &DateTime<Utc>) -> i64 {
    time.timestamp_micros()
}

fn record_from_row(row: &Row<'_>) -> Result<AuditRow, StoreError> {
    Ok(AuditRow {
        seq: row.get(0)?,
        record: NewAuditRecord {
            time_us: row.get(1)?,
            user_id: row.get(2)?,
            actor_name: row.get(3)?,
            actor_roles: row.get(4)?,
            actor_agency: row.get(5)?,
            action: row.get(6)?,
            object_type: row.get(7)?,
            object_id: row.get(8)?,
            changes: row.get(9)?,
            purpose: row.get(10)?,
            source: row.get(11)?,
        },
        prev_hash: row.get(12)?,
        hash: row.get(13)?,
    })
}

/// Builds the WHERE clause and its values for a filter.
fn where_clause(filter: &AuditFilter) -> (String, Vec<Value>) {
    let mut conditions: Vec<&str> = Vec::new();
    let mut values: Vec<Value> = Vec::new();

    if let Some(user) = &filter.user {
        conditions.push("(user_id = ? OR actor_name = ?)");
        values.push(Value::Text(user.clone()));
        values.push(Value::Text(user.clone()));
    }
    if let Some(object_type) = &filter.object_type {
        conditions.push("object_type = ?");
        values.push(Value::Text(object_type.clone()));
    }
    if let Some(object_id) = &filter.object_id {
        conditions.push("object_id = ?");
        values.push(Value::Text(object_id.clone()));
    }
    if let Some(action) = &filter.action {
        if action.ends_with('.') {
            // A prefix match through a range keeps the index usable and needs no LIKE escaping.
            conditions.push("(action >= ? AND action < ?)");
            values.push(Value::Text(action.clone()));
            values.push(Value::Text(format!("{action}\u{10FFFF}")));
        } else {
            conditions.push("action = ?");
            values.push(Value::Text(action.clone()));
        }
    }
    if let Some(from) = &filter.from {
        conditions.push("time_us >= ?");
        values.push(Value::Integer(micros(from)));
    }
    if let Some(until) = &filter.until {
        conditions.push("time_us < ?");
        values.push(Value::Integer(micros(until)));
    }

    let clause = if conditions.is_empty() { String::new() } else { format!("WHERE {}", conditions.join(" AND ")) };
    (clause, values)
}

fn last_record(connection: &Connection) -> Result<Option<(i64, Vec<u8>)>, StoreError> {
    let head = connection
        .query_row("SELECT seq, hash FROM audit_records ORDER BY seq DESC LIMIT 1", [], |row| {
            Ok((row.get::<_, i64>(0)?, row.get::<_, Vec<u8>>(1)?))
        })
        .optional()?;
    Ok(head)
}

/// Returns the seq and hash the next record chains on: the last record's, or
/// `(0, GENESIS_HASH)` for an empty trail.
fn chain_head(connection: &Connection) -> Result<(i64, AuditHash), StoreError> {
    match last_record(connection)? {
        None => Ok((0, GENESIS_HASH)),
        Some((last_seq, hash)) => {
            let prev: AuditHash = hash
                .try_into()
                .map_err(|hash: Vec<u8>| StoreError::corrupt("audit record hash", format!("{} bytes at seq {last_seq}", hash.len())))?;
            Ok((last_seq, prev))
        }
    }
}

fn insert_record(
    connection: &Connection,
    seq: i64,
    record: &NewAuditRecord,
    prev_hash: &AuditHash,
    hash: &AuditHash,
) -> Result<(), StoreError> {
    let mut statement = connection.prepare_cached(&format!(
        "INSERT INTO audit_records ({RECORD_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)"
    ))?;
    statement.execute(params![
        seq,
        record.time_us,
        record.user_id,
        record.actor_name,
        record.actor_roles,
        record.actor_agency,
        record.action,
        record.object_type,
        record.object_id,
        record.changes,
        record.purpose,
        record.source,
        prev_hash.as_slice(),
        hash.as_slice(),
    ])?;
    Ok(())
}

impl AuditStore for SqliteStore {
    fn append_audit(
        &self,
        record: &NewAuditRecord,
        seal: &dyn Fn(i64, &AuditHash) -> AuditHash,
    ) -> Result<(i64, AuditHash), StoreError> {
        let mut connection = self.write();
        let transaction = connection.transaction()?;

        let (last_seq, prev_hash) = chain_head(&transaction)?;
        let seq = last_seq + 1;
        let hash = seal(seq, &prev_hash);

        insert_record(&transaction, seq, record, &prev_hash, &hash)?;
        transaction.commit()?;

        Ok((seq, hash))
    }

    fn append_audit_batch(
        &self,
        records: &[NewAuditRecord],
        seal: &dyn Fn(usize, i64, &AuditHash) -> AuditHash,
    ) -> Result<Vec<(i64, AuditHash)>, StoreError> {
        if records.is_empty() {
            return Ok(Vec::new());
        }

        let mut connection = self.write();
        let transaction = connection.transaction()?;

        let (mut seq, mut prev_hash) = chain_head(&transaction)?;
        let mut appended = Vec::with_capacity(records.len());
        for (index, record) in records.iter().enumerate() {
            seq += 1;
            let hash = seal(index, seq, &prev_hash);
            insert_record(&transaction, seq, record, &prev_hash, &hash)?;
            appended.push((seq, hash));
            prev_hash = hash;
        }
        transaction.commit()?;

        Ok(appended)
    }

    fn audit_head(&self) -> Result<Option<(i64, Vec<u8>)>, StoreError> {
        self.read(last_record)
    }

    fn for_each_audit_record(
        &self,
        filter: &AuditFilter,
        visit: &mut dyn FnMut(AuditRow) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let (clause, values) = where_clause(filter);

        self.read(|connection| {
            let sql = format!("SELECT {RECORD_COLUMNS} FROM audit_records {clause} ORDER BY seq");
            let mut statement = connection.prepare(&sql)?;
            let mut rows = statement.query(params_from_iter(values.iter()))?;
            while let Some(row) = rows.next()? {
                visit(record_from_row(row)?)?;
            }
            Ok(())
        })
    }

    fn search_audit_records(
        &self,
        filter: &AuditFilter,
        page: u32,
        per_page: u32,
    ) -> Result<Page<AuditRow>, StoreError> {
        let (clause, values) = where_clause(filter);
        let per_page = per_page.clamp(1, MAX_PER_PAGE);
        let page = page.max(1);
        let offset = i64::from(page - 1) * i64::from(per_page);

        self.read(|connection| {
            let count_sql = format!("SELECT count(*) FROM audit_records {clause}");
            let total: i64 = connection.query_row(&count_sql, params_from_iter(values.iter()), |row| row.get(0))?;

            let list_sql = format!(
                "SELECT {RECORD_COLUMNS} FROM audit_records {clause} ORDER BY seq DESC LIMIT {per_page} OFFSET {offset}"
            );
            let mut statement = connection.prepare(&list_sql)?;
            let mut rows = statement.query(params_from_iter(values.iter()))?;
            let mut items = Vec::new();
            while let Some(row) = rows.next()? {
                items.push(record_from_row(row)?);
            }
            Ok(Page { items, total: u64::try_from(total).unwrap_or(0), page, per_page })
        })
    }

    fn insert_checkpoint(&self, checkpoint: &NewCheckpoint) -> Result<i64, StoreError> {
        let connection = self.write();
        connection.execute(
            "INSERT INTO audit_checkpoints (node_id, seq, head_hash, time_us, public_key, signature) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                checkpoint.node_id,
                checkpoint.seq,
                checkpoint.head_hash,
                checkpoint.time_us,
                checkpoint.public_key,
                checkpoint.signature,
            ],
        )?;
        Ok(connection.last_insert_rowid())
    }

    fn checkpoints(&self) -> Result<Vec<CheckpointRow>, StoreError> {
        self.read(|connection| {
            let mut statement = connection.prepare(
                "SELECT id, node_id, seq, head_hash, time_us, public_key, signature FROM audit_checkpoints ORDER BY id",
            )?;
            let mut rows = statement.query([])?;
            let mut checkpoints = Vec::new();
            while let Some(row) = rows.next()? {
                checkpoints.push(CheckpointRow {
                    id: row.get(0)?,
                    checkpoint: NewCheckpoint {
                        node_id: row.get(1)?,
                        seq: row.get(2)?,
                        head_hash: row.get(3)?,
                        time_us: row.get(4)?,
                        public_key: row.get(5)?,
                        signature: row.get(6)?,
                    },
                });
            }
            Ok(checkpoints)
        })
    }

    fn add_node_public_key(&self, algorithm: &str, public_key: &[u8]) -> Result<(), StoreError> {
        let connection = self.write();
        connection.execute(
            "INSERT INTO node_keys (public_key, algorithm, created_us) VALUES (?1, ?2, ?3) \
             ON CONFLICT (public_key) DO NOTHING",
            params![public_key, algorithm, micros(&Utc::now())],
        )?;
        Ok(())
    }

    fn node_public_keys(&self, algorithm: &str) -> Result<Vec<Vec<u8>>, StoreError> {
        self.read(|connection| {
            let mut statement =
                connection.prepare("SELECT public_key FROM node_keys WHERE algorithm = ?1 ORDER BY created_us, rowid")?;
            let keys = statement
                .query_map([algorithm], |row| row.get::<_, Vec<u8>>(0))?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(keys)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(index: u8) -> NewAuditRecord {
        NewAuditRecord {
            time_us: 1_700_000_000_000_000 + i64::from(index),
            user_id: Some("u-1".into()),
            actor_name: "analyst".into(),
            actor_roles: "[]".into(),
            actor_agency: "AMLIO".into(),
            action: "alert.view".into(),
            object_type: Some("alert".into()),
            object_id: Some(format!("alert-{index}")),
            changes: "[]".into(),
            purpose: None,
            source: None,
        }
    }

    /// Computes a deterministic stand-in for the record hash from the seq, the previous
    /// hash and the record's time, which is enough to show the chaining.
    fn seal(seq: i64, prev: &AuditHash, time_us: i64) -> AuditHash {
        let mut hash = *prev;
        hash.rotate_left(1);
        for (byte, extra) in hash.iter_mut().zip(seq.to_le_bytes().iter().chain(time_us.to_le_bytes().iter())) {
            *byte ^= extra;
        }
        hash
    }

    fn store() -> (tempfile::TempDir, SqliteStore) {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(&dir.path().join("mekong.db")).unwrap();
        (dir, store)
    }

    fn stored_rows(store: &SqliteStore) -> Vec<AuditRow> {
        let mut rows = Vec::new();
        store
            .for_each_audit_record(&AuditFilter::default(), &mut |row| {
                rows.push(row);
                Ok(())
            })
            .unwrap();
        rows
    }

    #[test]
    fn batch_chain_equals_single_appends() {
        let records: Vec<NewAuditRecord> = (0..10).map(record).collect();
        let (_single_dir, single) = store();
        let (_batch_dir, batch) = store();

        let mut single_results = Vec::new();
        for record in &records {
            let time_us = record.time_us;
            single_results.push(single.append_audit(record, &|seq, prev| seal(seq, prev, time_us)).unwrap());
        }

        // Two batches, so the second one chains on a stored head rather than genesis.
        let (first, second) = records.split_at(4);
        let mut batch_results =
            batch.append_audit_batch(first, &|index, seq, prev| seal(seq, prev, first[index].time_us)).unwrap();
        batch_results
            .extend(batch.append_audit_batch(second, &|index, seq, prev| seal(seq, prev, second[index].time_us)).unwrap());

        assert_eq!(batch_results, single_results);
        assert_eq!(stored_rows(&batch), stored_rows(&single));
        assert_eq!(batch_results.first().map(|(seq, _)| *seq), Some(1));
        assert_eq!(batch_results.last().map(|(seq, _)| *seq), Some(10));
    }

    #[test]
    fn empty_batch_stores_nothing() {
        let (_dir, store) = store();

        let appended = store.append_audit_batch(&[], &|_, seq, prev| seal(seq, prev, 0)).unwrap();

        assert!(appended.is_empty());
        assert_eq!(store.audit_head().unwrap(), None);
    }
}
