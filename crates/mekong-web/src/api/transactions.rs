//! `POST /api/v1/transactions`: a bank feed submits a batch and gets, per
//! transaction and synchronously, `accepted`, `duplicate` or `rejected` and the
//! decision (`allow`, `review`, `hold`).
//!
//! Invariants:
//! - invalid transactions are rejected one by one. The valid ones of the same
//!   batch go through one `Pipeline::submit` call, so they are stored together or
//!   not at all;
//! - a retried id gets `duplicate` with the decision given the first time;
//! - results come back in request order, one per transaction;
//! - every stored transaction has this node as its origin.

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::extract::rejection::BytesRejection;
use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use mekong_core::i18n::{Arg, Locale, Messages};
use mekong_core::{Decision, Transaction};
use mekong_ingest::pipeline::Outcome;
use serde::Serialize;
use serde_json::Value;

use super::error::ApiError;
use super::validate::{self, FieldError};
use crate::blocking;
use crate::locale::api_locale;
use crate::state::AppState;

/// Maximum number of transactions in one request.
pub(crate) const MAX_BATCH: usize = 1000;
/// The largest request body: room for a full batch with the longest ids and
/// references escaped as `\uXXXX`.
pub(crate) const MAX_BODY_BYTES: usize = 8 * 1024 * 1024;

/// The response to a batch: one result per submitted transaction, in request order.
#[derive(Debug, Serialize)]
pub(crate) struct BatchResponse {
    results: Vec<TransactionResult>,
}

/// The result for one transaction.
#[derive(Debug, Serialize)]
pub(crate) struct TransactionResult {
    /// The transaction's id as sent; `null` if it sent no string id.
    id: Option<String>,
    /// `accepted`, `duplicate` or `rejected`.
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    decision: Option<Decision>,
    #[serde(skip_serializing_if = "Option::is_none")]
    score: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    alerts: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    errors: Option<Vec<FieldError>>,
}

/// Handles `POST /api/v1/transactions`.
pub(crate) async fn submit(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let locale = api_locale(&headers);
    match handle(&state, &headers, body, locale).await {
        Ok(response) => Json(response).into_response(),
        Err(error) => error.into_response(),
    }
}

async fn handle(
    state: &AppState,
    headers: &HeaderMap,
    body: Result<Bytes, BytesRejection>,
    locale: Locale,
) -> Result<BatchResponse, ApiError> {
    let messages = Messages::global();
    check_content_type(headers, locale)?;
    let items = parse_batch(body, locale)?;

    let origin = state.pipeline.origin().clone();
    let mut slots: Vec<Result<String, TransactionResult>> = Vec::with_capacity(items.len());
    let mut valid: Vec<Transaction> = Vec::new();
    for item in &items {
        match validate::transaction(item, &origin, locale) {
            Ok(tx) => {
                slots.push(Ok(tx.id.clone()));
                valid.push(tx);
            }
            Err(errors) => slots.push(Err(rejected(validate::id_of(item), errors))),
        }
    }

    let submitted = valid.len();
    let outcomes = if valid.is_empty() {
        Vec::new()
    } else {
        let pipeline = state.pipeline.clone();
        blocking::run(move || pipeline.submit(valid)).await.map_err(|error| {
            tracing::error!(%error, batch_len = submitted, "transaction batch failed");
            let (status, code, key) = if error.is_unavailable() {
                (StatusCode::SERVICE_UNAVAILABLE, "unavailable", "web-api-unavailable")
            } else {
                (StatusCode::INTERNAL_SERVER_ERROR, "internal", "web-api-internal")
            };
            ApiError::new(status, code, messages.get(locale, key))
        })?
    };

    let mut outcomes = outcomes.into_iter();
    let mut results = Vec::with_capacity(slots.len());
    let (mut accepted, mut duplicates, mut rejections) = (0_usize, 0_usize, 0_usize);
    for slot in slots {
        let result = match slot {
            Err(result) => result,
            Ok(id) => match outcomes.next() {
                Some(outcome) => from_outcome(id, outcome, locale),
                None => {
                    tracing::error!(batch_len = submitted, "pipeline returned fewer outcomes than transactions");
                    return Err(ApiError::new(
                        StatusCode::INTERNAL_SERVER_ERROR,
                        "internal",
                        messages.get(locale, "web-api-internal"),
                    ));
                }
            },
        };
        match result.status {
            "accepted" => accepted += 1,
            "duplicate" => duplicates += 1,
            _ => rejections += 1,
        }
        results.push(result);
    }

    tracing::info!(received = items.len(), accepted, duplicates, rejected = rejections, "transaction batch processed");
    Ok(BatchResponse { results })
}

