//! The path every transaction takes into a node, from a file or the HTTP API:
//! deduplicate, score, store, and tell listeners about new alerts.
//!
//! Invariants:
//! - a transaction already stored (same origin and id) is never scored again; the
//!   caller gets the decision stored the first time;
//! - the monitor's state only advances for transactions that are then committed.
//!   `submit` scores and commits a batch while holding the monitor lock. If a commit
//!   fails, the monitor is rebuilt from storage, so memory does not stay ahead of the
//!   database;
//! - listeners hear of an alert only after it is committed;
//! - a monitor snapshot is written only while every transaction the monitor scored is
//!   committed (no batch between [`Pipeline::score_batch`] and
//!   [`Pipeline::commit_scored`]), and it names the last stored transaction, so it never
//!   claims more than is stored. A crash leaves an older snapshot, which a restart
//!   completes by replaying the transactions stored after it.

mod debit_holds;
mod restart;

use std::collections::HashMap;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, RwLock};

use mekong_core::{Alert, Decision, Explanation, NodeId, Transaction};
use mekong_monitor::{CoveredTransaction, DebitHolds, Monitor, RuleSet, SnapshotError, SnapshotTag};
use mekong_store::{CommitBatch, Flag, Store, StoreError};

use self::restart::{rebuild_monitor, restore_monitor};
pub use self::restart::{Rebuild, SnapshotFallback};

/// The name of the monitor snapshot file in a node's data directory.
pub const SNAPSHOT_FILE_NAME: &str = "monitor.snapshot";

/// The result for one submitted transaction.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Stored now and scored.
    Accepted {
        /// The monitor's decision.
        decision: Decision,
        /// The combined score, 0 to 100.
        score: u8,
        /// Ids of the alerts it raised, shadow alerts included.
        alerts: Vec<String>,
    },
    /// Stored before; nothing changed.
    Duplicate {
        /// The decision given the first time.
        decision: Decision,
    },
    /// Not stored, with the reason; produced by callers that validate input before
    /// submitting it, such as the HTTP API.
    Rejected {
        /// Why, as a translatable sentence.
        reason: Explanation,
    },
}

/// A failure of the pipeline as a whole, as opposed to one rejected transaction.
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    /// Storage failed; nothing of the batch was stored.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The node has no identity yet.
    #[error("the node has no identity yet: run `mekong init` first")]
    NotInitialised,
    /// A thread panicked while holding the monitor; the node must restart to rebuild it.
    #[error("the monitor is unavailable after an internal error; restart the node")]
    Poisoned,
    /// Writing the monitor snapshot failed; the next start replays more transactions.
    #[error(transparent)]
    Snapshot(#[from] SnapshotError),
    /// A scored batch is not committed yet, so a snapshot now would cover transactions
    /// that are not stored.
    #[error("cannot write the monitor snapshot while {pending} scored batches are not committed")]
    UncommittedBatches {
        /// Batches scored and not yet committed.
        pending: usize,
    },
}

/// The result of [`Pipeline::write_snapshot`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SnapshotWritten {
    /// The last `seq` the snapshot covers, 0 for an empty store.
    pub seq: i64,
    /// The file's size in bytes.
    pub bytes: u64,
}

/// A batch scored by the monitor and not yet stored.
#[derive(Debug)]
pub struct ScoredBatch {
    /// One outcome per submitted transaction, in input order.
    pub outcomes: Vec<Outcome>,
    batch: CommitBatch,
}

impl ScoredBatch {
    /// Ids and decisions of the transactions this batch will store.
    pub fn decisions(&self) -> impl Iterator<Item = (&str, Decision)> {
        self.batch.transactions.iter().map(|(tx, decision, _)| (tx.id.as_str(), *decision))
    }
}

type AlertListener = Box<dyn Fn(&Alert) + Send + Sync>;

/// The node's single path for new transactions. Shared between threads behind an `Arc`.
pub struct Pipeline {
    store: Arc<dyn Store>,
    origin: NodeId,
    monitor: Mutex<Monitor>,
    listeners: Mutex<Vec<AlertListener>>,
    /// Batches returned by `score_batch` and not yet passed to `commit_scored`.
    uncommitted: AtomicUsize,
    /// Accounts whose debits are held by freezes in force, applied after the rules.
    debit_holds: RwLock<DebitHolds>,
}

impl std::fmt::Debug for Pipeline {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pipeline").field("origin", &self.origin).finish_non_exhaustive()
    }
}

impl Pipeline {
    /// Starts the pipeline: loads the flagged list and rebuilds the monitor's state by
    /// replaying every stored transaction in storage order.
    pub fn start(store: Arc<dyn Store>, rules: RuleSet) -> Result<Pipeline, PipelineError> {
        let identity = store.node_identity()?.ok_or(PipelineError::NotInitialised)?;
        let origin = identity.node_id;

        let (monitor, _) = rebuild_monitor(store.as_ref(), &origin, rules)?;

        Ok(Pipeline::with_monitor(store, origin, monitor))
    }

