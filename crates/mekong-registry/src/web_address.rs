//! URLs and domain names in canonical form, through the WHATWG URL parser of the
//! `url` crate, which lower-cases hosts and applies IDNA (UTS #46) to them.

use url::{Host, Url};

use crate::normalise::NormaliseError;

/// Canonicalises a URL; text without a scheme is read as `http://`.
pub(crate) fn normalise_url(text: &str) -> Result<String, NormaliseError> {
    let with_scheme = if text.contains("://") { text.to_owned() } else { format!("http://{text}") };
    let mut url = Url::parse(&with_scheme).map_err(|error| NormaliseError::Url(text.to_owned(), error.to_string()))?;

    if url.host().is_none() {
        return Err(NormaliseError::Url(text.to_owned(), "the URL has no host".to_owned()));
    }

    // The parser already drops a port equal to the scheme's default.
    url.set_fragment(None);
    if let Some(Host::Domain(domain)) = url.host() {
        let trimmed = domain.trim_end_matches('.').to_owned();
        if trimmed != domain {
            url.set_host(Some(&trimmed)).map_err(|error| NormaliseError::Url(text.to_owned(), error.to_string()))?;
        }
    }
    Ok(url.to_string())
}

/// Canonicalises a domain name to its lower-case IDNA ASCII form.
pub(crate) fn normalise_domain(text: &str) -> Result<String, NormaliseError> {
    let bare = text.trim_end_matches('.');
    if bare.is_empty() || bare.contains(['/', ':', '@', '?', '#']) || bare.contains(char::is_whitespace) {
        return Err(NormaliseError::Domain(text.to_owned()));
    }

    match Host::parse(bare) {
        Ok(Host::Domain(domain)) if domain.contains('.') => Ok(domain),
        _ => Err(NormaliseError::Domain(text.to_owned())),
    }
}
