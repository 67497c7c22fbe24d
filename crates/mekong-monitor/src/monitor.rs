//! The in-memory transaction monitor: scores each transaction as it arrives.
//!
//! Invariants:
//! - no wall clock: every window ends at the latest transaction time seen ("now"), so
//!   replaying stored transactions in their order rebuilds the same state and raises
//!   the same alerts with the same ids;
//! - a late transaction is scored against the current state, and its edges are sorted
//!   into the account's history;
//! - at most one alert per rule and account per cooldown, but every match still counts
//!   towards the transaction's score and decision;
//! - shadow rules raise marked alerts and change neither scores, decisions nor risk;
//! - a cash deposit is money in and a withdrawal money out of its one account (see
//!   [`Flow`]), so each rule looks at that account once, on the side the money moves.

pub(crate) mod snapshot_state;

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

use mekong_core::ids::derive_id;
use mekong_core::{AccountKey, Alert, AlertStatus, Decision, NodeId, Transaction};

use crate::flow::Flow;
use crate::risk::{add_score, score_of};
use crate::rules::{Context, Details, Scratch};
use crate::ruleset::{Rule, RuleSet};
use crate::state::{AccountId, Accounts, Edge, RISK_COMPLEMENT_ONE};
use crate::verdict::Verdict;

/// Accounts whose expired edges are dropped per scored transaction, besides the two
/// accounts of the transaction, so that idle accounts release memory too.
const SWEEP_PER_TRANSACTION: usize = 2;

/// The cooldown table is pruned of expired entries when it grows past this size.
const COOLDOWN_PRUNE_MIN: usize = 4_096;

/// The transaction monitor of one node.
pub struct Monitor {
    rules: RuleSet,
    origin: NodeId,
    accounts: Accounts,
    flags: HashMap<AccountId, String>,
    /// Per rule slot and account: the time until which no new alert is raised.
    cooldowns: HashMap<(u32, AccountId), i64>,
    cooldown_prune_at: usize,
    /// Rule ids ever loaded, so that cooldowns survive `replace_rules` by id.
    slot_ids: HashMap<String, u32>,
    /// The slot of each rule of `rules`, in the same order.
    rule_slots: Vec<u32>,
    /// Seconds of history the enabled rules need.
    retention: i64,
    /// The shortest idle gap any dormant-burst rule looks for.
    dormant_after: Option<i64>,
    now: Option<i64>,
    scratch: Scratch,
    sweep_cursor: usize,
}

impl fmt::Debug for Monitor {
    // Account keys are personal data, so the output shows counts only.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Monitor")
            .field("origin", &self.origin)
            .field("rules", &self.rules.source())
            .field("rule_ids", &self.rules.rule_ids())
            .field("accounts", &self.accounts.len())
            .field("flagged", &self.flags.len())
            .field("now", &self.now)
            .finish()
    }
}

impl Monitor {
    /// Creates a monitor with no history; `origin` is the node that raises its alerts.
    pub fn new(rules: RuleSet, origin: NodeId) -> Monitor {
        let mut slot_ids = HashMap::new();
        let layout = RuleLayout::of(&rules, &mut slot_ids);
        Monitor {
            rules,
            origin,
            accounts: Accounts::default(),
            flags: HashMap::new(),
            cooldowns: HashMap::new(),
            cooldown_prune_at: COOLDOWN_PRUNE_MIN,
            slot_ids,
            rule_slots: layout.slots,
            retention: layout.retention,
            dormant_after: layout.dormant_after,
            now: None,
            scratch: Scratch::default(),
            sweep_cursor: 0,
        }
    }

    /// Switches to new rules, keeping account history, risk, flags and cooldowns of
    /// rules whose id stays.
    ///
    /// NOTE: history older than the previous rules' longest window is already gone, so
    /// a rule with a longer window has a full window of history only after that much time.
    pub fn replace_rules(&mut self, rules: RuleSet) {
        self.install(rules);
        tracing::info!(source = self.rules.source(), rules = self.rules.rules().len(), "monitor rules replaced");
    }

    /// The rules in force.
    pub fn rules(&self) -> &RuleSet {
        &self.rules
    }

