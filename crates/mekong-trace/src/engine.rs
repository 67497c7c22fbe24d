//! The trace itself: a walk over the transactions of every account the traced money
//! reaches, in time order (forward) or reverse time order (backward).
//!
//! Each expanded account contributes its transactions from the moment the trace
//! reached it. One heap merges them all, so that every account's ledger books its
//! arrivals and payments in the order they happened, even when the money splits and
//! joins again. A transaction is one "pay" event of the account it leaves (walking
//! forward, the debtor) and one "receive" event of the account it reaches. The pay
//! event sorts first, so the traced amount it attributes is known when the receive
//! event books it.
//!
//! Invariant: every traced amount added to a node's `received` is either booked into
//! its ledger by a later receive event or stays outside any ledger because the node
//! is not expanded, so `held + forwarded == received` for every node.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap, HashSet};

use mekong_core::{AccountKey, AccountRef, Channel, Currency, Money};
use mekong_store::StoredTransaction;
use rust_decimal::Decimal;

use crate::ledger::Ledger;
use crate::{
    Direction, Start, StopReason, TimeWindow, Trace, TraceEdge, TraceError, TraceNode,
    TraceOptions, TraceSource,
};

/// Walking order of an event: (time in microseconds, seq, side), with time and seq
/// negated when walking backward, so that the smallest key always comes next.
type EventKey = (i64, i64, u8);

/// Side of the event that moves money away from the account, in walking direction.
const PAY: u8 = 0;
/// Side of the event that brings money into the account, in walking direction.
const RECEIVE: u8 = 1;

/// One transaction as seen by one account.
#[derive(Debug, Clone)]
struct Event {
    key: EventKey,
    side: u8,
    /// Whether this is a start transaction, traced in full.
    seed: bool,
    stored: StoredTransaction,
}

/// A node being built, with its ledger once the trace expands it.
#[derive(Debug)]
struct NodeState {
    node: TraceNode,
    ledger: Option<Ledger>,
    events: Vec<Event>,
    cursor: usize,
}

/// Traces money forward from the start, through every later hop.
pub fn trace_forward(
    source: &dyn TraceSource,
    start: &Start,
    options: &TraceOptions,
) -> Result<Trace, TraceError> {
    trace(source, start, Direction::Forward, options)
}

/// Traces money backward from the start, to where it came from.
pub fn trace_backward(
    source: &dyn TraceSource,
    start: &Start,
    options: &TraceOptions,
) -> Result<Trace, TraceError> {
    trace(source, start, Direction::Backward, options)
}

/// Traces money from the start in the given direction.
pub fn trace(
    source: &dyn TraceSource,
    start: &Start,
    direction: Direction,
    options: &TraceOptions,
) -> Result<Trace, TraceError> {
    let seeds = load_seeds(source, start, direction)?;
    let currency = match (options.currency, seeds.first()) {
        (Some(currency), _) => currency,
        (None, Some(first)) => first.tx.amount.currency,
        (None, None) => return Err(TraceError::TransactionNotFound(String::new())),
    };

    let mut walk = Walk {
        source,
        options,
        direction,
        currency,
        nodes: Vec::new(),
        index: HashMap::new(),
        heap: BinaryHeap::new(),
        arrivals: HashMap::new(),
        seeds: seeds.iter().map(|stored| stored.seq).collect(),
        edges: Vec::new(),
        expanded: 0,
        traced_total: Decimal::ZERO,
        truncated: false,
    };

    walk.plant_seeds(seeds);
    walk.run()?;

    let trace = walk.finish();
    tracing::debug!(
        direction = direction.as_str(),
        nodes = trace.nodes.len(),
        edges = trace.edges.len(),
        truncated = trace.truncated,
        "trace finished"
    );
    Ok(trace)
}

