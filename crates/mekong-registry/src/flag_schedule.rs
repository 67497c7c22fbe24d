//! The monitor's flags follow the validity period of bank-account entries: an account
//! is flagged while at least one of its entries is in force ([`Entry::in_force`]), so
//! an entry not started yet or already expired flags nothing.
//!
//! Invariants:
//! - [`Registry::refresh_flags`] touches only accounts that have registry entries, so
//!   flags set by other means on other accounts stay as they are;
//! - a flag is written only when an account's state changes, except on the first
//!   refresh after a node starts, which writes every account once.
//!
//! NOTE: an account flagged by hand and also listed in the registry loses its flag
//! when its last registry entry lapses, because the flag list keeps one reason per account.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use mekong_core::AccountKey;
use mekong_store::Flag;

use crate::entry::Entry;
use crate::error::RegistryError;
use crate::kind::IdentifierKind;
use crate::service::Registry;

/// The changes one refresh made.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FlagRefresh {
    /// Accounts flagged because an entry came into force.
    pub flagged: usize,
    /// Accounts unflagged because none of their entries is in force any more.
    pub unflagged: usize,
}

/// Returns the flag reason of an entry.
pub(crate) fn flag_reason(entry: &Entry) -> String {
    format!("{}: {}", entry.listing, entry.reason)
}

impl Registry {
    /// Flags the bank accounts with an entry in force at `now` and removes the flags
    /// of those whose entries are all out of force. A node calls it at start and then
    /// on every run of its clock.
    pub fn refresh_flags(&self, now: DateTime<Utc>) -> Result<FlagRefresh, RegistryError> {
        let _change = self.lock_changes();

        // Per account: the first entry in force, or `None` when none is.
        let mut accounts: BTreeMap<String, Option<Entry>> = BTreeMap::new();
        for record in self.store().registry_entries()? {
            let entry = Entry::from_record(record)?;
            if entry.kind != IdentifierKind::BankAccount {
                continue;
            }
            let slot = accounts.entry(entry.value.clone()).or_insert(None);
            if slot.is_none() && entry.in_force(now) {
                *slot = Some(entry);
            }
        }

        let mut refresh = FlagRefresh::default();
        let mut flagged = self.flagged_accounts();
        for (value, in_force) in accounts {
            let key = AccountKey::from_stored(value.clone());
            match in_force {
                Some(entry) if flagged.insert(value.clone()) => {
                    let flag = Flag { account: key, reason: flag_reason(&entry), added_at: now };
                    self.flag_sink().flag(flag).map_err(RegistryError::Flag)?;
                    refresh.flagged += 1;
                }
                None if flagged.remove(&value) || !self.refreshed_once() => {
                    self.flag_sink().unflag(&key).map_err(RegistryError::Flag)?;
                    refresh.unflagged += 1;
                }
                _ => {}
            }
        }
        self.mark_refreshed();

        if refresh != FlagRefresh::default() {
            tracing::info!(flagged = refresh.flagged, unflagged = refresh.unflagged, "registry flags refreshed");
        }
        Ok(refresh)
    }
}
