//! The default rules on the IBM AMLSim sample `20K_fanin200cycle200` (20,000 accounts,
//! 120,558 transfers over 150 day steps, 200 fan-ins and 200 cycles injected, about
//! 1,800 accounts labelled fraud).
//!
//! The sample is not part of the repository, so the test is ignored by default. Run it
//! with `cargo test -p mekong-monitor --test amlsim -- --ignored --nocapture`; it reads
//! the folder in `MEKONG_AMLSIM_DIR`, or `shared/data/amlsim/20K_fanin200cycle200`
//! beside the repository.
//!
//! AMLSim gives amounts without a currency and times in day steps: they are read as CNY
//! and as midnight of consecutive days. The checks ask that alerted accounts are
//! labelled fraud clearly more often than accounts at random, not for a tuned rate.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::str::FromStr;

use common::*;
use mekong_core::{AccountRef, Channel, Currency, Money, Transaction};
use mekong_monitor::{Monitor, RuleSet};
use rust_decimal::Decimal;

fn sample_dir() -> PathBuf {
    match std::env::var_os("MEKONG_AMLSIM_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/amlsim/20K_fanin200cycle200"),
    }
}

fn read_sample() -> (BTreeSet<String>, usize, Vec<Transaction>) {
    let dir = sample_dir();
    let nodes = std::fs::read_to_string(dir.join("nodes.csv")).unwrap_or_else(|error| panic!("{}: {error}", dir.display()));
    let mut fraud = BTreeSet::new();
    let mut accounts = 0;
    for line in nodes.lines().skip(1) {
        let fields: Vec<&str> = line.split(',').collect();
        accounts += 1;
        if fields[1] == "1" {
            fraud.insert(fields[0].to_owned());
        }
    }

    let text = std::fs::read_to_string(dir.join("transactions.csv")).unwrap();
    let transactions = text
        .lines()
        .skip(1)
        .enumerate()
        .map(|(row, line)| {
            let fields: Vec<&str> = line.split(',').collect();
            let step: i64 = fields[3].parse().unwrap();
            Transaction {
                id: format!("amlsim-{row}"),
                origin: node(),
                timestamp: at(step * DAY),
                debtor: AccountRef::new("", fields[0], None),
                creditor: AccountRef::new("", fields[1], None),
                amount: Money::new(Decimal::from_str(fields[2]).unwrap(), Currency::CNY),
                channel: Channel::Transfer,
                reference: None,
            }
        })
        .collect();
    (fraud, accounts, transactions)
}

#[test]
#[ignore = "needs the AMLSim sample from the shared data folder"]
fn amlsim_fan_in_and_cycles() {
    let (fraud, accounts, transactions) = read_sample();
    let mut monitor = Monitor::new(RuleSet::defaults(), node());

    let mut subjects: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut involved: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for tx in &transactions {
        for alert in monitor.score(tx).alerts {
            subjects.entry(alert.rule.clone()).or_default().insert(alert.account.to_string());
            involved.entry(alert.rule).or_default().extend(alert.involved.iter().map(ToString::to_string));
        }
    }

    let base_rate = fraud.len() as f64 / accounts as f64;
    let share = |set: &BTreeSet<String>| set.iter().filter(|account| fraud.contains(*account)).count() as f64 / set.len() as f64;
    for (rule, set) in &subjects {
        let caught = involved[rule].iter().filter(|account| fraud.contains(*account)).count();
        println!(
            "{rule}: {} subject accounts, {:.0}% labelled fraud (base rate {:.0}%); {caught} of {} fraud accounts involved",
            set.len(),
            100.0 * share(set),
            100.0 * base_rate,
            fraud.len()
        );
    }

    let fan_in = &subjects["fan_in"];
    assert!(share(fan_in) >= 2.0 * base_rate, "fan-in subjects are fraud no more often than chance");
    let fan_in_caught = involved["fan_in"].iter().filter(|account| fraud.contains(*account)).count();
    assert!(fan_in_caught * 2 >= fraud.len(), "fan-in alerts involve fewer than half of the fraud accounts");

    let cycle = &subjects["cycle"];
    assert!(!cycle.is_empty(), "no cycle found");
    assert!(share(cycle) >= 2.0 * base_rate, "cycle subjects are fraud no more often than chance");
}