fn check_content_type(headers: &HeaderMap, locale: Locale) -> Result<(), ApiError> {
    let value = headers.get(CONTENT_TYPE).and_then(|value| value.to_str().ok()).unwrap_or("");
    let essence = value.split(';').next().unwrap_or("").trim();
    if essence.eq_ignore_ascii_case("application/json") {
        return Ok(());
    }
    let received = if value.is_empty() { "(none)" } else { value };
    Err(ApiError::new(
        StatusCode::BAD_REQUEST,
        "unsupported_content_type",
        Messages::global().format(locale, "web-api-content-type", &[("value", Arg::Text(received))]),
    ))
}

/// Reads the body as `{"transactions": [...]}` and returns the transactions.
fn parse_batch(body: Result<Bytes, BytesRejection>, locale: Locale) -> Result<Vec<Value>, ApiError> {
    let messages = Messages::global();
    let body = body.map_err(|rejection| {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            let text = messages.format(locale, "web-api-too-large", &[("max", Arg::Number(MAX_BODY_BYTES as f64))]);
            ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, "body_too_large", text)
        } else {
            ApiError::new(StatusCode::BAD_REQUEST, "unreadable_body", messages.get(locale, "web-api-unreadable"))
        }
    })?;

    let document: Value = serde_json::from_slice(&body).map_err(|error| {
        let detail = error.to_string();
        // serde_json ends its text with the position, which the message states itself.
        let detail = detail.split(" at line ").next().unwrap_or(&detail).to_owned();
        let text = messages.format(
            locale,
            "web-api-malformed",
            &[
                ("line", Arg::Number(error.line() as f64)),
                ("column", Arg::Number(error.column() as f64)),
                ("detail", Arg::Text(&detail)),
            ],
        );
        ApiError::new(StatusCode::BAD_REQUEST, "malformed_json", text).at(error.line(), error.column())
    })?;

    let Value::Object(mut fields) = document else {
        return Err(ApiError::new(StatusCode::BAD_REQUEST, "not_an_object", messages.get(locale, "web-api-not-object")));
    };
    if let Some(unknown) = fields.keys().find(|name| *name != "transactions") {
        let text = messages.format(locale, "web-api-unknown-field", &[("field", Arg::Text(unknown))]);
        return Err(ApiError::new(StatusCode::BAD_REQUEST, "unknown_field", text));
    }
    let items = match fields.remove("transactions") {
        Some(Value::Array(items)) => items,
        Some(_) => {
            return Err(ApiError::new(StatusCode::BAD_REQUEST, "not_an_array", messages.get(locale, "web-api-not-array")));
        }
        None => return Err(ApiError::new(StatusCode::BAD_REQUEST, "missing_transactions", messages.get(locale, "web-api-not-object"))),
    };

    if items.is_empty() {
        let text = messages.format(locale, "web-api-empty", &[("max", Arg::Number(MAX_BATCH as f64))]);
        return Err(ApiError::new(StatusCode::BAD_REQUEST, "empty_batch", text));
    }
    if items.len() > MAX_BATCH {
        let text = messages.format(
            locale,
            "web-api-too-many",
            &[("count", Arg::Number(items.len() as f64)), ("max", Arg::Number(MAX_BATCH as f64))],
        );
        return Err(ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, "too_many_transactions", text));
    }
    Ok(items)
}

fn rejected(id: Option<String>, errors: Vec<FieldError>) -> TransactionResult {
    TransactionResult { id, status: "rejected", decision: None, score: None, alerts: None, errors: Some(errors) }
}

fn from_outcome(id: String, outcome: Outcome, locale: Locale) -> TransactionResult {
    match outcome {
        Outcome::Accepted { decision, score, alerts } => TransactionResult {
            id: Some(id),
            status: "accepted",
            decision: Some(decision),
            score: Some(score),
            alerts: Some(alerts),
            errors: None,
        },
        Outcome::Duplicate { decision } => TransactionResult {
            id: Some(id),
            status: "duplicate",
            decision: Some(decision),
            score: None,
            alerts: None,
            errors: None,
        },
        Outcome::Rejected { reason } => {
            let error = FieldError {
                field: String::new(),
                value: None,
                code: "rejected_by_pipeline",
                reason: Messages::global().explain(locale, &reason),
            };
            rejected(Some(id), vec![error])
        }
    }
}
