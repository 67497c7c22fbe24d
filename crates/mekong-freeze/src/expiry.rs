//! Expiry of active freezes: the configured period, reminders before a freeze lapses,
//! and moving lapsed freezes to `expired`.

use chrono::{DateTime, Months, TimeDelta, Utc};

use crate::freeze::{Freeze, FreezeState};
use crate::transition::{Applied, expire};

/// The default freeze period in months.
///
/// NOTE: six months is a default to confirm with each node's legal office; set
/// [`FreezeConfig::period_months`] per node.
pub const DEFAULT_PERIOD_MONTHS: u32 = 6;

/// A node's freeze settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FreezeConfig {
    /// How long an approval or renewal keeps a freeze active, in calendar months.
    pub period_months: u32,
}

impl Default for FreezeConfig {
    fn default() -> FreezeConfig {
        FreezeConfig { period_months: DEFAULT_PERIOD_MONTHS }
    }
}

impl FreezeConfig {
    /// Returns the expiry time of a period starting at `start`. A period past the
    /// calendar's end is clamped to the largest representable time.
    pub fn expiry_after(&self, start: DateTime<Utc>) -> DateTime<Utc> {
        start.checked_add_months(Months::new(self.period_months)).unwrap_or(DateTime::<Utc>::MAX_UTC)
    }
}

fn can_expire(freeze: &Freeze) -> bool {
    matches!(freeze.state, FreezeState::Active | FreezeState::AppealLodged)
}

/// Lists the freezes still in force that expire within `lead` of `now`, soonest first.
/// A freeze already past its expiry time is listed too, until [`expire_due`] moves it.
pub fn due_reminders(freezes: &[Freeze], now: DateTime<Utc>, lead: TimeDelta) -> Vec<&Freeze> {
    let horizon = now + lead;
    let mut due: Vec<&Freeze> = freezes
        .iter()
        .filter(|freeze| can_expire(freeze))
        .filter(|freeze| freeze.expires_at.is_some_and(|expires_at| expires_at <= horizon))
        .collect();
    due.sort_by_key(|freeze| freeze.expires_at);
    due
}

/// Moves every freeze whose expiry time has passed to `expired`, and returns the
/// transitions to store and audit.
pub fn expire_due(freezes: &[Freeze], now: DateTime<Utc>) -> Vec<Applied> {
    freezes.iter().filter(|freeze| can_expire(freeze)).filter_map(|freeze| expire(freeze, now).ok()).collect()
}
