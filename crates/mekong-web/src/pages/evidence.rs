//! The evidence screens' shared parts and the list of a case's evidence items.
//!
//! The screens are split by concept: this list, the streamed upload
//! ([`super::evidence_upload`]), one item with its custody history and verification
//! ([`super::evidence_item`]) and the full-text search ([`super::evidence_search`]).
//!
//! Invariants:
//! - a node started without [`EvidenceServices`] returns 503 for every evidence screen;
//! - every view, search, upload and verification is recorded in the audit trail before
//!   the page is sent, and a failure to record fails the page.

use std::collections::BTreeMap;
use std::path::{Path as FsPath, PathBuf};
use std::sync::Arc;

use axum::extract::{Extension, State};
use axum::http::{StatusCode, Uri};
use axum::response::Response;
use maud::{Markup, html};
use mekong_auth::Action;
use mekong_core::i18n::Arg;
use mekong_evidence::{EvidenceKind, Vault, checkpoint_origin};
use mekong_store::evidence::{EvidenceItem, EvidenceStore};
use mekong_store::evidence_search::EvidenceSearchStore;

use super::{PageError, form, html_response, layout};
use crate::audit_trail::{self, Entry};
use crate::auth::Principal;
use crate::blocking;
use crate::display;
use crate::locale::Viewer;
use crate::state::AppState;

/// The vault and stores the evidence screens use.
#[derive(Debug, Clone)]
pub struct EvidenceServices {
    /// The vault that seals uploads and appends custody events.
    pub vault: Arc<Vault>,
    /// Items, objects, custody events and checkpoints.
    pub store: Arc<dyn EvidenceStore>,
    /// Parsed records and their search index.
    pub search: Arc<dyn EvidenceSearchStore>,
    /// The node's data directory, where the vault keeps its objects.
    pub data_dir: PathBuf,
    /// The custody checkpoint origin line of this node.
    pub origin: String,
}

impl EvidenceServices {
    /// Bundles a vault with its stores. `node_id` gives the checkpoint origin that
    /// custody verification expects.
    pub fn new(
        vault: Arc<Vault>,
        store: Arc<dyn EvidenceStore>,
        search: Arc<dyn EvidenceSearchStore>,
        data_dir: &FsPath,
        node_id: &str,
    ) -> EvidenceServices {
        EvidenceServices { vault, store, search, data_dir: data_dir.to_owned(), origin: checkpoint_origin(node_id) }
    }
}

