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
    /// The TOTP key file cannot be read or written.
    #[error("cannot use the TOTP key file {}: {source}", path.display())]
    KeyFile {
        /// The key file or its folder.
        path: std::path::PathBuf,
        /// The operating system's error.
        source: std::io::Error,
    },
    /// The TOTP key file does not hold exactly 32 bytes.
    #[error("the TOTP key file {} holds {length} bytes instead of 32; restore it from backup", path.display())]
    InvalidKeyFile {
        /// The key file.
        path: std::path::PathBuf,
        /// Its length in bytes.
        length: usize,
    },
    /// The TOTP key file is readable by group or others.
    #[error("the TOTP key file {} has mode {mode:o}; run chmod 600 on it", path.display())]
    KeyFileOpen {
        /// The key file.
        path: std::path::PathBuf,
        /// Its permission bits.
        mode: u32,
    },
    /// Encrypting a TOTP secret failed.
    #[error("encrypting the TOTP secret of user {user_id} failed")]
    SecretSeal {
        /// The user's id.
        user_id: String,
    },
    /// A stored TOTP secret does not decrypt with the node's TOTP key.
    #[error("the TOTP secret of user {user_id} does not decrypt with this node's TOTP key; check keys/totp-secret.key in the data directory")]
    SecretUnseal {
        /// The user's id.
        user_id: String,
    },
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
