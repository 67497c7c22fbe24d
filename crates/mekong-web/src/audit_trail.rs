//! Recording what handlers do in the audit trail, off the async runtime.
//!
//! Invariant: a handler that views personal data or changes anything records it;
//! a failure to record is logged and answered as a server error by the caller.

use mekong_audit::{Actor, AuditEvent, FieldChange};

use crate::blocking;
use crate::error::WebError;
use crate::state::AppState;

/// An event to record, built by the handler.
#[derive(Debug)]
pub(crate) struct Entry<'a> {
    /// Who acted.
    pub actor: Actor,
    /// The dotted action name, such as `alert.view`.
    pub action: &'a str,
    /// The kind of object.
    pub object_type: Option<&'a str>,
    /// The object's id.
    pub object_id: Option<&'a str>,
    /// Fields changed, as (field, old, new).
    pub changes: Vec<(&'a str, Option<String>, Option<String>)>,
    /// The source address.
    pub source: Option<String>,
}

/// Appends an entry to the audit trail.
pub(crate) async fn record(state: &AppState, entry: Entry<'_>) -> Result<(), WebError> {
    let event = AuditEvent {
        actor: entry.actor,
        action: entry.action.to_owned(),
        object_type: entry.object_type.map(str::to_owned),
        object_id: entry.object_id.map(str::to_owned),
        changes: entry
            .changes
            .into_iter()
            .map(|(field, old, new)| FieldChange { field: field.to_owned(), old, new })
            .collect(),
        purpose: None,
        source: entry.source,
    };
    let auditor = state.auditor.clone();
    let action = event.action.clone();
    blocking::run(move || auditor.record(event)).await.inspect_err(|error| {
        tracing::error!(%error, %action, "audit record failed");
    })?;
    Ok(())
}

/// The actor of a request nobody signed in to, such as a failed sign-in.
pub(crate) fn anonymous(name: &str, agency: &str) -> Actor {
    Actor { user_id: None, name: name.to_owned(), roles: Vec::new(), agency: agency.to_owned() }
}
