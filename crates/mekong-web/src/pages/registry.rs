//! The flagged-identifier registry screen: the listed identifiers with search, a
//! form to list one, and a CSV import that shows its reject report.
//!
//! Invariants:
//! - entries are added only through [`mekong_registry::Registry`], so a listed bank
//!   account is flagged in the running monitor at once, as with the API;
//! - every addition and import is recorded in the audit trail;
//! - bad input stores nothing for that entry and shows a localised message; an
//!   import stores its good rows and lists every rejected row;
//! - a date without a time is read in the node's zone by the rule of
//!   [`mekong_registry::parse_period_time`], as the API and the CLI read it, and a
//!   start or expiry given as a date is shown as that date.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Extension, State};
use axum::http::Uri;
use axum::http::StatusCode;
use axum::response::Response;
use chrono::{DateTime, FixedOffset, Utc};
use maud::{Markup, html};
use mekong_auth::Action;
use mekong_core::i18n::Arg;
use mekong_registry::{
    Entry, IdentifierKind, ImportReport, ListingType, PeriodEnd, Registry, RegistryError, RowReject, Upsert,
    import_csv_text, resolve_period, shown_date,
};

use super::{PageError, error_box, form, html_response, layout};
use crate::audit_trail::{self, Entry as AuditEntry};
use crate::auth::Principal;
use crate::blocking;
use crate::display;
use crate::error::WebError;
use crate::locale::Viewer;
use crate::state::AppState;

/// Rows shown at most; a search narrows a longer list.
pub(crate) const MAX_ROWS: usize = 500;

/// The search of `GET /registry`.
#[derive(Debug, Default)]
struct SearchQuery {
    /// Text searched in the value, raw text, reason and agency, case-insensitively.
    q: Option<String>,
    /// A kind name such as `phone`; empty for every kind.
    kind: Option<String>,
}

/// The parts of a page besides the list: a notice, errors and an import's outcome.
#[derive(Debug, Default)]
struct Outcome {
    notice: Option<String>,
    errors: Vec<String>,
    import: Option<(ImportReport, Vec<RowReject>)>,
}

