//! The rule kinds the monitor supports, their settings, and the result of a rule check.
//!
//! Each kind lives in its own module with its settings, how they are read from a rule
//! file, and its check. A check looks at one subject account of the transaction being
//! scored, after the transaction's edges have been added to the state. It reports a
//! match cheaply when `detail` is false (the rule is in cooldown for that account) and
//! builds the alert details only when `detail` is true.
//!
//! Invariant: checks read the state and never change it, and they iterate only over
//! sorted queues and vectors, so the same transactions in the same order give the same
//! findings.

pub(crate) mod cross_border;
pub(crate) mod cycle;
pub(crate) mod dormant_burst;
pub(crate) mod fan;
pub(crate) mod flagged_counterparty;
pub(crate) mod large_amount;
pub(crate) mod pass_through;
pub(crate) mod structuring;
pub(crate) mod velocity;

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

use mekong_core::{Explanation, Money, Transaction};
use rust_decimal::Decimal;

use crate::config::Fields;
use crate::duration::RuleDuration;
use crate::error::RuleError;
use crate::flow::Flow;
use crate::state::{AccountId, Accounts, Edge};

/// The maximum number of transaction ids an alert lists; the newest are kept.
pub const MAX_ALERT_TRANSACTIONS: usize = 50;

/// The maximum number of accounts an alert lists as involved, the subject included.
pub const MAX_ALERT_ACCOUNTS: usize = 200;

/// A kind of rule. A rule file configures each kind under its own id, or under a new
/// id with `kind = "<kind>"` so that a changed copy can run in shadow mode beside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RuleKind {
    /// One payment at or above a threshold.
    LargeAmount,
    /// Several payments just under a reporting threshold within a window.
    Structuring,
    /// Many payments, or a high turnover, on one account within a window.
    Velocity,
    /// Many distinct senders paying one account within a window.
    FanIn,
    /// One account paying many distinct receivers within a window.
    FanOut,
    /// Most of what an account receives leaves it again within a short window.
    PassThrough,
    /// Money returns to the account it left within a few hops and a time bound.
    Cycle,
    /// A dormant or new account suddenly moving large sums.
    DormantBurst,
    /// A payment to or from an account on the monitor's flag list.
    FlaggedCounterparty,
    /// A payment between China and Laos, in either direction.
    CrossBorder,
}

impl RuleKind {
    /// Every kind, in the order rule files document them.
    pub const ALL: [RuleKind; 10] = [
        RuleKind::LargeAmount,
        RuleKind::Structuring,
        RuleKind::Velocity,
        RuleKind::FanIn,
        RuleKind::FanOut,
        RuleKind::PassThrough,
        RuleKind::Cycle,
        RuleKind::DormantBurst,
        RuleKind::FlaggedCounterparty,
        RuleKind::CrossBorder,
    ];

    /// Returns the id used in rule files, alerts and message keys, such as `fan_in`.
    pub fn as_str(&self) -> &'static str {
        match self {
            RuleKind::LargeAmount => "large_amount",
            RuleKind::Structuring => "structuring",
            RuleKind::Velocity => "velocity",
            RuleKind::FanIn => "fan_in",
            RuleKind::FanOut => "fan_out",
            RuleKind::PassThrough => "pass_through",
            RuleKind::Cycle => "cycle",
            RuleKind::DormantBurst => "dormant_burst",
            RuleKind::FlaggedCounterparty => "flagged_counterparty",
            RuleKind::CrossBorder => "cross_border",
        }
    }

    /// Returns the kind with this id.
    pub fn from_id(id: &str) -> Option<RuleKind> {
        RuleKind::ALL.into_iter().find(|kind| kind.as_str() == id)
    }

    /// Returns every kind's id, comma-separated, for error messages.
    pub(crate) fn known_list() -> String {
        RuleKind::ALL.map(|kind| kind.as_str()).join(", ")
    }
}

impl fmt::Display for RuleKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The settings of one rule, by kind.
#[derive(Debug, Clone)]
pub(crate) enum RuleParams {
    LargeAmount(large_amount::LargeAmount),
    Structuring(structuring::Structuring),
    Velocity(velocity::Velocity),
    FanIn(fan::FanIn),
    FanOut(fan::FanOut),
    PassThrough(pass_through::PassThrough),
    Cycle(cycle::Cycle),
    DormantBurst(dormant_burst::DormantBurst),
    FlaggedCounterparty(flagged_counterparty::FlaggedCounterparty),
    CrossBorder(cross_border::CrossBorder),
}

