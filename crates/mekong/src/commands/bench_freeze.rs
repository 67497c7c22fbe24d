//! `mekong bench freeze`: how soon an approved freeze takes effect on the running
//! pipeline.
//!
//! A submitter thread sends one-transaction debits from the account about to be
//! frozen, back to back, through a real `Pipeline` on a SQLite store in a temporary
//! directory. The main thread requests and approves a freeze of that account the way
//! the freeze screens do (store the transition with its bank notice, then install the
//! debit hold) and notes when that call returns. The gap is the time from that return
//! to the return of the first debit given `hold`. A debit whose submission started
//! after the approval returned and was still allowed is counted; it must be zero.
//!
//! The audit record that the screens write before storing is left out, so the figure
//! covers the store and the pipeline only. Nothing here passes or fails on time.

use std::process::ExitCode;
use std::str::FromStr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result, anyhow, bail};
use chrono::Utc;
use mekong_auth::Role;
use mekong_core::i18n::{Arg, Locale, Messages};
use mekong_core::{
    AccountKey, AccountRef, Channel, Country, Currency, Decision, Money, NodeId, NodeIdentity, Timestamp, Transaction,
};
use mekong_freeze::transition::{approve, request};
use mekong_freeze::{Actor, FreezeConfig, FreezeRequest, LegalBasis, apply_hold, store_transition};
use mekong_ingest::pipeline::{Outcome, Pipeline};
use mekong_monitor::RuleSet;
use mekong_store::{SqliteStore, Store};
use rust_decimal::Decimal;

/// Debits sent from an account before its freeze is approved, so that debits are in
/// flight when the approval returns.
const WARM_UP_DEBITS: usize = 3;

/// One debit as the submitter saw it.
struct Debit {
    account: usize,
    started: Instant,
    returned: Instant,
    decision: Decision,
}

fn debit(origin: &NodeId, account: usize, sequence: u64) -> Result<Transaction> {
    Ok(Transaction {
        id: format!("bench-freeze-{account}-{sequence}"),
        origin: origin.clone(),
        timestamp: Timestamp::parse_rfc3339("2026-03-05T10:00:00+08:00")?,
        debtor: AccountRef::new("ICBC", &format!("6222{account:012}"), Some(Country::CN)),
        creditor: AccountRef::new("BOC", &format!("6013{account:012}"), Some(Country::CN)),
        amount: Money::new(Decimal::from_str("88.00")?, Currency::CNY),
        channel: Channel::Transfer,
        reference: None,
    })
}

/// Runs the benchmark over `approvals` freezes and prints the gap percentiles.
pub fn run(approvals: u32, locale: Locale) -> Result<ExitCode> {
    if approvals == 0 {
        bail!("invalid --approvals 0: give a positive number");
    }
    let dir = std::env::temp_dir().join(format!("mekong-bench-freeze-{}", std::process::id()));
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let result = measure(&dir, approvals, locale);
    if let Err(error) = std::fs::remove_dir_all(&dir) {
        tracing::warn!(%error, "cannot remove the benchmark's temporary directory");
    }
    result
}

fn measure(dir: &std::path::Path, approvals: u32, locale: Locale) -> Result<ExitCode> {
    let store = Arc::new(SqliteStore::open(&dir.join("bench.db"))?);
    let origin = NodeId::new("cn-bench-freeze")?;
    store.init_node_identity(&NodeIdentity::new(origin.clone(), Country::CN, "BENCH")?)?;
    let shared: Arc<dyn Store> = store.clone();
    let pipeline = Arc::new(Pipeline::start(shared, RuleSet::defaults())?);

    let current = Arc::new(AtomicUsize::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let (sender, debits) = mpsc::channel::<Debit>();
    let submitter = {
        let (pipeline, current, stop, origin) = (pipeline.clone(), current.clone(), stop.clone(), origin.clone());
        thread::spawn(move || -> Result<()> {
            let mut sequence = 0_u64;
            while !stop.load(Ordering::SeqCst) {
                let account = current.load(Ordering::SeqCst);
                sequence += 1;
                let started = Instant::now();
                let outcomes = pipeline.submit(vec![debit(&origin, account, sequence)?])?;
                let returned = Instant::now();
                let Some(Outcome::Accepted { decision, .. }) = outcomes.first() else {
                    return Err(anyhow!("debit {sequence} was not accepted: {outcomes:?}"));
                };
                if sender.send(Debit { account, started, returned, decision: *decision }).is_err() {
                    break;
                }
            }
            Ok(())
        })
    };

    let analyst = Actor::new("bench.analyst", vec![Role::FiuAnalyst]);
    let supervisor = Actor::new("bench.supervisor", vec![Role::Supervisor]);
    let config = FreezeConfig::default();
    let mut gaps = Vec::with_capacity(approvals as usize);
    let mut allowed_after = 0_usize;

    for index in 1..=approvals as usize {
        current.store(index, Ordering::SeqCst);
        let mut warm = 0;
        while warm < WARM_UP_DEBITS {
            let seen = debits.recv_timeout(Duration::from_secs(10)).context("the submitter thread stopped")?;
            if seen.account == index {
                warm += 1;
            }
        }

        let freeze_request = FreezeRequest {
            accounts: vec![AccountKey::new("ICBC", &format!("6222{index:012}"))],
            amount: Money::new(Decimal::from_str("1000.00")?, Currency::CNY),
            legal_basis: LegalBasis::CnAntiTelecomFraudArt20,
            case_reference: "BENCH-1".to_owned(),
            reason: "benchmark".to_owned(),
        };
        let id = format!("FRZ-BENCH-{index}");
        let requested = request(&id, &freeze_request, &analyst, Utc::now())?;
        store_transition(store.as_ref(), &requested)?;
        let approved = approve(&requested.freeze, &supervisor, Utc::now(), &config, "benchmark")?;
        store_transition(store.as_ref(), &approved)?;
        apply_hold(&approved.freeze, &pipeline)?;
        let effective = Instant::now();

        loop {
            let seen = debits.recv_timeout(Duration::from_secs(10)).context("the submitter thread stopped")?;
            if seen.account != index {
                continue;
            }
            if seen.started >= effective && seen.decision != Decision::Hold {
                allowed_after += 1;
            }
            if seen.decision == Decision::Hold {
                gaps.push(seen.returned.saturating_duration_since(effective));
                break;
            }
        }
    }

    stop.store(true, Ordering::SeqCst);
    drop(debits);
    submitter.join().map_err(|_| anyhow!("the submitter thread panicked"))??;

    gaps.sort();
    let micros = |quantile: f64| -> String {
        let position = ((gaps.len() as f64 - 1.0) * quantile).round() as usize;
        gaps.get(position).map_or(0, |gap| gap.as_micros()).to_string()
    };
    let count = approvals.to_string();
    let allowed = allowed_after.to_string();
    let (p50, p99, max) = (micros(0.50), micros(0.99), micros(1.0));
    let args = [
        ("count", Arg::Text(&count)),
        ("p50", Arg::Text(&p50)),
        ("p99", Arg::Text(&p99)),
        ("max", Arg::Text(&max)),
        ("allowed", Arg::Text(&allowed)),
    ];
    println!("{}", Messages::global().format(locale, "bench-freeze-result", &args));
    Ok(if allowed_after == 0 { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}
