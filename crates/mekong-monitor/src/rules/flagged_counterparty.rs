//! Counterparty on the flag list: a payment whose other account an analyst has flagged,
//! such as a known mule account or one under a freeze order.
//!
//! The subject is the account on the other side of the flagged one, so paying a
//! flagged account and receiving from one both match. When both accounts are flagged,
//! each is the subject of its own finding.

use mekong_core::Explanation;

use crate::config::Fields;
use crate::error::RuleError;
use crate::rules::{Context, Details, Finding, Side};

pub(crate) const FIELDS: &[&str] = &[];

#[derive(Debug, Clone)]
pub(crate) struct FlaggedCounterparty;

impl FlaggedCounterparty {
    pub fn parse(_fields: &Fields<'_>) -> Result<FlaggedCounterparty, RuleError> {
        Ok(FlaggedCounterparty)
    }

    pub fn check(&self, context: &Context<'_>, side: Side, detail: bool) -> Option<Finding> {
        let subject = context.account(side);
        let counterparty = context.counterparty(side);
        if subject == counterparty {
            return None;
        }
        let reason = context.flags.get(&counterparty)?;

        if !detail {
            return Some(Finding::bare(subject));
        }

        let key = match side {
            Side::Debtor => "explain-flagged-creditor",
            Side::Creditor => "explain-flagged-debtor",
        };
        let explanation = Explanation::new(key)
            .arg("counterparty", context.accounts.key(counterparty))
            .arg("reason", reason);
        let details = Details { involved: vec![subject, counterparty], transactions: vec![context.tx_id.clone()], explanation };
        Some(Finding { subject, details: Some(details) })
    }
}
