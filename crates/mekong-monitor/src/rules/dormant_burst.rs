//! Dormant or new account bursting into activity: an account that was idle for at
//! least `dormant_after`, or that this monitor first saw less than `new_within` ago,
//! moves at least `min_turnover` within the window.
//!
//! The turnover adds payments sent and received, in the currency of the payment being
//! scored. For a dormant account it counts from the first payment after the idle gap,
//! and that payment must lie within the window.
//!
//! NOTE: "first seen" means first seen by this monitor. When a node starts taking a new
//! bank feed, every account of the feed is new for `new_within`.

use mekong_core::Explanation;
use rust_decimal::Decimal;

use crate::amounts::CurrencyAmounts;
use crate::config::Fields;
use crate::duration::RuleDuration;
use crate::error::RuleError;
use crate::rules::{involved_accounts, money_text, sum_in, transaction_ids, with_window, Context, Details, Finding, Scratch, Side};
use crate::state::edges_after;

pub(crate) const FIELDS: &[&str] = &["dormant_after", "new_within", "window", "min_turnover"];

#[derive(Debug, Clone)]
pub(crate) struct DormantBurst {
    /// Idle time after which an account counts as dormant.
    pub dormant_after: RuleDuration,
    /// Age below which an account counts as new; `None` checks dormant accounts only.
    pub new_within: Option<RuleDuration>,
    pub window: RuleDuration,
    /// Turnover within the window that makes a match, per currency.
    pub min_turnover: CurrencyAmounts,
}

/// The reason an account is checked.
enum Reason {
    Dormant { idle_days: i64 },
    New,
}

impl DormantBurst {
    pub fn parse(fields: &Fields<'_>) -> Result<DormantBurst, RuleError> {
        Ok(DormantBurst {
            dormant_after: fields.duration("dormant_after")?,
            new_within: fields.optional_duration("new_within")?,
            window: fields.duration("window")?,
            min_turnover: fields.amounts("min_turnover")?,
        })
    }

    pub fn check(&self, context: &Context<'_>, scratch: &mut Scratch, side: Side, detail: bool) -> Option<Finding> {
        let currency = context.money().currency;
        let min_turnover = self.min_turnover.get(currency)?;

        let subject = context.account(side);
        let state = context.accounts.state(subject);
        let window_cutoff = context.cutoff(self.window);

        let woke = state.wake.filter(|wake| wake.at > window_cutoff && wake.idle_seconds >= self.dormant_after.seconds());
        let is_new = match (self.new_within, state.first_seen) {
            (Some(new_within), Some(first_seen)) => first_seen > context.cutoff(new_within),
            _ => false,
        };
        let (reason, cutoff) = match (woke, is_new) {
            (Some(wake), _) => (Reason::Dormant { idle_days: wake.idle_seconds / 86_400 }, wake.at - 1),
            (None, true) => (Reason::New, window_cutoff),
            (None, false) => return None,
        };

        let received = edges_after(&state.incoming, cutoff);
        let sent = edges_after(&state.outgoing, cutoff);
        let turnover: Decimal = sum_in(received.clone().chain(sent.clone()), currency);
        if turnover < min_turnover {
            return None;
        }

        if !detail {
            return Some(Finding::bare(subject));
        }

        let explanation = match reason {
            Reason::Dormant { idle_days } => Explanation::new("explain-dormant").arg("idle_days", idle_days),
            Reason::New => {
                let new_within = self.new_within.unwrap_or(self.window);
                Explanation::new("explain-new-account")
                    .arg("new_within", new_within.count())
                    .arg("new_within_unit", new_within.unit_message_name())
            }
        };
        let explanation = with_window(explanation, self.window).arg("turnover", money_text(turnover, currency));
        let involved = involved_accounts(scratch, context.accounts.len(), subject, received.clone().chain(sent.clone()));
        let transactions = transaction_ids(received.chain(sent));
        Some(Finding { subject, details: Some(Details { involved, transactions, explanation }) })
    }
}
