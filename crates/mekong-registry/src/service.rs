//! [`Registry`]: the registry's storage, its in-memory risk index and the monitor's
//! flagged accounts kept in step.
//!
//! Invariants:
//! - a change is stored first, then applied to the index, so the index never holds
//!   an entry the database lacks;
//! - a bank-account entry in force also flags the account through a [`FlagSink`]; in
//!   a running node that is [`Pipeline::flag`], so the very next transaction touching
//!   the account is scored with the flag. Entries that start later or have expired
//!   flag nothing, and [`Registry::refresh_flags`] follows their validity period;
//! - one change at a time: a mutex serialises adds and removals.

use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use chrono::{DateTime, SubsecRound, Utc};
use mekong_core::{AccountKey, Country};
use mekong_ingest::pipeline::Pipeline;
use mekong_store::registry::{RegistryStore, Upsert};
use mekong_store::{Flag, Store};

use crate::entry::Entry;
use crate::error::RegistryError;
use crate::kind::IdentifierKind;
use crate::normalise::{Normalised, normalise};
use crate::risk::{RiskAnswer, RiskIndex};

/// Where bank-account listings become flags the monitor scores with.
pub trait FlagSink: Send + Sync + std::fmt::Debug {
    /// Flags an account.
    fn flag(&self, flag: Flag) -> Result<(), String>;

    /// Removes an account's flag.
    fn unflag(&self, key: &AccountKey) -> Result<(), String>;
}

impl FlagSink for Pipeline {
    fn flag(&self, flag: Flag) -> Result<(), String> {
        Pipeline::flag(self, flag).map_err(|error| error.to_string())
    }

    fn unflag(&self, key: &AccountKey) -> Result<(), String> {
        Pipeline::unflag(self, key).map(|_| ()).map_err(|error| error.to_string())
    }
}

/// Flags written straight to the store, for commands run while the node is stopped;
/// the monitor reads them when the node starts.
#[derive(Debug)]
pub struct StoreFlags(pub Arc<dyn Store>);

impl FlagSink for StoreFlags {
    fn flag(&self, flag: Flag) -> Result<(), String> {
        self.0.add_flag(&flag).map_err(|error| error.to_string())
    }

    fn unflag(&self, key: &AccountKey) -> Result<(), String> {
        self.0.remove_flag(key).map(|_| ()).map_err(|error| error.to_string())
    }
}

/// The registry of one node.
#[derive(Debug)]
pub struct Registry {
    store: Arc<dyn RegistryStore>,
    flags: Arc<dyn FlagSink>,
    index: RiskIndex,
    region: Country,
    changes: Mutex<()>,
    /// Bank accounts this registry has flagged, as stored values; guarded after `changes`.
    flagged: Mutex<HashSet<String>>,
    /// Whether [`Registry::refresh_flags`] ran since the node started.
    refreshed: AtomicBool,
}

impl Registry {
    /// Loads every stored entry into memory; `region` is the country assumed for
    /// phone numbers written without a country code, normally the node's own.
    pub fn load(store: Arc<dyn RegistryStore>, flags: Arc<dyn FlagSink>, region: Country) -> Result<Registry, RegistryError> {
        let mut entries = Vec::new();
        for record in store.registry_entries()? {
            entries.push(Entry::from_record(record)?);
        }

        let index = RiskIndex::new(entries);
        tracing::info!(identifiers = index.len(), "registry loaded");
        Ok(Registry {
            store,
            flags,
            index,
            region,
            changes: Mutex::new(()),
            flagged: Mutex::new(HashSet::new()),
            refreshed: AtomicBool::new(false),
        })
    }

    /// The country assumed for phone numbers without a country code.
    pub fn region(&self) -> Country {
        self.region
    }

    /// Normalises an identifier with this node's region.
    pub fn normalise(&self, kind: IdentifierKind, raw: &str) -> Result<Normalised, RegistryError> {
        Ok(normalise(kind, raw, self.region)?)
    }

    /// Checks, stores and indexes an entry; a bank account is flagged for the monitor too.
    pub fn add(&self, entry: Entry) -> Result<Upsert, RegistryError> {
        entry.check()?;
        let change = self.lock_changes();
        self.store_entry(entry, &change)
    }

