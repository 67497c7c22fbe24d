//! `mekong init`: give a new node its identity.

use std::process::ExitCode;

use anyhow::{Result, bail};
use mekong_core::i18n::{Arg, Messages};

use crate::Context;
use crate::cli::IdentityArgs;
use crate::node::{DataDir, identity_from};

/// Stores the identity; running it again with the same identity changes nothing.
pub fn run(context: &Context, args: &IdentityArgs) -> Result<ExitCode> {
    let Some(identity) = identity_from(args, &context.config)? else {
        bail!("give the node's identity: --node-id ID --country CN|LA --agency NAME");
    };

    let data = DataDir::open(&context.data_dir, true, context.locale)?;
    mekong_store::Store::init_node_identity(data.store.as_ref(), &identity)?;
    crate::audit_cli::record(
        &context.data_dir,
        data.store.clone(),
        &identity,
        "node.init",
        ("node", identity.node_id.as_str()),
        &[("country", identity.country.as_str().to_owned()), ("agency", identity.agency.clone())],
    )?;

    let dir = context.data_dir.display().to_string();
    println!(
        "{}",
        Messages::global().format(
            context.locale,
            "init-done",
            &[
                ("node", Arg::Text(identity.node_id.as_str())),
                ("agency", Arg::Text(&identity.agency)),
                ("country", Arg::Text(identity.country.as_str())),
                ("dir", Arg::Text(&dir)),
            ],
        )
    );
    Ok(ExitCode::SUCCESS)
}
