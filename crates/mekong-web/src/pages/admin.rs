//! The administrator's pages: users (create, disable, enable, roles) and API
//! tokens (create, revoke). Administrators see no case or personal data here.
//!
//! Invariants: every change is recorded in the audit trail; a new token's text is
//! shown once, on the page returned by its creation; bad input changes nothing
//! and shows a localised message.

use axum::extract::{Extension, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::html;
use mekong_auth::{AuthError, ExposeSecret, NewUser, Role, Scope, SecretString, User};
use mekong_core::i18n::Arg;
use mekong_store::auth::ApiTokenRecord;

use super::{PageError, error_box, html_response, layout};
use crate::audit_trail::{self, Entry};
use crate::auth::Principal;
use crate::blocking;
use crate::locale::Viewer;
use crate::state::AppState;

/// Reads a URL-encoded form into pairs; fields may repeat, as role checkboxes do.
fn pairs(body: &[u8]) -> Vec<(String, String)> {
    axum::extract::Query::<Vec<(String, String)>>::try_from_uri(
        &format!("/?{}", String::from_utf8_lossy(body)).parse().unwrap_or_default(),
    )
    .map(|axum::extract::Query(pairs)| pairs)
    .unwrap_or_default()
}

fn field<'a>(pairs: &'a [(String, String)], name: &str) -> &'a str {
    pairs.iter().find(|(key, _)| key == name).map_or("", |(_, value)| value.as_str())
}

fn auth_message(viewer: &Viewer, error: &AuthError) -> String {
    match error {
        AuthError::InvalidUsername => viewer.text("auth-error-username"),
        AuthError::InvalidAgency => viewer.text("auth-error-agency"),
        AuthError::InvalidPassword { min, max } => viewer.text_with(
            "auth-error-password",
            &[("min", Arg::Number(*min as f64)), ("max", Arg::Number(*max as f64))],
        ),
        AuthError::NoRoles => viewer.text("auth-error-roles"),
        AuthError::UsernameTaken(name) => viewer.text_with("auth-error-taken", &[("username", Arg::Text(name))]),
        AuthError::InvalidTokenName => viewer.text("auth-error-token-name"),
        AuthError::NoScopes => viewer.text("auth-error-scopes"),
        _ => viewer.text("web-error-text"),
    }
}

/// Renders `GET /admin/users`.
pub(crate) async fn users(State(state): State<AppState>, viewer: Viewer) -> Result<Response, PageError> {
    users_page(&state, &viewer, &[], None, StatusCode::OK).await
}

async fn users_page(
    state: &AppState,
    viewer: &Viewer,
    errors: &[String],
    notice: Option<String>,
    status: StatusCode,
) -> Result<Response, PageError> {
    let auth = state.auth.clone();
    let users: Vec<User> = blocking::run(move || auth.users()).await.map_err(|error| PageError::new(viewer, state, error))?;
    let title = viewer.text("auth-users-title");
    let content = html! {
        h1 { (title) }
        (error_box(viewer, errors))
        @if let Some(notice) = &notice { p.notice #notice { (notice) } }
        table #users {
            thead { tr {
                th { (viewer.text("auth-username")) }
                th { (viewer.text("auth-agency")) }
                th { (viewer.text("auth-roles")) }
                th { (viewer.text("auth-user-state")) }
                th {}
            } }
            tbody {
                @for user in &users {
                    tr id=(format!("user-{}", user.username)) {
                        td.key { (user.username) }
                        td { (user.agency) }
                        td {
                            form method="post" action=(format!("/admin/users/{}/roles", user.id)) {
                                (viewer.csrf_field())
                                @for role in Role::ALL {
                                    label.check {
                                        input type="checkbox" name="role" value=(role.as_str()) checked[user.roles.contains(&role)];
                                        (viewer.text(&role.message_id()))
                                    }
                                }
                                button type="submit" { (viewer.text("auth-roles-save")) }
                            }
                        }
                        td { (viewer.text(if user.disabled { "auth-user-disabled" } else { "auth-user-active" })) }
                        td {
                            @let (path, label) = if user.disabled { ("enable", "auth-user-enable") } else { ("disable", "auth-user-disable") };
                            form method="post" action=(format!("/admin/users/{}/{path}", user.id)) {
                                (viewer.csrf_field())
                                button type="submit" { (viewer.text(label)) }
                            }
                        }
                    }
                }
            }
        }
        h2 { (viewer.text("auth-user-create")) }
        form.card #create-user method="post" action="/admin/users" {
            (viewer.csrf_field())
            label { (viewer.text("auth-username")) input type="text" name="username" maxlength="64" required; }
            label { (viewer.text("auth-agency")) input type="text" name="agency" maxlength="64" value=(state.identity.agency) required; }
            label { (viewer.text("auth-password")) input type="password" name="password" maxlength="256" autocomplete="new-password" required; }
            fieldset {
                legend { (viewer.text("auth-roles")) }
                @for role in Role::ALL {
                    label.check { input type="checkbox" name="role" value=(role.as_str()); (viewer.text(&role.message_id())) }
                }
            }
            div { button type="submit" { (viewer.text("auth-user-create")) } }
        }
    };
    Ok(html_response(status, layout::page(viewer, &state.identity, &title, &[], content)))
}

