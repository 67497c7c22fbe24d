//! Audit records of command-line actions.
//!
//! Commands act as a `cli:<OS user>` actor with the `system` role, under the node's
//! agency, because the command line has no signed-in user.

use std::path::Path;
use std::sync::Arc;

use anyhow::{Context as _, Result};
use mekong_audit::{Actor, AuditEvent, Auditor, FieldChange, NodeKey};
use mekong_core::NodeIdentity;
use mekong_store::SqliteStore;

/// Opens the node's auditor with the key from the data directory, generating the key on first use.
pub fn open_auditor(data_dir: &Path, store: Arc<SqliteStore>, identity: &NodeIdentity) -> Result<Auditor> {
    let key = NodeKey::load_or_generate(data_dir)?;
    Auditor::open(store, key, identity.node_id.clone()).context("cannot open the audit trail")
}

/// Builds the actor of command-line actions: `cli:<OS user>`.
pub fn cli_actor(identity: &NodeIdentity) -> Actor {
    let user = std::env::var("USER").or_else(|_| std::env::var("LOGNAME")).unwrap_or_else(|_| "unknown".into());
    Actor { user_id: None, name: format!("cli:{user}"), roles: vec!["system".into()], agency: identity.agency.clone() }
}

/// Records one command-line action; `changes` are (field, new value) pairs.
pub fn record(
    data_dir: &Path,
    store: Arc<SqliteStore>,
    identity: &NodeIdentity,
    action: &str,
    object: (&str, &str),
    changes: &[(&str, String)],
) -> Result<u64> {
    let auditor = open_auditor(data_dir, store, identity)?;

    let event = AuditEvent {
        actor: cli_actor(identity),
        action: action.to_owned(),
        object_type: Some(object.0.to_owned()),
        object_id: Some(object.1.to_owned()),
        changes: changes
            .iter()
            .map(|(field, value)| FieldChange { field: (*field).to_owned(), old: None, new: Some(value.clone()) })
            .collect(),
        purpose: None,
        source: None,
    };
    Ok(auditor.record(event)?)
}
