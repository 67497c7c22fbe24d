//! The effect of a freeze on the monitor: while a freeze holds debits, its accounts
//! are flagged, so the `flagged_counterparty` rule scores any payment touching them
//! at 90 and the monitor returns `hold`.
//!
//! NOTE: a flag holds payments in both directions, credits into the frozen account
//! included, because the monitor has no rule that holds debits only. Lifting a freeze
//! removes the account's flag even if a registry listing set one too; the registry
//! sets it again on its next change or node start.

use chrono::{DateTime, Utc};
use mekong_registry::FlagSink;
use mekong_store::Flag;

use crate::freeze::Freeze;

/// The start of the flag reason of a frozen account, followed by the freeze id.
pub const FROZEN_REASON_PREFIX: &str = "frozen: ";

/// Flags the freeze's accounts while it holds debits and removes the flags once it
/// no longer does. Call it after every stored transition.
pub fn sync_flags(freeze: &Freeze, sink: &dyn FlagSink, now: DateTime<Utc>) -> Result<(), String> {
    for account in &freeze.request.accounts {
        if freeze.holds_debits() {
            let reason = format!("{FROZEN_REASON_PREFIX}{}", freeze.id);
            sink.flag(Flag { account: account.clone(), reason, added_at: now })?;
        } else {
            sink.unflag(account)?;
        }
    }
    Ok(())
}
