//! The freeze screens: the list of freezes (filtered by state, expiring ones marked)
//! and one freeze with its accounts, amount, legal basis, returns, appeal, full
//! transition history and the forms of the transitions its state allows.
//!
//! Invariants: a freeze is shown exactly as `mekong-freeze` reads it back from the
//! store. The forms offer only what the state and the viewer's permissions allow,
//! and `mekong-freeze` checks both again when a form is posted
//! ([`super::freeze_actions`]). Viewing a freeze is recorded in the audit trail,
//! because it shows account numbers and victims' names.

use axum::extract::{Extension, Path, State};
use axum::http::Uri;
use axum::http::StatusCode;
use axum::response::Response;
use chrono::{DateTime, TimeDelta, Utc};
use maud::{Markup, html};
use mekong_auth::Action;
use mekong_core::i18n::{Arg, Locale, Messages};
use mekong_freeze::transition::allowed_from;
use mekong_freeze::{Freeze, FreezeAction, FreezeState, LegalBasis, freeze_from_record};
use mekong_store::freeze::{FreezeStore, FreezeTransitionRecord};
use mekong_store::outbox::FreezeReminderRecord;
use std::str::FromStr;
use std::sync::Arc;

use super::{PageError, error_box, form, html_response, layout, not_found_page};
use crate::audit_trail::{self, Entry};
use crate::auth::Principal;
use crate::blocking;
use crate::display;
use crate::error::WebError;
use crate::locale::Viewer;
use crate::state::AppState;

/// The time before expiry from which the list marks a freeze in force, in days.
///
/// NOTE: fourteen days is a default chosen here, not a legal period; the list's
/// `expiring` filter takes any number of days.
pub(crate) const REMINDER_DAYS: i64 = 14;

/// Returns the address of a freeze's page.
pub(crate) fn freeze_href(id: &str) -> String {
    format!("/freezes/{}", display::encode_path(id, false))
}

/// Returns the localised name of a freeze state.
pub(crate) fn state_name(locale: Locale, state: FreezeState) -> String {
    Messages::global().get(locale, &format!("web-freeze-state-{}", state.as_str().replace('_', "-")))
}

/// Returns the localised law and article of a legal basis.
pub(crate) fn basis_name(locale: Locale, basis: LegalBasis) -> String {
    Messages::global().get(locale, &format!("web-freeze-basis-{}", basis.as_str()))
}

/// Returns the localised name of a stored action name such as `freeze.approve`,
/// or the name itself if it is unknown.
fn action_name(locale: Locale, action: &str) -> String {
    let key = format!("web-freeze-action-{}", action.trim_start_matches("freeze.").replace('_', "-"));
    let messages = Messages::global();
    if messages.has(locale, &key) { messages.get(locale, &key) } else { action.to_owned() }
}

