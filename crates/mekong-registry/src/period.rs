//! The validity period of a listing as typed on every route (web form, CSV import,
//! `mekong registry add`, the API), resolved by one rule.
//!
//! Invariants:
//! - an empty start means the moment of the request or import, `now`;
//! - when the start was left empty, an expiry at or before `now` is rejected as
//!   [`PeriodError::ExpiryPassed`], because that listing would never be in force;
//! - an expiry before a start that was typed is left to [`crate::Entry::check`],
//!   which rejects it as [`crate::RegistryError::ExpiryBeforeStart`].

use chrono::{DateTime, FixedOffset, Utc};

use crate::dates::{PeriodEnd, parse_period_time};

/// A resolved validity period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    /// When the listing takes effect.
    pub starts_at: DateTime<Utc>,
    /// When the listing lapses, if ever.
    pub expires_at: Option<DateTime<Utc>>,
    /// Whether the start was empty and set to the time of the request.
    pub start_defaulted: bool,
}

impl Period {
    /// Returns whether the listing has already lapsed at `now`, so it would flag nothing.
    pub fn lapsed(&self, now: DateTime<Utc>) -> bool {
        self.expires_at.is_some_and(|expires_at| expires_at <= now)
    }
}

/// A validity period that cannot be resolved.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PeriodError {
    /// The start is neither RFC 3339 nor a date `YYYY-MM-DD`.
    #[error("invalid start time {0:?}: use RFC 3339 or YYYY-MM-DD")]
    InvalidStart(String),
    /// The expiry is neither RFC 3339 nor a date `YYYY-MM-DD`.
    #[error("invalid expiry time {0:?}: use RFC 3339 or YYYY-MM-DD")]
    InvalidExpiry(String),
    /// No start was given, so the listing starts now, but the expiry is not after now.
    #[error("the expiry {0:?} is already past: without a start the listing starts now")]
    ExpiryPassed(String),
}

impl PeriodError {
    /// Returns the column or field at fault: `starts_at` or `expires_at`.
    pub fn column(&self) -> &'static str {
        match self {
            PeriodError::InvalidStart(_) => "starts_at",
            PeriodError::InvalidExpiry(_) | PeriodError::ExpiryPassed(_) => "expires_at",
        }
    }

    /// Returns the text as typed.
    pub fn value(&self) -> &str {
        match self {
            PeriodError::InvalidStart(text) | PeriodError::InvalidExpiry(text) | PeriodError::ExpiryPassed(text) => text,
        }
    }

    /// Returns the Fluent message id of the reason. The message takes `$value`.
    pub fn message_id(&self) -> &'static str {
        match self {
            PeriodError::InvalidStart(_) | PeriodError::InvalidExpiry(_) => "registry-invalid-time",
            PeriodError::ExpiryPassed(_) => "registry-expiry-passed",
        }
    }
}

/// Resolves a typed start and expiry, each possibly empty, with dates read in `zone`
/// by the rules of [`parse_period_time`] and an empty start set to `now`.
pub fn resolve_period(starts: &str, expires: &str, zone: FixedOffset, now: DateTime<Utc>) -> Result<Period, PeriodError> {
    let (starts, expires) = (starts.trim(), expires.trim());

    let starts_at = match starts {
        "" => None,
        text => Some(parse_period_time(text, zone, PeriodEnd::Start).ok_or_else(|| PeriodError::InvalidStart(text.to_owned()))?),
    };
    let expires_at = match expires {
        "" => None,
        text => Some(parse_period_time(text, zone, PeriodEnd::Expiry).ok_or_else(|| PeriodError::InvalidExpiry(text.to_owned()))?),
    };

    let period = Period { starts_at: starts_at.unwrap_or(now), expires_at, start_defaulted: starts_at.is_none() };
    if period.start_defaulted && period.lapsed(now) {
        return Err(PeriodError::ExpiryPassed(expires.to_owned()));
    }
    Ok(period)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn plus_eight() -> FixedOffset {
        FixedOffset::east_opt(8 * 3600).unwrap()
    }

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 5, 3, 0, 0).unwrap()
    }

    #[test]
    fn empty_start_is_now() {
        let period = resolve_period("", "", plus_eight(), now()).unwrap();
        assert_eq!(period.starts_at, now());
        assert!(period.start_defaulted);
        assert_eq!(period.expires_at, None);
    }

    #[test]
    fn past_expiry_without_start() {
        let error = resolve_period(" ", "2026-12-01", plus_eight(), now()).unwrap_err();
        assert_eq!(error, PeriodError::ExpiryPassed("2026-12-01".to_owned()));
        assert_eq!(error.column(), "expires_at");
        assert_eq!(error.message_id(), "registry-expiry-passed");
    }

    #[test]
    fn today_expiry_without_start() {
        let period = resolve_period("", "2026-12-05", plus_eight(), now()).unwrap();
        assert!(!period.lapsed(now()), "in force through the end of 5 December");
    }

    #[test]
    fn typed_past_period_is_lapsed() {
        let period = resolve_period("2026-01-01", "2026-03-31", plus_eight(), now()).unwrap();
        assert!(!period.start_defaulted);
        assert!(period.lapsed(now()));
    }

    #[test]
    fn invalid_times_name_column() {
        assert_eq!(resolve_period("soon", "", plus_eight(), now()).unwrap_err().column(), "starts_at");
        assert_eq!(resolve_period("", "2026-02-30", plus_eight(), now()).unwrap_err().column(), "expires_at");
    }
}