/// Returns the start transactions, ordered by time then `seq`.
fn load_seeds(
    source: &dyn TraceSource,
    start: &Start,
    direction: Direction,
) -> Result<Vec<StoredTransaction>, TraceError> {
    match start {
        Start::Transaction { id, origin } => {
            let mut found = source.transactions_with_id(id)?;
            if let Some(origin) = origin {
                found.retain(|stored| stored.tx.origin == *origin);
            }
            if found.len() > 1 {
                let origins: Vec<&str> = found
                    .iter()
                    .map(|stored| stored.tx.origin.as_str())
                    .collect();
                return Err(TraceError::AmbiguousTransaction {
                    id: id.clone(),
                    origins: origins.join(", "),
                });
            }
            if found.is_empty() {
                return Err(TraceError::TransactionNotFound(id.clone()));
            }
            Ok(found)
        }
        Start::Account { key, time } => {
            let found = match direction {
                Direction::Forward => source.outgoing(
                    key,
                    TimeWindow {
                        from: *time,
                        until: None,
                    },
                )?,
                Direction::Backward => source.incoming(
                    key,
                    TimeWindow {
                        from: None,
                        until: *time,
                    },
                )?,
            };
            if found.is_empty() {
                return Err(TraceError::NothingToTrace(key.clone()));
            }
            Ok(found)
        }
    }
}

struct Walk<'a> {
    source: &'a dyn TraceSource,
    options: &'a TraceOptions,
    direction: Direction,
    currency: Currency,
    nodes: Vec<NodeState>,
    index: HashMap<AccountKey, usize>,
    heap: BinaryHeap<Reverse<(EventKey, usize)>>,
    /// Traced amount each followed transaction carries, by `seq`, until the receiving
    /// account's ledger books it.
    arrivals: HashMap<i64, Decimal>,
    seeds: HashSet<i64>,
    edges: Vec<TraceEdge>,
    expanded: usize,
    traced_total: Decimal,
    truncated: bool,
}

