//! Storage of the bank-notice outbox and of freeze expiry reminders, behind [`OutboxStore`].
//!
//! Invariants every implementation keeps:
//! - a notice is stored in the same database transaction as the freeze transition it
//!   reports ([`crate::freeze::FreezeStore::record_freeze_transition_with_notice`]), so
//!   a stored change always has its notice and a rolled-back one never does;
//! - a notice, once delivered, is never returned as due again;
//! - at most one reminder is stored per freeze and expiry time, so a renewal, which
//!   moves the expiry time, opens a new reminder window.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::StoreError;

/// A notice to banks about to be stored with a freeze transition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewBankNotice {
    /// The freeze the notice is about.
    pub freeze_id: String,
    /// The freeze state the notice reports, such as `active` or `released`.
    pub state: String,
    /// The JSON body sent to the bank endpoint.
    pub payload: String,
    /// When the freeze changed.
    pub created_at: DateTime<Utc>,
}

/// A stored notice with its delivery status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BankNoticeRecord {
    /// The notice id, increasing in the order notices were stored.
    pub id: i64,
    /// The freeze the notice is about.
    pub freeze_id: String,
    /// The freeze state the notice reports.
    pub state: String,
    /// The JSON body sent to the bank endpoint.
    pub payload: String,
    /// When the freeze changed.
    pub created_at: DateTime<Utc>,
    /// Delivery attempts that failed so far.
    pub attempts: u32,
    /// The earliest time of the next delivery attempt.
    pub next_attempt_at: DateTime<Utc>,
    /// When the endpoint acknowledged the notice; `None` while pending.
    pub delivered_at: Option<DateTime<Utc>>,
    /// The error of the latest failed attempt.
    pub last_error: Option<String>,
}

/// A stored reminder that a freeze lapses soon.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FreezeReminderRecord {
    /// The freeze id.
    pub freeze_id: String,
    /// The expiry time the reminder warns of.
    pub expires_at: DateTime<Utc>,
    /// When the reminder was recorded.
    pub reminded_at: DateTime<Utc>,
}

/// The outbox and reminder tables of a node's database.
pub trait OutboxStore: Send + Sync + std::fmt::Debug {
    /// Returns up to `limit` undelivered notices whose next attempt is due at `now`, oldest first.
    fn due_bank_notices(&self, now: DateTime<Utc>, limit: u32) -> Result<Vec<BankNoticeRecord>, StoreError>;

    /// Marks a notice delivered; returns `false` when it was delivered already.
    fn mark_bank_notice_delivered(&self, id: i64, at: DateTime<Utc>) -> Result<bool, StoreError>;

    /// Counts a failed attempt and sets the time of the next one.
    fn record_bank_notice_failure(&self, id: i64, next_attempt_at: DateTime<Utc>, error: &str) -> Result<(), StoreError>;

    /// Returns the notices about one freeze, or every notice when `freeze_id` is `None`, oldest first.
    fn bank_notices(&self, freeze_id: Option<&str>) -> Result<Vec<BankNoticeRecord>, StoreError>;

    /// Records a reminder for a freeze and expiry time; returns `false` when one was recorded already.
    fn record_freeze_reminder(&self, freeze_id: &str, expires_at: DateTime<Utc>, at: DateTime<Utc>) -> Result<bool, StoreError>;
}
