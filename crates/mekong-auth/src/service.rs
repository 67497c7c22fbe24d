//! [`Auth`]: sign-in with a password and a TOTP code, sessions, and the lockout of
//! failed sign-ins.
//!
//! Invariants:
//! - a session token is 32 random bytes; the store holds only its SHA-256;
//! - sign-in first creates a session in the `SecondFactor` stage, and a correct code
//!   replaces it with a new `Complete` session under a new token;
//! - a session ends when idle or old past the [`SessionPolicy`], when its user is
//!   disabled, or at sign-out;
//! - failed passwords and codes count per user name and per source address, and
//!   lock either for [`LockoutPolicy::lock_for`] once its limit is reached.

use std::path::Path;
use std::sync::{Arc, OnceLock};

use chrono::{DateTime, Utc};
use mekong_store::auth::{AuthStore, SessionRecord, SessionStage, ThrottleRecord};
use secrecy::SecretString;

use crate::clock::{Clock, SystemClock};
use crate::secret::{new_token, token_hash};
use crate::totp::TotpSecret;
use crate::totp_key::TotpKey;
use crate::users::User;
use crate::{AuthError, LockoutPolicy, SessionPolicy, SignInError, password, policy};

/// Sessions are written back as used at most this often, in seconds, so that
/// every page view does not write to the database.
const TOUCH_INTERVAL_SECONDS: i64 = 15;

/// The operations of sign-in and user management on one node's store.
#[derive(Debug, Clone)]
pub struct Auth {
    store: Arc<dyn AuthStore>,
    clock: Arc<dyn Clock>,
    issuer: String,
    /// Seals TOTP secrets; set on first use to an in-memory key unless given.
    totp_key: Arc<OnceLock<TotpKey>>,
    /// Session timeouts.
    pub sessions: SessionPolicy,
    /// Lockout of failed sign-ins.
    pub lockout: LockoutPolicy,
}

/// A session just created, with the token for the cookie, which is not stored.
#[derive(Debug)]
pub struct NewSession {
    /// The cookie value.
    pub token: SecretString,
    /// The stored session.
    pub session: SessionRecord,
    /// The user signed in.
    pub user: User,
}

/// A live session and its user, as resolved from a cookie.
#[derive(Debug, Clone)]
pub struct SessionContext {
    /// The stored session.
    pub session: SessionRecord,
    /// The user, with the roles held now.
    pub user: User,
}

/// What the second step of sign-in must show.
#[derive(Debug, Clone)]
pub struct SignInStep {
    /// The user signing in.
    pub user: User,
    /// The enrolment URI when the user has not enrolled a second factor yet.
    pub enrolment_uri: Option<String>,
}

impl Auth {
    /// Creates the service with the system clock and default policies. `issuer` names
    /// the node in authenticator apps, such as `Mekong Bridge cn-mps`.
    ///
    /// NOTE: without [`Auth::with_totp_key`] TOTP secrets are sealed with a key that
    /// lives only in this process, so users created here cannot sign in after a
    /// restart. A node's commands use [`Auth::for_node`].
    pub fn new(store: Arc<dyn AuthStore>, issuer: &str) -> Auth {
        Auth {
            store,
            clock: Arc::new(SystemClock),
            issuer: issuer.to_owned(),
            totp_key: Arc::new(OnceLock::new()),
            sessions: SessionPolicy::default(),
            lockout: LockoutPolicy::default(),
        }
    }

    /// Creates the service of a node's data directory: loads or creates its TOTP key
    /// file and seals TOTP secrets still stored in plaintext.
    pub fn for_node(store: Arc<dyn AuthStore>, issuer: &str, data_dir: &Path) -> Result<Auth, AuthError> {
        let auth = Auth::new(store, issuer).with_totp_key(TotpKey::load_or_generate(data_dir)?);
        auth.seal_plaintext_secrets()?;
        Ok(auth)
    }

    /// Replaces the key that seals TOTP secrets.
    pub fn with_totp_key(mut self, key: TotpKey) -> Auth {
        let cell = OnceLock::new();
        let _ = cell.set(key);
        self.totp_key = Arc::new(cell);
        self
    }

    /// Returns the key that seals TOTP secrets, creating an in-memory one on first use.
    pub(crate) fn totp_key(&self) -> Result<&TotpKey, AuthError> {
        if self.totp_key.get().is_none() {
            // When a concurrent first use sets its key first, this `set` fails and every
            // clone uses that key.
            let _ = self.totp_key.set(TotpKey::ephemeral()?);
        }
        self.totp_key.get().ok_or_else(|| AuthError::Random("the TOTP key could not be set".to_owned()))
    }

