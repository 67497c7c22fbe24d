//! A registry entry: one listed identifier with its reason, legal basis, validity
//! period and appeal route, and its conversion to and from the stored record.
//!
//! Invariant: every entry states its reason and appeal route (China, Anti-Telecom and
//! Online Fraud Law 2022, Art. 32: every restriction states its reason and how to
//! appeal); [`Entry::check`] rejects an entry without them.

use chrono::{DateTime, Utc};
use mekong_store::registry::RegistryRecord;

use crate::error::RegistryError;
use crate::kind::{IdentifierKind, ListingType};

/// Maximum length of a reason, note, legal basis or appeal text, in characters.
pub const MAX_TEXT_CHARS: usize = 2_000;

/// One listed identifier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// What kind of identifier it is.
    pub kind: IdentifierKind,
    /// The normalised identifier.
    pub value: String,
    /// The identifier as given.
    pub raw: String,
    /// Whether the identifier passed validation (see [`crate::Normalised::valid`]).
    pub valid: bool,
    /// Why it is listed.
    pub listing: ListingType,
    /// The reason shown to whoever the listing restricts.
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
    /// The node that listed it.
    pub origin: String,
    /// When it was stored.
    pub added_at: DateTime<Utc>,
}

impl Entry {
    /// Checks the fields a listing must state; returns the first field that is
    /// missing or invalid.
    pub fn check(&self) -> Result<(), RegistryError> {
        for (field, text) in [
            ("reason", &self.reason),
            ("source_agency", &self.source_agency),
            ("legal_basis", &self.legal_basis),
            ("appeal", &self.appeal),
        ] {
            if text.trim().is_empty() {
                return Err(RegistryError::MissingField(field));
            }
        }

        for (field, text) in [("reason", &self.reason), ("note", &self.note), ("legal_basis", &self.legal_basis), ("appeal", &self.appeal)] {
            if text.chars().count() > MAX_TEXT_CHARS {
                return Err(RegistryError::TooLong { field, max: MAX_TEXT_CHARS });
            }
        }

        if let Some(expires_at) = self.expires_at
            && expires_at <= self.starts_at
        {
            return Err(RegistryError::ExpiryBeforeStart);
        }
        Ok(())
    }

    /// Whether the listing is in force at `now`.
    pub fn in_force(&self, now: DateTime<Utc>) -> bool {
        self.starts_at <= now && self.expires_at.is_none_or(|expires_at| now < expires_at)
    }

    /// The stored form.
    pub fn to_record(&self) -> RegistryRecord {
        RegistryRecord {
            origin: self.origin.clone(),
            kind: self.kind.as_str().to_owned(),
            value: self.value.clone(),
            listing: self.listing.as_str().to_owned(),
            raw: self.raw.clone(),
            valid: self.valid,
            reason: self.reason.clone(),
            note: self.note.clone(),
            source_agency: self.source_agency.clone(),
            legal_basis: self.legal_basis.clone(),
            appeal: self.appeal.clone(),
            starts_at: self.starts_at,
            expires_at: self.expires_at,
            added_at: self.added_at,
        }
    }

    /// Reads a stored record back.
    pub fn from_record(record: RegistryRecord) -> Result<Entry, RegistryError> {
        let kind = record.kind.parse().map_err(|_| RegistryError::Corrupt(format!("kind {:?}", record.kind)))?;
        let listing =
            record.listing.parse().map_err(|_| RegistryError::Corrupt(format!("listing type {:?}", record.listing)))?;
        Ok(Entry {
            kind,
            value: record.value,
            raw: record.raw,
            valid: record.valid,
            listing,
            reason: record.reason,
            note: record.note,
            source_agency: record.source_agency,
            legal_basis: record.legal_basis,
            appeal: record.appeal,
            starts_at: record.starts_at,
            expires_at: record.expires_at,
            origin: record.origin,
            added_at: record.added_at,
        })
    }
}
