//! The monitor's result for one transaction.

use mekong_core::{AccountKey, Alert, Decision};

/// The monitor's decision about a transaction, with the alerts it raised.
#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    /// Allow, Review or Hold, from the combined score of non-shadow rule matches.
    pub decision: Decision,
    /// The combined score, 0 to 100, of the non-shadow rules that matched, each rule
    /// counted once; a rule in cooldown for an account still counts.
    pub score: u8,
    /// New alerts, all with status Open; shadow ones included and marked.
    pub alerts: Vec<Alert>,
    /// Accounts whose risk changed, each once, with the new risk.
    pub risk_updates: Vec<(AccountKey, u8)>,
}
