//! Request logging keyed by the route template.
//!
//! Each request runs in a span named by its method and route template, such as
//! `/accounts/{*key}`, and ends with one log line with the status and latency. The
//! concrete path and the query string are never logged, because they can contain
//! account numbers.

use std::time::Instant;

use axum::extract::{MatchedPath, Request};
use axum::middleware::Next;
use axum::response::Response;
use tracing::Instrument;

/// Route name logged for requests that match no route.
const UNMATCHED: &str = "(unmatched)";

/// Middleware that logs method, route template, status and latency of each request.
pub(crate) async fn trace_request(request: Request, next: Next) -> Response {
    let method = request.method().clone();
    let route = request.extensions().get::<MatchedPath>().map_or(UNMATCHED, MatchedPath::as_str).to_owned();
    let span = tracing::info_span!("request", %method, %route);
    let started = Instant::now();

    let response = next.run(request).instrument(span.clone()).await;

    // For an event stream this is the time to the response head, not the stream's life.
    let latency_us = u64::try_from(started.elapsed().as_micros()).unwrap_or(u64::MAX);
    let status = response.status().as_u16();
    span.in_scope(|| {
        if status >= 500 {
            tracing::warn!(status, latency_us, "request failed");
        } else {
            tracing::info!(status, latency_us, "request");
        }
    });
    response
}