fn roles_of(pairs: &[(String, String)]) -> Result<Vec<Role>, ()> {
    pairs.iter().filter(|(key, _)| key == "role").map(|(_, value)| value.parse::<Role>().map_err(|_| ())).collect()
}

/// Handles `POST /admin/users`.
pub(crate) async fn create_user(
    State(state): State<AppState>,
    viewer: Viewer,
    Extension(principal): Extension<Principal>,
    body: axum::body::Bytes,
) -> Result<Response, PageError> {
    let viewer = viewer.at_page("/admin/users".to_owned());
    let form = pairs(&body);
    let Ok(roles) = roles_of(&form) else {
        return users_page(&state, &viewer, &[viewer.text("auth-error-roles")], None, StatusCode::BAD_REQUEST).await;
    };
    let new = NewUser {
        username: field(&form, "username").trim().to_owned(),
        agency: field(&form, "agency").trim().to_owned(),
        roles,
        password: SecretString::from(field(&form, "password").to_owned()),
    };
    let auth = state.auth.clone();
    let created = tokio::task::spawn_blocking(move || auth.create_user(new))
        .await
        .map_err(|error| PageError::new(&viewer, &state, error.into()))?;
    let user = match created {
        Ok((user, _secret)) => user,
        Err(AuthError::Store(error)) => return Err(PageError::new(&viewer, &state, error.into())),
        Err(error) => {
            return users_page(&state, &viewer, &[auth_message(&viewer, &error)], None, StatusCode::BAD_REQUEST).await;
        }
    };

    let roles = user.roles.iter().map(Role::as_str).collect::<Vec<_>>().join(",");
    audit(&state, &viewer, &principal, "user.create", "user", &user.id, vec![("roles", None, Some(roles))]).await?;
    let notice = viewer.text_with("auth-user-created", &[("username", Arg::Text(&user.username))]);
    users_page(&state, &viewer, &[], Some(notice), StatusCode::CREATED).await
}

/// Handles `POST /admin/users/{id}/disable`: the user's sessions end at once.
pub(crate) async fn disable_user(
    State(state): State<AppState>,
    viewer: Viewer,
    Extension(principal): Extension<Principal>,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    change_user(&state, &viewer, &principal, &id, "user.disable", |auth, id| auth.disable_user(id)).await
}

/// Handles `POST /admin/users/{id}/enable`.
pub(crate) async fn enable_user(
    State(state): State<AppState>,
    viewer: Viewer,
    Extension(principal): Extension<Principal>,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    change_user(&state, &viewer, &principal, &id, "user.enable", |auth, id| auth.enable_user(id)).await
}