fn registry_of(state: &AppState, viewer: &Viewer) -> Result<Arc<Registry>, Box<Response>> {
    state.registry.clone().ok_or_else(|| {
        let title = viewer.text("web-registry-title");
        let content = html! { h1 { (title) } p #unavailable { (viewer.text("web-api-registry-unavailable")) } };
        Box::new(html_response(StatusCode::SERVICE_UNAVAILABLE, layout::page(viewer, &state.identity, &title, &[], content)))
    })
}

/// Handles `GET /registry`: `q` searches, `kind` filters by a kind name such as `phone`.
/// Each view is recorded in the audit trail with its search, because the list shows
/// identifiers of people.
pub(crate) async fn list(
    State(state): State<AppState>,
    viewer: Viewer,
    Extension(principal): Extension<Principal>,
    uri: Uri,
) -> Result<Response, PageError> {
    let pairs = form::pairs(uri.query().unwrap_or("").as_bytes());
    let query = SearchQuery {
        q: Some(form::field(&pairs, "q").to_owned()),
        kind: Some(form::field(&pairs, "kind").to_owned()),
    };

    let audit = AuditEntry {
        actor: principal.actor(&state.identity.agency),
        action: "registry.view",
        object_type: Some("registry"),
        object_id: None,
        changes: vec![
            ("query", None, query.q.clone().filter(|text| !text.is_empty())),
            ("kind", None, query.kind.clone().filter(|text| !text.is_empty())),
        ],
        source: None,
    };
    audit_trail::record(&state, audit).await.map_err(|error| PageError::new(&viewer, &state, error))?;

    render(&state, &viewer, &query, Outcome::default(), StatusCode::OK).await
}

async fn render(
    state: &AppState,
    viewer: &Viewer,
    query: &SearchQuery,
    mut outcome: Outcome,
    status: StatusCode,
) -> Result<Response, PageError> {
    let registry = match registry_of(state, viewer) {
        Ok(registry) => registry,
        Err(response) => return Ok(*response),
    };
    // NOTE: every view reads all entries from the store and filters in memory, so a
    // registry of millions of rows needs a paged, indexed store query here.
    let entries = blocking::run(move || registry.entries()).await.map_err(|error| PageError::new(viewer, state, error))?;

    let text = query.q.as_deref().unwrap_or("").trim().to_lowercase();
    let kind_text = query.kind.as_deref().unwrap_or("").trim();
    let kind = match kind_text {
        "" => None,
        name => match name.parse::<IdentifierKind>() {
            Ok(kind) => Some(kind),
            Err(_) => {
                outcome.errors.push(viewer.text("registry-unknown-kind"));
                None
            }
        },
    };
    let matches = |entry: &&Entry| {
        kind.is_none_or(|kind| entry.kind == kind)
            && (text.is_empty()
                || [&entry.value, &entry.raw, &entry.reason, &entry.source_agency]
                    .iter()
                    .any(|field| field.to_lowercase().contains(&text)))
    };
    let found: Vec<&Entry> = entries.iter().filter(matches).collect();
    let shown = &found[..found.len().min(MAX_ROWS)];

    let now = Utc::now();
    let offset = state.node_offset();
    let title = viewer.text("web-registry-title");
    let content = html! {
        h1 { (title) }
        (error_box(viewer, &outcome.errors))
        @if let Some(notice) = &outcome.notice { p.notice #notice { (notice) } }
        @if let Some((report, rejects)) = &outcome.import { (import_report(viewer, report, rejects)) }
        form.filters #registry-search method="get" action="/registry" {
            label { (viewer.text("web-registry-search")) input type="search" name="q" value=(query.q.as_deref().unwrap_or("")); }
            label { (viewer.text("web-registry-kind"))
                select name="kind" {
                    option value="" { (viewer.text("web-registry-any-kind")) }
                    @for option in IdentifierKind::ALL {
                        option value=(option.as_str()) selected[kind == Some(option)] { (kind_name(viewer, option)) }
                    }
                }
            }
            button type="submit" { (viewer.text("web-registry-search-submit")) }
        }
        p #registry-count { (viewer.text_with("web-registry-count", &[
            ("shown", Arg::Number(shown.len() as f64)),
            ("found", Arg::Number(found.len() as f64)),
        ])) }
        table #registry {
            thead { tr {
                th { (viewer.text("web-registry-kind")) }
                th { (viewer.text("web-registry-value")) }
                th { (viewer.text("web-registry-listing")) }
                th { (viewer.text("freeze-field-reason")) }
                th { (viewer.text("web-registry-agency")) }
                th { (viewer.text("freeze-field-legal-basis")) }
                th { (viewer.text("web-registry-starts")) }
                th { (viewer.text("freeze-field-expires")) }
                th { (viewer.text("web-registry-appeal")) }
            } }
            tbody {
                @for entry in shown {
                    tr data-kind=(entry.kind.as_str()) class=[(!entry.in_force(now)).then_some("lapsed")] {
                        td { (kind_name(viewer, entry.kind)) }
                        td.key {
                            (entry.value)
                            @if entry.raw != entry.value { br; small { (entry.raw) } }
                            @if !entry.valid { " " strong.invalid { (viewer.text("web-registry-invalid")) } }
                        }
                        td { (listing_name(viewer, entry.listing)) }
                        td { (entry.reason) }
                        td { (entry.source_agency) }
                        td { (entry.legal_basis) }
                        td.when { (period_time(entry.starts_at, offset, PeriodEnd::Start)) }
                        td.when { @if let Some(expires_at) = entry.expires_at { (period_time(expires_at, offset, PeriodEnd::Expiry)) } }
                        td { (entry.appeal) }
                    }
                }
            }
        }
        @if viewer.may(Action::ManageRegistry) { (add_form(viewer, offset)) (import_form(viewer, offset)) }
    };
    Ok(html_response(status, layout::page(viewer, &state.identity, &title, &[], content)))
}

