use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::str::FromStr;
use chrono::{Duration, TimeZone, Utc};
use mekong_core::*;
use mekong_monitor::{Monitor, RuleSet};
use rust_decimal::Decimal;

fn main() {
    let dir = "/work/shared/data/amlsim/20K_fanin200cycle200";
    let nodes = std::fs::read_to_string(format!("{dir}/nodes.csv")).unwrap();
    let fraud: BTreeSet<String> = nodes.lines().skip(1).filter_map(|l| { let f: Vec<_> = l.split(',').collect(); (f[1] == "1").then(|| f[0].to_owned()) }).collect();
    let text = std::fs::read_to_string(format!("{dir}/transactions.csv")).unwrap();
    let origin = NodeId::new("cn-eval").unwrap();
    let base = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
    let txs: Vec<Transaction> = text.lines().skip(1).enumerate().map(|(i, l)| {
        let f: Vec<_> = l.split(',').collect();
        Transaction { id: format!("t{i}"), origin: origin.clone(), timestamp: Timestamp::from_utc(base + Duration::days(f[3].parse().unwrap()), 8*3600),
          debtor: AccountRef::new("", f[0], None), creditor: AccountRef::new("", f[1], None),
          amount: Money::new(Decimal::from_str(f[2]).unwrap(), Currency::CNY), channel: Channel::Transfer, reference: None }
    }).collect();
    let rules = match std::env::args().nth(1) { Some(p) => RuleSet::load(std::path::Path::new(&p)).unwrap(), None => RuleSet::defaults() };
    let mut m = Monitor::new(rules, origin);
    let mut subjects: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut involved: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut counts: HashMap<String, usize> = HashMap::new();
    let mut decisions: BTreeMap<String, usize> = BTreeMap::new();
    let t = std::time::Instant::now();
    for tx in &txs { let v = m.score(tx); *decisions.entry(v.decision.to_string()).or_default() += 1;
        for a in v.alerts { *counts.entry(a.rule.clone()).or_default() += 1; subjects.entry(a.rule.clone()).or_default().insert(a.account.to_string());
            involved.entry(a.rule.clone()).or_default().extend(a.involved.iter().map(|k| k.to_string())); } }
    println!("{} tx in {:?}; decisions {:?}", txs.len(), t.elapsed(), decisions);
    for (rule, s) in &subjects {
        let tp = s.iter().filter(|a| fraud.contains(*a)).count();
        let inv = &involved[rule]; let itp = inv.iter().filter(|a| fraud.contains(*a)).count();
        println!("{rule}: alerts {} subjects {} fraud {} ({:.0}%) | involved {} fraud {} ({:.0}%) recall {:.0}%", counts[rule], s.len(), tp, 100.0*tp as f64/s.len() as f64, inv.len(), itp, 100.0*itp as f64/inv.len() as f64, 100.0*itp as f64/fraud.len() as f64);
    }
    let all: BTreeSet<&String> = subjects.values().flatten().collect();
    println!("any subject: {} fraud {}", all.len(), all.iter().filter(|a| fraud.contains(**a)).count());
}
