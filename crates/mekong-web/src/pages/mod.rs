//! The analyst's server-rendered pages and the pages shown when something fails.
//!
//! Invariant: every page, error pages included, is rendered in the viewer's locale
//! and escapes every value it shows (maud escapes by default).

pub(crate) mod account;
pub(crate) mod admin;
pub(crate) mod alert;
pub(crate) mod alerts;
pub(crate) mod audit;
pub(crate) mod evidence;
pub(crate) mod evidence_content;
pub(crate) mod evidence_custody;
pub(crate) mod evidence_item;
pub(crate) mod evidence_search;
pub(crate) mod evidence_upload;
pub(crate) mod form;
pub(crate) mod freeze;
pub(crate) mod freeze_actions;
pub(crate) mod freeze_request;
pub(crate) mod layout;
pub(crate) mod registry;
pub(crate) mod reports;
pub(crate) mod reports_detail;
pub(crate) mod reports_entities;
pub(crate) mod reports_form;
pub(crate) mod reports_import;
pub(crate) mod signin;
pub(crate) mod status;
pub(crate) mod trace;
pub(crate) mod trace_freeze;
pub(crate) mod trace_graph;
pub(crate) mod trace_source;

use axum::extract::State;
use axum::http::StatusCode;
use axum::http::header::CACHE_CONTROL;
use axum::response::{Html, IntoResponse, Redirect, Response};
use maud::{Markup, html};
use mekong_auth::Action;
use mekong_core::NodeIdentity;

use crate::error::WebError;
use crate::locale::Viewer;
use crate::state::AppState;

/// Sends `/` to the first page the signed-in user may open, or says that the
/// user's roles open no page yet.
pub(crate) async fn home(State(state): State<AppState>, viewer: Viewer) -> Response {
    let start = if viewer.may(Action::ReadAlerts) {
        "/alerts"
    } else if viewer.may(Action::ManageUsers) {
        "/admin/users"
    } else if viewer.may(Action::ReadAudit) {
        "/audit"
    } else if viewer.may(Action::ReadEvidence) {
        "/evidence"
    } else {
        let title = viewer.text("app-name");
        let content = html! { p #no-pages { (viewer.text("auth-home-nothing")) } };
        return html_response(StatusCode::OK, layout::page(&viewer, &state.identity, &title, &[], content));
    };
    Redirect::to(start).into_response()
}

/// Renders the localised 403 page.
pub(crate) fn forbidden_page(viewer: &Viewer, identity: &NodeIdentity) -> Response {
    let title = viewer.text("web-forbidden-title");
    let content = html! {
        p.big-error { "403" }
        h1 { (title) }
        p { (viewer.text("web-forbidden-text")) }
    };
    html_response(StatusCode::FORBIDDEN, layout::page(viewer, identity, &title, &[], content))
}

/// Renders the localised 404 page for a path that matches no route.
pub(crate) async fn not_found(State(state): State<AppState>, viewer: Viewer) -> Response {
    not_found_page(&viewer, &state.identity, &viewer.text("web-not-found-text"))
}

/// Renders the 404 page with a message saying what was not found.
pub(crate) fn not_found_page(viewer: &Viewer, identity: &NodeIdentity, message: &str) -> Response {
    let title = viewer.text("web-not-found-title");
    let content = html! {
        p.big-error { "404" }
        h1 { (title) }
        p { (message) }
        p { a href="/alerts" { (viewer.text("web-back-to-alerts")) } }
    };
    html_response(StatusCode::NOT_FOUND, layout::page(viewer, identity, &title, &[], content))
}

/// Turns rendered markup into an HTML response that caches do not keep, because
/// pages show live data.
pub(crate) fn html_response(status: StatusCode, markup: Markup) -> Response {
    (status, [(CACHE_CONTROL, "no-store")], Html(markup.into_string())).into_response()
}

/// A failure inside the node while rendering a page, shown as a localised 500 page.
#[derive(Debug)]
pub(crate) struct PageError {
    viewer: Viewer,
    identity: NodeIdentity,
    error: WebError,
}

impl PageError {
    /// Wraps an error with what the error page needs to render.
    pub(crate) fn new(viewer: &Viewer, state: &AppState, error: WebError) -> PageError {
        PageError { viewer: viewer.clone(), identity: state.identity.clone(), error }
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        tracing::error!(error = %self.error, "page failed");

        let viewer = &self.viewer;
        let title = viewer.text("web-error-title");
        let content = html! {
            p.big-error { "500" }
            h1 { (title) }
            p { (viewer.text("web-error-text")) }
            p { a href="/alerts" { (viewer.text("web-back-to-alerts")) } }
        };
        html_response(StatusCode::INTERNAL_SERVER_ERROR, layout::page(viewer, &self.identity, &title, &[], content))
    }
}

/// Renders a list of localised error messages for the top of a page.
pub(crate) fn error_box(viewer: &Viewer, messages: &[String]) -> Markup {
    html! {
        @if !messages.is_empty() {
            div.errors role="alert" {
                strong { (viewer.text("web-errors-heading")) }
                ul {
                    @for message in messages {
                        li { (message) }
                    }
                }
            }
        }
    }
}
