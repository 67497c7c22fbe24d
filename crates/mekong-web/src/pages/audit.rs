//! The auditor's pages: search the audit trail (`/audit`) and export the matches
//! (`/audit/export.csv`, `/audit/export.jsonl`).
//!
//! Invariants: every search and export is itself recorded in the trail before it
//! runs, through [`mekong_audit::Auditor::search`] and [`mekong_audit::Auditor::export`].
//! A bad date in the form is shown as a localised message with status 400.
//! The routes are rows of [`crate::ROUTES`]: the search needs `Action::ReadAudit` and
//! the exports `Action::ExportAudit`, so only a signed-in auditor reaches them and
//! the recorded actor is always that user.

use axum::extract::{Extension, Query, State};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, Utc};
use maud::{Markup, html};
use mekong_audit::{Actor, AuditEntry, AuditQuery, ExportFormat};
use mekong_auth::Action;
use mekong_core::i18n::{Arg, Messages};
use mekong_store::Page;
use serde::Deserialize;

use super::{PageError, error_box, html_response, layout};
use crate::auth::Principal;
use crate::blocking;
use crate::display;
use crate::locale::Viewer;
use crate::state::AppState;

/// Records per page of search results.
const PER_PAGE: u32 = 50;

/// Returns the actor recorded for a search or an export: the signed-in user with
/// id, name, roles and agency.
fn current_actor(state: &AppState, principal: &Principal) -> Actor {
    principal.actor(&state.identity.agency)
}

/// The search form's fields, as typed.
#[derive(Debug, Clone, Default, Deserialize)]
pub(crate) struct AuditParams {
    #[serde(default)]
    user: String,
    #[serde(default)]
    action: String,
    #[serde(default)]
    object_type: String,
    #[serde(default)]
    object_id: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    until: String,
    #[serde(default)]
    page: Option<u32>,
}

impl AuditParams {
    /// Builds the query, or the localised messages for invalid dates. A date means
    /// 00:00 of that day at `offset`, the node's zone, in which the page shows times.
    fn query(&self, viewer: &Viewer, offset: FixedOffset) -> Result<AuditQuery, Vec<String>> {
        let mut errors = Vec::new();
        let mut date = |field: &str, text: &str| -> Option<DateTime<Utc>> {
            let text = text.trim();
            if text.is_empty() {
                return None;
            }
            let parsed = NaiveDate::parse_from_str(text, "%Y-%m-%d")
                .ok()
                .and_then(|day| day.and_time(NaiveTime::MIN).and_local_timezone(offset).single());
            if parsed.is_none() {
                let label = viewer.text(field);
                errors.push(viewer.text_with("web-audit-invalid-date", &[("field", Arg::Text(&label)), ("value", Arg::Text(text))]));
            }
            parsed.map(|time| time.with_timezone(&Utc))
        };
        let from = date("web-audit-from", &self.from);
        let until = date("web-audit-until", &self.until);
        if !errors.is_empty() {
            return Err(errors);
        }

        Ok(AuditQuery {
            user: non_empty(&self.user),
            action: non_empty(&self.action),
            object_type: non_empty(&self.object_type),
            object_id: non_empty(&self.object_id),
            from,
            until,
            page: self.page.unwrap_or(1).max(1),
            per_page: PER_PAGE,
        })
    }

    /// Builds the query string for these fields with another page number, or without one.
    fn query_string(&self, page: Option<u32>) -> String {
        let mut pairs: Vec<(&str, String)> = [
            ("user", &self.user),
            ("action", &self.action),
            ("object_type", &self.object_type),
            ("object_id", &self.object_id),
            ("from", &self.from),
            ("until", &self.until),
        ]
        .into_iter()
        .filter(|(_, value)| !value.trim().is_empty())
        .map(|(name, value)| (name, value.trim().to_owned()))
        .collect();
        if let Some(page) = page {
            pairs.push(("page", page.to_string()));
        }
        pairs.iter().map(|(name, value)| format!("{name}={}", encode(value))).collect::<Vec<_>>().join("&")
    }
}

