//! The fund-tracing screen. Its form takes a start transaction or account and time,
//! the direction, attribution method, hop limit, currency, rates and case. The
//! result shows the trace as a graph by hop, tables of accounts and transactions, a
//! CSV download and the form that turns accounts still holding traced money into
//! freeze requests.
//!
//! `GET /trace` shows the form filled from its query, so other screens can link to
//! it (`?transaction=ID&origin=NODE` or `?account=BANK/NUMBER`); the trace runs only
//! when the form was submitted (`run=1`). `GET /trace.csv` takes the same query.
//!
//! Invariants: every trace, shown or downloaded, is recorded in the audit trail as
//! `trace.forward` or `trace.backward` with the case reference as its purpose, before
//! any result leaves the node; a trace without a case reference is not run; bad
//! input runs nothing and shows the form again with every error found.

use std::str::FromStr;

use axum::extract::{Extension, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use maud::{Markup, html};
use mekong_audit::{AuditEvent, FieldChange};
use mekong_core::i18n::Arg;
use mekong_core::{AccountKey, Currency, Money, NodeId};
use mekong_trace::{Direction, Method, RateTable, Start, StopReason, Trace, TraceError, TraceOptions};

use super::alert::account_link;
use super::trace_source::{OriginFilter, StoreSource};
use super::{PageError, error_box, form, html_response, layout, trace_freeze, trace_graph};
use crate::auth::Principal;
use crate::blocking;
use crate::display;
use crate::error::WebError;
use crate::locale::Viewer;
use crate::state::AppState;

/// Maximum hop limit the form accepts, the same bound as `mekong trace --hops`.
pub(crate) const MAX_HOPS: u32 = 50;

/// Maximum length of a case reference, in characters, as on the freeze form.
const MAX_CASE_CHARS: usize = 200;

/// The trace form as typed, shown again with the result or the errors.
#[derive(Debug, Default, Clone)]
pub(crate) struct TraceForm {
    pub transaction: String,
    pub origin: String,
    pub account: String,
    pub from: String,
    pub direction: String,
    pub method: String,
    pub hops: String,
    pub currency: String,
    pub rates: String,
    pub case_reference: String,
    /// Whether the form was submitted, so the trace runs and errors show.
    pub run: bool,
}

impl TraceForm {
    /// Reads the form from query or body pairs.
    pub(crate) fn from_pairs(pairs: &[(String, String)]) -> TraceForm {
        TraceForm {
            transaction: form::field(pairs, "transaction").to_owned(),
            origin: form::field(pairs, "origin").to_owned(),
            account: form::field(pairs, "account").to_owned(),
            from: form::field(pairs, "from").to_owned(),
            direction: form::field(pairs, "direction").to_owned(),
            method: form::field(pairs, "method").to_owned(),
            hops: form::field(pairs, "hops").to_owned(),
            currency: form::field(pairs, "currency").to_uppercase(),
            rates: form::all(pairs, "rates").join("\n"),
            case_reference: form::field(pairs, "case").to_owned(),
            run: !form::field(pairs, "run").is_empty(),
        }
    }

    /// Returns the form's fields as query pairs, to rebuild links and hidden fields.
    pub(crate) fn query_pairs(&self) -> Vec<(&'static str, &str)> {
        let fields = [
            ("transaction", self.transaction.as_str()),
            ("origin", self.origin.as_str()),
            ("account", self.account.as_str()),
            ("from", self.from.as_str()),
            ("direction", self.direction.as_str()),
            ("method", self.method.as_str()),
            ("hops", self.hops.as_str()),
            ("currency", self.currency.as_str()),
            ("rates", self.rates.as_str()),
            ("case", self.case_reference.as_str()),
            ("run", "1"),
        ];
        fields.into_iter().filter(|(_, value)| !value.is_empty()).collect()
    }

    fn direction(&self) -> Direction {
        if self.direction == "backward" { Direction::Backward } else { Direction::Forward }
    }

    fn method(&self) -> Method {
        if self.method == "proportional" { Method::Proportional } else { Method::Fifo }
    }
}

/// A validated trace request.
#[derive(Debug, Clone)]
pub(crate) struct TraceRequest {
    pub start: Start,
    pub direction: Direction,
    pub options: TraceOptions,
    pub case_reference: String,
    /// Nodes under which a start transaction id is looked up.
    pub origins: Vec<NodeId>,
}

/// Handles `GET /trace`.
pub(crate) async fn page(
    State(state): State<AppState>,
    viewer: Viewer,
    Extension(principal): Extension<Principal>,
    uri: Uri,
) -> Result<Response, PageError> {
    let typed = TraceForm::from_pairs(&form::pairs(uri.query().unwrap_or("").as_bytes()));
    if !typed.run {
        return Ok(render(&state, &viewer, &typed, None, &[], StatusCode::OK));
    }

    let request = match validate(&state, &viewer, &typed) {
        Ok(request) => request,
        Err(errors) => return Ok(render(&state, &viewer, &typed, None, &errors, StatusCode::BAD_REQUEST)),
    };
    match run_audited(&state, &principal, &request, "page").await {
        Ok(Ok(trace)) => Ok(render(&state, &viewer, &typed, Some(&trace), &[], StatusCode::OK)),
        Ok(Err(error)) => {
            let errors = [trace_error_text(&viewer, &request, &error)];
            Ok(render(&state, &viewer, &typed, None, &errors, StatusCode::BAD_REQUEST))
        }
        Err(error) => Err(PageError::new(&viewer, &state, error)),
    }
}

/// Handles `GET /trace.csv`: the same trace as `/trace`, as the library's CSV.
pub(crate) async fn csv(
    State(state): State<AppState>,
    viewer: Viewer,
    Extension(principal): Extension<Principal>,
    uri: Uri,
) -> Result<Response, PageError> {
    let mut typed = TraceForm::from_pairs(&form::pairs(uri.query().unwrap_or("").as_bytes()));
    typed.run = true;
    let viewer = viewer.at_page("/trace".to_owned());

    let request = match validate(&state, &viewer, &typed) {
        Ok(request) => request,
        Err(errors) => return Ok(render(&state, &viewer, &typed, None, &errors, StatusCode::BAD_REQUEST)),
    };
    let trace = match run_audited(&state, &principal, &request, "csv").await {
        Ok(Ok(trace)) => trace,
        Ok(Err(error)) => {
            let errors = [trace_error_text(&viewer, &request, &error)];
            return Ok(render(&state, &viewer, &typed, None, &errors, StatusCode::BAD_REQUEST));
        }
        Err(error) => return Err(PageError::new(&viewer, &state, error)),
    };

    match trace.to_csv() {
        Ok(text) => Ok((
            StatusCode::OK,
            [
                (CONTENT_TYPE, "text/csv; charset=utf-8"),
                (CONTENT_DISPOSITION, "attachment; filename=\"trace.csv\""),
                (CACHE_CONTROL, "no-store"),
            ],
            text,
        )
            .into_response()),
        Err(error) => {
            tracing::error!(%error, "trace CSV export failed");
            let errors = [viewer.text_with("web-trace-error-failed", &[("error", Arg::Text(&error.to_string()))])];
            Ok(render(&state, &viewer, &typed, None, &errors, StatusCode::INTERNAL_SERVER_ERROR))
        }
    }
}

/// Checks every field and returns the request, or every error found.
pub(crate) fn validate(state: &AppState, viewer: &Viewer, typed: &TraceForm) -> Result<TraceRequest, Vec<String>> {
    let mut errors = Vec::new();

    let start = parse_start(state, viewer, typed, &mut errors);

    let mut origins = vec![state.identity.node_id.clone()];
    if !typed.origin.is_empty() {
        match NodeId::new(&typed.origin) {
            Ok(origin) => origins = vec![origin],
            Err(_) => errors.push(viewer.text_with("web-trace-error-origin", &[("value", Arg::Text(&typed.origin))])),
        }
    }

    let hops = if typed.hops.is_empty() {
        Some(TraceOptions::default().max_hops)
    } else {
        typed.hops.parse::<u32>().ok().filter(|hops| (1..=MAX_HOPS).contains(hops))
    };
    if hops.is_none() {
        errors.push(viewer.text_with("web-trace-error-hops", &[("value", Arg::Text(&typed.hops))]));
    }

    let mut currency = None;
    if !typed.currency.is_empty() {
        match Currency::from_str(&typed.currency) {
            Ok(code) => currency = Some(code),
            Err(_) => errors.push(viewer.text_with("web-trace-error-currency", &[("value", Arg::Text(&typed.currency))])),
        }
    }

    let mut rates = RateTable::default();
    for line in typed.rates.lines().map(str::trim).filter(|line| !line.is_empty()) {
        if rates.insert_text(line).is_err() {
            errors.push(viewer.text_with("web-trace-error-rate", &[("value", Arg::Text(line))]));
        }
    }

    let case_reference = typed.case_reference.trim();
    if case_reference.is_empty() || case_reference.chars().count() > MAX_CASE_CHARS {
        errors.push(viewer.text_with("web-trace-error-case", &[("max", Arg::Number(MAX_CASE_CHARS as f64))]));
    }

    match (start, hops) {
        (Some(start), Some(max_hops)) if errors.is_empty() => Ok(TraceRequest {
            start,
            direction: typed.direction(),
            options: TraceOptions { method: typed.method(), max_hops, currency, rates, ..TraceOptions::default() },
            case_reference: case_reference.to_owned(),
            origins,
        }),
        _ => Err(errors),
    }
}

fn parse_start(state: &AppState, viewer: &Viewer, typed: &TraceForm, errors: &mut Vec<String>) -> Option<Start> {
    match (typed.transaction.is_empty(), typed.account.is_empty()) {
        (true, true) => {
            errors.push(viewer.text("web-trace-error-start"));
            None
        }
        (false, false) => {
            errors.push(viewer.text("web-trace-error-both"));
            None
        }
        (false, true) => Some(Start::Transaction { id: typed.transaction.clone(), origin: None }),
        (true, false) => {
            let key = parse_account(&typed.account);
            if key.is_none() {
                errors.push(viewer.text_with("web-trace-error-account", &[("value", Arg::Text(&typed.account))]));
            }
            let time = if typed.from.is_empty() {
                Some(None)
            } else {
                parse_time(&typed.from, state).map(Some)
            };
            if time.is_none() {
                errors.push(viewer.text_with("web-trace-error-time", &[("value", Arg::Text(&typed.from))]));
            }
            Some(Start::Account { key: key?, time: time? })
        }
    }
}

/// Parses an account written `BANK/NUMBER` or `BANK:NUMBER`.
fn parse_account(text: &str) -> Option<AccountKey> {
    let (bank, number) = text.split_once('/').or_else(|| text.split_once(':'))?;
    let (bank, number) = (bank.trim(), number.trim());
    (!bank.is_empty() && !number.is_empty()).then(|| AccountKey::new(bank, number))
}

/// Parses RFC 3339, a browser's `datetime-local` value or a date; times without an
/// offset are in the node's own zone.
fn parse_time(text: &str, state: &AppState) -> Option<DateTime<Utc>> {
    if let Ok(time) = DateTime::parse_from_rfc3339(text) {
        return Some(time.with_timezone(&Utc));
    }

    let offset = state.node_offset();
    let local = ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
        .iter()
        .find_map(|format| NaiveDateTime::parse_from_str(text, format).ok())
        .or_else(|| NaiveDate::parse_from_str(text, "%Y-%m-%d").ok().and_then(|date| date.and_hms_opt(0, 0, 0)))?;
    offset.from_local_datetime(&local).single().map(|time| time.with_timezone(&Utc))
}

/// Runs the trace on a blocking thread and records it in the audit trail. The outer
/// error is a node failure; the inner one a trace the input cannot produce.
pub(crate) async fn run_audited(
    state: &AppState,
    principal: &Principal,
    request: &TraceRequest,
    output: &str,
) -> Result<Result<Trace, TraceError>, WebError> {
    let store = state.store.clone();
    let indexed = state.trace_source.clone();
    let traced = request.clone();
    let result = tokio::task::spawn_blocking(move || match indexed {
        Some(indexed) => {
            let source = OriginFilter { inner: indexed.0.as_ref(), origins: &traced.origins };
            mekong_trace::trace(&source, &traced.start, traced.direction, &traced.options)
        }
        None => {
            let source = StoreSource::new(store.as_ref(), traced.origins.clone());
            mekong_trace::trace(&source, &traced.start, traced.direction, &traced.options)
        }
    })
    .await?;

    let trace = match result {
        Ok(trace) => trace,
        Err(TraceError::Store(error)) => return Err(WebError::Store(error)),
        Err(error) => return Ok(Err(error)),
    };

    let (object_type, object_id) = match &request.start {
        Start::Transaction { id, .. } => ("transaction", id.clone()),
        Start::Account { key, .. } => ("account", key.as_str().to_owned()),
    };
    let changes = [
        ("method", request.options.method.as_str().to_owned()),
        ("hops", request.options.max_hops.to_string()),
        ("accounts", trace.nodes.len().to_string()),
        ("transactions", trace.edges.len().to_string()),
        ("output", output.to_owned()),
    ]
    .into_iter()
    .map(|(field, value)| FieldChange { field: field.to_owned(), old: None, new: Some(value) })
    .collect();
    let action = format!("trace.{}", request.direction.as_str());
    let event = AuditEvent {
        actor: principal.actor(&state.identity.agency),
        action: action.clone(),
        object_type: Some(object_type.to_owned()),
        object_id: Some(object_id),
        changes,
        purpose: Some(format!("case {}", request.case_reference)),
        source: None,
    };
    let auditor = state.auditor.clone();
    blocking::run(move || auditor.record(event)).await.inspect_err(|error| {
        tracing::error!(%error, %action, "audit record of a trace failed");
    })?;

    tracing::info!(
        direction = request.direction.as_str(),
        start = object_type,
        accounts = trace.nodes.len(),
        transactions = trace.edges.len(),
        output,
        "traced funds"
    );
    Ok(Ok(trace))
}

/// Returns the localised message of a trace the input cannot produce.
pub(crate) fn trace_error_text(viewer: &Viewer, request: &TraceRequest, error: &TraceError) -> String {
    match error {
        TraceError::TransactionNotFound(_) | TraceError::AmbiguousTransaction { .. } => {
            let id = match &request.start {
                Start::Transaction { id, .. } => id.as_str(),
                Start::Account { key, .. } => key.as_str(),
            };
            let origins: Vec<&str> = request.origins.iter().map(NodeId::as_str).collect();
            viewer.text_with("web-trace-error-not-found", &[("id", Arg::Text(id)), ("origin", Arg::Text(&origins.join(", ")))])
        }
        TraceError::NothingToTrace(account) => {
            viewer.text_with("web-trace-error-nothing", &[("account", Arg::Text(account.as_str()))])
        }
        TraceError::MissingRate { from, to } => viewer.text_with(
            "web-trace-error-missing-rate",
            &[("from", Arg::Text(&from.to_string())), ("to", Arg::Text(&to.to_string()))],
        ),
        other => {
            tracing::info!(error = %other, "trace rejected");
            viewer.text_with("web-trace-error-failed", &[("error", Arg::Text(&other.to_string()))])
        }
    }
}

/// Returns the localised reason a trace stopped at an account.
pub(crate) fn stop_text(viewer: &Viewer, stop: StopReason) -> String {
    let key = match stop {
        StopReason::CashOut => "trace-stop-cash-out",
        StopReason::CashIn => "trace-stop-cash-in",
        StopReason::CrossBorder => "trace-stop-cross-border",
        StopReason::CryptoExchange => "trace-stop-crypto",
        StopReason::HopLimit => "trace-stop-hop-limit",
        StopReason::AccountLimit => "trace-stop-account-limit",
    };
    viewer.text(key)
}

/// Returns the address of the trace form prefilled for a start transaction.
pub(crate) fn transaction_href(id: &str, origin: &str) -> String {
    format!("/trace?{}", display::encode_query(&[("transaction", id), ("origin", origin)]))
}

/// Returns the address of the trace form prefilled for a start account.
pub(crate) fn account_href(key: &AccountKey) -> String {
    format!("/trace?{}", display::encode_query(&[("account", key.as_str())]))
}

/// Renders the trace page: the form, then the result if there is one.
pub(crate) fn render(
    state: &AppState,
    viewer: &Viewer,
    typed: &TraceForm,
    trace: Option<&Trace>,
    errors: &[String],
    status: StatusCode,
) -> Response {
    let title = viewer.text("web-trace-title");
    let content = html! {
        h1 { (title) }
        (error_box(viewer, errors))
        (trace_form(viewer, typed))
        @if let Some(trace) = trace {
            (result(viewer, typed, trace))
        }
    };
    html_response(status, layout::page(viewer, &state.identity, &title, &[], content))
}

fn trace_form(viewer: &Viewer, typed: &TraceForm) -> Markup {
    let direction = typed.direction();
    let method = typed.method();
    let hops = if typed.hops.is_empty() { TraceOptions::default().max_hops.to_string() } else { typed.hops.clone() };
    html! {
        form.card #trace-form method="get" action="/trace" {
            input type="hidden" name="run" value="1";
            label { (viewer.text("web-trace-transaction"))
                input type="text" name="transaction" value=(typed.transaction);
            }
            label { (viewer.text("web-trace-origin"))
                input type="text" name="origin" value=(typed.origin);
            }
            label { (viewer.text("web-trace-account"))
                input type="text" name="account" value=(typed.account);
            }
            label { (viewer.text("web-trace-from"))
                input type="text" name="from" value=(typed.from) placeholder="2026-03-01T09:30";
            }
            label { (viewer.text("web-trace-direction"))
                select name="direction" {
                    option value="forward" selected[direction == Direction::Forward] { (viewer.text("web-trace-direction-forward")) }
                    option value="backward" selected[direction == Direction::Backward] { (viewer.text("web-trace-direction-backward")) }
                }
            }
            label { (viewer.text("web-trace-method"))
                select name="method" {
                    option value="fifo" selected[method == Method::Fifo] { (viewer.text("trace-method-fifo")) }
                    option value="proportional" selected[method == Method::Proportional] { (viewer.text("trace-method-proportional")) }
                }
            }
            label { (viewer.text_with("web-trace-hops", &[("max", Arg::Number(f64::from(MAX_HOPS)))]))
                input type="number" name="hops" min="1" max=(MAX_HOPS) value=(hops);
            }
            label { (viewer.text("web-trace-currency"))
                input type="text" name="currency" maxlength="3" value=(typed.currency);
            }
            label { (viewer.text("web-trace-rates"))
                textarea name="rates" rows="2" { (typed.rates) }
            }
            label { (viewer.text("web-trace-case"))
                input type="text" name="case" maxlength=(MAX_CASE_CHARS) value=(typed.case_reference) required;
            }
            div { button type="submit" { (viewer.text("web-trace-submit")) } }
        }
    }
}

