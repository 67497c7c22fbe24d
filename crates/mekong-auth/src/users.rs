//! Creating and administering users.
//!
//! Invariants: a user name is 1 to 64 characters of `a-z 0-9 . _ -`; a user holds
//! at least one role; a new user gets a fresh TOTP secret and enrols it by entering
//! a first code.

use mekong_store::auth::UserRecord;
use secrecy::SecretString;

use crate::role::parse_roles;
use crate::secret::new_id;
use crate::service::Auth;
use crate::totp::TotpSecret;
use crate::totp_key::{Stored, classify};
use crate::{AuthError, Role, password, policy};

/// The longest user name, agency or token name, in characters.
pub const MAX_NAME_CHARS: usize = 64;

/// What it takes to create a user.
#[derive(Debug)]
pub struct NewUser {
    /// The sign-in name.
    pub username: String,
    /// The user's agency.
    pub agency: String,
    /// The roles granted.
    pub roles: Vec<Role>,
    /// The first password.
    pub password: SecretString,
}

/// A user as the rest of the node sees it: no password hash, no TOTP secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    /// Random identifier.
    pub id: String,
    /// The sign-in name.
    pub username: String,
    /// The user's agency.
    pub agency: String,
    /// The roles the user holds.
    pub roles: Vec<Role>,
    /// Whether the user has enrolled a second factor.
    pub totp_enrolled: bool,
    /// Whether the account is disabled.
    pub disabled: bool,
    /// When the account was created.
    pub created_at: chrono::DateTime<chrono::Utc>,
}

impl From<&UserRecord> for User {
    fn from(record: &UserRecord) -> User {
        User {
            id: record.id.clone(),
            username: record.username.clone(),
            agency: record.agency.clone(),
            roles: parse_roles(&record.roles),
            totp_enrolled: record.totp_enrolled,
            disabled: record.disabled,
            created_at: record.created_at,
        }
    }
}

/// Checks a user or token name: 1 to 64 characters of `a-z 0-9 . _ -`.
pub fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.chars().count() <= MAX_NAME_CHARS
        && name.bytes().all(|byte| byte.is_ascii_lowercase() || byte.is_ascii_digit() || b"._-".contains(&byte))
}

fn valid_agency(agency: &str) -> bool {
    let length = agency.chars().count();
    (1..=MAX_NAME_CHARS).contains(&length) && !agency.chars().any(char::is_control) && agency.trim() == agency
}

impl Auth {
    /// Creates a user with a new TOTP secret and returns the user and the secret,
    /// which the caller shows once for enrolment. Blocks for the Argon2 hash.
    // NOTE: agencies are free text; the node keeps no list of its country's agencies yet.
    pub fn create_user(&self, new: NewUser) -> Result<(User, TotpSecret), AuthError> {
        if !valid_name(&new.username) {
            return Err(AuthError::InvalidUsername);
        }
        if !valid_agency(&new.agency) {
            return Err(AuthError::InvalidAgency);
        }
        if new.roles.is_empty() {
            return Err(AuthError::NoRoles);
        }
        password::check_new(&new.password)?;

        let secret = TotpSecret::generate()?;
        let id = new_id()?;
        let sealed = self.totp_key()?.seal(&id, &secret)?;
        let mut roles = new.roles.clone();
        roles.sort();
        roles.dedup();
        let record = UserRecord {
            id,
            username: new.username.clone(),
            agency: new.agency,
            roles: roles.iter().map(|role| role.as_str().to_owned()).collect(),
            password_hash: password::hash(&new.password)?,
            totp_secret: sealed,
            totp_enrolled: false,
            totp_last_step: None,
            disabled: false,
            created_at: self.now(),
        };
        match self.store().create_user(&record)? {
            Some(stored) => {
                tracing::info!(user_id = %stored.id, "user created");
                Ok((User::from(&stored), secret))
            }
            None => Err(AuthError::UsernameTaken(new.username)),
        }
    }

    /// Seals every TOTP secret still stored in plaintext, from before secrets were
    /// encrypted, and returns how many it sealed. Running it again changes nothing.
    pub fn seal_plaintext_secrets(&self) -> Result<usize, AuthError> {
        let key = self.totp_key()?;
        let mut sealed = 0;
        for record in self.store().users()? {
            if let Stored::Plaintext = classify(&record.totp_secret) {
                let secret = TotpSecret::from_bytes(record.totp_secret.clone());
                let new = key.seal(&record.id, &secret)?;
                if self.store().replace_totp_secret(&record.id, &record.totp_secret, &new)? {
                    sealed += 1;
                }
            }
        }
        if sealed > 0 {
            tracing::info!(users = sealed, "sealed TOTP secrets stored in plaintext");
        }
        Ok(sealed)
    }

    /// Returns every user, ordered by name.
    pub fn users(&self) -> Result<Vec<User>, AuthError> {
        Ok(self.store().users()?.iter().map(User::from).collect())
    }

    /// Returns the user with this id.
    pub fn user(&self, id: &str) -> Result<Option<User>, AuthError> {
        Ok(self.store().user_by_id(id)?.as_ref().map(User::from))
    }

    /// Returns the user with this name.
    pub fn user_by_name(&self, username: &str) -> Result<Option<User>, AuthError> {
        Ok(self.store().user_by_name(username)?.as_ref().map(User::from))
    }

    /// Returns the number of users.
    pub fn user_count(&self) -> Result<usize, AuthError> {
        Ok(self.store().users()?.len())
    }

    /// Disables a user and ends all of the user's sessions at once.
    pub fn disable_user(&self, id: &str) -> Result<(), AuthError> {
        if !self.store().set_user_disabled(id, true)? {
            return Err(AuthError::UserNotFound(id.to_owned()));
        }
        tracing::info!(user_id = %id, "user disabled; sessions ended");
        Ok(())
    }

    /// Enables a disabled user.
    pub fn enable_user(&self, id: &str) -> Result<(), AuthError> {
        if !self.store().set_user_disabled(id, false)? {
            return Err(AuthError::UserNotFound(id.to_owned()));
        }
        tracing::info!(user_id = %id, "user enabled");
        Ok(())
    }

    /// Replaces a user's roles. Open sessions see the new roles on their next request.
    pub fn set_roles(&self, id: &str, roles: &[Role]) -> Result<(), AuthError> {
        if roles.is_empty() {
            return Err(AuthError::NoRoles);
        }
        let names: Vec<String> = roles.iter().map(|role| role.as_str().to_owned()).collect();
        if !self.store().set_user_roles(id, &names)? {
            return Err(AuthError::UserNotFound(id.to_owned()));
        }
        tracing::info!(user_id = %id, "user roles changed");
        Ok(())
    }

    /// Ends the lock of a user name after failed sign-ins; returns whether it had failures.
    pub fn unlock(&self, username: &str) -> Result<bool, AuthError> {
        Ok(self.store().clear_throttle(&policy::user_key(username))?)
    }

    /// Ends the lock of a source address after failed sign-ins.
    pub fn unlock_source(&self, source: &str) -> Result<bool, AuthError> {
        Ok(self.store().clear_throttle(&policy::source_key(source))?)
    }
}
