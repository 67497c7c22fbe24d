//! Session timeouts and the sign-in lockout policy, configurable per node.
//!
//! Invariant: every lock ends by itself after [`LockoutPolicy::lock_for`], so nobody
//! can lock an administrator out for good; `mekong user unlock` ends one at once.

use chrono::TimeDelta;

/// How long sessions last.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionPolicy {
    /// A session unused for this long ends.
    pub idle: TimeDelta,
    /// A session ends this long after sign-in, however busy.
    pub absolute: TimeDelta,
    /// Time allowed between the password and the second factor.
    pub second_factor: TimeDelta,
}

impl Default for SessionPolicy {
    fn default() -> SessionPolicy {
        SessionPolicy {
            idle: TimeDelta::minutes(30),
            absolute: TimeDelta::hours(12),
            second_factor: TimeDelta::minutes(5),
        }
    }
}

/// When failed sign-ins slow down and lock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LockoutPolicy {
    /// Consecutive failures of one user name that lock it.
    pub max_failures_per_user: u32,
    /// Consecutive failures from one source address that lock it.
    pub max_failures_per_source: u32,
    /// How long a lock lasts.
    pub lock_for: TimeDelta,
    /// Delay added to the answer of a failed attempt per earlier failure.
    pub delay_per_failure: TimeDelta,
    /// Maximum such delay.
    pub max_delay: TimeDelta,
}

impl Default for LockoutPolicy {
    fn default() -> LockoutPolicy {
        LockoutPolicy {
            max_failures_per_user: 5,
            max_failures_per_source: 20,
            lock_for: TimeDelta::minutes(15),
            delay_per_failure: TimeDelta::milliseconds(250),
            max_delay: TimeDelta::seconds(2),
        }
    }
}

impl LockoutPolicy {
    /// The delay before answering a failed attempt that was the `failures`-th in a row.
    pub fn delay(&self, failures: u32) -> std::time::Duration {
        let delay = (self.delay_per_failure * i32::try_from(failures).unwrap_or(i32::MAX)).min(self.max_delay);
        delay.to_std().unwrap_or_default()
    }
}

/// The throttle key of a user name: the SHA-256 of the name in hex, so that a
/// password typed into the name field is not stored in the throttle table.
pub fn user_key(username: &str) -> String {
    use sha2::{Digest, Sha256};
    format!("user:{}", hex::encode(Sha256::digest(username.as_bytes())))
}

/// The throttle key of a source address.
pub fn source_key(source: &str) -> String {
    format!("source:{source}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delay_grows_then_caps() {
        let policy = LockoutPolicy::default();
        assert_eq!(policy.delay(0), std::time::Duration::ZERO);
        assert_eq!(policy.delay(2), std::time::Duration::from_millis(500));
        assert_eq!(policy.delay(100), std::time::Duration::from_secs(2));
    }
}