    /// Starts the pipeline from the monitor snapshot at `snapshot` when it fits this
    /// node, these rules and the store, replaying only the transactions stored after it.
    /// Falls back to the full replay of [`Pipeline::start`] otherwise, and logs why.
    pub fn start_with_snapshot(
        store: Arc<dyn Store>,
        rules: RuleSet,
        snapshot: &Path,
    ) -> Result<(Pipeline, Rebuild), PipelineError> {
        let identity = store.node_identity()?.ok_or(PipelineError::NotInitialised)?;
        let origin = identity.node_id;

        let (monitor, rebuild) = restore_monitor(store.as_ref(), &origin, rules, snapshot)?;

        Ok((Pipeline::with_monitor(store, origin, monitor), rebuild))
    }

    fn with_monitor(store: Arc<dyn Store>, origin: NodeId, monitor: Monitor) -> Pipeline {
        Pipeline {
            store,
            origin,
            monitor: Mutex::new(monitor),
            listeners: Mutex::new(Vec::new()),
            uncommitted: AtomicUsize::new(0),
            debit_holds: RwLock::new(DebitHolds::default()),
        }
    }

    /// Writes the monitor's state to `path` atomically, tagged with the last stored
    /// transaction, this node and the rules' fingerprint.
    ///
    /// Holds the monitor lock throughout, so no transaction is scored or committed
    /// through this pipeline meanwhile. Fails with
    /// [`PipelineError::UncommittedBatches`] while a scored batch awaits its commit.
    pub fn write_snapshot(&self, path: &Path) -> Result<SnapshotWritten, PipelineError> {
        let monitor = self.lock_monitor()?;
        let pending = self.uncommitted.load(Ordering::SeqCst);
        if pending > 0 {
            return Err(PipelineError::UncommittedBatches { pending });
        }

        let covered = self.store.last_transaction()?.map(|stored| CoveredTransaction {
            seq: stored.seq,
            origin: stored.tx.origin.to_string(),
            id: stored.tx.id,
        });
        let tag = SnapshotTag {
            node: self.origin.to_string(),
            rules_fingerprint: monitor.rules().fingerprint(),
            covered,
        };

        let started = std::time::Instant::now();
        let bytes = monitor.write_snapshot(path, &tag)?;
        tracing::info!(seq = tag.seq(), bytes, elapsed_ms = started.elapsed().as_millis() as u64, "monitor snapshot written");
        Ok(SnapshotWritten { seq: tag.seq(), bytes })
    }

    /// The node every accepted transaction is stored under.
    pub fn origin(&self) -> &NodeId {
        &self.origin
    }

    /// The store behind the pipeline.
    pub fn store(&self) -> &Arc<dyn Store> {
        &self.store
    }

    /// Registers a function called with each alert after it is committed.
    pub fn on_alert(&self, listener: impl Fn(&Alert) + Send + Sync + 'static) {
        if let Ok(mut listeners) = self.listeners.lock() {
            listeners.push(Box::new(listener));
        }
    }

    /// Returns a copy of the rules in force.
    pub fn rules(&self) -> Result<RuleSet, PipelineError> {
        Ok(self.lock_monitor()?.rules().clone())
    }

    /// Replaces the rules; the account state is kept.
    pub fn replace_rules(&self, rules: RuleSet) -> Result<(), PipelineError> {
        self.lock_monitor()?.replace_rules(rules);
        Ok(())
    }

    /// Flags an account; the next transaction that touches it is scored with the flag.
    pub fn flag(&self, flag: Flag) -> Result<(), PipelineError> {
        let mut monitor = self.lock_monitor()?;
        self.store.add_flag(&flag)?;
        monitor.flag_account(flag.account, flag.reason);
        Ok(())
    }

    /// Removes a flag; returns whether the account was flagged.
    pub fn unflag(&self, key: &mekong_core::AccountKey) -> Result<bool, PipelineError> {
        let mut monitor = self.lock_monitor()?;
        let removed = self.store.remove_flag(key)?;
        monitor.unflag_account(key);
        Ok(removed)
    }

    /// Returns an account's current risk score from the monitor.
    pub fn account_risk(&self, key: &mekong_core::AccountKey) -> Result<u8, PipelineError> {
        Ok(self.lock_monitor()?.account_risk(key))
    }

