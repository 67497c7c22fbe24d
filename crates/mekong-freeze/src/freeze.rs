//! A freeze and its state: the accounts, amount, legal basis and history-relevant
//! facts that the transitions read and change.
//!
//! Invariant: the fields here change only through [`crate::transition`].

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use mekong_core::{AccountKey, Money};
use rust_decimal::Decimal;

use crate::error::FreezeError;
use crate::legal::LegalBasis;

/// A stage of the freeze lifecycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FreezeState {
    /// An emergency stop-payment is in force, and the freeze request has not been made yet.
    EmergencyStop,
    /// A freeze was requested and waits for a supervisor's approval.
    Requested,
    /// Approved and in force until `expires_at`.
    Active,
    /// The account holder appealed; the freeze stays in force until the appeal is decided.
    AppealLodged,
    /// The freeze lapsed at its expiry time without renewal.
    Expired,
    /// The freeze was lifted, by a supervisor or by an appeal that succeeded.
    Released,
    /// Frozen funds were returned to named victims, which ends the hold on the accounts.
    /// Further returns from the same frozen amount may still be recorded.
    ReturnedToVictims,
}

impl FreezeState {
    /// Every state, in lifecycle order.
    pub const ALL: [FreezeState; 7] = [
        FreezeState::EmergencyStop,
        FreezeState::Requested,
        FreezeState::Active,
        FreezeState::AppealLodged,
        FreezeState::Expired,
        FreezeState::Released,
        FreezeState::ReturnedToVictims,
    ];

    /// The stored name, such as `appeal_lodged`.
    pub fn as_str(&self) -> &'static str {
        match self {
            FreezeState::EmergencyStop => "emergency_stop",
            FreezeState::Requested => "requested",
            FreezeState::Active => "active",
            FreezeState::AppealLodged => "appeal_lodged",
            FreezeState::Expired => "expired",
            FreezeState::Released => "released",
            FreezeState::ReturnedToVictims => "returned_to_victims",
        }
    }

    /// Checks whether debits from the accounts are held in this state.
    ///
    /// A requested freeze holds nothing yet, because only approval makes it take effect.
    /// An emergency stop-payment holds debits from the moment it is ordered.
    pub fn holds_debits(&self) -> bool {
        matches!(self, FreezeState::EmergencyStop | FreezeState::Active | FreezeState::AppealLodged)
    }
}

impl fmt::Display for FreezeState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for FreezeState {
    type Err = FreezeError;

    fn from_str(text: &str) -> Result<FreezeState, FreezeError> {
        FreezeState::ALL
            .into_iter()
            .find(|state| state.as_str() == text)
            .ok_or_else(|| FreezeError::UnknownState(text.to_owned()))
    }
}

/// The fields an emergency stop or a freeze request must state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FreezeRequest {
    /// The accounts to freeze; at least one.
    pub accounts: Vec<AccountKey>,
    /// The amount to freeze, exact and greater than zero.
    pub amount: Money,
    /// The provision the freeze rests on.
    pub legal_basis: LegalBasis,
    /// The case the freeze belongs to.
    pub case_reference: String,
    /// Why the accounts are frozen, as stated to the account holder.
    pub reason: String,
}

/// Money returned from the frozen funds to one victim.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FundReturn {
    /// The victim's name as written in the case file.
    pub victim: String,
    /// The amount returned, in the freeze's currency.
    pub amount: Decimal,
    /// When the return was recorded.
    pub returned_at: DateTime<Utc>,
}

/// An appeal by the account holder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Appeal {
    /// Who appealed, as written in the appeal.
    pub appellant: String,
    /// The grounds stated.
    pub grounds: String,
    /// When it was lodged.
    pub lodged_at: DateTime<Utc>,
    /// `Some(true)` when the freeze was upheld, `Some(false)` when overturned,
    /// `None` until decided.
    pub upheld: Option<bool>,
}

/// One freeze order over one or more accounts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Freeze {
    /// The freeze id, unique per node.
    pub id: String,
    /// The current state.
    pub state: FreezeState,
    /// The accounts, amount, legal basis, case and reason.
    pub request: FreezeRequest,
    /// The user who ordered the emergency stop or requested the freeze.
    pub requested_by: String,
    /// The supervisor who approved it.
    pub approved_by: Option<String>,
    /// When the freeze was created.
    pub created_at: DateTime<Utc>,
    /// When an emergency stop-payment was ordered, if the freeze began with one.
    pub stopped_at: Option<DateTime<Utc>>,
    /// When it was approved.
    pub activated_at: Option<DateTime<Utc>>,
    /// When it lapses unless renewed; set on approval and on each renewal.
    pub expires_at: Option<DateTime<Utc>>,
    /// Returns to victims, in the order recorded.
    pub returns: Vec<FundReturn>,
    /// The latest appeal.
    pub appeal: Option<Appeal>,
}

impl Freeze {
    /// Checks whether debits from the accounts are held now: in the states of
    /// [`FreezeState::holds_debits`], and while a request that followed an emergency
    /// stop waits for approval, so that the stop does not lapse in between.
    pub fn holds_debits(&self) -> bool {
        self.state.holds_debits() || (self.state == FreezeState::Requested && self.stopped_at.is_some())
    }

    /// Sums the amounts returned to victims so far.
    pub fn total_returned(&self) -> Decimal {
        self.returns.iter().map(|fund_return| fund_return.amount).sum()
    }
}
