//! The alert page: what matched and why, the transactions behind it with a
//! fund-flow picture, the status history, and the form that moves the alert along
//! the workflow.
//!
//! Invariant: the form offers only the statuses `AlertStatus::next()` allows from
//! the current one, and none once the alert is escalated or dismissed.

use axum::extract::{Extension, Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use maud::{Markup, html};
use mekong_auth::Action;
use mekong_core::i18n::{Arg, Messages};
use mekong_core::{AccountKey, AlertStatus};
use mekong_store::{AlertRecord, StoredTransaction};

use super::alerts::{score, status_badge};
use super::{PageError, error_box, html_response, layout, not_found_page};
use crate::audit_trail::{self, Entry};
use crate::auth::Principal;
use crate::blocking;
use crate::display;
use crate::flow;
use crate::locale::Viewer;
use crate::state::AppState;

/// Maximum length of a status change's reason, in characters.
pub(crate) const MAX_REASON_CHARS: usize = 2000;

/// The content of the status form, shown again after a rejected change.
#[derive(Debug, Clone, Default)]
pub(crate) struct StatusFormState {
    /// The status the analyst chose, as sent.
    pub to: String,
    /// The reason as typed.
    pub reason: String,
    /// Localised messages saying what to fix.
    pub errors: Vec<String>,
}

/// An alert with the stored transactions it names.
#[derive(Debug)]
pub(crate) struct AlertDetail {
    pub record: AlertRecord,
    pub transactions: Vec<StoredTransaction>,
}

/// Renders `/alerts/{id}`.
pub(crate) async fn show(
    State(state): State<AppState>,
    viewer: Viewer,
    Extension(principal): Extension<Principal>,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let entry = Entry {
        actor: principal.actor(&state.identity.agency),
        action: "alert.view",
        object_type: Some("alert"),
        object_id: Some(&id),
        changes: Vec::new(),
        source: None,
    };
    audit_trail::record(&state, entry).await.map_err(|error| PageError::new(&viewer, &state, error))?;

    let detail = load(&state, id.clone()).await.map_err(|error| PageError::new(&viewer, &state, error))?;
    match detail {
        Some(detail) => Ok(render(&state, &viewer, &detail, &StatusFormState::default(), StatusCode::OK)),
        None => Ok(alert_not_found(&state, &viewer, &id)),
    }
}

/// Loads an alert, its history and its transactions; `None` if there is no such alert.
pub(crate) async fn load(state: &AppState, id: String) -> Result<Option<AlertDetail>, crate::error::WebError> {
    let store = state.store.clone();
    blocking::run(move || {
        let Some(record) = store.alert(&id)? else {
            return Ok(None);
        };
        let transactions = store.transactions_by_ids(&record.alert.origin, &record.alert.transactions)?;
        Ok::<_, mekong_store::StoreError>(Some(AlertDetail { record, transactions }))
    })
    .await
}

/// Renders the 404 page for an alert id that does not exist.
pub(crate) fn alert_not_found(state: &AppState, viewer: &Viewer, id: &str) -> Response {
    let message = viewer.text_with("web-alert-not-found", &[("id", Arg::Text(id))]);
    not_found_page(viewer, &state.identity, &message)
}

/// Renders the alert page with the given status form and HTTP status.
pub(crate) fn render(
    state: &AppState,
    viewer: &Viewer,
    detail: &AlertDetail,
    form: &StatusFormState,
    status: StatusCode,
) -> Response {
    let alert = &detail.record.alert;
    let locale = viewer.locale;
    let rule_name = display::rule_name(locale, &alert.rule);
    let description_key = format!("rule-{}-description", alert.rule);
    let messages = Messages::global();
    let title = viewer.text_with("web-alert-title", &[("rule", Arg::Text(&rule_name))]);

    let content = html! {
        p { a href="/alerts" { "← " (viewer.text("web-back-to-alerts")) } }
        h1 {
            (title)
            @if alert.shadow {
                " " span.badge.shadow title=(viewer.text("web-shadow-hint")) { (viewer.text("web-shadow")) }
            }
        }
        section.card {
            p.explain #explanation { (messages.explain(locale, &alert.explanation)) }
            @if messages.has(locale, &description_key) {
                p.muted { (messages.get(locale, &description_key)) }
            }
            dl.facts {
                dt { (viewer.text("web-col-status")) }
                dd #alert-status { (status_badge(locale, alert.status)) }
                dt { (viewer.text("web-col-score")) }
                dd { (score(alert.score)) }
                dt { (viewer.text("web-col-account")) }
                dd { a.key href=(display::account_href(&alert.account)) { (alert.account.as_str()) } }
                dt { (viewer.text("web-col-raised")) }
                dd { (display::timestamp(&alert.raised_at)) }
                dt { (viewer.text("web-col-rule")) }
                dd {
                    (rule_name) " "
                    span.muted.key {
                        (viewer.text_with("web-rule-version", &[
                            ("rule", Arg::Text(&alert.rule)),
                            ("version", Arg::Number(f64::from(alert.rule_version))),
                        ]))
                    }
                }
                dt { (viewer.text("web-alert-id")) }
                dd.key { (alert.id) }
                dt { (viewer.text("web-origin")) }
                dd.key { (alert.origin.as_str()) }
            }
            // The alert's last transaction is the one whose arrival raised it.
            @if let (true, Some(triggering)) = (viewer.may(Action::TraceFunds), alert.transactions.last()) {
                p { a #trace-funds href=(super::trace::transaction_href(triggering, alert.origin.as_str())) { (viewer.text("web-trace-link")) } }
            }
        }

        @if viewer.may(Action::ChangeAlertStatus) {
            h2 { (viewer.text("web-status-heading")) }
            section.card { (status_form(viewer, &alert.id, alert.status, form)) }
        }

        h2 { (viewer.text("web-history-heading")) }
        (history(state, viewer, &detail.record))

        h2 { (viewer.text("web-flow-heading")) }
        section.card { (flow::fund_flow(viewer, &alert.account, &alert.involved, &detail.transactions)) }

        h2 { (viewer.text("web-transactions-heading")) }
        (transactions(viewer, &detail.transactions, alert.transactions.len()))

        h2 { (viewer.text("web-involved-heading")) }
        (involved(&alert.involved))
    };
    html_response(status, layout::page(viewer, &state.identity, &title, &[], content))
}

fn status_form(viewer: &Viewer, id: &str, current: AlertStatus, form: &StatusFormState) -> Markup {
    let next = current.next();
    html! {
        (error_box(viewer, &form.errors))
        @if next.is_empty() {
            p.muted #status-closed { (viewer.text("web-status-closed")) }
        } @else {
            form.status method="post" action=(format!("{}/status", display::alert_href(id))) {
                (viewer.csrf_field())
                label {
                    (viewer.text("web-status-new"))
                    select name="to" {
                        @for status in next {
                            option value=(status.as_str()) selected[status.as_str() == form.to] {
                                (display::status_name(viewer.locale, *status))
                            }
                        }
                    }
                }
                label {
                    (viewer.text_with("web-status-reason", &[("max", Arg::Number(MAX_REASON_CHARS as f64))]))
                    textarea name="reason" maxlength=(MAX_REASON_CHARS) { (form.reason) }
                }
                div { button type="submit" { (viewer.text("web-status-submit")) } }
            }
        }
    }
}

fn history(state: &AppState, viewer: &Viewer, record: &AlertRecord) -> Markup {
    let offset = state.node_offset();
    html! {
        @if record.history.is_empty() {
            p.muted #history-empty { (viewer.text("web-history-empty")) }
        } @else {
            table #history {
                thead {
                    tr {
                        th { (viewer.text("web-col-when")) }
                        th { (viewer.text("web-col-from-status")) }
                        th { (viewer.text("web-col-to-status")) }
                        th { (viewer.text("web-col-reason")) }
                        th { (viewer.text("web-col-actor")) }
                    }
                }
                tbody {
                    @for change in &record.history {
                        tr {
                            td.when { (display::instant(change.at, offset)) }
                            td { (status_badge(viewer.locale, change.from)) }
                            td { (status_badge(viewer.locale, change.to)) }
                            td { (change.reason) }
                            td.key { (change.actor) }
                        }
                    }
                }
            }
        }
    }
}

fn transactions(viewer: &Viewer, stored: &[StoredTransaction], named: usize) -> Markup {
    html! {
        @if stored.len() < named {
            p.notice { (viewer.text_with("web-transactions-missing", &[("count", Arg::Number((named - stored.len()) as f64))])) }
        }
        table #transactions {
            thead {
                tr {
                    th { (viewer.text("web-col-time")) }
                    th { (viewer.text("web-col-debtor")) }
                    th { (viewer.text("web-col-creditor")) }
                    th.num { (viewer.text("web-col-amount")) }
                    th { (viewer.text("web-col-channel")) }
                    th { (viewer.text("web-col-reference")) }
                    th { (viewer.text("web-col-decision")) }
                    th { (viewer.text("web-col-transaction-id")) }
                }
            }
            tbody {
                @for item in stored {
                    tr {
                        td.when { (display::timestamp(&item.tx.timestamp)) }
                        td { (account_link(&item.tx.debtor.key())) }
                        td { (account_link(&item.tx.creditor.key())) }
                        td.num { (display::money(&item.tx.amount)) }
                        td { (display::channel_name(viewer.locale, item.tx.channel)) }
                        td { (item.tx.reference.as_deref().unwrap_or("")) }
                        td { (decision_badge(viewer, item.decision)) " " (score(item.score)) }
                        td.key { (item.tx.id) }
                    }
                }
            }
        }
    }
}

/// Renders a decision as a badge.
pub(crate) fn decision_badge(viewer: &Viewer, decision: mekong_core::Decision) -> Markup {
    html! {
        span class=(format!("badge decision-{}", decision.as_str())) { (display::decision_name(viewer.locale, decision)) }
    }
}

/// Renders a link to an account's page showing its key.
pub(crate) fn account_link(key: &AccountKey) -> Markup {
    html! { a.key href=(display::account_href(key)) { (key.as_str()) } }
}

fn involved(accounts: &[AccountKey]) -> Markup {
    html! {
        ul #involved {
            @for key in accounts {
                li { (account_link(key)) }
            }
        }
    }
}
