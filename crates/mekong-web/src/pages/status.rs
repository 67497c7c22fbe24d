//! Moving an alert along the workflow: open → under review → escalated or
//! dismissed, posted from the alert page's form.
//!
//! Invariants: a change needs a reason of 1 to 2000 characters after trimming. A
//! missing, empty or overlong reason, an unknown status or a change the workflow
//! does not allow changes nothing. The alert page is then shown again with a
//! localised message, and the typed reason is kept. A success redirects to the
//! alert page (post/redirect/get), whose history then lists the change. The
//! signed-in user is the change's actor, and the change is recorded in the audit
//! trail before it is made.

use axum::extract::rejection::FormRejection;
use axum::extract::{Extension, Form, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use mekong_core::AlertStatus;
use mekong_core::i18n::Arg;
use mekong_store::StoreError;
use serde::Deserialize;

use super::alert::{self, MAX_REASON_CHARS, StatusFormState};
use super::PageError;
use crate::audit_trail::{self, Entry};
use crate::auth::Principal;
use crate::blocking;
use crate::display;
use crate::error::WebError;
use crate::locale::Viewer;
use crate::state::AppState;

/// The fields of the status form.
#[derive(Debug, Deserialize)]
pub(crate) struct StatusForm {
    to: Option<String>,
    reason: Option<String>,
}

/// Handles `POST /alerts/{id}/status`.
pub(crate) async fn change(
    State(state): State<AppState>,
    viewer: Viewer,
    Extension(principal): Extension<Principal>,
    Path(id): Path<String>,
    form: Result<Form<StatusForm>, FormRejection>,
) -> Result<Response, PageError> {
    // The language switch of a re-rendered form leads to the alert page.
    let viewer = viewer.at_page(display::alert_href(&id));

    let Some(detail) = alert::load(&state, id.clone()).await.map_err(|error| PageError::new(&viewer, &state, error))?
    else {
        return Ok(alert::alert_not_found(&state, &viewer, &id));
    };
    let current = detail.record.alert.status;

    let (to, reason, form_state) = match validate(&viewer, current, form) {
        Ok(valid) => valid,
        Err((status, form_state)) => return Ok(alert::render(&state, &viewer, &detail, &form_state, status)),
    };

    let entry = Entry {
        actor: principal.actor(&state.identity.agency),
        action: "alert.status_change",
        object_type: Some("alert"),
        object_id: Some(&id),
        changes: vec![("status", Some(current.to_string()), Some(to.to_string()))],
        source: None,
    };
    audit_trail::record(&state, entry).await.map_err(|error| PageError::new(&viewer, &state, error))?;

    let store = state.store.clone();
    let alert_id = id.clone();
    let stored_reason = reason.clone();
    let actor = principal.name();
    let result = blocking::run(move || store.change_alert_status(&alert_id, to, &stored_reason, &actor)).await;
    match result {
        Ok(_) => {
            tracing::info!(alert_id = %id, from = %current, to = %to, "alert status changed");
            Ok(Redirect::to(&display::alert_href(&id)).into_response())
        }
        Err(WebError::Store(StoreError::StatusChange(conflict))) => {
            // Someone else changed the status since the page was loaded: show the
            // alert as it is now, with the reason kept for another try.
            tracing::info!(alert_id = %id, from = %conflict.from, to = %conflict.to, "status change rejected by the workflow");
            let fresh = alert::load(&state, id.clone()).await.map_err(|error| PageError::new(&viewer, &state, error))?;
            let Some(fresh) = fresh else {
                return Ok(alert::alert_not_found(&state, &viewer, &id));
            };
            let form_state = StatusFormState {
                errors: vec![transition_error(&viewer, conflict.from, conflict.to)],
                ..form_state
            };
            Ok(alert::render(&state, &viewer, &fresh, &form_state, StatusCode::CONFLICT))
        }
        Err(WebError::Store(StoreError::AlertNotFound(_))) => Ok(alert::alert_not_found(&state, &viewer, &id)),
        Err(error) => Err(PageError::new(&viewer, &state, error)),
    }
}

/// Redirects `GET /alerts/{id}/status`, such as a bookmarked form address, to the
/// alert page.
pub(crate) async fn show_alert(Path(id): Path<String>) -> Redirect {
    Redirect::to(&display::alert_href(&id))
}

/// Checks the form. Returns the new status, the trimmed reason and the form as
/// sent, or else the HTTP status and the form with every error found.
fn validate(
    viewer: &Viewer,
    current: AlertStatus,
    form: Result<Form<StatusForm>, FormRejection>,
) -> Result<(AlertStatus, String, StatusFormState), (StatusCode, StatusFormState)> {
    let Ok(Form(form)) = form else {
        let errors = vec![viewer.text("web-status-error-form")];
        return Err((StatusCode::BAD_REQUEST, StatusFormState { errors, ..StatusFormState::default() }));
    };

    let to_text = form.to.unwrap_or_default();
    let reason = form.reason.unwrap_or_default().trim().to_owned();
    let mut errors = Vec::new();
    let mut status = StatusCode::BAD_REQUEST;

    let to = to_text.parse::<AlertStatus>().ok();
    match to {
        None => errors.push(viewer.text_with("web-status-error-unknown", &[("value", Arg::Text(&to_text))])),
        Some(to) if !current.next().contains(&to) => {
            errors.push(transition_error(viewer, current, to));
            status = StatusCode::CONFLICT;
        }
        Some(_) => {}
    }

    let length = reason.chars().count();
    if length == 0 {
        errors.push(viewer.text("web-status-error-reason-empty"));
    } else if length > MAX_REASON_CHARS {
        errors.push(viewer.text_with(
            "web-status-error-reason-long",
            &[("max", Arg::Number(MAX_REASON_CHARS as f64)), ("length", Arg::Number(length as f64))],
        ));
    }

    let form_state = StatusFormState { to: to_text, reason: reason.clone(), errors };
    match to {
        Some(to) if form_state.errors.is_empty() => Ok((to, reason, form_state)),
        _ => Err((status, form_state)),
    }
}

fn transition_error(viewer: &Viewer, from: AlertStatus, to: AlertStatus) -> String {
    let allowed: Vec<String> = from.next().iter().map(|status| display::status_name(viewer.locale, *status)).collect();
    let key = if allowed.is_empty() { "web-status-error-closed" } else { "web-status-error-transition" };
    viewer.text_with(
        key,
        &[
            ("from", Arg::Text(&display::status_name(viewer.locale, from))),
            ("to", Arg::Text(&display::status_name(viewer.locale, to))),
            ("allowed", Arg::Text(&allowed.join(", "))),
        ],
    )
}
