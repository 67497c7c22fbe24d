//! Velocity: many payments, or a high turnover, on one account within a window.
//!
//! Payments sent and received both count, and the turnover adds both in the currency of
//! the payment being scored. `min_turnover` is optional; without it only the count is
//! checked, and a currency without an entry has only its count checked.

use mekong_core::Explanation;

use crate::amounts::CurrencyAmounts;
use crate::config::Fields;
use crate::duration::RuleDuration;
use crate::error::RuleError;
use crate::rules::{
    involved_accounts, money_text, sum_in, transaction_ids, with_window, Context, Details, Finding, Scratch, Side,
};
use crate::state::{edges_after, MAX_EDGES_PER_DIRECTION};

pub(crate) const FIELDS: &[&str] = &["window", "min_count", "min_turnover"];

#[derive(Debug, Clone)]
pub(crate) struct Velocity {
    pub window: RuleDuration,
    /// Payments within the window, sent and received, that make a match.
    pub min_count: u32,
    /// Turnover within the window, sent plus received, that makes a match.
    pub min_turnover: Option<CurrencyAmounts>,
}

impl Velocity {
    pub fn parse(fields: &Fields<'_>) -> Result<Velocity, RuleError> {
        // Counts beyond the kept edges could never be reached.
        let max_count = u32::try_from(2 * MAX_EDGES_PER_DIRECTION).unwrap_or(u32::MAX);
        Ok(Velocity {
            window: fields.duration("window")?,
            min_count: fields.integer_u32("min_count", 2..=max_count)?,
            min_turnover: fields.optional_amounts("min_turnover")?,
        })
    }

    pub fn check(&self, context: &Context<'_>, scratch: &mut Scratch, side: Side, detail: bool) -> Option<Finding> {
        let subject = context.account(side);
        let state = context.accounts.state(subject);
        let cutoff = context.cutoff(self.window);
        let received = edges_after(&state.incoming, cutoff);
        let sent = edges_after(&state.outgoing, cutoff);

        let count = received.len() + sent.len();
        let currency = context.money().currency;
        let min_turnover = self.min_turnover.as_ref().and_then(|amounts| amounts.get(currency));
        let count_reached = count >= self.min_count as usize;
        if count_reached && !detail {
            return Some(Finding::bare(subject));
        }
        if !count_reached && min_turnover.is_none() {
            return None;
        }

        let turnover = sum_in(received.clone().chain(sent.clone()), currency);
        let turnover_reached = min_turnover.is_some_and(|minimum| turnover >= minimum);
        if !count_reached && !turnover_reached {
            return None;
        }

        if !detail {
            return Some(Finding::bare(subject));
        }

        let involved = involved_accounts(scratch, context.accounts.len(), subject, received.clone().chain(sent.clone()));
        let transactions = transaction_ids(received.chain(sent));
        let explanation = with_window(Explanation::new("explain-velocity"), self.window)
            .arg("count", count)
            .arg("turnover", money_text(turnover, currency));
        Some(Finding { subject, details: Some(Details { involved, transactions, explanation }) })
    }
}
