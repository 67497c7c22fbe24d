//! Signing in and out: the password page, the second-factor page (with the QR
//! code of the enrolment on first sign-in), sign-out and sign-out everywhere.
//!
//! Invariants: Argon2 runs on a blocking thread; a failure shows only "wrong user
//! name or password" or "wrong code", answered after the lockout policy's delay;
//! every attempt is recorded in the audit trail, naming the user only when the typed
//! name is an existing user's; a completed sign-in gets a new session token.

use axum::extract::rejection::FormRejection;
use axum::extract::{Extension, Form, State};
use axum::http::header::SET_COOKIE;
use axum::http::{Extensions, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{PreEscaped, html};
use mekong_audit::Actor;
use mekong_auth::{NewSession, SecretString, SignInError, totp};
use mekong_core::i18n::Arg;
use serde::Deserialize;

use super::{PageError, error_box, html_response, layout};
use crate::audit_trail::{self, Entry, anonymous};
use crate::auth::{Principal, cookie, user_actor};
use crate::blocking;
use crate::error::WebError;
use crate::locale::Viewer;
use crate::state::AppState;

/// The longest user name accepted in the form, in characters.
const MAX_USERNAME_CHARS: usize = 64;

/// The actor name recorded for a failed sign-in with a name that matches no user.
pub(crate) const UNKNOWN_USER: &str = "unknown user";

/// The password form.
#[derive(Debug, Deserialize)]
pub(crate) struct SignInForm {
    username: Option<String>,
    password: Option<String>,
}

/// The second-factor form.
#[derive(Debug, Deserialize)]
pub(crate) struct CodeForm {
    code: Option<String>,
}

/// Renders `GET /signin`, or sends a signed-in user to the start page.
pub(crate) async fn show(State(state): State<AppState>, viewer: Viewer, principal: Option<Extension<Principal>>) -> Response {
    if principal.is_some() {
        return Redirect::to("/").into_response();
    }
    password_page(&state, &viewer, "", &[], StatusCode::OK)
}

fn password_page(state: &AppState, viewer: &Viewer, username: &str, errors: &[String], status: StatusCode) -> Response {
    let title = viewer.text("auth-signin-title");
    let content = html! {
        h1 { (title) }
        (error_box(viewer, errors))
        form.signin #signin-form method="post" action="/signin" {
            label {
                (viewer.text("auth-username"))
                input type="text" name="username" value=(username) maxlength=(MAX_USERNAME_CHARS)
                    autocomplete="username" required autofocus;
            }
            label {
                (viewer.text("auth-password"))
                input type="password" name="password" maxlength=(mekong_auth::password::MAX_PASSWORD_CHARS)
                    autocomplete="current-password" required;
            }
            div { button type="submit" { (viewer.text("auth-signin-submit")) } }
        }
    };
    html_response(status, layout::page(viewer, &state.identity, &title, &[], content))
}

/// Handles `POST /signin`: checks the password and starts the second step.
pub(crate) async fn submit(
    State(state): State<AppState>,
    viewer: Viewer,
    extensions: Extensions,
    form: Result<Form<SignInForm>, FormRejection>,
) -> Result<Response, PageError> {
    let viewer = viewer.at_page("/signin".to_owned());
    let source = crate::auth::middleware_source(&extensions);
    let Ok(Form(form)) = form else {
        return Ok(password_page(&state, &viewer, "", &[viewer.text("auth-error-form")], StatusCode::BAD_REQUEST));
    };
    let username = form.username.unwrap_or_default().trim().to_owned();
    let password = form.password.unwrap_or_default();
    if username.is_empty() || password.is_empty() {
        return Ok(password_page(&state, &viewer, &username, &[viewer.text("auth-error-empty")], StatusCode::BAD_REQUEST));
    }
    if username.chars().count() > MAX_USERNAME_CHARS
        || password.chars().count() > mekong_auth::password::MAX_PASSWORD_CHARS
    {
        return Ok(password_page(&state, &viewer, "", &[viewer.text("auth-error-too-long")], StatusCode::BAD_REQUEST));
    }

    let auth = state.auth.clone();
    let name = username.clone();
    let from = source.clone();
    let password = SecretString::from(password);
    let outcome = tokio::task::spawn_blocking(move || auth.begin_sign_in(&name, &password, from.as_deref()))
        .await
        .map_err(|error| PageError::new(&viewer, &state, WebError::Task(error)))?;

    match outcome {
        Ok(created) => {
            record(&state, &viewer, &created, "signin.password", source).await?;
            Ok(with_cookie(&state, &created, Redirect::to("/signin/totp").into_response()))
        }
        Err(error) => {
            let actor = failed_actor(&state, &viewer, &username).await?;
            audit(&state, &viewer, Entry {
                actor,
                action: "signin.failure",
                object_type: None,
                object_id: None,
                changes: Vec::new(),
                source,
            })
            .await?;
            let (status, message) = failure_message(&state, &viewer, &error).await?;
            Ok(password_page(&state, &viewer, &username, &[message], status))
        }
    }
}

