//! Property tests of fund tracing over random transaction graphs from a fixed-seed
//! generator: a trace never attributes more money than flowed, and it conserves money.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashMap;
use std::str::FromStr;

use chrono::{Duration, TimeZone, Utc};
use mekong_core::{
    AccountKey, AccountRef, Channel, Country, Currency, Money, NodeId, Timestamp, Transaction,
};
use mekong_trace::{Direction, MemorySource, Method, RateTable, Start, Trace, TraceOptions, trace};
use rust_decimal::Decimal;

/// A small xorshift generator, so every run builds the same graphs.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, bound: u64) -> u64 {
        self.next() % bound
    }
}

fn random_transactions(random: &mut Random, accounts: u64, count: u64) -> Vec<Transaction> {
    let origin = NodeId::new("cn-test").unwrap();
    let base = Utc.with_ymd_and_hms(2026, 3, 1, 0, 0, 0).unwrap();
    let account = |number: u64| {
        // One account in eight is Lao, so some payments cross the border.
        let country = if number % 8 == 7 {
            Country::LA
        } else {
            Country::CN
        };
        AccountRef::new("BANK", &format!("A{number}"), Some(country))
    };

    (0..count)
        .map(|index| {
            let debtor = random.below(accounts);
            let creditor = (debtor + 1 + random.below(accounts - 1)) % accounts;
            let channel = match random.below(20) {
                0 => Channel::CashOut,
                1 => Channel::Crypto,
                2 => Channel::CashIn,
                _ => Channel::Transfer,
            };
            let currency = if random.below(5) == 0 {
                Currency::LAK
            } else {
                Currency::CNY
            };
            let cents = i64::try_from(1 + random.below(500_000)).unwrap();
            Transaction {
                id: format!("t{index}"),
                origin: origin.clone(),
                // Minutes repeat, so that several transactions share a time.
                timestamp: Timestamp::from_utc(
                    base + Duration::minutes(i64::try_from(random.below(count / 2)).unwrap()),
                    0,
                ),
                debtor: account(debtor),
                creditor: account(creditor),
                amount: Money::new(Decimal::new(cents, 2), currency),
                channel,
                reference: None,
            }
        })
        .collect()
}

fn rates() -> RateTable {
    let mut rates = RateTable::default();
    rates
        .insert(
            Currency::LAK,
            Currency::CNY,
            Decimal::from_str("0.00033").unwrap(),
        )
        .unwrap();
    rates
}

/// Checks every invariant of one trace and returns how many edges it had.
fn check(trace: &Trace, label: &str) -> usize {
    let mut into: HashMap<&AccountKey, Decimal> = HashMap::new();
    let mut out_of: HashMap<&AccountKey, Decimal> = HashMap::new();

    for edge in &trace.edges {
        assert!(
            edge.attributed_in_trace_currency > Decimal::ZERO,
            "{label}: empty edge {}",
            edge.transaction_id
        );
        assert!(
            edge.attributed.amount <= edge.amount.amount,
            "{label}: edge {} over its amount",
            edge.transaction_id
        );
        assert_eq!(
            edge.attributed.currency, edge.amount.currency,
            "{label}: edge {} currency",
            edge.transaction_id
        );
        assert!(
            edge.hop >= 1 && edge.hop <= trace.max_hops,
            "{label}: edge {} hop {}",
            edge.transaction_id,
            edge.hop
        );

        let (near, far) = match trace.direction {
            Direction::Forward => (&edge.debtor, &edge.creditor),
            Direction::Backward => (&edge.creditor, &edge.debtor),
        };
        *out_of.entry(near).or_default() += edge.attributed_in_trace_currency;
        *into.entry(far).or_default() += edge.attributed_in_trace_currency;
    }

    let mut held_total = Decimal::ZERO;
    for node in &trace.nodes {
        let account = &node.account;
        assert!(
            node.held >= Decimal::ZERO,
            "{label}: {account} holds a negative amount"
        );
        assert_eq!(
            node.held + node.forwarded,
            node.received,
            "{label}: {account} does not balance"
        );
        assert_eq!(
            out_of.get(account).copied().unwrap_or_default(),
            node.forwarded,
            "{label}: {account} forwarded"
        );
        if !node.origin {
            assert_eq!(
                into.get(account).copied().unwrap_or_default(),
                node.received,
                "{label}: {account} received"
            );
        }
        held_total += node.held;
    }
    assert_eq!(
        held_total, trace.traced_total,
        "{label}: money created or lost"
    );
    trace.edges.len()
}

#[test]
fn traces_conserve_money() {
    let mut random = Random(0x9e37_79b9_7f4a_7c15);
    let mut edges_seen = 0;

    for round in 0..60 {
        let accounts = 4 + random.below(30);
        let count = 40 + random.below(300);
        let transactions = random_transactions(&mut random, accounts, count);
        let source = MemorySource::new(transactions.clone());

        for method in [Method::Fifo, Method::Proportional] {
            for direction in [Direction::Forward, Direction::Backward] {
                let options = TraceOptions {
                    method,
                    max_hops: 1 + u32::try_from(random.below(8)).unwrap(),
                    currency: Some(Currency::CNY),
                    rates: rates(),
                    ..TraceOptions::default()
                };
                let pick = usize::try_from(random.below(transactions.len() as u64)).unwrap();
                let start = Start::Transaction {
                    id: transactions[pick].id.clone(),
                    origin: None,
                };
                let label = format!(
                    "round {round}, {method:?} {direction:?} from {}",
                    transactions[pick].id
                );

                let result = trace(&source, &start, direction, &options).unwrap();
                edges_seen += check(&result, &label);

                let from_account = Start::Account {
                    key: transactions[pick].debtor.key(),
                    time: None,
                };
                if let Ok(result) = trace(&source, &from_account, direction, &options) {
                    edges_seen += check(&result, &format!("{label}, from its debtor"));
                }
            }
        }
    }

    // The graphs are dense enough that traces go several hops deep.
    assert!(edges_seen > 2_000, "only {edges_seen} edges checked");
}