    /// Adds an account to the flag list; the next transaction with it as counterparty matches
    /// the flagged-counterparty rule. A second call replaces the reason. Replaying
    /// transactions does not rebuild the list, so a node applies its stored flags after
    /// the replay.
    pub fn flag_account(&mut self, key: AccountKey, reason: String) {
        let id = self.accounts.intern_key(&key);
        self.flags.insert(id, reason);
        tracing::info!(flagged = self.flags.len(), "account added to the monitor's flag list");
    }

    /// Removes an account from the flag list; unknown accounts are ignored.
    pub fn unflag_account(&mut self, key: &AccountKey) {
        let removed = self.accounts.find(key).and_then(|id| self.flags.remove(&id));
        if removed.is_some() {
            tracing::info!(flagged = self.flags.len(), "account removed from the monitor's flag list");
        }
    }

    /// Empties the flag list, so that a caller can install the stored flags after
    /// restoring a snapshot.
    pub fn clear_flags(&mut self) {
        self.flags.clear();
    }

    /// The risk of an account, 0 to 100: the noisy-OR of its non-shadow alert scores.
    /// Unknown accounts have risk 0.
    pub fn account_risk(&self, key: &AccountKey) -> u8 {
        self.accounts.find(key).map_or(0, |id| self.accounts.state(id).risk)
    }

    fn install(&mut self, rules: RuleSet) {
        let layout = RuleLayout::of(&rules, &mut self.slot_ids);
        self.rule_slots = layout.slots;
        self.retention = layout.retention;
        self.dormant_after = layout.dormant_after;
        self.rules = rules;
    }

    /// Scores one transaction, records it in the state and returns the decision, new
    /// alerts and risk changes.
    pub fn score(&mut self, tx: &Transaction) -> Verdict {
        let time = tx.timestamp.unix_seconds();
        let now = self.now.map_or(time, |now| now.max(time));
        self.now = Some(now);

        let debtor = self.accounts.intern_ref(&tx.debtor);
        let creditor = self.accounts.intern_ref(&tx.creditor);
        let flow = Flow::of(tx.channel, debtor == creditor);
        let tx_id: Arc<str> = Arc::from(tx.id.as_str());
        self.record(tx, &tx_id, time, debtor, creditor, flow);

        let mut complement = RISK_COMPLEMENT_ONE;
        let mut alerts = Vec::new();
        let mut risk_scores: Vec<(AccountId, u8)> = Vec::new();
        let context = Context {
            tx,
            tx_id: &tx_id,
            time,
            now,
            debtor,
            creditor,
            accounts: &self.accounts,
            flags: &self.flags,
        };

        for (rule, slot) in self.rules.rules().iter().zip(&self.rule_slots) {
            if !rule.enabled() {
                continue;
            }

            // A rule adds its score once per transaction, even when both accounts match.
            let mut matched = false;
            for side in rule.params.sides(flow) {
                let subject = context.account(*side);
                let cooling = self.cooldowns.get(&(*slot, subject)).is_some_and(|until| time < *until);
                let Some(finding) = rule.params.check(&context, &mut self.scratch, *side, !cooling) else {
                    continue;
                };

                matched = true;
                let Some(details) = finding.details else {
                    continue;
                };

                self.cooldowns.insert((*slot, finding.subject), time + rule.cooldown().seconds());
                let alert = build_alert(&self.origin, rule, &context, finding.subject, details);
                tracing::debug!(alert_id = %alert.id, rule = rule.id(), tx_id = %tx.id, shadow = rule.shadow(), "alert raised");
                if !rule.shadow() {
                    risk_scores.push((finding.subject, rule.score()));
                }
                alerts.push(alert);
            }

            if matched && !rule.shadow() {
                complement = add_score(complement, rule.score());
            }
        }

        let score = score_of(complement);
        let decision = if score >= self.rules.hold_at() {
            Decision::Hold
        } else if score >= self.rules.review_at() {
            Decision::Review
        } else {
            Decision::Allow
        };

        let risk_updates = self.apply_risk(&risk_scores);
        self.sweep(now);
        self.prune_cooldowns(now);

        Verdict { decision, score, alerts, risk_updates }
    }