/// Returns the actor of a failed password step. The typed name is recorded only
/// when it is an existing user's name, because people type passwords into the
/// user name field by mistake.
async fn failed_actor(state: &AppState, viewer: &Viewer, username: &str) -> Result<Actor, PageError> {
    let auth = state.auth.clone();
    let name = username.to_owned();
    let user = blocking::run(move || auth.user_by_name(&name)).await.map_err(|error| PageError::new(viewer, state, error))?;

    let actor = match user {
        Some(user) => user_actor(&user),
        None => anonymous(UNKNOWN_USER, &state.identity.agency),
    };
    Ok(actor)
}

/// Renders `GET /signin/totp`: the code form, with the QR code when the user has not enrolled yet.
pub(crate) async fn show_totp(
    State(state): State<AppState>,
    viewer: Viewer,
    Extension(principal): Extension<Principal>,
) -> Result<Response, PageError> {
    let page = code_page(&state, &viewer, &principal, &[], StatusCode::OK).await?;
    Ok(page)
}

async fn code_page(
    state: &AppState,
    viewer: &Viewer,
    principal: &Principal,
    errors: &[String],
    status: StatusCode,
) -> Result<Response, PageError> {
    let Some(session) = principal.session() else {
        return Ok(Redirect::to("/signin").into_response());
    };
    let auth = state.auth.clone();
    let context = mekong_auth::SessionContext {
        session: mekong_store::auth::SessionRecord {
            token_hash: Vec::new(),
            user_id: session.user.id.clone(),
            stage: session.stage,
            csrf_token: String::new(),
            source: None,
            created_at: auth.now(),
            last_seen_at: auth.now(),
        },
        user: session.user.clone(),
    };
    let step = blocking::run(move || auth.second_step(&context)).await.map_err(|error| PageError::new(viewer, state, error))?;
    let enrolment = match &step.enrolment_uri {
        Some(uri) => Some((totp::qr_svg(uri).map_err(|error| PageError::new(viewer, state, WebError::Auth(error)))?, uri.clone())),
        None => None,
    };

    let title = viewer.text("auth-totp-title");
    let content = html! {
        h1 { (title) }
        (error_box(viewer, errors))
        @if let Some((svg, uri)) = &enrolment {
            section.card #enrolment {
                p { (viewer.text("auth-totp-enrol")) }
                div.qr { (PreEscaped(svg)) }
                p.muted { (viewer.text("auth-totp-enrol-manual")) }
                p.key #enrolment-uri { (uri) }
                @if let Some(secret) = totp_secret(uri) {
                    p.muted { (viewer.text("auth-totp-enrol-secret")) }
                    p.key #enrolment-secret { (secret) }
                }
            }
        }
        form.signin #totp-form method="post" action="/signin/totp" {
            (viewer.csrf_field())
            label {
                (viewer.text_with("auth-totp-code", &[("digits", Arg::Number(totp::DIGITS as f64))]))
                input type="text" name="code" inputmode="numeric" autocomplete="one-time-code"
                    maxlength="16" pattern="[0-9 ]*" required autofocus;
            }
            div { button type="submit" { (viewer.text("auth-totp-submit")) } }
        }
    };
    Ok(html_response(status, layout::page(viewer, &state.identity, &title, &[], content)))
}

/// Returns the base32 secret of an `otpauth://` address (its `secret` query
/// parameter), which a user types into an app that cannot scan the QR code.
fn totp_secret(uri: &str) -> Option<&str> {
    let (_, query) = uri.split_once('?')?;
    query.split('&').find_map(|pair| pair.strip_prefix("secret=")).filter(|secret| !secret.is_empty())
}

/// Handles `POST /signin/totp`: checks the code and completes sign-in.
pub(crate) async fn submit_totp(
    State(state): State<AppState>,
    viewer: Viewer,
    Extension(principal): Extension<Principal>,
    extensions: Extensions,
    form: Result<Form<CodeForm>, FormRejection>,
) -> Result<Response, PageError> {
    let viewer = viewer.at_page("/signin/totp".to_owned());
    let source = crate::auth::middleware_source(&extensions);
    let Some(session) = principal.session().cloned() else {
        return Ok(Redirect::to("/signin").into_response());
    };
    let code = match form {
        Ok(Form(form)) => form.code.unwrap_or_default(),
        Err(_) => String::new(),
    };
    if code.trim().is_empty() || code.chars().count() > 16 {
        let errors = [viewer.text("auth-error-code-form")];
        return code_page(&state, &viewer, &principal, &errors, StatusCode::BAD_REQUEST).await;
    }

    let auth = state.auth.clone();
    let token = session.token.clone();
    let from = source.clone();
    let outcome = blocking::run(move || Ok::<_, WebError>(auth.complete_sign_in(&token, &code, from.as_deref())))
        .await
        .map_err(|error| PageError::new(&viewer, &state, error))?;

    match outcome {
        Ok(created) => {
            record(&state, &viewer, &created, "signin.success", source).await?;
            Ok(with_cookie(&state, &created, Redirect::to("/").into_response()))
        }
        Err(SignInError::Expired) => Ok(Redirect::to("/signin").into_response()),
        Err(error) => {
            audit(&state, &viewer, Entry {
                actor: user_actor(&session.user),
                action: "signin.second_factor_failure",
                object_type: Some("user"),
                object_id: Some(&session.user.id),
                changes: Vec::new(),
                source,
            })
            .await?;
            let (status, message) = failure_message(&state, &viewer, &error).await?;
            if matches!(error, SignInError::Locked { .. }) {
                return Ok(password_page(&state, &viewer, "", &[message], status));
            }
            code_page(&state, &viewer, &principal, &[message], status).await
        }
    }
}

