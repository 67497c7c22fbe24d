//! The transitions of a freeze posted from its page: request after an emergency
//! stop, approve, reject, renew, release, record returns to victims, record an
//! appeal and decide it.
//!
//! Invariants:
//! - every change goes through the transition functions of `mekong-freeze`, which
//!   check the state, the actor's roles and the four-eyes rule. A rejected
//!   transition changes nothing and shows the freeze again with a localised message;
//! - a transition is recorded in the audit trail, with the legal basis and case as
//!   its purpose, before it is stored, so an unaudited change never happens;
//! - a rejected transition is recorded too, under its action with outcome `denied`
//!   and a reason code (`four-eyes`, `forbidden`, `invalid-state`, `invalid-input`),
//!   before the page shows the rejection, so every decision is in the trail;
//! - a transition is stored with its bank notice, if banks must act on it, in one
//!   database transaction;
//! - after it is stored, the freeze's debit holds change in the node's pipeline, so
//!   the next payment out of an account under an approved freeze gets `hold`, and
//!   payments stop being held once it is lifted. Payments into the account are accepted.

use std::str::FromStr;

use axum::body::Bytes;
use axum::extract::{Extension, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use maud::{Markup, html};
use mekong_audit::{AuditEvent, FieldChange};
use mekong_auth::Action;
use mekong_core::i18n::Arg;
use mekong_freeze::transition::{
    Applied, allowed_from, approve, decide_appeal, lodge_appeal, release, renew, request_after_stop, return_funds,
};
use mekong_freeze::{Actor, Freeze, FreezeAction, FreezeError, apply_hold, store_transition};
use mekong_store::StoreError;
use rust_decimal::Decimal;

use super::freeze::{self, freeze_href, freeze_not_found, freeze_store};
use super::{PageError, form};
use crate::auth::Principal;
use crate::blocking;
use crate::error::WebError;
use crate::locale::Viewer;
use crate::state::AppState;

/// A transition a freeze page can post.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    RequestAfterStop,
    Approve,
    /// Reject a request: `mekong-freeze` releases the requested freeze.
    Reject,
    Renew,
    Release,
    ReturnFunds,
    LodgeAppeal,
    DecideAppeal,
}

impl Step {
    /// Returns the `mekong-freeze` action the step performs.
    fn action(self) -> FreezeAction {
        match self {
            Step::RequestAfterStop => FreezeAction::Request,
            Step::Approve => FreezeAction::Approve,
            Step::Reject | Step::Release => FreezeAction::Release,
            Step::Renew => FreezeAction::Renew,
            Step::ReturnFunds => FreezeAction::ReturnFunds,
            Step::LodgeAppeal => FreezeAction::LodgeAppeal,
            Step::DecideAppeal => FreezeAction::DecideAppeal,
        }
    }
}

