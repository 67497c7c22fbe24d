//! One evidence item: its seizure metadata, hashes, parsed records (or why it has none)
//! and custody history, and the "verify custody" action.
//!
//! Invariants:
//! - viewing an item, verifying its custody and recording a custody step are each
//!   recorded in the audit trail. Viewing reads no content, so it records no custody
//!   event; the download form posts to [`super::evidence_content`], which records one;
//! - verification runs [`mekong_evidence::verify_custody`] for this item against the
//!   node's own signing key. It checks every checkpoint's signature and consistency and
//!   an inclusion proof per event of the item. It also checks that the stored object
//!   decrypts to the recorded SHA-256 and SM3. It changes nothing.

use std::collections::BTreeMap;

use axum::extract::{Extension, Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::DateTime;
use maud::{Markup, html};
use mekong_core::i18n::Arg;
use mekong_evidence::{CustodyReport, EventKind, UnparsedReason, unparsed_reason, verify_custody};
use mekong_store::evidence::{CustodyEventRow, EvidenceItem, EvidenceObject};
use mekong_store::evidence_search::ParsedRecordRow;

use super::evidence::{EvidenceServices, case_href, evidence_nav, item_href, kind_name, services};
use super::{PageError, html_response, layout, not_found_page};
use crate::audit_trail::{self, Entry};
use crate::auth::Principal;
use crate::blocking;
use crate::display;
use crate::error::WebError;
use crate::locale::Viewer;
use crate::state::AppState;

/// Unparsed lines listed on the page at most; the count covers them all.
const MAX_UNPARSED_SHOWN: usize = 50;

/// An item with what its page shows.
#[derive(Debug)]
pub(super) struct ItemDetail {
    item: EvidenceItem,
    object: Option<EvidenceObject>,
    events: Vec<CustodyEventRow>,
    records: Vec<ParsedRecordRow>,
}

/// Loads an item, its object, its custody events and its parsed records.
pub(super) async fn load(services: &EvidenceServices, id: String) -> Result<Option<ItemDetail>, WebError> {
    let store = services.store.clone();
    let search = services.search.clone();
    blocking::run(move || -> Result<Option<ItemDetail>, WebError> {
        let Some(item) = store.evidence_item(&id)? else {
            return Ok(None);
        };
        let object = store.evidence_object(&item.sha256)?;
        let events = store.item_custody_events(&id)?;
        let records = search.parsed_records(&id)?;
        Ok(Some(ItemDetail { item, object, events, records }))
    })
    .await
}

pub(super) fn item_not_found(state: &AppState, viewer: &Viewer, id: &str) -> Response {
    not_found_page(viewer, &state.identity, &viewer.text_with("web-evidence-item-not-found", &[("id", Arg::Text(id))]))
}

/// Handles `GET /evidence/items/{id}`.
pub(crate) async fn show(
    State(state): State<AppState>,
    viewer: Viewer,
    Extension(principal): Extension<Principal>,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let services = match services(&state, &viewer) {
        Ok(services) => services,
        Err(response) => return Ok(*response),
    };
    let Some(detail) = load(&services, id.clone()).await.map_err(|error| PageError::new(&viewer, &state, error))? else {
        return Ok(item_not_found(&state, &viewer, &id));
    };

    audit(&state, &principal, "evidence.view", &id, Vec::new()).await.map_err(|error| PageError::new(&viewer, &state, error))?;
    Ok(render(&state, &viewer, &detail, None, None))
}

/// Handles `POST /evidence/items/{id}/verify`: verifies the item's custody and shows
/// the item page with the outcome.
pub(crate) async fn verify(
    State(state): State<AppState>,
    viewer: Viewer,
    Extension(principal): Extension<Principal>,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let viewer = viewer.at_page(item_href(&id));
    let services = match services(&state, &viewer) {
        Ok(services) => services,
        Err(response) => return Ok(*response),
    };
    let Some(detail) = load(&services, id.clone()).await.map_err(|error| PageError::new(&viewer, &state, error))? else {
        return Ok(item_not_found(&state, &viewer, &id));
    };

    let checked = services.clone();
    let item_id = id.clone();
    let report = blocking::run(move || {
        let trusted = [checked.vault.custody_log().key().public_key()];
        verify_custody(checked.store.as_ref(), &checked.data_dir, checked.vault.vault_key(), &trusted, &checked.origin, Some(&item_id))
    })
    .await
    .map_err(|error| PageError::new(&viewer, &state, error))?;

    let outcome = if report.is_ok() { "verified".to_owned() } else { format!("{} problems", report.problems.len()) };
    audit(&state, &principal, "evidence.verify", &id, vec![("custody", None, Some(outcome))])
        .await
        .map_err(|error| PageError::new(&viewer, &state, error))?;
    tracing::info!(item_id = %id, problems = report.problems.len(), "verified the custody of an evidence item");

    Ok(render(&state, &viewer, &detail, Some(&report), None))
}

pub(super) async fn audit(
    state: &AppState,
    principal: &Principal,
    action: &str,
    id: &str,
    changes: Vec<(&str, Option<String>, Option<String>)>,
) -> Result<(), WebError> {
    let entry = Entry {
        actor: principal.actor(&state.identity.agency),
        action,
        object_type: Some("evidence_item"),
        object_id: Some(id),
        changes,
        source: None,
    };
    audit_trail::record(state, entry).await
}

/// Renders the item page; `custody_error` is the localised reason a posted custody
/// step was rejected, shown in its form with status 422.
pub(super) fn render(
    state: &AppState,
    viewer: &Viewer,
    detail: &ItemDetail,
    report: Option<&CustodyReport>,
    custody_error: Option<&str>,
) -> Response {
    let item = &detail.item;
    let offset = state.node_offset();
    let title = viewer.text_with("web-evidence-item-title", &[("id", Arg::Text(&item.id))]);
    let optional = |value: &Option<String>| value.clone().unwrap_or_default();

    let content = html! {
        p { a href=(case_href(&item.case_ref)) { (viewer.text_with("web-evidence-back-to-case", &[("case", Arg::Text(&item.case_ref))])) } }
        h1 { (title) }
        (evidence_nav(viewer, &item.case_ref))
        @if let Some(report) = report { (verification(viewer, report)) }
        dl.facts #evidence-facts {
            dt { (viewer.text("web-evidence-field-case")) } dd { (item.case_ref) }
            dt { (viewer.text("web-evidence-field-kind")) } dd { (kind_name(viewer, &item.kind)) }
            dt { (viewer.text("web-evidence-file-name")) } dd { (item.file_name) }
            dt { (viewer.text("web-evidence-field-exhibit")) } dd { (optional(&item.exhibit_number)) }
            dt { (viewer.text("web-evidence-field-seal")) } dd { (optional(&item.seal_number)) }
            dt { (viewer.text("web-evidence-field-device-type")) } dd { (optional(&item.device_type)) }
            dt { (viewer.text("web-evidence-field-imei")) } dd { (optional(&item.device_imei)) }
            dt { (viewer.text("web-evidence-field-serial")) } dd { (optional(&item.device_serial)) }
            dt { (viewer.text("web-evidence-field-collected-by")) } dd { (optional(&item.collected_by)) }
            dt { (viewer.text("web-evidence-field-location")) } dd { (optional(&item.collected_location)) }
            dt { (viewer.text("web-evidence-field-collected-at")) } dd { (optional(&item.collected_at)) }
            dt { (viewer.text("web-evidence-field-authority")) } dd { (optional(&item.legal_authority)) }
            dt { (viewer.text("web-evidence-origin-node")) } dd { (item.origin_node) }
            dt { (viewer.text("web-evidence-added-at")) }
            dd { @if let Some(time) = DateTime::from_timestamp_micros(item.created_us) { (display::instant(time, offset)) } }
        }

        h2 { (viewer.text("web-evidence-hashes")) }
        @match &detail.object {
            Some(object) => dl.facts #evidence-hashes {
                dt { (viewer.text("web-evidence-size")) } dd #evidence-size { (object.size) }
                dt { "SHA-256" } dd.key { code #sha256 { (object.sha256) } }
                dt { "SM3" } dd.key { code #sm3 { (object.sm3) } }
                @if let Some(md5) = &object.md5 { dt { "MD5" } dd.key { code { (md5) } } }
                @if let Some(sha1) = &object.sha1 { dt { "SHA-1" } dd.key { code { (sha1) } } }
            },
            None => p.errors #object-missing { (viewer.text("web-evidence-object-missing")) },
        }

        (records_summary(viewer, detail))

        @if detail.object.is_some() {
            form.card #download-content method="post" action=(format!("{}/content", item_href(&item.id))) {
                (viewer.csrf_field())
                label { (viewer.text("web-evidence-download-purpose")) input type="text" name="purpose" maxlength="500"; }
                p.hint { (viewer.text("web-evidence-download-hint")) }
                button type="submit" { (viewer.text("web-evidence-download")) }
            }
        }

        h2 { (viewer.text("web-evidence-custody")) }
        form.card #verify-custody method="post" action=(format!("{}/verify", item_href(&item.id))) {
            (viewer.csrf_field())
            p.hint { (viewer.text("web-evidence-verify-hint")) }
            button type="submit" { (viewer.text("web-evidence-verify")) }
        }
        (super::evidence_custody::form(viewer, &item.id, offset, custody_error))
        table #custody-events {
            thead { tr {
                th { "#" }
                th { (viewer.text("web-evidence-event-time")) }
                th { (viewer.text("web-evidence-event-kind")) }
                th { (viewer.text("web-evidence-event-actor")) }
                th { (viewer.text("web-evidence-event-details")) }
            } }
            tbody {
                @for row in &detail.events {
                    tr data-kind=(row.event.kind) {
                        td { (row.seq) }
                        td { @if let Some(time) = DateTime::from_timestamp_micros(row.event.time_us) { (display::instant(time, offset)) } }
                        td { (event_kind_name(viewer, &row.event.kind)) }
                        td { (row.event.actor) }
                        td { small { (super::evidence_custody::details_text(viewer, &row.event.details)) } }
                    }
                }
            }
        }
    };
    let status = if custody_error.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    html_response(status, layout::page(viewer, &state.identity, &title, &[], content))
}