/// Handles `POST /admin/users/{id}/roles`.
pub(crate) async fn set_roles(
    State(state): State<AppState>,
    viewer: Viewer,
    Extension(principal): Extension<Principal>,
    Path(id): Path<String>,
    body: axum::body::Bytes,
) -> Result<Response, PageError> {
    let viewer = viewer.at_page("/admin/users".to_owned());
    let Ok(roles) = roles_of(&pairs(&body)) else {
        return users_page(&state, &viewer, &[viewer.text("auth-error-roles")], None, StatusCode::BAD_REQUEST).await;
    };
    let names = roles.iter().map(Role::as_str).collect::<Vec<_>>().join(",");
    let action = "user.roles";
    let result = {
        let auth = state.auth.clone();
        let id = id.clone();
        blocking::run(move || Ok::<_, AuthError>(auth.set_roles(&id, &roles))).await
    }
    .map_err(|error| PageError::new(&viewer, &state, error))?;
    match result {
        Ok(()) => {
            audit(&state, &viewer, &principal, action, "user", &id, vec![("roles", None, Some(names))]).await?;
            Ok(Redirect::to("/admin/users").into_response())
        }
        Err(AuthError::Store(error)) => Err(PageError::new(&viewer, &state, error.into())),
        Err(error) => users_page(&state, &viewer, &[auth_message(&viewer, &error)], None, StatusCode::BAD_REQUEST).await,
    }
}

async fn change_user(
    state: &AppState,
    viewer: &Viewer,
    principal: &Principal,
    id: &str,
    action: &str,
    change: fn(&mekong_auth::Auth, &str) -> Result<(), AuthError>,
) -> Result<Response, PageError> {
    let viewer = viewer.at_page("/admin/users".to_owned());
    let auth = state.auth.clone();
    let target = id.to_owned();
    let result = blocking::run(move || Ok::<_, AuthError>(change(&auth, &target)))
        .await
        .map_err(|error| PageError::new(&viewer, state, error))?;
    match result {
        Ok(()) => {
            audit(state, &viewer, principal, action, "user", id, Vec::new()).await?;
            Ok(Redirect::to("/admin/users").into_response())
        }
        Err(AuthError::UserNotFound(_)) => {
            let message = viewer.text_with("auth-error-user-not-found", &[("id", Arg::Text(id))]);
            users_page(state, &viewer, &[message], None, StatusCode::NOT_FOUND).await
        }
        Err(error) => Err(PageError::new(&viewer, state, error.into())),
    }
}

/// Renders `GET /admin/tokens`.
pub(crate) async fn tokens(State(state): State<AppState>, viewer: Viewer) -> Result<Response, PageError> {
    tokens_page(&state, &viewer, &[], None, StatusCode::OK).await
}

async fn tokens_page(
    state: &AppState,
    viewer: &Viewer,
    errors: &[String],
    created: Option<(String, SecretString)>,
    status: StatusCode,
) -> Result<Response, PageError> {
    let auth = state.auth.clone();
    let tokens: Vec<ApiTokenRecord> =
        blocking::run(move || auth.api_tokens()).await.map_err(|error| PageError::new(viewer, state, error))?;
    let offset = state.node_offset();
    let title = viewer.text("auth-tokens-title");
    let content = html! {
        h1 { (title) }
        (error_box(viewer, errors))
        @if let Some((name, token)) = &created {
            section.card #new-token {
                p { (viewer.text_with("auth-token-created", &[("name", Arg::Text(name))])) }
                p.key #token-value { (token.expose_secret()) }
            }
        }
        table #tokens {
            thead { tr {
                th { (viewer.text("auth-token-name")) }
                th { (viewer.text("auth-token-scopes")) }
                th { (viewer.text("auth-token-last-used")) }
                th { (viewer.text("auth-user-state")) }
                th {}
            } }
            tbody {
                @for token in &tokens {
                    tr id=(format!("token-{}", token.id)) {
                        td.key { (token.name) }
                        td.key { (token.scopes.join(", ")) }
                        td { (token.last_used_at.map(|at| crate::display::instant(at, offset)).unwrap_or_default()) }
                        td { (viewer.text(if token.revoked_at.is_some() { "auth-token-revoked" } else { "auth-user-active" })) }
                        td {
                            @if token.revoked_at.is_none() {
                                form method="post" action=(format!("/admin/tokens/{}/revoke", token.id)) {
                                    (viewer.csrf_field())
                                    button type="submit" { (viewer.text("auth-token-revoke")) }
                                }
                            }
                        }
                    }
                }
            }
        }
        h2 { (viewer.text("auth-token-create")) }
        form.card #create-token method="post" action="/admin/tokens" {
            (viewer.csrf_field())
            label { (viewer.text("auth-token-name")) input type="text" name="name" maxlength="64" required; }
            fieldset {
                legend { (viewer.text("auth-token-scopes")) }
                @for scope in Scope::ALL {
                    label.check { input type="checkbox" name="scope" value=(scope.as_str()); span.key { (scope.as_str()) } }
                }
            }
            div { button type="submit" { (viewer.text("auth-token-create")) } }
        }
    };
    Ok(html_response(status, layout::page(viewer, &state.identity, &title, &[], content)))
}

