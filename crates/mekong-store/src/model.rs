//! Records the store returns and accepts, beyond the domain types of `mekong-core`.

use chrono::{DateTime, Utc};
use mekong_core::{AccountKey, Alert, AlertStatus, Country, Decision, Transaction};
use serde::Serialize;

/// A transaction as stored, with the decision it was given.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredTransaction {
    /// Position in storage order, starting at 1.
    pub seq: i64,
    /// The transaction.
    pub tx: Transaction,
    /// The decision returned when it arrived.
    pub decision: Decision,
    /// The monitor's combined score when it arrived, 0 to 100.
    pub score: u8,
}

/// Everything one arrival of transactions changes, stored in one database transaction.
#[derive(Debug, Default, Clone)]
pub struct CommitBatch {
    /// New transactions with their decision and score.
    pub transactions: Vec<(Transaction, Decision, u8)>,
    /// Alerts raised by them.
    pub alerts: Vec<Alert>,
    /// Accounts whose risk score changed, with the new score.
    pub risk_updates: Vec<(AccountKey, u8)>,
}

impl CommitBatch {
    /// Whether the batch changes nothing.
    pub fn is_empty(&self) -> bool {
        self.transactions.is_empty() && self.alerts.is_empty() && self.risk_updates.is_empty()
    }
}

/// Which alerts to list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlertFilter {
    /// Only this rule.
    pub rule: Option<String>,
    /// Only alerts scoring at least this.
    pub min_score: Option<u8>,
    /// Only alerts in this status.
    pub status: Option<AlertStatus>,
    /// Only alerts raised at or after this instant.
    pub from: Option<DateTime<Utc>>,
    /// Only alerts raised before this instant.
    pub until: Option<DateTime<Utc>>,
    /// Only alerts about this account.
    pub account: Option<AccountKey>,
    /// Include shadow-mode alerts.
    pub include_shadow: bool,
    /// Page number, starting at 1.
    pub page: u32,
    /// Alerts per page, 1 to 500.
    pub per_page: u32,
}

impl Default for AlertFilter {
    fn default() -> Self {
        AlertFilter {
            rule: None,
            min_score: None,
            status: None,
            from: None,
            until: None,
            account: None,
            include_shadow: true,
            page: 1,
            per_page: 50,
        }
    }
}

/// One page of a longer list.
#[derive(Debug, Clone, Serialize)]
pub struct Page<T> {
    /// The items on this page.
    pub items: Vec<T>,
    /// How many items match in all.
    pub total: u64,
    /// This page's number, starting at 1.
    pub page: u32,
    /// Items per page.
    pub per_page: u32,
}

impl<T> Page<T> {
    /// Number of pages needed for all matching items, at least 1.
    pub fn page_count(&self) -> u32 {
        let per_page = u64::from(self.per_page.max(1));
        let pages = self.total.div_ceil(per_page).max(1);
        u32::try_from(pages).unwrap_or(u32::MAX)
    }
}

/// An alert with the history of its status.
#[derive(Debug, Clone, Serialize)]
pub struct AlertRecord {
    /// The alert, with its current status.
    pub alert: Alert,
    /// Every status change, oldest first.
    pub history: Vec<StatusChange>,
}

/// One change of an alert's status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatusChange {
    /// Status before the change.
    pub from: AlertStatus,
    /// Status after the change.
    pub to: AlertStatus,
    /// Why the analyst changed it.
    pub reason: String,
    /// Who changed it.
    pub actor: String,
    /// When, by the node's clock.
    pub at: DateTime<Utc>,
}

/// The node's record of one account, with counts from its transactions.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AccountView {
    /// The account's key.
    pub key: AccountKey,
    /// Bank identifier.
    pub bank: String,
    /// Account number at the bank.
    pub number: String,
    /// Country of the bank, if known.
    pub country: Option<Country>,
    /// Risk score, 0 to 100, from the alerts about the account.
    pub risk: u8,
    /// Number of transactions paying out of the account.
    pub debit_count: u64,
    /// Number of transactions paying into the account.
    pub credit_count: u64,
    /// Time of its first transaction.
    pub first_seen: Option<DateTime<Utc>>,
    /// Time of its latest transaction.
    pub last_seen: Option<DateTime<Utc>>,
    /// The flag on the account, if it is on the flagged list.
    pub flag: Option<Flag>,
}

/// An account on the node's flagged list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Flag {
    /// The flagged account.
    pub account: AccountKey,
    /// Why it is flagged.
    pub reason: String,
    /// When it was flagged, by the node's clock.
    pub added_at: DateTime<Utc>,
}

/// A record of one file import.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportRun {
    /// The file as given on the command line.
    pub file: String,
    /// The format read.
    pub format: String,
    /// Rows read.
    pub read: u64,
    /// Transactions newly stored.
    pub imported: u64,
    /// Transactions already stored before.
    pub duplicates: u64,
    /// Rows rejected.
    pub rejected: u64,
    /// When the import started.
    pub started_at: DateTime<Utc>,
    /// When it finished or stopped.
    pub finished_at: DateTime<Utc>,
    /// Whether it read the whole file.
    pub completed: bool,
}