/// Returns the freeze tables, or the 503 page when the node was started without them.
pub(crate) fn freeze_store(state: &AppState, viewer: &Viewer) -> Result<Arc<dyn FreezeStore>, Box<Response>> {
    state.freezes.clone().ok_or_else(|| {
        let title = viewer.text("web-freeze-title");
        let content = html! { h1 { (title) } p #unavailable { (viewer.text("web-freeze-unavailable")) } };
        Box::new(html_response(StatusCode::SERVICE_UNAVAILABLE, layout::page(viewer, &state.identity, &title, &[], content)))
    })
}

/// A freeze with its history, as the detail page shows it.
#[derive(Debug)]
pub(crate) struct FreezeDetail {
    /// The freeze.
    pub freeze: Freeze,
    /// Its transitions, oldest first.
    pub history: Vec<FreezeTransitionRecord>,
    /// The expiry reminders the node's freeze clock recorded, oldest first.
    pub reminders: Vec<FreezeReminderRecord>,
}

/// Loads a freeze and its history; `None` when no freeze has the id.
pub(crate) async fn load(store: Arc<dyn FreezeStore>, id: String) -> Result<Option<FreezeDetail>, WebError> {
    blocking::run(move || -> Result<Option<FreezeDetail>, WebError> {
        let Some(record) = store.freeze(&id)? else {
            return Ok(None);
        };
        let freeze = freeze_from_record(&record)?;
        let history = store.freeze_transitions(&id)?;
        let reminders = store.freeze_reminders(Some(&id))?;
        Ok(Some(FreezeDetail { freeze, history, reminders }))
    })
    .await
}

/// Renders the 404 page of a freeze id that does not exist.
pub(crate) fn freeze_not_found(state: &AppState, viewer: &Viewer, id: &str) -> Response {
    not_found_page(viewer, &state.identity, &viewer.text_with("web-freeze-not-found", &[("id", Arg::Text(id))]))
}

/// Handles `GET /freezes`: `state` filters by a state name such as `active`, and
/// `expiring` keeps the freezes in force that expire within that many days.
pub(crate) async fn list(State(state): State<AppState>, viewer: Viewer, uri: Uri) -> Result<Response, PageError> {
    let store = match freeze_store(&state, &viewer) {
        Ok(store) => store,
        Err(response) => return Ok(*response),
    };
    let query = form::pairs(uri.query().unwrap_or("").as_bytes());

    let mut errors = Vec::new();
    let state_text = form::field(&query, "state").to_owned();
    let wanted_state = match state_text.trim() {
        "" => None,
        text => match FreezeState::from_str(text) {
            Ok(wanted) => Some(wanted),
            Err(_) => {
                errors.push(viewer.text_with("web-freeze-error-filter-state", &[("value", Arg::Text(text))]));
                None
            }
        },
    };
    let expiring_text = form::field(&query, "expiring").to_owned();
    let expiring_days = match expiring_text.trim() {
        "" => None,
        text => match text.parse::<u32>() {
            Ok(days) => Some(days),
            Err(_) => {
                errors.push(viewer.text_with("web-freeze-error-filter-days", &[("value", Arg::Text(text))]));
                None
            }
        },
    };

    let records = blocking::run(move || store.freezes()).await.map_err(|error| PageError::new(&viewer, &state, error))?;
    let mut freezes = Vec::with_capacity(records.len());
    for record in &records {
        let freeze = freeze_from_record(record).map_err(|error| PageError::new(&viewer, &state, error.into()))?;
        freezes.push(freeze);
    }

    let now = Utc::now();
    let horizon = expiring_days.map(|days| now + TimeDelta::days(i64::from(days)));
    let mut shown: Vec<&Freeze> = freezes
        .iter()
        .filter(|freeze| wanted_state.is_none_or(|wanted| freeze.state == wanted))
        .filter(|freeze| horizon.is_none_or(|horizon| in_force(freeze) && freeze.expires_at.is_some_and(|at| at <= horizon)))
        .collect();
    // Newest first, because the store returns the oldest first.
    shown.reverse();

    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::BAD_REQUEST };
    let title = viewer.text("web-freeze-title");
    let offset = state.node_offset();
    let content = html! {
        h1 { (title) }
        (error_box(&viewer, &errors))
        @if viewer.may(Action::RequestFreeze) {
            p { a.button #new-freeze href="/freezes/new" { (viewer.text("web-freeze-new")) } }
        }
        form.filters #freeze-filters method="get" action="/freezes" {
            label { (viewer.text("freeze-field-state"))
                select name="state" {
                    option value="" { (viewer.text("web-freeze-any-state")) }
                    @for option in FreezeState::ALL {
                        option value=(option.as_str()) selected[wanted_state == Some(option)] { (state_name(viewer.locale, option)) }
                    }
                }
            }
            label { (viewer.text("web-freeze-expiring-within"))
                input type="number" name="expiring" min="0" max="3650" value=(expiring_text);
            }
            button type="submit" { (viewer.text("web-freeze-filter")) }
        }
        @if shown.is_empty() {
            p #no-freezes { (viewer.text("web-freeze-none")) }
        } @else {
            table #freezes {
                thead { tr {
                    th { (viewer.text("web-freeze-id")) }
                    th { (viewer.text("freeze-field-state")) }
                    th { (viewer.text("freeze-field-amount")) }
                    th { (viewer.text("freeze-field-case")) }
                    th { (viewer.text("freeze-field-legal-basis")) }
                    th { (viewer.text("freeze-field-expires")) }
                } }
                tbody {
                    @for freeze in &shown {
                        @let soon = expires_soon(freeze, now);
                        tr id=(format!("freeze-{}", freeze.id)) class=[soon.then_some("expiring")] {
                            td.key { a href=(freeze_href(&freeze.id)) { (freeze.id) } }
                            td { (state_name(viewer.locale, freeze.state)) }
                            td.amount { (display::money(&freeze.request.amount)) }
                            td { (freeze.request.case_reference) }
                            td { (basis_name(viewer.locale, freeze.request.legal_basis)) }
                            td {
                                @if let Some(expires_at) = freeze.expires_at { (display::instant(expires_at, offset)) }
                                @if soon { " " strong.expiring-note { (viewer.text("web-freeze-expiring-soon")) } }
                            }
                        }
                    }
                }
            }
        }
    };
    Ok(html_response(status, layout::page(&viewer, &state.identity, &title, &[], content)))
}

