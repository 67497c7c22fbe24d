//! The alerts list: filters, one page of alerts newest first, paging, and the
//! live insertion of new alerts through `/events`.
//!
//! Invariants: a bad filter value is shown as a localised message with status
//! 400, never as a server error. Only the first page listens for new alerts,
//! because a new alert belongs at the top of the list.

use std::collections::BTreeSet;

use axum::extract::{Query, State};
use axum::http::{StatusCode, Uri};
use axum::response::Response;
use maud::{Markup, html};
use mekong_core::i18n::{Arg, Locale, Messages};
use mekong_core::{Alert, AlertStatus};
use mekong_store::{AlertFilter, Page};

use super::{PageError, error_box, html_response, layout};
use crate::display;
use crate::locale::Viewer;
use crate::query::{self, AlertQuery, FilterInput};
use crate::state::AppState;
use crate::blocking;

/// Scores from which an alert is shown as high, and as medium.
const HIGH_SCORE: u8 = 80;
const MEDIUM_SCORE: u8 = 40;

/// Renders `/alerts`.
pub(crate) async fn list(State(state): State<AppState>, viewer: Viewer, uri: Uri) -> Result<Response, PageError> {
    let pairs = Query::<Vec<(String, String)>>::try_from_uri(&uri).map(|Query(pairs)| pairs).unwrap_or_default();
    let AlertQuery { input, filter } = query::parse(&pairs, state.node_offset());

    let store = state.store.clone();
    let pipeline = state.pipeline.clone();
    let listed = filter.clone().ok();
    let (rules, page) = blocking::run(move || {
        let mut rules: BTreeSet<String> = store.alert_rules()?.into_iter().collect();
        // Rules in force that never raised an alert are offered too. A poisoned
        // monitor leaves them out rather than failing the page.
        if let Ok(rule_set) = pipeline.rules() {
            rules.extend(rule_set.rule_ids().into_iter().map(str::to_owned));
        }
        let page = listed.map(|filter| store.list_alerts(&filter)).transpose()?;
        Ok::<_, mekong_store::StoreError>((rules, page))
    })
    .await
    .map_err(|error| PageError::new(&viewer, &state, error))?;

    let errors: Vec<String> = match &filter {
        Ok(_) => Vec::new(),
        Err(errors) => errors.iter().map(|error| error.message(viewer.locale)).collect(),
    };
    let title = viewer.text("web-alerts-title");
    let content = html! {
        h1 { (title) }
        section.card { (filter_form(&viewer, &input, &rules)) }
        (error_box(&viewer, &errors))
        @if let (Some(page), Ok(filter)) = (&page, &filter) {
            (alert_table(&viewer, &input, filter, page))
        }
    };

    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::BAD_REQUEST };
    let markup = layout::page(&viewer, &state.identity, &title, &["/static/alerts.js"], content);
    Ok(html_response(status, markup))
}

fn filter_form(viewer: &Viewer, input: &FilterInput, rules: &BTreeSet<String>) -> Markup {
    html! {
        form.filters method="get" action="/alerts" {
            label {
                (viewer.text("web-filter-rule"))
                select name="rule" {
                    option value="" { (viewer.text("web-filter-any-rule")) }
                    @for rule in rules {
                        option value=(rule) selected[*rule == input.rule] { (display::rule_name(viewer.locale, rule)) }
                    }
                }
            }
            label {
                (viewer.text("web-filter-min-score"))
                input type="number" name="min_score" min="0" max="100" step="1" value=(input.min_score);
            }
            label {
                (viewer.text("web-filter-status"))
                select name="status" {
                    option value="" { (viewer.text("web-filter-any-status")) }
                    @for status in AlertStatus::ALL {
                        option value=(status.as_str()) selected[status.as_str() == input.status] {
                            (display::status_name(viewer.locale, status))
                        }
                    }
                }
            }
            label {
                (viewer.text("web-filter-from"))
                input type="date" name="from" value=(input.from);
            }
            label {
                (viewer.text("web-filter-until"))
                input type="date" name="until" value=(input.until);
            }
            @if !input.account.is_empty() {
                input type="hidden" name="account" value=(input.account);
            }
            @if !input.per_page.is_empty() {
                input type="hidden" name="per_page" value=(input.per_page);
            }
            button type="submit" { (viewer.text("web-filter-apply")) }
            a.button.secondary href="/alerts" { (viewer.text("web-filter-clear")) }
        }
    }
}

