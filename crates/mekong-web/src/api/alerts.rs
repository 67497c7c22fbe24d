//! `GET /api/v1/alerts`: one page of alerts as JSON, with the same filters as the
//! alerts page (`rule`, `min_score`, `status`, `from`, `until`, `account`, `page`,
//! `per_page`).

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use mekong_core::Alert;
use mekong_core::i18n::{Locale, Messages};
use serde::Serialize;

use super::error::{ApiError, ParamError};
use crate::blocking;
use crate::display;
use crate::locale::api_locale;
use crate::query;
use crate::state::AppState;

/// One page of alerts.
#[derive(Debug, Serialize)]
struct AlertPage {
    alerts: Vec<AlertJson>,
    page: u32,
    per_page: u32,
    total: u64,
    pages: u32,
}

/// An alert as the API shows it: times as RFC 3339 text, the explanation with its
/// rendered text.
#[derive(Debug, Serialize)]
struct AlertJson {
    id: String,
    origin: String,
    rule: String,
    rule_name: String,
    rule_version: u32,
    score: u8,
    account: String,
    involved: Vec<String>,
    transactions: Vec<String>,
    explanation: ExplanationJson,
    shadow: bool,
    status: &'static str,
    /// In the offset of the zone that recorded the triggering transaction.
    raised_at: String,
}

#[derive(Debug, Serialize)]
struct ExplanationJson {
    key: String,
    args: BTreeMap<String, String>,
    text: String,
}

/// Handles `GET /api/v1/alerts`.
pub(crate) async fn list(State(state): State<AppState>, headers: HeaderMap, uri: Uri) -> Response {
    let locale = api_locale(&headers);
    let pairs = Query::<Vec<(String, String)>>::try_from_uri(&uri).map(|Query(pairs)| pairs).unwrap_or_default();
    let filter = match query::parse(&pairs, state.node_offset()).filter {
        Ok(filter) => filter,
        Err(errors) => {
            let details: Vec<ParamError> = errors
                .iter()
                .map(|error| ParamError {
                    param: error.param,
                    value: error.value.clone(),
                    code: error.code(),
                    reason: error.message(locale),
                })
                .collect();
            let text = details.iter().map(|detail| detail.reason.as_str()).collect::<Vec<_>>().join(" ");
            return ApiError::new(StatusCode::BAD_REQUEST, "invalid_filter", text).with_params(details).into_response();
        }
    };

    let store = state.store.clone();
    match blocking::run(move || store.list_alerts(&filter)).await {
        Ok(page) => {
            let pages = page.page_count();
            let body = AlertPage {
                alerts: page.items.iter().map(|alert| to_json(alert, locale)).collect(),
                page: page.page,
                per_page: page.per_page,
                total: page.total,
                pages,
            };
            Json(body).into_response()
        }
        Err(error) => {
            tracing::error!(%error, "alert list failed");
            let text = Messages::global().get(locale, "web-api-internal-read");
            ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", text).into_response()
        }
    }
}

fn to_json(alert: &Alert, locale: Locale) -> AlertJson {
    AlertJson {
        id: alert.id.clone(),
        origin: alert.origin.to_string(),
        rule: alert.rule.clone(),
        rule_name: display::rule_name(locale, &alert.rule),
        rule_version: alert.rule_version,
        score: alert.score,
        account: alert.account.to_string(),
        involved: alert.involved.iter().map(ToString::to_string).collect(),
        transactions: alert.transactions.clone(),
        explanation: ExplanationJson {
            key: alert.explanation.key.clone(),
            args: alert.explanation.args.clone(),
            text: Messages::global().explain(locale, &alert.explanation),
        },
        shadow: alert.shadow,
        status: alert.status.as_str(),
        raised_at: alert.raised_at.to_rfc3339(),
    }
}
