//! The SQLite implementation of [`EvidenceStore`].
//!
//! Writes go through the single writer connection, so assigning the next custody
//! `seq` and inserting happen in one serialised write transaction. Custody writes
//! begin with `BEGIN IMMEDIATE`, which takes the database's write lock at once, so
//! another process writing the same file waits instead of reading a `seq` that is
//! about to be taken. Nothing here updates or deletes custody rows; triggers in the
//! schema reject it too.

use rusqlite::{Connection, Row, TransactionBehavior, params};

use crate::evidence::{
    CustodyCheckpointRow, CustodyEventRow, EvidenceItem, EvidenceObject, EvidenceStore, NewCustodyEvent, StoredItem,
};
use crate::{SqliteStore, StoreError};

const ITEM_COLUMNS: &str = "id, case_ref, kind, exhibit_number, seal_number, device_type, device_imei, device_serial, \
     collected_by, collected_location, collected_at, legal_authority, file_name, sha256, origin_node, created_us, \
     statement_currency, statement_start_date";

const EVENT_COLUMNS: &str = "seq, item_id, kind, actor, time_us, details, content_hash";

fn object_from_row(row: &Row<'_>) -> Result<EvidenceObject, StoreError> {
    let size: i64 = row.get(4)?;
    Ok(EvidenceObject {
        sha256: row.get(0)?,
        sm3: row.get(1)?,
        md5: row.get(2)?,
        sha1: row.get(3)?,
        size: u64::try_from(size).map_err(|_| StoreError::corrupt("evidence object size", size))?,
        wrapped_key: row.get(5)?,
        created_us: row.get(6)?,
    })
}

fn item_from_row(row: &Row<'_>) -> Result<EvidenceItem, StoreError> {
    Ok(EvidenceItem {
        id: row.get(0)?,
        case_ref: row.get(1)?,
        kind: row.get(2)?,
        exhibit_number: row.get(3)?,
        seal_number: row.get(4)?,
        device_type: row.get(5)?,
        device_imei: row.get(6)?,
        device_serial: row.get(7)?,
        collected_by: row.get(8)?,
        collected_location: row.get(9)?,
        collected_at: row.get(10)?,
        legal_authority: row.get(11)?,
        file_name: row.get(12)?,
        sha256: row.get(13)?,
        origin_node: row.get(14)?,
        created_us: row.get(15)?,
        statement_currency: row.get(16)?,
        statement_start_date: row.get(17)?,
    })
}

fn event_from_row(row: &Row<'_>) -> Result<CustodyEventRow, StoreError> {
    Ok(CustodyEventRow {
        seq: row.get(0)?,
        event: NewCustodyEvent {
            item_id: row.get(1)?,
            kind: row.get(2)?,
            actor: row.get(3)?,
            time_us: row.get(4)?,
            details: row.get(5)?,
            content_hash: row.get(6)?,
        },
    })
}

fn item_events(connection: &Connection, item_id: &str) -> Result<Vec<CustodyEventRow>, StoreError> {
    let sql = format!("SELECT {EVENT_COLUMNS} FROM custody_events WHERE item_id = ?1 ORDER BY seq");
    let mut statement = connection.prepare_cached(&sql)?;
    let mut rows = statement.query([item_id])?;
    let mut events = Vec::new();
    while let Some(row) = rows.next()? {
        events.push(event_from_row(row)?);
    }
    Ok(events)
}

fn insert_event(connection: &Connection, event: &NewCustodyEvent) -> Result<i64, StoreError> {
    let last: Option<i64> = connection.query_row("SELECT max(seq) FROM custody_events", [], |row| row.get(0))?;
    let seq = last.unwrap_or(0) + 1;

    connection.execute(
        "INSERT INTO custody_events (seq, item_id, kind, actor, time_us, details, content_hash) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![seq, event.item_id, event.kind, event.actor, event.time_us, event.details, event.content_hash],
    )?;
    Ok(seq)
}

