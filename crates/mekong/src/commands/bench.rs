//! `mekong bench`: measure the hot paths on this machine.
//!
//! `score` runs the monitor alone on one thread over a generated stream held in
//! memory. `api` sends one-transaction requests, one at a time over one keep-alive
//! connection, to a running node and reports latency percentiles; `risk` lives in
//! `bench_risk.rs`. They print figures only; nothing here passes or fails on time.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result, bail};
use mekong_core::NodeId;
use mekong_ingest::generate::{Generator, GeneratorConfig};
use mekong_monitor::{Monitor, RuleSet};

use crate::cli::BenchCommand;

/// Runs a benchmark and prints its figures.
pub fn run(command: BenchCommand) -> Result<ExitCode> {
    match command {
        BenchCommand::Score { transactions, accounts } => bench_score(transactions, accounts),
        BenchCommand::Api { url, requests } => bench_api(&url, requests),
        BenchCommand::Trace(args) => super::bench_trace::run(&args),
        BenchCommand::Freeze { approvals } => super::bench_freeze::run(approvals, mekong_core::i18n::Locale::En),
        BenchCommand::Risk { entries, queries, url, token } => {
            super::bench_risk::run(entries, queries, url.as_deref(), token.as_deref())
        }
    }
}

fn bench_score(count: u64, accounts: u32) -> Result<ExitCode> {
    let origin = NodeId::new("bench-node")?;
    let config = GeneratorConfig { transactions: count, accounts, ..GeneratorConfig::default() };
    let stream: Vec<_> = Generator::new(config).map(|generated| generated.to_transaction(&origin)).collect();

    let mut monitor = Monitor::new(RuleSet::defaults(), origin);
    let mut alerts = 0usize;
    let started = Instant::now();
    for tx in &stream {
        alerts += monitor.score(tx).alerts.len();
    }
    let elapsed = started.elapsed();

    let rate = stream.len() as f64 / elapsed.as_secs_f64();
    println!(
        "scored {} transactions over {} accounts in {:.3} s: {:.0} transactions/s on one thread, {} alerts",
        stream.len(),
        accounts,
        elapsed.as_secs_f64(),
        rate,
        alerts
    );
    Ok(ExitCode::SUCCESS)
}

/// Splits `http://host:port` into the address to connect to and the Host header.
pub(super) fn parse_url(url: &str) -> Result<String> {
    let Some(rest) = url.strip_prefix("http://") else {
        bail!("invalid --url {url:?}: give an http:// URL of the node, such as http://127.0.0.1:8080");
    };
    Ok(rest.trim_end_matches('/').to_owned())
}

fn bench_api(url: &str, requests: u64) -> Result<ExitCode> {
    if requests == 0 {
        bail!("invalid --requests 0: give a positive number");
    }
    let host = parse_url(url)?;
    let stream = TcpStream::connect(&host).with_context(|| format!("cannot connect to {host}"))?;
    stream.set_nodelay(true)?;
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut writer = stream;

    let run_id = std::process::id();
    let mut latencies = Vec::with_capacity(requests as usize);
    for index in 0..requests {
        let body = format!(
            r#"{{"transactions":[{{"id":"bench-{run_id}-{index}","timestamp":"2026-03-01T09:30:00+08:00","debtor":{{"bank":"ICBC","account":"6222{index:012}","country":"CN"}},"creditor":{{"bank":"ABC","account":"6228{:012}","country":"CN"}},"amount":"128.50","currency":"CNY","channel":"mobile"}}]}}"#,
            index % 997
        );
        let request = format!(
            "POST /api/v1/transactions HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        );

        let started = Instant::now();
        writer.write_all(request.as_bytes())?;
        let status = read_response(&mut reader)?;
        latencies.push(started.elapsed());
        if status != 200 {
            bail!("request {index} failed with HTTP status {status}");
        }
    }

    latencies.sort();
    let percentile = |p: f64| {
        let index = ((latencies.len() as f64 * p).ceil() as usize).saturating_sub(1).min(latencies.len() - 1);
        latencies[index].as_secs_f64() * 1_000.0
    };
    println!(
        "{} requests of one transaction each: p50 {:.3} ms, p90 {:.3} ms, p99 {:.3} ms, max {:.3} ms",
        latencies.len(),
        percentile(0.50),
        percentile(0.90),
        percentile(0.99),
        percentile(1.0)
    );
    Ok(ExitCode::SUCCESS)
}

/// Reads one HTTP/1.1 response with a Content-Length body and returns its status.
pub(super) fn read_response(reader: &mut BufReader<TcpStream>) -> Result<u16> {
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let status: u16 = line
        .split_whitespace()
        .nth(1)
        .and_then(|code| code.parse().ok())
        .with_context(|| format!("invalid HTTP status line {line:?}"))?;

    let mut length = 0usize;
    loop {
        line.clear();
        reader.read_line(&mut line)?;
        let header = line.trim_end();
        if header.is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':')
            && name.eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse().context("invalid Content-Length")?;
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body)?;
    Ok(status)
}
