//! Rapid pass-through: most of what an account receives leaves it again within a short
//! window, the pattern of a mule account.
//!
//! Checked when the subject pays out. Within the window, the inflow is what the account
//! received and the outflow what it paid after the first of those receipts, both in the
//! currency of the payment being scored. A match needs an inflow of at least
//! `min_inflow` and an outflow of at least `min_ratio_percent` of the inflow.

use mekong_core::Explanation;
use rust_decimal::Decimal;

use crate::amounts::CurrencyAmounts;
use crate::config::Fields;
use crate::duration::RuleDuration;
use crate::error::RuleError;
use crate::rules::{involved_accounts, money_text, sum_in, transaction_ids, with_window, Context, Details, Finding, Scratch, Side};
use crate::state::edges_after;

pub(crate) const FIELDS: &[&str] = &["window", "min_inflow", "min_ratio_percent"];

#[derive(Debug, Clone)]
pub(crate) struct PassThrough {
    pub window: RuleDuration,
    /// Minimum inflow within the window that is checked, per currency.
    pub min_inflow: CurrencyAmounts,
    /// Outflow as a percentage of inflow that makes a match.
    pub min_ratio_percent: u32,
}

impl PassThrough {
    pub fn parse(fields: &Fields<'_>) -> Result<PassThrough, RuleError> {
        Ok(PassThrough {
            window: fields.duration("window")?,
            min_inflow: fields.amounts("min_inflow")?,
            min_ratio_percent: fields.integer_u32("min_ratio_percent", 1..=1_000)?,
        })
    }

    pub fn check(&self, context: &Context<'_>, scratch: &mut Scratch, side: Side, detail: bool) -> Option<Finding> {
        let currency = context.money().currency;
        let min_inflow = self.min_inflow.get(currency)?;

        let subject = context.account(side);
        let state = context.accounts.state(subject);
        let cutoff = context.cutoff(self.window);
        let received = edges_after(&state.incoming, cutoff).filter(|edge| edge.money.currency == currency);
        let first_receipt = received.clone().next()?.time;
        let inflow: Decimal = received.clone().map(|edge| edge.money.amount).sum();
        if inflow < min_inflow {
            return None;
        }

        // Payments before the first receipt in the window moved money the account already had.
        let sent = edges_after(&state.outgoing, first_receipt - 1).filter(|edge| edge.money.currency == currency);
        let outflow = sum_in(sent.clone(), currency);
        if outflow * Decimal::ONE_HUNDRED < inflow * Decimal::from(self.min_ratio_percent) {
            return None;
        }

        if !detail {
            return Some(Finding::bare(subject));
        }

        let percent = (outflow * Decimal::ONE_HUNDRED / inflow).round();
        let involved = involved_accounts(scratch, context.accounts.len(), subject, received.clone().chain(sent.clone()));
        let transactions = transaction_ids(received.chain(sent));
        let explanation = with_window(Explanation::new("explain-pass-through"), self.window)
            .arg("inflow", money_text(inflow, currency))
            .arg("outflow", money_text(outflow, currency))
            .arg("percent", percent);
        Some(Finding { subject, details: Some(Details { involved, transactions, explanation }) })
    }
}
