//! `mekong evidence add`, `mekong evidence list` and `mekong evidence parse`.
//!
//! `add` seals each file into the vault, records its `checked_in` custody event, signs
//! a custody checkpoint, and records an `evidence.add` audit event per item. An item of
//! a known format is then parsed into records for search, with a `parsed` custody event.
//! A PaySim or AMLSim bank statement added without `--statement-currency` and
//! `--statement-start` stays stored unparsed, and `add` names the missing options.
//! `parse` parses an existing item again; the same content gives the same records and
//! no second custody event. The vault key and the node signing key are generated in the
//! data directory on first use. Each subcommand first checks the acting user's permission:
//! `add` and `parse` need `AddEvidence`, and `list` needs `ReadEvidence`.

use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Result, anyhow};
use chrono::{DateTime, FixedOffset, NaiveDate};
use mekong_audit::{FieldChange, NodeKey};
use mekong_auth::Action;
use mekong_core::{Currency, NodeIdentity};
use mekong_core::i18n::{Arg, Locale, Messages};
use mekong_evidence::ingest_parse::{ParseSummary, parse_item};
use mekong_evidence::parse::BankStatementOptions;
use mekong_evidence::{AddRequest, AddedItem, CustodyLog, EvidenceError, EvidenceKind, Vault, VaultKey};
use mekong_store::SqliteStore;
use mekong_store::evidence::EvidenceStore;

use crate::Context;
use crate::actor::{Actor, authorize};
use crate::audit_cli::open_auditor;
use crate::cli::{EvidenceAddArgs, EvidenceCommand, EvidenceListArgs, EvidenceParseArgs};
use crate::node::{DataDir, ensure_identity};

/// Runs one `evidence` subcommand.
pub fn run(context: &Context, command: &EvidenceCommand) -> Result<ExitCode> {
    match command {
        EvidenceCommand::Add(args) => run_add(context, args),
        EvidenceCommand::List(args) => run_list(context, args),
        EvidenceCommand::Parse(args) => run_parse(context, args),
        EvidenceCommand::Search(args) => super::evidence_search::run(context, args),
        EvidenceCommand::Export(args) => super::evidence_export::run(context, args),
        EvidenceCommand::Custody(args) => super::evidence_custody::run(context, args),
    }
}

/// Opens the vault of a node, generating its keys on first use.
pub fn open_vault(context: &Context, store: Arc<SqliteStore>, identity: &NodeIdentity) -> Result<Vault> {
    let node_key = NodeKey::load_or_generate(&context.data_dir)?;
    let vault_key = VaultKey::load_or_generate(&context.data_dir)?;
    let log = CustodyLog::new(store.clone(), node_key, identity.node_id.as_str());
    Ok(Vault::new(&context.data_dir, store, vault_key, log, identity.node_id.as_str()))
}

fn parse_request(args: &EvidenceAddArgs, actor: String, locale: Locale) -> Result<AddRequest> {
    let messages = Messages::global();

    let kind: EvidenceKind = args.kind.parse().map_err(|_| {
        let kinds: Vec<&str> = EvidenceKind::ALL.iter().map(|kind| kind.as_str()).collect();
        anyhow!(messages.format(
            locale,
            "evidence-unknown-kind",
            &[("kind", Arg::Text(&args.kind)), ("kinds", Arg::Text(&kinds.join(", ")))],
        ))
    })?;
    let collected_at: Option<DateTime<FixedOffset>> = args
        .collected_at
        .as_deref()
        .map(|text| {
            DateTime::parse_from_rfc3339(text)
                .map_err(|_| anyhow!(messages.format(locale, "evidence-invalid-time", &[("value", Arg::Text(text))])))
        })
        .transpose()?;

    let currency = args
        .statement_currency
        .as_deref()
        .map(|code| {
            code.to_ascii_uppercase().parse::<Currency>().map_err(|_| {
                anyhow!(messages.format(locale, "evidence-invalid-statement-currency", &[("value", Arg::Text(code))]))
            })
        })
        .transpose()?;
    let start_date = args
        .statement_start
        .as_deref()
        .map(|text| {
            NaiveDate::parse_from_str(text, "%Y-%m-%d")
                .map_err(|_| anyhow!(messages.format(locale, "evidence-invalid-statement-start", &[("value", Arg::Text(text))])))
        })
        .transpose()?;

    Ok(AddRequest {
        case_ref: args.case_ref.clone(),
        kind,
        exhibit_number: args.exhibit.clone(),
        seal_number: args.seal.clone(),
        device_type: args.device_type.clone(),
        device_imei: args.imei.clone(),
        device_serial: args.serial.clone(),
        collected_by: args.collected_by.clone(),
        collected_location: args.location.clone(),
        collected_at,
        legal_authority: args.authority.clone(),
        legacy_hashes: args.legacy_hashes,
        statement: BankStatementOptions { currency, start_date },
        actor,
    })
}

