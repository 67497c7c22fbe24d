//! `mekong custody verify`, of the node's data directory or of a court export package.
//!
//! Exits 0 when the chain of custody is intact and 1 naming every problem found. Given
//! a package directory it opens nothing of the node (see [`run_verify_package`]).
//! Without one, it trusts the public key of the node's key file when the file exists, and otherwise
//! the keys stored in the database, and says which. It reads the vault key to decrypt
//! and re-hash objects, and fails when evidence exists but the vault key is missing.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{Result, anyhow};
use ed25519_dalek::VerifyingKey;
use mekong_audit::NodeKey;
use mekong_core::i18n::{Arg, Locale, Messages};
use mekong_evidence::package::{PackageReport, parse_public_key, verify_package};
use mekong_evidence::{CustodyReport, EvidenceError, VAULT_KEY_FILE, VaultKey, checkpoint_origin, verify_custody};
use mekong_store::audit::AuditStore;

use crate::Context;
use crate::cli::{CustodyCommand, CustodyVerifyArgs};
use crate::node::{DataDir, ensure_identity};

/// Runs one `custody` subcommand.
pub fn run(context: &Context, command: &CustodyCommand) -> Result<ExitCode> {
    match command {
        CustodyCommand::Verify(args) => run_verify(context, args),
    }
}

fn run_verify(context: &Context, args: &CustodyVerifyArgs) -> Result<ExitCode> {
    if let Some(package) = &args.package {
        return run_verify_package(context, package, args);
    }

    crate::actor::authorize(context, mekong_auth::Action::ReadEvidence)?;
    let data = DataDir::open(&context.data_dir, false, context.locale)?;
    let identity = ensure_identity(data.store.as_ref(), None, context.locale)?;
    let messages = Messages::global();

    let key_path = NodeKey::path_in(&context.data_dir);
    let trusts_key_file = key_path.exists();
    let trusted: Vec<VerifyingKey> = if trusts_key_file {
        vec![NodeKey::load(&key_path)?.public_key()]
    } else {
        data.store
            .node_public_keys("ed25519")?
            .iter()
            .filter_map(|bytes| <[u8; 32]>::try_from(bytes.as_slice()).ok())
            .filter_map(|bytes| VerifyingKey::from_bytes(&bytes).ok())
            .collect()
    };

    let vault_key_path = context.data_dir.join(VAULT_KEY_FILE);
    let vault_key = if vault_key_path.exists() {
        VaultKey::load(&vault_key_path)?
    } else if mekong_store::evidence::EvidenceStore::evidence_items(data.store.as_ref(), None)?.is_empty() {
        VaultKey::generate()?
    } else {
        return Err(anyhow!(messages.format(
            context.locale,
            "custody-vault-key-missing",
            &[("path", Arg::Text(&vault_key_path.display().to_string()))],
        )));
    };

    let origin = checkpoint_origin(identity.node_id.as_str());
    let report = verify_custody(data.store.as_ref(), &context.data_dir, &vault_key, &trusted, &origin, args.item.as_deref())
        .map_err(|error| match error {
            EvidenceError::ItemNotFound(id) => anyhow!(messages.format(context.locale, "evidence-item-not-found", &[("id", Arg::Text(&id))])),
            other => other.into(),
        })?;

    if args.json {
        println!("{}", serde_json::to_string(&report)?);
    } else {
        if !trusts_key_file {
            eprintln!("{}", messages.get(context.locale, "audit-verify-db-keys"));
        }
        print_report(&report, args.item.as_deref(), context.locale);
    }

    if report.is_ok() {
        return Ok(ExitCode::SUCCESS);
    }
    for problem in &report.problems {
        tracing::error!(kind = problem.kind.as_str(), subject = %problem.subject, detail = %problem.detail, "chain of custody damaged");
    }
    Ok(ExitCode::FAILURE)
}

/// Prints the outcome. For one item, the counts are the item's own events, and the
/// whole log's events and checkpoints follow separately, because their sequence and
/// signatures are checked too.
fn print_report(report: &CustodyReport, item: Option<&str>, locale: Locale) {
    let messages = Messages::global();

    if let Some(item_id) = item
        && report.is_ok()
    {
        println!(
            "{}",
            messages.format(
                locale,
                "custody-verify-item-ok",
                &[
                    ("id", Arg::Text(item_id)),
                    ("events", Arg::Number(report.item_events as f64)),
                    ("log_events", Arg::Number(report.events as f64)),
                    ("checkpoints", Arg::Number(report.checkpoints as f64)),
                ],
            )
        );
        return;
    }
    if report.is_ok() {
        println!(
            "{}",
            messages.format(
                locale,
                "custody-verify-ok",
                &[
                    ("events", Arg::Number(report.events as f64)),
                    ("checkpoints", Arg::Number(report.checkpoints as f64)),
                    ("items", Arg::Number(report.items as f64)),
                    ("objects", Arg::Number(report.objects as f64)),
                ],
            )
        );
        return;
    }

    println!("{}", messages.format(locale, "custody-verify-failed", &[("count", Arg::Number(report.problems.len() as f64))]));
    for problem in &report.problems {
        let kind = messages.get(locale, &format!("custody-problem-{}", problem.kind.as_str().replace('_', "-")));
        // The subject is "<type> <id>", such as "event 12"; the type is translated, the id kept.
        let (subject_type, subject_id) = problem.subject.split_once(' ').unwrap_or((problem.subject.as_str(), ""));
        let subject = messages.format(locale, &format!("custody-subject-{subject_type}"), &[("id", Arg::Text(subject_id))]);
        println!(
            "{}",
            messages.format(
                locale,
                "custody-problem",
                &[("subject", Arg::Text(&subject)), ("problem", Arg::Text(&kind)), ("detail", Arg::Text(&problem.detail))],
            )
        );
    }
}

