//! Conversion between [`Freeze`] and the records of [`mekong_store::freeze`].
//!
//! Invariant: `freeze_from_record(&freeze_to_record(f))` returns `f`.

use std::str::FromStr;

use mekong_core::{AccountKey, Currency, Money};
use mekong_store::freeze::{FreezeRecord, FreezeReturnRecord, FreezeTransitionRecord};

use crate::error::FreezeError;
use crate::freeze::{Appeal, Freeze, FreezeRequest, FreezeState, FundReturn};
use crate::legal::LegalBasis;
use crate::transition::TransitionRecord;

/// Converts a freeze to the record the store keeps.
pub fn freeze_to_record(freeze: &Freeze) -> FreezeRecord {
    let appeal = freeze.appeal.as_ref();
    FreezeRecord {
        id: freeze.id.clone(),
        state: freeze.state.as_str().to_owned(),
        accounts: freeze.request.accounts.iter().map(|account| account.as_str().to_owned()).collect(),
        amount: freeze.request.amount.amount,
        currency: freeze.request.amount.currency.code().to_owned(),
        legal_basis: freeze.request.legal_basis.as_str().to_owned(),
        case_reference: freeze.request.case_reference.clone(),
        reason: freeze.request.reason.clone(),
        requested_by: freeze.requested_by.clone(),
        approved_by: freeze.approved_by.clone(),
        created_at: freeze.created_at,
        stopped_at: freeze.stopped_at,
        activated_at: freeze.activated_at,
        expires_at: freeze.expires_at,
        appellant: appeal.map(|appeal| appeal.appellant.clone()),
        appeal_grounds: appeal.map(|appeal| appeal.grounds.clone()),
        appeal_lodged_at: appeal.map(|appeal| appeal.lodged_at),
        appeal_upheld: appeal.and_then(|appeal| appeal.upheld),
        returns: freeze
            .returns
            .iter()
            .map(|fund_return| FreezeReturnRecord {
                victim: fund_return.victim.clone(),
                amount: fund_return.amount,
                returned_at: fund_return.returned_at,
            })
            .collect(),
    }
}

/// Reads a freeze back from its stored record.
pub fn freeze_from_record(record: &FreezeRecord) -> Result<Freeze, FreezeError> {
    let currency = Currency::from_str(&record.currency)
        .map_err(|error| FreezeError::Corrupt(format!("currency of freeze {}: {error}", record.id)))?;

    let appeal = match (&record.appellant, &record.appeal_grounds, record.appeal_lodged_at) {
        (Some(appellant), Some(grounds), Some(lodged_at)) => Some(Appeal {
            appellant: appellant.clone(),
            grounds: grounds.clone(),
            lodged_at,
            upheld: record.appeal_upheld,
        }),
        _ => None,
    };

    Ok(Freeze {
        id: record.id.clone(),
        state: FreezeState::from_str(&record.state)?,
        request: FreezeRequest {
            accounts: record.accounts.iter().map(|account| AccountKey::from_stored(account.clone())).collect(),
            amount: Money::new(record.amount, currency),
            legal_basis: LegalBasis::from_str(&record.legal_basis)?,
            case_reference: record.case_reference.clone(),
            reason: record.reason.clone(),
        },
        requested_by: record.requested_by.clone(),
        approved_by: record.approved_by.clone(),
        created_at: record.created_at,
        stopped_at: record.stopped_at,
        activated_at: record.activated_at,
        expires_at: record.expires_at,
        returns: record
            .returns
            .iter()
            .map(|fund_return| FundReturn {
                victim: fund_return.victim.clone(),
                amount: fund_return.amount,
                returned_at: fund_return.returned_at,
            })
            .collect(),
        appeal,
    })
}

/// Converts a transition to the history record the store keeps.
pub fn transition_to_record(record: &TransitionRecord) -> FreezeTransitionRecord {
    FreezeTransitionRecord {
        freeze_id: record.freeze_id.clone(),
        action: record.action.as_str().to_owned(),
        actor: record.actor.clone(),
        roles: record.roles.clone(),
        at: record.at,
        from_state: record.from.map(|state| state.as_str().to_owned()),
        to_state: record.to.as_str().to_owned(),
        reason: record.reason.clone(),
        description: record.description.clone(),
    }
}
