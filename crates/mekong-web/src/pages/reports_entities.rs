//! The entities page: every person, organisation, account and other entity taken
//! from bank reports, and the people, organisations and bank accounts suggested for
//! merging, with the analyst's decision.
//!
//! Invariants:
//! - nothing is merged here. A suggestion is only shown, and an analyst's decision
//!   ("same person", "same organisation", "same account" or "not the same entity") is
//!   recorded in the audit trail as `entity.merge-decision`, which is also where the
//!   page reads decisions back from;
//! - a decision is accepted only for a pair the current suggestions contain, and only
//!   a decision that fits the pair's kind, so a pair of accounts cannot be recorded as
//!   the same person;
//! - each pair is one row listing every rule it meets, and its decision records all
//!   of those rules as the audit field `reason`, separated by commas.

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{Extension, State};
use axum::http::StatusCode;
use axum::response::Response;
use maud::{Markup, html};
use mekong_audit::{AuditQuery, search};
use mekong_auth::Action;
use mekong_core::i18n::Arg;
use mekong_reports::{MergeKind, MergeSuggestion, stored_merge_suggestions};
use mekong_store::reports::EntityRecord;

use super::reports::ftm_labels::schema_label;
use super::reports_detail::{entity_caption, properties_list};
use super::reports_import::report_store;
use super::{PageError, error_box, form, html_response, layout};
use crate::audit_trail::{self, Entry as AuditEntry};
use crate::auth::Principal;
use crate::blocking;
use crate::error::WebError;
use crate::locale::Viewer;
use crate::state::AppState;

/// Maximum entities listed.
const MAX_ROWS: usize = 500;

/// The audit action of a merge decision.
const DECISION_ACTION: &str = "entity.merge-decision";

/// Audit records read per page when collecting decisions; the audit search allows at most 500.
const DECISIONS_PER_PAGE: u32 = 500;

/// The decision that two entities are different, for every kind of suggestion.
const NOT_SAME: &str = "not-same";

/// Returns the two decisions an analyst can take on a suggestion of this kind.
fn decisions(kind: MergeKind) -> [&'static str; 2] {
    let same = match kind {
        MergeKind::Person => "same-person",
        MergeKind::Organisation => "same-organisation",
        MergeKind::BankAccount => "same-account",
    };
    [same, NOT_SAME]
}

/// Returns the message key naming a kind of entity.
fn kind_key(kind: MergeKind) -> &'static str {
    match kind {
        MergeKind::Person => "web-entities-kind-person",
        MergeKind::Organisation => "web-entities-kind-organisation",
        MergeKind::BankAccount => "web-entities-kind-bank-account",
    }
}

/// Handles `GET /entities`.
pub(crate) async fn list(State(state): State<AppState>, viewer: Viewer) -> Result<Response, PageError> {
    render(&state, &viewer, None, Vec::new(), StatusCode::OK).await
}

