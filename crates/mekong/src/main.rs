//! `mekong`: the command-line entry point of a Mekong Bridge node.
//!
//! Parses arguments, sets up logging to standard error, and runs one subcommand.
//! User-facing output is localised; logs stay in English.

mod actor;
mod audit_cli;
mod broken_pipe;
mod cli;
mod command_rules;
mod commands;
mod config;
mod node;

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches};
use mekong_core::i18n::Locale;
use tracing_subscriber::EnvFilter;

use crate::cli::{Cli, Command};
use crate::config::FileConfig;

/// What every subcommand gets besides its own arguments.
#[derive(Debug)]
pub struct Context {
    /// The data directory.
    pub data_dir: PathBuf,
    /// The configuration file's settings.
    pub config: FileConfig,
    /// Language of user-facing output.
    pub locale: Locale,
    /// The `--as` user that data commands act as.
    pub user: Option<String>,
    /// The subcommand's path, such as `flag add`, for the audit trail.
    pub command: String,
    /// The user authorised for the subcommand by its rule in `command_rules`; `None`
    /// for commands that need no user or check on their own.
    pub actor: Option<actor::Actor>,
}

fn main() -> ExitCode {
    broken_pipe::exit_quietly_on_closed_stdout();

    let matches = Cli::command().get_matches();
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|error| error.exit());
    let command_path = command_rules::command_path(&matches);

    let filter = EnvFilter::try_new(&cli.log).unwrap_or_else(|_| EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .with_target(false)
        .init();

    let locale = match &cli.lang {
        Some(tag) => tag.parse().unwrap_or_else(|_| Locale::negotiate(tag)),
        None => Locale::negotiate(&std::env::var("LANG").unwrap_or_default()),
    };
    let data_dir = cli.data_dir.clone().unwrap_or_else(|| PathBuf::from("mekong-data"));

    let result = FileConfig::load(cli.config.as_deref(), &data_dir)
        .map(|config| Context { data_dir, config, locale, user: cli.user.clone(), command: command_path, actor: None })
        .and_then(|mut context| {
            context.actor = actor::authorize_command(&context)?;
            run(cli.command, &context)
        });

    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(command: Command, context: &Context) -> anyhow::Result<ExitCode> {
    match command {
        Command::Init(args) => commands::init::run(context, &args),
        Command::Serve(args) => commands::serve::run(context, args),
        Command::Import(cli::ImportCommand::Transactions(args)) => commands::import::run(context, &args),
        Command::Import(cli::ImportCommand::Pacs008(args)) => commands::pacs008::run(context, &args),
        Command::Import(cli::ImportCommand::Goaml(args)) => commands::goaml::run_import(context, &args),
        Command::Import(cli::ImportCommand::Ftm(args)) => commands::ftm::run_import(context, &args),
        Command::Export(command) => commands::ftm::run_export(context, &command),
        Command::Reports(command) => commands::goaml::run(context, &command),
        Command::Evaluate(args) => commands::evaluate::run(context, &args),
        Command::Generate(args) => commands::generate::run(context, &args),
        Command::Rules(command) => commands::rules::run(context, command),
        Command::Flag(command) => commands::flag::run(context, command),
        Command::Registry(command) => commands::registry::run(context, command),
        Command::Freeze(command) => commands::freeze::run(context, command),
        Command::Bench(command) => commands::bench::run(command),
        Command::Audit(command) => commands::audit::run(context, &command),
        Command::User(command) => commands::user::run(context, command),
        Command::Evidence(command) => commands::evidence::run(context, &command),
        Command::Custody(command) => commands::custody::run(context, &command),
        Command::Trace(command) => commands::trace::run(context, &command),
    }
}
