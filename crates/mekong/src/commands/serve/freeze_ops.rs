//! The freeze work a running node does by itself: the debit holds installed at start,
//! the freeze clock (expiries and reminders), the bank-notice outbox worker, and the
//! registry's flags kept in step with the validity period of its entries.
//!
//! Invariants:
//! - the holds are installed from the stored freezes before the server accepts a
//!   transaction, so no payment out of a frozen account is scored without its hold;
//! - an unusable `--bank-notice-url` stops the start before the server listens;
//! - at shutdown both background tasks are told to stop and awaited, so no round is
//!   cut off halfway between the store and the endpoint.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context as _, Result};
use chrono::{TimeDelta, Utc};
use clap::Args;
use mekong_audit::Auditor;
use mekong_core::NodeIdentity;
use mekong_freeze::{
    Backoff, DEFAULT_PERIOD_MONTHS, FreezeClock, FreezeConfig, NoticeEndpoint, freeze_from_record, install_holds,
    run_outbox,
};
use mekong_ingest::pipeline::Pipeline;
use mekong_registry::Registry;
use mekong_store::SqliteStore;
use mekong_store::freeze::FreezeStore as _;
use mekong_store::outbox::OutboxStore as _;
use tokio::runtime::Runtime;
use tokio::sync::watch;
use tokio::task::JoinHandle;

/// Options of `serve` for freezes and bank notices.
#[derive(Debug, Args)]
pub struct FreezeOpsArgs {
    /// Seconds between two runs of the freeze clock, which expires lapsed freezes and
    /// records reminders.
    #[arg(long, env = "MEKONG_FREEZE_CHECK_INTERVAL", default_value_t = 60, value_name = "SECONDS",
          value_parser = clap::value_parser!(u64).range(1..))]
    pub freeze_check_interval: u64,
    /// Days before its expiry time that a freeze in force gets a reminder.
    #[arg(long, env = "MEKONG_FREEZE_REMINDER_DAYS", default_value_t = mekong_freeze::DEFAULT_REMINDER_DAYS, value_name = "DAYS")]
    pub freeze_reminder_days: u32,
    /// Months an approval or renewal keeps a freeze active. The default of 6 is to be
    /// confirmed with the node's legal office.
    #[arg(long, env = "MEKONG_FREEZE_PERIOD_MONTHS", default_value_t = DEFAULT_PERIOD_MONTHS, value_name = "MONTHS")]
    pub freeze_period_months: u32,
    /// URL that bank notices are POSTed to as JSON: https://, or http:// to a loopback
    /// address. Without it, notices wait in the outbox.
    #[arg(long, env = "MEKONG_BANK_NOTICE_URL", value_name = "URL")]
    pub bank_notice_url: Option<String>,
    /// PEM file with the CA certificates that an https bank notice URL is verified against.
    #[arg(long, env = "MEKONG_BANK_NOTICE_CA", value_name = "FILE")]
    pub bank_notice_ca: Option<PathBuf>,
    /// Seconds between two delivery rounds of the bank-notice outbox.
    #[arg(long, env = "MEKONG_BANK_NOTICE_POLL", default_value_t = 5, value_name = "SECONDS",
          value_parser = clap::value_parser!(u64).range(1..))]
    pub bank_notice_poll: u64,
    /// Seconds to wait before retrying a notice that failed once; the wait doubles
    /// after each further failure, up to one hour.
    #[arg(long, env = "MEKONG_BANK_NOTICE_RETRY", default_value_t = 5, value_name = "SECONDS")]
    pub bank_notice_retry: u64,
}

impl FreezeOpsArgs {
    /// Returns the freeze period configured for approvals and renewals.
    pub fn config(&self) -> FreezeConfig {
        FreezeConfig { period_months: self.freeze_period_months }
    }
}

/// The freeze work prepared at start, before the server listens.
#[derive(Debug)]
pub struct FreezeOps {
    clock: FreezeClock,
    interval: Duration,
    outbox: Option<(NoticeEndpoint, Duration)>,
    backoff: Backoff,
    store: Arc<SqliteStore>,
    registry: Arc<Registry>,
}