/// Renders a start or expiry as a date when it was given as one, and in full otherwise.
fn period_time(time: DateTime<Utc>, offset: FixedOffset, end: PeriodEnd) -> Markup {
    let Some(date) = shown_date(time, offset, end) else {
        return display::instant(time, offset);
    };

    let exact = time.with_timezone(&offset).format("%Y-%m-%d %H:%M:%S %:z").to_string();
    let date = date.format("%Y-%m-%d").to_string();
    html! { time datetime=(date) title=(exact) { (date) } }
}

/// Renders the hint on how dates without a time are read, with the node's offset.
fn dates_hint(viewer: &Viewer, offset: FixedOffset) -> Markup {
    let offset = offset.to_string();
    html! { p.hint.dates-hint { (viewer.text_with("web-registry-dates-hint", &[("offset", Arg::Text(&offset))])) } }
}

fn kind_name(viewer: &Viewer, kind: IdentifierKind) -> String {
    viewer.text(&format!("web-registry-kind-{}", kind.as_str().replace('_', "-")))
}

fn listing_name(viewer: &Viewer, listing: ListingType) -> String {
    viewer.text(&format!("web-registry-listing-{}", listing.as_str().replace('_', "-")))
}

fn add_form(viewer: &Viewer, offset: FixedOffset) -> Markup {
    html! {
        h2 { (viewer.text("web-registry-add")) }
        form.card #registry-add method="post" action="/registry" {
            (viewer.csrf_field())
            label { (viewer.text("web-registry-kind"))
                select name="kind" required {
                    @for kind in IdentifierKind::ALL { option value=(kind.as_str()) { (kind_name(viewer, kind)) } }
                }
            }
            label { (viewer.text("web-registry-value")) input type="text" name="value" maxlength="500" required; }
            label { (viewer.text("web-registry-listing"))
                select name="listing_type" required {
                    @for listing in ListingType::ALL { option value=(listing.as_str()) { (listing_name(viewer, listing)) } }
                }
            }
            label { (viewer.text("freeze-field-reason")) textarea name="reason" rows="2" maxlength="2000" required {} }
            label { (viewer.text("web-registry-agency")) input type="text" name="source_agency" maxlength="200" required; }
            label { (viewer.text("freeze-field-legal-basis")) input type="text" name="legal_basis" maxlength="2000" required; }
            label { (viewer.text("web-registry-appeal")) textarea name="appeal" rows="2" maxlength="2000" required {} }
            label { (viewer.text("web-registry-starts")) input type="date" name="starts_at"; }
            label { (viewer.text("freeze-field-expires")) input type="date" name="expires_at"; }
            (dates_hint(viewer, offset))
            label { (viewer.text("web-registry-note")) textarea name="note" rows="2" maxlength="2000" {} }
            div { button type="submit" { (viewer.text("web-registry-add")) } }
        }
    }
}

fn import_form(viewer: &Viewer, offset: FixedOffset) -> Markup {
    html! {
        h2 { (viewer.text("web-registry-import")) }
        form.card #registry-import method="post" action="/registry/import" {
            (viewer.csrf_field())
            p.hint { (viewer.text("web-registry-import-hint")) }
            (dates_hint(viewer, offset))
            label { (viewer.text("web-registry-import-csv")) textarea name="csv" rows="8" required {} }
            div { button type="submit" { (viewer.text("web-registry-import")) } }
        }
    }
}

