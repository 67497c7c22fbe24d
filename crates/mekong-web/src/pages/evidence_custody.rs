//! The form on an item page that records a custody step by hand, and its handler.
//!
//! Invariants:
//! - `POST /evidence/items/{id}/custody` needs `AddEvidence` and a valid CSRF token,
//!   which the route table and the auth middleware check before this handler runs;
//! - the order rules are those of [`mekong_evidence::manual_event`]. A rejected step
//!   changes nothing and shows the item page again with the reason and status 422;
//! - a recorded step is audited as `evidence.custody`, and the response redirects to
//!   the item page, whose history then lists it.

use axum::body::Bytes;
use axum::extract::{Extension, Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{DateTime, FixedOffset, NaiveDateTime, TimeZone, Utc};
use maud::{Markup, html};
use mekong_core::i18n::Arg;
use mekong_evidence::manual_event::{MANUAL_KINDS, ManualDetails, ManualEvent};
use mekong_evidence::{EventKind, EvidenceError};

use super::evidence::{item_href, services};
use super::evidence_item::{audit, item_not_found, load, render};
use super::{PageError, form};
use crate::auth::Principal;
use crate::blocking;
use crate::error::WebError;
use crate::locale::Viewer;
use crate::state::AppState;

/// Renders the form; `error` is the localised reason the last post was rejected.
pub(super) fn form(viewer: &Viewer, item_id: &str, offset: FixedOffset, error: Option<&str>) -> Markup {
    html! {
        form.card #record-custody method="post" action=(format!("{}/custody", item_href(item_id))) {
            (viewer.csrf_field())
            h3 { (viewer.text("web-custody-form-title")) }
            @if let Some(error) = error { p.errors #custody-error role="alert" { (error) } }
            label { (viewer.text("web-custody-form-event"))
                select name="event" required {
                    @for kind in MANUAL_KINDS {
                        option value=(kind.as_str()) { (viewer.text(&format!("web-evidence-event-{}", kind.as_str().replace('_', "-")))) }
                    }
                }
            }
            label { (viewer.text("web-custody-form-at"))
                input type="datetime-local" name="at" step="1";
            }
            p.hint { (viewer.text_with("web-custody-form-at-hint", &[("offset", Arg::Text(&offset.to_string()))])) }
            label { (viewer.text("web-custody-form-place")) input type="text" name="place" maxlength="200"; }
            label { (viewer.text("web-custody-form-seal")) input type="text" name="seal" maxlength="100"; }
            label { (viewer.text("web-custody-form-note")) input type="text" name="note" maxlength="500"; }
            button type="submit" { (viewer.text("web-custody-form-submit")) }
        }
    }
}

/// Returns the details of a stored event for the history table: the labelled fields
/// of a manual event, or the stored text of an event the system wrote.
pub(super) fn details_text(viewer: &Viewer, details: &str) -> String {
    let Some(manual) = ManualDetails::parse(details) else {
        return details.to_owned();
    };

    let mut parts = vec![viewer.text_with("web-custody-detail-at", &[("at", Arg::Text(&manual.at))])];
    if let Some(place) = &manual.place {
        parts.push(viewer.text_with("web-custody-detail-place", &[("place", Arg::Text(place))]));
    }
    if let Some(seal) = &manual.seal {
        parts.push(viewer.text_with("web-custody-detail-seal", &[("seal", Arg::Text(seal))]));
    }
    if let Some(note) = &manual.note {
        parts.push(viewer.text_with("web-custody-detail-note", &[("note", Arg::Text(note))]));
    }
    parts.join(" · ")
}

/// Parses the form's time: RFC 3339 with an offset, or a `datetime-local` value taken
/// in the node's offset. An empty field means now.
fn parse_time(text: &str, offset: FixedOffset) -> Option<DateTime<FixedOffset>> {
    if text.is_empty() {
        return Some(Utc::now().with_timezone(&offset));
    }
    if let Ok(time) = DateTime::parse_from_rfc3339(text) {
        return Some(time);
    }

    let naive = NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S")
        .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M"))
        .ok()?;
    offset.from_local_datetime(&naive).single()
}

fn optional(fields: &[(String, String)], name: &str) -> Option<String> {
    let value = form::field(fields, name);
    (!value.is_empty()).then(|| value.to_owned())
}

/// Handles `POST /evidence/items/{id}/custody`.
pub(crate) async fn record(
    State(state): State<AppState>,
    viewer: Viewer,
    Extension(principal): Extension<Principal>,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response, PageError> {
    let viewer = viewer.at_page(item_href(&id));
    let services = match services(&state, &viewer) {
        Ok(services) => services,
        Err(response) => return Ok(*response),
    };
    let fields = form::pairs(&body);

    let kind = form::field(&fields, "event").parse::<EventKind>().ok().filter(|kind| MANUAL_KINDS.contains(kind));
    let at = parse_time(form::field(&fields, "at"), state.node_offset());
    let (kind, at) = match (kind, at) {
        (Some(kind), Some(at)) => (kind, at),
        (None, _) => return rejected(&state, &viewer, &services, id, viewer.text("web-custody-error-event")).await,
        (_, None) => return rejected(&state, &viewer, &services, id, viewer.text("web-custody-error-time")).await,
    };
    let event = ManualEvent {
        item_id: id.clone(),
        kind,
        actor: principal.name(),
        at,
        place: optional(&fields, "place"),
        seal_number: optional(&fields, "seal"),
        note: optional(&fields, "note"),
    };

    let vault = services.vault.clone();
    let recorded = blocking::run(move || vault.custody_log().record_manual(&event).map_err(WebError::from)).await;
    let seq = match recorded {
        Ok(seq) => seq,
        Err(WebError::Evidence(EvidenceError::ItemNotFound(_))) => return Ok(item_not_found(&state, &viewer, &id)),
        Err(WebError::Evidence(EvidenceError::EventRejected { rejection, .. })) => {
            tracing::info!(item_id = %id, event = kind.as_str(), rule = rejection.as_str(), "rejected a custody step");
            let reason = viewer.text(&format!("custody-rejected-{}", rejection.as_str()));
            return rejected(&state, &viewer, &services, id, reason).await;
        }
        Err(error) => return Err(PageError::new(&viewer, &state, error)),
    };

    let changes = vec![("event", None, Some(kind.as_str().to_owned())), ("at", None, Some(at.to_rfc3339())), ("seq", None, Some(seq.to_string()))];
    audit(&state, &principal, "evidence.custody", &id, changes).await.map_err(|error| PageError::new(&viewer, &state, error))?;
    tracing::info!(item_id = %id, seq, event = kind.as_str(), "recorded a custody step from the web");

    Ok(Redirect::to(&item_href(&id)).into_response())
}

/// Shows the item page again with the reason in the custody form.
async fn rejected(
    state: &AppState,
    viewer: &Viewer,
    services: &super::evidence::EvidenceServices,
    id: String,
    reason: String,
) -> Result<Response, PageError> {
    let Some(detail) = load(services, id.clone()).await.map_err(|error| PageError::new(viewer, state, error))? else {
        return Ok(item_not_found(state, viewer, &id));
    };
    Ok(render(state, viewer, &detail, None, Some(&reason)))
}