/// Returns the evidence services, or the 503 page when the node was started without them.
pub(crate) fn services(state: &AppState, viewer: &Viewer) -> Result<EvidenceServices, Box<Response>> {
    state.evidence.clone().ok_or_else(|| {
        let title = viewer.text("web-evidence-title");
        let content = html! { h1 { (title) } p #unavailable { (viewer.text("web-evidence-unavailable")) } };
        Box::new(html_response(StatusCode::SERVICE_UNAVAILABLE, layout::page(viewer, &state.identity, &title, &[], content)))
    })
}

/// Returns the address of an item's page.
pub(crate) fn item_href(id: &str) -> String {
    format!("/evidence/items/{}", display::encode_path(id, false))
}

/// Returns the address of a case's item list.
pub(crate) fn case_href(case_ref: &str) -> String {
    format!("/evidence?{}", display::encode_query(&[("case", case_ref)]))
}

/// Returns the localised name of a stored kind name such as `chat_history`, or the
/// name itself if it is unknown.
pub(crate) fn kind_name(viewer: &Viewer, kind: &str) -> String {
    match kind.parse::<EvidenceKind>() {
        Ok(kind) => viewer.text(&format!("web-evidence-kind-{}", kind.as_str().replace('_', "-"))),
        Err(_) => kind.to_owned(),
    }
}

/// Renders the links shared by the evidence screens, as the viewer's roles allow.
pub(crate) fn evidence_nav(viewer: &Viewer, case_ref: &str) -> Markup {
    let search_href = if case_ref.is_empty() {
        "/evidence/search".to_owned()
    } else {
        format!("/evidence/search?{}", display::encode_query(&[("case", case_ref)]))
    };
    let upload_href = if case_ref.is_empty() {
        "/evidence/new".to_owned()
    } else {
        format!("/evidence/new?{}", display::encode_query(&[("case", case_ref)]))
    };
    html! {
        p.actions #evidence-nav {
            a href="/evidence" { (viewer.text("web-evidence-cases")) }
            @if viewer.may(Action::SearchEvidence) { " · " a #search-link href=(search_href) { (viewer.text("web-evidence-search-title")) } }
            @if viewer.may(Action::AddEvidence) { " · " a #upload-link href=(upload_href) { (viewer.text("web-evidence-upload-title")) } }
        }
    }
}

/// Handles `GET /evidence`: without `case`, the cases that have evidence; with
/// `case`, that case's items.
pub(crate) async fn list(
    State(state): State<AppState>,
    viewer: Viewer,
    Extension(principal): Extension<Principal>,
    uri: Uri,
) -> Result<Response, PageError> {
    let services = match services(&state, &viewer) {
        Ok(services) => services,
        Err(response) => return Ok(*response),
    };
    let query = form::pairs(uri.query().unwrap_or("").as_bytes());
    let case_ref = form::field(&query, "case").to_owned();

    let store = services.store.clone();
    let wanted = (!case_ref.is_empty()).then(|| case_ref.clone());
    let items = blocking::run(move || store.evidence_items(wanted.as_deref()))
        .await
        .map_err(|error| PageError::new(&viewer, &state, error))?;

    let entry = Entry {
        actor: principal.actor(&state.identity.agency),
        action: "evidence.list",
        object_type: Some("case"),
        object_id: (!case_ref.is_empty()).then_some(case_ref.as_str()),
        changes: Vec::new(),
        source: None,
    };
    audit_trail::record(&state, entry).await.map_err(|error| PageError::new(&viewer, &state, error))?;

    let content = if case_ref.is_empty() { cases(&viewer, &items) } else { case_items(&state, &viewer, &case_ref, &items) };
    let title = viewer.text("web-evidence-title");
    Ok(html_response(StatusCode::OK, layout::page(&viewer, &state.identity, &title, &[], content)))
}

/// Renders the cases that have evidence, with their item counts.
fn cases(viewer: &Viewer, items: &[EvidenceItem]) -> Markup {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for item in items {
        *counts.entry(item.case_ref.as_str()).or_default() += 1;
    }

    html! {
        h1 { (viewer.text("web-evidence-title")) }
        (evidence_nav(viewer, ""))
        form.filters #case-form method="get" action="/evidence" {
            label { (viewer.text("web-evidence-field-case")) input type="text" name="case" required; }
            button type="submit" { (viewer.text("web-evidence-open-case")) }
        }
        @if counts.is_empty() {
            p #no-cases { (viewer.text("web-evidence-no-cases")) }
        } @else {
            table #cases {
                thead { tr {
                    th { (viewer.text("web-evidence-field-case")) }
                    th { (viewer.text("web-evidence-items")) }
                } }
                tbody {
                    @for (case_ref, count) in &counts {
                        tr { td { a href=(case_href(case_ref)) { (case_ref) } } td { (count) } }
                    }
                }
            }
        }
    }
}

/// Renders one case's items, oldest first as the store returns them.
fn case_items(state: &AppState, viewer: &Viewer, case_ref: &str, items: &[EvidenceItem]) -> Markup {
    let offset = state.node_offset();
    html! {
        h1 { (viewer.text_with("web-evidence-case-title", &[("case", Arg::Text(case_ref))])) }
        (evidence_nav(viewer, case_ref))
        @if items.is_empty() {
            p #no-items { (viewer.text_with("web-evidence-no-items", &[("case", Arg::Text(case_ref))])) }
        } @else {
            table #evidence-items {
                thead { tr {
                    th { (viewer.text("web-evidence-item")) }
                    th { (viewer.text("web-evidence-field-kind")) }
                    th { (viewer.text("web-evidence-field-exhibit")) }
                    th { (viewer.text("web-evidence-file-name")) }
                    th { "SHA-256" }
                    th { (viewer.text("web-evidence-added-at")) }
                } }
                tbody {
                    @for item in items {
                        tr data-item=(item.id) {
                            td.key { a href=(item_href(&item.id)) { (item.id) } }
                            td { (kind_name(viewer, &item.kind)) }
                            td { (item.exhibit_number.as_deref().unwrap_or("")) }
                            td { (item.file_name) }
                            td.key { code { (item.sha256) } }
                            td { @if let Some(time) = chrono::DateTime::from_timestamp_micros(item.created_us) { (display::instant(time, offset)) } }
                        }
                    }
                }
            }
        }
    }
}