    /// Replaces the clock, for tests of timeouts and locks.
    pub fn with_clock(mut self, clock: Arc<dyn Clock>) -> Auth {
        self.clock = clock;
        self
    }

    /// Replaces the policies.
    pub fn with_policies(mut self, sessions: SessionPolicy, lockout: LockoutPolicy) -> Auth {
        self.sessions = sessions;
        self.lockout = lockout;
        self
    }

    pub(crate) fn store(&self) -> &dyn AuthStore {
        self.store.as_ref()
    }

    /// Returns the current time of the service's clock.
    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// The name of the node in authenticator apps.
    pub fn issuer(&self) -> &str {
        &self.issuer
    }

    /// Checks a user name and password. On success returns a session in the
    /// `SecondFactor` stage. Blocks for the Argon2 check.
    pub fn begin_sign_in(
        &self,
        username: &str,
        password: &SecretString,
        source: Option<&str>,
    ) -> Result<NewSession, SignInError> {
        let user = self.check_password(username, password, source)?;
        let created = self.new_session(&user, SessionStage::SecondFactor, source, self.now())?;
        Ok(created)
    }

    /// Checks a user name and password without creating a session, as the command line
    /// does. A wrong password or a disabled user counts as a failure toward the lockout,
    /// and a locked name or source is rejected before the password is checked. Blocks
    /// for the Argon2 check.
    pub fn check_password(
        &self,
        username: &str,
        password: &SecretString,
        source: Option<&str>,
    ) -> Result<User, SignInError> {
        let now = self.now();
        self.check_locks(username, source, now)?;

        let record = self.store.user_by_name(username)?;
        let stored_hash = record.as_ref().map_or(password::decoy_hash(), |user| user.password_hash.as_str());
        let password_ok = password::verify(password, stored_hash);
        match record {
            Some(user) if password_ok && !user.disabled => Ok(User::from(&user)),
            _ => {
                let failures = self.record_failure(username, source, now)?;
                tracing::info!(failures, "sign-in failed at the password");
                Err(SignInError::BadCredentials { failures })
            }
        }
    }

    /// Returns what the second step shows for a pending sign-in, or `None` when it expired.
    pub fn second_step(&self, pending: &SessionContext) -> Result<SignInStep, AuthError> {
        let Some(record) = self.store.user_by_id(&pending.user.id)? else {
            return Err(AuthError::UserNotFound(pending.user.id.clone()));
        };
        let enrolment_uri = if record.totp_enrolled {
            None
        } else {
            let secret = self.totp_key()?.open(&record.id, &record.totp_secret)?;
            Some(secret.uri(&self.issuer, &record.username).to_string())
        };
        Ok(SignInStep { user: User::from(&record), enrolment_uri })
    }

    /// Checks the TOTP code of a pending sign-in. On success the pending session is
    /// deleted and a `Complete` session under a new token is returned.
    pub fn complete_sign_in(
        &self,
        pending_token: &SecretString,
        code: &str,
        source: Option<&str>,
    ) -> Result<NewSession, SignInError> {
        let now = self.now();
        let hash = token_hash(pending_token);
        let Some(pending) = self.store.session(&hash)? else {
            return Err(SignInError::Expired);
        };
        if pending.stage != SessionStage::SecondFactor || pending.created_at + self.sessions.second_factor < now {
            self.store.delete_session(&hash)?;
            return Err(SignInError::Expired);
        }
        let Some(record) = self.store.user_by_id(&pending.user_id)? else {
            self.store.delete_session(&hash)?;
            return Err(SignInError::Expired);
        };
        if record.disabled {
            self.store.delete_session(&hash)?;
            return Err(SignInError::Expired);
        }
        self.check_locks(&record.username, source, now)?;

        let secret: TotpSecret = self.totp_key()?.open(&record.id, &record.totp_secret)?;
        let accepted = match secret.verify(code, now.timestamp()) {
            Some(step) => self.store.accept_totp_step(&record.id, step)?,
            None => false,
        };
        if !accepted {
            let failures = self.record_failure(&record.username, source, now)?;
            tracing::info!(user_id = %record.id, failures, "sign-in failed at the second factor");
            if failures >= self.lockout.max_failures_per_user {
                self.store.delete_session(&hash)?;
            }
            return Err(SignInError::BadCode { failures });
        }

        self.store.clear_throttle(&policy::user_key(&record.username))?;
        self.store.delete_session(&hash)?;
        let user = User::from(&record);
        let created = self.new_session(&user, SessionStage::Complete, source, now)?;
        tracing::info!(user_id = %user.id, "user signed in");
        Ok(created)
    }