/// Returns the localised name of a stored custody event kind, or the name itself.
fn event_kind_name(viewer: &Viewer, kind: &str) -> String {
    match kind.parse::<mekong_evidence::EventKind>() {
        Ok(kind) => viewer.text(&format!("web-evidence-event-{}", kind.as_str().replace('_', "-"))),
        Err(_) => kind.to_owned(),
    }
}

/// Renders the counts of parsed records by kind and the lines kept as raw text, or why
/// the item has no records.
fn records_summary(viewer: &Viewer, detail: &ItemDetail) -> Markup {
    let records = &detail.records;
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for row in records {
        *counts.entry(row.record.record_kind.as_str()).or_default() += 1;
    }
    let count = |kind: &str| Arg::Number(counts.get(kind).copied().unwrap_or(0) as f64);
    let unparsed: Vec<&ParsedRecordRow> = records.iter().filter(|row| row.record.record_kind == "unparsed").collect();

    html! {
        h2 { (viewer.text("web-evidence-records")) }
        @if records.is_empty() {
            p #no-records { (no_records_text(viewer, detail)) }
        } @else {
            p #records-summary {
                (viewer.text_with("web-evidence-records-summary", &[
                    ("transactions", count("transaction")),
                    ("messages", count("message")),
                    ("logs", count("log")),
                    ("unparsed", Arg::Number(unparsed.len() as f64)),
                ]))
            }
            @if !unparsed.is_empty() {
                table #unparsed-lines {
                    thead { tr { th { (viewer.text("web-evidence-line")) } th { (viewer.text("web-evidence-raw-text")) } } }
                    tbody {
                        @for row in unparsed.iter().take(MAX_UNPARSED_SHOWN) {
                            tr { td { (row.record.line.map(|line| line.to_string()).unwrap_or_default()) } td { code { (row.record.text) } } }
                        }
                    }
                }
            }
        }
    }
}

