//! The middleware that resolves who is asking and checks the route's rule.

use std::net::SocketAddr;

use axum::body::{Body, to_bytes};
use axum::extract::{ConnectInfo, MatchedPath, Request, State};
use axum::http::header::{AUTHORIZATION, WWW_AUTHENTICATE};
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use mekong_auth::{Action, Scope, SecretString, allows};
use mekong_core::i18n::Messages;
use mekong_store::auth::SessionStage;

use super::routes::{self, Access};
use super::{Principal, SessionPrincipal, cookie, csrf, csrf_multipart};
use crate::api::error::ApiError;
use crate::audit_trail;
use crate::blocking;
use crate::locale::{Viewer, api_locale};
use crate::pages;
use crate::state::AppState;

/// The largest form body read for the CSRF check.
const MAX_FORM_BYTES: usize = 64 * 1024;

/// Checks the rule of the matched route, puts the [`Principal`] into the request's
/// extensions and checks CSRF, then runs the handler.
pub(crate) async fn authorize(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let Some(path) = request.extensions().get::<MatchedPath>().map(|path| path.as_str().to_owned()) else {
        return next.run(request).await;
    };
    let Some(rule) = routes::find(request.method().as_str(), &path) else {
        tracing::warn!(route = %path, method = %request.method(), "request to a route without a rule denied");
        return StatusCode::METHOD_NOT_ALLOWED.into_response();
    };
    let api = routes::is_api(&path);

    let headers = request.headers().clone();
    let uri = request.uri().clone();
    let principal = match resolve(&state, &headers, &uri, rule.access, api).await {
        Ok(principal) => principal,
        Err(response) => return response,
    };

    let mut request = request;
    if !is_safe(request.method()) {
        request = match check_csrf(&state, request, principal.as_ref()).await {
            Ok(request) => request,
            Err(response) => return response,
        };
    }

    if let Some(principal) = principal {
        request.extensions_mut().insert(principal);
    }
    next.run(request).await
}

fn is_safe(method: &Method) -> bool {
    method == Method::GET || method == Method::HEAD || method == Method::OPTIONS
}

/// Returns the source IP address of the request, when the server recorded it.
pub(crate) fn source(extensions: &axum::http::Extensions) -> Option<String> {
    extensions.get::<ConnectInfo<SocketAddr>>().map(|ConnectInfo(addr)| addr.ip().to_string())
}

async fn resolve(
    state: &AppState,
    headers: &HeaderMap,
    uri: &Uri,
    access: Access,
    api: bool,
) -> Result<Option<Principal>, Response> {
    match access {
        Access::Public => Ok(session(state, headers).await?.filter(|session| session.stage == SessionStage::Complete).map(Principal::Session)),
        Access::Token(scope) => token(state, headers, scope).await.map(Some),
        Access::PermissionOrToken(action, scope) if bearer(headers).is_some() => {
            let _ = action;
            token(state, headers, scope).await.map(Some)
        }
        Access::PendingSignIn => match session(state, headers).await? {
            Some(session) if session.stage == SessionStage::SecondFactor => Ok(Some(Principal::Session(session))),
            Some(_) => Err(Redirect::to("/").into_response()),
            None => Err(Redirect::to("/signin").into_response()),
        },
        Access::SignedIn | Access::Permission(_) | Access::PermissionOrToken(..) => {
            let Some(session) = session(state, headers).await?.filter(|session| session.stage == SessionStage::Complete)
            else {
                return Err(unauthenticated(headers, api));
            };
            let action = match access {
                Access::Permission(action) | Access::PermissionOrToken(action, _) => Some(action),
                _ => None,
            };
            if let Some(action) = action
                && !allows(&session.user.roles, action)
            {
                tracing::info!(user_id = %session.user.id, ?action, "request denied by the permission table");
                record_denial(state, &session, action, uri).await?;
                return Err(forbidden(state, headers, uri, api));
            }
            Ok(Some(Principal::Session(session)))
        }
    }
}

