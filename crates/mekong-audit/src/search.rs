//! Searching the trail by user, object, action and time, and recording the search.
//!
//! The plain [`search`] reads only. [`Auditor::search`] first records an
//! `audit.search` event with the criteria, so that reading the trail is audited too.

use chrono::{DateTime, Utc};
use mekong_store::Page;
use mekong_store::audit::{AuditFilter, AuditRow, AuditStore};
use serde::Serialize;

use crate::hash::DecodedLists;
use crate::{Actor, AuditError, AuditEvent, Auditor, FieldChange};

/// The default number of records per page.
const DEFAULT_PER_PAGE: u32 = 50;

/// Search criteria; `None` matches everything.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditQuery {
    /// The actor's user id or name.
    pub user: Option<String>,
    /// The object type, such as `alert`.
    pub object_type: Option<String>,
    /// The object id.
    pub object_id: Option<String>,
    /// The action, or a prefix ending in `.` such as `alert.`.
    pub action: Option<String>,
    /// Earliest time, inclusive.
    pub from: Option<DateTime<Utc>>,
    /// Latest time, exclusive.
    pub until: Option<DateTime<Utc>>,
    /// The page, counting from 1.
    pub page: u32,
    /// Records per page (at most 500).
    pub per_page: u32,
}

impl Default for AuditQuery {
    fn default() -> Self {
        AuditQuery {
            user: None,
            object_type: None,
            object_id: None,
            action: None,
            from: None,
            until: None,
            page: 1,
            per_page: DEFAULT_PER_PAGE,
        }
    }
}

impl AuditQuery {
    /// Returns the store filter for these criteria.
    pub fn filter(&self) -> AuditFilter {
        AuditFilter {
            user: self.user.clone(),
            object_type: self.object_type.clone(),
            object_id: self.object_id.clone(),
            action: self.action.clone(),
            from: self.from,
            until: self.until,
        }
    }

    /// Returns the criteria as field changes with no old value, for the audit record of a
    /// search or export.
    pub(crate) fn as_changes(&self) -> Vec<FieldChange> {
        let from = self.from.map(|time| time.to_rfc3339());
        let until = self.until.map(|time| time.to_rfc3339());
        let criteria = [
            ("query.user", self.user.as_ref()),
            ("query.object_type", self.object_type.as_ref()),
            ("query.object_id", self.object_id.as_ref()),
            ("query.action", self.action.as_ref()),
            ("query.from", from.as_ref()),
            ("query.until", until.as_ref()),
        ];
        criteria
            .into_iter()
            .filter_map(|(field, value)| {
                value.map(|value| FieldChange { field: field.to_owned(), old: None, new: Some(value.clone()) })
            })
            .collect()
    }
}

/// A stored audit record, decoded for display and export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditEntry {
    /// The sequence number.
    pub seq: u64,
    /// When the action happened.
    pub time: DateTime<Utc>,
    /// Who acted.
    pub actor: Actor,
    /// The dotted action name.
    pub action: String,
    /// The kind of object acted on.
    pub object_type: Option<String>,
    /// The object's identifier.
    pub object_id: Option<String>,
    /// Fields changed.
    pub changes: Vec<FieldChange>,
    /// The purpose or legal basis given.
    pub purpose: Option<String>,
    /// The request's source address.
    pub source: Option<String>,
    /// The record's stored hash, in hex.
    pub hash: String,
}

impl AuditEntry {
    /// Decodes a stored row.
    pub fn from_row(row: AuditRow) -> Result<AuditEntry, AuditError> {
        let corrupt = |detail: String| AuditError::Corrupt { seq: row.seq, detail };

        let lists = DecodedLists::decode(&row.record).map_err(|error| corrupt(error.to_string()))?;
        let time = DateTime::from_timestamp_micros(row.record.time_us)
            .ok_or_else(|| corrupt(format!("time {} out of range", row.record.time_us)))?;
        let seq = u64::try_from(row.seq).map_err(|_| corrupt("negative seq".into()))?;

        let record = row.record;
        Ok(AuditEntry {
            seq,
            time,
            actor: Actor { user_id: record.user_id, name: record.actor_name, roles: lists.roles, agency: record.actor_agency },
            action: record.action,
            object_type: record.object_type,
            object_id: record.object_id,
            changes: lists.changes,
            purpose: record.purpose,
            source: record.source,
            hash: hex::encode(&row.hash),
        })
    }
}

/// Returns one page of matching records, newest first, without recording the search.
pub fn search(store: &dyn AuditStore, query: &AuditQuery) -> Result<Page<AuditEntry>, AuditError> {
    let page = store.search_audit_records(&query.filter(), query.page, query.per_page)?;

    let items = page.items.into_iter().map(AuditEntry::from_row).collect::<Result<Vec<_>, _>>()?;
    Ok(Page { items, total: page.total, page: page.page, per_page: page.per_page })
}

impl Auditor {
    /// Records an `audit.search` event by `actor` with the criteria, then searches.
    pub fn search(
        &self,
        actor: &Actor,
        query: &AuditQuery,
        source: Option<String>,
    ) -> Result<Page<AuditEntry>, AuditError> {
        self.record(AuditEvent {
            actor: actor.clone(),
            action: "audit.search".into(),
            object_type: Some("audit_trail".into()),
            object_id: Some(self.node().as_str().to_owned()),
            changes: query.as_changes(),
            purpose: None,
            source,
        })?;

        search(self.store().as_ref(), query)
    }
}
