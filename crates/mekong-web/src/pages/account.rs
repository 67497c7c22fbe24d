//! The account page: what the node stores about one account, its risk score, the
//! alerts about it and its transaction history, newest first and paged.
//!
//! The route takes the rest of the path as the key, because keys are `BANK/NUMBER`.

use axum::extract::{Extension, Path, Query, State};
use axum::http::{StatusCode, Uri};
use axum::response::Response;
use maud::{Markup, html};
use mekong_core::i18n::Arg;
use mekong_core::{AccountKey, Alert};
use mekong_store::{AccountView, StoredTransaction};

use super::alert::{account_link, decision_badge};
use super::alerts::{alert_row, score};
use super::{PageError, error_box, html_response, layout, not_found_page};
use crate::audit_trail::{self, Entry};
use crate::auth::Principal;
use crate::blocking;
use crate::display;
use crate::locale::Viewer;
use crate::state::AppState;

/// Transactions per page of the history.
const HISTORY_PER_PAGE: u32 = 50;

struct AccountPage {
    view: AccountView,
    alerts: Vec<Alert>,
    history: Vec<StoredTransaction>,
    has_next: bool,
}

/// Renders `/accounts/{*key}`.
pub(crate) async fn show(
    State(state): State<AppState>,
    viewer: Viewer,
    Extension(principal): Extension<Principal>,
    Path(key): Path<String>,
    uri: Uri,
) -> Result<Response, PageError> {
    let key = AccountKey::from_stored(key);
    let entry = Entry {
        actor: principal.actor(&state.identity.agency),
        action: "account.view",
        object_type: Some("account"),
        object_id: Some(key.as_str()),
        changes: Vec::new(),
        source: None,
    };
    audit_trail::record(&state, entry).await.map_err(|error| PageError::new(&viewer, &state, error))?;

    let pairs = Query::<Vec<(String, String)>>::try_from_uri(&uri).map(|Query(pairs)| pairs).unwrap_or_default();
    let page_text = pairs.iter().rev().find(|(name, _)| name == "page").map(|(_, value)| value.trim()).unwrap_or("");
    let (page, errors) = match page_text {
        "" => (1, Vec::new()),
        text => match text.parse::<u32>() {
            Ok(number) if number >= 1 => (number, Vec::new()),
            _ => (1, vec![viewer.text_with("web-filter-error-page", &[("value", Arg::Text(text))])]),
        },
    };

    let store = state.store.clone();
    let lookup = key.clone();
    let loaded = blocking::run(move || {
        let Some(view) = store.account(&lookup)? else {
            return Ok(None);
        };
        let offset = (page - 1).saturating_mul(HISTORY_PER_PAGE);
        let mut history = store.account_transactions(&lookup, HISTORY_PER_PAGE + 1, offset)?;
        let has_next = history.len() > HISTORY_PER_PAGE as usize;
        history.truncate(HISTORY_PER_PAGE as usize);
        let alerts = store.account_alerts(&lookup)?;
        Ok::<_, mekong_store::StoreError>(Some(AccountPage { view, alerts, history, has_next }))
    })
    .await
    .map_err(|error| PageError::new(&viewer, &state, error))?;

    let Some(account) = loaded else {
        let message = viewer.text_with("web-account-not-found", &[("account", Arg::Text(key.as_str()))]);
        return Ok(not_found_page(&viewer, &state.identity, &message));
    };

    let title = viewer.text_with("web-account-title", &[("account", Arg::Text(key.as_str()))]);
    let content = html! {
        p { a href="/alerts" { "← " (viewer.text("web-back-to-alerts")) } }
        h1 { (title) }
        (error_box(&viewer, &errors))
        section.card { (facts(&state, &viewer, &account.view)) }
        @if viewer.may(mekong_auth::Action::TraceFunds) {
            p { a #trace-funds href=(super::trace::account_href(&key)) { (viewer.text("web-trace-link")) } }
        }

        h2 { (viewer.text("web-account-alerts-heading")) }
        @if account.alerts.is_empty() {
            p.muted { (viewer.text("web-account-no-alerts")) }
        } @else {
            table.alerts {
                thead {
                    tr {
                        th { (viewer.text("web-col-raised")) }
                        th { (viewer.text("web-col-rule")) }
                        th.num { (viewer.text("web-col-score")) }
                        th { (viewer.text("web-col-account")) }
                        th { (viewer.text("web-col-status")) }
                        th { (viewer.text("web-col-explanation")) }
                    }
                }
                tbody {
                    @for alert in &account.alerts {
                        (alert_row(viewer.locale, alert, false))
                    }
                }
            }
        }

        h2 { (viewer.text("web-account-history-heading")) }
        (history(&viewer, &key, &account.history))
        (pager(&viewer, &key, page, account.has_next))
    };

    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::BAD_REQUEST };
    Ok(html_response(status, layout::page(&viewer, &state.identity, &title, &[], content)))
}