/// Records a request the permission table denied, as `permission.denied` with the
/// action and the path, as the command line does for a denied command. When the
/// record cannot be written, the request gets a server error instead.
async fn record_denial(state: &AppState, session: &SessionPrincipal, action: Action, uri: &Uri) -> Result<(), Response> {
    let name = action.name();
    let entry = audit_trail::Entry {
        actor: super::user_actor(&session.user),
        action: "permission.denied",
        object_type: Some("action"),
        object_id: Some(&name),
        changes: vec![
            ("path", None, Some(uri.path().to_owned())),
            ("decision", None, Some("denied".to_owned())),
        ],
        source: None,
    };
    audit_trail::record(state, entry).await.map_err(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response())
}

async fn session(state: &AppState, headers: &HeaderMap) -> Result<Option<SessionPrincipal>, Response> {
    let Some(token) = cookie::session_token(headers) else {
        return Ok(None);
    };
    let auth = state.auth.clone();
    let lookup = token.clone();
    let resolved = blocking::run(move || auth.resolve_session(&lookup)).await.map_err(|error| {
        tracing::error!(%error, "session lookup failed");
        StatusCode::INTERNAL_SERVER_ERROR.into_response()
    })?;
    Ok(resolved.map(|context| SessionPrincipal {
        csrf: context.session.csrf_token.clone(),
        stage: context.session.stage,
        user: context.user,
        token,
    }))
}

fn bearer(headers: &HeaderMap) -> Option<SecretString> {
    let value = headers.get(AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| SecretString::from(token.trim().to_owned()))
}

