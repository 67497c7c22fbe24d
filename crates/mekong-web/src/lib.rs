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
//! - every route has an access rule in [`ROUTES`], checked before its handler runs;
//! - logs name the route template, never a query string or an account number.

// Unit tests may panic on a failed precondition; library code returns errors.
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used))]

mod api;
mod assets;
pub mod auth;
mod audit_trail;
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
pub mod tls;
mod trace;

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::serve::ListenerExt as _;
use tokio_rustls::rustls::ServerConfig;
use axum::extract::DefaultBodyLimit;
use axum::middleware;

pub use auth::routes::{Access, ROUTES, Route};
pub use pages::evidence::EvidenceServices;
pub use state::AppState;

/// Builds the node's HTTP router with every page, the API and the middleware.
pub fn router(state: AppState) -> Router {
    auth::routes::add_all(Router::new())
        .route_layer(middleware::from_fn_with_state(state.clone(), auth::authorize))
        .layer(DefaultBodyLimit::max(api::transactions::MAX_BODY_BYTES))
        .fallback(pages::not_found)
        .layer(middleware::from_fn(locale::negotiate))
        .layer(middleware::from_fn(headers::secure))
        .layer(middleware::from_fn(trace::trace_request))
        .with_state(state)
}

/// Serves the router over plain HTTP on `listener` until `shutdown` completes, then
/// lets open requests finish; open event streams end when `shutdown` completes.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    serve_with(listener, None, state, shutdown).await
}

/// Serves the router over TLS with `config` (see [`tls::load_config`]), shutting
/// down as [`serve`] does. Cookies get `Secure` only if `state` was built
/// [`AppState::with_secure_cookies`].
pub async fn serve_tls(
    listener: tokio::net::TcpListener,
    config: Arc<ServerConfig>,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    serve_with(listener, Some(config), state, shutdown).await
}

async fn serve_with(
    listener: tokio::net::TcpListener,
    tls: Option<Arc<ServerConfig>>,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let closing = state.closing_signal();
    let address = listener.local_addr()?;
    let scheme = if tls.is_some() { "https" } else { "http" };
    tracing::info!(%address, scheme, node_id = %state.identity.node_id, "web server listening");

    let app = router(state).into_make_service_with_connect_info::<SocketAddr>();
    let signal = async move {
        shutdown.await;
        tracing::info!("web server shutting down");
        // Event streams never end by themselves; graceful shutdown would wait for them.
        closing.send_replace(true);
    };
    let result = match tls {
        None => axum::serve(listener, app).with_graceful_shutdown(signal).await,
        Some(config) => {
            // `tap_io` gives the listener axum's `ConnectInfo<SocketAddr>` support.
            let listener = tls::TlsListener::new(listener, config)?.tap_io(|_| {});
            axum::serve(listener, app).with_graceful_shutdown(signal).await
        }
    };

    tracing::info!(%address, "web server stopped");
    result
}

pub(crate) async fn healthz() -> &'static str {
    "ok"
}
