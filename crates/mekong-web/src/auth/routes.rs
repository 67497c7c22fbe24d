//! The one table of routes: each path and method with its handler and the access it
//! requires. The router is built from it and the permission test walks it, so a
//! route cannot exist without a rule.

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{MethodRouter, get, post};
use mekong_auth::{Action, Scope};

use crate::state::AppState;
use crate::{api, assets, events, pages};

/// What a request needs to reach a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone, signed in or not.
    Public,
    /// A session that gave the password and still owes the second factor.
    PendingSignIn,
    /// Any signed-in user, whatever the roles.
    SignedIn,
    /// A signed-in user with a role granted the action.
    Permission(Action),
    /// An API token with the scope, in `Authorization: Bearer`.
    Token(Scope),
    /// A signed-in user granted the action, or an API token with the scope.
    PermissionOrToken(Action, Scope),
}

/// One route of the node.
#[derive(Debug, Clone, Copy)]
pub struct Route {
    /// The HTTP method: `GET` or `POST`.
    pub method: &'static str,
    /// The path template in axum syntax.
    pub path: &'static str,
    /// What the request needs.
    pub access: Access,
    handler: fn() -> MethodRouter<AppState>,
}

const fn route(method: &'static str, path: &'static str, access: Access, handler: fn() -> MethodRouter<AppState>) -> Route {
    Route { method, path, access, handler }
}