async fn token(state: &AppState, headers: &HeaderMap, scope: Scope) -> Result<Principal, Response> {
    let locale = api_locale(headers);
    let messages = Messages::global();
    let Some(token) = bearer(headers) else {
        let error = ApiError::new(StatusCode::UNAUTHORIZED, "unauthenticated", messages.get(locale, "auth-api-unauthenticated"));
        return Err(([(WWW_AUTHENTICATE, "Bearer")], error).into_response());
    };

    let auth = state.auth.clone();
    let lookup = token.clone();
    let found = blocking::run(move || {
        let authorized = auth.authorize_api_token(&lookup, scope)?;
        let known = if authorized.is_none() { auth.find_api_token(&lookup)? } else { None };
        Ok::<_, mekong_auth::AuthError>((authorized, known))
    })
    .await;
    match found {
        Ok((Some(record), _)) => Ok(Principal::ApiToken { id: record.id, name: record.name }),
        Ok((None, Some(known))) if known.revoked_at.is_none() => {
            tracing::info!(token_id = %known.id, scope = %scope, "API token lacks the scope");
            Err(ApiError::new(StatusCode::FORBIDDEN, "forbidden", messages.get(locale, "auth-api-forbidden")).into_response())
        }
        Ok(_) => {
            let error = ApiError::new(StatusCode::UNAUTHORIZED, "unauthenticated", messages.get(locale, "auth-api-unauthenticated"));
            Err(([(WWW_AUTHENTICATE, "Bearer")], error).into_response())
        }
        Err(error) => {
            tracing::error!(%error, "API token lookup failed");
            Err(ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", messages.get(locale, "web-api-internal-read")).into_response())
        }
    }
}

fn unauthenticated(headers: &HeaderMap, api: bool) -> Response {
    if api {
        let locale = api_locale(headers);
        let text = Messages::global().get(locale, "auth-api-unauthenticated");
        return ApiError::new(StatusCode::UNAUTHORIZED, "unauthenticated", text).into_response();
    }
    Redirect::to("/signin").into_response()
}

fn forbidden(state: &AppState, headers: &HeaderMap, uri: &Uri, api: bool) -> Response {
    if api {
        let locale = api_locale(headers);
        let text = Messages::global().get(locale, "auth-api-forbidden");
        return ApiError::new(StatusCode::FORBIDDEN, "forbidden", text).into_response();
    }
    let (parts, ()) = clone_parts(headers, uri);
    let viewer = Viewer::from_parts(&parts);
    pages::forbidden_page(&viewer, &state.identity)
}

fn clone_parts(headers: &HeaderMap, uri: &Uri) -> (axum::http::request::Parts, ()) {
    let mut builder = axum::http::Request::builder().uri(uri.clone());
    for (name, value) in headers {
        builder = builder.header(name, value);
    }
    match builder.body(()) {
        Ok(built) => built.into_parts(),
        Err(_) => axum::http::Request::new(()).into_parts(),
    }
}

async fn check_csrf(state: &AppState, request: Request, principal: Option<&Principal>) -> Result<Request, Response> {
    let session = principal.and_then(Principal::session);
    if matches!(principal, Some(Principal::ApiToken { .. })) {
        return Ok(request);
    }

    if !csrf::same_origin(request.headers()) {
        tracing::warn!("cross-site request rejected");
        return Err(csrf_rejected(state, &request));
    }
    let Some(session) = session else {
        return Ok(request);
    };

    // A multipart body can be gigabytes of evidence streamed to the handler, so only
    // its first part, which carries the token, is read here. A script may send the
    // token in the `X-CSRF-Token` header instead. The query string never counts,
    // because URLs reach access logs and the browser history.
    if is_multipart(request.headers()) {
        if request.headers().contains_key("x-csrf-token") {
            if !csrf::token_matches(request.headers(), b"", &session.csrf) {
                tracing::warn!(user_id = %session.user.id, "multipart request with a wrong CSRF header rejected");
                return Err(csrf_rejected(state, &request));
            }
            return Ok(request);
        }

        let (headers, uri) = (request.headers().clone(), request.uri().clone());
        return csrf_multipart::check(request, &session.csrf).await.map_err(|error| {
            tracing::warn!(user_id = %session.user.id, %error, "multipart request without a valid CSRF token rejected");
            forbidden(state, &headers, &uri, false)
        });
    }

    let (parts, body) = request.into_parts();
    let limit = if is_report_paste(&parts) { pages::reports::MAX_PASTE_BYTES } else { MAX_FORM_BYTES };
    let Ok(bytes) = to_bytes(body, limit).await else {
        return Err(form_too_large(state, parts, principal, limit).await);
    };
    let request = Request::from_parts(parts, Body::from(bytes.clone()));
    if !csrf::token_matches(request.headers(), &bytes, &session.csrf) {
        tracing::warn!(user_id = %session.user.id, "request without a valid CSRF token rejected");
        return Err(csrf_rejected(state, &request));
    }
    Ok(request)
}

fn is_multipart(headers: &HeaderMap) -> bool {
    headers
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.trim_start().to_ascii_lowercase().starts_with("multipart/form-data"))
}

fn csrf_rejected(state: &AppState, request: &Request) -> Response {
    let (parts, ()) = clone_parts(request.headers(), request.uri());
    let viewer = Viewer::from_parts(&parts);
    pages::forbidden_page(&viewer, &state.identity)
}

/// Checks whether a request is the goAML paste box (or raw XML) of `POST /reports`,
/// whose body is a whole report and may be as large as that route's file upload.
fn is_report_paste(parts: &axum::http::request::Parts) -> bool {
    let path = parts.extensions.get::<MatchedPath>().map(MatchedPath::as_str);
    parts.method == Method::POST && path == Some("/reports")
}

/// Builds the response to a body over the CSRF check's limit: on `POST /reports` the
/// reports page with a localised error naming the limit, elsewhere a bare 413.
async fn form_too_large(
    state: &AppState,
    mut parts: axum::http::request::Parts,
    principal: Option<&Principal>,
    limit: usize,
) -> Response {
    tracing::info!(path = %parts.uri.path(), limit, "form body over the limit rejected");
    if !is_report_paste(&parts) {
        return StatusCode::PAYLOAD_TOO_LARGE.into_response();
    }

    if let Some(principal) = principal {
        parts.extensions.insert(principal.clone());
    }
    let viewer = Viewer::from_parts(&parts);
    pages::reports::paste_too_large(state, &viewer).await
}
