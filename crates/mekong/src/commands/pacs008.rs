//! `mekong import pacs008`: imports ISO 20022 pacs.008 XML files through the same
//! path as `import transactions --format pacs008`, so deduplication, scoring,
//! rejects and the audit record are the same as for CSV files.

use std::process::ExitCode;

use anyhow::Result;
use mekong_auth::Action;

use crate::Context;
use crate::cli::{ImportPacs008Args, ImportTransactionsArgs};

/// Checks the import permission, imports every file as pacs.008 and prints the summary.
pub fn run(context: &Context, args: &ImportPacs008Args) -> Result<ExitCode> {
    // NOTE: the command rules leave this check to the command, so `context.actor` stays
    // empty and the `import.transactions` audit record names the CLI actor, while the
    // permission decision itself is audited with the user.
    if context.actor.is_none() {
        crate::actor::authorize(context, Action::ImportTransactions)?;
    }

    let transactions = ImportTransactionsArgs {
        files: args.files.clone(),
        format: "pacs008".to_owned(),
        currency: None,
        start_date: None,
        utc_offset: args.utc_offset.clone(),
        rejects: args.rejects.clone(),
        batch_size: args.batch_size,
        rules: args.rules.clone(),
        json: args.json,
    };
    crate::commands::import::run(context, &transactions)
}
