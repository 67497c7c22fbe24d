//! The goAML file upload of the reports page: several `.xml` files in one
//! `multipart/form-data` body, each validated and imported on its own.
//!
//! Invariants:
//! - each file goes through [`import_report`], the validation, storage and audit of
//!   the paste box and of `mekong import goaml`, so a file with any error stores
//!   nothing while the other files of the same upload are still imported;
//! - files are imported in body order as they arrive, and only one file is held in
//!   memory at a time;
//! - an upload cut off or over [`MAX_UPLOAD_BYTES`] keeps the files imported before
//!   the break, lists them, and reads nothing after it;
//! - the CSRF token is the body's first part, which the CSRF middleware checks before
//!   the handler runs; fields other than `file` are skipped.

use std::sync::Arc;

use axum::extract::Multipart;
use axum::http::StatusCode;
use maud::{Markup, html};
use mekong_core::i18n::Arg;
use mekong_reports::{ImportOutcome, ValidationError};
use mekong_store::reports::ReportStore;

use super::report_href;
use crate::pages::reports_import::{Imported, error_table_with_id, import_report};
use crate::auth::Principal;
use crate::error::WebError;
use crate::locale::Viewer;
use crate::state::AppState;

/// The largest body of `POST /reports`, in bytes: 64 MiB for all files together.
///
/// NOTE: a chosen ceiling, not measured against real goAML files. Each file is read
/// whole into memory to be validated, so one file of an upload can take this much memory.
pub(crate) const MAX_UPLOAD_BYTES: usize = 64 * 1024 * 1024;

/// The multipart field name of the file input.
pub(crate) const FILE_FIELD: &str = "file";

/// The outcome of importing one uploaded file.
#[derive(Debug)]
pub(crate) enum FileOutcome {
    /// The report was valid and is now stored.
    Stored {
        /// The stored report's ID.
        report_id: String,
        /// Transactions of the report the monitor accepted.
        monitored: usize,
        /// Transactions without a bank account on one side, which the monitor cannot score.
        without_accounts: usize,
    },
    /// The same report was stored before, so nothing changed.
    AlreadyStored {
        /// The stored report's ID.
        report_id: String,
        /// Transactions of the report that were new to the monitor.
        monitored: usize,
        /// Transactions without a bank account on one side, which the monitor cannot score.
        without_accounts: usize,
    },
    /// The report failed validation and nothing of it was stored.
    Rejected(Vec<ValidationError>),
    /// The file had no content.
    Empty,
}

/// One uploaded file with its outcome.
#[derive(Debug)]
pub(crate) struct FileResult {
    /// The file name the browser sent, shown to the user only.
    pub file_name: String,
    /// The import's outcome for the file.
    pub outcome: FileOutcome,
}

/// The result of a whole multipart upload.
#[derive(Debug, Default)]
pub(crate) struct FilesUpload {
    /// Each file part of the body, in body order.
    pub files: Vec<FileResult>,
    /// Localised messages of failures that stopped the upload.
    pub errors: Vec<String>,
}

impl FilesUpload {
    /// Returns the HTTP status of the page. It is 201 when any file was newly stored and
    /// 400 when no file was read. Otherwise it is 200 when some file was stored before,
    /// and 422 when every file was rejected.
    pub(crate) fn status(&self) -> StatusCode {
        let stored = self.files.iter().any(|file| matches!(file.outcome, FileOutcome::Stored { .. }));
        let already = self.files.iter().any(|file| matches!(file.outcome, FileOutcome::AlreadyStored { .. }));

        if stored {
            StatusCode::CREATED
        } else if self.files.is_empty() {
            StatusCode::BAD_REQUEST
        } else if already {
            StatusCode::OK
        } else {
            StatusCode::UNPROCESSABLE_ENTITY
        }
    }

    /// Counts the files that ended in a given state: `(stored, already stored, rejected)`,
    /// where an empty file counts as rejected.
    fn counts(&self) -> (usize, usize, usize) {
        let mut counts = (0, 0, 0);
        for file in &self.files {
            match file.outcome {
                FileOutcome::Stored { .. } => counts.0 += 1,
                FileOutcome::AlreadyStored { .. } => counts.1 += 1,
                FileOutcome::Rejected(_) | FileOutcome::Empty => counts.2 += 1,
            }
        }
        counts
    }
}

/// Imports every file part of a multipart body. A broken body ends the upload with
/// a message; a failure of the node is returned as the error.
pub(crate) async fn import_files(
    state: &AppState,
    viewer: &Viewer,
    store: Arc<dyn ReportStore>,
    principal: &Principal,
    multipart: &mut Multipart,
) -> Result<FilesUpload, WebError> {
    let mut upload = FilesUpload::default();

    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(error) => {
                tracing::info!(%error, files = upload.files.len(), "goAML file upload broke off");
                upload.errors.push(broken_message(viewer));
                break;
            }
        };

        // A file input left empty still sends a part, without a file name, and other
        // fields (such as the CSRF field) are not reports.
        let file_name = field.file_name().unwrap_or_default().to_owned();
        if field.name() != Some(FILE_FIELD) || file_name.is_empty() {
            continue;
        }
        let xml = match field.bytes().await {
            Ok(bytes) => bytes.to_vec(),
            Err(error) => {
                tracing::info!(%error, files = upload.files.len(), "goAML file upload broke off inside a file");
                upload.errors.push(broken_message(viewer));
                break;
            }
        };

        let outcome = import_file(state, store.clone(), principal, xml).await?;
        upload.files.push(FileResult { file_name, outcome });
    }

    if upload.files.is_empty() && upload.errors.is_empty() {
        upload.errors.push(viewer.text("web-reports-files-none"));
    }
    let (stored, already_stored, rejected) = upload.counts();
    tracing::info!(stored, already_stored, rejected, "goAML file upload from the browser processed");
    Ok(upload)
}

