//! Turning a forward trace's accounts still holding traced money into freeze
//! requests: the list of those accounts with the form on the trace page, and
//! `POST /trace/freezes`, which creates one freeze request per account.
//!
//! Invariants: the handler traces again from the posted trace fields, so each
//! request's amount is what the node's stored transactions leave in the account,
//! never a number the browser sent; every request is created through `mekong-freeze` and
//! applied like the freeze screens' own ([`super::freeze_actions::apply`]: audited,
//! stored, then its hold applied), so each one waits for a supervisor's approval;
//! bad input creates nothing.

use std::str::FromStr;

use axum::body::Bytes;
use axum::extract::{Extension, State};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::Utc;
use maud::{Markup, html};
use mekong_core::i18n::Arg;
use mekong_core::{AccountKey, Money};
use mekong_freeze::transition::request;
use mekong_freeze::{FreezeRequest, LegalBasis};
use mekong_trace::{Direction, Trace};

use super::alert::account_link;
use super::freeze::{basis_name, freeze_href, freeze_store};
use super::freeze_actions::{actor_of, apply, error_text};
use super::trace::{TraceForm, render, run_audited, trace_error_text, validate};
use super::{PageError, error_box, form, html_response, layout};
use crate::auth::Principal;
use crate::display;
use crate::locale::Viewer;
use crate::state::AppState;

/// Maximum length of a freeze reason, in characters, as on the freeze form.
const MAX_REASON_CHARS: usize = 2000;

/// Renders the accounts still holding traced money and, if the viewer may request
/// freezes, the form that requests one freeze per account.
pub(crate) fn holding_section(viewer: &Viewer, typed: &TraceForm, trace: &Trace) -> Markup {
    let holding = trace.holding_accounts();
    html! {
        @if holding.is_empty() {
            p.muted #trace-holding-none { (viewer.text("trace-holding-none")) }
        } @else {
            (holding_table(viewer, &holding))
            @if viewer.may(mekong_auth::Action::RequestFreeze) {
                (freeze_form(viewer, typed, &[], "", ""))
            }
        }
    }
}

fn holding_table(viewer: &Viewer, holding: &[(AccountKey, Money)]) -> Markup {
    html! {
        table #trace-holding {
            thead {
                tr {
                    th { (viewer.text("web-col-account")) }
                    th.num { (viewer.text("web-trace-col-held")) }
                }
            }
            tbody {
                @for (account, amount) in holding {
                    tr data-account=(account.as_str()) {
                        td { (account_link(account)) }
                        td.num { (display::money(amount)) }
                    }
                }
            }
        }
    }
}

fn freeze_form(viewer: &Viewer, typed: &TraceForm, errors: &[String], legal_basis: &str, reason: &str) -> Markup {
    html! {
        form.card #trace-freeze method="post" action="/trace/freezes" {
            (viewer.csrf_field())
            @for (name, value) in typed.query_pairs() {
                input type="hidden" name=(name) value=(value);
            }
            (error_box(viewer, errors))
            p.hint { (viewer.text_with("web-trace-freeze-hint", &[("case", Arg::Text(&typed.case_reference))])) }
            label { (viewer.text("freeze-field-legal-basis"))
                select name="legal_basis" required {
                    @for basis in LegalBasis::ALL {
                        option value=(basis.as_str()) selected[legal_basis == basis.as_str()] { (basis_name(viewer.locale, basis)) }
                    }
                }
            }
            label { (viewer.text("freeze-field-reason"))
                textarea name="reason" rows="3" maxlength=(MAX_REASON_CHARS) required { (reason) }
            }
            div { button type="submit" { (viewer.text("web-trace-freeze-submit")) } }
        }
    }
}

