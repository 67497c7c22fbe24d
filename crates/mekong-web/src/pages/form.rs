//! Reading URL-encoded form bodies whose fields may repeat or be missing.

/// Reads a URL-encoded body into (name, value) pairs in the order sent. A body that
/// does not decode yields no pairs, so every field then counts as missing.
pub(crate) fn pairs(body: &[u8]) -> Vec<(String, String)> {
    let uri = format!("/?{}", String::from_utf8_lossy(body));
    let Ok(uri) = uri.parse() else {
        return Vec::new();
    };
    axum::extract::Query::<Vec<(String, String)>>::try_from_uri(&uri)
        .map(|axum::extract::Query(pairs)| pairs)
        .unwrap_or_default()
}

/// Returns the first value of a field, trimmed; empty when the field is missing.
pub(crate) fn field<'a>(pairs: &'a [(String, String)], name: &str) -> &'a str {
    pairs.iter().find(|(key, _)| key == name).map_or("", |(_, value)| value.trim())
}

/// Returns every value of a repeated field, trimmed, without empty values.
pub(crate) fn all<'a>(pairs: &'a [(String, String)], name: &str) -> Vec<&'a str> {
    pairs
        .iter()
        .filter(|(key, _)| key == name)
        .map(|(_, value)| value.trim())
        .filter(|value| !value.is_empty())
        .collect()
}
