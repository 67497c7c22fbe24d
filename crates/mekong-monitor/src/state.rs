//! Per-account state of the monitor: interned account keys and the recent payments of
//! each account.
//!
//! Invariants:
//! - an account key maps to one dense `AccountId` for the monitor's lifetime, so
//!   per-account data lives in vectors indexed by id;
//! - each account's incoming and outgoing edges are sorted by transaction time, oldest
//!   first, and hold at most [`MAX_EDGES_PER_DIRECTION`] entries;
//! - edges older than the retention of the rules are evicted when the account is next
//!   touched or swept, so memory per account stays bounded.

use std::collections::{HashMap, VecDeque};
use std::sync::Arc;

use mekong_core::{AccountKey, AccountRef, Money};

/// Dense index of an account inside one monitor.
pub(crate) type AccountId = u32;

/// The maximum number of incoming (and, separately, outgoing) payments kept per account.
///
/// NOTE: a busy account, such as a merchant's, keeps only its newest payments in each
/// window, so counts and sums of the windowed rules saturate at this size.
pub const MAX_EDGES_PER_DIRECTION: usize = 1_024;

/// The value of `risk_complement` for an account without alerts: 1.0 in millionths.
pub(crate) const RISK_COMPLEMENT_ONE: u32 = 1_000_000;

/// One payment as seen from one of its two accounts.
#[derive(Debug, Clone)]
pub(crate) struct Edge {
    /// Transaction time, seconds since the Unix epoch (UTC).
    pub time: i64,
    /// The other account: the sender for an incoming edge, the receiver for an outgoing
    /// one. For a cash deposit or withdrawal, which has no other account, it is the
    /// account itself, and rules that count counterparties skip it.
    pub counterparty: AccountId,
    /// The amount moved.
    pub money: Money,
    /// The transaction id, shared by both edges of a payment.
    pub tx: Arc<str>,
}

/// The end of the latest long idle gap of an account.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Wake {
    /// Time of the first transaction after the gap.
    pub at: i64,
    /// Length of the gap in seconds.
    pub idle_seconds: i64,
}

/// The monitor's state of one account.
#[derive(Debug)]
pub(crate) struct AccountState {
    /// Payments received, oldest first.
    pub incoming: VecDeque<Edge>,
    /// Payments sent, oldest first.
    pub outgoing: VecDeque<Edge>,
    /// Time of the first transaction, if any.
    pub first_seen: Option<i64>,
    /// Time of the latest transaction, if any.
    pub last_seen: Option<i64>,
    /// The latest return from a long idle gap.
    pub wake: Option<Wake>,
    /// Product of `(1 - score/100)` over the account's alerts, in millionths.
    pub risk_complement: u32,
    /// The account's risk, 0 to 100, derived from `risk_complement`.
    pub risk: u8,
    /// The time of the oldest edge in either queue, `i64::MAX` when both are empty;
    /// lets eviction skip an account without reading its queues.
    oldest: i64,
}

impl AccountState {
    fn new() -> AccountState {
        AccountState {
            incoming: VecDeque::new(),
            outgoing: VecDeque::new(),
            first_seen: None,
            last_seen: None,
            wake: None,
            risk_complement: RISK_COMPLEMENT_ONE,
            risk: 0,
            oldest: i64::MAX,
        }
    }

    /// Rebuilds an account's state from a snapshot; the queues must be sorted by time.
    pub fn restored(
        incoming: VecDeque<Edge>,
        outgoing: VecDeque<Edge>,
        first_seen: Option<i64>,
        last_seen: Option<i64>,
        wake: Option<Wake>,
        risk_complement: u32,
        risk: u8,
    ) -> AccountState {
        let mut state =
            AccountState { incoming, outgoing, first_seen, last_seen, wake, risk_complement, risk, oldest: i64::MAX };
        state.update_oldest();
        state
    }