fn result(viewer: &Viewer, typed: &TraceForm, trace: &Trace) -> Markup {
    let total = Money::new(trace.traced_total, trace.currency);
    let csv_href = format!("/trace.csv?{}", display::encode_query(&typed.query_pairs()));
    html! {
        section #trace-result {
            p #trace-summary {
                (viewer.text_with("web-trace-summary", &[
                    ("total", Arg::Text(&display::money(&total))),
                    ("accounts", Arg::Number(trace.nodes.len() as f64)),
                    ("transactions", Arg::Number(trace.edges.len() as f64)),
                ]))
                " " a #trace-csv href=(csv_href) download="trace.csv" { (viewer.text("web-trace-csv")) }
            }
            @if trace.truncated {
                p.notice { (viewer.text_with("trace-truncated", &[("transactions", Arg::Number(trace.edges.len() as f64))])) }
            }
            section.card { (trace_graph::graph(viewer, trace)) }

            @if trace.direction == Direction::Forward {
                h2 { (viewer.text("web-trace-holding-heading")) }
                (trace_freeze::holding_section(viewer, typed, trace))
            }

            h2 { (viewer.text("web-trace-nodes-heading")) }
            (nodes_table(viewer, trace))
            h2 { (viewer.text("web-trace-edges-heading")) }
            (edges_table(viewer, trace))
        }
    }
}

