//! Storage of users, sessions, API tokens and sign-in throttling, behind [`AuthStore`].
//!
//! The store keeps what `mekong-auth` decides and never decides itself: it knows no
//! roles, policies or clocks, and every time comes from the caller.
//!
//! Invariants every implementation keeps:
//! - a user name is unique; [`AuthStore::create_user`] returns `None` for a taken one;
//! - secrets are stored only as given by the caller, which passes hashes: Argon2id PHC
//!   strings for passwords and SHA-256 digests for session and API tokens;
//! - disabling a user deletes all of that user's sessions in the same transaction;
//! - a TOTP time step is accepted at most once per user ([`AuthStore::accept_totp_step`]).

use chrono::{DateTime, Utc};

use crate::StoreError;

/// A stored user account.
#[derive(Clone, PartialEq, Eq)]
pub struct UserRecord {
    /// Random identifier that never changes.
    pub id: String,
    /// The sign-in name, unique on the node.
    pub username: String,
    /// The agency the user belongs to.
    pub agency: String,
    /// Role names, such as `fiu_analyst`.
    pub roles: Vec<String>,
    /// The Argon2id hash of the password, as a PHC string.
    pub password_hash: String,
    /// The TOTP shared secret as `mekong-auth` stores it: sealed with the node's TOTP
    /// key, or the raw secret in rows written before that key existed.
    pub totp_secret: Vec<u8>,
    /// Whether the user has entered a valid code since the secret was issued.
    pub totp_enrolled: bool,
    /// The last TOTP time step accepted.
    pub totp_last_step: Option<i64>,
    /// Whether the account is disabled.
    pub disabled: bool,
    /// When the account was created.
    pub created_at: DateTime<Utc>,
}

impl std::fmt::Debug for UserRecord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The password hash and the TOTP secret stay out of logs and panics.
        f.debug_struct("UserRecord")
            .field("id", &self.id)
            .field("roles", &self.roles)
            .field("totp_enrolled", &self.totp_enrolled)
            .field("disabled", &self.disabled)
            .finish_non_exhaustive()
    }
}

/// How far a session got through sign-in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionStage {
    /// The password was correct; the second factor is still due.
    SecondFactor,
    /// Both factors were given.
    Complete,
}

impl SessionStage {
    /// The stored name.
    pub fn as_str(&self) -> &'static str {
        match self {
            SessionStage::SecondFactor => "second_factor",
            SessionStage::Complete => "complete",
        }
    }
}

/// A stored session.
#[derive(Clone, PartialEq, Eq)]
pub struct SessionRecord {
    /// SHA-256 of the session token in the cookie.
    pub token_hash: Vec<u8>,
    /// The signed-in user.
    pub user_id: String,
    /// How far sign-in got.
    pub stage: SessionStage,
    /// The token every state-changing form of this session must carry.
    pub csrf_token: String,
    /// The address the session was created from.
    pub source: Option<String>,
    /// When the session was created; the absolute timeout counts from here.
    pub created_at: DateTime<Utc>,
    /// The last request of the session; the idle timeout counts from here.
    pub last_seen_at: DateTime<Utc>,
}

impl std::fmt::Debug for SessionRecord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SessionRecord")
            .field("user_id", &self.user_id)
            .field("stage", &self.stage)
            .field("created_at", &self.created_at)
            .field("last_seen_at", &self.last_seen_at)
            .finish_non_exhaustive()
    }
}

/// A stored API token for a program such as a bank feed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiTokenRecord {
    /// Random identifier, shown in lists and used to revoke.
    pub id: String,
    /// A name saying who uses the token, such as `icbc-feed`.
    pub name: String,
    /// What the token may do, such as `transactions:submit`.
    pub scopes: Vec<String>,
    /// SHA-256 of the token.
    pub token_hash: Vec<u8>,
    /// The user name or `cli` that created the token.
    pub created_by: String,
    /// When the token was created.
    pub created_at: DateTime<Utc>,
    /// When the token was last accepted.
    pub last_used_at: Option<DateTime<Utc>>,
    /// When the token was revoked.
    pub revoked_at: Option<DateTime<Utc>>,
}

