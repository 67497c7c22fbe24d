//! `mekong generate`: write a synthetic transaction stream as canonical CSV.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::process::ExitCode;

use anyhow::{Context as _, Result};
use mekong_ingest::generate::{Generator, GeneratorConfig, write_canonical};

use crate::cli::GenerateArgs;

/// Writes the stream to the output file or standard output.
pub fn run(args: &GenerateArgs) -> Result<ExitCode> {
    let config = GeneratorConfig {
        transactions: args.transactions,
        accounts: args.accounts,
        seed: args.seed,
        cases_per_thousand: args.cases_per_thousand,
        ..GeneratorConfig::default()
    };

    let mut output: Box<dyn Write> = if args.out.as_os_str() == "-" {
        Box::new(BufWriter::new(std::io::stdout().lock()))
    } else {
        let file = File::create(&args.out).with_context(|| format!("cannot create {}", args.out.display()))?;
        Box::new(BufWriter::with_capacity(1 << 20, file))
    };

    let count = write_canonical(&mut output, Generator::new(config))?;
    output.flush()?;
    tracing::info!(count, "generated transactions");
    Ok(ExitCode::SUCCESS)
}
