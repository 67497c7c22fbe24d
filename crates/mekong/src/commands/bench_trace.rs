//! `mekong bench trace`: latency of forward fund tracing on a generated store.
//!
//! Fills a SQLite store with a generated stream (the same generator as `mekong
//! generate`), committed in batches straight to the store without monitor scoring,
//! because only the stored transactions matter to tracing. The store and the list of
//! victim payments are kept in `--dir` and reused by later runs with the same sizes.
//! Then it times forward traces from victim payments picked with a fixed seed, one at
//! a time on one thread, and prints p50, p95, p99 and the maximum. Figures only;
//! nothing passes or fails on time.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result, bail};
use clap::Args;
use mekong_core::{Currency, Decision, NodeId};
use mekong_ingest::generate::{Generator, GeneratorConfig};
use mekong_store::{CommitBatch, SqliteStore, Store};
use mekong_trace::{Method, RateTable, Start, TraceOptions, trace_forward};
use rust_decimal::Decimal;

/// Transactions per commit while filling the store.
const BATCH: usize = 20_000;

/// Exchange rate the benchmark converts LAK to CNY with. It is a round figure, not a
/// market rate, because the walk only needs a positive rate.
const BENCH_LAK_PER_CNY: i64 = 3_000;

/// Options of `bench trace`.
#[derive(Debug, Args)]
pub struct BenchTraceArgs {
    /// Number of transactions in the generated store.
    #[arg(long, default_value_t = 5_000_000)]
    pub transactions: u64,
    /// Number of customer accounts. Default: one per ten transactions.
    #[arg(long)]
    pub accounts: Option<u32>,
    /// Number of traces to time.
    #[arg(long, default_value_t = 1_000)]
    pub traces: u64,
    /// Hop limit of each trace.
    #[arg(long, default_value_t = 5)]
    pub hops: u32,
    /// Attribute by proportion instead of first in, first out.
    #[arg(long)]
    pub proportional: bool,
    /// Directory for the generated store, reused when it already contains the same
    /// number of transactions. Default: a directory named after the sizes in the
    /// system's temporary directory.
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

/// Runs the benchmark.
pub fn run(args: &BenchTraceArgs) -> Result<ExitCode> {
    if args.transactions == 0 || args.traces == 0 {
        bail!("invalid --transactions or --traces 0: give positive numbers");
    }
    let accounts = args.accounts.unwrap_or_else(|| {
        u32::try_from(args.transactions / 10)
            .unwrap_or(u32::MAX)
            .max(50)
    });
    let dir = args.dir.clone().unwrap_or_else(|| {
        std::env::temp_dir().join(format!(
            "mekong-bench-trace-{}-{accounts}",
            args.transactions
        ))
    });

    let (store, victims) = open_or_fill(&dir, args.transactions, accounts)?;
    if victims.is_empty() {
        bail!("the generated store has no victim payments to trace; generate more --transactions");
    }

    let mut rates = RateTable::default();
    rates.insert(
        Currency::CNY,
        Currency::LAK,
        Decimal::from(BENCH_LAK_PER_CNY),
    )?;
    let options = TraceOptions {
        method: if args.proportional {
            Method::Proportional
        } else {
            Method::Fifo
        },
        max_hops: args.hops,
        currency: Some(Currency::CNY),
        rates,
        ..TraceOptions::default()
    };

    let mut random = 0x2545_f491_4f6c_dd1d_u64;
    let mut latencies = Vec::with_capacity(args.traces as usize);
    let (mut edges, mut nodes) = (0usize, 0usize);
    for _ in 0..args.traces {
        random ^= random << 13;
        random ^= random >> 7;
        random ^= random << 17;
        let id = &victims[(random % victims.len() as u64) as usize];
        let start = Start::Transaction {
            id: id.clone(),
            origin: None,
        };

        let started = Instant::now();
        let result = trace_forward(&store, &start, &options)?;
        latencies.push(started.elapsed());
        edges += result.edges.len();
        nodes += result.nodes.len();
    }

    let count = latencies.len();
    println!(
        "{count} forward traces ({} hops, {}) on {} transactions, one thread: {}; mean {:.1} transactions and {:.1} accounts per trace",
        args.hops,
        options.method.as_str(),
        store.transaction_count()?,
        percentiles(&mut latencies),
        edges as f64 / count as f64,
        nodes as f64 / count as f64,
    );
    println!("machine: {}", machine());
    Ok(ExitCode::SUCCESS)
}

/// Opens the store in `dir` if it contains `transactions` transactions, else fills a new one.
/// Returns the store and the ids of the victim payments in it.
fn open_or_fill(
    dir: &Path,
    transactions: u64,
    accounts: u32,
) -> Result<(SqliteStore, Vec<String>)> {
    let database = dir.join("bench.db");
    let victims_file = dir.join("victims.txt");

    if database.exists() && victims_file.exists() {
        let store = SqliteStore::open(&database)?;
        if store.transaction_count()? == transactions {
            let file = std::fs::File::open(&victims_file)?;
            let victims = BufReader::new(file)
                .lines()
                .collect::<Result<Vec<String>, _>>()?;
            println!("reusing the store in {}", dir.display());
            return Ok((store, victims));
        }
        drop(store);
    }

    if dir.exists() {
        std::fs::remove_dir_all(dir)
            .with_context(|| format!("cannot remove the old store in {}", dir.display()))?;
    }
    std::fs::create_dir_all(dir)?;
    let store = SqliteStore::open(&database)?;
    let origin = NodeId::new("bench-node")?;

    let started = Instant::now();
    let config = GeneratorConfig {
        transactions,
        accounts,
        ..GeneratorConfig::default()
    };
    let mut victims = Vec::new();
    let mut batch = CommitBatch::default();
    for generated in Generator::new(config) {
        if generated.typology == Some("victim_payment") {
            victims.push(generated.id.clone());
        }
        batch
            .transactions
            .push((generated.to_transaction(&origin), Decision::Allow, 0));
        if batch.transactions.len() == BATCH {
            store.commit(&batch)?;
            batch.transactions.clear();
        }
    }
    store.commit(&batch)?;

    let mut file = std::io::BufWriter::new(std::fs::File::create(&victims_file)?);
    for id in &victims {
        writeln!(file, "{id}")?;
    }
    file.flush()?;

    let elapsed = started.elapsed().as_secs_f64();
    println!(
        "generated and stored {transactions} transactions over {accounts} customer accounts in {elapsed:.1} s ({:.0}/s), {} victim payments, in {}",
        transactions as f64 / elapsed,
        victims.len(),
        dir.display()
    );
    Ok((store, victims))
}

/// Formats p50, p95, p99 and maximum in milliseconds.
fn percentiles(latencies: &mut [Duration]) -> String {
    latencies.sort();
    let at = |p: f64| {
        let index = ((latencies.len() as f64 * p).ceil() as usize)
            .saturating_sub(1)
            .min(latencies.len() - 1);
        latencies[index].as_secs_f64() * 1_000.0
    };
    format!(
        "p50 {:.2} ms, p95 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        at(0.50),
        at(0.95),
        at(0.99),
        at(1.0)
    )
}

/// Describes the CPU and core count, from `/proc/cpuinfo` where it exists.
fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|text| {
            text.lines()
                .find(|line| line.starts_with("model name"))
                .and_then(|line| line.split_once(':'))
                .map(|(_, name)| name.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".to_owned());
    let cores = std::thread::available_parallelism().map_or(0, usize::from);
    format!(
        "{cpu}, {cores} cores available, {} {}",
        std::env::consts::OS,
        std::env::consts::ARCH
    )
}
