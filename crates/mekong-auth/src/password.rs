//! Password rules and Argon2id hashing.
//!
//! Hashing takes tens of milliseconds of CPU on purpose, so async callers run these
//! functions on a blocking thread (`tokio::task::spawn_blocking`).

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use secrecy::{ExposeSecret, SecretString};

use crate::AuthError;
use crate::secret::random_bytes;

/// The shortest password accepted, in characters.
pub const MIN_PASSWORD_CHARS: usize = 12;
/// The longest password accepted, in characters.
pub const MAX_PASSWORD_CHARS: usize = 256;

/// Checks a new password against the length rules.
pub fn check_new(password: &SecretString) -> Result<(), AuthError> {
    let length = password.expose_secret().chars().count();
    if !(MIN_PASSWORD_CHARS..=MAX_PASSWORD_CHARS).contains(&length) {
        return Err(AuthError::InvalidPassword { min: MIN_PASSWORD_CHARS, max: MAX_PASSWORD_CHARS });
    }
    if password.expose_secret().chars().any(char::is_control) {
        return Err(AuthError::InvalidPassword { min: MIN_PASSWORD_CHARS, max: MAX_PASSWORD_CHARS });
    }
    Ok(())
}

/// Hashes a password with Argon2id (the `argon2` crate's default parameters:
/// 19 MiB, 2 passes, 1 lane) and a random salt, returning a PHC string.
pub fn hash(password: &SecretString) -> Result<String, AuthError> {
    let salt_bytes = random_bytes::<16>()?;
    let salt = SaltString::encode_b64(salt_bytes.as_ref()).map_err(|error| AuthError::Hash(error.to_string()))?;
    let hash = Argon2::default()
        .hash_password(password.expose_secret().as_bytes(), &salt)
        .map_err(|error| AuthError::Hash(error.to_string()))?;
    Ok(hash.to_string())
}

/// Checks a password against a stored PHC string. A malformed stored hash fails.
pub fn verify(password: &SecretString, stored: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(stored) else {
        tracing::error!("a stored password hash cannot be parsed");
        return false;
    };
    Argon2::default().verify_password(password.expose_secret().as_bytes(), &parsed).is_ok()
}

/// Letters and digits of generated passwords, without the look-alikes 0, O, 1, I and l.
const GENERATED_ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

/// Generates a random password of `length` characters from 57 letters and digits
/// (about 5.8 bits each), for accounts whose first password the node chooses.
pub fn generate(length: usize) -> Result<SecretString, AuthError> {
    // 57 does not divide 256: bytes from 228 (4 × 57) up are discarded so that
    // every character is equally likely.
    let limit = (256 / GENERATED_ALPHABET.len() * GENERATED_ALPHABET.len()) as u8;
    let mut password = zeroize::Zeroizing::new(String::with_capacity(length));
    while password.len() < length {
        let bytes = random_bytes::<32>()?;
        for &byte in bytes.iter().filter(|&&byte| byte < limit).take(length - password.len()) {
            password.push(char::from(GENERATED_ALPHABET[usize::from(byte) % GENERATED_ALPHABET.len()]));
        }
    }
    Ok(SecretString::from(password.to_string()))
}

/// A hash of a random password, checked against when the user name does not exist,
/// so that a wrong name takes as long as a wrong password.
pub fn decoy_hash() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| hash(&SecretString::from("decoy password never used".to_owned())).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_password_valid() {
        let first = generate(16).unwrap();
        let second = generate(16).unwrap();
        assert_eq!(first.expose_secret().chars().count(), 16);
        assert!(first.expose_secret().bytes().all(|byte| GENERATED_ALPHABET.contains(&byte)));
        assert!(check_new(&first).is_ok());
        assert_ne!(first.expose_secret(), second.expose_secret());
    }

    fn secret(text: &str) -> SecretString {
        SecretString::from(text.to_owned())
    }

    #[test]
    fn hash_then_verify() {
        let stored = hash(&secret("correct horse battery")).unwrap();
        assert!(stored.starts_with("$argon2id$"));
        assert!(verify(&secret("correct horse battery"), &stored));
        assert!(!verify(&secret("correct horse batterY"), &stored));
    }

    #[test]
    fn length_rules() {
        assert!(check_new(&secret("short")).is_err());
        assert!(check_new(&secret("")).is_err());
        assert!(check_new(&secret(&"x".repeat(257))).is_err());
        assert!(check_new(&secret("twelve chars")).is_ok());
        assert!(check_new(&secret("with\u{0}nul inside")).is_err());
    }

    #[test]
    fn malformed_hash_fails() {
        assert!(!verify(&secret("anything at all"), "not a hash"));
    }
}
