//! The debit-only holds of frozen accounts on the node's single scoring path.
//!
//! Invariant: a hold installed by [`Pipeline::freeze_debits`] applies to every
//! transaction scored after the call returns, because scoring reads the holds while
//! it holds the monitor lock and a hold is installed before the call returns.

use mekong_core::{AccountKey, Transaction};
use mekong_monitor::{DebitHolds, Verdict};

use super::{Pipeline, PipelineError};

impl Pipeline {
    /// Holds debits from `account` under `freeze_id`: the next payment out of it gets
    /// `hold`, while payments into it are scored by the rules as before.
    pub fn freeze_debits(&self, account: AccountKey, freeze_id: &str) -> Result<(), PipelineError> {
        let mut holds = self.debit_holds.write().map_err(|_| PipelineError::Poisoned)?;
        holds.hold(account, freeze_id);
        tracing::info!(freeze_id, held_accounts = holds.len(), "debits held for a freeze");
        Ok(())
    }

    /// Ends the hold of `freeze_id` on `account`; returns whether another freeze still
    /// holds the account.
    pub fn release_debits(&self, account: &AccountKey, freeze_id: &str) -> Result<bool, PipelineError> {
        let mut holds = self.debit_holds.write().map_err(|_| PipelineError::Poisoned)?;
        let still_held = holds.release(account, freeze_id);
        tracing::info!(freeze_id, held_accounts = holds.len(), still_held, "debit hold of a freeze released");
        Ok(still_held)
    }

    /// Replaces every hold with `holds`, as a node does at start from its freezes in force.
    pub fn replace_debit_holds(&self, holds: DebitHolds) -> Result<(), PipelineError> {
        let mut current = self.debit_holds.write().map_err(|_| PipelineError::Poisoned)?;
        *current = holds;
        tracing::info!(held_accounts = current.len(), "debit holds installed");
        Ok(())
    }

    /// Returns the ids of the freezes holding debits from `account`.
    pub fn debit_holds_of(&self, account: &AccountKey) -> Result<Vec<String>, PipelineError> {
        let holds = self.debit_holds.read().map_err(|_| PipelineError::Poisoned)?;
        Ok(holds.freezes_of(account).into_iter().map(str::to_owned).collect())
    }

    /// Applies the holds to one scored transaction; called with the monitor lock held.
    pub(super) fn apply_debit_holds(&self, tx: &Transaction, verdict: &mut Verdict) -> Result<(), PipelineError> {
        let holds = self.debit_holds.read().map_err(|_| PipelineError::Poisoned)?;
        holds.apply(&self.origin, tx, verdict);
        Ok(())
    }
}
