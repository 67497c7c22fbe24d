//! The serialisable form of a [`Monitor`]'s state, and the conversions both ways.
//!
//! Invariants:
//! - the form keeps everything that later scoring reads: interned accounts in id
//!   order, their edges, first and last seen, wake, risk, flags, cooldowns, cooldown
//!   slots by rule id, the clock and the sweep position. A restored monitor scores the
//!   next transactions exactly as the monitor it was taken from;
//! - transaction ids are stored once in a table and edges refer to them by index, so
//!   the two edges of a payment share one string again after a restore;
//! - hash-map contents are written sorted, so the same state always gives the same bytes;
//! - a restore checks every index and ordering before it builds the monitor, so a
//!   state that passed its hash but is inconsistent is rejected, not trusted.

use std::borrow::Cow;
use std::collections::{HashMap, VecDeque};
use std::path::Path;
use std::sync::Arc;

use mekong_core::{AccountKey, Currency, Money, NodeId};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::{Monitor, RuleLayout};
use crate::rules::Scratch;
use crate::ruleset::RuleSet;
use crate::snapshot::{Snapshot, SnapshotError, SnapshotTag, encode, write_atomically};
use crate::state::{AccountId, AccountState, Accounts, Edge, MAX_EDGES_PER_DIRECTION, Wake};

