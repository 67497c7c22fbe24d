//! The bank-report list with the goAML XML upload: a paste box for one report and
//! a file input for several `.xml` files ([`files`]).
//!
//! Invariants:
//! - an upload is validated and stored exactly as `mekong import goaml` does
//!   ([`super::reports_import`]);
//! - an invalid report stores nothing, and the page lists every error with its
//!   element path, value and rule;
//! - the upload forms are shown only to users granted `ImportReports`.

pub(crate) mod files;
pub(crate) mod ftm_labels;

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Extension, FromRequest, Multipart, Request, State};
use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use mekong_auth::Action;
use mekong_core::i18n::Arg;
use mekong_reports::{ImportOutcome, ValidationError};
use mekong_store::reports::ReportStore;

use self::files::{FilesUpload, files_form, import_files, render_files};
use super::reports_detail::declared_version;
use super::reports_import::{Imported, error_table, import_report, report_store};
use super::{PageError, error_box, form, html_response, layout};
use crate::auth::Principal;
use crate::blocking;
use crate::display;
use crate::locale::Viewer;
use crate::state::AppState;

/// Maximum reports listed, newest import first.
const MAX_ROWS: usize = 500;

/// The largest body of a pasted or raw XML report on `POST /reports`, in bytes: the
/// limit of the file upload. The CSRF middleware reads a body that is not multipart
/// whole, up to this limit for this route, before the handler runs.
///
/// NOTE: a paste near the limit is held in memory several times at once: the body, the
/// decoded field, the report bytes and, when rejected, the text shown back in the form.
pub(crate) const MAX_PASTE_BYTES: usize = files::MAX_UPLOAD_BYTES;

/// The parts of the list page besides the list.
#[derive(Debug, Default)]
struct Outcome {
    notice: Option<String>,
    errors: Vec<String>,
    rejected: Vec<ValidationError>,
    xml: String,
    files: FilesUpload,
}

/// Handles `GET /reports`.
pub(crate) async fn list(State(state): State<AppState>, viewer: Viewer) -> Result<Response, PageError> {
    render(&state, &viewer, Outcome::default(), StatusCode::OK).await
}

async fn render(state: &AppState, viewer: &Viewer, outcome: Outcome, status: StatusCode) -> Result<Response, PageError> {
    let store = match report_store(state, viewer) {
        Ok(store) => store,
        Err(response) => return Ok(*response),
    };
    let mut reports = blocking::run(move || store.reports()).await.map_err(|error| PageError::new(viewer, state, error))?;
    reports.sort_by(|left, right| right.imported_at.cmp(&left.imported_at).then_with(|| left.id.cmp(&right.id)));
    let shown = &reports[..reports.len().min(MAX_ROWS)];

    let offset = state.node_offset();
    let title = viewer.text("web-reports-title");
    let content = html! {
        h1 { (title) }
        (error_box(viewer, &outcome.errors))
        @if let Some(notice) = &outcome.notice { p.notice #notice { (notice) } }
        @if !outcome.rejected.is_empty() { (error_table(viewer, &outcome.rejected)) }
        (render_files(viewer, &outcome.files))
        p.actions {
            a href="/entities" { (viewer.text("web-entities-title")) }
            @if viewer.may(Action::ImportReports) { " · " a href="/reports/new" { (viewer.text("web-reports-new")) } }
        }
        p #reports-count { (viewer.text_with("web-reports-count", &[
            ("shown", Arg::Number(shown.len() as f64)),
            ("found", Arg::Number(reports.len() as f64)),
        ])) }
        table #reports {
            thead { tr {
                th { (viewer.text("web-reports-code")) }
                th { (viewer.text("web-reports-rentity")) }
                th { (viewer.text("web-reports-reference")) }
                th { (viewer.text("web-reports-date")) }
                th { (viewer.text("web-reports-currency")) }
                th { (viewer.text("web-reports-declared-version")) }
                th { (viewer.text("web-reports-transactions")) }
                th { (viewer.text("web-reports-imported")) }
            } }
            tbody {
                @for report in shown {
                    tr data-id=(report.id) {
                        td { a href=(report_href(&report.id)) { (report.report_code) } }
                        td { (report.rentity_id) }
                        td { (report.entity_reference) }
                        td { (report.report_date) }
                        td { (report.currency) }
                        td.version { (declared_version(viewer, report.declared_version.as_deref())) }
                        td.number { (report.transactions) }
                        td { (display::instant(report.imported_at, offset)) }
                    }
                }
            }
        }
        @if viewer.may(Action::ImportReports) {
            (files_form(viewer))
            (upload_form(viewer, &outcome.xml))
        }
    };
    Ok(html_response(status, layout::page(viewer, &state.identity, &title, &[], content)))
}

/// Returns the address of a report's detail page.
pub(crate) fn report_href(id: &str) -> String {
    format!("/reports/{}", display::encode_path(id, false))
}

fn upload_form(viewer: &Viewer, xml: &str) -> Markup {
    html! {
        h2 { (viewer.text("web-reports-upload")) }
        form.card #report-upload method="post" action="/reports" {
            (viewer.csrf_field())
            p.hint { (viewer.text_with("web-reports-upload-hint", &[("max", Arg::Number(mebibytes(MAX_PASTE_BYTES)))])) }
            label { (viewer.text("web-reports-upload-xml")) textarea name="xml" rows="12" required { (xml) } }
            div { button type="submit" { (viewer.text("web-reports-upload")) } }
        }
    }
}

