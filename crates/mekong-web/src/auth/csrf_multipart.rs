//! The CSRF check of `multipart/form-data` bodies, whose token travels in the body's
//! first part, a text field named `csrf`, so that it never reaches a URL, an access
//! log or the browser history.
//!
//! Invariants:
//! - only the first part is read before the check: at most [`MAX_PREFIX_BYTES`] plus
//!   one body chunk, so an upload of any size still streams to its handler in
//!   constant memory;
//! - a body whose first part is not the `csrf` text field (the field is missing, or
//!   comes after another field or a file) or carries another token is rejected before
//!   any handler reads it;
//! - the bytes read for the check are put back in front of the rest of the body, so
//!   the handler reads the whole body unchanged, `csrf` part included.

use std::convert::Infallible;

use axum::body::{Body, Bytes};
use axum::extract::Request;
use axum::http::header::CONTENT_TYPE;
use futures_util::StreamExt;
use mekong_auth::secret::constant_time_eq;

use super::csrf::FIELD;

/// The maximum bytes read while looking for the end of the first part. The `csrf`
/// part of a browser is about 150 bytes, so this leaves room for long part headers.
const MAX_PREFIX_BYTES: usize = 16 * 1024;

/// A reason a multipart body failed the CSRF check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub(crate) enum MultipartCsrfError {
    /// The `Content-Type` header names no multipart boundary.
    #[error("the content type has no multipart boundary")]
    NoBoundary,
    /// The body broke off, or ended, before its first part ended.
    #[error("the body ended before its first part")]
    Unreadable,
    /// The first part is longer than [`MAX_PREFIX_BYTES`].
    #[error("the first part is longer than {MAX_PREFIX_BYTES} bytes")]
    TooLong,
    /// The first part is not the `csrf` text field.
    #[error("the first part is not the csrf field")]
    NotFirst,
    /// The token differs from the session's.
    #[error("the csrf token does not match the session")]
    Mismatch,
}

/// Reads the first part of a multipart request and checks that it is the `csrf`
/// field with the `expected` token. Returns the request with its body restored.
pub(crate) async fn check(request: Request, expected: &str) -> Result<Request, MultipartCsrfError> {
    let content_type = request.headers().get(CONTENT_TYPE).and_then(|value| value.to_str().ok()).unwrap_or("");
    let boundary = multer::parse_boundary(content_type).map_err(|_| MultipartCsrfError::NoBoundary)?;
    let (parts, body) = request.into_parts();
    let mut stream = body.into_data_stream();

    let mut prefix = Vec::new();
    while !first_part_ended(&prefix, &boundary) {
        if prefix.len() > MAX_PREFIX_BYTES {
            return Err(MultipartCsrfError::TooLong);
        }
        match stream.next().await {
            Some(Ok(chunk)) => prefix.extend_from_slice(&chunk),
            Some(Err(_)) => return Err(MultipartCsrfError::Unreadable),
            // A body that ends early fails below, because its first part never ends.
            None => break,
        }
    }

    let prefix = Bytes::from(prefix);
    let token = first_field(prefix.clone(), &boundary).await?;
    if !constant_time_eq(&token, expected) {
        return Err(MultipartCsrfError::Mismatch);
    }

    let restored = futures_util::stream::once(async move { Ok::<Bytes, axum::Error>(prefix) }).chain(stream);
    Ok(Request::from_parts(parts, Body::from_stream(restored)))
}

/// Checks whether `prefix` contains the whole first part: the opening delimiter, the
/// part, the next delimiter and the two bytes after it (`\r\n` or the closing `--`).
fn first_part_ended(prefix: &[u8], boundary: &str) -> bool {
    let opening = format!("--{boundary}");
    let Some(start) = find(prefix, opening.as_bytes()) else {
        return false;
    };

    let after_opening = start + opening.len();
    let next = format!("\r\n--{boundary}");
    find(&prefix[after_opening..], next.as_bytes()).is_some_and(|end| prefix.len() >= after_opening + end + next.len() + 2)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|window| window == needle)
}

