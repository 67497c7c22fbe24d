//! `mekong import transactions`: stream files into the node through the pipeline.
//!
//! Rows are read in constant memory and submitted in batches; each batch is one
//! database transaction. Because ids are stable and stored transactions are skipped,
//! an import stopped at any point (Ctrl-C, `kill -9`, power loss) is finished by
//! running the same command again, and the database ends as after one clean run.

use std::collections::{HashMap, VecDeque};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use anyhow::{Context as _, Result, bail};
use chrono::{NaiveDate, Utc};
use indicatif::{ProgressBar, ProgressStyle};
use mekong_core::i18n::{Arg, Locale, Messages};
use mekong_core::{Country, Decision, Transaction};
use mekong_ingest::formats::{FormatChoice, ReadOptions, Row, TransactionReader};
use mekong_ingest::pipeline::{Outcome, Pipeline, ScoredBatch};
use mekong_ingest::rejects::RejectWriter;
use mekong_monitor::RuleSet;
use mekong_store::ImportRun;
use serde::Serialize;

use crate::Context;
use crate::cli::ImportTransactionsArgs;
use crate::node::{DataDir, ensure_identity};

/// Counts of one file's import.
#[derive(Debug, Default, Clone, Serialize)]
pub struct ImportCounts {
    /// The file.
    pub file: String,
    /// Rows read, rejected ones included.
    pub read: u64,
    /// Transactions stored now.
    pub imported: u64,
    /// Transactions stored before.
    pub duplicates: u64,
    /// Rows rejected.
    pub rejected: u64,
    /// Seconds taken.
    pub elapsed_seconds: f64,
    /// Rows read per second.
    pub rate: f64,
    /// Where rejected rows went, if any were rejected.
    pub rejects_file: Option<String>,
    /// Whether the whole file was read.
    pub completed: bool,
}

/// The `--json` summary.
#[derive(Debug, Serialize)]
struct JsonSummary {
    read: u64,
    imported: u64,
    duplicates: u64,
    rejected: u64,
    elapsed_seconds: f64,
    rate: f64,
    completed: bool,
    files: Vec<ImportCounts>,
}

/// Imports every file and prints the summary.
pub fn run(context: &Context, args: &ImportTransactionsArgs) -> Result<ExitCode> {
    if args.batch_size == 0 {
        bail!("invalid --batch-size 0: give a positive number of transactions per commit, such as 5000");
    }
    let format: FormatChoice = args.format.parse()?;
    let currency = args.currency.as_deref().map(str::parse).transpose()?;
    let start_date = args
        .start_date
        .as_deref()
        .map(|text| {
            NaiveDate::parse_from_str(text, "%Y-%m-%d")
                .with_context(|| format!("invalid --start-date {text:?}: use YYYY-MM-DD, such as 2026-01-01"))
        })
        .transpose()?;

    let rules = load_rules(args.rules.as_deref().or(context.config.monitor.rules.as_deref()))?;
    let data = DataDir::open(&context.data_dir, true, context.locale)?;
    let identity = ensure_identity(data.store.as_ref(), None, context.locale)?;
    let default_offset_seconds = match args.utc_offset.as_deref() {
        Some(text) => parse_offset(text)?,
        None if identity.country == Country::LA => 7 * 3600,
        None => 8 * 3600,
    };
    let options = ReadOptions { format, origin: identity.node_id.clone(), currency, start_date, default_offset_seconds };

    let (pipeline, _) = Pipeline::start_with_snapshot(data.store(), rules, &snapshot_path(&context.data_dir))?;

    let interrupted = Arc::new(AtomicBool::new(false));
    for signal in [signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM] {
        signal_hook::flag::register(signal, interrupted.clone())?;
    }

    let started = Instant::now();
    let mut files = Vec::new();
    for path in &args.files {
        let rejects_path = args.rejects.clone().unwrap_or_else(|| default_rejects_path(&context.data_dir, path));
        let counts = import_file(&pipeline, path, &options, args, &rejects_path, &interrupted, context.locale)?;
        record_import_audit(context, &data, &identity, path, &counts)?;
        if !args.json {
            print_counts(&counts, context.locale);
        }
        let stop = !counts.completed;
        files.push(counts);
        if stop {
            break;
        }
    }

    // Every scored batch is committed here, also after Ctrl-C, so the snapshot covers
    // exactly what is stored.
    save_snapshot(&pipeline, &context.data_dir);

    let completed = files.iter().all(|counts| counts.completed);
    if args.json {
        let elapsed = started.elapsed().as_secs_f64();
        let read = files.iter().map(|counts| counts.read).sum::<u64>();
        let summary = JsonSummary {
            read,
            imported: files.iter().map(|counts| counts.imported).sum(),
            duplicates: files.iter().map(|counts| counts.duplicates).sum(),
            rejected: files.iter().map(|counts| counts.rejected).sum(),
            elapsed_seconds: elapsed,
            rate: rate(read, elapsed),
            completed,
            files,
        };
        println!("{}", serde_json::to_string(&summary)?);
    }

    if completed {
        Ok(ExitCode::SUCCESS)
    } else {
        eprintln!("{}", Messages::global().get(context.locale, "import-interrupted"));
        Ok(ExitCode::from(130))
    }
}

