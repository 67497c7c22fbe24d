//! The audit trail: an append-only, hash-chained record of every sign-in, view of
//! personal data, change, decision, export and administrative action, with
//! checkpoints signed by the node's Ed25519 key.
//!
//! Invariants:
//! - a record stores identifiers and states, never personal data itself;
//! - record `seq` is contiguous from 1 and each record's hash covers its fields and
//!   the previous record's hash ([`hash`]), so [`verify`] detects an edited,
//!   deleted, inserted or reordered record and names the first one;
//! - checkpoints sign (node, last seq, head hash, time) and let `verify` detect a
//!   rewritten chain and a deleted tail up to the last checkpoint.

#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used))]

mod auditor;
mod batch;
mod error;
mod export;
pub mod hash;
mod key;
mod search;
mod verify;

pub use auditor::{Auditor, Checkpoint, DEFAULT_CHECKPOINT_EVERY};
pub use batch::{BatchRecorder, BatchStats, DEFAULT_QUEUE_CAPACITY, MAX_BATCH, TrySubmit};
pub use error::AuditError;
pub use export::{ExportFormat, export};
pub use key::{KEY_FILE, NodeKey};
pub use search::{AuditEntry, AuditQuery, search};
pub use verify::{Damage, Problem, VerifyOptions, VerifyReport, verify, verify_with};

use serde::{Deserialize, Serialize};

/// Who performed an audited action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    /// The user's id, or `None` for the node itself or an unauthenticated caller.
    pub user_id: Option<String>,
    /// The user name, API token name, or `system`.
    pub name: String,
    /// The roles the actor held when acting.
    pub roles: Vec<String>,
    /// The actor's agency.
    pub agency: String,
}

/// One field changed by an audited action; identifiers and states only, never personal data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    /// The field's name.
    pub field: String,
    /// The value before, if any.
    pub old: Option<String>,
    /// The value after, if any.
    pub new: Option<String>,
}

/// An action to record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEvent {
    /// Who acted.
    pub actor: Actor,
    /// What was done, as a dotted name such as `alert.view` or `signin.success`.
    pub action: String,
    /// The kind of object acted on, such as `alert` or `account`.
    pub object_type: Option<String>,
    /// The object's identifier.
    pub object_id: Option<String>,
    /// Fields changed, with old and new values, for changes and decisions.
    pub changes: Vec<FieldChange>,
    /// The purpose or legal basis given, where the action requires one.
    pub purpose: Option<String>,
    /// The source address of the request, if it came over the network.
    pub source: Option<String>,
}
