//! Debit-only holds of frozen accounts: while a freeze is in force, every payment
//! out of one of its accounts gets `hold`, and payments into the account are scored
//! by the rules as usual, so money flowing in stays frozen there.
//!
//! Invariants:
//! - the holds live beside the rule state, never in it: replaying stored transactions
//!   or restoring a snapshot rebuilds the same rule state whatever the holds were, and
//!   a node installs the holds of its freezes in force after the replay;
//! - an account stays held while at least one freeze holds it;
//! - a held debit raises one alert per transaction, which names the freeze, and it
//!   changes no account risk.

use std::collections::{BTreeSet, HashMap};

use mekong_core::ids::derive_id;
use mekong_core::{AccountKey, Alert, AlertStatus, Decision, Explanation, NodeId, Transaction};

use crate::verdict::Verdict;

/// The rule id of the alerts raised for held debits.
pub const FROZEN_DEBIT_RULE: &str = "frozen_debit";

/// The score of a held debit's alert: the highest, because a court-ordered hold is
/// not a risk estimate.
const FROZEN_DEBIT_SCORE: u8 = 100;

/// The accounts whose debits are held, with the ids of the freezes holding each.
#[derive(Debug, Clone, Default)]
pub struct DebitHolds {
    by_account: HashMap<AccountKey, BTreeSet<String>>,
}

impl DebitHolds {
    /// Holds debits from `account` under `freeze_id`; a second call for the same pair changes nothing.
    pub fn hold(&mut self, account: AccountKey, freeze_id: &str) {
        self.by_account.entry(account).or_default().insert(freeze_id.to_owned());
    }

    /// Ends the hold of `freeze_id` on `account`; returns whether the account is
    /// still held by another freeze.
    pub fn release(&mut self, account: &AccountKey, freeze_id: &str) -> bool {
        let Some(freezes) = self.by_account.get_mut(account) else {
            return false;
        };

        freezes.remove(freeze_id);
        if freezes.is_empty() {
            self.by_account.remove(account);
            return false;
        }
        true
    }

    /// Removes every hold, so that a caller can install the holds of the stored freezes.
    pub fn clear(&mut self) {
        self.by_account.clear();
    }

    /// Counts the held accounts.
    pub fn len(&self) -> usize {
        self.by_account.len()
    }

    /// Checks whether no account is held.
    pub fn is_empty(&self) -> bool {
        self.by_account.is_empty()
    }

    /// Returns the freezes holding debits from `account`, in id order.
    pub fn freezes_of(&self, account: &AccountKey) -> Vec<&str> {
        self.by_account.get(account).map_or_else(Vec::new, |freezes| freezes.iter().map(String::as_str).collect())
    }

    /// Turns the verdict of a debit from a held account into `hold`, with an alert
    /// on the debtor account that names the freeze. Verdicts of other transactions,
    /// credits into held accounts included, are left as the rules gave them.
    pub fn apply(&self, origin: &NodeId, tx: &Transaction, verdict: &mut Verdict) {
        if self.by_account.is_empty() {
            return;
        }
        let debtor = tx.debtor.key();
        let Some(freezes) = self.by_account.get(&debtor) else {
            return;
        };

        let freeze_ids = freezes.iter().map(String::as_str).collect::<Vec<_>>().join(", ");
        let id = derive_id(
            "al-",
            &[origin.as_str().as_bytes(), FROZEN_DEBIT_RULE.as_bytes(), debtor.as_str().as_bytes(), tx.id.as_bytes()],
        );
        let alert = Alert {
            id,
            origin: origin.clone(),
            rule: FROZEN_DEBIT_RULE.to_owned(),
            rule_version: 1,
            score: FROZEN_DEBIT_SCORE,
            involved: vec![debtor.clone(), tx.creditor.key()],
            account: debtor,
            transactions: vec![tx.id.clone()],
            explanation: Explanation::new("explain-frozen-debit").arg("freeze", &freeze_ids),
            shadow: false,
            status: AlertStatus::Open,
            raised_at: tx.timestamp,
        };

        tracing::debug!(alert_id = %alert.id, tx_id = %tx.id, freezes = %freeze_ids, "debit from a frozen account held");
        verdict.decision = Decision::Hold;
        verdict.alerts.push(alert);
    }
}