impl RuleParams {
    /// Returns the fields a rule of this kind accepts besides the common ones.
    pub fn fields(kind: RuleKind) -> &'static [&'static str] {
        match kind {
            RuleKind::LargeAmount => large_amount::FIELDS,
            RuleKind::Structuring => structuring::FIELDS,
            RuleKind::Velocity => velocity::FIELDS,
            RuleKind::FanIn => fan::FAN_IN_FIELDS,
            RuleKind::FanOut => fan::FAN_OUT_FIELDS,
            RuleKind::PassThrough => pass_through::FIELDS,
            RuleKind::Cycle => cycle::FIELDS,
            RuleKind::DormantBurst => dormant_burst::FIELDS,
            RuleKind::FlaggedCounterparty => flagged_counterparty::FIELDS,
            RuleKind::CrossBorder => cross_border::FIELDS,
        }
    }

    /// Reads the settings of a rule of this kind.
    pub fn parse(kind: RuleKind, fields: &Fields<'_>) -> Result<RuleParams, RuleError> {
        Ok(match kind {
            RuleKind::LargeAmount => RuleParams::LargeAmount(large_amount::LargeAmount::parse(fields)?),
            RuleKind::Structuring => RuleParams::Structuring(structuring::Structuring::parse(fields)?),
            RuleKind::Velocity => RuleParams::Velocity(velocity::Velocity::parse(fields)?),
            RuleKind::FanIn => RuleParams::FanIn(fan::FanIn::parse(fields)?),
            RuleKind::FanOut => RuleParams::FanOut(fan::FanOut::parse(fields)?),
            RuleKind::PassThrough => RuleParams::PassThrough(pass_through::PassThrough::parse(fields)?),
            RuleKind::Cycle => RuleParams::Cycle(cycle::Cycle::parse(fields)?),
            RuleKind::DormantBurst => RuleParams::DormantBurst(dormant_burst::DormantBurst::parse(fields)?),
            RuleKind::FlaggedCounterparty => {
                RuleParams::FlaggedCounterparty(flagged_counterparty::FlaggedCounterparty::parse(fields)?)
            }
            RuleKind::CrossBorder => RuleParams::CrossBorder(cross_border::CrossBorder::parse(fields)?),
        })
    }

    /// Returns the kind of these settings.
    pub fn kind(&self) -> RuleKind {
        match self {
            RuleParams::LargeAmount(_) => RuleKind::LargeAmount,
            RuleParams::Structuring(_) => RuleKind::Structuring,
            RuleParams::Velocity(_) => RuleKind::Velocity,
            RuleParams::FanIn(_) => RuleKind::FanIn,
            RuleParams::FanOut(_) => RuleKind::FanOut,
            RuleParams::PassThrough(_) => RuleKind::PassThrough,
            RuleParams::Cycle(_) => RuleKind::Cycle,
            RuleParams::DormantBurst(_) => RuleKind::DormantBurst,
            RuleParams::FlaggedCounterparty(_) => RuleKind::FlaggedCounterparty,
            RuleParams::CrossBorder(_) => RuleKind::CrossBorder,
        }
    }

    /// Returns the rule's window, which is also its default cooldown.
    pub fn window(&self) -> Option<RuleDuration> {
        match self {
            RuleParams::Structuring(rule) => Some(rule.window),
            RuleParams::Velocity(rule) => Some(rule.window),
            RuleParams::FanIn(rule) => Some(rule.window),
            RuleParams::FanOut(rule) => Some(rule.window),
            RuleParams::PassThrough(rule) => Some(rule.window),
            RuleParams::Cycle(rule) => Some(rule.window),
            RuleParams::DormantBurst(rule) => Some(rule.window),
            RuleParams::LargeAmount(_) | RuleParams::FlaggedCounterparty(_) | RuleParams::CrossBorder(_) => None,
        }
    }

    /// Returns the idle gap after which the rule treats an account as dormant.
    pub fn dormant_after(&self) -> Option<i64> {
        match self {
            RuleParams::DormantBurst(rule) => Some(rule.dormant_after.seconds()),
            _ => None,
        }
    }

    /// Returns the accounts of a transaction the rule looks at, given how it moves money.
    ///
    /// A row naming one account is looked at once, on the side where its money moves:
    /// a deposit as money in, a withdrawal as money out. Rules about money in or out
    /// skip the other kind, cycles skip both, and an internal booking, which moves no
    /// money, is checked by the single-payment rules only.
    pub fn sides(&self, flow: Flow) -> &'static [Side] {
        const NONE: &[Side] = &[];
        const DEBTOR: &[Side] = &[Side::Debtor];
        const CREDITOR: &[Side] = &[Side::Creditor];
        const BOTH: &[Side] = &[Side::Debtor, Side::Creditor];

        match self {
            // Single-payment rules read the amount and the accounts of this row alone.
            RuleParams::LargeAmount(_) | RuleParams::CrossBorder(_) => match flow {
                Flow::Deposit => CREDITOR,
                Flow::Transfer | Flow::Withdrawal | Flow::Internal => DEBTOR,
            },
            RuleParams::FlaggedCounterparty(_) => match flow {
                Flow::Transfer => BOTH,
                Flow::Deposit => CREDITOR,
                Flow::Withdrawal | Flow::Internal => DEBTOR,
            },
            RuleParams::FanIn(_) => match flow {
                Flow::Transfer | Flow::Deposit => CREDITOR,
                Flow::Withdrawal | Flow::Internal => NONE,
            },
            RuleParams::FanOut(_) | RuleParams::PassThrough(_) => match flow {
                Flow::Transfer | Flow::Withdrawal => DEBTOR,
                Flow::Deposit | Flow::Internal => NONE,
            },
            RuleParams::Cycle(_) => match flow {
                Flow::Transfer => CREDITOR,
                Flow::Deposit | Flow::Withdrawal | Flow::Internal => NONE,
            },
            RuleParams::Structuring(_) | RuleParams::Velocity(_) | RuleParams::DormantBurst(_) => match flow {
                Flow::Transfer => BOTH,
                Flow::Deposit => CREDITOR,
                Flow::Withdrawal => DEBTOR,
                Flow::Internal => NONE,
            },
        }
    }

    /// Checks the rule for one subject account of the transaction in `context`.
    pub fn check(&self, context: &Context<'_>, scratch: &mut Scratch, side: Side, detail: bool) -> Option<Finding> {
        match self {
            RuleParams::LargeAmount(rule) => rule.check(context, side, detail),
            RuleParams::Structuring(rule) => rule.check(context, scratch, side, detail),
            RuleParams::Velocity(rule) => rule.check(context, scratch, side, detail),
            RuleParams::FanIn(rule) => rule.check(context, scratch, detail),
            RuleParams::FanOut(rule) => rule.check(context, scratch, detail),
            RuleParams::PassThrough(rule) => rule.check(context, scratch, side, detail),
            RuleParams::Cycle(rule) => rule.check(context, scratch, detail),
            RuleParams::DormantBurst(rule) => rule.check(context, scratch, side, detail),
            RuleParams::FlaggedCounterparty(rule) => rule.check(context, side, detail),
            RuleParams::CrossBorder(rule) => rule.check(context, side, detail),
        }
    }
}

