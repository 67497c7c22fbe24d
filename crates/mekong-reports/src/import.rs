//! Imports validated goAML reports and FtM entities into a [`ReportStore`].
//!
//! A report is stored in one database transaction with its entities and their
//! appearances. Its id is a hash of the file's bytes, so importing it again stores nothing.

use chrono::Utc;
use mekong_core::ids::derive_id;
use mekong_store::reports::{EntityLink, ReportRecord, ReportStore};

use crate::entity::{Entity, extract};
use crate::ftm::{from_record, to_record};
use crate::merge::{MergeSuggestion, merge_suggestions};
use crate::xsd::CHECKED_SCHEMA_VERSION;
use crate::{Report, ReportsError, ValidationError, validate};

/// The outcome of importing one goAML file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "outcome", rename_all = "kebab-case")]
pub enum ImportOutcome {
    /// The report was valid and stored now.
    Stored {
        /// The report id.
        report_id: String,
        /// The report code.
        report_code: String,
        /// Entities in the report.
        entities: usize,
    },
    /// The report was valid and already stored.
    AlreadyStored {
        /// The report id.
        report_id: String,
    },
    /// The report was invalid; nothing was stored.
    Rejected {
        /// Every error found.
        errors: Vec<ValidationError>,
    },
}

/// Returns the id of a report file: a hash of its bytes.
pub fn report_id(xml: &[u8]) -> String {
    derive_id("goaml-", &[xml])
}

/// Validates one report and stores it with its entities, all or nothing.
pub fn import_goaml(
    store: &dyn ReportStore,
    origin: &str,
    xml: &[u8],
) -> Result<ImportOutcome, ReportsError> {
    let report = match validate(xml) {
        Ok(report) => report,
        Err(errors) => return Ok(ImportOutcome::Rejected { errors }),
    };
    let id = report_id(xml);
    store_report(store, origin, &id, &report)
}

fn store_report(
    store: &dyn ReportStore,
    origin: &str,
    id: &str,
    report: &Report,
) -> Result<ImportOutcome, ReportsError> {
    let extraction = extract(report, id);
    let record = ReportRecord {
        id: id.to_owned(),
        origin: origin.to_owned(),
        report_code: report.report_code.clone(),
        rentity_id: report.rentity_id.clone(),
        entity_reference: report.entity_reference.clone().unwrap_or_default(),
        report_date: report.report_date.clone(),
        currency: report.currency_code_local.clone(),
        declared_version: report.schema_version.clone(),
        checked_version: CHECKED_SCHEMA_VERSION.to_owned(),
        transactions: report.transactions.len() as u64,
        imported_at: Utc::now(),
    };
    let entities: Vec<_> = extraction.entities.values().map(to_record).collect();
    let links: Vec<EntityLink> = extraction
        .appearances
        .iter()
        .map(|appearance| EntityLink {
            report_id: id.to_owned(),
            entity_id: appearance.entity_id.clone(),
            role: appearance.role.clone(),
            transaction_number: appearance.transaction_number.clone(),
        })
        .collect();

    let stored = store.store_report(&record, &entities, &links)?;
    tracing::info!(
        report_id = id,
        stored,
        entities = entities.len(),
        "goAML report imported"
    );
    Ok(if stored {
        ImportOutcome::Stored {
            report_id: id.to_owned(),
            report_code: report.report_code.clone(),
            entities: entities.len(),
        }
    } else {
        ImportOutcome::AlreadyStored {
            report_id: id.to_owned(),
        }
    })
}

/// Returns every stored entity, ordered by id.
pub fn stored_entities(store: &dyn ReportStore) -> Result<Vec<Entity>, ReportsError> {
    Ok(store.entities()?.into_iter().map(from_record).collect())
}

/// Stores FtM entities, adding their property values to any stored entity with the same id.
pub fn import_entities(
    store: &dyn ReportStore,
    entities: &[Entity],
) -> Result<usize, ReportsError> {
    let records: Vec<_> = entities.iter().map(to_record).collect();
    Ok(store.upsert_entities(&records)?)
}

/// Returns the merge suggestions among all stored people, organisations and bank accounts.
pub fn stored_merge_suggestions(
    store: &dyn ReportStore,
) -> Result<Vec<MergeSuggestion>, ReportsError> {
    let entities = stored_entities(store)?;
    Ok(merge_suggestions(&entities))
}
