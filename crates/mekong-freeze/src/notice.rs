//! Notices to banks: which freeze changes banks must act on, and the JSON body sent
//! to the bank endpoint through the outbox.
//!
//! Invariant: a notice carries the freeze id, accounts, amounts, legal basis, case
//! reference, state and times, and never a personal name: the reason, the appellant
//! and the victims' names stay out of it.

use chrono::{DateTime, Utc};
use mekong_store::StoreError;
use mekong_store::freeze::FreezeStore;
use mekong_store::outbox::NewBankNotice;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::freeze::FreezeState;
use crate::permission::FreezeAction;
use crate::persist::{freeze_to_record, transition_to_record};
use crate::transition::Applied;

/// The version of the notice body; a change to its fields increments it.
pub const NOTICE_FORMAT_VERSION: u32 = 1;

/// The JSON body of a bank notice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BankNotice {
    /// [`NOTICE_FORMAT_VERSION`].
    pub format_version: u32,
    /// The freeze id.
    pub freeze_id: String,
    /// The freeze state after the change, such as `active` or `expired`.
    pub state: String,
    /// The transition, such as `freeze.renew`.
    pub action: String,
    /// Whether the bank must hold debits from the accounts from now on.
    pub hold_debits: bool,
    /// The accounts as `BANK/NUMBER` keys.
    pub accounts: Vec<String>,
    /// The frozen amount, as an exact decimal string.
    #[serde(with = "rust_decimal::serde::str")]
    pub amount: Decimal,
    /// The ISO 4217 code of the amounts.
    pub currency: String,
    /// The total returned to victims so far, as an exact decimal string.
    #[serde(with = "rust_decimal::serde::str")]
    pub returned: Decimal,
    /// The legal basis name, such as `cn-atof-20`.
    pub legal_basis: String,
    /// The provision in words, such as the law and article.
    pub legal_source: String,
    /// The case reference.
    pub case_reference: String,
    /// When the freeze changed, RFC 3339.
    pub changed_at: DateTime<Utc>,
    /// When the freeze lapses unless renewed, RFC 3339.
    pub expires_at: Option<DateTime<Utc>>,
}

/// Returns the notice banks need for a transition, or `None` when banks have nothing
/// to change: a request, an appeal, an upheld appeal, or lifting a request that never
/// held debits.
pub fn bank_notice(applied: &Applied) -> Option<BankNotice> {
    let freeze = &applied.freeze;
    let record = &applied.record;
    let held_before = match record.from {
        None => false,
        Some(FreezeState::Requested) => freeze.stopped_at.is_some(),
        Some(state) => state.holds_debits(),
    };

    let concerns_banks = match record.action {
        FreezeAction::EmergencyStop | FreezeAction::Approve | FreezeAction::Renew => true,
        FreezeAction::Release | FreezeAction::Expire => held_before,
        FreezeAction::ReturnFunds => true,
        FreezeAction::DecideAppeal => record.to == FreezeState::Released,
        FreezeAction::Request | FreezeAction::LodgeAppeal => false,
    };
    if !concerns_banks {
        return None;
    }

    Some(BankNotice {
        format_version: NOTICE_FORMAT_VERSION,
        freeze_id: freeze.id.clone(),
        state: freeze.state.as_str().to_owned(),
        action: record.action.as_str().to_owned(),
        hold_debits: freeze.holds_debits(),
        accounts: freeze.request.accounts.iter().map(|account| account.as_str().to_owned()).collect(),
        amount: freeze.request.amount.amount,
        currency: freeze.request.amount.currency.code().to_owned(),
        returned: freeze.total_returned(),
        legal_basis: freeze.request.legal_basis.as_str().to_owned(),
        legal_source: freeze.request.legal_basis.source().to_owned(),
        case_reference: freeze.request.case_reference.clone(),
        changed_at: record.at,
        expires_at: freeze.expires_at,
    })
}

/// Stores a transition and, in the same database transaction, the bank notice it
/// needs, if any. Every caller that stores a transition goes through this function.
pub fn store_transition(store: &dyn FreezeStore, applied: &Applied) -> Result<(), StoreError> {
    let notice = match bank_notice(applied) {
        Some(notice) => {
            let payload = serde_json::to_string(&notice)
                .map_err(|error| StoreError::Corrupt { what: "bank notice", detail: error.to_string() })?;
            Some(NewBankNotice {
                freeze_id: notice.freeze_id,
                state: notice.state,
                payload,
                created_at: notice.changed_at,
            })
        }
        None => None,
    };

    store.record_freeze_transition_with_notice(
        &freeze_to_record(&applied.freeze),
        &transition_to_record(&applied.record),
        notice.as_ref(),
    )?;
    if notice.is_some() {
        tracing::info!(freeze_id = %applied.freeze.id, action = %applied.record.action, "bank notice queued");
    }
    Ok(())
}
