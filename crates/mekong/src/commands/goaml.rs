//! `mekong import goaml` and `mekong reports`: import goAML bank reports and list merge
//! suggestions, while the node is stopped.
//!
//! Each file is validated and stored on its own, all or nothing. After a rejected file
//! the command goes on with the next one, and it exits with status 1 when any was rejected.
//! Every file imported or rejected is a `report.import` event in the audit trail.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context as _, Result, anyhow};
use mekong_audit::{AuditEvent, FieldChange};
use mekong_auth::Action;
use mekong_core::Country;
use mekong_core::i18n::{Arg, Locale, Messages};
use mekong_ingest::pipeline::{Outcome, Pipeline};
use mekong_reports::{
    ImportOutcome, MergeKind, MergeSuggestion, ValidationError, import_goaml, monitor_transactions, stored_merge_suggestions,
    transactions_without_accounts, validate,
};
use mekong_store::Store;

use crate::Context;
use crate::actor::Actor;
use crate::audit_cli::open_auditor;
use crate::commands::import::{load_rules, save_snapshot, snapshot_path};
use crate::node::DataDir;

/// Arguments of `mekong import goaml`.
#[derive(Debug, clap::Args)]
pub struct ImportGoamlArgs {
    /// goAML XML report files, one report each.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Print one JSON summary on standard output in place of text.
    #[arg(long)]
    pub json: bool,
}

/// `mekong reports` subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum ReportsCommand {
    /// List people, organisations and bank accounts that were probably reported twice,
    /// one line per pair with every matching rule. Nothing is merged.
    MergeSuggestions {
        /// Print JSON lines in place of text.
        #[arg(long)]
        json: bool,
    },
}

