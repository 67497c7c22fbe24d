//! The session cookie: HttpOnly, SameSite=Strict, Path=/, and Secure when the node
//! serves TLS. It carries the session token, whose SHA-256 is all the store keeps.

use axum::http::header::COOKIE;
use axum::http::{HeaderMap, HeaderValue};
use mekong_auth::{ExposeSecret, SecretString};

/// The cookie's name.
pub(crate) const SESSION_COOKIE: &str = "mekong_session";

/// Returns the session token of the request's cookie, if any.
pub(crate) fn session_token(headers: &HeaderMap) -> Option<SecretString> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|cookies| cookies.split(';'))
        .filter_map(|cookie| cookie.trim().split_once('='))
        .find(|(name, _)| *name == SESSION_COOKIE)
        .map(|(_, value)| SecretString::from(value.trim().to_owned()))
}

/// Builds the `Set-Cookie` value that stores a session token.
pub(crate) fn set_session(token: &SecretString, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    let text = format!("{SESSION_COOKIE}={}; Path=/; HttpOnly; SameSite=Strict{secure}", token.expose_secret());
    HeaderValue::from_str(&text).unwrap_or_else(|_| clear_session(false))
}

/// Builds the `Set-Cookie` value that removes the session cookie.
pub(crate) fn clear_session(secure: bool) -> HeaderValue {
    if secure {
        HeaderValue::from_static("mekong_session=; Path=/; HttpOnly; SameSite=Strict; Secure; Max-Age=0")
    } else {
        HeaderValue::from_static("mekong_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0")
    }
}