impl EvidenceStore for SqliteStore {
    fn evidence_object(&self, sha256: &str) -> Result<Option<EvidenceObject>, StoreError> {
        self.read(|connection| {
            let mut statement = connection.prepare(
                "SELECT sha256, sm3, md5, sha1, size, wrapped_key, created_us FROM evidence_objects WHERE sha256 = ?1",
            )?;
            let mut rows = statement.query([sha256])?;
            match rows.next()? {
                Some(row) => Ok(Some(object_from_row(row)?)),
                None => Ok(None),
            }
        })
    }

    fn insert_evidence_item(
        &self,
        object: &EvidenceObject,
        item: &EvidenceItem,
        event: &NewCustodyEvent,
    ) -> Result<StoredItem, StoreError> {
        let mut connection = self.write();
        let transaction = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;

        let size = i64::try_from(object.size).map_err(|_| StoreError::corrupt("evidence object size", object.size))?;
        let inserted = transaction.execute(
            "INSERT INTO evidence_objects (sha256, sm3, md5, sha1, size, wrapped_key, created_us) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (sha256) DO NOTHING",
            params![object.sha256, object.sm3, object.md5, object.sha1, size, object.wrapped_key, object.created_us],
        )?;

        transaction.execute(
            &format!(
                "INSERT INTO evidence_items ({ITEM_COLUMNS}) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)"
            ),
            params![
                item.id,
                item.case_ref,
                item.kind,
                item.exhibit_number,
                item.seal_number,
                item.device_type,
                item.device_imei,
                item.device_serial,
                item.collected_by,
                item.collected_location,
                item.collected_at,
                item.legal_authority,
                item.file_name,
                item.sha256,
                item.origin_node,
                item.created_us,
                item.statement_currency,
                item.statement_start_date,
            ],
        )?;

        let event_seq = insert_event(&transaction, event)?;
        transaction.commit()?;

        Ok(StoredItem { new_object: inserted == 1, event_seq })
    }

    fn evidence_item(&self, id: &str) -> Result<Option<EvidenceItem>, StoreError> {
        self.read(|connection| {
            let sql = format!("SELECT {ITEM_COLUMNS} FROM evidence_items WHERE id = ?1");
            let mut statement = connection.prepare(&sql)?;
            let mut rows = statement.query([id])?;
            match rows.next()? {
                Some(row) => Ok(Some(item_from_row(row)?)),
                None => Ok(None),
            }
        })
    }

    fn evidence_items(&self, case_ref: Option<&str>) -> Result<Vec<EvidenceItem>, StoreError> {
        self.read(|connection| {
            let sql = format!(
                "SELECT {ITEM_COLUMNS} FROM evidence_items WHERE ?1 IS NULL OR case_ref = ?1 ORDER BY created_us, id"
            );
            let mut statement = connection.prepare(&sql)?;
            let mut rows = statement.query([case_ref])?;
            let mut items = Vec::new();
            while let Some(row) = rows.next()? {
                items.push(item_from_row(row)?);
            }
            Ok(items)
        })
    }

    fn append_custody_event(&self, event: &NewCustodyEvent) -> Result<i64, StoreError> {
        let mut connection = self.write();
        let transaction = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let seq = insert_event(&transaction, event)?;
        transaction.commit()?;
        Ok(seq)
    }

    fn append_custody_event_checked(
        &self,
        event: &NewCustodyEvent,
        check: &mut dyn FnMut(&[CustodyEventRow]) -> bool,
    ) -> Result<Option<i64>, StoreError> {
        let mut connection = self.write();
        let transaction = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;

        let history = item_events(&transaction, &event.item_id)?;
        if !check(&history) {
            // Dropping the transaction rolls it back; nothing was written.
            return Ok(None);
        }

        let seq = insert_event(&transaction, event)?;
        transaction.commit()?;
        Ok(Some(seq))
    }

    fn item_custody_events(&self, item_id: &str) -> Result<Vec<CustodyEventRow>, StoreError> {
        self.read(|connection| item_events(connection, item_id))
    }

    fn custody_events(&self) -> Result<Vec<CustodyEventRow>, StoreError> {
        self.read(|connection| {
            let mut statement = connection.prepare(&format!("SELECT {EVENT_COLUMNS} FROM custody_events ORDER BY seq"))?;
            let mut rows = statement.query([])?;
            let mut events = Vec::new();
            while let Some(row) = rows.next()? {
                events.push(event_from_row(row)?);
            }
            Ok(events)
        })
    }