/// Every route of the node.
pub static ROUTES: &[Route] = &[
    route("GET", "/", Access::SignedIn, || get(pages::home)),
    route("GET", "/healthz", Access::Public, || get(crate::healthz)),
    route("GET", "/static/{file}", Access::Public, || get(assets::serve)),
    route("GET", "/signin", Access::Public, || get(pages::signin::show)),
    route("POST", "/signin", Access::Public, || post(pages::signin::submit)),
    route("GET", "/signin/totp", Access::PendingSignIn, || get(pages::signin::show_totp)),
    route("POST", "/signin/totp", Access::PendingSignIn, || post(pages::signin::submit_totp)),
    route("POST", "/signout", Access::SignedIn, || post(pages::signin::sign_out)),
    route("POST", "/signout/everywhere", Access::SignedIn, || post(pages::signin::sign_out_everywhere)),
    route("GET", "/alerts", Access::Permission(Action::ReadAlerts), || get(pages::alerts::list)),
    route("GET", "/alerts/{id}", Access::Permission(Action::ReadAlerts), || get(pages::alert::show)),
    route("GET", "/alerts/{id}/status", Access::Permission(Action::ReadAlerts), || get(pages::status::show_alert)),
    route("POST", "/alerts/{id}/status", Access::Permission(Action::ChangeAlertStatus), || post(pages::status::change)),
    route("GET", "/accounts/{*key}", Access::Permission(Action::ReadAccounts), || get(pages::account::show)),
    route("GET", "/events", Access::Permission(Action::ReadAlerts), || get(events::stream)),
    route("GET", "/admin/users", Access::Permission(Action::ManageUsers), || get(pages::admin::users)),
    route("POST", "/admin/users", Access::Permission(Action::ManageUsers), || post(pages::admin::create_user)),
    route("POST", "/admin/users/{id}/disable", Access::Permission(Action::ManageUsers), || post(pages::admin::disable_user)),
    route("POST", "/admin/users/{id}/enable", Access::Permission(Action::ManageUsers), || post(pages::admin::enable_user)),
    route("POST", "/admin/users/{id}/roles", Access::Permission(Action::ManageUsers), || post(pages::admin::set_roles)),
    route("GET", "/admin/tokens", Access::Permission(Action::ManageTokens), || get(pages::admin::tokens)),
    route("POST", "/admin/tokens", Access::Permission(Action::ManageTokens), || post(pages::admin::create_token)),
    route("POST", "/admin/tokens/{id}/revoke", Access::Permission(Action::ManageTokens), || post(pages::admin::revoke_token)),
    route("GET", "/audit", Access::Permission(Action::ReadAudit), || get(pages::audit::search_page)),
    route("GET", "/audit/export.csv", Access::Permission(Action::ExportAudit), || get(pages::audit::export_csv)),
    route("GET", "/audit/export.jsonl", Access::Permission(Action::ExportAudit), || get(pages::audit::export_jsonl)),
    route("GET", "/freezes", Access::Permission(Action::ReadFreezes), || get(pages::freeze::list)),
    route("GET", "/freezes/new", Access::Permission(Action::RequestFreeze), || get(pages::freeze_request::new)),
    route("POST", "/freezes", Access::Permission(Action::RequestFreeze), || post(pages::freeze_request::create)),
    route("GET", "/freezes/{id}", Access::Permission(Action::ReadFreezes), || get(pages::freeze::show)),
    route("POST", "/freezes/{id}/request", Access::Permission(Action::RequestFreeze), || post(pages::freeze_actions::request_after_stop_form)),
    route("POST", "/freezes/{id}/approve", Access::Permission(Action::ApproveFreeze), || post(pages::freeze_actions::approve_form)),
    route("POST", "/freezes/{id}/reject", Access::Permission(Action::ApproveFreeze), || post(pages::freeze_actions::reject_form)),
    route("POST", "/freezes/{id}/renew", Access::Permission(Action::ApproveFreeze), || post(pages::freeze_actions::renew_form)),
    route("POST", "/freezes/{id}/release", Access::Permission(Action::ApproveFreeze), || post(pages::freeze_actions::release_form)),
    route("POST", "/freezes/{id}/returns", Access::Permission(Action::ApproveFreeze), || post(pages::freeze_actions::returns_form)),
    route("POST", "/freezes/{id}/appeal", Access::Permission(Action::RequestFreeze), || post(pages::freeze_actions::appeal_form)),
    route("POST", "/freezes/{id}/appeal/decision", Access::Permission(Action::ApproveFreeze), || post(pages::freeze_actions::decide_appeal_form)),
    route("GET", "/registry", Access::Permission(Action::ReadRegistry), || get(pages::registry::list)),
    route("POST", "/registry", Access::Permission(Action::ManageRegistry), || post(pages::registry::add)),
    route("POST", "/registry/import", Access::Permission(Action::ManageRegistry), || post(pages::registry::import)),
    route("GET", "/reports", Access::Permission(Action::ReadReports), || get(pages::reports::list)),
    route("POST", "/reports", Access::Permission(Action::ImportReports), || {
        post(pages::reports::upload).layer(DefaultBodyLimit::max(pages::reports::files::MAX_UPLOAD_BYTES))
    }),
    route("GET", "/reports/new", Access::Permission(Action::ImportReports), || get(pages::reports_form::new)),
    route("POST", "/reports/new", Access::Permission(Action::ImportReports), || post(pages::reports_form::submit)),
    route("GET", "/reports/{id}", Access::Permission(Action::ReadReports), || get(pages::reports_detail::show)),
    route("GET", "/entities", Access::Permission(Action::ReadReports), || get(pages::reports_entities::list)),
    route("POST", "/entities/merge", Access::Permission(Action::ImportReports), || post(pages::reports_entities::decide)),
    route("GET", "/evidence", Access::Permission(Action::ReadEvidence), || get(pages::evidence::list)),
    route("GET", "/evidence/new", Access::Permission(Action::AddEvidence), || get(pages::evidence_upload::new)),
    route("POST", "/evidence", Access::Permission(Action::AddEvidence), || {
        post(pages::evidence_upload::upload).layer(DefaultBodyLimit::max(pages::evidence_upload::body_limit()))
    }),
    route("GET", "/evidence/search", Access::Permission(Action::SearchEvidence), || get(pages::evidence_search::page)),
    route("GET", "/evidence/items/{id}", Access::Permission(Action::ReadEvidence), || get(pages::evidence_item::show)),
    route("POST", "/evidence/items/{id}/verify", Access::Permission(Action::ReadEvidence), || post(pages::evidence_item::verify)),
    route("POST", "/evidence/items/{id}/content", Access::Permission(Action::ReadEvidence), || post(pages::evidence_content::download)),
    route("POST", "/evidence/items/{id}/custody", Access::Permission(Action::AddEvidence), || post(pages::evidence_custody::record)),
    route("GET", "/trace", Access::Permission(Action::TraceFunds), || get(pages::trace::page)),
    route("GET", "/trace.csv", Access::Permission(Action::TraceFunds), || get(pages::trace::csv)),
    route("POST", "/trace/freezes", Access::Permission(Action::RequestFreeze), || post(pages::trace_freeze::request_freezes)),
    route("POST", "/api/v1/transactions", Access::Token(Scope::SubmitTransactions), || post(api::transactions::submit)),
    route("GET", "/api/v1/alerts", Access::PermissionOrToken(Action::ReadAlerts, Scope::ReadAlerts), || get(api::alerts::list)),
    route("GET", "/api/v1/risk", Access::Token(Scope::QueryRisk), || get(api::risk::query)),
    route("POST", "/api/v1/registry", Access::PermissionOrToken(Action::ManageRegistry, Scope::WriteRegistry), || post(api::registry::add)),
];

/// Returns the rule of a method and matched path template. `HEAD` follows `GET`.
pub fn find(method: &str, path: &str) -> Option<&'static Route> {
    let method = if method == "HEAD" { "GET" } else { method };
    ROUTES.iter().find(|route| route.method == method && route.path == path)
}

/// Adds every route of the table to a router.
pub(crate) fn add_all(mut router: Router<AppState>) -> Router<AppState> {
    for route in ROUTES {
        router = router.route(route.path, (route.handler)());
    }
    router
}

/// Whether a path belongs to the JSON API, which answers 401 and 403 as JSON.
pub(crate) fn is_api(path: &str) -> bool {
    path.starts_with("/api/")
}
