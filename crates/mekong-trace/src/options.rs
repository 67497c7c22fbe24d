//! Settings of a trace: the start, the attribution method and the limits.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use mekong_core::{AccountKey, Currency, NodeId};
use serde::Serialize;

use crate::RateTable;

/// Direction a trace walks through time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// From the start to where the money went, following later transactions.
    Forward,
    /// From the start to where the money came from, following earlier transactions.
    Backward,
}

impl Direction {
    /// Returns the lower-case name used in the command line, CSV and JSON.
    pub fn as_str(&self) -> &'static str {
        match self {
            Direction::Forward => "forward",
            Direction::Backward => "backward",
        }
    }
}

/// Rule that attributes an account's outgoing payments to the traced money it contains.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// First in, first out: money that arrived first leaves first. Walking backward,
    /// time runs in reverse, so the latest inflow before a payment is attributed first.
    Fifo,
    /// Each payment carries the traced share of everything the account contains at the
    /// time, rounded down to the trace currency's minor unit.
    Proportional,
}

impl Method {
    /// Returns the lower-case name used in the command line, CSV and JSON.
    pub fn as_str(&self) -> &'static str {
        match self {
            Method::Fifo => "fifo",
            Method::Proportional => "proportional",
        }
    }
}

/// Starting point of a trace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Start {
    /// One transaction, traced in full: forward from its creditor, backward from its debtor.
    Transaction {
        /// The transaction id.
        id: String,
        /// The node that stored it; needed only when several nodes stored the same id.
        origin: Option<NodeId>,
    },
    /// Every transaction of an account from a time on, each traced in full: its
    /// outgoing payments at or after `time` going forward, or its incoming payments at
    /// or before `time` going backward.
    Account {
        /// The account.
        key: AccountKey,
        /// Start (forward) or end (backward) of the window. `None` leaves it open.
        time: Option<DateTime<Utc>>,
    },
}

/// Settings of one trace.
#[derive(Debug, Clone)]
pub struct TraceOptions {
    /// Attribution method.
    pub method: Method,
    /// Maximum number of hops from the start; the start transaction is hop 1.
    pub max_hops: u32,
    /// Currency the trace counts in; `None` takes the first start transaction's currency.
    pub currency: Option<Currency>,
    /// Exchange rates for transactions in other currencies.
    pub rates: RateTable,
    /// Accounts of crypto-asset exchanges; money reaching one is not followed further.
    pub crypto_exchanges: HashSet<AccountKey>,
    /// Maximum number of accounts the trace expands; accounts reached beyond it are
    /// recorded with [`crate::StopReason::AccountLimit`] and not followed.
    pub max_accounts: usize,
    /// Maximum number of edges; the trace stops and is marked truncated when reached.
    pub max_edges: usize,
}

impl Default for TraceOptions {
    fn default() -> Self {
        TraceOptions {
            method: Method::Fifo,
            max_hops: 5,
            currency: None,
            rates: RateTable::default(),
            crypto_exchanges: HashSet::new(),
            max_accounts: 10_000,
            max_edges: 100_000,
        }
    }
}
