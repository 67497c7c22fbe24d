//! The state every request handler shares: the store, the pipeline, the node's
//! identity, sign-in, the audit trail, the flagged-identifier registry and the
//! channels that carry new alerts and the shutdown signal.
//!
//! Invariant: [`AppState::new`] registers exactly one pipeline listener per state,
//! which forwards every committed alert to the broadcast channel that `/events` reads.

use std::sync::Arc;

use chrono::FixedOffset;
use mekong_audit::{Auditor, BatchRecorder};
use mekong_auth::Auth;
use mekong_core::{Alert, NodeIdentity};
use mekong_freeze::FreezeConfig;
use mekong_ingest::pipeline::Pipeline;
use mekong_registry::Registry;
use mekong_store::Store;
use mekong_store::freeze::FreezeStore;
use mekong_store::reports::ReportStore;
use mekong_trace::TraceSource;
use tokio::sync::{broadcast, watch};

use crate::display;
use crate::pages::evidence::EvidenceServices;

/// Alerts kept for event-stream clients that fall behind. A client that lags by
/// more gets a reload notice instead of receiving the missed alerts.
const ALERT_BUFFER: usize = 1024;

/// An indexed source for fund tracing, such as the SQLite store.
#[derive(Clone)]
pub struct IndexedTraceSource(pub Arc<dyn TraceSource + Send + Sync>);

impl std::fmt::Debug for IndexedTraceSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("IndexedTraceSource")
    }
}

/// Shared state of the web server; cheap to clone.
#[derive(Debug, Clone)]
pub struct AppState {
    /// The node's storage.
    pub store: Arc<dyn Store>,
    /// The path every new transaction takes, from the API as from files.
    pub pipeline: Arc<Pipeline>,
    /// Who runs this node.
    pub identity: NodeIdentity,
    /// Users, sessions and API tokens.
    pub auth: Auth,
    /// The audit trail every handler records into.
    pub auditor: Arc<Auditor>,
    /// Group commit into [`AppState::auditor`] for records the response need not wait
    /// for, such as risk queries. It appends what is queued when the last clone of the
    /// state is dropped.
    pub audit_batch: Arc<BatchRecorder>,
    /// Whether cookies get the `Secure` attribute, because the node serves TLS.
    pub secure_cookies: bool,
    /// The flagged-identifier registry; `None` until [`AppState::with_registry`], and
    /// the registry routes then answer 503.
    pub registry: Option<Arc<Registry>>,
    /// The freeze tables; `None` until [`AppState::with_freezes`], and the freeze
    /// screens then return 503.
    pub freezes: Option<Arc<dyn FreezeStore>>,
    /// How long an approval or renewal keeps a freeze active.
    pub freeze_config: FreezeConfig,
    /// The evidence vault and stores; `None` until [`AppState::with_evidence`], and the
    /// evidence screens then return 503.
    pub evidence: Option<EvidenceServices>,
    /// The goAML report and entity tables; `None` until [`AppState::with_reports`], and
    /// the report screens then return 503.
    pub reports: Option<Arc<dyn ReportStore>>,
    /// An indexed source for fund tracing; `None` until [`AppState::with_trace_source`],
    /// and the trace screen then reads account histories through [`Store`].
    pub trace_source: Option<IndexedTraceSource>,
    alerts: broadcast::Sender<Alert>,
    closing: Arc<watch::Sender<bool>>,
}

impl AppState {
    /// Creates the state, starts the audit batch thread and registers a pipeline
    /// listener that broadcasts every committed alert to the open event streams.
    pub fn new(
        store: Arc<dyn Store>,
        pipeline: Arc<Pipeline>,
        identity: NodeIdentity,
        auth: Auth,
        auditor: Arc<Auditor>,
    ) -> AppState {
        let (alerts, _) = broadcast::channel(ALERT_BUFFER);

        let sender = alerts.clone();
        pipeline.on_alert(move |alert| {
            // Sending fails only when no page listens, which is normal.
            let _ = sender.send(alert.clone());
        });

        let audit_batch = Arc::new(BatchRecorder::new(Arc::clone(&auditor)));

        let (closing, _) = watch::channel(false);
        AppState {
            store,
            pipeline,
            identity,
            auth,
            auditor,
            audit_batch,
            secure_cookies: false,
            registry: None,
            freezes: None,
            freeze_config: FreezeConfig::default(),
            evidence: None,
            reports: None,
            trace_source: None,
            alerts,
            closing: Arc::new(closing),
        }
    }

    /// Marks cookies `Secure`, for a node that serves TLS.
    pub fn with_secure_cookies(mut self, secure: bool) -> AppState {
        self.secure_cookies = secure;
        self
    }

    /// Sets the registry the risk query and `POST /api/v1/registry` use. Its flag sink
    /// must be this state's pipeline, so that a listed bank account reaches the monitor.
    pub fn with_registry(mut self, registry: Arc<Registry>) -> AppState {
        self.registry = Some(registry);
        self
    }

    /// Sets the freeze tables and period the freeze screens use. Transitions hold and
    /// release debits through this state's pipeline, so they reach the running monitor.
    pub fn with_freezes(mut self, freezes: Arc<dyn FreezeStore>, config: FreezeConfig) -> AppState {
        self.freezes = Some(freezes);
        self.freeze_config = config;
        self
    }

    /// Sets the evidence vault and stores the evidence screens use.
    pub fn with_evidence(mut self, evidence: EvidenceServices) -> AppState {
        self.evidence = Some(evidence);
        self
    }

    /// Sets the goAML report and entity tables the report screens use.
    pub fn with_reports(mut self, reports: Arc<dyn ReportStore>) -> AppState {
        self.reports = Some(reports);
        self
    }

    /// Gives the trace screen an indexed source, such as the SQLite store.
    pub fn with_trace_source(mut self, source: Arc<dyn TraceSource + Send + Sync>) -> AppState {
        self.trace_source = Some(IndexedTraceSource(source));
        self
    }

    /// Subscribes to alerts committed from now on.
    pub(crate) fn subscribe_alerts(&self) -> broadcast::Receiver<Alert> {
        self.alerts.subscribe()
    }

    /// Returns a receiver that turns `true` when the server begins to shut down.
    pub(crate) fn closing(&self) -> watch::Receiver<bool> {
        self.closing.subscribe()
    }

    /// Returns the sender that [`crate::serve`] sets to `true` on shutdown.
    pub(crate) fn closing_signal(&self) -> Arc<watch::Sender<bool>> {
        Arc::clone(&self.closing)
    }

    /// The UTC offset of the node's own zone, used for dates typed into filters and
    /// for times the node's clock recorded.
    pub(crate) fn node_offset(&self) -> FixedOffset {
        display::country_offset(self.identity.country)
    }
}
