//! Storage of freezes, behind [`FreezeStore`].
//!
//! The store keeps what `mekong-freeze` decides and never decides itself: states,
//! actions and legal bases are stored as the names that crate gives them.
//!
//! Invariants every implementation keeps:
//! - a freeze and the transition that produced it are stored in one database
//!   transaction, so the history never misses a step;
//! - a transition is stored only if the freeze is still in the transition's `from`
//!   state, so two users acting at once cannot both move the same freeze;
//! - transitions and returns are only ever appended.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::Serialize;

use crate::StoreError;
use crate::outbox::{FreezeReminderRecord, NewBankNotice};

/// A stored return of frozen funds to one victim.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FreezeReturnRecord {
    /// The victim's name.
    pub victim: String,
    /// The amount returned, in the freeze's currency.
    pub amount: Decimal,
    /// When the return was recorded.
    pub returned_at: DateTime<Utc>,
}

/// A stored freeze.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FreezeRecord {
    /// The freeze id.
    pub id: String,
    /// The state name.
    pub state: String,
    /// The frozen accounts as `BANK/NUMBER` keys.
    pub accounts: Vec<String>,
    /// The frozen amount.
    pub amount: Decimal,
    /// The ISO 4217 code of `amount`.
    pub currency: String,
    /// The legal basis name.
    pub legal_basis: String,
    /// The case reference.
    pub case_reference: String,
    /// The reason stated to the account holder.
    pub reason: String,
    /// The user who requested the freeze.
    pub requested_by: String,
    /// The supervisor who approved it.
    pub approved_by: Option<String>,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When an emergency stop-payment was ordered.
    pub stopped_at: Option<DateTime<Utc>>,
    /// When it was approved.
    pub activated_at: Option<DateTime<Utc>>,
    /// When it lapses unless renewed.
    pub expires_at: Option<DateTime<Utc>>,
    /// Who appealed.
    pub appellant: Option<String>,
    /// The grounds of the appeal.
    pub appeal_grounds: Option<String>,
    /// When the appeal was lodged.
    pub appeal_lodged_at: Option<DateTime<Utc>>,
    /// The appeal decision: `Some(true)` upheld, `Some(false)` overturned.
    pub appeal_upheld: Option<bool>,
    /// Returns to victims in the order recorded.
    pub returns: Vec<FreezeReturnRecord>,
}

/// A stored transition of a freeze.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FreezeTransitionRecord {
    /// The freeze id.
    pub freeze_id: String,
    /// The action name, such as `freeze.approve`.
    pub action: String,
    /// The acting user.
    pub actor: String,
    /// The actor's roles, comma-separated.
    pub roles: String,
    /// When it happened.
    pub at: DateTime<Utc>,
    /// The state before; `None` when the transition created the freeze.
    pub from_state: Option<String>,
    /// The state after.
    pub to_state: String,
    /// The reason given.
    pub reason: String,
    /// The audit description.
    pub description: String,
}

/// The freeze tables of a node's database.
pub trait FreezeStore: Send + Sync + std::fmt::Debug {
    /// Stores a freeze as it is after `transition`, and appends the transition.
    ///
    /// Fails with [`StoreError::Conflict`] when the stored freeze is not in
    /// `transition.from_state`, or when a creating transition finds the id taken.
    fn record_freeze_transition(
        &self,
        freeze: &FreezeRecord,
        transition: &FreezeTransitionRecord,
    ) -> Result<(), StoreError>;

    /// Stores a transition as [`FreezeStore::record_freeze_transition`] does and, in the
    /// same database transaction, adds `notice` to the bank-notice outbox.
    fn record_freeze_transition_with_notice(
        &self,
        freeze: &FreezeRecord,
        transition: &FreezeTransitionRecord,
        notice: Option<&NewBankNotice>,
    ) -> Result<(), StoreError>;

    /// Returns the expiry reminders of one freeze, or of every freeze when `freeze_id`
    /// is `None`, oldest first.
    fn freeze_reminders(&self, freeze_id: Option<&str>) -> Result<Vec<FreezeReminderRecord>, StoreError>;

    /// Returns one freeze.
    fn freeze(&self, id: &str) -> Result<Option<FreezeRecord>, StoreError>;

    /// Returns every freeze, oldest first.
    fn freezes(&self) -> Result<Vec<FreezeRecord>, StoreError>;

    /// Returns a freeze's transitions, oldest first.
    fn freeze_transitions(&self, id: &str) -> Result<Vec<FreezeTransitionRecord>, StoreError>;
}