/// Imports goAML report files.
pub fn run_import(context: &Context, args: &ImportGoamlArgs) -> Result<ExitCode> {
    let actor = crate::actor::authorize(context, Action::ImportReports)?;
    let data = DataDir::open(&context.data_dir, true, context.locale)?;
    let auditor = open_auditor(&context.data_dir, data.store.clone(), &actor.identity)?;
    let messages = Messages::global();
    let identity = data
        .store
        .node_identity()?
        .ok_or_else(|| anyhow!(messages.get(context.locale, "not-initialised")))?;
    let origin = identity.node_id.to_string();
    // goAML dates carry no zone: read them in the node's country, UTC+07:00 in Laos
    // and UTC+08:00 in China.
    let offset_seconds = if identity.country == Country::LA {
        7 * 3600
    } else {
        8 * 3600
    };
    let mut pipeline = None;
    let mut tally = MonitorTally::default();

    let mut summary = Vec::new();
    let mut rejected = 0usize;
    for file in &args.files {
        let xml = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
        let outcome = import_goaml(data.store.as_ref(), &origin, &xml)
            .with_context(|| format!("goAML import of {} failed", file.display()))?;
        let name = file.display().to_string();
        auditor.record(import_event(&actor, &name, &outcome))?;

        // A report stored before is handed over again, because an earlier run may have
        // stopped between storing it and scoring. The monitor skips transactions it stores.
        let report_id = match &outcome {
            ImportOutcome::Stored { report_id, .. }
            | ImportOutcome::AlreadyStored { report_id } => Some(report_id),
            ImportOutcome::Rejected { .. } => None,
        };
        if let Some(report_id) = report_id
            && let Ok(report) = validate(&xml)
        {
            tally.reports += 1;
            tally.without_accounts += transactions_without_accounts(&report);
            let transactions =
                monitor_transactions(&report, report_id, &identity.node_id, offset_seconds);
            if !transactions.is_empty() {
                if pipeline.is_none() {
                    let rules = load_rules(context.config.monitor.rules.as_deref())?;
                    let snapshot = snapshot_path(&context.data_dir);
                    pipeline =
                        Some(Pipeline::start_with_snapshot(data.store(), rules, &snapshot)?.0);
                }
                if let Some(pipeline) = &pipeline {
                    let outcomes = pipeline.submit(transactions)?;
                    tally.count(&outcomes);
                }
            }
        }

        // With --json, standard output contains only the summary, which lists every
        // rejected file with its errors, and standard error only logs and failures.
        if let ImportOutcome::Rejected { errors } = &outcome {
            rejected += 1;
            if !args.json {
                print_rejection(context.locale, &name, errors);
            }
        } else if !args.json {
            let (key, id) = match &outcome {
                ImportOutcome::Stored { report_id, .. } => ("reports-stored", report_id),
                ImportOutcome::AlreadyStored { report_id } => ("reports-already-stored", report_id),
                ImportOutcome::Rejected { .. } => continue,
            };
            println!(
                "{}",
                messages.format(
                    context.locale,
                    key,
                    &[("file", Arg::Text(&name)), ("id", Arg::Text(id))]
                )
            );
        }
        summary.push(serde_json::json!({ "file": name, "result": outcome }));
    }

    if let Some(pipeline) = &pipeline {
        save_snapshot(pipeline, &context.data_dir);
    }
    if args.json {
        let summary = serde_json::json!({
            "files": summary,
            "rejected": rejected,
            "monitored_transactions": tally.accepted,
            "already_monitored_transactions": tally.duplicates,
            "transactions_without_accounts": tally.without_accounts,
        });
        println!("{summary}");
    } else if tally.reports > 0 {
        print_monitor_tally(context.locale, &tally);
    }
    Ok(if rejected > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// Transactions of the imported reports, by what the monitor did with them.
#[derive(Debug, Default)]
struct MonitorTally {
    /// Valid reports whose transactions were handed to the monitor.
    reports: usize,
    /// Transactions the monitor stored and scored now.
    accepted: usize,
    /// Transactions the monitor had stored before, from an earlier import.
    duplicates: usize,
    /// Transactions without a bank account on one side, which the monitor cannot score.
    without_accounts: usize,
}

impl MonitorTally {
    /// Adds the pipeline's outcomes of one report.
    fn count(&mut self, outcomes: &[Outcome]) {
        for outcome in outcomes {
            match outcome {
                Outcome::Accepted { .. } => self.accepted += 1,
                Outcome::Duplicate { .. } => self.duplicates += 1,
                Outcome::Rejected { .. } => {}
            }
        }
    }
}

/// Prints how many transactions the monitor scored and why the others were not scored.
fn print_monitor_tally(locale: Locale, tally: &MonitorTally) {
    let messages = Messages::global();
    let count = |value: usize| [("count", Arg::Number(value as f64))];

    println!(
        "{}",
        messages.format(locale, "reports-monitored", &count(tally.accepted))
    );
    if tally.duplicates > 0 {
        let text = messages.format(locale, "reports-monitored-before", &count(tally.duplicates));
        println!("{text}");
    }
    if tally.without_accounts > 0 {
        let text = messages.format(locale, "reports-not-monitored", &count(tally.without_accounts));
        println!("{text}");
    }
}

/// Prints why a file was rejected, one line per validation error, on standard error.
fn print_rejection(locale: Locale, file: &str, errors: &[ValidationError]) {
    let messages = Messages::global();
    let count = Arg::Number(errors.len() as f64);
    eprintln!(
        "{}",
        messages.format(locale, "reports-rejected", &[("file", Arg::Text(file)), ("count", count)])
    );
    for error in errors {
        let rule_key = format!("reports-rule-{}", error.rule.code());
        let limit = error.rule.limit();
        let rule = messages.format(locale, &rule_key, &[("limit", Arg::Text(&limit))]);
        let args = [
            ("path", Arg::Text(&error.path)),
            ("value", Arg::Text(&error.value)),
            ("rule", Arg::Text(&rule)),
        ];
        let key = if error.value.is_empty() {
            "reports-error-line-structure"
        } else {
            "reports-error-line"
        };
        eprintln!("  {}", messages.format(locale, key, &args));
    }
}

/// Builds the `report.import` audit event of one file: the report id (the file name for
/// a rejected report, which gets no id), the outcome and the number of validation errors.
fn import_event(actor: &Actor, file: &str, outcome: &ImportOutcome) -> AuditEvent {
    let (result, object, errors) = match outcome {
        ImportOutcome::Stored { report_id, .. } => ("stored", ("report", report_id.as_str()), 0),
        ImportOutcome::AlreadyStored { report_id } => {
            ("already-stored", ("report", report_id.as_str()), 0)
        }
        ImportOutcome::Rejected { errors } => ("rejected", ("file", file), errors.len()),
    };

    let changes = [
        ("file", file.to_owned()),
        ("outcome", result.to_owned()),
        ("errors", errors.to_string()),
    ];
    actor.event("report.import", object, field_changes(&changes))
}

/// Turns (field, new value) pairs into audit field changes.
pub(crate) fn field_changes(changes: &[(&str, String)]) -> Vec<FieldChange> {
    changes
        .iter()
        .map(|(field, value)| FieldChange {
            field: (*field).to_owned(),
            old: None,
            new: Some(value.clone()),
        })
        .collect()
}

/// Returns the message key naming a kind of merge suggestion.
fn merge_kind_key(kind: MergeKind) -> &'static str {
    match kind {
        MergeKind::Person => "web-entities-kind-person",
        MergeKind::Organisation => "web-entities-kind-organisation",
        MergeKind::BankAccount => "web-entities-kind-bank-account",
    }
}

/// Returns every rule a pair meets with its shared key, as one localised list.
fn merge_reasons_text(locale: Locale, suggestion: &MergeSuggestion) -> String {
    let messages = Messages::global();
    let separator = messages.get(locale, "reports-merge-reason-separator");

    suggestion
        .matches
        .iter()
        .map(|found| {
            let rule = messages.get(locale, found.reason.message_key());
            messages.format(
                locale,
                "reports-merge-reason",
                &[("rule", Arg::Text(&rule)), ("key", Arg::Text(&found.key))],
            )
        })
        .collect::<Vec<_>>()
        .join(&separator)
}

/// Runs a `mekong reports` subcommand.
pub fn run(context: &Context, command: &ReportsCommand) -> Result<ExitCode> {
    crate::actor::authorize(context, Action::ReadReports)?;
    let data = DataDir::open(&context.data_dir, false, context.locale)?;
    let messages = Messages::global();

    match command {
        ReportsCommand::MergeSuggestions { json } => {
            let suggestions = stored_merge_suggestions(data.store.as_ref())?;
            for suggestion in &suggestions {
                if *json {
                    println!("{}", serde_json::to_string(suggestion)?);
                } else {
                    let kind = merge_kind_key(suggestion.kind);
                    let reasons = merge_reasons_text(context.locale, suggestion);
                    let args = [
                        ("left", Arg::Text(&suggestion.left)),
                        ("right", Arg::Text(&suggestion.right)),
                        ("kind", Arg::Text(&messages.get(context.locale, kind))),
                        ("reason", Arg::Text(&reasons)),
                    ];
                    println!(
                        "{}",
                        messages.format(context.locale, "reports-merge-suggestion", &args)
                    );
                }
            }
            if suggestions.is_empty() && !*json {
                println!("{}", messages.get(context.locale, "reports-merge-none"));
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