fn import_report(viewer: &Viewer, report: &ImportReport, rejects: &[RowReject]) -> Markup {
    html! {
        section #import-report {
            p { (viewer.text_with("web-registry-imported", &[
                ("read", Arg::Number(report.read as f64)),
                ("added", Arg::Number(report.added as f64)),
                ("updated", Arg::Number(report.updated as f64)),
                ("unchanged", Arg::Number(report.unchanged as f64)),
                ("rejected", Arg::Number(report.rejected as f64)),
            ])) }
            @if !rejects.is_empty() {
                table #import-rejects {
                    thead { tr {
                        th { (viewer.text("web-registry-reject-line")) }
                        th { (viewer.text("web-registry-value")) }
                        th { (viewer.text("web-registry-reject-column")) }
                        th { (viewer.text("web-registry-reject-value")) }
                        th { (viewer.text("freeze-field-reason")) }
                    } }
                    tbody {
                        @for reject in rejects {
                            tr data-line=(reject.line) {
                                td { (reject.line) }
                                td.key { (reject.identifier) }
                                td { code { (reject.column) } }
                                td { (reject.value) }
                                td { (reject.reason(viewer.locale)) }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Handles `POST /registry`: lists one identifier.
pub(crate) async fn add(
    State(state): State<AppState>,
    viewer: Viewer,
    Extension(principal): Extension<Principal>,
    body: Bytes,
) -> Result<Response, PageError> {
    let viewer = viewer.at_page("/registry".to_owned());
    let registry = match registry_of(&state, &viewer) {
        Ok(registry) => registry,
        Err(response) => return Ok(*response),
    };
    let fields = form::pairs(&body);
    let field = |name: &str| form::field(&fields, name).to_owned();
    let query = SearchQuery::default();
    let rejected = |message: String| Outcome { errors: vec![message], ..Outcome::default() };

    let entry = match entry_from_form(&viewer, &registry, &state, &field) {
        Ok(entry) => entry,
        Err(message) => return render(&state, &viewer, &query, rejected(message), StatusCode::BAD_REQUEST).await,
    };
    let (kind, value, listing) = (entry.kind, entry.value.clone(), entry.listing);
    let lapsed = entry.expires_at.is_some_and(|expires_at| expires_at <= Utc::now());

    // An empty start keeps the stored start of an existing entry, so submitting the form again changes nothing.
    let start_defaulted = field("starts_at").trim().is_empty();
    let stored = blocking::run(move || {
        let upsert = if start_defaulted { registry.add_with_empty_start(entry) } else { registry.add(entry) };
        Ok::<_, WebError>(upsert)
    })
    .await;
    let outcome = match stored.map_err(|error| PageError::new(&viewer, &state, error))? {
        Ok(outcome) => outcome,
        Err(error) => match registry_error_text(&viewer, &error) {
            Some(message) => return render(&state, &viewer, &query, rejected(message), StatusCode::BAD_REQUEST).await,
            None => return Err(PageError::new(&viewer, &state, error.into())),
        },
    };

    let object_id = format!("{}:{}", kind.as_str(), value);
    let audit = AuditEntry {
        actor: principal.actor(&state.identity.agency),
        action: "registry.add",
        object_type: Some("registry_entry"),
        object_id: Some(&object_id),
        changes: vec![("listing_type", None, Some(listing.as_str().to_owned()))],
        source: None,
    };
    audit_trail::record(&state, audit).await.map_err(|error| PageError::new(&viewer, &state, error))?;

    let key = match outcome {
        Upsert::Added => "registry-added",
        Upsert::Updated => "registry-updated",
        Upsert::Unchanged => "registry-unchanged",
    };
    let mut notice = viewer.text_with(key, &[("kind", Arg::Text(&kind_name(&viewer, kind))), ("value", Arg::Text(&value))]);
    if lapsed {
        notice = format!("{notice} {}", viewer.text("registry-lapsed-warning"));
    }
    let status = if outcome == Upsert::Added { StatusCode::CREATED } else { StatusCode::OK };
    render(&state, &viewer, &query, Outcome { notice: Some(notice), ..Outcome::default() }, status).await
}

/// Builds the entry of the add form, or the localised message of its first error.
fn entry_from_form(
    viewer: &Viewer,
    registry: &Registry,
    state: &AppState,
    field: &dyn Fn(&str) -> String,
) -> Result<Entry, String> {
    let kind: IdentifierKind = field("kind").parse().map_err(|_| viewer.text("registry-unknown-kind"))?;
    let listing: ListingType = field("listing_type").parse().map_err(|_| viewer.text("registry-unknown-listing"))?;
    let normalised = match registry.normalise(kind, &field("value")) {
        Ok(normalised) => normalised,
        Err(RegistryError::Normalise(error)) => return Err(viewer.text(error.message_id())),
        Err(_) => return Err(viewer.text("registry-invalid-empty")),
    };
    let period = resolve_period(&field("starts_at"), &field("expires_at"), state.node_offset(), Utc::now())
        .map_err(|error| viewer.text_with(error.message_id(), &[("value", Arg::Text(error.value()))]))?;

    Ok(Entry {
        kind,
        value: normalised.value,
        raw: field("value"),
        valid: normalised.valid,
        listing,
        reason: field("reason"),
        note: field("note"),
        source_agency: field("source_agency"),
        legal_basis: field("legal_basis"),
        appeal: field("appeal"),
        starts_at: period.starts_at,
        expires_at: period.expires_at,
        origin: state.identity.node_id.to_string(),
        added_at: Utc::now(),
    })
}

/// Returns the localised message of an entry the registry rejected, or `None` for a
/// failure of the node.
fn registry_error_text(viewer: &Viewer, error: &RegistryError) -> Option<String> {
    match error {
        RegistryError::MissingField(field) => Some(viewer.text_with("registry-missing-field", &[("column", Arg::Text(field))])),
        RegistryError::TooLong { field, .. } => Some(viewer.text_with("registry-too-long", &[("column", Arg::Text(field))])),
        RegistryError::ExpiryBeforeStart => Some(viewer.text("registry-expiry-before-start")),
        _ => None,
    }
}

/// Handles `POST /registry/import`: imports pasted CSV with the columns of
/// `mekong registry import`, and shows the counts and every rejected row.
///
/// TODO: accept a CSV file upload too, as a `multipart/form-data` form whose first
/// field is the CSRF token, like the goAML upload. The form takes pasted text for now.
pub(crate) async fn import(
    State(state): State<AppState>,
    viewer: Viewer,
    Extension(principal): Extension<Principal>,
    body: Bytes,
) -> Result<Response, PageError> {
    let viewer = viewer.at_page("/registry".to_owned());
    let registry = match registry_of(&state, &viewer) {
        Ok(registry) => registry,
        Err(response) => return Ok(*response),
    };
    let csv_text = form::field(&form::pairs(&body), "csv").to_owned();
    let query = SearchQuery::default();
    if csv_text.is_empty() {
        let outcome = Outcome { errors: vec![viewer.text("web-registry-import-empty")], ..Outcome::default() };
        return render(&state, &viewer, &query, outcome, StatusCode::BAD_REQUEST).await;
    }

    let origin = state.identity.node_id.to_string();
    let zone = state.node_offset();
    let imported = blocking::run(move || Ok::<_, WebError>(import_csv_text(&registry, &csv_text, &origin, zone))).await;
    let (report, rejects) = match imported.map_err(|error| PageError::new(&viewer, &state, error))? {
        Ok(imported) => imported,
        Err(RegistryError::Csv(_)) => {
            let outcome = Outcome { errors: vec![viewer.text("web-registry-import-unreadable")], ..Outcome::default() };
            return render(&state, &viewer, &query, outcome, StatusCode::BAD_REQUEST).await;
        }
        Err(error) => return Err(PageError::new(&viewer, &state, error.into())),
    };

    let counts = format!("read {}, added {}, updated {}, rejected {}", report.read, report.added, report.updated, report.rejected);
    let audit = AuditEntry {
        actor: principal.actor(&state.identity.agency),
        action: "registry.import",
        object_type: Some("registry_entry"),
        object_id: None,
        changes: vec![("rows", None, Some(counts))],
        source: None,
    };
    audit_trail::record(&state, audit).await.map_err(|error| PageError::new(&viewer, &state, error))?;

    let status = if report.rejected > 0 { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    render(&state, &viewer, &query, Outcome { import: Some((report, rejects)), ..Outcome::default() }, status).await
}