    /// Stores an entry whose start was left empty and so set to the time of the request
    /// ([`crate::Period::start_defaulted`]). A new entry starts then, but an existing one
    /// keeps its stored start, so running the same import again changes nothing. The
    /// other fields are compared and stored as [`Registry::add`] does.
    pub fn add_with_empty_start(&self, mut entry: Entry) -> Result<Upsert, RegistryError> {
        let change = self.lock_changes();

        if let Some(starts_at) = self.index.starts_at_of(&entry.origin, entry.kind, &entry.value, entry.listing) {
            entry.starts_at = starts_at;
        }

        // The store keeps whole microseconds, so a start with nanoseconds would never
        // compare equal to its stored copy and each run would report an update.
        entry.starts_at = entry.starts_at.trunc_subsecs(6);

        entry.check()?;
        self.store_entry(entry, &change)
    }

    /// Stores and indexes a checked entry while the caller holds the change lock.
    fn store_entry(&self, entry: Entry, _change: &MutexGuard<'_, ()>) -> Result<Upsert, RegistryError> {
        let outcome = self.store.upsert_registry_entry(&entry.to_record())?;

        if entry.kind == IdentifierKind::BankAccount && entry.in_force(Utc::now()) {
            let flag = Flag {
                account: AccountKey::from_stored(entry.value.clone()),
                reason: crate::flag_schedule::flag_reason(&entry),
                added_at: entry.added_at,
            };
            self.flags.flag(flag).map_err(RegistryError::Flag)?;
            self.flagged_accounts().insert(entry.value.clone());
        }

        tracing::info!(kind = %entry.kind, listing = %entry.listing, outcome = ?outcome, "registry entry stored");
        self.index.insert(entry);
        Ok(outcome)
    }

    /// Removes every listing of an identifier, given raw; returns how many were removed.
    pub fn remove(&self, kind: IdentifierKind, raw: &str) -> Result<usize, RegistryError> {
        let normalised = self.normalise(kind, raw)?;
        let _change = self.changes.lock().unwrap_or_else(std::sync::PoisonError::into_inner);

        let removed = self.store.remove_registry_entries(kind.as_str(), &normalised.value)?;
        if kind == IdentifierKind::BankAccount && removed > 0 {
            let key = AccountKey::from_stored(normalised.value.clone());
            self.flags.unflag(&key).map_err(RegistryError::Flag)?;
            self.flagged_accounts().remove(&normalised.value);
        }

        self.index.remove(kind, &normalised.value);
        tracing::info!(kind = %kind, removed, "registry entries removed");
        Ok(removed)
    }

    /// Returns every stored entry, ordered by kind and value.
    pub fn entries(&self) -> Result<Vec<Entry>, RegistryError> {
        self.store.registry_entries()?.into_iter().map(Entry::from_record).collect()
    }

    /// Normalises raw identifiers and answers the risk query for them at `now`.
    pub fn risk(&self, identifiers: &[(IdentifierKind, &str)], now: DateTime<Utc>) -> Result<RiskAnswer, RegistryError> {
        let mut keys = Vec::with_capacity(identifiers.len() + 2);
        for (kind, raw) in identifiers {
            let normalised = self.normalise(*kind, raw)?;
            if *kind == IdentifierKind::Url {
                keys.extend(domains_of_url(&normalised.value).map(|domain| (IdentifierKind::Domain, domain)));
            }
            keys.push((*kind, normalised.value));
        }
        Ok(self.index.query(&keys, now))
    }

    /// The in-memory index.
    pub fn index(&self) -> &RiskIndex {
        &self.index
    }

    pub(crate) fn lock_changes(&self) -> MutexGuard<'_, ()> {
        self.changes.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    pub(crate) fn store(&self) -> &dyn RegistryStore {
        self.store.as_ref()
    }

    pub(crate) fn flag_sink(&self) -> &dyn FlagSink {
        self.flags.as_ref()
    }

    pub(crate) fn flagged_accounts(&self) -> MutexGuard<'_, HashSet<String>> {
        self.flagged.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    pub(crate) fn refreshed_once(&self) -> bool {
        self.refreshed.load(Ordering::SeqCst)
    }

    pub(crate) fn mark_refreshed(&self) {
        self.refreshed.store(true, Ordering::SeqCst);
    }
}

/// Yields the host of a normalised URL and each parent domain with at least two
/// labels, so that a listed `scam.example` also matches `https://pay.scam.example/x`.
fn domains_of_url(url: &str) -> impl Iterator<Item = String> {
    let host = url::Url::parse(url).ok().and_then(|url| url.host_str().map(str::to_owned)).unwrap_or_default();
    let labels: Vec<String> = host.split('.').map(str::to_owned).collect();
    let count = if labels.len() >= 2 { labels.len() - 1 } else { 0 };
    (0..count).map(move |start| labels[start..].join("."))
}