    /// Adds the transaction to the state of its accounts: an outgoing edge where money
    /// leaves the debtor and an incoming edge where money reaches the creditor.
    fn record(&mut self, tx: &Transaction, tx_id: &Arc<str>, time: i64, debtor: AccountId, creditor: AccountId, flow: Flow) {
        let cutoff = self.now.unwrap_or(time) - self.retention;
        let both = [debtor, creditor];
        let accounts = if debtor == creditor { &both[..1] } else { &both[..] };
        for account in accounts {
            let state = self.accounts.state_mut(*account);
            state.evict(cutoff);
            state.record_activity(time, self.dormant_after);
        }

        // A cash row adds one edge, whose counterparty is the account itself.
        if flow.moves_money_out() {
            let sent = Edge { time, counterparty: creditor, money: tx.amount, tx: Arc::clone(tx_id) };
            self.accounts.state_mut(debtor).insert_outgoing(sent);
        }
        if flow.moves_money_in() {
            let received = Edge { time, counterparty: debtor, money: tx.amount, tx: Arc::clone(tx_id) };
            self.accounts.state_mut(creditor).insert_incoming(received);
        }
    }

    /// Folds alert scores into account risk; returns each changed account once.
    fn apply_risk(&mut self, scores: &[(AccountId, u8)]) -> Vec<(AccountKey, u8)> {
        let mut changed: Vec<AccountId> = Vec::new();
        for (account, score) in scores {
            let state = self.accounts.state_mut(*account);
            let before = state.risk;
            state.risk_complement = add_score(state.risk_complement, *score);
            state.risk = score_of(state.risk_complement);
            if state.risk != before && !changed.contains(account) {
                changed.push(*account);
            }
        }

        changed.into_iter().map(|account| (self.accounts.key(account).clone(), self.accounts.state(account).risk)).collect()
    }

    fn sweep(&mut self, now: i64) {
        let count = self.accounts.len();
        if count == 0 {
            return;
        }

        let cutoff = now - self.retention;
        for _ in 0..SWEEP_PER_TRANSACTION.min(count) {
            self.sweep_cursor = (self.sweep_cursor + 1) % count;
            let id = AccountId::try_from(self.sweep_cursor).unwrap_or(AccountId::MAX);
            self.accounts.state_mut(id).evict(cutoff);
        }
    }

    fn prune_cooldowns(&mut self, now: i64) {
        if self.cooldowns.len() < self.cooldown_prune_at {
            return;
        }

        self.cooldowns.retain(|_, until| *until > now);
        self.cooldown_prune_at = (self.cooldowns.len() * 2).max(COOLDOWN_PRUNE_MIN);
    }
}

/// The monitor's lookup data for a rule set: cooldown slots, retention and dormancy gap.
struct RuleLayout {
    slots: Vec<u32>,
    retention: i64,
    dormant_after: Option<i64>,
}

impl RuleLayout {
    /// Assigns each rule the slot of its id, adding new ids to `slot_ids`.
    fn of(rules: &RuleSet, slot_ids: &mut HashMap<String, u32>) -> RuleLayout {
        let mut slots = Vec::with_capacity(rules.rules().len());
        for rule in rules.rules() {
            let next = u32::try_from(slot_ids.len()).unwrap_or(u32::MAX);
            let slot = *slot_ids.entry(rule.id().to_owned()).or_insert(next);
            slots.push(slot);
        }

        let enabled = || rules.rules().iter().filter(|rule| rule.enabled());
        let retention = enabled().filter_map(|rule| rule.params.window()).map(|window| window.seconds()).max().unwrap_or(0);
        let dormant_after = enabled().filter_map(|rule| rule.params.dormant_after()).min();
        RuleLayout { slots, retention, dormant_after }
    }
}

fn build_alert(origin: &NodeId, rule: &Rule, context: &Context<'_>, subject: AccountId, details: Details) -> Alert {
    let account = context.accounts.key(subject).clone();
    let id = derive_id(
        "al-",
        &[origin.as_str().as_bytes(), rule.id().as_bytes(), account.as_str().as_bytes(), context.tx.id.as_bytes()],
    );

    Alert {
        id,
        origin: origin.clone(),
        rule: rule.id().to_owned(),
        rule_version: rule.version(),
        score: rule.score(),
        account,
        involved: details.involved.iter().map(|account| context.accounts.key(*account).clone()).collect(),
        transactions: details.transactions.iter().map(|tx| tx.to_string()).collect(),
        explanation: details.explanation,
        shadow: rule.shadow(),
        status: AlertStatus::Open,
        raised_at: context.tx.timestamp,
    }
}
