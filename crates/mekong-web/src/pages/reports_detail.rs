//! One bank report's page: its header and the entities that appear in it, each with
//! the role it appeared in and every property value in every script given.
//!
//! Invariant: viewing a report shows personal data, so each view is recorded in the
//! audit trail as `report.view` before the page is sent.

use axum::extract::{Extension, Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use maud::{Markup, html};
use mekong_store::reports::{EntityLink, EntityRecord};

use super::reports::ftm_labels::{property_label, role_label, schema_label};
use super::reports_import::report_store;
use super::{PageError, html_response, layout, not_found_page};
use crate::audit_trail::{self, Entry as AuditEntry};
use crate::auth::Principal;
use crate::blocking;
use crate::display;
use crate::error::WebError;
use crate::locale::Viewer;
use crate::state::AppState;

/// Properties that name an entity, in the order tried for its caption.
const CAPTION_PROPERTIES: &[&str] = &["name", "accountNumber", "iban", "number", "phone", "email", "full", "address"];

/// Handles `GET /reports/{id}`.
pub(crate) async fn show(
    State(state): State<AppState>,
    viewer: Viewer,
    Extension(principal): Extension<Principal>,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let store = match report_store(&state, &viewer) {
        Ok(store) => store,
        Err(response) => return Ok(*response),
    };

    let report_id = id.clone();
    let loaded = blocking::run(move || -> Result<_, WebError> {
        let Some(report) = store.reports()?.into_iter().find(|report| report.id == report_id) else {
            return Ok(None);
        };

        // NOTE: the store has no query for one report's entities, so this reads the
        // links of every stored entity. A large entity table needs such a query.
        let mut appearances = Vec::new();
        for entity in store.entities()? {
            let links: Vec<EntityLink> =
                store.entity_links(&entity.id)?.into_iter().filter(|link| link.report_id == report_id).collect();
            if !links.is_empty() {
                appearances.push((entity, links));
            }
        }
        Ok(Some((report, appearances)))
    })
    .await
    .map_err(|error| PageError::new(&viewer, &state, error))?;

    let Some((report, appearances)) = loaded else {
        return Ok(not_found_page(&viewer, &state.identity, &viewer.text("web-reports-not-found")));
    };

    let audit = AuditEntry {
        actor: principal.actor(&state.identity.agency),
        action: "report.view",
        object_type: Some("report"),
        object_id: Some(&report.id),
        changes: Vec::new(),
        source: None,
    };
    audit_trail::record(&state, audit).await.map_err(|error| PageError::new(&viewer, &state, error))?;

    let title = viewer.text_with("web-reports-detail-title", &[("code", mekong_core::i18n::Arg::Text(&report.report_code))]);
    let content = html! {
        h1 { (title) }
        dl.facts #report {
            dt { (viewer.text("web-reports-id")) } dd.key { (report.id) }
            dt { (viewer.text("web-reports-code")) } dd { (report.report_code) }
            dt { (viewer.text("web-reports-rentity")) } dd { (report.rentity_id) }
            dt { (viewer.text("web-reports-reference")) } dd { (report.entity_reference) }
            dt { (viewer.text("web-reports-date")) } dd { (report.report_date) }
            dt { (viewer.text("web-reports-currency")) } dd { (report.currency) }
            dt { (viewer.text("web-reports-declared-version")) } dd #declared-version { (declared_version(&viewer, report.declared_version.as_deref())) }
            dt { (viewer.text("web-reports-checked-version")) } dd #checked-version { (report.checked_version) }
            dt { (viewer.text("web-reports-transactions")) } dd { (report.transactions) }
            dt { (viewer.text("web-reports-imported")) } dd { (display::instant(report.imported_at, state.node_offset())) }
            dt { (viewer.text("web-reports-origin")) } dd { (report.origin) }
        }
        h2 { (viewer.text("web-entities-title")) }
        table #report-entities {
            thead { tr {
                th { (viewer.text("web-entities-schema")) }
                th { (viewer.text("web-entities-caption")) }
                th { (viewer.text("web-entities-roles")) }
                th { (viewer.text("web-entities-properties")) }
            } }
            tbody {
                @for (entity, links) in &appearances {
                    tr data-id=(entity.id) data-schema=(entity.schema) {
                        td { (schema_label(&viewer, &entity.schema)) }
                        td { (entity_caption(entity)) }
                        td {
                            @for link in links {
                                (role_label(&viewer, &link.role))
                                @if !link.transaction_number.is_empty() { " (" (link.transaction_number) ")" }
                                br;
                            }
                        }
                        td { (properties_list(&viewer, entity)) }
                    }
                }
            }
        }
        p { a href="/reports" { (viewer.text("web-reports-back")) } }
    };
    Ok(html_response(StatusCode::OK, layout::page(&viewer, &state.identity, &title, &[], content)))
}

/// Returns the schema version a report declares, or the localised text for none.
pub(crate) fn declared_version(viewer: &Viewer, declared: Option<&str>) -> String {
    declared.map_or_else(|| viewer.text("web-reports-version-not-declared"), str::to_owned)
}

/// Returns the values that name an entity, such as every name of a person in every script.
pub(crate) fn entity_caption(entity: &EntityRecord) -> String {
    CAPTION_PROPERTIES
        .iter()
        .find_map(|property| entity.properties.get(*property).filter(|values| !values.is_empty()))
        .map(|values| values.join(" / "))
        .unwrap_or_else(|| entity.id.clone())
}

/// Renders every property of an entity with all its values.
pub(crate) fn properties_list(viewer: &Viewer, entity: &EntityRecord) -> Markup {
    html! {
        dl.properties {
            @for (name, values) in &entity.properties {
                dt { (property_label(viewer, name)) }
                dd { (values.join("; ")) }
            }
        }
    }
}