    /// Adds a payment the account received.
    pub fn insert_incoming(&mut self, edge: Edge) {
        insert_edge(&mut self.incoming, edge);
        self.update_oldest();
    }

    /// Adds a payment the account sent.
    pub fn insert_outgoing(&mut self, edge: Edge) {
        insert_edge(&mut self.outgoing, edge);
        self.update_oldest();
    }

    fn update_oldest(&mut self) {
        let incoming = self.incoming.front().map_or(i64::MAX, |edge| edge.time);
        let outgoing = self.outgoing.front().map_or(i64::MAX, |edge| edge.time);
        self.oldest = incoming.min(outgoing);
    }

    /// Records a transaction time and notes a wake-up after an idle gap of at least
    /// `dormant_after` seconds, when that is set.
    pub fn record_activity(&mut self, time: i64, dormant_after: Option<i64>) {
        if let (Some(last), Some(gap)) = (self.last_seen, dormant_after) {
            let idle_seconds = time - last;
            if idle_seconds >= gap {
                self.wake = Some(Wake { at: time, idle_seconds });
            }
        }

        self.first_seen = Some(self.first_seen.map_or(time, |first| first.min(time)));
        self.last_seen = Some(self.last_seen.map_or(time, |last| last.max(time)));
    }

    /// Drops edges at or before `cutoff` and frees the memory of emptied queues.
    pub fn evict(&mut self, cutoff: i64) {
        if self.oldest > cutoff {
            return;
        }

        evict_queue(&mut self.incoming, cutoff);
        evict_queue(&mut self.outgoing, cutoff);
        self.update_oldest();
    }
}

fn evict_queue(queue: &mut VecDeque<Edge>, cutoff: i64) {
    while queue.front().is_some_and(|edge| edge.time <= cutoff) {
        queue.pop_front();
    }

    if queue.is_empty() && queue.capacity() > 16 {
        queue.shrink_to_fit();
    }
}

/// Inserts an edge keeping the queue sorted by time; a late edge goes after the edges
/// with the same time. The oldest edge is dropped past [`MAX_EDGES_PER_DIRECTION`].
fn insert_edge(queue: &mut VecDeque<Edge>, edge: Edge) {
    let in_order = queue.back().is_none_or(|last| last.time <= edge.time);
    if in_order {
        queue.push_back(edge);
    } else {
        let position = queue.partition_point(|existing| existing.time <= edge.time);
        queue.insert(position, edge);
    }

    if queue.len() > MAX_EDGES_PER_DIRECTION {
        queue.pop_front();
    }
}

/// The edges strictly after `cutoff`, oldest first.
pub(crate) fn edges_after(queue: &VecDeque<Edge>, cutoff: i64) -> std::collections::vec_deque::Iter<'_, Edge> {
    let start = queue.partition_point(|edge| edge.time <= cutoff);
    queue.range(start..)
}

/// Every account the monitor has seen, with its state.
#[derive(Debug, Default)]
pub(crate) struct Accounts {
    index: HashMap<Box<str>, AccountId>,
    keys: Vec<AccountKey>,
    states: Vec<AccountState>,
    // Reused to build `BANK/NUMBER` keys without allocating per transaction.
    key_buffer: String,
}

impl Accounts {
    /// Returns the id of an account named in a transaction, adding it when new.
    pub fn intern_ref(&mut self, account: &AccountRef) -> AccountId {
        // Builds the same text as `AccountKey::new`, which a test checks.
        let bank = account.bank.trim();
        let number = account.number.trim();
        self.key_buffer.clear();
        if !bank.is_empty() {
            self.key_buffer.push_str(bank);
            self.key_buffer.push('/');
        }
        self.key_buffer.push_str(number);

        if let Some(id) = self.index.get(self.key_buffer.as_str()) {
            return *id;
        }
        let key = AccountKey::from_stored(self.key_buffer.clone());
        self.add(key)
    }

