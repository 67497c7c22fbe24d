//! Random secrets and their stored form: session tokens, API tokens, CSRF tokens
//! and identifiers.
//!
//! Invariant: a token is 32 random bytes from the operating system, shown once as
//! base64url text; only its SHA-256 is stored, so a copy of the database signs
//! nobody in.

use data_encoding::{BASE64URL_NOPAD, HEXLOWER};
use secrecy::{ExposeSecret, SecretString};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

use crate::AuthError;

/// Bytes of randomness in every token.
pub const TOKEN_BYTES: usize = 32;

/// Fills a buffer from the operating system's random source.
pub fn random_bytes<const N: usize>() -> Result<Zeroizing<[u8; N]>, AuthError> {
    let mut bytes = Zeroizing::new([0_u8; N]);
    getrandom::fill(bytes.as_mut()).map_err(|error| AuthError::Random(error.to_string()))?;
    Ok(bytes)
}

/// Creates a new random token as text.
pub fn new_token() -> Result<SecretString, AuthError> {
    let bytes = random_bytes::<TOKEN_BYTES>()?;
    Ok(SecretString::from(BASE64URL_NOPAD.encode(bytes.as_ref())))
}

/// Creates a random identifier of 16 bytes as lower-case hex.
pub fn new_id() -> Result<String, AuthError> {
    let bytes = random_bytes::<16>()?;
    Ok(HEXLOWER.encode(bytes.as_ref()))
}

/// Returns the SHA-256 of a token's text, the form in which tokens are stored.
pub fn token_hash(token: &SecretString) -> Vec<u8> {
    Sha256::digest(token.expose_secret().as_bytes()).to_vec()
}

/// Compares two strings in time independent of where they differ.
pub fn constant_time_eq(left: &str, right: &str) -> bool {
    left.as_bytes().ct_eq(right.as_bytes()).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_differ_and_hash() {
        let first = new_token().unwrap();
        let second = new_token().unwrap();
        assert_ne!(first.expose_secret(), second.expose_secret());
        assert_eq!(first.expose_secret().len(), 43);
        assert_eq!(token_hash(&first).len(), 32);
        assert_eq!(token_hash(&first), token_hash(&SecretString::from(first.expose_secret().to_owned())));
    }
}
