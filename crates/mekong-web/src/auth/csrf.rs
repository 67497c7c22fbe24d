//! CSRF protection of state-changing requests.
//!
//! A request passes when (1) `Sec-Fetch-Site`, if sent, is `same-origin` or `none`,
//! (2) `Origin`, if sent and not `null`, names this host, and (3) for a session,
//! the form field `csrf` or the header `X-CSRF-Token` equals the session's token.
//! A `multipart/form-data` body must carry the field as its first part
//! ([`super::csrf_multipart`]); a token in the query string is never accepted.
//! Browsers send `Origin: null` on same-origin form posts under
//! `Referrer-Policy: no-referrer`, so `null` alone proves nothing and the token
//! decides.

use axum::http::HeaderMap;
use axum::http::header::{HOST, ORIGIN};
use mekong_auth::secret::constant_time_eq;

/// The form field that carries the token.
pub(crate) const FIELD: &str = "csrf";

/// Checks `Sec-Fetch-Site` and `Origin`.
pub(crate) fn same_origin(headers: &HeaderMap) -> bool {
    let site = headers.get("sec-fetch-site").and_then(|value| value.to_str().ok());
    if site.is_some_and(|site| site != "same-origin" && site != "none") {
        return false;
    }

    let origin = headers.get(ORIGIN).and_then(|value| value.to_str().ok());
    match origin {
        None | Some("null") => true,
        Some(origin) => {
            let host = headers.get(HOST).and_then(|value| value.to_str().ok()).unwrap_or("");
            let origin_host = origin.strip_prefix("https://").or_else(|| origin.strip_prefix("http://"));
            origin_host.is_some_and(|origin_host| !host.is_empty() && origin_host.eq_ignore_ascii_case(host))
        }
    }
}

/// Checks the token of a URL-encoded form body or of the `X-CSRF-Token` header.
pub(crate) fn token_matches(headers: &HeaderMap, body: &[u8], expected: &str) -> bool {
    if let Some(header) = headers.get("x-csrf-token").and_then(|value| value.to_str().ok()) {
        return constant_time_eq(header, expected);
    }

    // A genuine token is base64url, which form encoding leaves as it is.
    let Ok(text) = std::str::from_utf8(body) else {
        return false;
    };
    text.split('&')
        .filter_map(|pair| pair.split_once('='))
        .filter(|(name, _)| *name == FIELD)
        .any(|(_, value)| constant_time_eq(value, expected))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, value.parse().unwrap());
        }
        map
    }

    #[test]
    fn origin_must_match_host() {
        assert!(same_origin(&headers(&[("host", "127.0.0.1:8080"), ("origin", "http://127.0.0.1:8080")])));
        assert!(!same_origin(&headers(&[("host", "127.0.0.1:8080"), ("origin", "http://evil.example")])));
        assert!(same_origin(&headers(&[("origin", "null")])));
        assert!(!same_origin(&headers(&[("sec-fetch-site", "cross-site")])));
    }

    #[test]
    fn token_from_form_or_header() {
        assert!(token_matches(&HeaderMap::new(), b"to=escalated&csrf=abc-_1&reason=x", "abc-_1"));
        assert!(!token_matches(&HeaderMap::new(), b"to=escalated&reason=x", "abc-_1"));
        assert!(!token_matches(&HeaderMap::new(), b"csrf=abc", "abc-_1"));
        assert!(token_matches(&headers(&[("x-csrf-token", "abc-_1")]), b"", "abc-_1"));
    }
}
