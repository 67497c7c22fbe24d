//! `mekong registry`: manage the flagged-identifier registry while the node is stopped.
//!
//! A running node holds the data directory's lock, so these commands then fail; use
//! `POST /api/v1/registry` on a running node instead. Bank-account entries are also
//! written to the flagged-account list, which the monitor loads when the node starts.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Context as _, Result, anyhow};
use chrono::{DateTime, FixedOffset, Utc};
use mekong_core::i18n::{Arg, Locale, Messages};
use mekong_core::time::node_zone;
use mekong_registry::{
    Entry, IdentifierKind, ListingType, PeriodEnd, PeriodError, Registry, RegistryError, StoreFlags, Upsert, import_csv,
    resolve_period, shown_date,
};
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
            let (entry, start_defaulted) =
                entry_from_args(&registry, args, source_agency, identity.node_id.to_string(), zone, context.locale)?;
            let (kind, value) = (entry.kind, entry.value.clone());
            if entry.expires_at.is_some_and(|expires_at| expires_at <= Utc::now()) {
                eprintln!("{}", messages.get(context.locale, "registry-lapsed-warning"));
            }
            let stored = if start_defaulted { registry.add_with_empty_start(entry) } else { registry.add(entry) };
            let id = match stored.map_err(|error| localise(error, context.locale))? {
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
            let zone = node_zone(identity.country);
            let now = Utc::now();
            let expired = messages.get(context.locale, "registry-list-expired");
            for entry in registry.entries()? {
                let expires = entry.expires_at.map(|time| shown_time(time, zone, PeriodEnd::Expiry)).unwrap_or_default();
                let validity = if entry.valid { "valid" } else { "invalid" };

                // A lapsed listing stays stored but flags nothing, so its last column marks it expired.
                let state = if entry.expires_at.is_some_and(|expires_at| expires_at <= now) { expired.as_str() } else { "" };
                println!(
                    "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                    entry.kind,
                    entry.value,
                    validity,
                    entry.listing,
                    entry.source_agency,
                    shown_time(entry.starts_at, zone, PeriodEnd::Start),
                    expires,
                    entry.reason,
                    state
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

/// Formats a stored start or expiry as `registry list` prints it: the node-local date
/// when it was given as a date ([`shown_date`]), else the time in the node's zone.
fn shown_time(time: DateTime<Utc>, zone: FixedOffset, end: PeriodEnd) -> String {
    match shown_date(time, zone, end) {
        Some(date) => date.format("%Y-%m-%d").to_string(),
        None => time.with_timezone(&zone).to_rfc3339(),
    }
}

/// Builds the entry of `registry add` and whether its start was left empty.
fn entry_from_args(
    registry: &Registry,
    args: RegistryAddArgs,
    source_agency: String,
    origin: String,
    zone: FixedOffset,
    locale: Locale,
) -> Result<(Entry, bool)> {
    let messages = Messages::global();
    let kind: IdentifierKind = args.kind.parse().map_err(|_| anyhow!(messages.get(locale, "registry-unknown-kind")))?;
    let listing: ListingType = args.listing.parse().map_err(|_| anyhow!(messages.get(locale, "registry-unknown-listing")))?;
    let normalised = registry.normalise(kind, &args.value).map_err(|error| localise(error, locale))?;
    let starts = args.starts_at.as_deref().unwrap_or("");
    let expires = args.expires_at.as_deref().unwrap_or("");
    let period = resolve_period(starts, expires, zone, Utc::now()).map_err(|error| {
        let flag = error.column().replace('_', "-");
        let args = [("flag", Arg::Text(&flag)), ("value", Arg::Text(error.value()))];
        match error {
            PeriodError::ExpiryPassed(_) => anyhow!(messages.format(locale, "registry-expiry-passed", &args)),
            _ => anyhow!(messages.format(locale, "registry-invalid-time-flag", &args)),
        }
    })?;

    let entry = Entry {
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
        starts_at: period.starts_at,
        expires_at: period.expires_at,
        origin,
        added_at: Utc::now(),
    };
    Ok((entry, period.start_defaulted))
}

/// Turns an entry the registry rejected into its localised message; a failure of the
/// node keeps its English detail.
fn localise(error: RegistryError, locale: Locale) -> anyhow::Error {
    let messages = Messages::global();
    match error {
        RegistryError::Normalise(error) => anyhow!(messages.get(locale, error.message_id())),
        RegistryError::MissingField(field) => anyhow!(messages.format(locale, "registry-missing-field", &[("column", Arg::Text(field))])),
        RegistryError::TooLong { field, .. } => anyhow!(messages.format(locale, "registry-too-long", &[("column", Arg::Text(field))])),
        RegistryError::ExpiryBeforeStart => anyhow!(messages.get(locale, "registry-expiry-before-start")),
        error => anyhow::Error::new(error),
    }
}
