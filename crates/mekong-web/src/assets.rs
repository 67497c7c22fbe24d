//! The stylesheet, script and icon the pages use, compiled into the binary and served by
//! the node, so that pages work air-gapped with no CDN and no external fonts.

use axum::extract::{Path, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};

use crate::locale::Viewer;
use crate::pages;
use crate::state::AppState;

/// The stylesheet of every page.
pub(crate) const STYLE_CSS: &str = include_str!("../assets/style.css");
/// The script of the alerts list that inserts new alerts as they arrive.
pub(crate) const ALERTS_JS: &str = include_str!("../assets/alerts.js");
/// The icon browsers show in the tab.
pub(crate) const FAVICON_SVG: &str = include_str!("../assets/favicon.svg");

/// Browsers may reuse an asset for an hour; a new release reaches them within that.
const CACHE_POLICY: &str = "public, max-age=3600";

/// Serves `/static/{file}`.
pub(crate) async fn serve(State(state): State<AppState>, viewer: Viewer, Path(file): Path<String>) -> Response {
    let (content_type, body) = match file.as_str() {
        "style.css" => ("text/css; charset=utf-8", STYLE_CSS),
        "alerts.js" => ("text/javascript; charset=utf-8", ALERTS_JS),
        "favicon.svg" => ("image/svg+xml", FAVICON_SVG),
        _ => return pages::not_found(State(state), viewer).await,
    };
    ([(CONTENT_TYPE, content_type), (CACHE_CONTROL, CACHE_POLICY)], body).into_response()
}
