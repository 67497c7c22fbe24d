//! The web layer of a Mekong Bridge node: the analyst's server-rendered screens
//! and the bank-feed API.
//!
//! Invariants:
//! - every page is rendered on the server in the viewer's locale (`en`, `zh-CN` or
//!   `lo`) and every asset it needs is served by the node itself, so a node runs
//!   air-gapped without a CDN;
//! - store and pipeline calls block, so they run on tokio's blocking threads;
//! - every response carries a strict Content-Security-Policy and the other
//!   security headers of [`headers`];
//! - logs name the route template, never a query string or an account number.

// Unit tests may panic on a failed precondition; library code returns errors.
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used))]

mod api;
mod assets;
mod blocking;
mod display;
mod error;
mod events;
mod flow;
mod headers;
mod locale;
mod pages;
mod query;
mod state;
mod trace;

use std::future::Future;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::middleware;
use axum::routing::{get, post};

pub use state::AppState;

/// Builds the node's HTTP router with every page, the API and the middleware.
pub fn router(state: AppState) -> Router {
    let api = Router::new()
        .route("/api/v1/transactions", post(api::transactions::submit))
        .route("/api/v1/alerts", get(api::alerts::list))
        .layer(DefaultBodyLimit::max(api::transactions::MAX_BODY_BYTES));

    Router::new()
        .route("/", get(pages::redirect_to_alerts))
        .route("/alerts", get(pages::alerts::list))
        .route("/alerts/{id}", get(pages::alert::show))
        .route("/alerts/{id}/status", post(pages::status::change).get(pages::status::show_alert))
        .route("/accounts/{*key}", get(pages::account::show))
        .route("/events", get(events::stream))
        .route("/static/{file}", get(assets::serve))
        .route("/healthz", get(healthz))
        .merge(api)
        .fallback(pages::not_found)
        .layer(middleware::from_fn(locale::negotiate))
        .layer(middleware::from_fn(headers::secure))
        .layer(middleware::from_fn(trace::trace_request))
        .with_state(state)
}

/// Serves the router on `listener` until `shutdown` completes, then lets open
/// requests finish; open event streams end when `shutdown` completes.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let closing = state.closing_signal();
    let address = listener.local_addr()?;
    tracing::info!(%address, node_id = %state.identity.node_id, "web server listening");

    let app = router(state);
    let result = axum::serve(listener, app)
        .with_graceful_shutdown(async move {
            shutdown.await;
            tracing::info!("web server shutting down");
            // Event streams never end by themselves; graceful shutdown would wait for them.
            closing.send_replace(true);
        })
        .await;

    tracing::info!(%address, "web server stopped");
    result
}

async fn healthz() -> &'static str {
    "ok"
}
