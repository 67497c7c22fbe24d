//! Cycle: money returns to the account it left within a few hops and a time bound.
//!
//! When account `u` pays `v`, the check searches backwards from `u` over incoming
//! payments for a path `v → … → u`, so that `v → … → u → v` closes a cycle. The path
//! respects time: each payment is no later than the next one on the path, and every
//! payment lies within the window. The search is depth-first and stops after `max_hops`
//! hops and `max_visited` examined payments, so its cost per transaction is bounded. A
//! cycle that needs more examined payments is missed.
//!
//! The subject is `v`, where the money started and returned to.

use std::collections::VecDeque;

use mekong_core::Explanation;
use rust_decimal::Decimal;

use crate::config::Fields;
use crate::duration::RuleDuration;
use crate::error::RuleError;
use crate::rules::{money_text, with_window, Context, Details, Finding, Scratch, MAX_ALERT_TRANSACTIONS};
use crate::state::{edges_after, AccountId, Accounts, Edge};

pub(crate) const FIELDS: &[&str] = &["window", "min_hops", "max_hops", "max_visited", "min_return_percent", "time_order"];

/// The maximum `max_hops` a rule file may set, because longer searches cost too much per transaction.
const MAX_HOPS_LIMIT: u32 = 10;

#[derive(Debug, Clone)]
pub(crate) struct Cycle {
    pub window: RuleDuration,
    /// Minimum payments in a cycle, the closing one included. With 2, a payment and its return count.
    pub min_hops: u32,
    /// Maximum payments in a cycle, the closing one included.
    pub max_hops: u32,
    /// Payments the search may examine per transaction.
    pub max_visited: u32,
    /// Minimum closing payment as a percentage of the cycle's first payment, in the same
    /// currency; the closing payment must then also not exceed the first, because a
    /// cycle returns money, it does not add to it. `None` accepts any amounts and currencies.
    pub min_return_percent: Option<u32>,
    /// Whether each payment on the cycle must be no later than the next one.
    pub time_order: bool,
}

impl Cycle {
    pub fn parse(fields: &Fields<'_>) -> Result<Cycle, RuleError> {
        let max_hops = fields.integer_u32("max_hops", 2..=MAX_HOPS_LIMIT)?;
        let min_hops = fields.integer_u32("min_hops", 2..=MAX_HOPS_LIMIT)?;
        if min_hops > max_hops {
            let value = toml::Value::Integer(i64::from(min_hops));
            return Err(fields.invalid("min_hops", &value, format!("min_hops must not exceed max_hops ({max_hops})")));
        }

        let min_return_percent = fields
            .optional_integer("min_return_percent", 1..=100)?
            .map(|percent| u32::try_from(percent).unwrap_or(100));
        Ok(Cycle {
            window: fields.duration("window")?,
            min_hops,
            max_hops,
            max_visited: fields.integer_u32("max_visited", 1..=1_000_000)?,
            min_return_percent,
            time_order: fields.boolean("time_order", true)?,
        })
    }

    pub fn check(&self, context: &Context<'_>, scratch: &mut Scratch, detail: bool) -> Option<Finding> {
        let start = context.debtor;
        let target = context.creditor;
        // A row naming one account moves no money between accounts: never a cycle.
        if start == target {
            return None;
        }

        // A cycle needs the start to have been paid within the window, no later than
        // this payment.
        let window_cutoff = context.cutoff(self.window);
        let accounts = context.accounts;
        if !has_edge_between(&accounts.state(start).incoming, window_cutoff, context.time) {
            return None;
        }

        // Mark whom the target paid within the window. The cycle's first payment is one
        // of these, and every later payment on it is no earlier than the earliest.
        let marks = &mut scratch.cycle;
        marks.begin(accounts.len());
        let mut earliest = None;
        for edge in edges_after(&accounts.state(target).outgoing, window_cutoff) {
            if edge.time > context.time {
                break;
            }
            // A withdrawal pays no account, so no cycle starts with it.
            if edge.counterparty == target {
                continue;
            }
            earliest.get_or_insert(edge.time);
            marks.mark_paid_by_target(edge.counterparty, edge.time);
        }
        let earliest = earliest?;
        let cutoff = if self.time_order { earliest - 1 } else { window_cutoff };

        let mut search = Search {
            accounts,
            marks,
            target,
            cutoff,
            time_order: self.time_order,
            min_hops: self.min_hops as usize,
            max_hops: self.max_hops as usize,
            budget: self.max_visited,
            closing: context.money(),
            min_return_percent: self.min_return_percent,
            path: Vec::with_capacity(self.max_hops as usize),
        };
        if !search.run(start, 1, context.time) {
            return None;
        }

        if !detail {
            return Some(Finding::bare(target));
        }

        // The path runs backwards from `start`; reversed, it is the cycle in time order.
        let path: Vec<(&Edge, AccountId)> = search.path.into_iter().rev().collect();
        let mut involved = vec![target];
        involved.extend(path.iter().map(|(_, receiver)| *receiver));

        let mut transactions: Vec<_> = path.iter().map(|(edge, _)| edge.tx.clone()).collect();
        transactions.push(context.tx_id.clone());
        let skip = transactions.len().saturating_sub(MAX_ALERT_TRANSACTIONS);
        transactions.drain(..skip);

        let first = path.first().map_or(context.money(), |(edge, _)| edge.money);
        let closing = context.money();
        let explanation = with_window(Explanation::new("explain-cycle"), self.window)
            .arg("hops", path.len() + 1)
            .arg("amount", money_text(first.amount, first.currency))
            .arg("returned", money_text(closing.amount, closing.currency));
        Some(Finding { subject: target, details: Some(Details { involved, transactions, explanation }) })
    }
}

