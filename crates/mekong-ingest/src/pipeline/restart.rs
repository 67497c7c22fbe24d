//! Rebuilding the monitor when a node starts: from a monitor snapshot plus the
//! transactions stored after it, or by replaying every stored transaction.
//!
//! Invariants:
//! - a snapshot is used only when it was written by this node, under rules with the
//!   same fingerprint, and the transaction it names as its last one is stored at the
//!   same `seq`. Otherwise, or when the file is missing, corrupt or inconsistent, the
//!   monitor is rebuilt by the full replay and the reason is logged;
//! - either way, the flags in force are the stored ones, applied before the replayed
//!   transactions, as the full replay does;
//! - logs carry counts, sequence numbers and reasons, never account keys.

use std::path::Path;
use std::time::Instant;

use mekong_core::NodeId;
use mekong_monitor::{Monitor, RuleSet, Snapshot, SnapshotError};
use mekong_store::Store;

use super::PipelineError;

/// The way the monitor's state was rebuilt at start.
#[derive(Debug)]
pub struct Rebuild {
    /// The last `seq` the snapshot covered, when a snapshot was used.
    pub snapshot_seq: Option<i64>,
    /// The number of stored transactions replayed through the monitor.
    pub replayed: u64,
    /// The reason no snapshot was used, when none was.
    pub fallback: Option<SnapshotFallback>,
}

/// The reason a start replayed every stored transaction instead of using the snapshot.
#[derive(Debug, thiserror::Error)]
pub enum SnapshotFallback {
    /// There is no snapshot file, as on a first start or after a crash before any snapshot.
    #[error("no monitor snapshot exists")]
    Missing,
    /// The file cannot be read, is corrupt or has another format version.
    #[error("the monitor snapshot cannot be used: {0}")]
    Unreadable(SnapshotError),
    /// The snapshot was written by another node.
    #[error("the monitor snapshot belongs to another node")]
    OtherNode,
    /// The rules, or the scoring code, differ from those the snapshot was written under.
    #[error("the rules changed since the monitor snapshot was written")]
    RulesChanged,
    /// The transaction the snapshot names as its last one is not stored at its `seq`,
    /// so the snapshot claims more than the store contains or belongs to another database.
    #[error("the monitor snapshot covers transactions up to seq {seq}, which the store does not hold")]
    NotStored {
        /// The `seq` the snapshot claims to cover.
        seq: i64,
    },
    /// The snapshot's state failed the consistency checks.
    #[error("the monitor snapshot's state is inconsistent: {0}")]
    Inconsistent(SnapshotError),
}

/// Builds a monitor whose state matches storage: the stored flags, then every stored
/// transaction replayed in storage order with the output discarded.
pub(super) fn rebuild_monitor(store: &dyn Store, origin: &NodeId, rules: RuleSet) -> Result<(Monitor, u64), PipelineError> {
    let mut monitor = Monitor::new(rules, origin.clone());
    for flag in store.flags()? {
        monitor.flag_account(flag.account, flag.reason);
    }

    let started = Instant::now();
    let mut replayed: u64 = 0;
    store.for_each_transaction(&mut |stored| {
        monitor.score(&stored.tx);
        replayed += 1;
        Ok(())
    })?;
    tracing::info!(replayed, elapsed_ms = started.elapsed().as_millis() as u64, "monitor state rebuilt from storage");

    Ok((monitor, replayed))
}

/// Builds the monitor from the snapshot at `path` when it fits the store, node and
/// rules, and then replays only the transactions stored after it. Otherwise it falls
/// back to [`rebuild_monitor`].
pub(super) fn restore_monitor(
    store: &dyn Store,
    origin: &NodeId,
    rules: RuleSet,
    path: &Path,
) -> Result<(Monitor, Rebuild), PipelineError> {
    let started = Instant::now();
    let fallback = match usable_snapshot(store, origin, &rules, path)? {
        Ok(snapshot) => {
            let seq = snapshot.tag.seq();
            match Monitor::from_snapshot(rules.clone(), origin.clone(), snapshot) {
                Ok(monitor) => {
                    let (monitor, replayed) = replay_after(store, monitor, seq)?;
                    tracing::info!(
                        snapshot_seq = seq,
                        replayed,
                        elapsed_ms = started.elapsed().as_millis() as u64,
                        "monitor state restored from snapshot"
                    );
                    return Ok((monitor, Rebuild { snapshot_seq: Some(seq), replayed, fallback: None }));
                }
                Err(error) => SnapshotFallback::Inconsistent(error),
            }
        }
        Err(fallback) => fallback,
    };

    match &fallback {
        SnapshotFallback::Missing => tracing::info!(reason = %fallback, "replaying every stored transaction"),
        _ => tracing::warn!(reason = %fallback, "monitor snapshot not used; replaying every stored transaction"),
    }
    let (monitor, replayed) = rebuild_monitor(store, origin, rules)?;
    Ok((monitor, Rebuild { snapshot_seq: None, replayed, fallback: Some(fallback) }))
}

/// Reads the snapshot and checks its tag against the node, rules and store. The outer
/// error is a store failure; the inner one is the reason to fall back.
fn usable_snapshot(
    store: &dyn Store,
    origin: &NodeId,
    rules: &RuleSet,
    path: &Path,
) -> Result<Result<Snapshot, SnapshotFallback>, PipelineError> {
    let snapshot = match Snapshot::read(path) {
        Ok(snapshot) => snapshot,
        Err(SnapshotError::NotFound { .. }) => return Ok(Err(SnapshotFallback::Missing)),
        Err(error) => return Ok(Err(SnapshotFallback::Unreadable(error))),
    };

    if snapshot.tag.node != origin.as_str() {
        return Ok(Err(SnapshotFallback::OtherNode));
    }
    if snapshot.tag.rules_fingerprint != rules.fingerprint() {
        return Ok(Err(SnapshotFallback::RulesChanged));
    }

    // The covered transaction must be stored at the recorded seq. This also catches a
    // store that lost its newest commits and then stored others under the same seq.
    if let Some(covered) = &snapshot.tag.covered {
        let not_stored = Ok(Err(SnapshotFallback::NotStored { seq: covered.seq }));
        let Ok(covered_origin) = NodeId::new(&covered.origin) else {
            return not_stored;
        };
        let found = store.transactions_by_ids(&covered_origin, std::slice::from_ref(&covered.id))?;
        if found.first().map(|stored| stored.seq) != Some(covered.seq) {
            return not_stored;
        }
    }

    Ok(Ok(snapshot))
}

/// Installs the stored flags and scores every transaction stored after `seq`.
fn replay_after(store: &dyn Store, mut monitor: Monitor, seq: i64) -> Result<(Monitor, u64), PipelineError> {
    // Flags may have changed since the snapshot, so the stored list is the one in force.
    // NOTE: transactions before the snapshot keep the risk they got with the flags of
    // their time, while a full replay scores them all with today's flags. The two
    // starts therefore differ in risk when flags changed while the node ran.
    monitor.clear_flags();
    for flag in store.flags()? {
        monitor.flag_account(flag.account, flag.reason);
    }

    let mut replayed: u64 = 0;
    store.for_each_transaction_after(seq, &mut |stored| {
        monitor.score(&stored.tx);
        replayed += 1;
        Ok(())
    })?;
    Ok((monitor, replayed))
}