/// Handles `POST /signout`.
pub(crate) async fn sign_out(
    State(state): State<AppState>,
    viewer: Viewer,
    Extension(principal): Extension<Principal>,
) -> Result<Response, PageError> {
    let Some(session) = principal.session().cloned() else {
        return Ok(Redirect::to("/signin").into_response());
    };
    let auth = state.auth.clone();
    let token = session.token.clone();
    blocking::run(move || auth.sign_out(&token)).await.map_err(|error| PageError::new(&viewer, &state, error))?;
    audit(&state, &viewer, Entry {
        actor: user_actor(&session.user),
        action: "signout",
        object_type: Some("user"),
        object_id: Some(&session.user.id),
        changes: Vec::new(),
        source: None,
    })
    .await?;
    Ok(signed_out(&state))
}

/// Handles `POST /signout/everywhere`: ends every session of the user.
pub(crate) async fn sign_out_everywhere(
    State(state): State<AppState>,
    viewer: Viewer,
    Extension(principal): Extension<Principal>,
) -> Result<Response, PageError> {
    let Some(session) = principal.session().cloned() else {
        return Ok(Redirect::to("/signin").into_response());
    };
    let auth = state.auth.clone();
    let user_id = session.user.id.clone();
    blocking::run(move || auth.sign_out_everywhere(&user_id)).await.map_err(|error| PageError::new(&viewer, &state, error))?;
    audit(&state, &viewer, Entry {
        actor: user_actor(&session.user),
        action: "signout.everywhere",
        object_type: Some("user"),
        object_id: Some(&session.user.id),
        changes: Vec::new(),
        source: None,
    })
    .await?;
    Ok(signed_out(&state))
}

fn signed_out(state: &AppState) -> Response {
    let mut response = Redirect::to("/signin").into_response();
    response.headers_mut().insert(SET_COOKIE, cookie::clear_session(state.secure_cookies));
    response
}

fn with_cookie(state: &AppState, created: &NewSession, mut response: Response) -> Response {
    response.headers_mut().insert(SET_COOKIE, cookie::set_session(&created.token, state.secure_cookies));
    response
}

async fn failure_message(state: &AppState, viewer: &Viewer, error: &SignInError) -> Result<(StatusCode, String), PageError> {
    match error {
        SignInError::BadCredentials { failures } => {
            tokio::time::sleep(state.auth.lockout.delay(*failures)).await;
            Ok((StatusCode::UNAUTHORIZED, viewer.text("auth-error-credentials")))
        }
        SignInError::BadCode { failures } => {
            tokio::time::sleep(state.auth.lockout.delay(*failures)).await;
            Ok((StatusCode::UNAUTHORIZED, viewer.text("auth-error-code")))
        }
        SignInError::Locked { until } => {
            let minutes = (*until - state.auth.now()).num_minutes().max(0) + 1;
            Ok((StatusCode::TOO_MANY_REQUESTS, viewer.text_with("auth-error-locked", &[("minutes", Arg::Number(minutes as f64))])))
        }
        SignInError::Expired => Ok((StatusCode::UNAUTHORIZED, viewer.text("auth-error-expired"))),
        SignInError::Internal(error) => Err(PageError::new(viewer, state, WebError::Auth(clone_error(error)))),
    }
}

fn clone_error(error: &mekong_auth::AuthError) -> mekong_auth::AuthError {
    mekong_auth::AuthError::Hash(error.to_string())
}

async fn record(state: &AppState, viewer: &Viewer, created: &NewSession, action: &str, source: Option<String>) -> Result<(), PageError> {
    audit(state, viewer, Entry {
        actor: user_actor(&created.user),
        action,
        object_type: Some("user"),
        object_id: Some(&created.user.id),
        changes: Vec::new(),
        source,
    })
    .await
}

async fn audit(state: &AppState, viewer: &Viewer, entry: Entry<'_>) -> Result<(), PageError> {
    audit_trail::record(state, entry).await.map_err(|error| PageError::new(viewer, state, error))
}
