//! The in-memory risk index behind the pre-payment risk query.
//!
//! Invariants: the index holds every stored entry, in force or not, keyed by kind and
//! normalised value, and [`RiskIndex::query`] counts only entries in force at the
//! time given. A lookup takes a read lock and touches no database.
//!
//! Decision per listing type: `case_related_account` and `barred_account_renter`
//! answer `delay`, because a bank may delay settlement to such an account (China,
//! Anti-Telecom and Online Fraud Law 2022, Art. 18; Lao AML/CFT Law 2014, Art. 29);
//! `scam_phone`, `scam_url` and `other` answer `warn`. The strongest answer of all
//! matching entries wins; no match answers `allow`.

use std::collections::HashMap;
use std::sync::RwLock;

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::entry::Entry;
use crate::kind::{IdentifierKind, ListingType};

/// What the caller should do before paying.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RiskDecision {
    /// Nothing in force is listed.
    Allow,
    /// Tell the payer about the listing before paying.
    Warn,
    /// Hold the payment for review.
    Delay,
}

impl RiskDecision {
    /// The name used in the API.
    pub fn as_str(&self) -> &'static str {
        match self {
            RiskDecision::Allow => "allow",
            RiskDecision::Warn => "warn",
            RiskDecision::Delay => "delay",
        }
    }

    /// The decision a listing type leads to.
    pub fn for_listing(listing: ListingType) -> RiskDecision {
        match listing {
            ListingType::CaseRelatedAccount | ListingType::BarredAccountRenter => RiskDecision::Delay,
            ListingType::ScamPhone | ListingType::ScamUrl | ListingType::Other => RiskDecision::Warn,
        }
    }
}

/// A listing as the caller of the risk query may see it: no internal note, no raw text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RiskReason {
    /// The kind of the matched identifier.
    pub kind: &'static str,
    /// The matched identifier, normalised.
    pub value: String,
    /// The listing type.
    pub listing_type: &'static str,
    /// Why it is listed.
    pub reason: String,
    /// The agency that listed it.
    pub source_agency: String,
    /// The legal provision the listing rests on.
    pub legal_basis: String,
    /// How to appeal.
    pub appeal: String,
    /// When the listing lapses, if it does.
    pub expires_at: Option<DateTime<Utc>>,
}

/// The answer of a risk query.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RiskAnswer {
    /// The strongest decision of the matched listings.
    pub decision: RiskDecision,
    /// Every matched listing in force.
    pub reasons: Vec<RiskReason>,
}

/// Every registry entry in memory, keyed by kind and normalised value.
#[derive(Debug, Default)]
pub struct RiskIndex {
    entries: RwLock<HashMap<(IdentifierKind, String), Vec<Entry>>>,
}

impl RiskIndex {
    /// Builds the index from entries.
    pub fn new(entries: impl IntoIterator<Item = Entry>) -> RiskIndex {
        let index = RiskIndex::default();
        for entry in entries {
            index.insert(entry);
        }
        index
    }

    /// Adds an entry, or replaces the one with the same origin, kind, value and listing type.
    pub fn insert(&self, entry: Entry) {
        let mut map = self.entries.write().unwrap_or_else(std::sync::PoisonError::into_inner);
        let listed = map.entry((entry.kind, entry.value.clone())).or_default();
        listed.retain(|old| !(old.origin == entry.origin && old.listing == entry.listing));
        listed.push(entry);
    }

    /// Returns the start of the entry with this origin, kind, value and listing type,
    /// if the index contains one.
    pub fn starts_at_of(&self, origin: &str, kind: IdentifierKind, value: &str, listing: ListingType) -> Option<DateTime<Utc>> {
        let map = self.entries.read().unwrap_or_else(std::sync::PoisonError::into_inner);
        let listed = map.get(&(kind, value.to_owned()))?;
        listed.iter().find(|entry| entry.origin == origin && entry.listing == listing).map(|entry| entry.starts_at)
    }

    /// Removes every entry of this kind and value.
    pub fn remove(&self, kind: IdentifierKind, value: &str) {
        let mut map = self.entries.write().unwrap_or_else(std::sync::PoisonError::into_inner);
        map.remove(&(kind, value.to_owned()));
    }

    /// Counts the identifiers in the index.
    pub fn len(&self) -> usize {
        self.entries.read().unwrap_or_else(std::sync::PoisonError::into_inner).len()
    }

    /// Whether the index is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Looks up normalised identifiers and returns the decision for all of them
    /// together, counting only listings in force at `now`.
    pub fn query(&self, identifiers: &[(IdentifierKind, String)], now: DateTime<Utc>) -> RiskAnswer {
        let map = self.entries.read().unwrap_or_else(std::sync::PoisonError::into_inner);
        let mut decision = RiskDecision::Allow;
        let mut reasons = Vec::new();

        for key in identifiers {
            let Some(listed) = map.get(key) else {
                continue;
            };
            for entry in listed.iter().filter(|entry| entry.in_force(now)) {
                decision = decision.max(RiskDecision::for_listing(entry.listing));
                reasons.push(RiskReason {
                    kind: entry.kind.as_str(),
                    value: entry.value.clone(),
                    listing_type: entry.listing.as_str(),
                    reason: entry.reason.clone(),
                    source_agency: entry.source_agency.clone(),
                    legal_basis: entry.legal_basis.clone(),
                    appeal: entry.appeal.clone(),
                    expires_at: entry.expires_at,
                });
            }
        }
        RiskAnswer { decision, reasons }
    }
}
