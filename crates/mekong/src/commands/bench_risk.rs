//! `mekong bench risk`: latency of the pre-payment risk query.
//!
//! The in-memory run fills a [`RiskIndex`] with generated entries (a mix of bank
//! accounts and phone numbers) and times each query's normalisation and lookup on one
//! thread, half of them hits. With `--url` and `--token` it also sends
//! `GET /api/v1/risk` requests one at a time over one keep-alive connection to a
//! running node. Figures only; nothing passes or fails on time.

use std::io::{BufReader, Write};
use std::net::TcpStream;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result, bail};
use chrono::Utc;
use mekong_core::Country;
use mekong_registry::{Entry, IdentifierKind, ListingType, RiskIndex, normalise};

use super::bench::{parse_url, read_response};

/// Runs the in-memory benchmark and, with a URL, the HTTP one.
pub(super) fn run(entries: u64, queries: u64, url: Option<&str>, token: Option<&str>) -> Result<ExitCode> {
    if entries == 0 || queries == 0 {
        bail!("invalid --entries or --queries 0: give positive numbers");
    }
    bench_in_memory(entries, queries)?;

    match (url, token) {
        (Some(url), Some(token)) => bench_http(url, token, queries)?,
        (Some(_), None) => bail!("--url needs --token (or MEKONG_TOKEN): an API token with the risk:query scope"),
        _ => {}
    }
    Ok(ExitCode::SUCCESS)
}

/// The raw bank account of generated entry `index`.
fn account(index: u64) -> String {
    format!("ICBC/6222{index:012}")
}

/// The raw Chinese mobile number of generated entry `index`.
fn phone(index: u64) -> String {
    format!("139{:08}", index % 100_000_000)
}

fn bench_in_memory(count: u64, queries: u64) -> Result<()> {
    let now = Utc::now();
    let index = RiskIndex::default();
    for number in 0..count {
        let (kind, raw, listing) = if number % 2 == 0 {
            (IdentifierKind::BankAccount, account(number), ListingType::CaseRelatedAccount)
        } else {
            (IdentifierKind::Phone, phone(number), ListingType::ScamPhone)
        };
        let normalised = normalise(kind, &raw, Country::CN)?;
        index.insert(Entry {
            kind,
            value: normalised.value,
            raw,
            valid: normalised.valid,
            listing,
            reason: "generated for the benchmark".to_owned(),
            note: String::new(),
            source_agency: "BENCH".to_owned(),
            legal_basis: "none".to_owned(),
            appeal: "none".to_owned(),
            starts_at: now,
            expires_at: None,
            origin: "bench-node".to_owned(),
            added_at: now,
        });
    }

    let mut latencies = Vec::with_capacity(queries as usize);
    let mut listed = 0u64;
    for number in 0..queries {
        // Even numbers below `count` are listed accounts; odd ones above it are not.
        let (kind, raw) = if number % 2 == 0 {
            (IdentifierKind::BankAccount, account(number % count))
        } else {
            (IdentifierKind::Phone, phone(count + number))
        };

        let started = Instant::now();
        let normalised = normalise(kind, &raw, Country::CN)?;
        let answer = index.query(&[(kind, normalised.value)], now);
        latencies.push(started.elapsed());
        listed += u64::from(!answer.reasons.is_empty());
    }

    println!(
        "in memory, {count} entries, {queries} queries ({listed} listed), one thread: {}",
        percentiles(&mut latencies)
    );
    Ok(())
}

fn bench_http(url: &str, token: &str, queries: u64) -> Result<()> {
    let host = parse_url(url)?;
    let stream = TcpStream::connect(&host).with_context(|| format!("cannot connect to {host}"))?;
    stream.set_nodelay(true)?;
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut writer = stream;

    let mut latencies = Vec::with_capacity(queries as usize);
    for number in 0..queries {
        let query = if number % 2 == 0 { format!("account={}", account(number)) } else { format!("phone={}", phone(number)) };
        let request = format!(
            "GET /api/v1/risk?{query} HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {token}\r\n\r\n"
        );

        let started = Instant::now();
        writer.write_all(request.as_bytes())?;
        let status = read_response(&mut reader)?;
        latencies.push(started.elapsed());
        if status != 200 {
            bail!("risk query {number} failed with HTTP status {status}");
        }
    }

    println!("over HTTP to {url}, {queries} queries, one connection: {}", percentiles(&mut latencies));
    Ok(())
}

/// Formats p50, p99 and maximum in milliseconds.
fn percentiles(latencies: &mut [Duration]) -> String {
    latencies.sort();
    let at = |p: f64| {
        let index = ((latencies.len() as f64 * p).ceil() as usize).saturating_sub(1).min(latencies.len() - 1);
        latencies[index].as_secs_f64() * 1_000.0
    };
    format!("p50 {:.4} ms, p99 {:.4} ms, max {:.4} ms", at(0.50), at(0.99), at(1.0))
}
