//! The transitions of the freeze lifecycle, each a function from the current freeze
//! to the next one plus a record for the audit trail.
//!
//! Every function checks, in this order: that the transition is defined from the
//! current state ([`allowed_from`]), that the actor has a granted role, the four-eyes
//! rule where it applies, and the required fields. On any failure nothing changes.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

use crate::error::FreezeError;
use crate::expiry::FreezeConfig;
use crate::freeze::{Appeal, Freeze, FreezeRequest, FreezeState, FundReturn};
use crate::permission::{Actor, FreezeAction, granted_roles};

/// A transition that happened: the freeze after it and what to audit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    /// The freeze after the transition.
    pub freeze: Freeze,
    /// The history and audit record of the transition.
    pub record: TransitionRecord,
}

/// One step of a freeze's history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransitionRecord {
    /// The freeze id.
    pub freeze_id: String,
    /// The transition.
    pub action: FreezeAction,
    /// The acting user, or `system` for expiry.
    pub actor: String,
    /// The actor's roles, comma-separated.
    pub roles: String,
    /// When it happened.
    pub at: DateTime<Utc>,
    /// The state before; `None` when the transition created the freeze.
    pub from: Option<FreezeState>,
    /// The state after.
    pub to: FreezeState,
    /// The reason the actor gave.
    pub reason: String,
    /// A one-line description for the audit trail, without personal data.
    pub description: String,
}

/// Returns the states a transition is defined from. Creating transitions
/// ([`FreezeAction::EmergencyStop`], and [`FreezeAction::Request`] through [`request`])
/// start from no freeze at all.
pub fn allowed_from(action: FreezeAction) -> &'static [FreezeState] {
    use FreezeState::*;

    match action {
        FreezeAction::EmergencyStop => &[],
        FreezeAction::Request => &[EmergencyStop],
        FreezeAction::Approve => &[Requested],
        FreezeAction::Renew => &[Active],
        FreezeAction::Release => &[EmergencyStop, Requested, Active],
        FreezeAction::ReturnFunds => &[Active, ReturnedToVictims],
        FreezeAction::LodgeAppeal => &[Active],
        FreezeAction::DecideAppeal => &[AppealLodged],
        FreezeAction::Expire => &[Active, AppealLodged],
    }
}

fn check_role(action: FreezeAction, actor: &Actor) -> Result<(), FreezeError> {
    if actor.may(action) {
        return Ok(());
    }
    let required = granted_roles(action).iter().map(|role| role.as_str()).collect::<Vec<_>>().join(", ");
    Err(FreezeError::Forbidden { user: actor.username.clone(), action, required })
}

fn check(freeze: &Freeze, action: FreezeAction, actor: &Actor) -> Result<(), FreezeError> {
    if !allowed_from(action).contains(&freeze.state) {
        return Err(FreezeError::InvalidState { action, state: freeze.state });
    }
    check_role(action, actor)
}

fn require_text(value: &str, field: &'static str) -> Result<String, FreezeError> {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return Err(FreezeError::Missing(field));
    }
    Ok(trimmed.to_owned())
}

fn validate_request(request: &FreezeRequest) -> Result<FreezeRequest, FreezeError> {
    if request.accounts.is_empty() {
        return Err(FreezeError::Missing("accounts"));
    }
    if request.amount.amount <= Decimal::ZERO {
        return Err(FreezeError::InvalidAmount(request.amount.amount));
    }

    let mut accounts = request.accounts.clone();
    accounts.sort();
    accounts.dedup();

    Ok(FreezeRequest {
        accounts,
        amount: request.amount,
        legal_basis: request.legal_basis,
        case_reference: require_text(&request.case_reference, "case reference")?,
        reason: require_text(&request.reason, "reason")?,
    })
}

fn finish(
    before: Option<&Freeze>,
    after: Freeze,
    action: FreezeAction,
    actor: &Actor,
    at: DateTime<Utc>,
    reason: String,
    description: String,
) -> Applied {
    let record = TransitionRecord {
        freeze_id: after.id.clone(),
        action,
        actor: actor.username.clone(),
        roles: actor.role_names(),
        at,
        from: before.map(|freeze| freeze.state),
        to: after.state,
        reason,
        description,
    };
    tracing::info!(freeze_id = %record.freeze_id, action = %action, actor = %record.actor, to = %record.to, "freeze transition");
    Applied { freeze: after, record }
}