fn alert_table(viewer: &Viewer, input: &FilterInput, filter: &AlertFilter, page: &Page<Alert>) -> Markup {
    // Only the first page takes new alerts, which belong at the top of the list.
    let events = (filter.page == 1).then(|| {
        let pairs: Vec<(&str, &str)> = input.pairs().into_iter().filter(|(name, _)| *name != "per_page").collect();
        format!("/events?{}", display::encode_query(&pairs))
    });
    html! {
        p #new-alerts .notice hidden role="status" aria-live="polite" {}
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
            tbody #alert-rows data-events=[events] {
                @for alert in &page.items {
                    (alert_row(viewer.locale, alert, false))
                }
            }
        }
        p #no-alerts .muted hidden[!page.items.is_empty()] { (viewer.text("web-alerts-empty")) }
        (pager(viewer, input, page))
    }
}

/// Renders one row of the alerts list; `fresh` marks a row inserted live.
pub(crate) fn alert_row(locale: Locale, alert: &Alert, fresh: bool) -> Markup {
    let messages = Messages::global();
    html! {
        tr id=(format!("alert-{}", alert.id)) class=[fresh.then_some("new")] {
            td.when { (display::timestamp(&alert.raised_at)) }
            td {
                a href=(display::alert_href(&alert.id)) { (display::rule_name(locale, &alert.rule)) }
                @if alert.shadow {
                    " " span.badge.shadow title=(messages.get(locale, "web-shadow-hint")) { (messages.get(locale, "web-shadow")) }
                }
            }
            td.num { (score(alert.score)) }
            td { a.key href=(display::account_href(&alert.account)) { (alert.account.as_str()) } }
            td { (status_badge(locale, alert.status)) }
            td.explain { (messages.explain(locale, &alert.explanation)) }
        }
    }
}

/// Renders a score, coloured by how high it is.
pub(crate) fn score(value: u8) -> Markup {
    let level = if value >= HIGH_SCORE {
        "high"
    } else if value >= MEDIUM_SCORE {
        "mid"
    } else {
        "low"
    };
    html! { span class=(format!("score {level}")) { (value) } }
}

/// Renders an alert status as a badge.
pub(crate) fn status_badge(locale: Locale, status: AlertStatus) -> Markup {
    html! {
        span class=(format!("badge status-{}", status.as_str())) data-status=(status.as_str()) {
            (display::status_name(locale, status))
        }
    }
}

fn pager(viewer: &Viewer, input: &FilterInput, page: &Page<Alert>) -> Markup {
    let pages = page.page_count();
    let link = |number: u32| {
        let number = number.to_string();
        let mut pairs = input.pairs();
        pairs.push(("page", number.as_str()));
        format!("/alerts?{}", display::encode_query(&pairs))
    };
    let summary = viewer.text_with(
        "web-page-summary",
        &[
            ("page", Arg::Number(f64::from(page.page))),
            ("pages", Arg::Number(f64::from(pages))),
            ("total", Arg::Number(page.total as f64)),
        ],
    );
    html! {
        nav.pages aria-label=(viewer.text("web-pages-label")) {
            @if page.page > 1 {
                a rel="prev" href=(link(page.page.saturating_sub(1).min(pages))) { (viewer.text("web-page-previous")) }
            }
            span { (summary) }
            @if page.page < pages {
                a rel="next" href=(link(page.page + 1)) { (viewer.text("web-page-next")) }
            }
        }
    }
}
