//! `mekong flag`: manage the flagged-account list while the node is stopped.
//!
//! A running node holds the data directory's lock; these commands then fail with a
//! message saying so, because the running monitor would not see the change.

use std::process::ExitCode;

use anyhow::{Result, bail};
use chrono::Utc;
use mekong_core::AccountKey;
use mekong_core::i18n::{Arg, Messages};
use mekong_store::{Flag, Store};

use crate::Context;
use crate::cli::FlagCommand;
use crate::node::DataDir;

/// Maximum length of a flag reason, in characters.
const MAX_REASON_CHARS: usize = 2_000;

/// Runs a flag subcommand.
pub fn run(context: &Context, command: FlagCommand) -> Result<ExitCode> {
    let data = DataDir::open(&context.data_dir, true, context.locale)?;
    let store = data.store.as_ref();
    let messages = Messages::global();

    match command {
        FlagCommand::Add { bank, account, reason } => {
            let reason = reason.trim();
            if reason.is_empty() || reason.chars().count() > MAX_REASON_CHARS {
                bail!("invalid --reason: give why the account is flagged, 1 to {MAX_REASON_CHARS} characters");
            }
            if account.trim().is_empty() {
                bail!("invalid --account: the account number is empty");
            }
            let key = AccountKey::new(&bank, &account);
            store.add_flag(&Flag { account: key.clone(), reason: reason.to_owned(), added_at: Utc::now() })?;
            println!("{}", messages.format(context.locale, "flag-added", &[("account", Arg::Text(key.as_str()))]));
        }
        FlagCommand::Remove { bank, account } => {
            let key = AccountKey::new(&bank, &account);
            let id = if store.remove_flag(&key)? { "flag-removed" } else { "flag-not-found" };
            println!("{}", messages.format(context.locale, id, &[("account", Arg::Text(key.as_str()))]));
        }
        FlagCommand::List => {
            for flag in store.flags()? {
                println!("{}\t{}\t{}", flag.account, flag.added_at.to_rfc3339(), flag.reason);
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
