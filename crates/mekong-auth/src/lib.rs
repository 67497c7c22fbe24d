//! Users, roles, permissions, passwords, second factors, sessions and API tokens of
//! a Mekong Bridge node.
//!
//! [`Auth`] holds every operation; the web layer and the CLI call it and record
//! what it did in the audit trail. Its calls block (storage, Argon2), so async
//! callers run them on a blocking thread.
//!
//! Invariants:
//! - what the permission table does not grant is denied;
//! - passwords are stored as Argon2id hashes and tokens as SHA-256 hashes, TOTP
//!   secrets sealed with the node's [`TotpKey`], and no secret appears in a log or a
//!   Debug output;
//! - a session is complete only after the password and a TOTP code, and gets a new
//!   token when it becomes complete.
//!
//! NOTE: WebAuthn as a second factor is not built; TOTP is the only one.

// Unit tests may panic on a failed precondition; library code returns errors.
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used))]

pub mod clock;
mod error;
pub mod password;
pub mod permission;
pub mod policy;
pub mod role;
pub mod secret;
mod service;
mod tokens;
pub mod totp;
pub mod totp_key;
mod users;

pub use clock::{Clock, ManualClock, SystemClock};
pub use error::{AuthError, SignInError};
pub use permission::{Action, Scope, allows};
pub use policy::{LockoutPolicy, SessionPolicy};
pub use role::Role;
pub use service::{Auth, NewSession, SessionContext, SignInStep};
pub use tokens::NewApiToken;
pub use totp::TotpSecret;
pub use totp_key::TotpKey;
pub use users::{NewUser, User};
pub use secrecy::{ExposeSecret, SecretString};