    /// Resolves a session cookie. Returns `None`, and deletes the session, when it
    /// timed out or its user is disabled.
    pub fn resolve_session(&self, token: &SecretString) -> Result<Option<SessionContext>, AuthError> {
        let now = self.now();
        let hash = token_hash(token);
        let Some(session) = self.store.session(&hash)? else {
            return Ok(None);
        };
        let user = self.store.user_by_id(&session.user_id)?;
        let expired = match session.stage {
            SessionStage::SecondFactor => session.created_at + self.sessions.second_factor < now,
            SessionStage::Complete => {
                session.last_seen_at + self.sessions.idle < now || session.created_at + self.sessions.absolute < now
            }
        };
        let Some(user) = user.filter(|user| !user.disabled && !expired) else {
            self.store.delete_session(&hash)?;
            tracing::info!(user_id = %session.user_id, expired, "session ended");
            return Ok(None);
        };

        if session.stage == SessionStage::Complete && (now - session.last_seen_at).num_seconds() >= TOUCH_INTERVAL_SECONDS
        {
            self.store.touch_session(&hash, now)?;
        }
        Ok(Some(SessionContext { session, user: User::from(&user) }))
    }

    /// Ends one session.
    pub fn sign_out(&self, token: &SecretString) -> Result<(), AuthError> {
        self.store.delete_session(&token_hash(token))?;
        Ok(())
    }

    /// Ends every session of a user and returns how many there were.
    pub fn sign_out_everywhere(&self, user_id: &str) -> Result<u64, AuthError> {
        let count = self.store.delete_user_sessions(user_id)?;
        tracing::info!(user_id = %user_id, sessions = count, "user signed out everywhere");
        Ok(count)
    }

    fn new_session(
        &self,
        user: &User,
        stage: SessionStage,
        source: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<NewSession, AuthError> {
        let token = new_token()?;
        let csrf = new_token()?;
        let session = SessionRecord {
            token_hash: token_hash(&token),
            user_id: user.id.clone(),
            stage,
            csrf_token: secrecy::ExposeSecret::expose_secret(&csrf).to_owned(),
            source: source.map(str::to_owned),
            created_at: now,
            last_seen_at: now,
        };
        self.store.insert_session(&session)?;
        Ok(NewSession { token, session, user: user.clone() })
    }

    fn check_locks(&self, username: &str, source: Option<&str>, now: DateTime<Utc>) -> Result<(), SignInError> {
        let mut keys = vec![policy::user_key(username)];
        keys.extend(source.map(policy::source_key));
        for key in keys {
            let locked_until = self.store.throttle(&key)?.and_then(|record| record.locked_until);
            if let Some(until) = locked_until.filter(|until| *until > now) {
                return Err(SignInError::Locked { until });
            }
        }
        Ok(())
    }

    /// Counts a failure for the user name and the source; returns the user name's count.
    fn record_failure(&self, username: &str, source: Option<&str>, now: DateTime<Utc>) -> Result<u32, AuthError> {
        let failures = self.count_failure(&policy::user_key(username), self.lockout.max_failures_per_user, now)?;
        if let Some(source) = source {
            self.count_failure(&policy::source_key(source), self.lockout.max_failures_per_source, now)?;
        }
        Ok(failures)
    }

    fn count_failure(&self, key: &str, limit: u32, now: DateTime<Utc>) -> Result<u32, AuthError> {
        let previous = self.store.throttle(key)?;
        // A lock that has run out starts a fresh count.
        let failures = match previous {
            Some(record) if record.locked_until.is_none_or(|until| until > now) => record.failures.saturating_add(1),
            _ => 1,
        };
        let locked_until = (failures >= limit).then(|| now + self.lockout.lock_for);
        if locked_until.is_some() {
            tracing::warn!(failures, "sign-in locked after repeated failures");
        }
        self.store.put_throttle(key, &ThrottleRecord { failures, last_failure_at: now, locked_until })?;
        Ok(failures)
    }
}
