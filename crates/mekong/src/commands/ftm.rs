//! `mekong export ftm` and `mekong import ftm`: the node's entities as FollowTheMoney
//! JSON lines, sorted by id so that the same entities always give the same bytes.
//! Each export and import is an `ftm.export` or `ftm.import` event in the audit trail.

use std::io::{BufReader, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context as _, Result};
use mekong_auth::Action;
use mekong_core::i18n::{Arg, Messages};
use mekong_reports::ftm::{read_lines, write_lines};
use mekong_reports::{import_entities, stored_entities};

use crate::Context;
use crate::audit_cli::open_auditor;
use crate::commands::goaml::field_changes;
use crate::node::DataDir;

/// `mekong export` subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum ExportCommand {
    /// Write every entity as FtM JSON lines.
    Ftm {
        /// Output file; standard output when absent.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
}

/// Arguments of `mekong import ftm`.
#[derive(Debug, clap::Args)]
pub struct ImportFtmArgs {
    /// An FtM JSON lines file.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
}

/// Runs `mekong export ftm`.
pub fn run_export(context: &Context, command: &ExportCommand) -> Result<ExitCode> {
    let ExportCommand::Ftm { out } = command;
    let actor = crate::actor::authorize(context, Action::ReadReports)?;
    let data = DataDir::open(&context.data_dir, false, context.locale)?;
    let entities = stored_entities(data.store.as_ref())?;

    match out {
        Some(path) => {
            let file = std::fs::File::create(path)
                .with_context(|| format!("cannot create {}", path.display()))?;
            let mut writer = std::io::BufWriter::new(file);
            write_lines(&mut writer, &entities)?;
            writer.flush()?;
        }
        None => {
            let mut stdout = std::io::stdout().lock();
            write_lines(&mut stdout, &entities)?;
            stdout.flush()?;
        }
    }

    let target = out
        .as_ref()
        .map_or_else(|| "stdout".to_owned(), |path| path.display().to_string());
    let changes = [
        ("out", target.clone()),
        ("entities", entities.len().to_string()),
    ];
    let auditor = open_auditor(&context.data_dir, data.store.clone(), &actor.identity)?;
    auditor.record(actor.event("ftm.export", ("file", &target), field_changes(&changes)))?;
    Ok(ExitCode::SUCCESS)
}

/// Runs `mekong import ftm`.
pub fn run_import(context: &Context, args: &ImportFtmArgs) -> Result<ExitCode> {
    let actor = crate::actor::authorize(context, Action::ImportReports)?;
    let data = DataDir::open(&context.data_dir, true, context.locale)?;
    let file = std::fs::File::open(&args.file)
        .with_context(|| format!("cannot read {}", args.file.display()))?;
    let entities = read_lines(BufReader::new(file))
        .with_context(|| format!("cannot import {}", args.file.display()))?;
    let changed = import_entities(data.store.as_ref(), &entities)?;

    let name = args.file.display().to_string();
    let changes = [
        ("file", name.clone()),
        ("read", entities.len().to_string()),
        ("changed", changed.to_string()),
    ];
    let auditor = open_auditor(&context.data_dir, data.store.clone(), &actor.identity)?;
    auditor.record(actor.event("ftm.import", ("file", &name), field_changes(&changes)))?;

    let args = [
        ("read", Arg::Number(entities.len() as f64)),
        ("changed", Arg::Number(changed as f64)),
    ];
    println!(
        "{}",
        Messages::global().format(context.locale, "reports-ftm-imported", &args)
    );
    Ok(ExitCode::SUCCESS)
}