/// Handles `POST /trace/freezes`.
pub(crate) async fn request_freezes(
    State(state): State<AppState>,
    viewer: Viewer,
    Extension(principal): Extension<Principal>,
    body: Bytes,
) -> Result<Response, PageError> {
    let viewer = viewer.at_page("/trace".to_owned());
    if let Err(response) = freeze_store(&state, &viewer) {
        return Ok(*response);
    }
    let Some(actor) = actor_of(&principal) else {
        return Ok(super::forbidden_page(&viewer, &state.identity));
    };
    if !viewer.may(mekong_auth::Action::TraceFunds) {
        return Ok(super::forbidden_page(&viewer, &state.identity));
    }

    let pairs = form::pairs(&body);
    let mut typed = TraceForm::from_pairs(&pairs);
    typed.run = true;
    let legal_basis_text = form::field(&pairs, "legal_basis");
    let reason = form::field(&pairs, "reason");

    let trace_request = match validate(&state, &viewer, &typed) {
        Ok(trace_request) => trace_request,
        Err(errors) => return Ok(render(&state, &viewer, &typed, None, &errors, StatusCode::BAD_REQUEST)),
    };
    let trace = match run_audited(&state, &principal, &trace_request, "freeze_requests").await {
        Ok(Ok(trace)) => trace,
        Ok(Err(error)) => {
            let errors = [trace_error_text(&viewer, &trace_request, &error)];
            return Ok(render(&state, &viewer, &typed, None, &errors, StatusCode::BAD_REQUEST));
        }
        Err(error) => return Err(PageError::new(&viewer, &state, error)),
    };

    let mut errors = Vec::new();
    let legal_basis = LegalBasis::from_str(legal_basis_text).ok();
    if legal_basis.is_none() {
        errors.push(viewer.text("web-freeze-error-basis"));
    }
    if reason.is_empty() || reason.chars().count() > MAX_REASON_CHARS {
        errors.push(viewer.text_with("web-freeze-error-missing", &[("field", Arg::Text(&viewer.text("freeze-field-reason")))]));
    }
    let holding = if trace.direction == Direction::Forward { trace.holding_accounts() } else { Vec::new() };
    if holding.is_empty() {
        errors.push(viewer.text("trace-holding-none"));
    }
    let Some(legal_basis) = legal_basis.filter(|_| errors.is_empty()) else {
        return Ok(render_rejected(&state, &viewer, &typed, &trace, &errors, legal_basis_text, reason));
    };

    let now = Utc::now();
    let stamp = now.format("%Y%m%dT%H%M%S%6fZ");
    let mut created = Vec::new();
    for (index, (account, amount)) in holding.iter().enumerate() {
        let freeze_request = FreezeRequest {
            accounts: vec![account.clone()],
            amount: *amount,
            legal_basis,
            case_reference: trace_request.case_reference.clone(),
            reason: reason.to_owned(),
        };
        let id = format!("FRZ-{stamp}-T{:02}", index + 1);
        let applied = match request(&id, &freeze_request, &actor, now) {
            Ok(applied) => applied,
            Err(error) => {
                tracing::info!(%error, freeze_id = %id, "freeze request from a trace rejected");
                errors.push(error_text(&viewer, &error));
                break;
            }
        };
        if let Err(error) = apply(&state, &principal, &applied).await {
            // The requests created so far stay; the page lists them with the failure.
            tracing::error!(%error, freeze_id = %id, "freeze request from a trace failed");
            errors.push(viewer.text("web-trace-freeze-failed"));
            break;
        }
        created.push((id, account.clone(), *amount));
    }

    tracing::info!(created = created.len(), accounts = holding.len(), "freeze requests created from a trace");
    let status = if errors.is_empty() { StatusCode::CREATED } else { StatusCode::INTERNAL_SERVER_ERROR };
    Ok(render_created(&state, &viewer, &typed, &created, &errors, status))
}

fn render_rejected(
    state: &AppState,
    viewer: &Viewer,
    typed: &TraceForm,
    trace: &Trace,
    errors: &[String],
    legal_basis: &str,
    reason: &str,
) -> Response {
    let title = viewer.text("web-trace-title");
    let holding = trace.holding_accounts();
    let content = html! {
        p { a href=(format!("/trace?{}", display::encode_query(&typed.query_pairs()))) { (viewer.text("web-trace-back")) } }
        h1 { (title) }
        (holding_table(viewer, &holding))
        (freeze_form(viewer, typed, errors, legal_basis, reason))
    };
    html_response(StatusCode::BAD_REQUEST, layout::page(viewer, &state.identity, &title, &[], content))
}

fn render_created(
    state: &AppState,
    viewer: &Viewer,
    typed: &TraceForm,
    created: &[(String, AccountKey, Money)],
    errors: &[String],
    status: StatusCode,
) -> Response {
    let title = viewer.text("web-trace-freeze-created-title");
    let content = html! {
        p { a href=(format!("/trace?{}", display::encode_query(&typed.query_pairs()))) { (viewer.text("web-trace-back")) } }
        h1 { (title) }
        (error_box(viewer, errors))
        p #trace-freeze-summary {
            (viewer.text_with("web-trace-freeze-created", &[("count", Arg::Number(created.len() as f64))]))
        }
        table #trace-freezes {
            thead {
                tr {
                    th { (viewer.text("web-col-account")) }
                    th.num { (viewer.text("freeze-field-amount")) }
                    th { (viewer.text("web-trace-col-freeze")) }
                }
            }
            tbody {
                @for (id, account, amount) in created {
                    tr data-account=(account.as_str()) {
                        td { (account_link(account)) }
                        td.num { (display::money(amount)) }
                        td { a.freeze-link href=(freeze_href(id)) { (id) } }
                    }
                }
            }
        }
    };
    html_response(status, layout::page(viewer, &state.identity, &title, &[], content))
}