fn non_empty(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

/// Percent-encodes a query string value (RFC 3986 unreserved characters stay as they are).
fn encode(value: &str) -> String {
    let mut encoded = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

/// Returns the request's source address from the connection info, if the server recorded it.
fn source(parts: &Parts) -> Option<String> {
    crate::auth::middleware_source(&parts.extensions)
}

/// Renders `/audit`: the search form and one page of matching records, newest first.
pub(crate) async fn search_page(
    State(state): State<AppState>,
    viewer: Viewer,
    Extension(principal): Extension<Principal>,
    parts: Parts,
    Query(params): Query<AuditParams>,
) -> Result<Response, PageError> {
    let actor = current_actor(&state, &principal);
    let source = source(&parts);
    let query = params.query(&viewer, state.node_offset());

    let page = match &query {
        Ok(query) => {
            let auditor = state.auditor.clone();
            let query = query.clone();
            let page = blocking::run(move || auditor.search(&actor, &query, source))
                .await
                .map_err(|error| PageError::new(&viewer, &state, error))?;
            Some(page)
        }
        Err(_) => None,
    };

    let errors = query.err().unwrap_or_default();
    let title = viewer.text("web-audit-title");
    let content = html! {
        h1 { (title) }
        section.card { (search_form(&viewer, &params)) }
        (error_box(&viewer, &errors))
        @if let Some(page) = &page {
            (results(&viewer, state.node_offset(), &params, page))
        }
    };

    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::BAD_REQUEST };
    Ok(html_response(status, layout::page(&viewer, &state.identity, &title, &[], content)))
}

fn search_form(viewer: &Viewer, params: &AuditParams) -> Markup {
    html! {
        form.filters method="get" action="/audit" {
            label { (viewer.text("web-audit-user")) input type="text" name="user" value=(params.user); }
            label { (viewer.text("web-audit-action")) input type="text" name="action" value=(params.action) placeholder="alert."; }
            label { (viewer.text("web-audit-object-type")) input type="text" name="object_type" value=(params.object_type); }
            label { (viewer.text("web-audit-object-id")) input type="text" name="object_id" value=(params.object_id); }
            label { (viewer.text("web-audit-from")) input type="date" name="from" value=(params.from); }
            label { (viewer.text("web-audit-until")) input type="date" name="until" value=(params.until); }
            button type="submit" { (viewer.text("web-audit-search")) }
        }
    }
}

fn results(viewer: &Viewer, offset: FixedOffset, params: &AuditParams, page: &Page<AuditEntry>) -> Markup {
    let pages = page.total.div_ceil(u64::from(page.per_page.max(1))).max(1);
    let export_query = params.query_string(None);
    html! {
        p {
            (viewer.text_with("web-audit-total", &[("count", Arg::Number(page.total as f64))]))
            @if viewer.may(Action::ExportAudit) {
                " · "
                a href={ "/audit/export.csv?" (export_query) } { (viewer.text("web-audit-export-csv")) }
                " · "
                a href={ "/audit/export.jsonl?" (export_query) } { (viewer.text("web-audit-export-jsonl")) }
            }
        }
        @if page.items.is_empty() {
            p { (viewer.text("web-audit-none")) }
        } @else {
            table.audit {
                thead {
                    tr {
                        th { (viewer.text("web-audit-col-seq")) }
                        th { (viewer.text("web-audit-col-time")) }
                        th { (viewer.text("web-audit-col-actor")) }
                        th { (viewer.text("web-audit-action")) }
                        th { (viewer.text("web-audit-col-object")) }
                        th { (viewer.text("web-audit-col-changes")) }
                        th { (viewer.text("web-audit-col-purpose")) }
                        th { (viewer.text("web-audit-col-source")) }
                    }
                }
                tbody {
                    @for entry in &page.items {
                        (entry_row(viewer, offset, entry))
                    }
                }
            }
        }
        nav.pager {
            @if page.page > 1 {
                a href={ "/audit?" (params.query_string(Some(page.page - 1))) } { (viewer.text("web-audit-previous")) }
            }
            " "
            (viewer.text_with("web-audit-page", &[("page", Arg::Number(f64::from(page.page))), ("pages", Arg::Number(pages as f64))]))
            " "
            @if u64::from(page.page) < pages {
                a href={ "/audit?" (params.query_string(Some(page.page + 1))) } { (viewer.text("web-audit-next")) }
            }
        }
    }
}

/// Renders one record: the time in the node's zone, roles, the action and outcome
/// values by their localised names. The raw action code stays visible, because
/// auditors search by it.
fn entry_row(viewer: &Viewer, offset: FixedOffset, entry: &AuditEntry) -> Markup {
    let roles: Vec<String> = entry.actor.roles.iter().map(|role| role_name(viewer, role)).collect();
    html! {
        tr data-action=(entry.action) {
            td { (entry.seq) }
            td { (display::instant(entry.time, offset)) }
            td {
                (entry.actor.name)
                @if let Some(user_id) = &entry.actor.user_id { br; small { (user_id) } }
                br; small.roles { (roles.join(", ")) " · " (entry.actor.agency) }
            }
            td {
                @if let Some(label) = action_label(viewer, &entry.action) { (label) br; }
                code { (entry.action) }
            }
            td { (entry.object_type.as_deref().unwrap_or("")) " " (entry.object_id.as_deref().unwrap_or("")) }
            td {
                @for change in &entry.changes {
                    div {
                        code { (change.field) } ": "
                        (change_value(viewer, &change.field, change.old.as_deref())) " → " (change_value(viewer, &change.field, change.new.as_deref()))
                    }
                }
            }
            td { (entry.purpose.as_deref().unwrap_or("")) }
            td { (entry.source.as_deref().unwrap_or("")) }
        }
    }
}

/// Returns a role's localised name (`auth-role-*`), or the role code where none exists.
fn role_name(viewer: &Viewer, role: &str) -> String {
    let key = format!("auth-role-{}", role.replace('_', "-"));
    if Messages::global().has(viewer.locale, &key) { viewer.text(&key) } else { role.to_owned() }
}

/// Returns the localised label of an action code such as `evidence.view`
/// (`web-audit-action-*`), or `None` for an action without one.
fn action_label(viewer: &Viewer, action: &str) -> Option<String> {
    let key = format!("web-audit-action-{}", action.replace(['.', '_'], "-"));
    Messages::global().has(viewer.locale, &key).then(|| viewer.text(&key))
}

/// Fields whose values are outcome codes such as `already-stored`.
const OUTCOME_FIELDS: [&str; 3] = ["outcome", "result", "decision"];

/// Renders a change value: an outcome code by its localised name (`web-audit-outcome-*`)
/// with the code as a tooltip, anything else as recorded, and a missing value as `∅`.
fn change_value(viewer: &Viewer, field: &str, value: Option<&str>) -> Markup {
    let Some(value) = value else {
        return html! { "∅" };
    };

    let key = format!("web-audit-outcome-{value}");
    if OUTCOME_FIELDS.contains(&field) && Messages::global().has(viewer.locale, &key) {
        return html! { span.outcome title=(value) data-code=(value) { (viewer.text(&key)) } };
    }
    if is_hash(value) {
        let prefix = value.get(..HASH_PREFIX_CHARS).unwrap_or(value);
        return html! { code.hash title=(value) { (prefix) "…" } };
    }
    html! { (value) }
}

/// Hex digits of a hash that the table shows; the full value is the cell's tooltip
/// and is in every export.
const HASH_PREFIX_CHARS: usize = 12;

/// Returns whether a value is a hex hash such as a SHA-256 or SM3 digest (64 digits).
fn is_hash(value: &str) -> bool {
    value.len() >= 40 && value.chars().all(|digit| digit.is_ascii_hexdigit())
}

/// Handles `GET /audit/export.csv`.
pub(crate) async fn export_csv(
    state: State<AppState>,
    viewer: Viewer,
    principal: Extension<Principal>,
    parts: Parts,
    params: Query<AuditParams>,
) -> Result<Response, PageError> {
    export(state, viewer, principal, parts, params, ExportFormat::Csv).await
}

/// Handles `GET /audit/export.jsonl`.
pub(crate) async fn export_jsonl(
    state: State<AppState>,
    viewer: Viewer,
    principal: Extension<Principal>,
    parts: Parts,
    params: Query<AuditParams>,
) -> Result<Response, PageError> {
    export(state, viewer, principal, parts, params, ExportFormat::Jsonl).await
}

/// Records the export, then sends every matching record as a file download.
async fn export(
    State(state): State<AppState>,
    viewer: Viewer,
    Extension(principal): Extension<Principal>,
    parts: Parts,
    Query(params): Query<AuditParams>,
    format: ExportFormat,
) -> Result<Response, PageError> {
    let query = match params.query(&viewer, state.node_offset()) {
        Ok(query) => query,
        Err(errors) => {
            let title = viewer.text("web-audit-title");
            let content = html! { h1 { (title) } (error_box(&viewer, &errors)) };
            return Ok(html_response(StatusCode::BAD_REQUEST, layout::page(&viewer, &state.identity, &title, &[], content)));
        }
    };
    let actor = current_actor(&state, &principal);
    let source = source(&parts);

    // NOTE: the export is built in memory before it is sent; a trail of millions of
    // records needs a streamed body, or the CLI `mekong audit export`.
    let auditor = state.auditor.clone();
    let body = blocking::run(move || {
        let mut body = Vec::new();
        auditor.export(&actor, &query, format, source, &mut body).map(|_| body)
    })
    .await
    .map_err(|error| PageError::new(&viewer, &state, error))?;

    let file_name = format!("audit-{}.{}", state.identity.node_id.as_str(), format.as_str());
    let disposition = format!("attachment; filename=\"{file_name}\"");
    Ok((
        [
            (header::CONTENT_TYPE, format.content_type().to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        body,
    )
        .into_response())
}