    /// Returns the id of an account key, adding it when new.
    pub fn intern_key(&mut self, key: &AccountKey) -> AccountId {
        match self.index.get(key.as_str()) {
            Some(id) => *id,
            None => self.add(key.clone()),
        }
    }

    /// The id of a known account.
    pub fn find(&self, key: &AccountKey) -> Option<AccountId> {
        self.index.get(key.as_str()).copied()
    }

    fn add(&mut self, key: AccountKey) -> AccountId {
        // NOTE: ids are u32, so a monitor serves at most about four billion accounts.
        let id = AccountId::try_from(self.keys.len()).unwrap_or(AccountId::MAX);
        self.index.insert(key.as_str().into(), id);
        self.keys.push(key);
        self.states.push(AccountState::new());
        id
    }

    /// The key of an account.
    pub fn key(&self, id: AccountId) -> &AccountKey {
        &self.keys[id as usize]
    }

    /// The state of an account.
    pub fn state(&self, id: AccountId) -> &AccountState {
        &self.states[id as usize]
    }

    /// The state of an account, for changes.
    pub fn state_mut(&mut self, id: AccountId) -> &mut AccountState {
        &mut self.states[id as usize]
    }

    /// The number of accounts.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// Iterates over the accounts in id order, with their keys and states.
    pub fn iter(&self) -> impl Iterator<Item = (&AccountKey, &AccountState)> {
        self.keys.iter().zip(&self.states)
    }

    /// Rebuilds the accounts from keys and states in id order; fails on a repeated key.
    pub fn restored(keys: Vec<AccountKey>, states: Vec<AccountState>) -> Option<Accounts> {
        if keys.len() != states.len() {
            return None;
        }

        let mut index = HashMap::with_capacity(keys.len());
        for (id, key) in keys.iter().enumerate() {
            let id = AccountId::try_from(id).ok()?;
            if index.insert(Box::<str>::from(key.as_str()), id).is_some() {
                return None;
            }
        }

        Some(Accounts { index, keys, states, key_buffer: String::new() })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use mekong_core::Currency;
    use rust_decimal::Decimal;

    use super::*;

    fn edge(time: i64) -> Edge {
        Edge { time, counterparty: 0, money: Money::new(Decimal::ONE, Currency::CNY), tx: Arc::from(format!("t{time}")) }
    }

    #[test]
    fn interned_key_matches_core() {
        let mut accounts = Accounts::default();
        for (bank, number) in [(" ICBC ", " 6222 0001 "), ("", "42"), ("BCEL", "010-12")] {
            let account = AccountRef { bank: bank.to_owned(), number: number.to_owned(), country: None };
            let id = accounts.intern_ref(&account);
            assert_eq!(accounts.key(id), &AccountKey::new(bank, number));
            assert_eq!(accounts.find(&AccountKey::new(bank, number)), Some(id));
        }
    }

    #[test]
    fn late_edge_sorted_in() {
        let mut queue = VecDeque::new();
        for time in [10, 30, 20, 30, 5] {
            insert_edge(&mut queue, edge(time));
        }
        let times: Vec<i64> = queue.iter().map(|edge| edge.time).collect();
        assert_eq!(times, vec![5, 10, 20, 30, 30]);
    }

    #[test]
    fn queue_capped_and_evicted() {
        let mut state = AccountState::new();
        for time in 0..(MAX_EDGES_PER_DIRECTION as i64 + 10) {
            state.insert_incoming(edge(time));
        }
        assert_eq!(state.incoming.len(), MAX_EDGES_PER_DIRECTION);
        assert_eq!(state.incoming.front().map(|edge| edge.time), Some(10));

        state.evict(1_000);
        assert!(state.incoming.iter().all(|edge| edge.time > 1_000));
        assert_eq!(edges_after(&state.incoming, 1_020).count(), MAX_EDGES_PER_DIRECTION + 10 - 1_021);
    }
}