/// Checks whether a freeze is in a state that can lapse at its expiry time.
fn in_force(freeze: &Freeze) -> bool {
    allowed_from(FreezeAction::Expire).contains(&freeze.state)
}

/// Checks whether a freeze in force lapses within [`REMINDER_DAYS`] of `now`, or already has.
fn expires_soon(freeze: &Freeze, now: DateTime<Utc>) -> bool {
    let horizon = now + TimeDelta::days(REMINDER_DAYS);
    in_force(freeze) && freeze.expires_at.is_some_and(|expires_at| expires_at <= horizon)
}

/// Handles `GET /freezes/{id}`.
pub(crate) async fn show(
    State(state): State<AppState>,
    viewer: Viewer,
    Extension(principal): Extension<Principal>,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let store = match freeze_store(&state, &viewer) {
        Ok(store) => store,
        Err(response) => return Ok(*response),
    };
    let Some(detail) = load(store, id.clone()).await.map_err(|error| PageError::new(&viewer, &state, error))? else {
        return Ok(freeze_not_found(&state, &viewer, &id));
    };

    let entry = Entry {
        actor: principal.actor(&state.identity.agency),
        action: "freeze.view",
        object_type: Some("freeze"),
        object_id: Some(&id),
        changes: Vec::new(),
        source: None,
    };
    audit_trail::record(&state, entry).await.map_err(|error| PageError::new(&viewer, &state, error))?;

    Ok(render(&state, &viewer, &detail, &[], StatusCode::OK))
}

