//! The node's freeze clock: moves freezes past their expiry time to `expired`, lifting
//! their debit holds, and records a reminder for each freeze about to lapse.
//!
//! Invariants:
//! - an expiry is recorded in the audit trail under the `system` actor before it is
//!   stored, and the hold is lifted only after it is stored;
//! - a reminder is recorded once per freeze and expiry time: a renewal moves the
//!   expiry time and so opens a new reminder window;
//! - a freeze that another user changed meanwhile is skipped with a warning and
//!   looked at again in the next round.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};
use mekong_audit::{AuditEvent, Auditor, FieldChange};
use mekong_ingest::pipeline::Pipeline;
use mekong_store::StoreError;
use mekong_store::freeze::FreezeStore;
use mekong_store::outbox::OutboxStore;
use tokio::sync::watch;

use crate::effect::apply_hold;
use crate::expiry::{due_reminders, expire_due};
use crate::freeze::Freeze;
use crate::notice::store_transition;
use crate::persist::freeze_from_record;
use crate::transition::Applied;

/// The default time between two rounds of the freeze clock.
pub const DEFAULT_CHECK_INTERVAL: Duration = Duration::from_secs(60);

/// The default lead time of expiry reminders, in days.
pub const DEFAULT_REMINDER_DAYS: u32 = 14;

/// The node's parts the freeze clock works with.
#[derive(Debug, Clone)]
pub struct FreezeClock {
    /// The freeze tables.
    pub freezes: Arc<dyn FreezeStore>,
    /// The reminder table.
    pub outbox: Arc<dyn OutboxStore>,
    /// The running pipeline whose holds are lifted.
    pub pipeline: Arc<Pipeline>,
    /// The audit trail expiries are recorded in.
    pub auditor: Arc<Auditor>,
    /// The node's agency, recorded with the `system` actor.
    pub agency: String,
    /// How long before its expiry time a freeze gets a reminder.
    pub reminder_lead: TimeDelta,
}

/// The result of one round of the freeze clock.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClockRound {
    /// Ids of the freezes moved to `expired`.
    pub expired: Vec<String>,
    /// Ids of the freezes that got a new reminder.
    pub reminded: Vec<String>,
}

/// A failure of a round of the freeze clock.
#[derive(Debug, thiserror::Error)]
pub enum ClockError {
    /// Reading or writing the store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A stored freeze cannot be read back.
    #[error(transparent)]
    Freeze(#[from] crate::FreezeError),
    /// The audit record of an expiry failed, so the expiry was not stored.
    #[error("audit record of the expiry of freeze {freeze_id} failed: {detail}")]
    Audit {
        /// The freeze.
        freeze_id: String,
        /// The auditor's error.
        detail: String,
    },
    /// The expiry was stored but its hold could not be lifted from the running monitor.
    #[error("freeze {freeze_id} expired but its debit hold could not be lifted: {detail}")]
    Hold {
        /// The freeze.
        freeze_id: String,
        /// The pipeline's error.
        detail: String,
    },
}

fn audit_event(applied: &Applied, agency: &str) -> AuditEvent {
    let freeze = &applied.freeze;
    let record = &applied.record;
    AuditEvent {
        actor: mekong_audit::Actor {
            user_id: None,
            name: record.actor.clone(),
            roles: Vec::new(),
            agency: agency.to_owned(),
        },
        action: record.action.as_str().to_owned(),
        object_type: Some("freeze".to_owned()),
        object_id: Some(freeze.id.clone()),
        changes: vec![
            FieldChange {
                field: "state".to_owned(),
                old: record.from.map(|state| state.as_str().to_owned()),
                new: Some(record.to.as_str().to_owned()),
            },
            FieldChange { field: "description".to_owned(), old: None, new: Some(record.description.clone()) },
        ],
        purpose: Some(format!("{}; case {}", freeze.request.legal_basis.source(), freeze.request.case_reference)),
        source: Some("scheduler".to_owned()),
    }
}

impl FreezeClock {
    /// Runs one round at `now`: expiries first, then reminders for the freezes still in force.
    pub fn run_round(&self, now: DateTime<Utc>) -> Result<ClockRound, ClockError> {
        let freezes: Vec<Freeze> =
            self.freezes.freezes()?.iter().map(freeze_from_record).collect::<Result<_, _>>()?;
        let mut round = ClockRound::default();

        for applied in expire_due(&freezes, now) {
            let freeze_id = applied.freeze.id.clone();
            self.auditor
                .record(audit_event(&applied, &self.agency))
                .map_err(|error| ClockError::Audit { freeze_id: freeze_id.clone(), detail: error.to_string() })?;

            match store_transition(self.freezes.as_ref(), &applied) {
                Ok(()) => {}
                Err(StoreError::Conflict { .. }) => {
                    tracing::warn!(freeze_id = %freeze_id, "freeze changed while expiring it; retrying next round");
                    continue;
                }
                Err(error) => return Err(error.into()),
            }
            apply_hold(&applied.freeze, &self.pipeline)
                .map_err(|error| ClockError::Hold { freeze_id: freeze_id.clone(), detail: error.to_string() })?;
            round.expired.push(freeze_id);
        }

        for freeze in due_reminders(&freezes, now, self.reminder_lead) {
            let Some(expires_at) = freeze.expires_at else {
                continue;
            };
            if round.expired.contains(&freeze.id) {
                continue;
            }
            if self.outbox.record_freeze_reminder(&freeze.id, expires_at, now)? {
                tracing::info!(freeze_id = %freeze.id, expires_at = %expires_at.to_rfc3339(), "freeze expiry reminder recorded");
                round.reminded.push(freeze.id.clone());
            }
        }
        Ok(round)
    }

    /// Runs a round every `interval` until `shutdown` turns `true`. A failed round is
    /// logged and the next one runs as usual.
    pub async fn run(self, interval: Duration, mut shutdown: watch::Receiver<bool>) {
        tracing::info!(interval_s = interval.as_secs(), "freeze clock started");
        let clock = Arc::new(self);
        loop {
            let this = clock.clone();
            match tokio::task::spawn_blocking(move || this.run_round(Utc::now())).await {
                Ok(Ok(round)) => {
                    if !round.expired.is_empty() || !round.reminded.is_empty() {
                        tracing::info!(expired = round.expired.len(), reminded = round.reminded.len(), "freeze clock round");
                    }
                }
                Ok(Err(error)) => tracing::error!(%error, "freeze clock round failed"),
                Err(error) => tracing::error!(%error, "freeze clock round panicked"),
            }

            tokio::select! {
                _ = tokio::time::sleep(interval) => {}
                _ = shutdown.changed() => break,
            }
            if *shutdown.borrow() {
                break;
            }
        }
        tracing::info!("freeze clock stopped");
    }
}
