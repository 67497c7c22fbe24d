//! Throughput of `Monitor::score` with all default rules, on a synthetic stream of
//! 120,000 transactions over 20,000 accounts and 60 days.
//!
//! The stream mixes random payments (CNY and LAK, some across the China–Laos border)
//! with injected patterns: fan-in collection accounts, mules passing money on, and
//! cycles, so that the pattern rules do real work. It is generated from a fixed seed,
//! so every run scores the same transactions. Run with `cargo bench -p mekong-monitor`;
//! divan reports the time per stream and the transactions per second.

// Helpers outside #[test] functions unwrap too; a panic there is the test failure.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::str::FromStr;

use chrono::{Duration, TimeZone, Utc};
use divan::counter::ItemsCount;
use divan::Bencher;
use mekong_core::{AccountRef, Channel, Country, Currency, Money, NodeId, Timestamp, Transaction};
use mekong_monitor::{Monitor, RuleSet};
use rust_decimal::Decimal;

const ACCOUNTS: u64 = 20_000;
const TRANSACTIONS: usize = 120_000;
const SPAN_SECONDS: i64 = 60 * 86_400;

fn main() {
    divan::main();
}

/// xorshift64*: a small deterministic generator, so the stream needs no extra crate.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, bound: u64) -> u64 {
        self.next() % bound
    }
}

fn account(number: u64) -> AccountRef {
    // One account in ten is held at a Lao bank.
    if number.is_multiple_of(10) {
        AccountRef::new("BCEL", &format!("010{number:09}"), Some(Country::LA))
    } else {
        AccountRef::new("ICBC", &format!("6222{number:012}"), Some(Country::CN))
    }
}

fn payment(index: usize, from: u64, to: u64, cents: u64, seconds: i64, origin: &NodeId) -> Transaction {
    let base = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).single().unwrap_or_default();
    let debtor = account(from);
    let currency = if debtor.country == Some(Country::LA) { Currency::LAK } else { Currency::CNY };
    let amount = match currency {
        Currency::LAK => Decimal::from(cents / 100 * 3_000),
        _ => Decimal::new(i64::try_from(cents).unwrap_or(i64::MAX), 2),
    };
    Transaction {
        id: format!("bench-{index}"),
        origin: origin.clone(),
        timestamp: Timestamp::from_utc(base + Duration::seconds(seconds), 8 * 3_600),
        debtor,
        creditor: account(to),
        amount: Money::new(amount, currency),
        channel: Channel::Transfer,
        reference: None,
    }
}

/// Builds the synthetic stream, sorted by time as a bank feed delivers it.
fn stream() -> Vec<Transaction> {
    let origin = NodeId::from_str("cn-bench").unwrap_or_else(|_| unreachable!());
    let mut random = Random(0x9e37_79b9_7f4a_7c15);
    let mut transactions = Vec::with_capacity(TRANSACTIONS);
    let step = SPAN_SECONDS / TRANSACTIONS as i64;

    while transactions.len() < TRANSACTIONS {
        let index = transactions.len();
        let seconds = index as i64 * step;
        match random.below(100) {
            // A collection account receiving from many victims.
            0..=2 => {
                let hub = random.below(200);
                let victim = 200 + random.below(ACCOUNTS - 200);
                let cents = 100_000 + random.below(2_000_000);
                transactions.push(payment(index, victim, hub, cents, seconds, &origin));
            }
            // A mule receiving and passing most of it on within minutes.
            3..=4 => {
                let mule = 200 + random.below(300);
                let source = 1_000 + random.below(ACCOUNTS - 1_000);
                let target = 1_000 + random.below(ACCOUNTS - 1_000);
                let cents = 500_000 + random.below(5_000_000);
                transactions.push(payment(index, source, mule, cents, seconds, &origin));
                transactions.push(payment(index + 1, mule, target, cents * 9 / 10, seconds + 300, &origin));
            }
            // A three- or four-account cycle over a few days.
            5 => {
                let start = 1_000 + random.below(ACCOUNTS - 1_000);
                let hops = 3 + random.below(2);
                let cents = 1_000_000 + random.below(1_000_000);
                let mut from = start;
                for hop in 0..hops {
                    let to = if hop + 1 == hops { start } else { 1_000 + random.below(ACCOUNTS - 1_000) };
                    let at = seconds + hop as i64 * 3_600;
                    transactions.push(payment(index + hop as usize, from, to, cents, at, &origin));
                    from = to;
                }
            }
            // Ordinary payments between random accounts.
            _ => {
                let from = random.below(ACCOUNTS);
                let to = random.below(ACCOUNTS);
                let cents = 1_000 + random.below(3_000_000);
                transactions.push(payment(index, from, to, cents, seconds, &origin));
            }
        }
    }

    transactions.truncate(TRANSACTIONS);
    transactions.sort_by_key(|tx| tx.timestamp);
    transactions
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn score_default_rules(bencher: Bencher) {
    let transactions = stream();
    let origin = NodeId::from_str("cn-bench").unwrap_or_else(|_| unreachable!());

    bencher
        .counter(ItemsCount::new(transactions.len()))
        .with_inputs(|| Monitor::new(RuleSet::defaults(), origin.clone()))
        .bench_local_refs(|monitor| {
            let mut alerts = 0;
            for tx in &transactions {
                alerts += divan::black_box(monitor.score(tx)).alerts.len();
            }
            alerts
        });
}
