//! Storage of the flagged-identifier registry, behind [`RegistryStore`].
//!
//! The store keeps what `mekong-registry` decides and never decides itself: kinds and
//! listing types are stored as the names that crate gives them, and values arrive
//! already normalised.
//!
//! Invariants every implementation keeps:
//! - an entry is unique per (origin, kind, value, listing);
//! - storing an entry equal to the stored one changes nothing and reports
//!   [`Upsert::Unchanged`], so a repeated import is idempotent.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::StoreError;

/// A stored registry entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RegistryRecord {
    /// The node that listed the identifier.
    pub origin: String,
    /// The identifier kind, such as `phone` or `bank_account`.
    pub kind: String,
    /// The normalised identifier, the lookup key.
    pub value: String,
    /// The listing type, such as `scam_phone`.
    pub listing: String,
    /// The identifier as it was given.
    pub raw: String,
    /// Whether the identifier passed validation; phone numbers that the numbering
    /// metadata calls invalid are kept with `false`.
    pub valid: bool,
    /// Why the identifier is listed, as shown to whoever it restricts.
    pub reason: String,
    /// An internal note for analysts, never shown outside the node.
    pub note: String,
    /// The agency that listed it.
    pub source_agency: String,
    /// The legal provision the listing rests on.
    pub legal_basis: String,
    /// How the person or institution concerned can appeal.
    pub appeal: String,
    /// When the listing takes effect.
    pub starts_at: DateTime<Utc>,
    /// When the listing lapses; `None` until it is removed.
    pub expires_at: Option<DateTime<Utc>>,
    /// When the entry was stored, by the node's clock.
    pub added_at: DateTime<Utc>,
}

/// What [`RegistryStore::upsert_registry_entry`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Upsert {
    /// The entry was new.
    Added,
    /// An entry with the same key existed and some field changed.
    Updated,
    /// An equal entry was already stored.
    Unchanged,
}

/// The registry tables of a node's database.
pub trait RegistryStore: Send + Sync + std::fmt::Debug {
    /// Returns every stored entry, ordered by kind and value.
    fn registry_entries(&self) -> Result<Vec<RegistryRecord>, StoreError>;

    /// Stores an entry, or updates the one with the same (origin, kind, value, listing).
    /// `added_at` of an existing entry is kept.
    fn upsert_registry_entry(&self, record: &RegistryRecord) -> Result<Upsert, StoreError>;

    /// Removes every entry of this kind and value; returns how many were removed.
    fn remove_registry_entries(&self, kind: &str, value: &str) -> Result<usize, StoreError>;
}
