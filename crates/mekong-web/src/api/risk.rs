//! `GET /api/v1/risk`: the pre-payment risk query of banks and payment apps.
//!
//! Query parameters `account` (`BANK/NUMBER`), `phone`, `url` and `wallet`, each at
//! most once and at least one of them. The answer is `allow`, `warn` or `delay` with
//! the listings behind it, as the caller may see them: listing type, reason, source
//! agency, legal basis, expiry and appeal route, never the internal note. The lookup
//! runs in memory on the request's own task and touches no database. The audit
//! record of the query (token, identifier kinds, decision) is queued for a batched
//! write afterwards.

use axum::Json;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::extract::{Extension, Query, State};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use mekong_core::i18n::Messages;
use mekong_audit::{AuditEvent, FieldChange, TrySubmit};
use mekong_registry::{IdentifierKind, RegistryError};

use super::error::{ApiError, ParamError};
use crate::auth::Principal;
use crate::locale::api_locale;
use crate::state::AppState;

/// The query parameters and the kind each names.
const PARAMS: [(&str, IdentifierKind); 4] = [
    ("account", IdentifierKind::BankAccount),
    ("phone", IdentifierKind::Phone),
    ("url", IdentifierKind::Url),
    ("wallet", IdentifierKind::Wallet),
];

/// Records a risk query in the audit trail: the caller, the identifier kinds asked
/// for and the decision, never the identifiers themselves.
///
/// The event goes to the state's batch recorder, which appends it in a group commit,
/// so the database write stays out of the response latency. When the recorder's queue
/// is full, a blocking thread waits for room, which applies back-pressure without
/// dropping the record. A failed submit is logged, because the caller has its response already.
fn audit_query(state: &AppState, principal: &Principal, kinds: Vec<&'static str>, decision: &'static str) {
    let event = AuditEvent {
        actor: principal.actor(&state.identity.agency),
        action: "registry.risk_query".to_owned(),
        object_type: Some("risk_query".to_owned()),
        object_id: None,
        changes: vec![
            FieldChange { field: "kinds".to_owned(), old: None, new: Some(kinds.join(",")) },
            FieldChange { field: "answer".to_owned(), old: None, new: Some(decision.to_owned()) },
        ],
        purpose: None,
        source: Some("api".to_owned()),
    };

    let event = match state.audit_batch.try_submit(event) {
        Ok(TrySubmit::Queued) => return,
        Ok(TrySubmit::Full(event)) => *event,
        Err(error) => {
            tracing::error!(%error, "audit record of a risk query failed");
            return;
        }
    };

    let recorder = state.audit_batch.clone();
    tokio::task::spawn_blocking(move || {
        if let Err(error) = recorder.submit(event) {
            tracing::error!(%error, "audit record of a risk query failed");
        }
    });
}

/// Handles `GET /api/v1/risk`.
pub(crate) async fn query(
    State(state): State<AppState>,
    principal: Option<Extension<Principal>>,
    headers: HeaderMap,
    uri: Uri,
) -> Response {
    let locale = api_locale(&headers);
    let messages = Messages::global();
    let Some(registry) = state.registry.clone() else {
        let text = messages.get(locale, "web-api-registry-unavailable");
        return ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "registry_unavailable", text).into_response();
    };

    let pairs = Query::<Vec<(String, String)>>::try_from_uri(&uri).map(|Query(pairs)| pairs).unwrap_or_default();
    let mut identifiers: Vec<(IdentifierKind, &str)> = Vec::new();
    let mut errors = Vec::new();
    for (name, value) in &pairs {
        match PARAMS.iter().find(|(param, _)| param == name) {
            Some((param, kind)) => match registry.normalise(*kind, value) {
                Ok(_) => identifiers.push((*kind, value.as_str())),
                Err(RegistryError::Normalise(error)) => errors.push(ParamError {
                    param,
                    value: value.clone(),
                    code: "invalid_identifier",
                    reason: messages.get(locale, error.message_id()),
                }),
                Err(_) => {}
            },
            None => errors.push(ParamError {
                param: "query",
                value: name.clone(),
                code: "unknown_param",
                reason: messages.get(locale, "web-api-risk-unknown-param"),
            }),
        }
    }

    if identifiers.is_empty() && errors.is_empty() {
        let text = messages.get(locale, "web-api-risk-no-identifier");
        return ApiError::new(StatusCode::BAD_REQUEST, "no_identifier", text).into_response();
    }
    if !errors.is_empty() {
        let text = errors.iter().map(|error| error.reason.as_str()).collect::<Vec<_>>().join(" ");
        return ApiError::new(StatusCode::BAD_REQUEST, "invalid_query", text).with_params(errors).into_response();
    }

    match registry.risk(&identifiers, Utc::now()) {
        Ok(answer) => {
            match &principal {
                Some(Extension(principal)) => {
                    let kinds = identifiers.iter().map(|(kind, _)| kind.as_str()).collect();
                    audit_query(&state, principal, kinds, answer.decision.as_str());
                }
                // The route requires an API token, so this branch runs only if the
                // access rule in ROUTES changes.
                None => tracing::warn!("risk query returned without a principal, so it was not audited"),
            }
            Json(answer).into_response()
        }
        Err(error) => {
            tracing::error!(%error, "risk query failed");
            let text = messages.get(locale, "web-api-internal-read");
            ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", text).into_response()
        }
    }
}

