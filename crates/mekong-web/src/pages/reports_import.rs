//! Importing one goAML report from the browser, shared by the upload and the
//! hand-entry form, and the table that lists a rejected report's errors.
//!
//! Invariants:
//! - a report goes through `mekong_reports::import_goaml`, the validation and storage
//!   of `mekong import goaml`, so a report with any error stores nothing;
//! - the account-to-account transactions of a valid report go to the running node's
//!   pipeline, so the monitor scores them at once, as the CLI import does;
//! - every stored report is recorded in the audit trail as `report.import`.

use std::sync::Arc;

use axum::http::StatusCode;
use axum::response::Response;
use maud::{Markup, html};
use mekong_ingest::pipeline::Outcome;
use mekong_reports::{ImportOutcome, ValidationError, import_goaml, monitor_transactions, transactions_without_accounts, validate};
use mekong_store::reports::ReportStore;

use super::{html_response, layout};
use crate::audit_trail::{self, Entry as AuditEntry};
use crate::auth::Principal;
use crate::blocking;
use crate::error::WebError;
use crate::locale::Viewer;
use crate::state::AppState;

/// The result of importing one report.
#[derive(Debug)]
pub(crate) struct Imported {
    /// The outcome of validation and storage.
    pub outcome: ImportOutcome,
    /// Transactions of the report the monitor accepted now.
    pub monitored: usize,
    /// Transactions without a bank account on one side, which the monitor cannot score.
    pub without_accounts: usize,
}

impl Imported {
    /// Returns the sentence explaining why some transactions were not monitored, if any were left out.
    pub(crate) fn not_monitored_text(&self, viewer: &Viewer) -> Option<String> {
        let count = mekong_core::i18n::Arg::Number(self.without_accounts as f64);
        (self.without_accounts > 0).then(|| viewer.text_with("web-reports-not-monitored", &[("count", count)]))
    }
}

/// Returns the report tables, or the 503 page when the node was started without them.
pub(crate) fn report_store(state: &AppState, viewer: &Viewer) -> Result<Arc<dyn ReportStore>, Box<Response>> {
    state.reports.clone().ok_or_else(|| {
        let title = viewer.text("web-reports-title");
        let content = html! { h1 { (title) } p #unavailable { (viewer.text("web-reports-unavailable")) } };
        Box::new(html_response(StatusCode::SERVICE_UNAVAILABLE, layout::page(viewer, &state.identity, &title, &[], content)))
    })
}

/// Validates and stores one report, hands its transactions to the monitor and
/// records a stored report in the audit trail.
pub(crate) async fn import_report(
    state: &AppState,
    store: Arc<dyn ReportStore>,
    principal: &Principal,
    xml: Vec<u8>,
) -> Result<Imported, WebError> {
    let origin = state.identity.node_id.clone();
    let offset_seconds = state.node_offset().local_minus_utc();
    let pipeline = state.pipeline.clone();

    let imported = blocking::run(move || -> Result<Imported, WebError> {
        let outcome = import_goaml(store.as_ref(), origin.as_str(), &xml)?;
        let report_id = match &outcome {
            ImportOutcome::Stored { report_id, .. } | ImportOutcome::AlreadyStored { report_id } => report_id,
            ImportOutcome::Rejected { .. } => return Ok(Imported { outcome, monitored: 0, without_accounts: 0 }),
        };

        // A report stored before is handed over again, because an earlier import may
        // have stopped between storing and scoring. The pipeline skips stored transactions.
        let mut monitored = 0;
        let mut without_accounts = 0;
        if let Ok(report) = validate(&xml) {
            without_accounts = transactions_without_accounts(&report);
            let transactions = monitor_transactions(&report, report_id, &origin, offset_seconds);
            if !transactions.is_empty() {
                let outcomes = pipeline.submit(transactions)?;
                monitored = outcomes.iter().filter(|outcome| matches!(outcome, Outcome::Accepted { .. })).count();
            }
        }
        Ok(Imported { outcome, monitored, without_accounts })
    })
    .await?;

    let (report_id, result) = match &imported.outcome {
        ImportOutcome::Stored { report_id, .. } => (report_id, "stored"),
        ImportOutcome::AlreadyStored { report_id } => (report_id, "already-stored"),
        ImportOutcome::Rejected { errors } => {
            tracing::info!(errors = errors.len(), "goAML report from the browser rejected");
            return Ok(imported);
        }
    };
    let audit = AuditEntry {
        actor: principal.actor(&state.identity.agency),
        action: "report.import",
        object_type: Some("report"),
        object_id: Some(report_id),
        changes: vec![
            ("result", None, Some(result.to_owned())),
            ("monitored_transactions", None, Some(imported.monitored.to_string())),
        ],
        source: None,
    };
    audit_trail::record(state, audit).await?;
    Ok(imported)
}

/// Returns the localised text of a validation error's rule.
pub(crate) fn rule_text(viewer: &Viewer, error: &ValidationError) -> String {
    let limit = error.rule.limit();
    viewer.text_with(&format!("reports-rule-{}", error.rule.code()), &[("limit", mekong_core::i18n::Arg::Text(&limit))])
}

/// Renders every error of a rejected report: element path, value and rule.
pub(crate) fn error_table(viewer: &Viewer, errors: &[ValidationError]) -> Markup {
    error_table_with_id(viewer, "validation-errors", errors)
}

/// Renders the error table under an element id, so that a page can list the errors
/// of several rejected reports.
pub(crate) fn error_table_with_id(viewer: &Viewer, id: &str, errors: &[ValidationError]) -> Markup {
    html! {
        table.validation-errors id=(id) {
            thead { tr {
                th { (viewer.text("web-reports-error-path")) }
                th { (viewer.text("web-reports-error-value")) }
                th { (viewer.text("web-reports-error-rule")) }
            } }
            tbody {
                @for error in errors {
                    tr data-rule=(error.rule.code()) {
                        td.key { (error.path) }
                        td { (error.value) }
                        td { (rule_text(viewer, error)) }
                    }
                }
            }
        }
    }
}