/// Returns why an item has no parsed records, from its stored kind, size, statement
/// fields and custody events. An item without a stored object gets the plain notice,
/// because the page already reports the missing object.
fn no_records_text(viewer: &Viewer, detail: &ItemDetail) -> String {
    let Some(object) = &detail.object else {
        return viewer.text("web-evidence-no-records");
    };
    let parsed_event = detail.events.iter().any(|row| row.event.kind == EventKind::Parsed.as_str());

    match unparsed_reason(&detail.item, object.size, parsed_event) {
        UnparsedReason::KindNotParsed => viewer.text("web-evidence-unparsed-kind"),
        UnparsedReason::Empty => viewer.text("web-evidence-unparsed-empty"),
        UnparsedReason::TooLarge { size, max } => viewer.text_with(
            "web-evidence-unparsed-too-large",
            &[("size", Arg::Number(size as f64)), ("max", Arg::Number(max as f64))],
        ),
        UnparsedReason::NoRecordsFound => viewer.text("web-evidence-unparsed-no-records"),
        UnparsedReason::ParseFailed => viewer.text("web-evidence-unparsed-failed"),
        UnparsedReason::StatementNotParsed { currency_missing: false, start_date_missing: false } => {
            viewer.text("web-evidence-unparsed-statement")
        }
        UnparsedReason::StatementNotParsed { currency_missing, start_date_missing } => {
            let mut missing = Vec::new();
            if currency_missing {
                missing.push(viewer.text("web-evidence-field-statement-currency"));
            }
            if start_date_missing {
                missing.push(viewer.text("web-evidence-field-statement-start"));
            }
            viewer.text_with("web-evidence-unparsed-statement-missing", &[("missing", Arg::Text(&missing.join(", ")))])
        }
    }
}

/// Renders the outcome of a custody verification.
fn verification(viewer: &Viewer, report: &CustodyReport) -> Markup {
    let signed = report.signed_tree_size.unwrap_or(0) as f64;
    html! {
        @if report.is_ok() {
            p.notice #custody-result data-ok="true" {
                (viewer.text_with("web-evidence-verified", &[
                    ("events", Arg::Number(report.item_events as f64)),
                    ("log_events", Arg::Number(report.events as f64)),
                    ("checkpoints", Arg::Number(report.checkpoints as f64)),
                    ("signed", Arg::Number(signed)),
                ]))
            }
        } @else {
            div.errors #custody-result data-ok="false" role="alert" {
                strong { (viewer.text_with("web-evidence-verify-failed", &[("count", Arg::Number(report.problems.len() as f64))])) }
                ul {
                    // NOTE: the detail text comes from the verifier in English; the kind is localised.
                    @for problem in &report.problems {
                        li data-kind=(problem.kind.as_str()) {
                            (viewer.text(&format!("custody-problem-{}", problem.kind.as_str().replace('_', "-"))))
                            " — " (problem.subject) ": " (problem.detail)
                        }
                    }
                }
            }
        }
    }
}