/// One of the two accounts of a transaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Side {
    Debtor,
    Creditor,
}

/// The transaction being scored and the state it is scored against.
#[derive(Debug)]
pub(crate) struct Context<'a> {
    pub tx: &'a Transaction,
    /// The shared id of the transaction, as its edges hold it.
    pub tx_id: &'a Arc<str>,
    /// Transaction time, seconds since the Unix epoch.
    pub time: i64,
    /// The latest transaction time seen, the end of every window.
    pub now: i64,
    pub debtor: AccountId,
    pub creditor: AccountId,
    pub accounts: &'a Accounts,
    pub flags: &'a HashMap<AccountId, String>,
}

impl Context<'_> {
    /// Returns the account on one side.
    pub fn account(&self, side: Side) -> AccountId {
        match side {
            Side::Debtor => self.debtor,
            Side::Creditor => self.creditor,
        }
    }

    /// Returns the account on the other side.
    pub fn counterparty(&self, side: Side) -> AccountId {
        match side {
            Side::Debtor => self.creditor,
            Side::Creditor => self.debtor,
        }
    }

    /// Returns the start of a window ending now: edges strictly after this time are inside it.
    pub fn cutoff(&self, window: RuleDuration) -> i64 {
        self.now - window.seconds()
    }

    /// Returns the amount of the transaction.
    pub fn money(&self) -> Money {
        self.tx.amount
    }
}

/// A rule that matched on one account.
#[derive(Debug)]
pub(crate) struct Finding {
    pub subject: AccountId,
    /// Present when the check was asked for details.
    pub details: Option<Details>,
}