/// Handles `POST /admin/tokens`; the response shows the token once.
pub(crate) async fn create_token(
    State(state): State<AppState>,
    viewer: Viewer,
    Extension(principal): Extension<Principal>,
    body: axum::body::Bytes,
) -> Result<Response, PageError> {
    let viewer = viewer.at_page("/admin/tokens".to_owned());
    let form = pairs(&body);
    let scopes: Result<Vec<Scope>, _> =
        form.iter().filter(|(key, _)| key == "scope").map(|(_, value)| value.parse::<Scope>()).collect();
    let Ok(scopes) = scopes else {
        return tokens_page(&state, &viewer, &[viewer.text("auth-error-scopes")], None, StatusCode::BAD_REQUEST).await;
    };
    let name = field(&form, "name").trim().to_owned();
    let auth = state.auth.clone();
    let creator = principal.name();
    let token_name = name.clone();
    let result = blocking::run(move || Ok::<_, AuthError>(auth.create_api_token(&token_name, &scopes, &creator)))
        .await
        .map_err(|error| PageError::new(&viewer, &state, error))?;
    match result {
        Ok(created) => {
            let scopes = created.record.scopes.join(",");
            audit(&state, &viewer, &principal, "token.create", "api_token", &created.record.id, vec![("scopes", None, Some(scopes))]).await?;
            tokens_page(&state, &viewer, &[], Some((name, created.token)), StatusCode::CREATED).await
        }
        Err(AuthError::Store(error)) => Err(PageError::new(&viewer, &state, error.into())),
        Err(error) => tokens_page(&state, &viewer, &[auth_message(&viewer, &error)], None, StatusCode::BAD_REQUEST).await,
    }
}

/// Handles `POST /admin/tokens/{id}/revoke`.
pub(crate) async fn revoke_token(
    State(state): State<AppState>,
    viewer: Viewer,
    Extension(principal): Extension<Principal>,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let viewer = viewer.at_page("/admin/tokens".to_owned());
    let auth = state.auth.clone();
    let target = id.clone();
    let result = blocking::run(move || Ok::<_, AuthError>(auth.revoke_api_token(&target)))
        .await
        .map_err(|error| PageError::new(&viewer, &state, error))?;
    match result {
        Ok(()) => {
            audit(&state, &viewer, &principal, "token.revoke", "api_token", &id, Vec::new()).await?;
            Ok(Redirect::to("/admin/tokens").into_response())
        }
        Err(AuthError::TokenNotFound(_)) => {
            let message = viewer.text_with("auth-error-token-not-found", &[("id", Arg::Text(&id))]);
            tokens_page(&state, &viewer, &[message], None, StatusCode::NOT_FOUND).await
        }
        Err(error) => Err(PageError::new(&viewer, &state, error.into())),
    }
}

async fn audit(
    state: &AppState,
    viewer: &Viewer,
    principal: &Principal,
    action: &str,
    object_type: &str,
    object_id: &str,
    changes: Vec<(&str, Option<String>, Option<String>)>,
) -> Result<(), PageError> {
    let entry = Entry {
        actor: principal.actor(&state.identity.agency),
        action,
        object_type: Some(object_type),
        object_id: Some(object_id),
        changes,
        source: None,
    };
    audit_trail::record(state, entry).await.map_err(|error| PageError::new(viewer, state, error))
}