/// Defines one handler per step. The route table gives every path its own
/// permission, so each step needs a function of its own. All of them call [`act`].
macro_rules! step_handlers {
    ($($(#[$doc:meta])* $name:ident => $step:ident;)+) => {
        $(
            $(#[$doc])*
            pub(crate) async fn $name(
                state: State<AppState>,
                viewer: Viewer,
                principal: Extension<Principal>,
                id: Path<String>,
                body: Bytes,
            ) -> Result<Response, PageError> {
                act(state, viewer, principal, id, body, Step::$step).await
            }
        )+
    };
}

step_handlers! {
    /// Handles `POST /freezes/{id}/request`.
    request_after_stop_form => RequestAfterStop;
    /// Handles `POST /freezes/{id}/approve`.
    approve_form => Approve;
    /// Handles `POST /freezes/{id}/reject`.
    reject_form => Reject;
    /// Handles `POST /freezes/{id}/renew`.
    renew_form => Renew;
    /// Handles `POST /freezes/{id}/release`.
    release_form => Release;
    /// Handles `POST /freezes/{id}/returns`.
    returns_form => ReturnFunds;
    /// Handles `POST /freezes/{id}/appeal`.
    appeal_form => LodgeAppeal;
    /// Handles `POST /freezes/{id}/appeal/decision`.
    decide_appeal_form => DecideAppeal;
}

/// Builds the `mekong-freeze` actor of a signed-in user; `None` for an API token.
pub(crate) fn actor_of(principal: &Principal) -> Option<Actor> {
    principal.session().map(|session| Actor::new(session.user.username.clone(), session.user.roles.clone()))
}

async fn act(
    State(state): State<AppState>,
    viewer: Viewer,
    Extension(principal): Extension<Principal>,
    Path(id): Path<String>,
    body: Bytes,
    step: Step,
) -> Result<Response, PageError> {
    let viewer = viewer.at_page(freeze_href(&id));
    let store = match freeze_store(&state, &viewer) {
        Ok(store) => store,
        Err(response) => return Ok(*response),
    };
    let Some(detail) = freeze::load(store.clone(), id.clone()).await.map_err(|error| PageError::new(&viewer, &state, error))? else {
        return Ok(freeze_not_found(&state, &viewer, &id));
    };
    let Some(actor) = actor_of(&principal) else {
        return Ok(super::forbidden_page(&viewer, &state.identity));
    };

    let fields = form::pairs(&body);
    let applied = match transition(&state, &viewer, &detail.freeze, &actor, step, &fields) {
        Ok(applied) => applied,
        Err(Refusal::Freeze(error)) => {
            tracing::info!(freeze_id = %id, action = %step.action(), %error, "freeze transition rejected");
            record_rejection(&state, &principal, &detail.freeze, step, rejection_reason(&error))
                .await
                .map_err(|error| PageError::new(&viewer, &state, error))?;

            let status = rejection_status(&error);
            return Ok(freeze::render(&state, &viewer, &detail, &[error_text(&viewer, &error)], status));
        }
        Err(Refusal::Form(message)) => {
            tracing::info!(freeze_id = %id, action = %step.action(), "freeze transition form invalid");
            record_rejection(&state, &principal, &detail.freeze, step, "invalid-input")
                .await
                .map_err(|error| PageError::new(&viewer, &state, error))?;

            return Ok(freeze::render(&state, &viewer, &detail, &[message], StatusCode::BAD_REQUEST));
        }
    };

    match apply(&state, &principal, &applied).await {
        Ok(()) => Ok(Redirect::to(&freeze_href(&id)).into_response()),
        Err(WebError::Store(StoreError::Conflict { .. })) => {
            // Someone else moved the freeze since the page was loaded.
            tracing::info!(freeze_id = %id, action = %step.action(), "freeze changed meanwhile");
            let fresh = freeze::load(store, id.clone()).await.map_err(|error| PageError::new(&viewer, &state, error))?;
            let Some(fresh) = fresh else {
                return Ok(freeze_not_found(&state, &viewer, &id));
            };
            Ok(freeze::render(&state, &viewer, &fresh, &[viewer.text("web-freeze-error-conflict")], StatusCode::CONFLICT))
        }
        Err(error) => Err(PageError::new(&viewer, &state, error)),
    }
}

/// The cause of a posted transition that did not happen.
enum Refusal {
    /// `mekong-freeze` rejected it.
    Freeze(FreezeError),
    /// The form could not be read, with the localised message.
    Form(String),
}

impl From<FreezeError> for Refusal {
    fn from(error: FreezeError) -> Refusal {
        Refusal::Freeze(error)
    }
}

fn transition(
    state: &AppState,
    viewer: &Viewer,
    freeze: &Freeze,
    actor: &Actor,
    step: Step,
    fields: &[(String, String)],
) -> Result<Applied, Refusal> {
    let now = Utc::now();
    let reason = form::field(fields, "reason");
    let config = &state.freeze_config;

    let applied = match step {
        Step::RequestAfterStop => request_after_stop(freeze, actor, now, reason)?,
        Step::Approve => approve(freeze, actor, now, config, reason)?,
        Step::Reject => {
            // Only a request waits for a decision; a release of anything else is the release form.
            if freeze.state != mekong_freeze::FreezeState::Requested {
                return Err(Refusal::Freeze(FreezeError::InvalidState { action: FreezeAction::Release, state: freeze.state }));
            }
            release(freeze, actor, now, reason)?
        }
        Step::Renew => renew(freeze, actor, now, config, reason)?,
        Step::Release => release(freeze, actor, now, reason)?,
        Step::ReturnFunds => {
            let returns = parse_returns(form::field(fields, "returns")).map_err(|line| {
                Refusal::Form(viewer.text_with("web-freeze-error-returns-line", &[("line", Arg::Text(&line))]))
            })?;
            return_funds(freeze, actor, now, &returns, reason)?
        }
        Step::LodgeAppeal => lodge_appeal(freeze, actor, now, form::field(fields, "appellant"), form::field(fields, "grounds"))?,
        Step::DecideAppeal => {
            let upheld = match form::field(fields, "outcome") {
                "upheld" => true,
                "overturned" => false,
                _ => return Err(Refusal::Freeze(FreezeError::Missing("outcome"))),
            };
            decide_appeal(freeze, actor, now, upheld, reason)?
        }
    };
    Ok(applied)
}

/// Parses returns written one per line as `NAME = AMOUNT`; an unreadable line is
/// returned as the error.
fn parse_returns(text: &str) -> Result<Vec<(String, Decimal)>, String> {
    let mut returns = Vec::new();
    for line in text.lines().map(str::trim).filter(|line| !line.is_empty()) {
        let parsed = line
            .rsplit_once('=')
            .and_then(|(name, amount)| Decimal::from_str(amount.trim()).ok().map(|amount| (name.trim().to_owned(), amount)));
        match parsed {
            Some(entry) => returns.push(entry),
            None => return Err(line.to_owned()),
        }
    }
    Ok(returns)
}

/// Records a transition in the audit trail, stores it and applies its effect on the
/// running monitor, in that order.
pub(crate) async fn apply(state: &AppState, principal: &Principal, applied: &Applied) -> Result<(), WebError> {
    let Some(store) = state.freezes.clone() else {
        return Err(WebError::Freeze(FreezeError::Missing("freeze store")));
    };
    let freeze = &applied.freeze;
    let record = &applied.record;

    let event = AuditEvent {
        actor: principal.actor(&state.identity.agency),
        action: record.action.as_str().to_owned(),
        object_type: Some("freeze".to_owned()),
        object_id: Some(freeze.id.clone()),
        changes: vec![
            FieldChange {
                field: "state".to_owned(),
                old: record.from.map(|state| state.as_str().to_owned()),
                new: Some(record.to.as_str().to_owned()),
            },
            FieldChange { field: "description".to_owned(), old: None, new: Some(record.description.clone()) },
        ],
        purpose: Some(format!("{}; case {}", freeze.request.legal_basis.source(), freeze.request.case_reference)),
        source: None,
    };
    let auditor = state.auditor.clone();
    blocking::run(move || auditor.record(event)).await.inspect_err(|error| {
        tracing::error!(%error, freeze_id = %freeze.id, "audit record of a freeze transition failed");
    })?;

    let stored = applied.clone();
    blocking::run(move || store_transition(store.as_ref(), &stored)).await?;

    let pipeline = state.pipeline.clone();
    let after = freeze.clone();
    let held = tokio::task::spawn_blocking(move || apply_hold(&after, pipeline.as_ref())).await?;
    if let Err(error) = held {
        // NOTE: the transition is stored but the pipeline's holds are not in step;
        // they are installed again from the store when the node restarts.
        tracing::error!(%error, freeze_id = %freeze.id, "freeze stored but the debit hold failed to change");
        return Err(WebError::Freeze(FreezeError::Corrupt(format!("debit hold change failed: {error}"))));
    }

    tracing::info!(freeze_id = %freeze.id, action = %record.action, to = %record.to, "freeze transition applied");
    Ok(())
}

/// Records a rejected transition in the audit trail with outcome `denied`, the
/// reason code and the freeze's state, which did not change.
async fn record_rejection(
    state: &AppState,
    principal: &Principal,
    freeze: &Freeze,
    step: Step,
    reason: &'static str,
) -> Result<(), WebError> {
    let event = AuditEvent {
        actor: principal.actor(&state.identity.agency),
        action: step.action().as_str().to_owned(),
        object_type: Some("freeze".to_owned()),
        object_id: Some(freeze.id.clone()),
        changes: vec![
            FieldChange { field: "outcome".to_owned(), old: None, new: Some("denied".to_owned()) },
            FieldChange { field: "reason".to_owned(), old: None, new: Some(reason.to_owned()) },
            FieldChange { field: "state".to_owned(), old: Some(freeze.state.as_str().to_owned()), new: None },
        ],
        purpose: Some(format!("{}; case {}", freeze.request.legal_basis.source(), freeze.request.case_reference)),
        source: None,
    };

    let auditor = state.auditor.clone();
    let freeze_id = freeze.id.clone();
    blocking::run(move || auditor.record(event)).await.inspect_err(|error| {
        tracing::error!(%error, %freeze_id, "audit record of a rejected freeze transition failed");
    })?;
    Ok(())
}

/// Returns the reason code audited for a rejected transition.
fn rejection_reason(error: &FreezeError) -> &'static str {
    match error {
        FreezeError::FourEyes { .. } => "four-eyes",
        FreezeError::Forbidden { .. } => "forbidden",
        FreezeError::InvalidState { .. } => "invalid-state",
        _ => "invalid-input",
    }
}

fn rejection_status(error: &FreezeError) -> StatusCode {
    match error {
        FreezeError::Forbidden { .. } | FreezeError::FourEyes { .. } => StatusCode::FORBIDDEN,
        FreezeError::InvalidState { .. } => StatusCode::CONFLICT,
        _ => StatusCode::BAD_REQUEST,
    }
}

/// Returns the localised message of a rejected transition.
pub(crate) fn error_text(viewer: &Viewer, error: &FreezeError) -> String {
    match error {
        FreezeError::InvalidState { state, .. } => {
            viewer.text_with("web-freeze-error-state", &[("state", Arg::Text(&freeze::state_name(viewer.locale, *state)))])
        }
        FreezeError::Forbidden { required, .. } => {
            viewer.text_with("web-freeze-error-forbidden", &[("required", Arg::Text(required))])
        }
        FreezeError::FourEyes { .. } => viewer.text("web-freeze-error-four-eyes"),
        FreezeError::Missing(field) => {
            let label = match *field {
                "accounts" => viewer.text("freeze-field-accounts"),
                "case reference" => viewer.text("freeze-field-case"),
                "reason" => viewer.text("freeze-field-reason"),
                "victim name" => viewer.text("web-freeze-victim"),
                "victims and amounts" => viewer.text("web-freeze-returns-label"),
                "appellant" => viewer.text("web-freeze-appellant"),
                "grounds" => viewer.text("web-freeze-grounds"),
                "outcome" => viewer.text("web-freeze-appeal-decision"),
                other => other.to_owned(),
            };
            viewer.text_with("web-freeze-error-missing", &[("field", Arg::Text(&label))])
        }
        FreezeError::InvalidAmount(amount) => {
            viewer.text_with("web-freeze-error-amount", &[("amount", Arg::Text(&amount.to_string()))])
        }
        FreezeError::ReturnExceedsFrozen { frozen, returned, requested } => viewer.text_with(
            "web-freeze-error-return-exceeds",
            &[
                ("frozen", Arg::Text(&frozen.to_string())),
                ("returned", Arg::Text(&returned.to_string())),
                ("requested", Arg::Text(&requested.to_string())),
            ],
        ),
        FreezeError::UnknownLegalBasis(_) => viewer.text("web-freeze-error-basis"),
        FreezeError::NotDue | FreezeError::UnknownState(_) | FreezeError::Corrupt(_) => viewer.text("web-error-text"),
    }
}

/// Renders the forms of the transitions the freeze's state allows and the viewer's
/// permissions grant.
pub(crate) fn forms(viewer: &Viewer, freeze: &Freeze) -> Markup {
    let possible = |action: FreezeAction| allowed_from(action).contains(&freeze.state);
    let requester = viewer.may(Action::RequestFreeze);
    let supervisor = viewer.may(Action::ApproveFreeze);
    let base = freeze_href(&freeze.id);
    let reason_field = html! {
        label { (viewer.text("freeze-field-reason"))
            textarea name="reason" rows="2" maxlength="2000" required {}
        }
    };

    html! {
        section #freeze-actions {
            h2 { (viewer.text("web-freeze-actions")) }
            @if requester && possible(FreezeAction::Request) {
                form.card #form-request method="post" action=(format!("{base}/request")) {
                    (viewer.csrf_field())
                    h3 { (viewer.text("web-freeze-request-after-stop")) }
                    (reason_field)
                    button type="submit" { (viewer.text("web-freeze-request-after-stop")) }
                }
            }
            @if supervisor && possible(FreezeAction::Approve) {
                form.card #form-approve method="post" action=(format!("{base}/approve")) {
                    (viewer.csrf_field())
                    h3 { (viewer.text("web-freeze-approve")) }
                    p.hint { (viewer.text("web-freeze-four-eyes-hint")) }
                    (reason_field)
                    button type="submit" { (viewer.text("web-freeze-approve")) }
                }
                form.card #form-reject method="post" action=(format!("{base}/reject")) {
                    (viewer.csrf_field())
                    h3 { (viewer.text("web-freeze-reject")) }
                    (reason_field)
                    button type="submit" { (viewer.text("web-freeze-reject")) }
                }
            }
            @if supervisor && possible(FreezeAction::Renew) {
                form.card #form-renew method="post" action=(format!("{base}/renew")) {
                    (viewer.csrf_field())
                    h3 { (viewer.text("web-freeze-renew")) }
                    (reason_field)
                    button type="submit" { (viewer.text("web-freeze-renew")) }
                }
            }
            @if supervisor && possible(FreezeAction::Release) && freeze.state != mekong_freeze::FreezeState::Requested {
                form.card #form-release method="post" action=(format!("{base}/release")) {
                    (viewer.csrf_field())
                    h3 { (viewer.text("web-freeze-release")) }
                    (reason_field)
                    button type="submit" { (viewer.text("web-freeze-release")) }
                }
            }
            @if supervisor && possible(FreezeAction::ReturnFunds) {
                form.card #form-returns method="post" action=(format!("{base}/returns")) {
                    (viewer.csrf_field())
                    h3 { (viewer.text("web-freeze-return-funds")) }
                    label { (viewer.text("web-freeze-returns-label"))
                        textarea name="returns" rows="3" placeholder="Zhang San = 3000.00" required {}
                    }
                    (reason_field)
                    button type="submit" { (viewer.text("web-freeze-return-funds")) }
                }
            }
            @if requester && possible(FreezeAction::LodgeAppeal) {
                form.card #form-appeal method="post" action=(format!("{base}/appeal")) {
                    (viewer.csrf_field())
                    h3 { (viewer.text("web-freeze-lodge-appeal")) }
                    label { (viewer.text("web-freeze-appellant")) input type="text" name="appellant" maxlength="200" required; }
                    label { (viewer.text("web-freeze-grounds")) textarea name="grounds" rows="2" maxlength="2000" required {} }
                    button type="submit" { (viewer.text("web-freeze-lodge-appeal")) }
                }
            }
            @if supervisor && possible(FreezeAction::DecideAppeal) {
                form.card #form-decide method="post" action=(format!("{base}/appeal/decision")) {
                    (viewer.csrf_field())
                    h3 { (viewer.text("web-freeze-decide-appeal")) }
                    label.check { input type="radio" name="outcome" value="upheld" required; (viewer.text("web-freeze-appeal-upheld")) }
                    label.check { input type="radio" name="outcome" value="overturned"; (viewer.text("web-freeze-appeal-overturned")) }
                    (reason_field)
                    button type="submit" { (viewer.text("web-freeze-decide-appeal")) }
                }
            }
        }
    }
}
