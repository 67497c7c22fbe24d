//! [`ReportStore`] for [`SqliteStore`]: the tables of `0007_reports.sql`, with the
//! version columns of `0010_report_schema_version.sql`.
//!
//! Writes go through the single writer connection; an entity upsert reads the stored
//! row and writes the union in the same transaction.

use std::collections::{BTreeMap, BTreeSet};

use chrono::DateTime;
use rusqlite::{OptionalExtension, Transaction, params};

use crate::SqliteStore;
use crate::StoreError;
use crate::reports::{EntityLink, EntityRecord, ReportRecord, ReportStore};

fn decode_properties(text: &str) -> Result<BTreeMap<String, Vec<String>>, StoreError> {
    serde_json::from_str(text).map_err(|error| StoreError::corrupt("entity properties", error))
}

/// Writes an entity, merged with the stored one; returns whether the row changed.
fn upsert_entity(transaction: &Transaction<'_>, entity: &EntityRecord) -> Result<bool, StoreError> {
    let stored: Option<String> = transaction
        .query_row(
            "SELECT properties FROM ftm_entities WHERE id = ?1",
            [&entity.id],
            |row| row.get(0),
        )
        .optional()?;

    let mut merged: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    if let Some(stored) = &stored {
        for (name, values) in decode_properties(stored)? {
            merged.entry(name).or_default().extend(values);
        }
    }
    for (name, values) in &entity.properties {
        merged
            .entry(name.clone())
            .or_default()
            .extend(values.iter().cloned());
    }
    merged.retain(|_, values| !values.is_empty());

    let text = serde_json::to_string(&merged)
        .map_err(|error| StoreError::corrupt("entity properties", error))?;
    if stored.as_deref() == Some(text.as_str()) {
        return Ok(false);
    }
    transaction.execute(
        "INSERT INTO ftm_entities (id, schema, properties) VALUES (?1, ?2, ?3)
         ON CONFLICT (id) DO UPDATE SET properties = excluded.properties",
        params![entity.id, entity.schema, text],
    )?;
    Ok(true)
}

impl ReportStore for SqliteStore {
    fn store_report(
        &self,
        report: &ReportRecord,
        entities: &[EntityRecord],
        links: &[EntityLink],
    ) -> Result<bool, StoreError> {
        let mut connection = self.write();
        let transaction = connection.transaction()?;

        let known: Option<String> = transaction
            .query_row(
                "SELECT id FROM goaml_reports WHERE id = ?1",
                [&report.id],
                |row| row.get(0),
            )
            .optional()?;
        if known.is_some() {
            return Ok(false);
        }

        transaction.execute(
            "INSERT INTO goaml_reports (id, origin, report_code, rentity_id, entity_reference, report_date, currency,
                 transactions, imported_us, declared_version, checked_version)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            params![
                report.id,
                report.origin,
                report.report_code,
                report.rentity_id,
                report.entity_reference,
                report.report_date,
                report.currency,
                report.transactions as i64,
                report.imported_at.timestamp_micros(),
                report.declared_version,
                report.checked_version
            ],
        )?;
        for entity in entities {
            upsert_entity(&transaction, entity)?;
        }
        for link in links {
            transaction.execute(
                "INSERT OR IGNORE INTO goaml_report_entities (report_id, entity_id, role, transaction_number)
                 VALUES (?1, ?2, ?3, ?4)",
                params![link.report_id, link.entity_id, link.role, link.transaction_number],
            )?;
        }

        transaction.commit()?;
        Ok(true)
    }

    fn upsert_entities(&self, entities: &[EntityRecord]) -> Result<usize, StoreError> {
        let mut connection = self.write();
        let transaction = connection.transaction()?;
        let mut changed = 0;
        for entity in entities {
            changed += usize::from(upsert_entity(&transaction, entity)?);
        }
        transaction.commit()?;
        Ok(changed)
    }

    fn entities(&self) -> Result<Vec<EntityRecord>, StoreError> {
        self.read(|connection| {
            let mut statement = connection
                .prepare("SELECT id, schema, properties FROM ftm_entities ORDER BY id")?;
            let mut rows = statement.query([])?;
            let mut entities = Vec::new();
            while let Some(row) = rows.next()? {
                let properties: String = row.get(2)?;
                entities.push(EntityRecord {
                    id: row.get(0)?,
                    schema: row.get(1)?,
                    properties: decode_properties(&properties)?,
                });
            }
            Ok(entities)
        })
    }

    fn reports(&self) -> Result<Vec<ReportRecord>, StoreError> {
        self.read(|connection| {
            let mut statement = connection.prepare(
                "SELECT id, origin, report_code, rentity_id, entity_reference, report_date, currency, transactions,
                     imported_us, declared_version, checked_version FROM goaml_reports ORDER BY id",
            )?;
            let mut rows = statement.query([])?;
            let mut reports = Vec::new();
            while let Some(row) = rows.next()? {
                let imported: i64 = row.get(8)?;
                let transactions: i64 = row.get(7)?;
                reports.push(ReportRecord {
                    id: row.get(0)?,
                    origin: row.get(1)?,
                    report_code: row.get(2)?,
                    rentity_id: row.get(3)?,
                    entity_reference: row.get(4)?,
                    report_date: row.get(5)?,
                    currency: row.get(6)?,
                    declared_version: row.get(9)?,
                    checked_version: row.get(10)?,
                    transactions: transactions.max(0) as u64,
                    imported_at: DateTime::from_timestamp_micros(imported)
                        .ok_or_else(|| StoreError::corrupt("timestamp", imported))?,
                });
            }
            Ok(reports)
        })
    }

    fn entity_links(&self, entity_id: &str) -> Result<Vec<EntityLink>, StoreError> {
        self.read(|connection| {
            let mut statement = connection.prepare(
                "SELECT report_id, entity_id, role, transaction_number FROM goaml_report_entities
                 WHERE entity_id = ?1 ORDER BY report_id, role, transaction_number",
            )?;
            let mut rows = statement.query([entity_id])?;
            let mut links = Vec::new();
            while let Some(row) = rows.next()? {
                links.push(EntityLink {
                    report_id: row.get(0)?,
                    entity_id: row.get(1)?,
                    role: row.get(2)?,
                    transaction_number: row.get(3)?,
                });
            }
            Ok(links)
        })
    }
}