async fn render(
    state: &AppState,
    viewer: &Viewer,
    notice: Option<String>,
    errors: Vec<String>,
    status: StatusCode,
) -> Result<Response, PageError> {
    let store = match report_store(state, viewer) {
        Ok(store) => store,
        Err(response) => return Ok(*response),
    };
    let audit_store = state.auditor.store().clone();
    let loaded = blocking::run(move || -> Result<_, WebError> {
        let entities = store.entities()?;
        let suggestions = stored_merge_suggestions(store.as_ref())?;
        let decisions = recorded_decisions(audit_store.as_ref())?;
        Ok((entities, suggestions, decisions))
    })
    .await;
    let (entities, suggestions, decisions) = loaded.map_err(|error| PageError::new(viewer, state, error))?;

    let by_id: HashMap<&str, &EntityRecord> = entities.iter().map(|entity| (entity.id.as_str(), entity)).collect();
    let shown = &entities[..entities.len().min(MAX_ROWS)];
    let title = viewer.text("web-entities-title");
    let content = html! {
        h1 { (title) }
        (error_box(viewer, &errors))
        @if let Some(notice) = &notice { p.notice #notice { (notice) } }
        h2 { (viewer.text("web-entities-merge-title")) }
        p.hint { (viewer.text("web-entities-merge-hint")) }
        @if suggestions.is_empty() {
            p #no-suggestions { (viewer.text("reports-merge-none")) }
        } @else {
            table #merge-suggestions {
                thead { tr {
                    th { (viewer.text("web-entities-kind")) }
                    th { (viewer.text("web-entities-left")) }
                    th { (viewer.text("web-entities-right")) }
                    th { (viewer.text("web-entities-reason")) }
                    th { (viewer.text("web-entities-decision")) }
                } }
                tbody {
                    @for suggestion in &suggestions {
                        (suggestion_row(viewer, suggestion, &by_id, decisions.get(&pair_id(&suggestion.left, &suggestion.right))))
                    }
                }
            }
        }
        h2 { (viewer.text("web-entities-all")) }
        p #entities-count { (viewer.text_with("web-reports-count", &[
            ("shown", Arg::Number(shown.len() as f64)),
            ("found", Arg::Number(entities.len() as f64)),
        ])) }
        table #entities {
            thead { tr {
                th { (viewer.text("web-entities-schema")) }
                th { (viewer.text("web-entities-caption")) }
                th { (viewer.text("web-entities-properties")) }
            } }
            tbody {
                @for entity in shown {
                    tr data-id=(entity.id) data-schema=(entity.schema) {
                        td { (schema_label(viewer, &entity.schema)) }
                        td { (entity_caption(entity)) }
                        td { (properties_list(viewer, entity)) }
                    }
                }
            }
        }
    };
    Ok(html_response(status, layout::page(viewer, &state.identity, &title, &[], content)))
}

fn suggestion_row(
    viewer: &Viewer,
    suggestion: &MergeSuggestion,
    by_id: &HashMap<&str, &EntityRecord>,
    decision: Option<&String>,
) -> Markup {
    let caption = |id: &str| by_id.get(id).map_or_else(|| id.to_owned(), |entity| entity_caption(entity));
    html! {
        tr.suggestion data-left=(suggestion.left) data-right=(suggestion.right) data-kind=(kind_name(suggestion.kind)) data-reason=(reason_names(suggestion, " ")) {
            td { (viewer.text(kind_key(suggestion.kind))) }
            td { (caption(&suggestion.left)) br; small.key { (suggestion.left) } }
            td { (caption(&suggestion.right)) br; small.key { (suggestion.right) } }
            td {
                ul.reasons {
                    @for found in &suggestion.matches {
                        li data-reason=(serialised_name(&found.reason)) {
                            (viewer.text(found.reason.message_key())) ": "
                            span.match-key {
                                small { (viewer.text("web-entities-match-key")) } " " code.key { (found.key) }
                            }
                        }
                    }
                }
            }
            td {
                @if let Some(decision) = decision {
                    strong.decision data-decision=(decision) { (viewer.text(&format!("web-entities-decided-{decision}"))) }
                }
                @if viewer.may(Action::ImportReports) {
                    form.inline method="post" action="/entities/merge" {
                        (viewer.csrf_field())
                        input type="hidden" name="left" value=(suggestion.left);
                        input type="hidden" name="right" value=(suggestion.right);
                        @for choice in decisions(suggestion.kind) {
                            button type="submit" name="decision" value=(choice) { (viewer.text(&format!("web-entities-decide-{choice}"))) }
                        }
                    }
                }
            }
        }
    }
}

/// Returns a value's name as serialised, such as `account-number` or `bank-account`.
fn serialised_name(value: &impl serde::Serialize) -> String {
    serde_json::to_value(value).ok().and_then(|value| value.as_str().map(str::to_owned)).unwrap_or_default()
}

/// Returns the kind's name as serialised, such as `bank-account`.
fn kind_name(kind: MergeKind) -> String {
    serialised_name(&kind)
}