/// Records the import of one file in the audit trail, with its counts.
fn record_import_audit(
    context: &Context,
    data: &DataDir,
    identity: &mekong_core::NodeIdentity,
    path: &Path,
    counts: &ImportCounts,
) -> Result<()> {
    let name = path.file_name().map_or_else(|| path.display().to_string(), |name| name.to_string_lossy().into_owned());
    let changes = [
        ("read", counts.read.to_string()),
        ("imported", counts.imported.to_string()),
        ("duplicates", counts.duplicates.to_string()),
        ("rejected", counts.rejected.to_string()),
        ("completed", counts.completed.to_string()),
    ];

    let Some(acting) = &context.actor else {
        crate::audit_cli::record(&context.data_dir, data.store.clone(), identity, "import.transactions", ("file", &name), &changes)?;
        return Ok(());
    };
    let changes = changes
        .into_iter()
        .map(|(field, value)| mekong_audit::FieldChange { field: field.to_owned(), old: None, new: Some(value) })
        .collect();
    let auditor = crate::audit_cli::open_auditor(&context.data_dir, data.store.clone(), identity)?;
    auditor.record(acting.event("import.transactions", ("file", &name), changes))?;
    Ok(())
}

/// Returns the monitor snapshot file of a data directory.
pub fn snapshot_path(data_dir: &Path) -> PathBuf {
    data_dir.join(mekong_ingest::pipeline::SNAPSHOT_FILE_NAME)
}

/// Writes the monitor snapshot so that the next start replays only newer transactions.
/// A failure is logged and otherwise ignored, because the next start then falls back
/// to the full replay.
pub fn save_snapshot(pipeline: &Pipeline, data_dir: &Path) {
    if let Err(error) = pipeline.write_snapshot(&snapshot_path(data_dir)) {
        tracing::warn!(%error, "monitor snapshot not written; the next start replays every stored transaction");
    }
}

/// Loads the rule file, or the shipped defaults without one.
pub fn load_rules(path: Option<&Path>) -> Result<RuleSet> {
    match path {
        Some(path) => Ok(RuleSet::load(path)?),
        None => Ok(RuleSet::defaults()),
    }
}

fn parse_offset(text: &str) -> Result<i32> {
    let invalid = || anyhow::anyhow!("invalid --utc-offset {text:?}: use ±HH:MM, such as +08:00 or +07:00");
    let (sign, rest) = match text.as_bytes().first() {
        Some(b'+') => (1, &text[1..]),
        Some(b'-') => (-1, &text[1..]),
        _ => return Err(invalid()),
    };
    let (hours, minutes) = rest.split_once(':').ok_or_else(invalid)?;
    let hours: i32 = hours.parse().map_err(|_| invalid())?;
    let minutes: i32 = minutes.parse().map_err(|_| invalid())?;
    if hours > 14 || minutes > 59 {
        return Err(invalid());
    }
    Ok(sign * (hours * 3600 + minutes * 60))
}

fn default_rejects_path(data_dir: &Path, input: &Path) -> PathBuf {
    let name = input.file_name().map_or_else(|| "input".into(), |name| name.to_string_lossy().into_owned());
    let stamp = Utc::now().format("%Y%m%dT%H%M%SZ");
    data_dir.join("rejects").join(format!("{name}.{stamp}.rejects.csv"))
}

fn rate(count: u64, seconds: f64) -> f64 {
    if seconds > 0.0 { (count as f64 / seconds).round() } else { 0.0 }
}

