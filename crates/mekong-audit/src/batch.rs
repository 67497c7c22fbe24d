//! [`BatchRecorder`]: group commit for audit events that callers need not wait for.
//!
//! Callers queue events on a bounded channel, and one dedicated thread takes
//! everything queued (up to [`MAX_BATCH`]) and appends it with
//! [`Auditor::record_many`], so one durable transaction carries many records.
//!
//! Invariants:
//! - no event is dropped by the recorder: [`BatchRecorder::submit`] blocks while the
//!   queue is full, and after [`BatchRecorder::close`] (or when the thread could not
//!   start) it appends the event itself with [`Auditor::record`];
//! - closing or dropping the recorder appends everything already queued before it returns;
//! - events are appended in the order the channel received them, and each keeps the
//!   time it was submitted.
//!
//! NOTE: two threads that submit at nearly the same moment may enqueue in the opposite
//! order of their times, so record times are not strictly increasing with seq.
//! `verify` checks the chain, not the order of times.
//!
//! A batch that the store fails to append is logged and counted in
//! [`BatchStats::failed`], and its events are not retried.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, SyncSender, TrySendError, sync_channel};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;

use chrono::Utc;

use crate::auditor::validate;
use crate::{AuditError, AuditEvent, Auditor};

/// The default capacity of the queue, in events.
pub const DEFAULT_QUEUE_CAPACITY: usize = 8_192;

/// The maximum events appended in one transaction.
pub const MAX_BATCH: usize = 1_000;

/// An event and the time it was submitted, in microseconds since the Unix epoch.
type Queued = (AuditEvent, i64);

/// The outcome of [`BatchRecorder::try_submit`].
#[derive(Debug)]
pub enum TrySubmit {
    /// The event is queued.
    Queued,
    /// The queue is full or closed, so the event is handed back for [`BatchRecorder::submit`].
    Full(Box<AuditEvent>),
}

/// Counts of what the recorder's thread has appended.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BatchStats {
    /// Events appended by the thread.
    pub recorded: u64,
    /// Events in batches that the store failed to append.
    pub failed: u64,
    /// Transactions that appended a batch.
    pub batches: u64,
}

#[derive(Debug, Default)]
struct Counters {
    recorded: AtomicU64,
    failed: AtomicU64,
    batches: AtomicU64,
}

/// Queues audit events and appends them in batches on a dedicated thread.
#[derive(Debug)]
pub struct BatchRecorder {
    auditor: Arc<Auditor>,
    sender: Mutex<Option<SyncSender<Queued>>>,
    worker: Mutex<Option<JoinHandle<()>>>,
    counters: Arc<Counters>,
}

impl BatchRecorder {
    /// Starts a recorder with a queue of [`DEFAULT_QUEUE_CAPACITY`] events.
    pub fn new(auditor: Arc<Auditor>) -> BatchRecorder {
        BatchRecorder::with_capacity(auditor, DEFAULT_QUEUE_CAPACITY)
    }

    /// Starts a recorder with a queue of `capacity` events (at least 1). When the
    /// thread cannot be started, the error is logged and every submit appends its
    /// event directly.
    pub fn with_capacity(auditor: Arc<Auditor>, capacity: usize) -> BatchRecorder {
        let (sender, receiver) = sync_channel::<Queued>(capacity.max(1));
        let counters = Arc::new(Counters::default());

        let thread_auditor = Arc::clone(&auditor);
        let thread_counters = Arc::clone(&counters);
        let spawned = std::thread::Builder::new()
            .name("audit-batch".to_owned())
            .spawn(move || drain(&thread_auditor, &receiver, &thread_counters));

        let (sender, worker) = match spawned {
            Ok(worker) => (Some(sender), Some(worker)),
            Err(error) => {
                tracing::error!(%error, "cannot start the audit batch thread, so audit events are appended one by one");
                (None, None)
            }
        };
        BatchRecorder { auditor, sender: Mutex::new(sender), worker: Mutex::new(worker), counters }
    }

