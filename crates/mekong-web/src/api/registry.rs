//! `POST /api/v1/registry`: lists an identifier in the flagged-identifier registry
//! while the node runs.
//!
//! A bank-account entry flags the account in the running monitor through the
//! pipeline, so the next transaction that touches it is scored with the flag. Every
//! stored entry is recorded in the audit trail as `registry.add`.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use chrono::Utc;
use mekong_core::i18n::{Arg, Messages};
use mekong_registry::{Entry, IdentifierKind, ListingType, RegistryError, Upsert, resolve_period};
use serde::{Deserialize, Serialize};

use super::error::ApiError;
use crate::audit_trail;
use crate::auth::Principal;
use crate::locale::api_locale;
use crate::state::AppState;

/// The request body.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct NewEntry {
    kind: String,
    value: String,
    listing_type: String,
    reason: String,
    source_agency: String,
    legal_basis: String,
    appeal: String,
    /// RFC 3339 or `YYYY-MM-DD`; now when absent.
    starts_at: Option<String>,
    expires_at: Option<String>,
    #[serde(default)]
    note: String,
}

/// The response: what was stored.
#[derive(Debug, Serialize)]
struct Stored {
    outcome: &'static str,
    kind: &'static str,
    value: String,
    valid: bool,
}

/// Handles `POST /api/v1/registry`.
pub(crate) async fn add(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let locale = api_locale(&headers);
    let messages = Messages::global();
    let invalid = |text: String| ApiError::new(StatusCode::BAD_REQUEST, "invalid_entry", text).into_response();
    let Some(registry) = state.registry.clone() else {
        let text = messages.get(locale, "web-api-registry-unavailable");
        return ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "registry_unavailable", text).into_response();
    };

    let request: NewEntry = match serde_json::from_slice(&body) {
        Ok(request) => request,
        Err(error) => {
            let detail = error.to_string();
            return invalid(messages.format(locale, "web-api-registry-malformed", &[("detail", Arg::Text(&detail))]));
        }
    };
    let Ok(kind) = request.kind.parse::<IdentifierKind>() else {
        return invalid(messages.get(locale, "registry-unknown-kind"));
    };
    let Ok(listing) = request.listing_type.parse::<ListingType>() else {
        return invalid(messages.get(locale, "registry-unknown-listing"));
    };
    let normalised = match registry.normalise(kind, &request.value) {
        Ok(normalised) => normalised,
        Err(RegistryError::Normalise(error)) => return invalid(messages.get(locale, error.message_id())),
        Err(_) => return invalid(messages.get(locale, "registry-invalid-empty")),
    };
    let starts = request.starts_at.as_deref().unwrap_or("");
    let expires = request.expires_at.as_deref().unwrap_or("");
    let period = match resolve_period(starts, expires, state.node_offset(), Utc::now()) {
        Ok(period) => period,
        Err(error) => return invalid(messages.format(locale, error.message_id(), &[("value", Arg::Text(error.value()))])),
    };

    let entry = Entry {
        kind,
        value: normalised.value.clone(),
        raw: request.value.trim().to_owned(),
        valid: normalised.valid,
        listing,
        reason: request.reason.trim().to_owned(),
        note: request.note.trim().to_owned(),
        source_agency: request.source_agency.trim().to_owned(),
        legal_basis: request.legal_basis.trim().to_owned(),
        appeal: request.appeal.trim().to_owned(),
        starts_at: period.starts_at,
        expires_at: period.expires_at,
        origin: state.identity.node_id.to_string(),
        added_at: Utc::now(),
    };
    let stored = Stored { outcome: "", kind: kind.as_str(), value: normalised.value, valid: normalised.valid };

    let internal = || {
        let text = messages.get(locale, "web-api-registry-internal");
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", text).into_response()
    };
    // An empty start keeps the stored start of an existing entry, so a repeated request changes nothing.
    let start_defaulted = period.start_defaulted;
    let store_entry = move || if start_defaulted { registry.add_with_empty_start(entry) } else { registry.add(entry) };
    let result = match tokio::task::spawn_blocking(store_entry).await {
        Ok(result) => result,
        Err(error) => {
            tracing::error!(%error, kind = %kind, "registry add task failed");
            return internal();
        }
    };
    let outcome = match result {
        Ok(outcome) => outcome,
        Err(RegistryError::MissingField(field)) => {
            return invalid(messages.format(locale, "registry-missing-field", &[("column", Arg::Text(field))]));
        }
        Err(RegistryError::TooLong { field, .. }) => {
            return invalid(messages.format(locale, "registry-too-long", &[("column", Arg::Text(field))]));
        }
        Err(RegistryError::ExpiryBeforeStart) => return invalid(messages.get(locale, "registry-expiry-before-start")),
        Err(error) => {
            tracing::error!(%error, kind = %kind, "registry add failed");
            return internal();
        }
    };

    let object_id = format!("{}:{}", stored.kind, stored.value);
    let outcome_name = match outcome {
        Upsert::Added => "added",
        Upsert::Updated => "updated",
        Upsert::Unchanged => "unchanged",
    };
    let audit = audit_trail::Entry {
        actor: principal.actor(&state.identity.agency),
        action: "registry.add",
        object_type: Some("registry_entry"),
        object_id: Some(&object_id),
        changes: vec![("listing_type", None, Some(listing.as_str().to_owned()))],
        source: None,
    };
    if audit_trail::record(&state, audit).await.is_err() {
        return internal();
    }

    let status = if outcome == Upsert::Added { StatusCode::CREATED } else { StatusCode::OK };
    (status, Json(Stored { outcome: outcome_name, ..stored })).into_response()
}
