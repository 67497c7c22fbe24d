//! `mekong rules`: check a rule file or print the shipped defaults.

use std::process::ExitCode;

use anyhow::Result;
use mekong_core::i18n::{Arg, Messages};
use mekong_monitor::RuleSet;

use crate::Context;
use crate::cli::RulesCommand;

/// Runs a rules subcommand.
pub fn run(context: &Context, command: RulesCommand) -> Result<ExitCode> {
    match command {
        RulesCommand::Defaults => {
            print!("{}", RuleSet::default_toml());
            Ok(ExitCode::SUCCESS)
        }
        RulesCommand::Check { file } => {
            let rules = RuleSet::load(&file)?;
            let name = file.display().to_string();
            let count = rules.rule_ids().len() as f64;
            println!(
                "{}",
                Messages::global().format(
                    context.locale,
                    "rules-valid",
                    &[("file", Arg::Text(&name)), ("count", Arg::Number(count))]
                )
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}
