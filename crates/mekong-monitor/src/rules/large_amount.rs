//! Large single amount: one payment at or above a threshold in its currency.
//!
//! The subject is the paying account. A payment in a currency without a threshold is
//! not checked.

use mekong_core::Explanation;

use crate::amounts::CurrencyAmounts;
use crate::config::Fields;
use crate::error::RuleError;
use crate::rules::{money_text, subject_and_counterparty, Context, Details, Finding, Side};

pub(crate) const FIELDS: &[&str] = &["thresholds"];

#[derive(Debug, Clone)]
pub(crate) struct LargeAmount {
    /// Payments at or above these amounts match.
    pub thresholds: CurrencyAmounts,
}

impl LargeAmount {
    pub fn parse(fields: &Fields<'_>) -> Result<LargeAmount, RuleError> {
        Ok(LargeAmount { thresholds: fields.amounts("thresholds")? })
    }

    pub fn check(&self, context: &Context<'_>, side: Side, detail: bool) -> Option<Finding> {
        let money = context.money();
        let threshold = self.thresholds.get(money.currency)?;
        if money.amount < threshold {
            return None;
        }

        let subject = context.account(side);
        if !detail {
            return Some(Finding::bare(subject));
        }

        let explanation = Explanation::new("explain-large-amount")
            .arg("amount", money_text(money.amount, money.currency))
            .arg("threshold", money_text(threshold, money.currency));
        let involved = subject_and_counterparty(context, side);
        let details = Details { involved, transactions: vec![context.tx_id.clone()], explanation };
        Some(Finding { subject, details: Some(details) })
    }
}
