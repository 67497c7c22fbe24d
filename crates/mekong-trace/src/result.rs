//! The result of a trace: the accounts the traced money reached (nodes) and the
//! transactions that carried it (edges).

use mekong_core::{AccountKey, Channel, Country, Currency, Money, Timestamp};
use rust_decimal::Decimal;
use serde::Serialize;

use crate::{Direction, Method};

/// The reason a trace did not follow the money past an account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StopReason {
    /// The money was taken out as cash (channel `cash_out`), forward only.
    CashOut,
    /// The money was paid in as cash (channel `cash_in`), backward only.
    CashIn,
    /// The money crossed a border: the debtor's and creditor's countries are both
    /// known and differ, such as CN to LA.
    CrossBorder,
    /// The money moved through a crypto-asset channel (`crypto`) or reached an
    /// account listed in [`crate::TraceOptions::crypto_exchanges`].
    CryptoExchange,
    /// The hop limit was reached.
    HopLimit,
    /// The limit on the number of accounts was reached.
    AccountLimit,
}

impl StopReason {
    /// Returns the snake_case name used in CSV and JSON.
    pub fn as_str(&self) -> &'static str {
        match self {
            StopReason::CashOut => "cash_out",
            StopReason::CashIn => "cash_in",
            StopReason::CrossBorder => "cross_border",
            StopReason::CryptoExchange => "crypto_exchange",
            StopReason::HopLimit => "hop_limit",
            StopReason::AccountLimit => "account_limit",
        }
    }

    /// Returns whether the money has left the banking system, so that no account can be frozen for it.
    pub fn left_banking_system(&self) -> bool {
        matches!(
            self,
            StopReason::CashOut | StopReason::CashIn | StopReason::CryptoExchange
        )
    }
}

/// An account the traced money reached. Amounts are in the trace currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TraceNode {
    /// The account.
    pub account: AccountKey,
    /// Country of its bank, where a transaction stated it.
    pub country: Option<Country>,
    /// Minimum number of hops from the start at which the traced money reached it; 0 for an origin.
    pub hop: u32,
    /// Whether the trace started here.
    pub origin: bool,
    /// Traced money that reached the account; for an origin, the money the trace started with.
    pub received: Decimal,
    /// Traced money the account passed on.
    pub forwarded: Decimal,
    /// Traced money still in the account at the end of the data (forward), or whose
    /// source is not traced further (backward).
    pub held: Decimal,
    /// Reason the trace did not follow the money further, if it stopped here.
    pub stop: Option<StopReason>,
}

/// A transaction that carried traced money.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TraceEdge {
    /// The transaction id.
    pub transaction_id: String,
    /// The node that stored it.
    pub origin_node: String,
    /// When the money moved.
    pub timestamp: Timestamp,
    /// Hops from the start; the start transaction is hop 1.
    pub hop: u32,
    /// The paying account.
    pub debtor: AccountKey,
    /// The receiving account.
    pub creditor: AccountKey,
    /// Payment channel.
    pub channel: Channel,
    /// The whole amount of the transaction.
    pub amount: Money,
    /// The traced part of it, in the transaction's currency, rounded to its minor unit.
    pub attributed: Money,
    /// The traced part in the trace currency, as the ledgers counted it.
    pub attributed_in_trace_currency: Decimal,
}

/// The result of one trace.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Trace {
    /// Direction of the walk.
    pub direction: Direction,
    /// Attribution method.
    pub method: Method,
    /// Currency of every node amount and of `attributed_in_trace_currency`.
    pub currency: Currency,
    /// Hop limit used.
    pub max_hops: u32,
    /// Accounts reached, origins first, then by hop and account.
    pub nodes: Vec<TraceNode>,
    /// Transactions that carried traced money, in the order the trace followed them.
    pub edges: Vec<TraceEdge>,
    /// Traced money the trace started with: the start transactions' amounts.
    pub traced_total: Decimal,
    /// Whether the edge limit cut the trace short.
    pub truncated: bool,
}

impl Trace {
    /// Returns the accounts still holding traced money with the amount each holds, in
    /// node order. Origins and accounts where the money left the banking system (cash
    /// or crypto) are left out, so the list is what a freeze request could cover.
    /// Backward, the list names the accounts whose money is not traced further back.
    pub fn holding_accounts(&self) -> Vec<(AccountKey, Money)> {
        self.nodes
            .iter()
            .filter(|node| !node.origin && node.held > Decimal::ZERO)
            .filter(|node| !node.stop.is_some_and(|stop| stop.left_banking_system()))
            .map(|node| (node.account.clone(), Money::new(node.held, self.currency)))
            .collect()
    }
}