/// The running background tasks.
#[derive(Debug)]
pub struct FreezeTasks {
    shutdown: watch::Sender<bool>,
    handles: Vec<JoinHandle<()>>,
}

/// Installs the debit holds of the stored freezes and checks the bank notice URL.
pub fn prepare(
    args: &FreezeOpsArgs,
    store: Arc<SqliteStore>,
    pipeline: Arc<Pipeline>,
    auditor: Arc<Auditor>,
    identity: &NodeIdentity,
    registry: Arc<Registry>,
) -> Result<FreezeOps> {
    registry.refresh_flags(Utc::now())?;

    let freezes = store.freezes()?.iter().map(freeze_from_record).collect::<Result<Vec<_>, _>>()?;
    let held = install_holds(&freezes, &pipeline, store.as_ref())?;
    tracing::info!(freezes = freezes.len(), held_accounts = held, "debit holds of stored freezes installed");

    let outbox = match &args.bank_notice_url {
        Some(url) => {
            let endpoint = NoticeEndpoint::parse(url, args.bank_notice_ca.as_deref())
                .context("cannot use --bank-notice-url (MEKONG_BANK_NOTICE_URL)")?;
            Some((endpoint, Duration::from_secs(args.bank_notice_poll)))
        }
        None => {
            let pending = store.bank_notices(None)?.iter().filter(|notice| notice.delivered_at.is_none()).count();
            if pending > 0 {
                tracing::warn!(pending, "bank notices are waiting but no --bank-notice-url is set");
            }
            None
        }
    };

    let clock = FreezeClock {
        freezes: store.clone(),
        outbox: store.clone(),
        pipeline,
        auditor,
        agency: identity.agency.clone(),
        reminder_lead: TimeDelta::days(i64::from(args.freeze_reminder_days)),
    };
    let backoff = Backoff { first: Duration::from_secs(args.bank_notice_retry), max: Backoff::default().max };
    let interval = Duration::from_secs(args.freeze_check_interval);
    Ok(FreezeOps { clock, interval, outbox, backoff, store, registry })
}

impl FreezeOps {
    /// Starts the freeze clock and, with an endpoint, the outbox worker on `runtime`.
    pub fn spawn(self, runtime: &Runtime) -> FreezeTasks {
        let (shutdown, watcher) = watch::channel(false);
        let mut handles = vec![
            runtime.spawn(self.clock.run(self.interval, watcher.clone())),
            runtime.spawn(refresh_registry_flags(self.registry, self.interval, watcher.clone())),
        ];
        if let Some((endpoint, poll)) = self.outbox {
            handles.push(runtime.spawn(run_outbox(self.store, endpoint, self.backoff, poll, watcher)));
        }
        FreezeTasks { shutdown, handles }
    }
}

/// Refreshes the registry's flags every `interval` until `shutdown` turns `true`.
async fn refresh_registry_flags(registry: Arc<Registry>, interval: Duration, mut shutdown: watch::Receiver<bool>) {
    loop {
        tokio::select! {
            _ = tokio::time::sleep(interval) => {}
            _ = shutdown.changed() => break,
        }
        if *shutdown.borrow() {
            break;
        }

        let registry = registry.clone();
        match tokio::task::spawn_blocking(move || registry.refresh_flags(Utc::now())).await {
            Ok(Ok(_)) => {}
            Ok(Err(error)) => tracing::error!(%error, "registry flag refresh failed"),
            Err(error) => tracing::error!(%error, "registry flag refresh panicked"),
        }
    }
}

impl FreezeTasks {
    /// Tells the tasks to stop and waits until they have.
    pub fn stop(self, runtime: &Runtime) {
        self.shutdown.send_replace(true);
        for handle in self.handles {
            if let Err(error) = runtime.block_on(handle) {
                tracing::error!(%error, "freeze background task ended abnormally");
            }
        }
    }
}
