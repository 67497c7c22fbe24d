//! `mekong evidence custody ITEM_ID --event KIND`: records a custody step by hand.
//!
//! Needs `AddEvidence`. The library checks the order rules of
//! [`mekong_evidence::manual_event`], appends the event and signs a custody checkpoint.
//! The command then records an `evidence.custody` audit event. A rejected step changes
//! nothing and exits with an error that names the rule it breaks.

use std::process::ExitCode;

use anyhow::{Result, anyhow};
use chrono::{DateTime, FixedOffset, Utc};
use mekong_auth::Action;
use mekong_core::i18n::{Arg, Locale, Messages};
use mekong_evidence::manual_event::{MANUAL_KINDS, ManualEvent};
use mekong_evidence::{EventKind, EvidenceError};

use crate::Context;
use crate::actor::authorize;
use crate::cli::EvidenceCustodyArgs;
use crate::commands::evidence::{audit, open_vault};
use crate::node::{DataDir, ensure_identity};

/// Runs `evidence custody`.
pub fn run(context: &Context, args: &EvidenceCustodyArgs) -> Result<ExitCode> {
    let actor = authorize(context, Action::AddEvidence)?;
    let event = parse_event(args, actor.user.username.clone(), context.locale)?;
    let data = DataDir::open(&context.data_dir, false, context.locale)?;
    let identity = ensure_identity(data.store.as_ref(), None, context.locale)?;
    let vault = open_vault(context, data.store.clone(), &identity)?;

    let seq = vault.custody_log().record_manual(&event).map_err(|error| localise(error, context.locale))?;

    let mut changes = vec![("event", event.kind.as_str().to_owned()), ("at", event.at.to_rfc3339()), ("seq", seq.to_string())];
    if let Some(seal) = &event.seal_number {
        changes.push(("seal", seal.clone()));
    }
    audit(context, data.store.clone(), &actor, "evidence.custody", ("evidence_item", &event.item_id), &changes)?;

    let messages = Messages::global();
    println!(
        "{}",
        messages.format(
            context.locale,
            "evidence-custody-recorded",
            &[("event", Arg::Text(event.kind.as_str())), ("id", Arg::Text(&event.item_id)), ("seq", Arg::Number(seq as f64))],
        )
    );
    Ok(ExitCode::SUCCESS)
}

fn parse_event(args: &EvidenceCustodyArgs, actor: String, locale: Locale) -> Result<ManualEvent> {
    let messages = Messages::global();

    let kind = args
        .event
        .parse::<EventKind>()
        .ok()
        .filter(|kind| MANUAL_KINDS.contains(kind))
        .ok_or_else(|| {
            let kinds: Vec<&str> = MANUAL_KINDS.iter().map(|kind| kind.as_str()).collect();
            anyhow!(messages.format(
                locale,
                "evidence-custody-unknown-event",
                &[("event", Arg::Text(&args.event)), ("kinds", Arg::Text(&kinds.join(", ")))],
            ))
        })?;

    let at: DateTime<FixedOffset> = match &args.at {
        Some(text) => DateTime::parse_from_rfc3339(text)
            .map_err(|_| anyhow!(messages.format(locale, "evidence-custody-invalid-time", &[("value", Arg::Text(text))])))?,
        None => Utc::now().fixed_offset(),
    };

    Ok(ManualEvent {
        item_id: args.item_id.clone(),
        kind,
        actor,
        at,
        place: args.place.clone(),
        seal_number: args.seal.clone(),
        note: args.note.clone(),
    })
}

/// Turns the errors a user can fix into localised messages; passes others through.
fn localise(error: EvidenceError, locale: Locale) -> anyhow::Error {
    let messages = Messages::global();

    match error {
        EvidenceError::ItemNotFound(id) => anyhow!(messages.format(locale, "evidence-item-not-found", &[("id", Arg::Text(&id))])),
        EvidenceError::EventRejected { item_id, kind, rejection } => {
            let reason = messages.get(locale, &format!("custody-rejected-{}", rejection.as_str()));
            anyhow!(messages.format(
                locale,
                "evidence-custody-rejected",
                &[("event", Arg::Text(kind)), ("id", Arg::Text(&item_id)), ("reason", Arg::Text(&reason))],
            ))
        }
        other => other.into(),
    }
}
