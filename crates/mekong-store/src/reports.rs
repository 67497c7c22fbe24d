//! Storage of goAML reports and FollowTheMoney entities, behind [`ReportStore`].
//!
//! The store keeps what `mekong-reports` extracts and never interprets it: schemas and
//! property names are stored as FtM names.
//!
//! Invariants every implementation keeps:
//! - a report is stored with its entities and links in one database transaction;
//! - storing a report whose id is stored changes nothing;
//! - storing an entity whose id is stored adds the new property values to it, and
//!   values stay sorted and unique.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::StoreError;

/// A stored goAML report's header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportRecord {
    /// The report id, a hash of the file.
    pub id: String,
    /// The node that imported it.
    pub origin: String,
    /// `report_code`, such as `STR`.
    pub report_code: String,
    /// The reporting entity's goAML id.
    pub rentity_id: String,
    /// The reporting entity's reference, empty when absent.
    pub entity_reference: String,
    /// The report date as given.
    pub report_date: String,
    /// The local currency code.
    pub currency: String,
    /// The goAML schema version the report declares in `schema_version`, as given;
    /// `None` when it declares none.
    pub declared_version: Option<String>,
    /// The version of the goAML XSD the report was validated against, such as `5.0.1`.
    pub checked_version: String,
    /// Number of transactions in the report.
    pub transactions: u64,
    /// When it was imported.
    pub imported_at: DateTime<Utc>,
}

/// A stored FtM entity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EntityRecord {
    /// The deterministic id.
    pub id: String,
    /// The FtM schema, such as `Person`.
    pub schema: String,
    /// Property name to sorted, unique values.
    pub properties: BTreeMap<String, Vec<String>>,
}

/// An entity's appearance in a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EntityLink {
    /// The report.
    pub report_id: String,
    /// The entity.
    pub entity_id: String,
    /// The element it appeared as, such as `from_person`.
    pub role: String,
    /// The transaction number, empty outside transactions.
    pub transaction_number: String,
}

/// The report and entity tables of a node's database.
pub trait ReportStore: Send + Sync + std::fmt::Debug {
    /// Stores a report with its entities and links in one transaction; returns `false`
    /// and changes nothing when the report id is already stored.
    fn store_report(
        &self,
        report: &ReportRecord,
        entities: &[EntityRecord],
        links: &[EntityLink],
    ) -> Result<bool, StoreError>;

    /// Stores entities, adding property values to stored ones; returns how many changed.
    fn upsert_entities(&self, entities: &[EntityRecord]) -> Result<usize, StoreError>;

    /// Returns every entity, ordered by id.
    fn entities(&self) -> Result<Vec<EntityRecord>, StoreError>;

    /// Returns every report, ordered by id.
    fn reports(&self) -> Result<Vec<ReportRecord>, StoreError>;

    /// Returns the appearances of an entity, ordered by report.
    fn entity_links(&self, entity_id: &str) -> Result<Vec<EntityLink>, StoreError>;
}