/// Returns the serialised names of every rule a pair meets, joined by the separator.
fn reason_names(suggestion: &MergeSuggestion, separator: &str) -> String {
    suggestion.matches.iter().map(|found| serialised_name(&found.reason)).collect::<Vec<_>>().join(separator)
}

/// Returns the audit object id of a suggested pair.
fn pair_id(left: &str, right: &str) -> String {
    format!("{left}+{right}")
}

/// Reads the newest recorded decision of every pair from the audit trail.
fn recorded_decisions(store: &dyn mekong_store::audit::AuditStore) -> Result<HashMap<String, String>, WebError> {
    let mut decisions = HashMap::new();
    let mut page = 1;
    loop {
        let query = AuditQuery { action: Some(DECISION_ACTION.to_owned()), page, per_page: DECISIONS_PER_PAGE, ..AuditQuery::default() };
        let found = search(store, &query)?;

        // Records come newest first, so the first decision seen for a pair is its current one.
        for entry in &found.items {
            let Some(pair) = &entry.object_id else { continue };
            let decision = entry.changes.iter().find(|change| change.field == "decision").and_then(|change| change.new.clone());
            if let Some(decision) = decision {
                decisions.entry(pair.clone()).or_insert(decision);
            }
        }
        if found.items.len() < DECISIONS_PER_PAGE as usize {
            return Ok(decisions);
        }
        page += 1;
    }
}

/// Handles `POST /entities/merge`: records "same person", "same organisation", "same
/// account" or "not the same" for a suggested pair. The entities stay as they are.
pub(crate) async fn decide(
    State(state): State<AppState>,
    viewer: Viewer,
    Extension(principal): Extension<Principal>,
    body: Bytes,
) -> Result<Response, PageError> {
    let viewer = viewer.at_page("/entities".to_owned());
    let store = match report_store(&state, &viewer) {
        Ok(store) => store,
        Err(response) => return Ok(*response),
    };
    let pairs = form::pairs(&body);
    let left = form::field(&pairs, "left").to_owned();
    let right = form::field(&pairs, "right").to_owned();
    let decision = form::field(&pairs, "decision").to_owned();

    let suggestions =
        blocking::run(move || stored_merge_suggestions(store.as_ref())).await.map_err(|error| PageError::new(&viewer, &state, error))?;
    let Some(suggestion) = suggestions.iter().find(|suggestion| suggestion.left == left && suggestion.right == right) else {
        tracing::info!(%left, %right, "merge decision for a pair that is not a current suggestion rejected");
        return render(&state, &viewer, None, vec![viewer.text("web-entities-pair-unknown")], StatusCode::BAD_REQUEST).await;
    };
    if !decisions(suggestion.kind).contains(&decision.as_str()) {
        tracing::info!(%decision, kind = ?suggestion.kind, "merge decision that does not fit the pair rejected");
        return render(&state, &viewer, None, vec![viewer.text("web-entities-decision-invalid")], StatusCode::BAD_REQUEST).await;
    }

    let object_id = pair_id(&suggestion.left, &suggestion.right);
    // Every rule the pair meets, such as `registration-number,organisation-name`.
    let reason = Some(reason_names(suggestion, ","));
    let audit = AuditEntry {
        actor: principal.actor(&state.identity.agency),
        action: DECISION_ACTION,
        object_type: Some("merge_suggestion"),
        object_id: Some(&object_id),
        changes: vec![("decision", None, Some(decision.clone())), ("reason", None, reason)],
        source: None,
    };
    audit_trail::record(&state, audit).await.map_err(|error| PageError::new(&viewer, &state, error))?;
    tracing::info!(left = %suggestion.left, right = %suggestion.right, %decision, "merge decision recorded");

    let notice = viewer.text(&format!("web-entities-recorded-{decision}"));
    render(&state, &viewer, Some(notice), Vec::new(), StatusCode::OK).await
}