    /// Deduplicates, scores and stores a batch of valid transactions in one database
    /// transaction, and returns one outcome per input, in input order.
    ///
    /// Every transaction must carry this node as its origin. A repeated id within the
    /// batch counts as a duplicate of its first occurrence.
    pub fn submit(&self, transactions: Vec<Transaction>) -> Result<Vec<Outcome>, PipelineError> {
        let mut monitor = self.lock_monitor()?;
        let scored = self.score_locked(&mut monitor, transactions, &HashMap::new())?;

        if let Err(error) = self.store.commit(&scored.batch) {
            // The monitor has seen transactions that are not stored: rebuild it from
            // storage so that it matches the database again.
            tracing::error!(%error, batch_len = scored.batch.transactions.len(), "commit failed; rebuilding the monitor");
            let rules = monitor.rules().clone();
            *monitor = rebuild_monitor(self.store.as_ref(), &self.origin, rules)?.0;
            return Err(error.into());
        }
        drop(monitor);

        self.notify(&scored.batch.alerts);
        Ok(scored.outcomes)
    }

    /// Scores a batch without storing it, for bulk imports that write one batch while
    /// scoring the next.
    ///
    /// `in_flight` holds the ids of earlier batches that were scored but may not be
    /// committed yet; they count as duplicates. The caller must pass every scored batch
    /// to [`Pipeline::commit_scored`] in the order scored, and stop at the first failure.
    /// Only one process may do this at a time, which the data directory's lock ensures.
    pub fn score_batch(
        &self,
        transactions: Vec<Transaction>,
        in_flight: &HashMap<String, Decision>,
    ) -> Result<ScoredBatch, PipelineError> {
        let mut monitor = self.lock_monitor()?;
        let scored = self.score_locked(&mut monitor, transactions, in_flight)?;
        self.uncommitted.fetch_add(1, Ordering::SeqCst);
        Ok(scored)
    }

    /// Stores a batch scored by [`Pipeline::score_batch`] and notifies listeners of its alerts.
    /// If the commit fails, the monitor is rebuilt from storage before the error returns.
    pub fn commit_scored(&self, scored: &ScoredBatch) -> Result<(), PipelineError> {
        // The batch stays counted until it is stored, or until the monitor is rebuilt
        // after a failed commit, so a snapshot is never taken while the monitor is
        // ahead of the store. A failed rebuild leaves it counted and snapshots refused.
        if let Err(error) = self.store.commit(&scored.batch) {
            tracing::error!(%error, batch_len = scored.batch.transactions.len(), "commit failed; rebuilding the monitor");
            let mut monitor = self.lock_monitor()?;
            let rules = monitor.rules().clone();
            *monitor = rebuild_monitor(self.store.as_ref(), &self.origin, rules)?.0;
            self.uncommitted.fetch_sub(1, Ordering::SeqCst);
            return Err(error.into());
        }
        self.uncommitted.fetch_sub(1, Ordering::SeqCst);
        self.notify(&scored.batch.alerts);
        Ok(())
    }

    fn score_locked(
        &self,
        monitor: &mut Monitor,
        transactions: Vec<Transaction>,
        in_flight: &HashMap<String, Decision>,
    ) -> Result<ScoredBatch, PipelineError> {
        let ids: Vec<&str> = transactions.iter().map(|tx| tx.id.as_str()).collect();
        let stored = self.store.known_decisions(&self.origin, &ids)?;

        let mut outcomes = Vec::with_capacity(transactions.len());
        let mut batch = CommitBatch::default();
        let mut decided_now: HashMap<String, Decision> = HashMap::new();
        let mut risk: HashMap<mekong_core::AccountKey, u8> = HashMap::new();
        for tx in transactions {
            let earlier =
                stored.get(&tx.id).or_else(|| decided_now.get(&tx.id)).or_else(|| in_flight.get(&tx.id));
            if let Some(decision) = earlier {
                outcomes.push(Outcome::Duplicate { decision: *decision });
                continue;
            }

            let mut verdict = monitor.score(&tx);
            self.apply_debit_holds(&tx, &mut verdict)?;
            decided_now.insert(tx.id.clone(), verdict.decision);
            outcomes.push(Outcome::Accepted {
                decision: verdict.decision,
                score: verdict.score,
                alerts: verdict.alerts.iter().map(|alert| alert.id.clone()).collect(),
            });
            batch.transactions.push((tx, verdict.decision, verdict.score));
            batch.alerts.extend(verdict.alerts);
            risk.extend(verdict.risk_updates);
        }
        batch.risk_updates = risk.into_iter().collect();
        batch.risk_updates.sort_by(|a, b| a.0.cmp(&b.0));

        Ok(ScoredBatch { outcomes, batch })
    }

    fn notify(&self, alerts: &[Alert]) {
        if alerts.is_empty() {
            return;
        }
        let Ok(listeners) = self.listeners.lock() else {
            return;
        };
        for alert in alerts {
            for listener in listeners.iter() {
                listener(alert);
            }
        }
    }

    fn lock_monitor(&self) -> Result<MutexGuard<'_, Monitor>, PipelineError> {
        self.monitor.lock().map_err(|_| PipelineError::Poisoned)
    }
}
