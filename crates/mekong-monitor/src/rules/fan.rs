//! Fan-in and fan-out: many distinct senders paying one account, or one account paying
//! many distinct receivers, within a window.
//!
//! Fan-in's subject is the receiving account and fan-out's the paying one. The count of
//! distinct counterparties includes the payment being scored.

use std::collections::VecDeque;

use mekong_core::Explanation;

use crate::config::Fields;
use crate::duration::RuleDuration;
use crate::error::RuleError;
use crate::rules::{involved_accounts, money_text, sum_in, transaction_ids, with_window, Context, Details, Finding, Scratch};
use crate::state::{edges_after, AccountId, Edge, MAX_EDGES_PER_DIRECTION};

pub(crate) const FAN_IN_FIELDS: &[&str] = &["window", "min_senders"];
pub(crate) const FAN_OUT_FIELDS: &[&str] = &["window", "min_receivers"];

#[derive(Debug, Clone)]
pub(crate) struct FanIn {
    pub window: RuleDuration,
    /// Distinct senders within the window that make a match.
    pub min_senders: u32,
}

#[derive(Debug, Clone)]
pub(crate) struct FanOut {
    pub window: RuleDuration,
    /// Distinct receivers within the window that make a match.
    pub min_receivers: u32,
}

fn parse_minimum(fields: &Fields<'_>, field: &str) -> Result<u32, RuleError> {
    // More distinct counterparties than kept edges could never be counted.
    let max = u32::try_from(MAX_EDGES_PER_DIRECTION).unwrap_or(u32::MAX);
    fields.integer_u32(field, 2..=max)
}

impl FanIn {
    pub fn parse(fields: &Fields<'_>) -> Result<FanIn, RuleError> {
        Ok(FanIn { window: fields.duration("window")?, min_senders: parse_minimum(fields, "min_senders")? })
    }

    pub fn check(&self, context: &Context<'_>, scratch: &mut Scratch, detail: bool) -> Option<Finding> {
        let subject = context.creditor;
        let edges = &context.accounts.state(subject).incoming;
        check_fan(context, scratch, detail, Fan { subject, edges, window: self.window, minimum: self.min_senders, key: "explain-fan-in" })
    }
}

impl FanOut {
    pub fn parse(fields: &Fields<'_>) -> Result<FanOut, RuleError> {
        Ok(FanOut { window: fields.duration("window")?, min_receivers: parse_minimum(fields, "min_receivers")? })
    }

    pub fn check(&self, context: &Context<'_>, scratch: &mut Scratch, detail: bool) -> Option<Finding> {
        let subject = context.debtor;
        let edges = &context.accounts.state(subject).outgoing;
        check_fan(context, scratch, detail, Fan { subject, edges, window: self.window, minimum: self.min_receivers, key: "explain-fan-out" })
    }
}

struct Fan<'a> {
    subject: AccountId,
    edges: &'a VecDeque<Edge>,
    window: RuleDuration,
    minimum: u32,
    key: &'static str,
}

fn check_fan(context: &Context<'_>, scratch: &mut Scratch, detail: bool, fan: Fan<'_>) -> Option<Finding> {
    let minimum = fan.minimum as usize;
    let window_edges = edges_after(fan.edges, context.cutoff(fan.window));
    // Fewer edges than the minimum cannot hold enough distinct counterparties.
    if window_edges.len() < minimum {
        return None;
    }

    scratch.begin(context.accounts.len());
    let mut distinct = 0;
    for edge in window_edges.clone() {
        if edge.counterparty != fan.subject && scratch.mark(edge.counterparty) {
            distinct += 1;
            if !detail && distinct >= minimum {
                return Some(Finding::bare(fan.subject));
            }
        }
    }
    if distinct < minimum {
        return None;
    }

    let currency = context.money().currency;
    let total = sum_in(window_edges.clone(), currency);
    let involved = involved_accounts(scratch, context.accounts.len(), fan.subject, window_edges.clone());
    let transactions = transaction_ids(window_edges);
    let explanation = with_window(Explanation::new(fan.key), fan.window)
        .arg("count", distinct)
        .arg("total", money_text(total, currency));
    Some(Finding { subject: fan.subject, details: Some(Details { involved, transactions, explanation }) })
}