fn create(
    id: &str,
    request: &FreezeRequest,
    actor: &Actor,
    now: DateTime<Utc>,
    action: FreezeAction,
) -> Result<Applied, FreezeError> {
    check_role(action, actor)?;
    let id = require_text(id, "freeze id")?;
    let request = validate_request(request)?;

    let state = match action {
        FreezeAction::EmergencyStop => FreezeState::EmergencyStop,
        _ => FreezeState::Requested,
    };
    let freeze = Freeze {
        id,
        state,
        requested_by: actor.username.clone(),
        approved_by: None,
        created_at: now,
        stopped_at: (state == FreezeState::EmergencyStop).then_some(now),
        activated_at: None,
        expires_at: None,
        returns: Vec::new(),
        appeal: None,
        request,
    };

    let description = format!(
        "{} of {} account(s), {} under {}, case {}",
        action,
        freeze.request.accounts.len(),
        freeze.request.amount,
        freeze.request.legal_basis.source(),
        freeze.request.case_reference
    );
    let reason = freeze.request.reason.clone();
    Ok(finish(None, freeze, action, actor, now, reason, description))
}

/// Orders an emergency stop-payment, which creates a freeze that holds debits at once.
pub fn emergency_stop(id: &str, request: &FreezeRequest, actor: &Actor, now: DateTime<Utc>) -> Result<Applied, FreezeError> {
    create(id, request, actor, now, FreezeAction::EmergencyStop)
}

/// Requests a new freeze, which waits for a supervisor's approval.
pub fn request(id: &str, request: &FreezeRequest, actor: &Actor, now: DateTime<Utc>) -> Result<Applied, FreezeError> {
    create(id, request, actor, now, FreezeAction::Request)
}

/// Turns an emergency stop-payment into a freeze request. The requester becomes the
/// user who may not approve.
pub fn request_after_stop(freeze: &Freeze, actor: &Actor, now: DateTime<Utc>, reason: &str) -> Result<Applied, FreezeError> {
    check(freeze, FreezeAction::Request, actor)?;
    let reason = require_text(reason, "reason")?;

    let mut after = freeze.clone();
    after.state = FreezeState::Requested;
    after.requested_by = actor.username.clone();

    let description = format!("freeze {} requested after emergency stop", after.id);
    Ok(finish(Some(freeze), after, FreezeAction::Request, actor, now, reason, description))
}

/// Approves a requested freeze: it becomes active until `now` plus the configured period.
///
/// Four-eyes: the approver must hold `supervisor` and must not be the requester.
pub fn approve(
    freeze: &Freeze,
    actor: &Actor,
    now: DateTime<Utc>,
    config: &FreezeConfig,
    reason: &str,
) -> Result<Applied, FreezeError> {
    check(freeze, FreezeAction::Approve, actor)?;
    if actor.username == freeze.requested_by {
        return Err(FreezeError::FourEyes { user: actor.username.clone() });
    }
    let reason = require_text(reason, "reason")?;

    let mut after = freeze.clone();
    after.state = FreezeState::Active;
    after.approved_by = Some(actor.username.clone());
    after.activated_at = Some(now);
    after.expires_at = Some(config.expiry_after(now));

    let description = format!("freeze {} approved, active until {}", after.id, config.expiry_after(now).to_rfc3339());
    Ok(finish(Some(freeze), after, FreezeAction::Approve, actor, now, reason, description))
}

/// Extends an active freeze by one period from its current expiry time.
pub fn renew(
    freeze: &Freeze,
    actor: &Actor,
    now: DateTime<Utc>,
    config: &FreezeConfig,
    reason: &str,
) -> Result<Applied, FreezeError> {
    check(freeze, FreezeAction::Renew, actor)?;
    let reason = require_text(reason, "reason")?;

    let base = freeze.expires_at.map_or(now, |expires_at| expires_at.max(now));
    let expires_at = config.expiry_after(base);
    let mut after = freeze.clone();
    after.expires_at = Some(expires_at);

    let description = format!("freeze {} renewed until {}", after.id, expires_at.to_rfc3339());
    Ok(finish(Some(freeze), after, FreezeAction::Renew, actor, now, reason, description))
}

/// Lifts a freeze or an emergency stop.
pub fn release(freeze: &Freeze, actor: &Actor, now: DateTime<Utc>, reason: &str) -> Result<Applied, FreezeError> {
    check(freeze, FreezeAction::Release, actor)?;
    let reason = require_text(reason, "reason")?;

    let mut after = freeze.clone();
    after.state = FreezeState::Released;

    let description = format!("freeze {} released", after.id);
    Ok(finish(Some(freeze), after, FreezeAction::Release, actor, now, reason, description))
}