/// Imports one file in batches, writing rejects as they come.
fn import_file(
    pipeline: &Pipeline,
    path: &Path,
    options: &ReadOptions,
    args: &ImportTransactionsArgs,
    rejects_path: &Path,
    interrupted: &AtomicBool,
    locale: Locale,
) -> Result<ImportCounts> {
    let started_at = Utc::now();
    let started = Instant::now();
    let mut reader = TransactionReader::open(path, options)?;
    let file = path.display().to_string();
    tracing::info!(file = %file, format = %reader.format(), encoding = reader.encoding(), "import started");
    if !args.json {
        eprintln!(
            "{}",
            Messages::global().format(
                locale,
                "import-file-start",
                &[
                    ("file", Arg::Text(&file)),
                    ("format", Arg::Text(&reader.format().to_string())),
                    ("encoding", Arg::Text(reader.encoding())),
                ]
            )
        );
    }

    let progress = if args.json { ProgressBar::hidden() } else { ProgressBar::new(reader.total_bytes().unwrap_or(0)) };
    progress.set_style(
        ProgressStyle::with_template("{bar:40} {bytes}/{total_bytes} {binary_bytes_per_sec} eta {eta}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );

    let mut counts = ImportCounts { file: file.clone(), ..ImportCounts::default() };
    let mut rejects: Option<RejectWriter> = None;
    let mut batch: Vec<Transaction> = Vec::with_capacity(args.batch_size);

    // One thread writes batch N to the database while this one reads and scores batch
    // N+1. The channel holds one batch, so at most two scored batches are unwritten
    // at any time; their ids stay in `in_flight` so that repeats count as duplicates.
    let (sender, receiver) = std::sync::mpsc::sync_channel::<ScoredBatch>(1);
    let result = std::thread::scope(|scope| -> Result<()> {
        let writer = scope.spawn(move || -> Result<()> {
            for scored in receiver {
                pipeline.commit_scored(&scored)?;
            }
            Ok(())
        });

        let mut in_flight: VecDeque<HashMap<String, Decision>> = VecDeque::new();
        let mut send = |batch: &mut Vec<Transaction>, counts: &mut ImportCounts| -> Result<bool> {
            if batch.is_empty() {
                return Ok(true);
            }
            let known: HashMap<String, Decision> = in_flight.iter().flatten().map(|(id, d)| (id.clone(), *d)).collect();
            let scored = pipeline.score_batch(std::mem::take(batch), &known)?;
            count_outcomes(&scored.outcomes, counts);
            in_flight.push_back(scored.decisions().map(|(id, decision)| (id.to_owned(), decision)).collect());
            if in_flight.len() > 2 {
                in_flight.pop_front();
            }
            // A closed channel means the writer stopped on an error, reported below.
            Ok(sender.send(scored).is_ok())
        };

        loop {
            if interrupted.load(Ordering::Relaxed) {
                break;
            }
            let Some(row) = reader.next() else {
                counts.completed = true;
                break;
            };
            counts.read += 1;
            match row {
                Row::Accepted(record) => batch.push(record.tx),
                Row::Rejected(reject) => {
                    counts.rejected += 1;
                    if rejects.is_none() {
                        rejects = Some(RejectWriter::create(rejects_path, locale)?);
                    }
                    if let Some(writer) = rejects.as_mut() {
                        writer.write(&reject)?;
                    }
                }
            }
            if batch.len() >= args.batch_size {
                if !send(&mut batch, &mut counts)? {
                    break;
                }
                progress.set_position(reader.bytes_read());
            }
        }
        let sent = send(&mut batch, &mut counts)?;
        drop(sender);

        let written = writer.join().map_err(|_| anyhow::anyhow!("the database writer thread panicked"))?;
        written?;
        if !sent {
            bail!("the database writer stopped before the import finished");
        }
        Ok(())
    });
    progress.finish_and_clear();
    result?;

    if let Some(writer) = rejects.take() {
        writer.finish()?;
        counts.rejects_file = Some(rejects_path.display().to_string());
    }
    counts.elapsed_seconds = started.elapsed().as_secs_f64();
    counts.rate = rate(counts.read, counts.elapsed_seconds);

    pipeline.store().record_import(&ImportRun {
        file: file.clone(),
        format: reader.format().to_string(),
        read: counts.read,
        imported: counts.imported,
        duplicates: counts.duplicates,
        rejected: counts.rejected,
        started_at,
        finished_at: Utc::now(),
        completed: counts.completed,
    })?;
    tracing::info!(
        file = %file,
        read = counts.read,
        imported = counts.imported,
        duplicates = counts.duplicates,
        rejected = counts.rejected,
        completed = counts.completed,
        "import finished"
    );
    Ok(counts)
}

fn count_outcomes(outcomes: &[Outcome], counts: &mut ImportCounts) {
    for outcome in outcomes {
        match outcome {
            Outcome::Accepted { .. } => counts.imported += 1,
            Outcome::Duplicate { .. } => counts.duplicates += 1,
            Outcome::Rejected { .. } => counts.rejected += 1,
        }
    }
}

fn print_counts(counts: &ImportCounts, locale: Locale) {
    let messages = Messages::global();
    let elapsed = format!("{:.2}", counts.elapsed_seconds);
    println!(
        "{}",
        messages.format(
            locale,
            "import-summary",
            &[
                ("file", Arg::Text(&counts.file)),
                ("read", Arg::Number(counts.read as f64)),
                ("imported", Arg::Number(counts.imported as f64)),
                ("duplicates", Arg::Number(counts.duplicates as f64)),
                ("rejected", Arg::Number(counts.rejected as f64)),
                ("elapsed", Arg::Text(&elapsed)),
                ("rate", Arg::Number(counts.rate)),
            ],
        )
    );
    if let Some(path) = &counts.rejects_file {
        println!(
            "{}",
            messages.format(
                locale,
                "import-rejects-written",
                &[("count", Arg::Number(counts.rejected as f64)), ("path", Arg::Text(path))]
            )
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_offsets() {
        assert_eq!(parse_offset("+08:00").unwrap(), 8 * 3600);
        assert_eq!(parse_offset("-03:30").unwrap(), -(3 * 3600 + 1800));
        assert!(parse_offset("8").is_err());
        assert!(parse_offset("+25:00").is_err());
    }
}
