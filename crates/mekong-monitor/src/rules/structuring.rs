//! Structuring: several payments just under a reporting threshold within a window, as
//! when one sum is split to stay below the large-value report.
//!
//! A payment is "just under" when `threshold × (100 − margin_percent) / 100 ≤ amount <
//! threshold`. The rule runs only when the payment being scored is just under, and then
//! counts the subject's payments just under the same threshold, sent or received,
//! within the window.

use mekong_core::Explanation;
use rust_decimal::Decimal;

use crate::amounts::CurrencyAmounts;
use crate::config::Fields;
use crate::duration::RuleDuration;
use crate::error::RuleError;
use crate::rules::{involved_accounts, money_text, transaction_ids, with_window, Context, Details, Finding, Scratch, Side};
use crate::state::{edges_after, Edge};

pub(crate) const FIELDS: &[&str] = &["thresholds", "margin_percent", "min_count", "window"];

#[derive(Debug, Clone)]
pub(crate) struct Structuring {
    /// The reporting thresholds that payments stay under.
    pub thresholds: CurrencyAmounts,
    /// How far under the threshold, in percent of it, a payment still counts.
    pub margin_percent: u32,
    /// Payments just under the threshold within the window that make a match.
    pub min_count: u32,
    pub window: RuleDuration,
}

impl Structuring {
    pub fn parse(fields: &Fields<'_>) -> Result<Structuring, RuleError> {
        Ok(Structuring {
            thresholds: fields.amounts("thresholds")?,
            margin_percent: fields.integer_u32("margin_percent", 1..=50)?,
            min_count: fields.integer_u32("min_count", 2..=1_000)?,
            window: fields.duration("window")?,
        })
    }

    pub fn check(&self, context: &Context<'_>, scratch: &mut Scratch, side: Side, detail: bool) -> Option<Finding> {
        let money = context.money();
        let threshold = self.thresholds.get(money.currency)?;
        let lower = threshold * Decimal::from(100 - self.margin_percent) / Decimal::ONE_HUNDRED;
        let just_under = |edge: &&Edge| {
            edge.money.currency == money.currency && edge.money.amount >= lower && edge.money.amount < threshold
        };
        if money.amount < lower || money.amount >= threshold {
            return None;
        }

        let subject = context.account(side);
        let state = context.accounts.state(subject);
        let cutoff = context.cutoff(self.window);
        let received = edges_after(&state.incoming, cutoff).filter(just_under);
        let sent = edges_after(&state.outgoing, cutoff).filter(just_under);
        let count = received.clone().count() + sent.clone().count();
        if count < self.min_count as usize {
            return None;
        }

        if !detail {
            return Some(Finding::bare(subject));
        }

        let total: Decimal = received.clone().chain(sent.clone()).map(|edge| edge.money.amount).sum();
        let involved = involved_accounts(scratch, context.accounts.len(), subject, received.clone().chain(sent.clone()));
        let transactions = transaction_ids(received.chain(sent));
        let explanation = with_window(Explanation::new("explain-structuring"), self.window)
            .arg("count", count)
            .arg("threshold", money_text(threshold, money.currency))
            .arg("lower", money_text(lower.normalize(), money.currency))
            .arg("total", money_text(total, money.currency));
        Some(Finding { subject, details: Some(Details { involved, transactions, explanation }) })
    }
}
