//! Reading URL-encoded form bodies whose fields may repeat or be missing.

/// Reads a URL-encoded body into (name, value) pairs in the order sent. Invalid
/// UTF-8 in a name or value is replaced with U+FFFD. The body is parsed directly, not
/// as a URI query, because `http` rejects URIs longer than 64 KiB and a pasted goAML
/// report is larger.
pub(crate) fn pairs(body: &[u8]) -> Vec<(String, String)> {
    url::form_urlencoded::parse(body).map(|(name, value)| (name.into_owned(), value.into_owned())).collect()
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
