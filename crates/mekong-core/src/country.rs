//! ISO 3166-1 alpha-2 country codes, with the two countries that run nodes named.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// An ISO 3166-1 alpha-2 country code, stored upper-case.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Country([u8; 2]);

impl Country {
    /// China.
    pub const CN: Country = Country(*b"CN");
    /// Laos (Lao People's Democratic Republic).
    pub const LA: Country = Country(*b"LA");

    /// Returns the two-letter code.
    pub fn as_str(&self) -> &str {
        // The constructor only admits ASCII letters, so this never falls back.
        std::str::from_utf8(&self.0).unwrap_or("??")
    }

    /// Whether this is one of the two countries that run Mekong Bridge nodes.
    pub fn runs_nodes(&self) -> bool {
        *self == Self::CN || *self == Self::LA
    }
}

/// A country code that is not two ASCII letters.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid country code {0:?}: expected two letters of ISO 3166-1 alpha-2, such as CN or LA")]
pub struct CountryError(pub String);

impl FromStr for Country {
    type Err = CountryError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let trimmed = s.trim();
        let bytes = trimmed.as_bytes();
        if bytes.len() != 2 || !bytes.iter().all(u8::is_ascii_alphabetic) {
            return Err(CountryError(s.to_owned()));
        }
        Ok(Country([bytes[0].to_ascii_uppercase(), bytes[1].to_ascii_uppercase()]))
    }
}

impl TryFrom<String> for Country {
    type Error = CountryError;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        value.parse()
    }
}

impl From<Country> for String {
    fn from(value: Country) -> Self {
        value.as_str().to_owned()
    }
}

impl fmt::Display for Country {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for Country {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Country({})", self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_lower_case() {
        assert_eq!("la".parse::<Country>(), Ok(Country::LA));
    }

    #[test]
    fn rejects_three_letters() {
        assert!("CHN".parse::<Country>().is_err());
    }
}
