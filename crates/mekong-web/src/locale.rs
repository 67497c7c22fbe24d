//! Choosing the viewer's locale and remembering an explicit choice.
//!
//! The locale comes from, in order: a `lang` query parameter (`?lang=zh-CN`), the
//! `lang` cookie, then the `Accept-Language` header through `Locale::negotiate`.
//! A valid `lang` parameter also sets the cookie, so the choice sticks on later
//! pages. An unknown `lang` value is ignored rather than rejected.

use axum::extract::{FromRequestParts, Query, Request};
use axum::http::header::{ACCEPT_LANGUAGE, COOKIE, SET_COOKIE, VARY};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use mekong_core::i18n::{Arg, Locale, Messages};

/// Name of the query parameter and of the cookie that carry an explicit locale.
const LANG: &str = "lang";

/// How long the `lang` cookie is kept: one year, in seconds.
const COOKIE_MAX_AGE: u32 = 365 * 24 * 3600;

/// The person looking at a page: their locale and the requested address, which
/// the language switch links back to.
#[derive(Debug, Clone)]
pub(crate) struct Viewer {
    /// The locale every text on the page is rendered in.
    pub locale: Locale,
    /// The signed-in user's session, for the top bar and the CSRF field of forms.
    pub session: Option<crate::auth::SessionPrincipal>,
    path: String,
    query: Vec<(String, String)>,
}

impl Viewer {
    /// Formats a message without arguments in the viewer's locale.
    pub fn text(&self, key: &str) -> String {
        Messages::global().get(self.locale, key)
    }

    /// Formats a message with arguments in the viewer's locale.
    pub fn text_with(&self, key: &str, args: &[(&str, Arg<'_>)]) -> String {
        Messages::global().format(self.locale, key, args)
    }

    /// The hidden form field with the session's CSRF token; empty without a session.
    pub fn csrf_field(&self) -> maud::Markup {
        maud::html! {
            @if let Some(session) = &self.session {
                input type="hidden" name=(crate::auth::csrf::FIELD) value=(session.csrf);
            }
        }
    }

    /// Checks whether the signed-in user may perform an action.
    pub fn may(&self, action: mekong_auth::Action) -> bool {
        self.session.as_ref().is_some_and(|session| mekong_auth::allows(&session.user.roles, action))
    }

    /// Returns the current address with `lang` set to another locale, for the
    /// language switch. Other query parameters, such as filters, are kept.
    pub fn switch_href(&self, to: Locale) -> String {
        let mut pairs: Vec<(&str, &str)> =
            self.query.iter().filter(|(name, _)| name != LANG).map(|(n, v)| (n.as_str(), v.as_str())).collect();
        pairs.push((LANG, to.tag()));
        format!("{}?{}", self.path, crate::display::encode_query(&pairs))
    }

    /// Returns the same viewer with the language switch pointing at another page,
    /// for responses to a POST whose address has no page of its own.
    pub fn at_page(&self, path: String) -> Viewer {
        Viewer { locale: self.locale, session: self.session.clone(), path, query: Vec::new() }
    }

    /// Builds the viewer of a request.
    pub fn from_parts(parts: &Parts) -> Viewer {
        let query = query_pairs(parts);
        let locale = explicit_locale(&query)
            .or_else(|| cookie_locale(&parts.headers))
            .unwrap_or_else(|| header_locale(&parts.headers));

        let session = parts
            .extensions
            .get::<crate::auth::Principal>()
            .and_then(crate::auth::Principal::session)
            .cloned();
        Viewer { locale, session, path: parts.uri.path().to_owned(), query }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Viewer {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(Viewer::from_parts(parts))
    }
}

/// Middleware that stores an explicit `?lang=` choice in a cookie and marks
/// responses as varying by cookie and `Accept-Language`.
pub(crate) async fn negotiate(request: Request, next: Next) -> Response {
    let (parts, body) = request.into_parts();
    let chosen = explicit_locale(&query_pairs(&parts));
    let request = Request::from_parts(parts, body);

    let mut response = next.run(request).await;

    let headers = response.headers_mut();
    headers.append(VARY, HeaderValue::from_static("Cookie, Accept-Language"));
    if let Some(locale) = chosen {
        let cookie = format!("{LANG}={}; Path=/; Max-Age={COOKIE_MAX_AGE}; SameSite=Lax; HttpOnly", locale.tag());
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            headers.append(SET_COOKIE, value);
        }
    }
    response
}

/// Returns the locale for an API response: English unless the request has an
/// `Accept-Language` header, because API clients are programs that log the text.
pub(crate) fn api_locale(headers: &HeaderMap) -> Locale {
    match headers.get(ACCEPT_LANGUAGE).and_then(|value| value.to_str().ok()) {
        Some(preferences) => Locale::negotiate(preferences),
        None => Locale::En,
    }
}

fn query_pairs(parts: &Parts) -> Vec<(String, String)> {
    // A query string that does not decode has no usable `lang` parameter, and the
    // handlers report its other parameters themselves.
    Query::<Vec<(String, String)>>::try_from_uri(&parts.uri).map(|Query(pairs)| pairs).unwrap_or_default()
}

fn explicit_locale(query: &[(String, String)]) -> Option<Locale> {
    query.iter().rev().find(|(name, _)| name == LANG).and_then(|(_, value)| value.parse().ok())
}

fn cookie_locale(headers: &HeaderMap) -> Option<Locale> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|cookies| cookies.split(';'))
        .filter_map(|cookie| cookie.trim().split_once('='))
        .find(|(name, _)| *name == LANG)
        .and_then(|(_, value)| value.trim().parse().ok())
}

fn header_locale(headers: &HeaderMap) -> Locale {
    headers
        .get(ACCEPT_LANGUAGE)
        .and_then(|value| value.to_str().ok())
        .map(Locale::negotiate)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use axum::http::Request;

    use super::*;

    fn viewer(uri: &str, headers: &[(&str, &str)]) -> Viewer {
        let mut builder = Request::builder().uri(uri);
        for (name, value) in headers {
            builder = builder.header(*name, *value);
        }
        let (parts, ()) = builder.body(()).unwrap().into_parts();
        Viewer::from_parts(&parts)
    }

    #[test]
    fn query_beats_cookie_and_header() {
        let viewer = viewer("/alerts?lang=lo", &[("cookie", "lang=zh-CN"), ("accept-language", "en")]);
        assert_eq!(viewer.locale, Locale::Lo);
    }

    #[test]
    fn cookie_beats_header() {
        let viewer = viewer("/alerts", &[("cookie", "theme=dark; lang=zh-CN"), ("accept-language", "lo")]);
        assert_eq!(viewer.locale, Locale::ZhCn);
    }

    #[test]
    fn header_used_without_choice() {
        let viewer = viewer("/alerts?lang=xx", &[("accept-language", "lo-LA,lo;q=0.9")]);
        assert_eq!(viewer.locale, Locale::Lo);
    }

    #[test]
    fn switch_keeps_filters() {
        let viewer = viewer("/alerts?rule=fan_in&lang=en&page=2", &[]);
        assert_eq!(viewer.switch_href(Locale::ZhCn), "/alerts?rule=fan_in&page=2&lang=zh-CN");
    }
}
