//! Errors of user management and sign-in.

use chrono::{DateTime, Utc};
use mekong_store::StoreError;

/// A user-management or token operation that failed.
#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    /// Storage failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The user name breaks the rules.
    #[error("invalid user name: use 1 to 64 characters a-z, 0-9, '.', '_' or '-'")]
    InvalidUsername,
    /// The agency name breaks the rules.
    #[error("invalid agency: use 1 to 64 characters without control characters")]
    InvalidAgency,
    /// The password breaks the length rules.
    #[error("invalid password: use {min} to {max} characters without control characters")]
    InvalidPassword {
        /// The shortest length allowed.
        min: usize,
        /// The longest length allowed.
        max: usize,
    },
    /// A user needs at least one role.
    #[error("a user needs at least one role")]
    NoRoles,
    /// Another user has this name.
    #[error("the user name {0:?} is taken")]
    UsernameTaken(String),
    /// No user has this name or id.
    #[error("user {0:?} not found")]
    UserNotFound(String),
    /// The token name breaks the rules.
    #[error("invalid token name: use 1 to 64 characters a-z, 0-9, '.', '_' or '-'")]
    InvalidTokenName,
    /// A token needs at least one scope.
    #[error("an API token needs at least one scope")]
    NoScopes,
    /// No token has this id, or it is revoked already.
    #[error("API token {0:?} not found or already revoked")]
    TokenNotFound(String),
    /// The operating system's random source failed.
    #[error("the random number source failed: {0}")]
    Random(String),
    /// Password hashing failed.
    #[error("password hashing failed: {0}")]
    Hash(String),
    /// The QR code could not be drawn.
    #[error("the QR code could not be drawn: {0}")]
    Qr(String),
}

/// Why a sign-in step did not succeed.
#[derive(Debug, thiserror::Error)]
pub enum SignInError {
    /// Wrong user name or password, or a disabled user; the caller learns no more.
    #[error("wrong user name or password")]
    BadCredentials {
        /// Consecutive failures of the user name, for the delay of the answer.
        failures: u32,
    },
    /// The user name or the source address is locked after too many failures.
    #[error("sign-in is locked until {until}")]
    Locked {
        /// When the lock ends.
        until: DateTime<Utc>,
    },
    /// The TOTP code is wrong, or was used already.
    #[error("wrong or reused code")]
    BadCode {
        /// Consecutive failures of the user name.
        failures: u32,
    },
    /// The pending sign-in is unknown or took too long.
    #[error("the sign-in expired; start again")]
    Expired,
    /// Storage or another operation failed.
    #[error(transparent)]
    Internal(#[from] AuthError),
}

impl From<StoreError> for SignInError {
    fn from(error: StoreError) -> SignInError {
        SignInError::Internal(AuthError::Store(error))
    }
}