/// Returns a byte count in whole mebibytes, for messages.
fn mebibytes(bytes: usize) -> f64 {
    (bytes / (1024 * 1024)) as f64
}

/// Renders the reports page with the error for a paste or raw XML body over
/// [`MAX_PASTE_BYTES`]; nothing was read past the limit and nothing was stored.
pub(crate) async fn paste_too_large(state: &AppState, viewer: &Viewer) -> Response {
    let viewer = viewer.at_page("/reports".to_owned());
    let message = viewer.text_with("web-reports-paste-too-large", &[("max", Arg::Number(mebibytes(MAX_PASTE_BYTES)))]);
    let outcome = Outcome { errors: vec![message], ..Outcome::default() };

    match render(state, &viewer, outcome, StatusCode::PAYLOAD_TOO_LARGE).await {
        Ok(response) => response,
        Err(error) => error.into_response(),
    }
}

/// Handles `POST /reports`: imports the `.xml` files of a `multipart/form-data` body
/// ([`files`]), or one goAML report pasted into the form field `xml` or sent as the
/// body with `Content-Type: application/xml` or `text/xml`, up to [`MAX_PASTE_BYTES`].
pub(crate) async fn upload(
    State(state): State<AppState>,
    viewer: Viewer,
    Extension(principal): Extension<Principal>,
    request: Request,
) -> Result<Response, PageError> {
    let viewer = viewer.at_page("/reports".to_owned());
    let store = match report_store(&state, &viewer) {
        Ok(store) => store,
        Err(response) => return Ok(*response),
    };
    let headers = request.headers().clone();

    if is_multipart(&headers) {
        return upload_files(&state, &viewer, store, &principal, request).await;
    }

    let body = match Bytes::from_request(request, &state).await {
        Ok(body) => body,
        Err(rejection) => {
            tracing::info!(%rejection, "goAML report body could not be read");
            let outcome = Outcome { errors: vec![viewer.text("web-reports-body-unreadable")], ..Outcome::default() };
            return render(&state, &viewer, outcome, rejection.status()).await;
        }
    };
    let content_type = headers.get(CONTENT_TYPE).and_then(|value| value.to_str().ok()).unwrap_or("");
    let is_xml = content_type.starts_with("application/xml") || content_type.starts_with("text/xml");
    let xml = if is_xml { body.to_vec() } else { form::field(&form::pairs(&body), "xml").as_bytes().to_vec() };

    if xml.is_empty() {
        let outcome = Outcome { errors: vec![viewer.text("web-reports-upload-empty")], ..Outcome::default() };
        return render(&state, &viewer, outcome, StatusCode::BAD_REQUEST).await;
    }

    let typed = if is_xml { String::new() } else { String::from_utf8_lossy(&xml).into_owned() };
    let imported =
        import_report(&state, store, &principal, xml).await.map_err(|error| PageError::new(&viewer, &state, error))?;
    let not_monitored = imported.not_monitored_text(&viewer);
    let Imported { outcome, monitored, .. } = imported;
    let (outcome, status) = match outcome {
        ImportOutcome::Stored { report_id, .. } => {
            (stored_notice(&viewer, "web-reports-stored", &report_id, monitored, not_monitored), StatusCode::CREATED)
        }
        ImportOutcome::AlreadyStored { report_id } => {
            (stored_notice(&viewer, "web-reports-already-stored", &report_id, monitored, not_monitored), StatusCode::OK)
        }
        ImportOutcome::Rejected { errors } => {
            let count = Arg::Number(errors.len() as f64);
            let outcome = Outcome {
                errors: vec![viewer.text_with("web-reports-rejected", &[("count", count)])],
                rejected: errors,
                xml: typed,
                ..Outcome::default()
            };
            (outcome, StatusCode::UNPROCESSABLE_ENTITY)
        }
    };
    render(&state, &viewer, outcome, status).await
}

/// Imports the files of a multipart body and renders the list with each file's outcome.
async fn upload_files(
    state: &AppState,
    viewer: &Viewer,
    store: Arc<dyn ReportStore>,
    principal: &Principal,
    request: Request,
) -> Result<Response, PageError> {
    let mut multipart = match Multipart::from_request(request, state).await {
        Ok(multipart) => multipart,
        Err(rejection) => {
            tracing::info!(%rejection, "goAML file upload is not a valid multipart body");
            let outcome = Outcome { errors: vec![viewer.text("web-reports-files-not-multipart")], ..Outcome::default() };
            return render(state, viewer, outcome, StatusCode::BAD_REQUEST).await;
        }
    };

    let mut upload =
        import_files(state, viewer, store, principal, &mut multipart).await.map_err(|error| PageError::new(viewer, state, error))?;

    let status = upload.status();
    let errors = std::mem::take(&mut upload.errors);
    let outcome = Outcome { errors, files: upload, ..Outcome::default() };
    render(state, viewer, outcome, status).await
}

fn is_multipart(headers: &HeaderMap) -> bool {
    headers
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.trim_start().to_ascii_lowercase().starts_with("multipart/form-data"))
}

fn stored_notice(viewer: &Viewer, key: &str, report_id: &str, monitored: usize, not_monitored: Option<String>) -> Outcome {
    let mut notice = viewer.text_with(key, &[("id", Arg::Text(report_id)), ("count", Arg::Number(monitored as f64))]);
    if let Some(reason) = not_monitored {
        notice.push(' ');
        notice.push_str(&reason);
    }
    Outcome { notice: Some(notice), ..Outcome::default() }
}
