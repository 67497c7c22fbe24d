//! `mekong generate`: write a synthetic transaction stream as canonical CSV, then
//! print a summary: rows written, distinct accounts, the file and the time taken.
//!
//! The summary goes to standard output, or to standard error when the stream itself
//! goes to standard output (`--out -`), so that the CSV stays clean. `--json` needs an
//! output file for the same reason.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context as _, Result, bail};
use mekong_core::i18n::{Arg, Messages};
use mekong_ingest::generate::{Generator, GeneratorConfig, write_canonical};
use serde::Serialize;

use crate::Context;
use crate::cli::GenerateArgs;

/// The `--json` summary.
#[derive(Debug, Serialize)]
struct GenerateSummary {
    /// Transactions written, the header row not counted.
    rows: u64,
    /// Distinct accounts the transactions name.
    accounts: usize,
    /// The output file.
    file: String,
    /// Seconds taken to generate and write the stream.
    elapsed_seconds: f64,
}

/// Writes the stream to the output file or standard output and prints the summary.
pub fn run(context: &Context, args: &GenerateArgs) -> Result<ExitCode> {
    let messages = Messages::global();
    let to_stdout = args.out.as_os_str() == "-";
    if to_stdout && args.json {
        bail!(messages.get(context.locale, "generate-json-needs-file"));
    }

    let config = GeneratorConfig {
        transactions: args.transactions,
        accounts: args.accounts,
        seed: args.seed,
        cases_per_thousand: args.cases_per_thousand,
        ..GeneratorConfig::default()
    };

    let started = Instant::now();
    let mut output: Box<dyn Write> = if to_stdout {
        Box::new(BufWriter::new(std::io::stdout().lock()))
    } else {
        let file = File::create(&args.out).with_context(|| format!("cannot create {}", args.out.display()))?;
        Box::new(BufWriter::with_capacity(1 << 20, file))
    };

    let mut generator = Generator::new(config);
    let rows = write_canonical(&mut output, generator.by_ref())?;
    output.flush()?;
    drop(output);

    let summary = GenerateSummary {
        rows,
        accounts: generator.accounts_used(),
        file: args.out.display().to_string(),
        elapsed_seconds: started.elapsed().as_secs_f64(),
    };
    tracing::info!(rows, accounts = summary.accounts, "generated transactions");

    if args.json {
        println!("{}", serde_json::to_string(&summary)?);
        return Ok(ExitCode::SUCCESS);
    }

    let file = if to_stdout { messages.get(context.locale, "generate-standard-output") } else { summary.file.clone() };
    let elapsed = format!("{:.2}", summary.elapsed_seconds);
    let text = messages.format(
        context.locale,
        "generate-summary",
        &[
            ("file", Arg::Text(&file)),
            ("rows", Arg::Number(rows as f64)),
            ("accounts", Arg::Number(summary.accounts as f64)),
            ("elapsed", Arg::Text(&elapsed)),
        ],
    );
    if to_stdout {
        eprintln!("{text}");
    } else {
        println!("{text}");
    }
    Ok(ExitCode::SUCCESS)
}