fn has_edge_between(queue: &VecDeque<Edge>, after: i64, until: i64) -> bool {
    let start = queue.partition_point(|edge| edge.time <= after);
    queue.get(start).is_some_and(|edge| edge.time <= until)
}

/// Per-account marks of one cycle search, kept together so that a visit reads one
/// cache line.
#[derive(Debug, Clone, Copy, Default)]
struct CycleMark {
    /// The search in which the account was searched from.
    searched: u32,
    /// The minimum hops with which it was searched in that search.
    hops: u8,
    /// The latest time bound with which it was searched in that search.
    bound: i64,
    /// The search in which the target paid the account.
    paid: u32,
    /// The earliest time at which the target paid it, within the window.
    paid_at: i64,
}

/// Reusable per-account marks for cycle searches.
#[derive(Debug, Default)]
pub(crate) struct CycleMarks {
    marks: Vec<CycleMark>,
    generation: u32,
}

impl CycleMarks {
    fn begin(&mut self, accounts: usize) {
        if self.marks.len() < accounts {
            self.marks.resize(accounts, CycleMark::default());
        }

        self.generation = self.generation.wrapping_add(1);
        if self.generation == 0 {
            // After four billion searches the numbers wrap: clear old marks once.
            self.marks.fill(CycleMark::default());
            self.generation = 1;
        }
    }

    fn mark_paid_by_target(&mut self, account: AccountId, time: i64) {
        let mark = &mut self.marks[account as usize];
        if mark.paid != self.generation {
            mark.paid = self.generation;
            mark.paid_at = time;
        } else if time < mark.paid_at {
            mark.paid_at = time;
        }
    }

    /// Checks whether the target paid `account` no later than `time`.
    fn paid_by_target_until(&self, account: AccountId, time: i64) -> bool {
        let mark = &self.marks[account as usize];
        mark.paid == self.generation && mark.paid_at <= time
    }

    /// Checks whether `account` was already searched in this search, without result,
    /// with a later or equal time bound and no more hops. Records this visit otherwise.
    fn already_searched(&mut self, account: AccountId, bound: i64, hops: usize) -> bool {
        let hops = u8::try_from(hops).unwrap_or(u8::MAX);
        let mark = &mut self.marks[account as usize];
        if mark.searched == self.generation && mark.bound >= bound && mark.hops <= hops {
            return true;
        }

        mark.searched = self.generation;
        mark.bound = bound;
        mark.hops = hops;
        false
    }
}

/// One bounded depth-first search for a path back to `target`.
struct Search<'a> {
    accounts: &'a Accounts,
    marks: &'a mut CycleMarks,
    target: AccountId,
    /// Payments at or before this time cannot be on the cycle.
    cutoff: i64,
    min_hops: usize,
    max_hops: usize,
    budget: u32,
    closing: mekong_core::Money,
    min_return_percent: Option<u32>,
    time_order: bool,
    /// Payments found so far, from the start backwards, each with its receiving account.
    path: Vec<(&'a Edge, AccountId)>,
}

impl<'a> Search<'a> {
    /// Searches the payments into `node` made no later than `bound`; `hops` counts the
    /// payments already on the cycle, the closing one included.
    fn run(&mut self, node: AccountId, hops: usize, bound: i64) -> bool {
        let accounts = self.accounts;
        let total = hops + 1;

        // Newest first. The queues are short, so a scan from the back costs less than
        // two binary searches.
        for edge in accounts.state(node).incoming.iter().rev() {
            if edge.time > bound {
                continue;
            }
            if edge.time <= self.cutoff || self.budget == 0 {
                return false;
            }
            self.budget -= 1;

            let sender = edge.counterparty;
            if sender == self.target {
                if total >= self.min_hops && self.returns_enough(edge) {
                    self.path.push((edge, node));
                    return true;
                }
                continue;
            }

            let on_path = sender == node || self.path.iter().any(|(_, receiver)| *receiver == sender);
            if total >= self.max_hops || on_path {
                continue;
            }

            // With one hop left, only an account the target paid early enough can close
            // the cycle: skip the others without reading their payments.
            let next_bound = if self.time_order { edge.time } else { bound };
            let last_hop = total + 1 == self.max_hops;
            if last_hop && !self.marks.paid_by_target_until(sender, next_bound) {
                continue;
            }
            if self.marks.already_searched(sender, next_bound, total) {
                continue;
            }

            self.path.push((edge, node));
            if self.run(sender, total, next_bound) {
                return true;
            }
            self.path.pop();
        }
        false
    }

    fn returns_enough(&self, first: &Edge) -> bool {
        let Some(percent) = self.min_return_percent else {
            return true;
        };
        first.money.currency == self.closing.currency
            && self.closing.amount <= first.money.amount
            && self.closing.amount * Decimal::ONE_HUNDRED >= first.money.amount * Decimal::from(percent)
    }
}