/// Parses the first part of `prefix` and returns its value when it is the `csrf`
/// text field.
async fn first_field(prefix: Bytes, boundary: &str) -> Result<String, MultipartCsrfError> {
    let stream = futures_util::stream::once(async move { Ok::<Bytes, Infallible>(prefix) });
    let mut multipart = multer::Multipart::new(stream, boundary);

    let field = multipart.next_field().await.map_err(|_| MultipartCsrfError::Unreadable)?;
    let Some(field) = field else {
        return Err(MultipartCsrfError::NotFirst);
    };
    if field.name() != Some(FIELD) || field.file_name().is_some() {
        return Err(MultipartCsrfError::NotFirst);
    }
    field.text().await.map_err(|_| MultipartCsrfError::Unreadable)
}

#[cfg(test)]
mod tests {
    use super::*;

    const BOUNDARY: &str = "b0undary";

    fn request(body: &'static str) -> Request {
        Request::builder()
            .header(CONTENT_TYPE, format!("multipart/form-data; boundary={BOUNDARY}"))
            .body(Body::from(body))
            .unwrap()
    }

    async fn body_text(request: Request) -> String {
        let bytes = axum::body::to_bytes(request.into_body(), usize::MAX).await.unwrap();
        String::from_utf8(bytes.to_vec()).unwrap()
    }

    const GOOD: &str = "--b0undary\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\ntok-1\r\n\
        --b0undary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\nhello\r\n--b0undary--\r\n";

    #[tokio::test]
    async fn first_field_token_passes() {
        let checked = check(request(GOOD), "tok-1").await.unwrap();
        assert_eq!(body_text(checked).await, GOOD, "the handler reads the whole body");
    }

    #[tokio::test]
    async fn wrong_or_late_token_rejected() {
        assert_eq!(check(request(GOOD), "tok-2").await.err(), Some(MultipartCsrfError::Mismatch));

        let late = "--b0undary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\nhello\r\n\
            --b0undary\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\ntok-1\r\n--b0undary--\r\n";
        assert_eq!(check(request(late), "tok-1").await.err(), Some(MultipartCsrfError::NotFirst));

        let missing = "--b0undary\r\nContent-Disposition: form-data; name=\"case\"\r\n\r\nC-1\r\n--b0undary--\r\n";
        assert_eq!(check(request(missing), "tok-1").await.err(), Some(MultipartCsrfError::NotFirst));

        let as_file = "--b0undary\r\nContent-Disposition: form-data; name=\"csrf\"; filename=\"t\"\r\n\r\ntok-1\r\n--b0undary--\r\n";
        assert_eq!(check(request(as_file), "tok-1").await.err(), Some(MultipartCsrfError::NotFirst));
    }

    #[tokio::test]
    async fn unfinished_first_part_rejected() {
        let cut = "--b0undary\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\ntok-1";
        assert_eq!(check(request(cut), "tok-1").await.err(), Some(MultipartCsrfError::Unreadable));

        let long = format!("--b0undary\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{}", "x".repeat(40 * 1024));
        let chunks: Vec<Result<Bytes, Infallible>> = long.as_bytes().chunks(1024).map(|chunk| Ok(Bytes::copy_from_slice(chunk))).collect();
        let stream = futures_util::stream::iter(chunks);
        let chunked = Request::builder()
            .header(CONTENT_TYPE, format!("multipart/form-data; boundary={BOUNDARY}"))
            .body(Body::from_stream(stream))
            .unwrap();
        assert_eq!(check(chunked, "tok-1").await.err(), Some(MultipartCsrfError::TooLong));

        let no_boundary = Request::builder().header(CONTENT_TYPE, "multipart/form-data").body(Body::from(GOOD)).unwrap();
        assert_eq!(check(no_boundary, "tok-1").await.err(), Some(MultipartCsrfError::NoBoundary));
    }

    #[test]
    fn first_part_end_found() {
        assert!(!first_part_ended(b"--b0undary\r\nX\r\n\r\nv", BOUNDARY));
        assert!(!first_part_ended(b"--b0undary\r\nX\r\n\r\nv\r\n--b0undary", BOUNDARY));
        assert!(first_part_ended(b"--b0undary\r\nX\r\n\r\nv\r\n--b0undary--", BOUNDARY));
        assert!(first_part_ended(b"--b0undary\r\nX\r\n\r\nv\r\n--b0undary\r\nmore", BOUNDARY));
    }
}