impl Finding {
    /// A match without details, for a rule in cooldown.
    pub fn bare(subject: AccountId) -> Finding {
        Finding { subject, details: None }
    }
}

/// Alert content beyond the rule: accounts, transactions and the explanation.
#[derive(Debug)]
pub(crate) struct Details {
    /// Accounts in the pattern, the subject first, each once.
    pub involved: Vec<AccountId>,
    /// Transaction ids, oldest first, at most [`MAX_ALERT_TRANSACTIONS`].
    pub transactions: Vec<Arc<str>>,
    pub explanation: Explanation,
}

/// Reusable buffers for checks, so that the hot path does not allocate.
#[derive(Debug, Default)]
pub(crate) struct Scratch {
    /// Per account: the pass number that last marked it.
    marks: Vec<u32>,
    /// The current pass number.
    generation: u32,
    /// Per-account marks of the cycle search.
    pub cycle: cycle::CycleMarks,
}

impl Scratch {
    /// Starts a new marking pass over `accounts` accounts; earlier marks are forgotten.
    pub fn begin(&mut self, accounts: usize) {
        if self.marks.len() < accounts {
            self.marks.resize(accounts, 0);
        }

        self.generation = self.generation.wrapping_add(1);
        if self.generation == 0 {
            // After four billion passes the numbers wrap: clear old marks once.
            self.marks.fill(0);
            self.generation = 1;
        }
    }

    /// Marks an account; returns whether it was unmarked in this pass.
    pub fn mark(&mut self, account: AccountId) -> bool {
        let slot = &mut self.marks[account as usize];
        if *slot == self.generation {
            false
        } else {
            *slot = self.generation;
            true
        }
    }
}

/// Lists `subject` and then each distinct counterparty of `edges` once, oldest first,
/// up to [`MAX_ALERT_ACCOUNTS`].
pub(crate) fn involved_accounts<'e>(
    scratch: &mut Scratch,
    accounts: usize,
    subject: AccountId,
    edges: impl Iterator<Item = &'e Edge>,
) -> Vec<AccountId> {
    scratch.begin(accounts);
    scratch.mark(subject);
    let mut involved = vec![subject];
    for edge in edges {
        if involved.len() >= MAX_ALERT_ACCOUNTS {
            break;
        }
        if scratch.mark(edge.counterparty) {
            involved.push(edge.counterparty);
        }
    }
    involved
}

/// Lists the subject and, unless the row names only the subject, the account on the other side.
pub(crate) fn subject_and_counterparty(context: &Context<'_>, side: Side) -> Vec<AccountId> {
    let subject = context.account(side);
    let counterparty = context.counterparty(side);
    if counterparty == subject { vec![subject] } else { vec![subject, counterparty] }
}

/// Lists the transaction ids of edges, oldest first, keeping the newest
/// [`MAX_ALERT_TRANSACTIONS`]. Each transaction appears once even where both of its
/// edges are given, as for a transfer between two accounts of the pattern.
pub(crate) fn transaction_ids<'e>(edges: impl Iterator<Item = &'e Edge>) -> Vec<Arc<str>> {
    let mut timed: Vec<(i64, &Arc<str>)> = edges.map(|edge| (edge.time, &edge.tx)).collect();
    timed.sort_by(|left, right| left.0.cmp(&right.0).then_with(|| left.1.cmp(right.1)));
    timed.dedup_by(|left, right| Arc::ptr_eq(left.1, right.1));

    let skip = timed.len().saturating_sub(MAX_ALERT_TRANSACTIONS);
    timed.into_iter().skip(skip).map(|(_, tx)| Arc::clone(tx)).collect()
}

/// Sums the amounts of edges in one currency.
pub(crate) fn sum_in<'e>(edges: impl Iterator<Item = &'e Edge>, currency: mekong_core::Currency) -> Decimal {
    edges.filter(|edge| edge.money.currency == currency).map(|edge| edge.money.amount).sum()
}

/// Formats an amount with its currency for an explanation, such as `49000 CNY`.
pub(crate) fn money_text(amount: Decimal, currency: mekong_core::Currency) -> String {
    Money::new(amount, currency).to_string()
}

/// Adds a window's length to an explanation as `window` (the number) and `window_unit`
/// (`day`, `days`, `hour`, ...), which the messages select on.
pub(crate) fn with_window(explanation: Explanation, window: RuleDuration) -> Explanation {
    explanation.arg("window", window.count()).arg("window_unit", window.unit_message_name())
}
