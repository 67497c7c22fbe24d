//! Bank accounts as transactions name them.
//!
//! An account is identified by its bank and its number at that bank; the
//! `AccountKey` joins the two into one string that storage and the monitor index by.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::Country;

/// A bank account named in a transaction.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct AccountRef {
    /// Bank identifier: a BIC, a national bank code, or the source's own bank id.
    pub bank: String,
    /// Account number at that bank, as the source wrote it, trimmed.
    pub number: String,
    /// Country of the bank, where the source states it.
    pub country: Option<Country>,
}

impl AccountRef {
    /// Creates an account reference, trimming the bank and number.
    pub fn new(bank: &str, number: &str, country: Option<Country>) -> Self {
        AccountRef { bank: bank.trim().to_owned(), number: number.trim().to_owned(), country }
    }

    /// The key that identifies this account in storage and in the monitor.
    pub fn key(&self) -> AccountKey {
        AccountKey::new(&self.bank, &self.number)
    }
}

/// The identifier of an account: `BANK/NUMBER`, or `NUMBER` alone where the bank
/// is unknown.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct AccountKey(String);

impl AccountKey {
    /// Builds the key of an account from its bank and number.
    pub fn new(bank: &str, number: &str) -> Self {
        let bank = bank.trim();
        let number = number.trim();
        if bank.is_empty() {
            AccountKey(number.to_owned())
        } else {
            AccountKey(format!("{bank}/{number}"))
        }
    }

    /// Wraps a key already in `BANK/NUMBER` form, such as one read back from storage.
    pub fn from_stored(key: impl Into<String>) -> Self {
        AccountKey(key.into())
    }

    /// The key as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for AccountKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for AccountKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "AccountKey({})", self.0)
    }
}