fn facts(state: &AppState, viewer: &Viewer, view: &AccountView) -> Markup {
    let offset = state.node_offset();
    html! {
        dl.facts {
            dt { (viewer.text("web-account-bank")) }
            dd.key { (view.bank) }
            dt { (viewer.text("web-account-number")) }
            dd.key { (view.number) }
            dt { (viewer.text("web-account-country")) }
            dd { (view.country.map(|country| country.to_string()).unwrap_or_else(|| viewer.text("web-unknown"))) }
            dt { (viewer.text("web-account-risk")) }
            dd #account-risk { (score(view.risk)) " / 100" }
            dt { (viewer.text("web-account-counts")) }
            dd {
                (viewer.text_with("web-account-counts-value", &[
                    ("debits", Arg::Number(view.debit_count as f64)),
                    ("credits", Arg::Number(view.credit_count as f64)),
                ]))
            }
            dt { (viewer.text("web-account-first-seen")) }
            dd { @if let Some(at) = view.first_seen { (display::instant(at, offset)) } @else { (viewer.text("web-unknown")) } }
            dt { (viewer.text("web-account-last-seen")) }
            dd { @if let Some(at) = view.last_seen { (display::instant(at, offset)) } @else { (viewer.text("web-unknown")) } }
            dt { (viewer.text("web-account-flag")) }
            dd {
                @if let Some(flag) = &view.flag {
                    strong { (viewer.text("web-account-flagged")) } ": " (flag.reason) " (" (display::instant(flag.added_at, offset)) ")"
                } @else {
                    (viewer.text("web-account-not-flagged"))
                }
            }
        }
    }
}

fn history(viewer: &Viewer, key: &AccountKey, items: &[StoredTransaction]) -> Markup {
    html! {
        @if items.is_empty() {
            p.muted { (viewer.text("web-account-no-transactions")) }
        } @else {
            table #account-history {
                thead {
                    tr {
                        th { (viewer.text("web-col-time")) }
                        th { (viewer.text("web-col-direction")) }
                        th { (viewer.text("web-col-counterparty")) }
                        th.num { (viewer.text("web-col-amount")) }
                        th { (viewer.text("web-col-channel")) }
                        th { (viewer.text("web-col-reference")) }
                        th { (viewer.text("web-col-decision")) }
                    }
                }
                tbody {
                    @for item in items {
                        @let outgoing = item.tx.debtor.key() == *key;
                        @let counterparty = if outgoing { item.tx.creditor.key() } else { item.tx.debtor.key() };
                        tr {
                            td.when { (display::timestamp(&item.tx.timestamp)) }
                            td { (viewer.text(if outgoing { "web-direction-out" } else { "web-direction-in" })) }
                            td { (account_link(&counterparty)) }
                            td.num { (display::money(&item.tx.amount)) }
                            td { (display::channel_name(viewer.locale, item.tx.channel)) }
                            td { (item.tx.reference.as_deref().unwrap_or("")) }
                            td { (decision_badge(viewer, item.decision)) " " (score(item.score)) }
                        }
                    }
                }
            }
        }
    }
}

fn pager(viewer: &Viewer, key: &AccountKey, page: u32, has_next: bool) -> Markup {
    let link = |number: u32| format!("{}?page={number}", display::account_href(key));
    html! {
        @if page > 1 || has_next {
            nav.pages aria-label=(viewer.text("web-pages-label")) {
                @if page > 1 {
                    a rel="prev" href=(link(page - 1)) { (viewer.text("web-page-previous")) }
                }
                span { (viewer.text_with("web-page-number", &[("page", Arg::Number(f64::from(page)))])) }
                @if has_next {
                    a rel="next" href=(link(page + 1)) { (viewer.text("web-page-next")) }
                }
            }
        }
    }
}