fn run_add(context: &Context, args: &EvidenceAddArgs) -> Result<ExitCode> {
    let actor = authorize(context, Action::AddEvidence)?;
    let data = DataDir::open(&context.data_dir, false, context.locale)?;
    let identity = ensure_identity(data.store.as_ref(), None, context.locale)?;
    let request = parse_request(args, actor.user.username.clone(), context.locale)?;
    let vault = open_vault(context, data.store.clone(), &identity)?;

    for path in &args.files {
        let added = vault.add(&request, path)?;

        audit(
            context,
            data.store.clone(),
            &actor,
            "evidence.add",
            ("evidence_item", &added.id),
            &[("case", request.case_ref.clone()), ("kind", request.kind.as_str().to_owned()), ("sha256", added.hashes.sha256.clone())],
        )?;
        print_added(&added, context.locale);

        let evidence: Arc<dyn EvidenceStore> = data.store.clone();
        match parse_item(&vault, &evidence, data.store.as_ref(), &added.id, &request.actor) {
            Ok(summary) => print_parsed(summary.as_ref(), context.locale),
            Err(EvidenceError::StatementOptionsMissing { item_id, layout, currency, start_date }) => {
                tracing::info!(item_id = %item_id, layout, "bank statement stored unparsed: currency or start date missing");
                let missing: Vec<&str> =
                    [(currency, "--statement-currency"), (start_date, "--statement-start")].into_iter().filter(|(missing, _)| *missing).map(|(_, flag)| flag).collect();
                eprintln!(
                    "{}",
                    Messages::global().format(
                        context.locale,
                        "evidence-statement-options-missing",
                        &[("id", Arg::Text(&item_id)), ("layout", Arg::Text(layout)), ("missing", Arg::Text(&missing.join(", ")))],
                    )
                );
            }
            Err(error) => return Err(error.into()),
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn run_parse(context: &Context, args: &EvidenceParseArgs) -> Result<ExitCode> {
    let actor = authorize(context, Action::AddEvidence)?;
    let data = DataDir::open(&context.data_dir, false, context.locale)?;
    let identity = ensure_identity(data.store.as_ref(), None, context.locale)?;
    let vault = open_vault(context, data.store.clone(), &identity)?;

    let evidence: Arc<dyn EvidenceStore> = data.store.clone();
    let summary = match parse_item(&vault, &evidence, data.store.as_ref(), &args.item_id, &actor.user.username) {
        Ok(summary) => summary,
        Err(EvidenceError::ItemNotFound(id)) => {
            let messages = Messages::global();
            return Err(anyhow!(messages.format(context.locale, "evidence-item-not-found", &[("id", Arg::Text(&id))])));
        }
        Err(error) => return Err(error.into()),
    };

    if let Some(summary) = &summary {
        audit(
            context,
            data.store.clone(),
            &actor,
            "evidence.parse",
            ("evidence_item", &summary.item_id),
            &[("parser", summary.parser.name.to_owned()), ("output_sha256", summary.output_sha256.clone())],
        )?;
    }
    print_parsed(summary.as_ref(), context.locale);
    Ok(ExitCode::SUCCESS)
}

/// Records one evidence action of the acting user in the audit trail; `changes` are
/// (field, new value) pairs.
pub(crate) fn audit(
    context: &Context,
    store: Arc<SqliteStore>,
    actor: &Actor,
    action: &str,
    object: (&str, &str),
    changes: &[(&str, String)],
) -> Result<u64> {
    let auditor = open_auditor(&context.data_dir, store, &actor.identity)?;

    let changes = changes
        .iter()
        .map(|(field, value)| FieldChange { field: (*field).to_owned(), old: None, new: Some(value.clone()) })
        .collect();
    Ok(auditor.record(actor.event(action, object, changes))?)
}

fn print_parsed(summary: Option<&ParseSummary>, locale: Locale) {
    let messages = Messages::global();

    let Some(summary) = summary else {
        println!("{}", messages.get(locale, "evidence-parse-no-parser"));
        return;
    };

    println!(
        "{}",
        messages.format(
            locale,
            "evidence-parsed",
            &[
                ("parser", Arg::Text(summary.parser.name)),
                ("version", Arg::Text(summary.parser.version)),
                ("records", Arg::Number(summary.records as f64)),
                ("unparsed", Arg::Number(summary.unparsed.len() as f64)),
                ("sha256", Arg::Text(&summary.output_sha256)),
            ],
        )
    );
    for unparsed in &summary.unparsed {
        // NOTE: the reason comes from the parser in English; only the frame is localised.
        let reason = ("reason", Arg::Text(&unparsed.reason));
        let text = match unparsed.line {
            Some(line) => messages.format(locale, "evidence-unparsed-line", &[("line", Arg::Number(line as f64)), reason]),
            None => messages.format(locale, "evidence-unparsed-entry", &[reason]),
        };
        println!("{text}");
    }
    if summary.event_seq.is_none() {
        println!("{}", messages.get(locale, "evidence-parse-unchanged"));
    }
}

fn print_added(added: &AddedItem, locale: Locale) {
    let messages = Messages::global();

    println!(
        "{}",
        messages.format(
            locale,
            "evidence-added",
            &[
                ("id", Arg::Text(&added.id)),
                ("size", Arg::Number(added.hashes.size as f64)),
                ("sha256", Arg::Text(&added.hashes.sha256)),
                ("sm3", Arg::Text(&added.hashes.sm3)),
            ],
        )
    );
    if let (Some(md5), Some(sha1)) = (&added.hashes.md5, &added.hashes.sha1) {
        println!("{}", messages.format(locale, "evidence-legacy-hashes", &[("md5", Arg::Text(md5)), ("sha1", Arg::Text(sha1))]));
    }
    if !added.new_object {
        println!("{}", messages.get(locale, "evidence-already-stored"));
    }
}

fn run_list(context: &Context, args: &EvidenceListArgs) -> Result<ExitCode> {
    authorize(context, Action::ReadEvidence)?;
    let data = DataDir::open(&context.data_dir, false, context.locale)?;
    let messages = Messages::global();
    let items = data.store.evidence_items(Some(&args.case_ref))?;

    if items.is_empty() {
        println!("{}", messages.format(context.locale, "evidence-list-empty", &[("case", Arg::Text(&args.case_ref))]));
        return Ok(ExitCode::SUCCESS);
    }

    println!("{}", messages.format(context.locale, "evidence-list-header", &[("case", Arg::Text(&args.case_ref))]));
    for item in &items {
        let size = data.store.evidence_object(&item.sha256)?.map(|object| object.size).unwrap_or(0);
        let exhibit = item.exhibit_number.as_deref().unwrap_or("-");
        println!(
            "{}",
            messages.format(
                context.locale,
                "evidence-list-row",
                &[
                    ("id", Arg::Text(&item.id)),
                    ("kind", Arg::Text(&item.kind)),
                    ("exhibit", Arg::Text(exhibit)),
                    ("size", Arg::Number(size as f64)),
                    ("sha256", Arg::Text(&item.sha256)),
                ],
            )
        );
    }
    Ok(ExitCode::SUCCESS)
}