/// Renders the detail page of a freeze, with `errors` above the forms.
pub(crate) fn render(state: &AppState, viewer: &Viewer, detail: &FreezeDetail, errors: &[String], status: StatusCode) -> Response {
    let freeze = &detail.freeze;
    let offset = state.node_offset();
    let currency = freeze.request.amount.currency;
    let title = viewer.text_with("web-freeze-detail-title", &[("id", Arg::Text(&freeze.id))]);
    let optional_time = |time: Option<DateTime<Utc>>| html! { @if let Some(time) = time { (display::instant(time, offset)) } };

    let content = html! {
        p { a href="/freezes" { (viewer.text("web-freeze-back")) } }
        h1 { (title) }
        (error_box(viewer, errors))
        dl.facts #freeze-facts {
            dt { (viewer.text("freeze-field-state")) }
            dd #freeze-state data-state=(freeze.state.as_str()) { (state_name(viewer.locale, freeze.state)) }
            dt { (viewer.text("freeze-field-accounts")) }
            dd { ul #freeze-accounts {
                @for account in &freeze.request.accounts {
                    li { a.key href=(display::account_href(account)) { (account.as_str()) } }
                }
            } }
            dt { (viewer.text("freeze-field-amount")) }
            dd.amount { (display::money(&freeze.request.amount)) }
            dt { (viewer.text("freeze-field-legal-basis")) }
            dd { (basis_name(viewer.locale, freeze.request.legal_basis)) }
            dt { (viewer.text("freeze-field-case")) }
            dd { (freeze.request.case_reference) }
            dt { (viewer.text("freeze-field-reason")) }
            dd { (freeze.request.reason) }
            dt { (viewer.text("freeze-field-requested-by")) }
            dd { (freeze.requested_by) }
            dt { (viewer.text("freeze-field-approved-by")) }
            dd #freeze-approved-by { (freeze.approved_by.as_deref().unwrap_or("")) }
            dt { (viewer.text("web-freeze-created")) }
            dd { (display::instant(freeze.created_at, offset)) }
            @if freeze.stopped_at.is_some() {
                dt { (viewer.text("web-freeze-stopped")) }
                dd { (optional_time(freeze.stopped_at)) }
            }
            dt { (viewer.text("web-freeze-activated")) }
            dd { (optional_time(freeze.activated_at)) }
            dt { (viewer.text("freeze-field-expires")) }
            dd #freeze-expires { (optional_time(freeze.expires_at)) }
            @for reminder in &detail.reminders {
                dt { (viewer.text("freeze-field-reminded")) }
                dd.freeze-reminder {
                    @let local = |time: DateTime<Utc>| time.with_timezone(&offset).format("%Y-%m-%d %H:%M %:z").to_string();
                    (viewer.text_with("freeze-reminder-line", &[
                        ("at", Arg::Text(&local(reminder.reminded_at))),
                        ("expires", Arg::Text(&local(reminder.expires_at))),
                    ]))
                }
            }
            dt { (viewer.text("web-freeze-holds")) }
            dd #freeze-holds { (viewer.text(if freeze.holds_debits() { "web-freeze-holds-yes" } else { "web-freeze-holds-no" })) }
        }

        h2 { (viewer.text("freeze-field-returned")) }
        @if freeze.returns.is_empty() {
            p #no-returns { (viewer.text("web-freeze-no-returns")) }
        } @else {
            table #freeze-returns {
                thead { tr {
                    th { (viewer.text("web-freeze-victim")) }
                    th { (viewer.text("web-freeze-returned-amount")) }
                    th { (viewer.text("web-freeze-when")) }
                } }
                tbody {
                    @for fund_return in &freeze.returns {
                        tr {
                            td { (fund_return.victim) }
                            td.amount { (fund_return.amount) " " (currency) }
                            td { (display::instant(fund_return.returned_at, offset)) }
                        }
                    }
                }
            }
            p #returned-total { (viewer.text_with("web-freeze-returned-total", &[
                ("returned", Arg::Text(&format!("{} {currency}", freeze.total_returned()))),
                ("frozen", Arg::Text(&display::money(&freeze.request.amount))),
            ])) }
        }

        @if let Some(appeal) = &freeze.appeal {
            h2 { (viewer.text("web-freeze-appeal")) }
            dl.facts #freeze-appeal {
                dt { (viewer.text("web-freeze-appellant")) }
                dd { (appeal.appellant) }
                dt { (viewer.text("web-freeze-grounds")) }
                dd { (appeal.grounds) }
                dt { (viewer.text("web-freeze-lodged")) }
                dd { (display::instant(appeal.lodged_at, offset)) }
                dt { (viewer.text("web-freeze-appeal-decision")) }
                dd { (viewer.text(match appeal.upheld {
                    None => "web-freeze-appeal-pending",
                    Some(true) => "web-freeze-appeal-upheld",
                    Some(false) => "web-freeze-appeal-overturned",
                })) }
            }
        }

        (super::freeze_actions::forms(viewer, freeze))

        h2 { (viewer.text("freeze-field-history")) }
        table #freeze-history {
            thead { tr {
                th { (viewer.text("web-freeze-when")) }
                th { (viewer.text("web-freeze-action")) }
                th { (viewer.text("web-freeze-actor")) }
                th { (viewer.text("web-freeze-roles")) }
                th { (viewer.text("web-freeze-change")) }
                th { (viewer.text("freeze-field-reason")) }
            } }
            tbody {
                @for step in &detail.history {
                    tr data-action=(step.action) {
                        td { (display::instant(step.at, offset)) }
                        td { (action_name(viewer.locale, &step.action)) }
                        td { (step.actor) }
                        td { (role_names(viewer.locale, &step.roles)) }
                        td { (stored_state_name(viewer.locale, step.from_state.as_deref())) " → " (stored_state_name(viewer.locale, Some(&step.to_state))) }
                        td { (step.reason) }
                    }
                }
            }
        }
    };
    html_response(status, layout::page(viewer, &state.identity, &title, &[], content))
}

/// Returns stored role codes such as `fiu_analyst,supervisor` as their localised
/// names (`auth-role-*`), separated by a comma and a space. A code without a name is kept.
fn role_names(locale: Locale, roles: &str) -> String {
    let messages = Messages::global();
    let names: Vec<String> = roles
        .split(',')
        .map(str::trim)
        .filter(|role| !role.is_empty())
        .map(|role| {
            let key = format!("auth-role-{}", role.replace('_', "-"));
            if messages.has(locale, &key) { messages.get(locale, &key) } else { role.to_owned() }
        })
        .collect();
    names.join(", ")
}

/// Returns the localised name of a stored state name; a dash for none.
fn stored_state_name(locale: Locale, name: Option<&str>) -> Markup {
    match name {
        None => html! { "—" },
        Some(name) => match FreezeState::from_str(name) {
            Ok(state) => html! { (state_name(locale, state)) },
            Err(_) => html! { (name) },
        },
    }
}