fn broken_message(viewer: &Viewer) -> String {
    viewer.text_with("web-reports-files-broken", &[("max", Arg::Number((MAX_UPLOAD_BYTES / (1024 * 1024)) as f64))])
}

async fn import_file(
    state: &AppState,
    store: Arc<dyn ReportStore>,
    principal: &Principal,
    xml: Vec<u8>,
) -> Result<FileOutcome, WebError> {
    if xml.iter().all(u8::is_ascii_whitespace) {
        return Ok(FileOutcome::Empty);
    }

    let Imported { outcome, monitored, without_accounts } = import_report(state, store, principal, xml).await?;
    Ok(match outcome {
        ImportOutcome::Stored { report_id, .. } => FileOutcome::Stored { report_id, monitored, without_accounts },
        ImportOutcome::AlreadyStored { report_id } => FileOutcome::AlreadyStored { report_id, monitored, without_accounts },
        ImportOutcome::Rejected { errors } => FileOutcome::Rejected(errors),
    })
}

/// Renders the summary and a row per uploaded file, each rejected file followed by
/// the table of its errors.
pub(crate) fn render_files(viewer: &Viewer, upload: &FilesUpload) -> Markup {
    let (stored, already_stored, rejected) = upload.counts();
    let summary = viewer.text_with("web-reports-files-summary", &[
        ("files", Arg::Number(upload.files.len() as f64)),
        ("stored", Arg::Number(stored as f64)),
        ("already", Arg::Number(already_stored as f64)),
        ("rejected", Arg::Number(rejected as f64)),
    ]);

    html! {
        @if !upload.files.is_empty() {
            section #upload-results {
                p.notice #upload-summary { (summary) }
                table #upload-files {
                    thead { tr {
                        th { (viewer.text("web-reports-file-name")) }
                        th { (viewer.text("web-reports-file-outcome")) }
                    } }
                    tbody {
                        @for (index, file) in upload.files.iter().enumerate() {
                            tr data-file=(index) data-outcome=(outcome_code(&file.outcome)) {
                                td.key { (file.file_name) }
                                td { (outcome_cell(viewer, &file.outcome)) }
                            }
                        }
                    }
                }
                @for (index, file) in upload.files.iter().enumerate() {
                    @if let FileOutcome::Rejected(errors) = &file.outcome {
                        h3 { (viewer.text_with("web-reports-file-errors", &[("file", Arg::Text(&file.file_name))])) }
                        (error_table_with_id(viewer, &format!("validation-errors-{index}"), errors))
                    }
                }
            }
        }
    }
}

fn outcome_code(outcome: &FileOutcome) -> &'static str {
    match outcome {
        FileOutcome::Stored { .. } => "stored",
        FileOutcome::AlreadyStored { .. } => "already-stored",
        FileOutcome::Rejected(_) => "rejected",
        FileOutcome::Empty => "empty",
    }
}

/// Renders why transactions without a bank account on one side were not monitored, if there were any.
fn not_monitored(viewer: &Viewer, without_accounts: usize) -> Markup {
    html! {
        @if without_accounts > 0 {
            " " span.not-monitored { (viewer.text_with("web-reports-not-monitored", &[("count", Arg::Number(without_accounts as f64))])) }
        }
    }
}

fn outcome_cell(viewer: &Viewer, outcome: &FileOutcome) -> Markup {
    match outcome {
        FileOutcome::Stored { report_id, monitored, without_accounts } => html! {
            a href=(report_href(report_id)) { (report_id) } " "
            (viewer.text_with("web-reports-file-stored", &[("count", Arg::Number(*monitored as f64))]))
            (not_monitored(viewer, *without_accounts))
        },
        FileOutcome::AlreadyStored { report_id, monitored, without_accounts } => html! {
            a href=(report_href(report_id)) { (report_id) } " "
            (viewer.text_with("web-reports-file-already-stored", &[("count", Arg::Number(*monitored as f64))]))
            (not_monitored(viewer, *without_accounts))
        },
        FileOutcome::Rejected(errors) => html! {
            (viewer.text_with("web-reports-file-rejected", &[("count", Arg::Number(errors.len() as f64))]))
        },
        FileOutcome::Empty => html! { (viewer.text("web-reports-file-empty")) },
    }
}

/// Renders the file upload form, posting multipart to `/reports` with the CSRF token
/// as the body's first part.
pub(crate) fn files_form(viewer: &Viewer) -> Markup {
    let max = Arg::Number((MAX_UPLOAD_BYTES / (1024 * 1024)) as f64);

    html! {
        h2 { (viewer.text("web-reports-files")) }
        form.card #report-files method="post" action="/reports" enctype="multipart/form-data" {
            // The token must be the body's first part, so this field stays first.
            (viewer.csrf_field())
            p.hint { (viewer.text_with("web-reports-files-hint", &[("max", max)])) }
            label {
                (viewer.text("web-reports-files-label"))
                input type="file" name=(FILE_FIELD) accept=".xml,application/xml,text/xml" multiple required;
            }
            div { button type="submit" { (viewer.text("web-reports-files-submit")) } }
        }
    }
}