fn nodes_table(viewer: &Viewer, trace: &Trace) -> Markup {
    let money = |amount| display::money(&Money::new(amount, trace.currency));
    html! {
        table #trace-nodes {
            thead {
                tr {
                    th { (viewer.text("web-col-account")) }
                    th.num { (viewer.text("web-trace-col-hop")) }
                    th.num { (viewer.text("web-trace-col-received")) }
                    th.num { (viewer.text("web-trace-col-forwarded")) }
                    th.num { (viewer.text("web-trace-col-held")) }
                    th { (viewer.text("web-trace-col-stop")) }
                }
            }
            tbody {
                @for node in &trace.nodes {
                    tr data-account=(node.account.as_str()) {
                        td { (account_link(&node.account)) }
                        td.num { (node.hop) }
                        td.num { (money(node.received)) }
                        td.num { (money(node.forwarded)) }
                        td.num.held { (money(node.held)) }
                        td.stop data-stop=(node.stop.map_or("", |stop| stop.as_str())) {
                            @if let Some(stop) = node.stop { (stop_text(viewer, stop)) }
                        }
                    }
                }
            }
        }
    }
}

fn edges_table(viewer: &Viewer, trace: &Trace) -> Markup {
    html! {
        table #trace-edges {
            thead {
                tr {
                    th.num { (viewer.text("web-trace-col-hop")) }
                    th { (viewer.text("web-col-time")) }
                    th { (viewer.text("web-col-debtor")) }
                    th { (viewer.text("web-col-creditor")) }
                    th.num { (viewer.text("web-trace-col-attributed")) }
                    th.num { (viewer.text("web-col-amount")) }
                    th { (viewer.text("web-col-channel")) }
                    th { (viewer.text("web-col-transaction-id")) }
                }
            }
            tbody {
                @for edge in &trace.edges {
                    tr {
                        td.num { (edge.hop) }
                        td.when { (display::timestamp(&edge.timestamp)) }
                        td { (account_link(&edge.debtor)) }
                        td { (account_link(&edge.creditor)) }
                        td.num { (display::money(&edge.attributed)) }
                        td.num { (display::money(&edge.amount)) }
                        td { (display::channel_name(viewer.locale, edge.channel)) }
                        td.key { (edge.transaction_id) }
                    }
                }
            }
        }
    }
}