    fn insert_custody_checkpoint(&self, tree_size: i64, note: &str, time_us: i64) -> Result<Option<i64>, StoreError> {
        let mut connection = self.write();
        let transaction = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;

        let largest: Option<i64> = transaction.query_row("SELECT max(tree_size) FROM custody_checkpoints", [], |row| row.get(0))?;
        if largest.is_some_and(|largest| largest > tree_size) {
            return Ok(None);
        }

        transaction.execute(
            "INSERT INTO custody_checkpoints (tree_size, note, time_us) VALUES (?1, ?2, ?3)",
            params![tree_size, note, time_us],
        )?;
        let id = transaction.last_insert_rowid();
        transaction.commit()?;
        Ok(Some(id))
    }

    fn custody_checkpoints(&self) -> Result<Vec<CustodyCheckpointRow>, StoreError> {
        self.read(|connection| {
            let mut statement =
                connection.prepare("SELECT id, tree_size, note, time_us FROM custody_checkpoints ORDER BY id")?;
            let rows = statement.query_map([], |row| {
                Ok(CustodyCheckpointRow { id: row.get(0)?, tree_size: row.get(1)?, note: row.get(2)?, time_us: row.get(3)? })
            })?;
            Ok(rows.collect::<Result<Vec<_>, _>>()?)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn object(sha256: &str) -> EvidenceObject {
        EvidenceObject {
            sha256: sha256.into(),
            sm3: "00".into(),
            md5: None,
            sha1: None,
            size: 3,
            wrapped_key: vec![1, 2, 3],
            created_us: 1,
        }
    }

    fn event(item_id: &str) -> NewCustodyEvent {
        NewCustodyEvent {
            item_id: item_id.into(),
            kind: "checked_in".into(),
            actor: "cli:test".into(),
            time_us: 5,
            details: String::new(),
            content_hash: "ab".into(),
        }
    }

    #[test]
    fn same_object_stored_once() {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(&dir.path().join("node.db")).unwrap();
        let first = EvidenceItem { id: "i1".into(), case_ref: "C1".into(), sha256: "ab".into(), ..Default::default() };
        let second = EvidenceItem { id: "i2".into(), ..first.clone() };

        let stored_first = store.insert_evidence_item(&object("ab"), &first, &event("i1")).unwrap();
        let stored_second = store.insert_evidence_item(&object("ab"), &second, &event("i2")).unwrap();

        assert!(stored_first.new_object);
        assert!(!stored_second.new_object);
        assert_eq!(stored_second.event_seq, 2);
        assert_eq!(store.evidence_items(Some("C1")).unwrap().len(), 2);
        assert_eq!(store.evidence_object("ab").unwrap().unwrap().size, 3);
    }

    #[test]
    fn checked_append_rejects_atomically() {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(&dir.path().join("node.db")).unwrap();
        store.append_custody_event(&event("i1")).unwrap();
        store.append_custody_event(&event("i2")).unwrap();

        let mut seen = Vec::new();
        let accepted = store
            .append_custody_event_checked(&event("i1"), &mut |history| {
                seen = history.iter().map(|row| row.seq).collect();
                true
            })
            .unwrap();
        let rejected = store.append_custody_event_checked(&event("i1"), &mut |_| false).unwrap();

        assert_eq!(seen, vec![1]);
        assert_eq!(accepted, Some(3));
        assert_eq!(rejected, None);
        assert_eq!(store.custody_events().unwrap().len(), 3);
        assert_eq!(store.item_custody_events("i1").unwrap().len(), 2);
    }

    #[test]
    fn custody_events_reject_update() {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(&dir.path().join("node.db")).unwrap();
        store.append_custody_event(&event("i1")).unwrap();

        let result = store.write().execute("UPDATE custody_events SET actor = 'x'", []);

        assert!(result.is_err());
        assert_eq!(store.custody_events().unwrap().len(), 1);
    }
}