/// Verifies a court export package with nothing of the node: no data directory, no
/// database and no key file are opened. It trusts the package's own node key unless
/// `--key` pins one, and prints that key so a court can compare it with the one the
/// node publishes.
fn run_verify_package(context: &Context, package: &Path, args: &CustodyVerifyArgs) -> Result<ExitCode> {
    let messages = Messages::global();

    let pinned = match &args.key {
        Some(text) => {
            // 64 hex digits that fail to parse encode 32 bytes that are not an Ed25519 point.
            let digits = text.trim();
            let is_32_bytes = digits.len() == 64 && digits.chars().all(|digit| digit.is_ascii_hexdigit());
            let message_key = if is_32_bytes { "package-key-not-ed25519" } else { "package-invalid-key" };
            let key = parse_public_key(text).ok_or_else(|| anyhow!(messages.format(context.locale, message_key, &[("value", Arg::Text(text))])))?;
            Some(key)
        }
        None => None,
    };
    if !package.is_dir() {
        return Err(anyhow!(messages.format(
            context.locale,
            "package-not-found",
            &[("dir", Arg::Text(&package.display().to_string()))],
        )));
    }

    let report = verify_package(package, pinned.as_ref())?;

    // A key other than the pinned one is no damage of the package, so the package is
    // checked again against its own key to tell the two apart.
    let signed_by_other_key = pinned.as_ref().is_some_and(|expected| !carries_key(&report, expected));
    let unpinned = if signed_by_other_key { Some(verify_package(package, None)?) } else { None };
    let damage = unpinned.as_ref().unwrap_or(&report);

    if args.json {
        println!("{}", serde_json::to_string(&report)?);
    } else {
        print_package_report(damage, signed_by_other_key, pinned.as_ref(), context.locale);
    }

    for problem in &damage.problems {
        tracing::error!(kind = problem.kind.as_str(), file = %problem.file, detail = %problem.detail, "court export package damaged");
    }
    if signed_by_other_key {
        tracing::warn!(node_id = report.node_id.as_deref().unwrap_or(""), "court export package signed by a key other than the pinned one");
    }

    if report.is_ok() {
        return Ok(ExitCode::SUCCESS);
    }
    Ok(ExitCode::FAILURE)
}

/// Returns whether the package's node key is `expected`. Returns true when the key
/// cannot be read, because the report already lists that as damage.
fn carries_key(report: &PackageReport, expected: &VerifyingKey) -> bool {
    match report.public_key.as_deref() {
        Some(public_key) => parse_public_key(public_key).is_some_and(|found| &found == expected),
        None => true,
    }
}

/// Prints the outcome. When `signed_by_other_key` is set, `report` was checked against
/// the package's own key, so an intact package is reported as intact before the key mismatch.
fn print_package_report(report: &PackageReport, signed_by_other_key: bool, pinned: Option<&VerifyingKey>, locale: Locale) {
    let messages = Messages::global();

    if report.is_ok() && signed_by_other_key {
        println!("{}", messages.get(locale, "package-verify-intact-other-key"));
    } else if report.is_ok() {
        println!(
            "{}",
            messages.format(
                locale,
                "package-verify-ok",
                &[
                    ("files", Arg::Number(report.files as f64)),
                    ("items", Arg::Number(report.items as f64)),
                    ("events", Arg::Number(report.events as f64)),
                    ("checkpoints", Arg::Number(report.checkpoints as f64)),
                ],
            )
        );
    } else {
        println!("{}", messages.format(locale, "package-verify-failed", &[("count", Arg::Number(report.problems.len() as f64))]));
        for problem in &report.problems {
            let kind = messages.get(locale, &format!("package-problem-{}", problem.kind.as_str().replace('_', "-")));
            // A subject is "<type> <id>", such as "event 12". The type is translated and the id kept.
            let (key, subject) = match problem.subject.as_deref().and_then(|subject| subject.split_once(' ')) {
                Some((subject_type, id)) => (
                    "package-problem-in",
                    messages.format(locale, &format!("custody-subject-{subject_type}"), &[("id", Arg::Text(id))]),
                ),
                None => ("package-problem", String::new()),
            };
            println!(
                "{}",
                messages.format(
                    locale,
                    key,
                    &[
                        ("file", Arg::Text(&problem.file)),
                        ("subject", Arg::Text(&subject)),
                        ("problem", Arg::Text(&kind)),
                        ("detail", Arg::Text(&problem.detail)),
                    ],
                )
            );
        }
    }

    let (Some(node_id), Some(public_key)) = (&report.node_id, &report.public_key) else {
        return;
    };
    let matches_pin = |expected: &VerifyingKey| parse_public_key(public_key).is_some_and(|found| &found == expected);
    let line = match pinned {
        Some(expected) if !matches_pin(expected) => messages.format(
            locale,
            "package-key-mismatch",
            &[("node", Arg::Text(node_id)), ("found", Arg::Text(public_key)), ("expected", Arg::Text(&key_hex(expected)))],
        ),
        Some(_) => messages.format(locale, "package-key-pinned", &[("node", Arg::Text(node_id)), ("key", Arg::Text(public_key))]),
        None => messages.format(locale, "package-key-unpinned", &[("node", Arg::Text(node_id)), ("key", Arg::Text(public_key))]),
    };
    println!("{line}");
}

/// Returns a public key in lower-case hex, the form `node-key.pub` and `--key` use.
fn key_hex(key: &VerifyingKey) -> String {
    key.as_bytes().iter().map(|byte| format!("{byte:02x}")).collect()
}
