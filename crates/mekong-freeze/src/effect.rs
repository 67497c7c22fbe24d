//! The effect of a freeze on the running monitor: while a freeze holds debits, every
//! payment out of its accounts gets `hold`, and payments into them are scored as usual,
//! so money that flows in stays frozen there.
//!
//! Invariants:
//! - [`apply_hold`] is called after every stored transition, and [`install_holds`]
//!   when a node starts, so the holds in the pipeline match the freezes in the store;
//! - flags that earlier versions set for frozen accounts (reason `frozen: ID`) are
//!   removed at start, because a flag holds payments in both directions.

use mekong_ingest::pipeline::{Pipeline, PipelineError};
use mekong_monitor::DebitHolds;
use mekong_store::Store;

use crate::freeze::Freeze;

/// The start of the flag reason earlier versions gave a frozen account, followed by the freeze id.
pub const FROZEN_REASON_PREFIX: &str = "frozen: ";

/// Holds debits from the freeze's accounts while it holds debits, and ends its holds
/// once it no longer does. Call it after every stored transition.
pub fn apply_hold(freeze: &Freeze, pipeline: &Pipeline) -> Result<(), PipelineError> {
    for account in &freeze.request.accounts {
        if freeze.holds_debits() {
            pipeline.freeze_debits(account.clone(), &freeze.id)?;
        } else {
            pipeline.release_debits(account, &freeze.id)?;
        }
    }
    Ok(())
}

/// Builds the debit holds of the freezes that hold debits.
pub fn holds_of(freezes: &[Freeze]) -> DebitHolds {
    let mut holds = DebitHolds::default();
    for freeze in freezes.iter().filter(|freeze| freeze.holds_debits()) {
        for account in &freeze.request.accounts {
            holds.hold(account.clone(), &freeze.id);
        }
    }
    holds
}

/// Installs the holds of `freezes` in the pipeline at node start, and removes the
/// both-direction flags that earlier versions set for frozen accounts. Returns the
/// number of held accounts.
pub fn install_holds(freezes: &[Freeze], pipeline: &Pipeline, store: &dyn Store) -> Result<usize, PipelineError> {
    for flag in store.flags()? {
        if flag.reason.starts_with(FROZEN_REASON_PREFIX) {
            pipeline.unflag(&flag.account)?;
            tracing::info!("flag of a frozen account replaced by a debit hold");
        }
    }

    let holds = holds_of(freezes);
    let held = holds.len();
    pipeline.replace_debit_holds(holds)?;
    Ok(held)
}