/// Failed sign-ins counted for one key: `user:<name>` or `source:<address>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ThrottleRecord {
    /// Consecutive failures since the last success or unlock.
    pub failures: u32,
    /// When the last failure happened.
    pub last_failure_at: DateTime<Utc>,
    /// Until when sign-in is refused for this key.
    pub locked_until: Option<DateTime<Utc>>,
}

/// Storage of everything sign-in needs.
///
/// Calls block; async callers run them on a blocking thread.
pub trait AuthStore: Send + Sync + std::fmt::Debug {
    /// Stores a new user; returns `None` when the user name is taken.
    fn create_user(&self, user: &UserRecord) -> Result<Option<UserRecord>, StoreError>;

    /// Returns the user with this name.
    fn user_by_name(&self, username: &str) -> Result<Option<UserRecord>, StoreError>;

    /// Returns the user with this id.
    fn user_by_id(&self, id: &str) -> Result<Option<UserRecord>, StoreError>;

    /// Returns every user, ordered by name.
    fn users(&self) -> Result<Vec<UserRecord>, StoreError>;

    /// Disables or enables a user; disabling deletes the user's sessions. Returns
    /// whether the user exists.
    fn set_user_disabled(&self, id: &str, disabled: bool) -> Result<bool, StoreError>;

    /// Replaces a user's roles; returns whether the user exists.
    fn set_user_roles(&self, id: &str, roles: &[String]) -> Result<bool, StoreError>;

    /// Records a TOTP step as used and marks the user enrolled, only if the step is
    /// later than every step accepted before. Returns whether it was accepted.
    fn accept_totp_step(&self, user_id: &str, step: i64) -> Result<bool, StoreError>;

    /// Replaces a user's stored TOTP secret only while it still equals `old`, so that
    /// two processes rewriting it at once keep one result. Returns whether it changed.
    fn replace_totp_secret(&self, user_id: &str, old: &[u8], new: &[u8]) -> Result<bool, StoreError>;

    /// Stores a new session.
    fn insert_session(&self, session: &SessionRecord) -> Result<(), StoreError>;

    /// Returns the session with this token hash.
    fn session(&self, token_hash: &[u8]) -> Result<Option<SessionRecord>, StoreError>;

    /// Sets the last time a session was used.
    fn touch_session(&self, token_hash: &[u8], at: DateTime<Utc>) -> Result<(), StoreError>;

    /// Deletes one session; returns whether it existed.
    fn delete_session(&self, token_hash: &[u8]) -> Result<bool, StoreError>;

    /// Deletes every session of a user and returns how many there were.
    fn delete_user_sessions(&self, user_id: &str) -> Result<u64, StoreError>;

    /// Stores a new API token.
    fn insert_api_token(&self, token: &ApiTokenRecord) -> Result<(), StoreError>;

    /// Returns the API token with this hash, revoked or not.
    fn api_token_by_hash(&self, token_hash: &[u8]) -> Result<Option<ApiTokenRecord>, StoreError>;

    /// Returns every API token, newest first.
    fn api_tokens(&self) -> Result<Vec<ApiTokenRecord>, StoreError>;

    /// Sets the last time a token was accepted.
    fn touch_api_token(&self, id: &str, at: DateTime<Utc>) -> Result<(), StoreError>;

    /// Revokes a token; returns whether a token that was not revoked yet was found.
    fn revoke_api_token(&self, id: &str, at: DateTime<Utc>) -> Result<bool, StoreError>;

    /// Returns the failed sign-ins counted for a key.
    fn throttle(&self, key: &str) -> Result<Option<ThrottleRecord>, StoreError>;

    /// Stores the failed sign-ins counted for a key.
    fn put_throttle(&self, key: &str, record: &ThrottleRecord) -> Result<(), StoreError>;

    /// Forgets the failed sign-ins of a key; returns whether there were any.
    fn clear_throttle(&self, key: &str) -> Result<bool, StoreError>;
}
