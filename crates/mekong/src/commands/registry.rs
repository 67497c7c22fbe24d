//! `mekong registry`: manage the flagged-identifier registry while the node is stopped.
//!
//! A running node holds the data directory's lock, so these commands then fail; use
//! `POST /api/v1/registry` on a running node instead. Bank-account entries are also
//! written to the flagged-account list, which the monitor loads when the node starts.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Context as _, Result, anyhow};
use chrono::Utc;
use mekong_core::i18n::{Arg, Messages};
use mekong_core::time::node_zone;
use mekong_registry::{Entry, IdentifierKind, ListingType, PeriodEnd, Registry, StoreFlags, Upsert, import_csv, parse_period_time};
use mekong_store::Store;

use crate::Context;
use crate::cli::{RegistryAddArgs, RegistryCommand};
use crate::node::DataDir;

/// Runs a registry subcommand.
pub fn run(context: &Context, command: RegistryCommand) -> Result<ExitCode> {
    let data = DataDir::open(&context.data_dir, true, context.locale)?;
    let messages = Messages::global();
    let identity = data.store.node_identity()?.ok_or_else(|| anyhow!(messages.get(context.locale, "not-initialised")))?;
    let flags = Arc::new(StoreFlags(data.store()));
    let registry = Registry::load(data.store.clone(), flags, identity.country)?;

    match command {
        RegistryCommand::Add(args) => {
            let source_agency = args.source_agency.clone().unwrap_or_else(|| identity.agency.clone());
            let zone = node_zone(identity.country);
            let entry = entry_from_args(&registry, args, source_agency, identity.node_id.to_string(), zone)?;
            let (kind, value) = (entry.kind, entry.value.clone());
            let id = match registry.add(entry)? {
                Upsert::Added => "registry-added",
                Upsert::Updated => "registry-updated",
                Upsert::Unchanged => "registry-unchanged",
            };
            let args = [("kind", Arg::Text(kind.as_str())), ("value", Arg::Text(&value))];
            println!("{}", messages.format(context.locale, id, &args));
        }
        RegistryCommand::Remove { kind, value } => {
            let kind: IdentifierKind = kind.parse()?;
            let removed = registry.remove(kind, &value)?;
            let count = removed as f64;
            println!("{}", messages.format(context.locale, "registry-removed", &[("count", Arg::Number(count))]));
        }
        RegistryCommand::List => {
            for entry in registry.entries()? {
                let expires = entry.expires_at.map(|time| time.to_rfc3339()).unwrap_or_default();
                let validity = if entry.valid { "valid" } else { "invalid" };
                println!(
                    "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                    entry.kind,
                    entry.value,
                    validity,
                    entry.listing,
                    entry.source_agency,
                    entry.starts_at.to_rfc3339(),
                    expires,
                    entry.reason
                );
            }
        }
        RegistryCommand::Import { file, rejects } => {
            let rejects = rejects.unwrap_or_else(|| {
                let mut name = file.clone().into_os_string();
                name.push(".rejects.csv");
                PathBuf::from(name)
            });
            let report = import_csv(&registry, &file, &rejects, identity.node_id.as_str(), node_zone(identity.country), context.locale)
                .with_context(|| format!("registry import of {} failed", file.display()))?;
            let rejects_path = rejects.display().to_string();
            let count = |value: u64| Arg::Number(value as f64);
            let args = [
                ("read", count(report.read)),
                ("added", count(report.added)),
                ("updated", count(report.updated)),
                ("unchanged", count(report.unchanged)),
                ("rejected", count(report.rejected)),
                ("rejects", Arg::Text(&rejects_path)),
            ];
            println!("{}", messages.format(context.locale, "registry-imported", &args));
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn entry_from_args(
    registry: &Registry,
    args: RegistryAddArgs,
    source_agency: String,
    origin: String,
    zone: chrono::FixedOffset,
) -> Result<Entry> {
    let kind: IdentifierKind = args.kind.parse()?;
    let listing: ListingType = args.listing.parse()?;
    let normalised = registry.normalise(kind, &args.value)?;
    let time = |flag: &str, text: Option<&str>, end: PeriodEnd| -> Result<Option<chrono::DateTime<Utc>>> {
        text.map(|text| {
            parse_period_time(text, zone, end).ok_or_else(|| anyhow!("invalid --{flag} {text:?}: use RFC 3339 or YYYY-MM-DD"))
        })
        .transpose()
    };

    Ok(Entry {
        kind,
        value: normalised.value,
        raw: args.value.trim().to_owned(),
        valid: normalised.valid,
        listing,
        reason: args.reason.trim().to_owned(),
        note: args.note.trim().to_owned(),
        source_agency,
        legal_basis: args.legal_basis.trim().to_owned(),
        appeal: args.appeal.trim().to_owned(),
        starts_at: time("starts-at", args.starts_at.as_deref(), PeriodEnd::Start)?.unwrap_or_else(Utc::now),
        expires_at: time("expires-at", args.expires_at.as_deref(), PeriodEnd::Expiry)?,
        origin,
        added_at: Utc::now(),
    })
}
