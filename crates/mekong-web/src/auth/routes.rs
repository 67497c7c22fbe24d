//! The one table of routes: each path and method with its handler and the access it
//! requires. The router is built from it and the permission test walks it, so a
//! route cannot exist without a rule.

use axum::Router;
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
