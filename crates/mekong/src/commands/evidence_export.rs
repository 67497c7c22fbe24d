//! `mekong evidence export`: writes a court export package of one case.
//!
//! Only users whose roles are granted `Action::ExportEvidence` may export. The export
//! appends an `exported` custody event per item and signs a checkpoint before it
//! writes the custody files, so the package proves its own export, and records one
//! `evidence.export` audit event for the case.

use std::process::ExitCode;

use anyhow::{Result, anyhow};
use mekong_auth::Action;
use mekong_core::i18n::{Arg, Messages};
use mekong_evidence::package::{PackageError, export_case};

use crate::Context;
use crate::actor::authorize;
use crate::cli::EvidenceExportArgs;
use crate::commands::evidence::{audit, open_vault};
use crate::node::{DataDir, ensure_identity};

/// Runs `evidence export`.
pub fn run(context: &Context, args: &EvidenceExportArgs) -> Result<ExitCode> {
    let actor = authorize(context, Action::ExportEvidence)?;
    let data = DataDir::open(&context.data_dir, false, context.locale)?;
    let identity = ensure_identity(data.store.as_ref(), None, context.locale)?;
    let vault = open_vault(context, data.store.clone(), &identity)?;

    let messages = Messages::global();
    let summary =
        export_case(&vault, data.store.as_ref(), identity.node_id.as_str(), &args.case_ref, &args.out, &actor.user.username)
            .map_err(|error| match error {
                PackageError::EmptyCase(case) => {
                    anyhow!(messages.format(context.locale, "evidence-export-empty-case", &[("case", Arg::Text(&case))]))
                }
                PackageError::OutputNotEmpty(dir) => anyhow!(messages.format(
                    context.locale,
                    "evidence-export-output-not-empty",
                    &[("dir", Arg::Text(&dir.display().to_string()))]
                )),
                other => anyhow::Error::new(other),
            })?;

    audit(
        context,
        data.store.clone(),
        &actor,
        "evidence.export",
        ("case", &args.case_ref),
        &[
            ("items", summary.items.to_string()),
            ("events", summary.events.to_string()),
            ("tree_size", summary.tree_size.to_string()),
        ],
    )?;

    println!(
        "{}",
        messages.format(
            context.locale,
            "evidence-export-done",
            &[
                ("case", Arg::Text(&args.case_ref)),
                ("dir", Arg::Text(&args.out.display().to_string())),
                ("items", Arg::Number(summary.items as f64)),
                ("events", Arg::Number(summary.events as f64)),
                ("checkpoints", Arg::Number(summary.checkpoints as f64)),
                ("files", Arg::Number(summary.files as f64)),
            ],
        )
    );
    Ok(ExitCode::SUCCESS)
}