/// The whole state of a monitor, except its rules.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct MonitorState<'a> {
    /// Account keys in id order.
    keys: Vec<Cow<'a, str>>,
    /// Per-account state, in the same order as `keys`.
    accounts: Vec<AccountRecord>,
    /// Every transaction id an edge refers to.
    tx_ids: Vec<Cow<'a, str>>,
    /// Flagged accounts with the reason, sorted by account id.
    flags: Vec<(AccountId, Cow<'a, str>)>,
    /// (rule slot, account, alerts muted until), sorted.
    cooldowns: Vec<(u32, AccountId, i64)>,
    cooldown_prune_at: u64,
    /// Rule id to cooldown slot, sorted by slot.
    slot_ids: Vec<(Cow<'a, str>, u32)>,
    now: Option<i64>,
    sweep_cursor: u64,
}

/// One account's state.
#[derive(Debug, Serialize, Deserialize)]
struct AccountRecord {
    incoming: Vec<EdgeRecord>,
    outgoing: Vec<EdgeRecord>,
    first_seen: Option<i64>,
    last_seen: Option<i64>,
    /// (time of the wake, idle seconds before it).
    wake: Option<(i64, i64)>,
    risk_complement: u32,
    risk: u8,
}

/// One edge; the amount is `Decimal::serialize`, which is exact and 16 bytes.
#[derive(Debug, Serialize, Deserialize)]
struct EdgeRecord {
    time: i64,
    counterparty: AccountId,
    amount: [u8; 16],
    currency: Currency,
    /// Index into `MonitorState::tx_ids`.
    tx: u32,
}

impl Monitor {
    /// Writes the monitor's state with `tag` to `path` atomically; returns the file's size in bytes.
    ///
    /// The caller must make sure that `tag.covered` names exactly the last stored
    /// transaction this monitor has scored, and that it scored no transaction that is
    /// not stored.
    pub fn write_snapshot(&self, path: &Path, tag: &SnapshotTag) -> Result<u64, SnapshotError> {
        let (header, body) = encode(tag, &self.capture())?;
        write_atomically(path, &[&header, &body])?;
        Ok(u64::try_from(header.len() + body.len()).unwrap_or(u64::MAX))
    }

    /// Encodes the monitor's state with `tag` as the bytes of a snapshot file.
    pub fn encode_snapshot(&self, tag: &SnapshotTag) -> Result<Vec<u8>, SnapshotError> {
        let (mut bytes, body) = encode(tag, &self.capture())?;
        bytes.extend_from_slice(&body);
        Ok(bytes)
    }

    /// Builds a monitor from a snapshot, under `rules` and as `origin`.
    ///
    /// Checking that the tag fits (same node, same rules, covered transactions stored)
    /// is the caller's job. This fails only when the state itself is inconsistent.
    pub fn from_snapshot(rules: RuleSet, origin: NodeId, snapshot: Snapshot) -> Result<Monitor, SnapshotError> {
        let state = snapshot.state;
        let account_count = state.keys.len();
        let invalid = |reason: String| SnapshotError::Invalid { reason };

        let tx_ids: Vec<Arc<str>> = state.tx_ids.iter().map(|id| Arc::from(id.as_ref())).collect();
        let mut states = Vec::with_capacity(account_count);
        for (index, record) in state.accounts.into_iter().enumerate() {
            let incoming = restore_queue(record.incoming, &tx_ids, account_count)
                .map_err(|reason| invalid(format!("account #{index}, incoming: {reason}")))?;
            let outgoing = restore_queue(record.outgoing, &tx_ids, account_count)
                .map_err(|reason| invalid(format!("account #{index}, outgoing: {reason}")))?;
            let wake = record.wake.map(|(at, idle_seconds)| Wake { at, idle_seconds });
            states.push(AccountState::restored(
                incoming,
                outgoing,
                record.first_seen,
                record.last_seen,
                wake,
                record.risk_complement,
                record.risk,
            ));
        }

        let keys: Vec<AccountKey> = state.keys.into_iter().map(|key| AccountKey::from_stored(key.into_owned())).collect();
        let accounts = Accounts::restored(keys, states)
            .ok_or_else(|| invalid("the account keys repeat or do not match the account records".to_owned()))?;

        let in_range = |account: AccountId| (account as usize) < account_count;
        let mut flags = HashMap::with_capacity(state.flags.len());
        for (account, reason) in state.flags {
            if !in_range(account) {
                return Err(invalid(format!("a flag names account #{account} of {account_count}")));
            }
            flags.insert(account, reason.into_owned());
        }

        let mut cooldowns = HashMap::with_capacity(state.cooldowns.len());
        for (slot, account, until) in state.cooldowns {
            if !in_range(account) {
                return Err(invalid(format!("a cooldown names account #{account} of {account_count}")));
            }
            cooldowns.insert((slot, account), until);
        }

        let mut slot_ids: HashMap<String, u32> =
            state.slot_ids.into_iter().map(|(id, slot)| (id.into_owned(), slot)).collect();
        let sweep_cursor = usize::try_from(state.sweep_cursor).unwrap_or(usize::MAX);
        if sweep_cursor > 0 && sweep_cursor >= account_count {
            return Err(invalid(format!("the sweep position {sweep_cursor} is past the {account_count} accounts")));
        }

        let layout = RuleLayout::of(&rules, &mut slot_ids);
        Ok(Monitor {
            rules,
            origin,
            accounts,
            flags,
            cooldowns,
            cooldown_prune_at: usize::try_from(state.cooldown_prune_at).unwrap_or(usize::MAX),
            slot_ids,
            rule_slots: layout.slots,
            retention: layout.retention,
            dormant_after: layout.dormant_after,
            now: state.now,
            scratch: Scratch::default(),
            sweep_cursor,
        })
    }

    /// Copies the state into its serialisable form, borrowing the strings.
    fn capture(&self) -> MonitorState<'_> {
        let mut tx_index: HashMap<&str, u32> = HashMap::new();
        let mut tx_ids: Vec<Cow<'_, str>> = Vec::new();
        let mut keys = Vec::with_capacity(self.accounts.len());
        let mut accounts = Vec::with_capacity(self.accounts.len());
        for (key, state) in self.accounts.iter() {
            keys.push(Cow::Borrowed(key.as_str()));
            let incoming = capture_queue(&state.incoming, &mut tx_index, &mut tx_ids);
            let outgoing = capture_queue(&state.outgoing, &mut tx_index, &mut tx_ids);
            accounts.push(AccountRecord {
                incoming,
                outgoing,
                first_seen: state.first_seen,
                last_seen: state.last_seen,
                wake: state.wake.map(|wake| (wake.at, wake.idle_seconds)),
                risk_complement: state.risk_complement,
                risk: state.risk,
            });
        }

        let mut flags: Vec<(AccountId, Cow<'_, str>)> =
            self.flags.iter().map(|(account, reason)| (*account, Cow::Borrowed(reason.as_str()))).collect();
        flags.sort_by_key(|(account, _)| *account);

        let mut cooldowns: Vec<(u32, AccountId, i64)> =
            self.cooldowns.iter().map(|((slot, account), until)| (*slot, *account, *until)).collect();
        cooldowns.sort_unstable();

        let mut slot_ids: Vec<(Cow<'_, str>, u32)> =
            self.slot_ids.iter().map(|(id, slot)| (Cow::Borrowed(id.as_str()), *slot)).collect();
        slot_ids.sort_by_key(|(_, slot)| *slot);

        MonitorState {
            keys,
            accounts,
            tx_ids,
            flags,
            cooldowns,
            cooldown_prune_at: u64::try_from(self.cooldown_prune_at).unwrap_or(u64::MAX),
            slot_ids,
            now: self.now,
            sweep_cursor: u64::try_from(self.sweep_cursor).unwrap_or(u64::MAX),
        }
    }
}

/// Records the edges of one queue.
fn capture_queue<'a>(
    queue: &'a VecDeque<Edge>,
    tx_index: &mut HashMap<&'a str, u32>,
    tx_ids: &mut Vec<Cow<'a, str>>,
) -> Vec<EdgeRecord> {
    queue.iter().map(|edge| capture_edge(edge, tx_index, tx_ids)).collect()
}

/// Records one edge, adding its transaction id to the table when it is new.
fn capture_edge<'a>(edge: &'a Edge, tx_index: &mut HashMap<&'a str, u32>, tx_ids: &mut Vec<Cow<'a, str>>) -> EdgeRecord {
    let tx = *tx_index.entry(edge.tx.as_ref()).or_insert_with(|| {
        tx_ids.push(Cow::Borrowed(edge.tx.as_ref()));
        u32::try_from(tx_ids.len() - 1).unwrap_or(u32::MAX)
    });

    EdgeRecord {
        time: edge.time,
        counterparty: edge.counterparty,
        amount: edge.money.amount.serialize(),
        currency: edge.money.currency,
        tx,
    }
}

/// Rebuilds one queue of edges, checking indexes, order and length.
fn restore_queue(records: Vec<EdgeRecord>, tx_ids: &[Arc<str>], account_count: usize) -> Result<VecDeque<Edge>, String> {
    if records.len() > MAX_EDGES_PER_DIRECTION {
        return Err(format!("{} edges, more than the maximum {MAX_EDGES_PER_DIRECTION}", records.len()));
    }

    let mut queue = VecDeque::with_capacity(records.len());
    let mut previous = i64::MIN;
    for record in records {
        if (record.counterparty as usize) >= account_count {
            return Err(format!("counterparty #{} of {account_count} accounts", record.counterparty));
        }
        let Some(tx) = tx_ids.get(record.tx as usize) else {
            return Err(format!("transaction #{} of {}", record.tx, tx_ids.len()));
        };
        if record.time < previous {
            return Err("edges not sorted by time".to_owned());
        }
        previous = record.time;

        let money = Money::new(Decimal::deserialize(record.amount), record.currency);
        queue.push_back(Edge { time: record.time, counterparty: record.counterparty, money, tx: Arc::clone(tx) });
    }
    Ok(queue)
}
