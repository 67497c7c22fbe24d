//! Failures of the web layer that are not the client's fault.
//!
//! Client mistakes (a bad filter, an empty reason, an invalid transaction) are not
//! errors here: the handlers answer them with a localised message. What remains is
//! storage or pipeline failure, which pages show as a localised 500 page and the
//! API as a JSON error, and which is always logged.

use mekong_ingest::pipeline::PipelineError;
use mekong_store::StoreError;

/// A failure inside the node while answering a request.
#[derive(Debug, thiserror::Error)]
pub(crate) enum WebError {
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The pipeline failed as a whole; nothing of the batch was stored.
    #[error(transparent)]
    Pipeline(#[from] PipelineError),
    /// Sign-in or user management failed.
    #[error(transparent)]
    Auth(#[from] mekong_auth::AuthError),
    /// The audit trail could not record an action, so the action must not go ahead.
    #[error(transparent)]
    Audit(#[from] mekong_audit::AuditError),
    /// A stored freeze could not be read back.
    #[error(transparent)]
    Freeze(#[from] mekong_freeze::FreezeError),
    /// The flagged-identifier registry failed.
    #[error(transparent)]
    Registry(#[from] mekong_registry::RegistryError),
    /// The evidence vault or its custody log failed.
    #[error(transparent)]
    Evidence(#[from] mekong_evidence::EvidenceError),
    /// Storing or reading goAML reports and their entities failed.
    #[error(transparent)]
    Reports(#[from] mekong_reports::ReportsError),
    /// A temporary file of an upload could not be written or read.
    #[error("temporary file failed: {0}")]
    TempFile(#[from] std::io::Error),
    /// A blocking task panicked or was cancelled before it returned.
    #[error("a blocking task did not finish: {0}")]
    Task(#[from] tokio::task::JoinError),
}

impl WebError {
    /// Whether the failure is temporary or needs an operator, as opposed to a bug:
    /// the API answers 503 for these and 500 for the rest.
    pub(crate) fn is_unavailable(&self) -> bool {
        matches!(self, WebError::Pipeline(PipelineError::NotInitialised | PipelineError::Poisoned))
    }
}
