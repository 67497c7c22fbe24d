//! `mekong audit verify` and `mekong audit export`.
//!
//! `verify` exits 0 when the trail is intact and 1 naming the first bad record and
//! the kind of damage. It trusts the public key of the node's key file when the file
//! exists, and otherwise the keys stored in the database, and prints which.
//! `export` records its own `audit.export` event, under the `--as` user, before writing.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::process::ExitCode;

use anyhow::{Context as _, Result, anyhow};
use chrono::{DateTime, NaiveDate, Utc};
use mekong_audit::{AuditQuery, ExportFormat, NodeKey, VerifyOptions, VerifyReport, verify_with};
use mekong_core::i18n::{Arg, Locale, Messages};

use crate::Context;
use crate::audit_cli::{cli_actor, open_auditor};
use crate::cli::{AuditCommand, AuditExportArgs, AuditVerifyArgs};
use crate::node::{DataDir, ensure_identity};

/// Runs one `audit` subcommand.
pub fn run(context: &Context, command: &AuditCommand) -> Result<ExitCode> {
    match command {
        AuditCommand::Verify(args) => run_verify(context, args),
        AuditCommand::Export(args) => run_export(context, args),
    }
}

fn run_verify(context: &Context, args: &AuditVerifyArgs) -> Result<ExitCode> {
    let data = DataDir::open(&context.data_dir, false, context.locale)?;
    let messages = Messages::global();

    if args.checkpoint {
        let identity = ensure_identity(data.store.as_ref(), None, context.locale)?;
        let auditor = open_auditor(&context.data_dir, data.store.clone(), &identity)?;
        auditor.checkpoint()?;
    }

    let key_path = NodeKey::path_in(&context.data_dir);
    let trusted_keys = if key_path.exists() { Some(vec![NodeKey::load(&key_path)?.public_key().to_bytes()]) } else { None };
    let trusts_key_file = trusted_keys.is_some();
    let report = verify_with(data.store.as_ref(), &VerifyOptions { trusted_keys })?;

    if args.json {
        println!("{}", serde_json::to_string(&report)?);
    } else {
        if !trusts_key_file {
            eprintln!("{}", messages.get(context.locale, "audit-verify-db-keys"));
        }
        print_report(&report, context.locale);
    }

    match &report.problem {
        None => Ok(ExitCode::SUCCESS),
        Some(problem) => {
            tracing::error!(seq = problem.seq, damage = problem.damage.as_str(), detail = %problem.detail, "audit trail damaged");
            Ok(ExitCode::FAILURE)
        }
    }
}

fn print_report(report: &VerifyReport, locale: Locale) {
    let messages = Messages::global();

    match &report.problem {
        None => {
            let last = report.last_checkpoint_seq.unwrap_or(0) as f64;
            println!(
                "{}",
                messages.format(
                    locale,
                    "audit-verify-ok",
                    &[
                        ("records", Arg::Number(report.records as f64)),
                        ("checkpoints", Arg::Number(report.checkpoints as f64)),
                        ("last", Arg::Number(last)),
                        ("unprotected", Arg::Number(report.unprotected_records as f64)),
                    ],
                )
            );
        }
        Some(problem) => {
            let damage = messages.get(locale, &format!("audit-damage-{}", problem.damage.as_str().replace('_', "-")));
            println!(
                "{}",
                messages.format(
                    locale,
                    "audit-verify-failed",
                    &[
                        ("seq", Arg::Number(problem.seq as f64)),
                        ("damage", Arg::Text(&damage)),
                        ("records", Arg::Number(report.records as f64)),
                    ],
                )
            );
        }
    }
}

fn run_export(context: &Context, args: &AuditExportArgs) -> Result<ExitCode> {
    let format: ExportFormat = args.format.parse().map_err(|error: String| anyhow!(error))?;
    let query = AuditQuery {
        user: args.user.clone(),
        object_type: args.object_type.clone(),
        object_id: args.object_id.clone(),
        action: args.action.clone(),
        from: args.from.as_deref().map(|text| parse_time("--from", text)).transpose()?,
        until: args.until.as_deref().map(|text| parse_time("--until", text)).transpose()?,
        ..AuditQuery::default()
    };

    let data = DataDir::open(&context.data_dir, false, context.locale)?;
    let identity = ensure_identity(data.store.as_ref(), None, context.locale)?;
    let auditor = open_auditor(&context.data_dir, data.store.clone(), &identity)?;

    let file = File::create(&args.out).with_context(|| format!("cannot create {}", args.out.display()))?;
    let mut out = BufWriter::new(file);
    let actor = context.actor.as_ref().map_or_else(|| cli_actor(&identity), |acting| acting.audit_actor());
    let count = auditor.export(&actor, &query, format, None, &mut out)?;
    out.flush().with_context(|| format!("cannot write {}", args.out.display()))?;

    let path = args.out.display().to_string();
    println!(
        "{}",
        Messages::global().format(
            context.locale,
            "audit-export-done",
            &[("count", Arg::Number(count as f64)), ("path", Arg::Text(&path))],
        )
    );
    Ok(ExitCode::SUCCESS)
}

/// Parses an RFC 3339 time or a date (midnight UTC).
fn parse_time(option: &str, text: &str) -> Result<DateTime<Utc>> {
    if let Ok(time) = DateTime::parse_from_rfc3339(text) {
        return Ok(time.with_timezone(&Utc));
    }
    let date = NaiveDate::parse_from_str(text, "%Y-%m-%d").with_context(|| {
        format!("invalid {option} {text:?}: use YYYY-MM-DD or RFC 3339, such as 2026-01-31T08:00:00+08:00")
    })?;
    Ok(date.and_hms_opt(0, 0, 0).map(|time| time.and_utc()).unwrap_or_default())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn parses_dates_and_times() {
        assert_eq!(parse_time("--from", "2026-01-31").unwrap().to_rfc3339(), "2026-01-31T00:00:00+00:00");
        assert_eq!(parse_time("--from", "2026-01-31T08:00:00+08:00").unwrap().to_rfc3339(), "2026-01-31T00:00:00+00:00");
        assert!(parse_time("--from", "31/01/2026").is_err());
    }
}
