//! Who is asking: sessions from the cookie, API tokens from `Authorization: Bearer`,
//! the permission check of every route, and CSRF protection.
//!
//! Invariants:
//! - every route has a rule in [`routes::ROUTES`], and the middleware [`authorize`]
//!   denies what the rule does not grant: pages redirect to sign-in when nobody is
//!   signed in and answer 403 otherwise, the API answers 401 or 403 JSON;
//! - every state-changing request of a session carries the session's CSRF token and
//!   no cross-site `Sec-Fetch-Site` or foreign `Origin` ([`csrf`]); a multipart body
//!   carries it in its first part ([`csrf_multipart`]), never in the URL.

pub(crate) mod cookie;
pub(crate) mod csrf;
mod csrf_multipart;
mod middleware;
pub mod routes;

pub(crate) use middleware::authorize;
pub(crate) use middleware::source as middleware_source;

use mekong_audit::Actor;
use mekong_auth::{Role, User};
use mekong_store::auth::SessionStage;
use mekong_auth::SecretString;

/// The signed-in user or the program behind a request, in the request's extensions.
#[derive(Debug, Clone)]
pub(crate) enum Principal {
    /// A browser session.
    Session(SessionPrincipal),
    /// A program with an API token.
    ApiToken {
        /// The token's id.
        id: String,
        /// The token's name.
        name: String,
    },
}

/// A session's user and what forms need.
#[derive(Debug, Clone)]
pub(crate) struct SessionPrincipal {
    /// The user, with the roles held now.
    pub user: User,
    /// How far sign-in got.
    pub stage: SessionStage,
    /// The token every form of the session carries.
    pub csrf: String,
    /// The session cookie's token.
    pub token: SecretString,
}

impl Principal {
    /// The actor recorded in the audit trail.
    pub(crate) fn actor(&self, agency: &str) -> Actor {
        match self {
            Principal::Session(session) => user_actor(&session.user),
            Principal::ApiToken { id, name } => Actor {
                user_id: None,
                name: format!("token:{name}:{id}"),
                roles: Vec::new(),
                agency: agency.to_owned(),
            },
        }
    }

    /// The name recorded as the actor of alert status changes.
    pub(crate) fn name(&self) -> String {
        match self {
            Principal::Session(session) => session.user.username.clone(),
            Principal::ApiToken { name, .. } => format!("token:{name}"),
        }
    }

    /// The session, if the principal is a browser session.
    pub(crate) fn session(&self) -> Option<&SessionPrincipal> {
        match self {
            Principal::Session(session) => Some(session),
            Principal::ApiToken { .. } => None,
        }
    }
}

/// The audit actor of a user.
pub(crate) fn user_actor(user: &User) -> Actor {
    Actor {
        user_id: Some(user.id.clone()),
        name: user.username.clone(),
        roles: user.roles.iter().map(Role::as_str).map(str::to_owned).collect(),
        agency: user.agency.clone(),
    }
}