impl Walk<'_> {
    /// Returns the account money leaves (`near`) and the one it reaches (`far`), in walking direction.
    fn sides<'t>(&self, stored: &'t StoredTransaction) -> (&'t AccountRef, &'t AccountRef) {
        match self.direction {
            Direction::Forward => (&stored.tx.debtor, &stored.tx.creditor),
            Direction::Backward => (&stored.tx.creditor, &stored.tx.debtor),
        }
    }

    fn key(&self, stored: &StoredTransaction, side: u8) -> EventKey {
        let time = stored.tx.timestamp.utc.timestamp_micros();
        match self.direction {
            Direction::Forward => (time, stored.seq, side),
            Direction::Backward => (-time, -stored.seq, side),
        }
    }

    fn plant_seeds(&mut self, seeds: Vec<StoredTransaction>) {
        let mut events: Vec<Event> = seeds
            .into_iter()
            .map(|stored| Event {
                key: self.key(&stored, PAY),
                side: PAY,
                seed: true,
                stored,
            })
            .collect();
        events.sort_by_key(|event| event.key);

        let Some(first) = events.first() else {
            return;
        };
        let (near, _) = self.sides(&first.stored);
        let near = near.clone();
        let origin = self.node_for(&near, 0);
        self.nodes[origin].node.origin = true;
        self.heap.push(Reverse((first.key, origin)));
        self.nodes[origin].events = events;
    }

    fn run(&mut self) -> Result<(), TraceError> {
        while let Some(Reverse((key, index))) = self.heap.pop() {
            let state = &mut self.nodes[index];
            // Activating an origin again rebuilds its event list, which can leave a stale heap entry.
            let Some(event) = state
                .events
                .get(state.cursor)
                .filter(|event| event.key == key)
                .cloned()
            else {
                continue;
            };
            state.cursor += 1;
            if let Some(next) = state.events.get(state.cursor) {
                self.heap.push(Reverse((next.key, index)));
            }

            if self.edges.len() >= self.options.max_edges {
                self.truncated = true;
                break;
            }
            self.handle(index, &event)?;
        }
        Ok(())
    }

    fn handle(&mut self, index: usize, event: &Event) -> Result<(), TraceError> {
        let stored = &event.stored;
        let amount = self.to_trace_currency(stored)?;

        if event.side == RECEIVE {
            let traced = self.arrivals.remove(&stored.seq).unwrap_or(Decimal::ZERO);
            let untraced = (amount - traced).max(Decimal::ZERO);
            if let Some(ledger) = self.nodes[index].ledger.as_mut() {
                ledger.receive(traced, untraced);
            }
            return Ok(());
        }

        if event.seed {
            // An amount that rounds to zero in the trace currency carries nothing to trace.
            if amount <= Decimal::ZERO {
                return Ok(());
            }
            self.nodes[index].node.received += amount;
            self.traced_total += amount;
            return self.follow(index, event, amount, 1);
        }

        let Some(ledger) = self.nodes[index].ledger.as_mut() else {
            return Ok(());
        };
        let attributed = ledger
            .pay(amount)
            .ok_or_else(|| TraceError::Overflow(stored.tx.id.clone()))?;
        if attributed > Decimal::ZERO {
            let hop = self.nodes[index].node.hop + 1;
            self.follow(index, event, attributed, hop)?;
        }
        Ok(())
    }

    /// Records an edge carrying `attributed` from node `near` and books it at the far account.
    fn follow(
        &mut self,
        near: usize,
        event: &Event,
        attributed: Decimal,
        hop: u32,
    ) -> Result<(), TraceError> {
        let stored = &event.stored;
        let tx = &stored.tx;

        // A payment from an account to itself moves nothing between accounts. As a start
        // transaction (a cash deposit) it puts the money in the account. Any other one
        // that reaches here is a cash exit, so the money leaves the traced accounts.
        if tx.debtor.key() == tx.creditor.key() {
            if event.seed {
                // The depositing account keeps the money, so it is not an origin
                // that only paid it away.
                self.activate(near, stored, attributed)?;
                self.nodes[near].node.origin = false;
                return Ok(());
            }
            self.edges.push(self.edge(stored, attributed, hop)?);
            self.nodes[near].node.forwarded += attributed;
            return Ok(());
        }

        self.edges.push(self.edge(stored, attributed, hop)?);
        self.nodes[near].node.forwarded += attributed;

        let (_, far_ref) = self.sides(stored);
        let far_ref = far_ref.clone();
        let far = self.node_for(&far_ref, hop);
        let prior_held = self.nodes[far].node.received - self.nodes[far].node.forwarded;
        self.nodes[far].node.received += attributed;

        if self.nodes[far].ledger.is_some() {
            self.arrivals.insert(stored.seq, attributed);
            return Ok(());
        }
        if let Some(stop) = self.nodes[far].node.stop {
            // A hop-limited account reached again over fewer hops is expanded after all.
            if stop != StopReason::HopLimit || hop >= self.options.max_hops {
                return Ok(());
            }
        }
        if let Some(reason) = self.stop_reason(stored, &far_ref.key(), hop) {
            self.nodes[far].node.stop.get_or_insert(reason);
            return Ok(());
        }
        if self.expanded >= self.options.max_accounts {
            self.nodes[far]
                .node
                .stop
                .get_or_insert(StopReason::AccountLimit);
            return Ok(());
        }

        self.activate(far, stored, prior_held)?;
        self.arrivals.insert(stored.seq, attributed);
        Ok(())
    }

    /// Tells whether money leaves the traced accounts as cash over `stored`, in walking direction.
    fn is_cash_exit(&self, stored: &StoredTransaction) -> bool {
        matches!(
            (self.direction, stored.tx.channel),
            (Direction::Forward, Channel::CashOut) | (Direction::Backward, Channel::CashIn)
        )
    }

    /// Builds the edge that carries `attributed` (in the trace currency) over `stored`.
    fn edge(&self, stored: &StoredTransaction, attributed: Decimal, hop: u32) -> Result<TraceEdge, TraceError> {
        let tx = &stored.tx;
        let in_tx_currency = self.options.rates.convert(attributed, self.currency, tx.amount.currency)?;
        Ok(TraceEdge {
            transaction_id: tx.id.clone(),
            origin_node: tx.origin.as_str().to_owned(),
            timestamp: tx.timestamp,
            hop,
            debtor: tx.debtor.key(),
            creditor: tx.creditor.key(),
            channel: tx.channel,
            amount: tx.amount,
            attributed: Money::new(in_tx_currency.min(tx.amount.amount), tx.amount.currency),
            attributed_in_trace_currency: attributed,
        })
    }

    fn stop_reason(
        &self,
        stored: &StoredTransaction,
        far: &AccountKey,
        hop: u32,
    ) -> Option<StopReason> {
        let tx = &stored.tx;
        match (self.direction, tx.channel) {
            (Direction::Forward, Channel::CashOut) => return Some(StopReason::CashOut),
            (Direction::Backward, Channel::CashIn) => return Some(StopReason::CashIn),
            _ => {}
        }
        if tx.channel == Channel::Crypto || self.options.crypto_exchanges.contains(far) {
            return Some(StopReason::CryptoExchange);
        }
        if let (Some(debtor), Some(creditor)) = (tx.debtor.country, tx.creditor.country)
            && debtor != creditor
        {
            return Some(StopReason::CrossBorder);
        }
        (hop >= self.options.max_hops).then_some(StopReason::HopLimit)
    }

    /// Starts following an account's own transactions from the moment `stored`
    /// reached it; `prior_held` is traced money that reached it before without being followed.
    fn activate(
        &mut self,
        index: usize,
        stored: &StoredTransaction,
        prior_held: Decimal,
    ) -> Result<(), TraceError> {
        let after = self.key(stored, PAY);
        let time = Some(stored.tx.timestamp.utc);
        let account = self.nodes[index].node.account.clone();

        let (pays, receives) = match self.direction {
            Direction::Forward => {
                let window = TimeWindow {
                    from: time,
                    until: None,
                };
                (
                    self.source.outgoing(&account, window)?,
                    self.source.incoming(&account, window)?,
                )
            }
            Direction::Backward => {
                let window = TimeWindow {
                    from: None,
                    until: time,
                };
                (
                    self.source.incoming(&account, window)?,
                    self.source.outgoing(&account, window)?,
                )
            }
        };

        let state = &self.nodes[index];
        let mut events: Vec<Event> = state.events[state.cursor..].to_vec();
        let loaded = pays
            .into_iter()
            .map(|stored| (stored, PAY))
            .chain(receives.into_iter().map(|stored| (stored, RECEIVE)));
        for (stored, side) in loaded {
            if stored.tx.debtor.key() == stored.tx.creditor.key() && !(side == PAY && self.is_cash_exit(&stored)) {
                continue;
            }
            let key = self.key(&stored, side);
            let start_transaction =
                side == PAY && state.node.origin && self.seeds.contains(&stored.seq);
            if key > after && !start_transaction {
                events.push(Event {
                    key,
                    side,
                    seed: false,
                    stored,
                });
            }
        }
        events.sort_by_key(|event| event.key);

        let mut ledger = Ledger::new(self.options.method, self.currency.minor_units());
        ledger.receive(prior_held, Decimal::ZERO);

        let state = &mut self.nodes[index];
        state.ledger = Some(ledger);
        state.node.stop = None;
        state.events = events;
        state.cursor = 0;
        if let Some(first) = state.events.first() {
            self.heap.push(Reverse((first.key, index)));
        }
        self.expanded += 1;
        Ok(())
    }

    fn node_for(&mut self, account: &AccountRef, hop: u32) -> usize {
        let key = account.key();
        if let Some(&index) = self.index.get(&key) {
            let node = &mut self.nodes[index].node;
            node.hop = node.hop.min(hop);
            if node.country.is_none() {
                node.country = account.country;
            }
            return index;
        }

        let index = self.nodes.len();
        self.nodes.push(NodeState {
            node: TraceNode {
                account: key.clone(),
                country: account.country,
                hop,
                origin: false,
                received: Decimal::ZERO,
                forwarded: Decimal::ZERO,
                held: Decimal::ZERO,
                stop: None,
            },
            ledger: None,
            events: Vec::new(),
            cursor: 0,
        });
        self.index.insert(key, index);
        index
    }

    fn to_trace_currency(&self, stored: &StoredTransaction) -> Result<Decimal, TraceError> {
        let amount = stored.tx.amount;
        self.options
            .rates
            .convert(amount.amount, amount.currency, self.currency)
    }

    fn finish(self) -> Trace {
        let mut nodes: Vec<TraceNode> = self
            .nodes
            .into_iter()
            .map(|state| {
                let mut node = state.node;
                node.held = match &state.ledger {
                    Some(ledger) => ledger.traced(),
                    None => node.received - node.forwarded,
                };
                node
            })
            .collect();
        nodes.sort_by(|a, b| (!a.origin, a.hop, &a.account).cmp(&(!b.origin, b.hop, &b.account)));

        Trace {
            direction: self.direction,
            method: self.options.method,
            currency: self.currency,
            max_hops: self.options.max_hops,
            nodes,
            edges: self.edges,
            traced_total: self.traced_total,
            truncated: self.truncated,
        }
    }
}