    /// Queues an event if the queue has room, without blocking. Returns the event back
    /// when the queue is full or the recorder is closed, for [`BatchRecorder::submit`].
    pub fn try_submit(&self, event: AuditEvent) -> Result<TrySubmit, AuditError> {
        validate(&event)?;

        let Some(sender) = self.sender() else {
            return Ok(TrySubmit::Full(Box::new(event)));
        };
        match sender.try_send((event, now_us())) {
            Ok(()) => Ok(TrySubmit::Queued),
            Err(TrySendError::Full((event, _)) | TrySendError::Disconnected((event, _))) => {
                Ok(TrySubmit::Full(Box::new(event)))
            }
        }
    }

    /// Queues an event, blocking while the queue is full. After
    /// [`BatchRecorder::close`], appends the event directly. Call it from a thread
    /// that may block, such as `tokio::task::spawn_blocking`.
    pub fn submit(&self, event: AuditEvent) -> Result<(), AuditError> {
        validate(&event)?;

        let Some(sender) = self.sender() else {
            self.auditor.record(event)?;
            return Ok(());
        };
        if let Err(error) = sender.send((event, now_us())) {
            let (event, _) = error.0;
            self.auditor.record(event)?;
        }
        Ok(())
    }

    /// Stops accepting events for the queue, appends everything queued and waits for
    /// the thread to end. Later submits append directly. Calling it again does nothing.
    pub fn close(&self) {
        let sender = self.sender.lock().unwrap_or_else(PoisonError::into_inner).take();
        drop(sender);

        let worker = self.worker.lock().unwrap_or_else(PoisonError::into_inner).take();
        let Some(worker) = worker else {
            return;
        };
        if worker.join().is_err() {
            tracing::error!("the audit batch thread panicked");
        }
    }

    /// Returns the counts of what the thread has appended so far.
    pub fn stats(&self) -> BatchStats {
        BatchStats {
            recorded: self.counters.recorded.load(Ordering::Relaxed),
            failed: self.counters.failed.load(Ordering::Relaxed),
            batches: self.counters.batches.load(Ordering::Relaxed),
        }
    }

    /// Returns a sender clone, so that a blocked send holds no lock that `close` needs.
    fn sender(&self) -> Option<SyncSender<Queued>> {
        self.sender.lock().unwrap_or_else(PoisonError::into_inner).clone()
    }
}

impl Drop for BatchRecorder {
    fn drop(&mut self) {
        self.close();
    }
}

fn now_us() -> i64 {
    Utc::now().timestamp_micros()
}

/// Runs on the recorder's thread until every sender is gone and the queue is empty.
fn drain(auditor: &Auditor, receiver: &Receiver<Queued>, counters: &Counters) {
    tracing::info!("audit batch thread started");

    while let Ok(first) = receiver.recv() {
        let mut batch = Vec::with_capacity(MAX_BATCH.min(64));
        batch.push(first);
        while batch.len() < MAX_BATCH {
            match receiver.try_recv() {
                Ok(queued) => batch.push(queued),
                Err(_) => break,
            }
        }

        let size = batch.len() as u64;
        match auditor.record_many_at(batch) {
            Ok(seqs) => {
                counters.recorded.fetch_add(size, Ordering::Relaxed);
                counters.batches.fetch_add(1, Ordering::Relaxed);
                tracing::debug!(records = size, last_seq = seqs.last().copied(), "audit batch appended");
            }
            Err(error) => {
                // The error names the store failure only. Events carry no personal data,
                // but they are still not logged, because the trail is where they belong.
                let failed = counters.failed.fetch_add(size, Ordering::Relaxed) + size;
                tracing::error!(%error, records = size, failed_total = failed, "cannot append an audit batch, so its records are lost");
            }
        }
    }

    tracing::info!("audit batch thread stopped");
}
