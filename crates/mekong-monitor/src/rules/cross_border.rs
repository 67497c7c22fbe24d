//! Cross-border flow: a payment between an account in China and one in Laos, in either
//! direction, at or above an optional minimum amount.
//!
//! The subject is the paying account. Without `min_amounts` every such payment matches;
//! with it, a payment in a currency without an entry is not checked.

use mekong_core::Explanation;

use crate::amounts::CurrencyAmounts;
use crate::config::Fields;
use crate::error::RuleError;
use crate::rules::{money_text, subject_and_counterparty, Context, Details, Finding, Side};

pub(crate) const FIELDS: &[&str] = &["min_amounts"];

#[derive(Debug, Clone)]
pub(crate) struct CrossBorder {
    /// Minimum payment that matches, per currency; `None` matches every amount.
    pub min_amounts: Option<CurrencyAmounts>,
}

impl CrossBorder {
    pub fn parse(fields: &Fields<'_>) -> Result<CrossBorder, RuleError> {
        Ok(CrossBorder { min_amounts: fields.optional_amounts("min_amounts")? })
    }

    pub fn check(&self, context: &Context<'_>, side: Side, detail: bool) -> Option<Finding> {
        if !context.tx.is_cn_la_cross_border() {
            return None;
        }

        let money = context.money();
        if let Some(min_amounts) = &self.min_amounts {
            let minimum = min_amounts.get(money.currency)?;
            if money.amount < minimum {
                return None;
            }
        }

        let subject = context.account(side);
        if !detail {
            return Some(Finding::bare(subject));
        }

        // Both countries are present, because the payment crosses the border.
        let from = context.tx.debtor.country.map(|country| country.to_string()).unwrap_or_default();
        let to = context.tx.creditor.country.map(|country| country.to_string()).unwrap_or_default();
        let explanation = Explanation::new("explain-cross-border")
            .arg("amount", money_text(money.amount, money.currency))
            .arg("from", from)
            .arg("to", to);
        let involved = subject_and_counterparty(context, side);
        let details = Details { involved, transactions: vec![context.tx_id.clone()], explanation };
        Some(Finding { subject, details: Some(details) })
    }
}