/// Records returns of frozen funds to named victims. The total returned, with these
/// returns, must not exceed the frozen amount. Further returns may follow.
pub fn return_funds(
    freeze: &Freeze,
    actor: &Actor,
    now: DateTime<Utc>,
    returns: &[(String, Decimal)],
    reason: &str,
) -> Result<Applied, FreezeError> {
    check(freeze, FreezeAction::ReturnFunds, actor)?;
    if returns.is_empty() {
        return Err(FreezeError::Missing("victims and amounts"));
    }
    let reason = require_text(reason, "reason")?;

    let mut recorded = Vec::with_capacity(returns.len());
    for (victim, amount) in returns {
        let victim = require_text(victim, "victim name")?;
        if *amount <= Decimal::ZERO {
            return Err(FreezeError::InvalidAmount(*amount));
        }
        recorded.push(FundReturn { victim, amount: *amount, returned_at: now });
    }

    let frozen = freeze.request.amount.amount;
    let returned = freeze.total_returned();
    let requested: Decimal = recorded.iter().map(|fund_return| fund_return.amount).sum();
    if returned + requested > frozen {
        return Err(FreezeError::ReturnExceedsFrozen { frozen, returned, requested });
    }

    let mut after = freeze.clone();
    after.state = FreezeState::ReturnedToVictims;
    after.returns.extend(recorded);

    let description = format!(
        "freeze {}: {} {} returned to {} victim(s), {} {} in total",
        after.id,
        requested,
        after.request.amount.currency,
        returns.len(),
        after.total_returned(),
        after.request.amount.currency
    );
    Ok(finish(Some(freeze), after, FreezeAction::ReturnFunds, actor, now, reason, description))
}

/// Records an appeal by the account holder; the freeze stays in force until it is decided.
pub fn lodge_appeal(
    freeze: &Freeze,
    actor: &Actor,
    now: DateTime<Utc>,
    appellant: &str,
    grounds: &str,
) -> Result<Applied, FreezeError> {
    check(freeze, FreezeAction::LodgeAppeal, actor)?;
    let appellant = require_text(appellant, "appellant")?;
    let grounds = require_text(grounds, "grounds")?;

    let mut after = freeze.clone();
    after.state = FreezeState::AppealLodged;
    after.appeal = Some(Appeal { appellant, grounds: grounds.clone(), lodged_at: now, upheld: None });

    let description = format!("appeal lodged against freeze {}", after.id);
    Ok(finish(Some(freeze), after, FreezeAction::LodgeAppeal, actor, now, grounds, description))
}

/// Decides a lodged appeal: upheld keeps the freeze active, overturned releases it.
pub fn decide_appeal(
    freeze: &Freeze,
    actor: &Actor,
    now: DateTime<Utc>,
    upheld: bool,
    reason: &str,
) -> Result<Applied, FreezeError> {
    check(freeze, FreezeAction::DecideAppeal, actor)?;
    let reason = require_text(reason, "reason")?;

    let mut after = freeze.clone();
    after.state = if upheld { FreezeState::Active } else { FreezeState::Released };
    if let Some(appeal) = after.appeal.as_mut() {
        appeal.upheld = Some(upheld);
    }

    let outcome = if upheld { "upheld" } else { "overturned" };
    let description = format!("appeal against freeze {} decided: freeze {}", after.id, outcome);
    Ok(finish(Some(freeze), after, FreezeAction::DecideAppeal, actor, now, reason, description))
}

/// Lets a freeze lapse; fails with [`FreezeError::NotDue`] before its expiry time.
pub fn expire(freeze: &Freeze, now: DateTime<Utc>) -> Result<Applied, FreezeError> {
    if !allowed_from(FreezeAction::Expire).contains(&freeze.state) {
        return Err(FreezeError::InvalidState { action: FreezeAction::Expire, state: freeze.state });
    }
    let due = freeze.expires_at.is_some_and(|expires_at| expires_at <= now);
    if !due {
        return Err(FreezeError::NotDue);
    }

    let mut after = freeze.clone();
    after.state = FreezeState::Expired;

    let description = format!("freeze {} expired without renewal", after.id);
    let reason = "expiry period ended without renewal".to_owned();
    Ok(finish(Some(freeze), after, FreezeAction::Expire, &Actor::system(), now, reason, description))
}
