//! The evidence upload: a form with the seizure metadata and a streamed
//! `multipart/form-data` upload into the vault.
//!
//! Invariants:
//! - file content is never held whole in memory: each multipart chunk goes through a
//!   bounded channel to [`mekong_evidence::Vault::add_reader`] on a blocking thread, so
//!   memory stays at [`UPLOAD_QUEUE_CHUNKS`] chunks whatever the file size;
//! - the metadata fields come before the file fields in the body, as the form orders
//!   them, because an item is sealed while its file is read. A file before a valid case
//!   and kind is rejected and nothing of it is stored;
//! - an upload cut off mid-file stores nothing for that file, because the vault
//!   discards its temporary object when its reader fails;
//! - the CSRF token is the body's first part, which the CSRF middleware checks before
//!   this handler runs, so the handler skips the `csrf` field;
//! - each added item is recorded in the audit trail, then parsed when a parser fits.

use std::collections::HashMap;
use std::io::Read;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::multipart::{Field, MultipartRejection};
use axum::extract::{Extension, Multipart, State};
use axum::http::{StatusCode, Uri};
use axum::response::Response;
use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime};
use mekong_core::Currency;
use maud::{Markup, html};
use mekong_core::i18n::Arg;
use mekong_evidence::ingest_parse::{ParseSummary, parse_item};
use mekong_evidence::parse::BankStatementOptions;
use mekong_evidence::{AddRequest, AddedItem, EvidenceError, EvidenceKind};
use mekong_store::evidence::EvidenceStore;
use tokio::sync::mpsc;

use super::evidence::{EvidenceServices, evidence_nav, item_href, kind_name, services};
use super::{PageError, error_box, form, html_response, layout};
use crate::audit_trail::{self, Entry};
use crate::auth::Principal;
use crate::error::WebError;
use crate::locale::Viewer;
use crate::state::AppState;

/// The largest upload body, in bytes: 64 GiB, so that a full phone extraction fits.
///
/// NOTE: this is a chosen ceiling, not a measured need; the vault itself streams any size.
pub(crate) const MAX_UPLOAD_BYTES: u64 = 64 * 1024 * 1024 * 1024;

/// Chunks of an upload held between the network and the vault at most.
pub(crate) const UPLOAD_QUEUE_CHUNKS: usize = 8;

/// The maximum length of a metadata value, in bytes.
const MAX_FIELD_BYTES: usize = 2000;

/// Returns the upload body limit for `DefaultBodyLimit`, capped at what `usize` holds.
pub(crate) fn body_limit() -> usize {
    usize::try_from(MAX_UPLOAD_BYTES).unwrap_or(usize::MAX)
}

/// Handles `GET /evidence/new`: the upload form, with `case` filled in when given.
pub(crate) async fn new(State(state): State<AppState>, viewer: Viewer, uri: Uri) -> Response {
    if let Err(response) = services(&state, &viewer) {
        return *response;
    }
    let query = form::pairs(uri.query().unwrap_or("").as_bytes());
    let mut values = HashMap::new();
    values.insert("case".to_owned(), form::field(&query, "case").to_owned());
    render_form(&state, &viewer, &values, &[], StatusCode::OK)
}

/// Renders the upload form with earlier values and errors.
fn render_form(
    state: &AppState,
    viewer: &Viewer,
    values: &HashMap<String, String>,
    errors: &[String],
    status: StatusCode,
) -> Response {
    let title = viewer.text("web-evidence-upload-title");
    let value = |name: &str| values.get(name).cloned().unwrap_or_default();
    let zone = values.get("collected_zone").cloned().unwrap_or_else(|| state.node_offset().to_string());
    let chosen_kind = value("kind");

    let content = html! {
        h1 { (title) }
        (evidence_nav(viewer, &value("case")))
        (error_box(viewer, errors))
        form.card #evidence-upload method="post" action="/evidence" enctype="multipart/form-data" {
            // The token must be the body's first part, so this field stays first.
            (viewer.csrf_field())
            label { (viewer.text("web-evidence-field-case")) input type="text" name="case" maxlength="200" required value=(value("case")); }
            label { (viewer.text("web-evidence-field-kind"))
                select name="kind" required {
                    @for kind in EvidenceKind::ALL {
                        option value=(kind.as_str()) selected[chosen_kind == kind.as_str()] { (kind_name(viewer, kind.as_str())) }
                    }
                }
            }
            label { (viewer.text("web-evidence-field-exhibit")) input type="text" name="exhibit" maxlength="200" value=(value("exhibit")); }
            label { (viewer.text("web-evidence-field-seal")) input type="text" name="seal" maxlength="200" value=(value("seal")); }
            fieldset {
                legend { (viewer.text("web-evidence-device")) }
                label { (viewer.text("web-evidence-field-device-type")) input type="text" name="device_type" maxlength="200" value=(value("device_type")); }
                label { (viewer.text("web-evidence-field-imei")) input type="text" name="imei" maxlength="40" inputmode="numeric" value=(value("imei")); }
                label { (viewer.text("web-evidence-field-serial")) input type="text" name="serial" maxlength="200" value=(value("serial")); }
            }
            label { (viewer.text("web-evidence-field-collected-by")) input type="text" name="collected_by" maxlength="200" value=(value("collected_by")); }
            label { (viewer.text("web-evidence-field-location")) input type="text" name="location" maxlength="500" value=(value("location")); }
            label { (viewer.text("web-evidence-field-collected-at")) input type="datetime-local" name="collected_at" step="1" value=(value("collected_at")); }
            label { (viewer.text("web-evidence-field-zone")) input type="text" name="collected_zone" maxlength="6" pattern=r"[+\-][0-9]{2}:[0-9]{2}" value=(zone); }
            label { (viewer.text("web-evidence-field-authority")) textarea name="authority" rows="2" maxlength="2000" { (value("authority")) } }
            label.check { input type="checkbox" name="legacy_hashes" value="on"; " " (viewer.text("web-evidence-field-legacy")) }
            fieldset #statement-options {
                legend { (viewer.text("web-evidence-statement")) }
                p.hint { (viewer.text("web-evidence-statement-hint")) }
                label { (viewer.text("web-evidence-field-statement-currency")) input type="text" name="statement_currency" maxlength="3" pattern="[A-Za-z]{3}" value=(value("statement_currency")); }
                label { (viewer.text("web-evidence-field-statement-start")) input type="date" name="statement_start" value=(value("statement_start")); }
            }
            label { (viewer.text("web-evidence-field-files")) input type="file" name="file" multiple required; }
            p.hint { (viewer.text("web-evidence-upload-hint")) }
            div { button type="submit" { (viewer.text("web-evidence-upload-submit")) } }
        }
    };
    html_response(status, layout::page(viewer, &state.identity, &title, &[], content))
}

/// One uploaded file after it was sealed and, if a parser fits, parsed.
#[derive(Debug)]
struct Uploaded {
    file_name: String,
    added: AddedItem,
    parsed: ParseOutcome,
}

/// The outcome of parsing an uploaded item.
#[derive(Debug)]
enum ParseOutcome {
    /// Parsed into records.
    Parsed(ParseSummary),
    /// No parser fits the kind and content.
    NoParser,
    /// The item is larger than parsing reads into memory.
    TooLarge,
    /// The parser rejected the content; the item is stored unparsed.
    Failed,
    /// A PaySim or AMLSim bank statement came without the currency or start date it
    /// needs; the item is stored unparsed.
    StatementOptionsMissing {
        /// The statement layout, such as `paysim`.
        layout: &'static str,
        /// Whether the currency is missing.
        currency: bool,
        /// Whether the start date is missing.
        start_date: bool,
    },
}

/// Why an upload stopped: the client's mistake, shown on the form, or the node's.
#[derive(Debug)]
enum UploadFailure {
    /// A localised message for the form.
    Client(String),
    /// A failure of the node.
    Node(WebError),
}

impl From<WebError> for UploadFailure {
    fn from(error: WebError) -> Self {
        UploadFailure::Node(error)
    }
}

/// Handles `POST /evidence`: seals every file of the multipart body into the vault.
pub(crate) async fn upload(
    State(state): State<AppState>,
    viewer: Viewer,
    Extension(principal): Extension<Principal>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, PageError> {
    let viewer = viewer.at_page("/evidence/new".to_owned());
    let services = match services(&state, &viewer) {
        Ok(services) => services,
        Err(response) => return Ok(*response),
    };
    let mut values: HashMap<String, String> = HashMap::new();
    let Ok(mut multipart) = multipart else {
        let errors = [viewer.text("web-evidence-upload-not-multipart")];
        return Ok(render_form(&state, &viewer, &values, &errors, StatusCode::BAD_REQUEST));
    };

    let mut uploaded = Vec::new();
    let outcome = receive(&state, &viewer, &principal, &services, &mut multipart, &mut values, &mut uploaded).await;
    match outcome {
        Ok(()) if uploaded.is_empty() => {
            let errors = [viewer.text("web-evidence-upload-no-file")];
            Ok(render_form(&state, &viewer, &values, &errors, StatusCode::BAD_REQUEST))
        }
        Ok(()) => Ok(render_result(&state, &viewer, &values, &uploaded, &[])),
        // Files sealed before the failure are stored and audited, so they are listed too.
        Err(UploadFailure::Client(message)) if !uploaded.is_empty() => {
            tracing::info!(stored = uploaded.len(), "evidence upload rejected after some files were stored");
            Ok(render_result(&state, &viewer, &values, &uploaded, &[message]))
        }
        Err(UploadFailure::Client(message)) => {
            tracing::info!("evidence upload rejected; nothing was stored");
            Ok(render_form(&state, &viewer, &values, &[message], StatusCode::BAD_REQUEST))
        }
        Err(UploadFailure::Node(error)) => Err(PageError::new(&viewer, &state, error)),
    }
}

/// Reads the multipart body field by field, sealing each file as it arrives.
async fn receive(
    state: &AppState,
    viewer: &Viewer,
    principal: &Principal,
    services: &EvidenceServices,
    multipart: &mut Multipart,
    values: &mut HashMap<String, String>,
    uploaded: &mut Vec<Uploaded>,
) -> Result<(), UploadFailure> {
    let broken = || UploadFailure::Client(viewer.text("web-evidence-upload-broken"));

    while let Some(mut field) = multipart.next_field().await.map_err(|_| broken())? {
        let name = field.name().unwrap_or_default().to_owned();
        if name == crate::auth::csrf::FIELD {
            continue;
        }
        if name != "file" {
            let value = read_text(&mut field).await.map_err(|_| broken())?;
            let Some(value) = value else {
                return Err(UploadFailure::Client(viewer.text_with("web-evidence-field-too-long", &[("field", Arg::Text(&name))])));
            };
            values.insert(name, value);
            continue;
        }

        // A file input left empty still sends a part, without a file name.
        let file_name = field.file_name().unwrap_or_default().to_owned();
        if file_name.is_empty() {
            continue;
        }
        let request = add_request(viewer, state, principal, values).map_err(UploadFailure::Client)?;
        let added = seal(services, request.clone(), &file_name, field).await?.map_err(|()| broken())?;

        let case_ref = request.case_ref.clone();
        let entry = Entry {
            actor: principal.actor(&state.identity.agency),
            action: "evidence.add",
            object_type: Some("evidence_item"),
            object_id: Some(&added.id),
            changes: vec![
                ("case", None, Some(case_ref)),
                ("kind", None, Some(request.kind.as_str().to_owned())),
                ("sha256", None, Some(added.hashes.sha256.clone())),
            ],
            source: None,
        };
        audit_trail::record(state, entry).await?;

        let parsed = parse(state, principal, services, &added.id, &request.actor).await?;
        uploaded.push(Uploaded { file_name, added, parsed });
    }
    Ok(())
}

/// Reads a text field; `None` when it is longer than [`MAX_FIELD_BYTES`].
async fn read_text(field: &mut Field<'_>) -> Result<Option<String>, axum::extract::multipart::MultipartError> {
    let mut bytes = Vec::new();
    while let Some(chunk) = field.chunk().await? {
        if bytes.len() + chunk.len() > MAX_FIELD_BYTES {
            return Ok(None);
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(Some(String::from_utf8_lossy(&bytes).trim().to_owned()))
}

/// Builds the vault request from the metadata fields, or the localised message of
/// the first invalid one.
fn add_request(
    viewer: &Viewer,
    state: &AppState,
    principal: &Principal,
    values: &HashMap<String, String>,
) -> Result<AddRequest, String> {
    let text = |name: &str| values.get(name).map(String::as_str).unwrap_or_default();
    let optional = |name: &str| Some(text(name).to_owned()).filter(|value| !value.is_empty());

    let case_ref = text("case");
    if case_ref.is_empty() {
        return Err(viewer.text("web-evidence-case-missing"));
    }
    let kind: EvidenceKind = text("kind").parse().map_err(|_| viewer.text("web-evidence-kind-invalid"))?;
    let device_imei = match optional("imei") {
        Some(imei) => Some(normalise_imei(&imei).ok_or_else(|| viewer.text_with("web-evidence-imei-invalid", &[("value", Arg::Text(&imei))]))?),
        None => None,
    };
    let collected_at = collection_time(text("collected_at"), text("collected_zone"), state.node_offset())
        .map_err(|()| viewer.text("web-evidence-time-invalid"))?;
    let statement = statement_options(viewer, text("statement_currency"), text("statement_start"))?;

    Ok(AddRequest {
        case_ref: case_ref.to_owned(),
        kind,
        exhibit_number: optional("exhibit"),
        seal_number: optional("seal"),
        device_type: optional("device_type"),
        device_imei,
        device_serial: optional("serial"),
        collected_by: optional("collected_by"),
        collected_location: optional("location"),
        collected_at,
        legal_authority: optional("authority"),
        legacy_hashes: text("legacy_hashes") == "on",
        statement,
        actor: principal.name(),
    })
}

/// Reads the currency and start date of a PaySim or AMLSim bank statement, either of
/// which may be empty, or returns the localised message of an invalid one.
pub(crate) fn statement_options(viewer: &Viewer, currency: &str, start: &str) -> Result<BankStatementOptions, String> {
    let currency = match currency.trim() {
        "" => None,
        code => Some(
            code.to_ascii_uppercase()
                .parse::<Currency>()
                .map_err(|_| viewer.text_with("web-evidence-statement-currency-invalid", &[("value", Arg::Text(code))]))?,
        ),
    };
    let start_date = match start.trim() {
        "" => None,
        date => Some(
            NaiveDate::parse_from_str(date, "%Y-%m-%d")
                .map_err(|_| viewer.text_with("web-evidence-statement-start-invalid", &[("value", Arg::Text(date))]))?,
        ),
    };
    Ok(BankStatementOptions { currency, start_date })
}

/// Returns the digits of an IMEI (15 digits) or IMEISV (16 digits), with spaces and
/// dashes removed; `None` for anything else.
pub(crate) fn normalise_imei(text: &str) -> Option<String> {
    let digits: String = text.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
    let valid = matches!(digits.len(), 15 | 16) && digits.bytes().all(|byte| byte.is_ascii_digit());
    valid.then_some(digits)
}

/// Reads the collection time: RFC 3339 with an offset, or a `datetime-local` value
/// with the zone field (`+07:00`), which defaults to `node_offset` when empty.
pub(crate) fn collection_time(
    time: &str,
    zone: &str,
    node_offset: FixedOffset,
) -> Result<Option<DateTime<FixedOffset>>, ()> {
    if time.is_empty() {
        return Ok(None);
    }
    if let Ok(parsed) = DateTime::parse_from_rfc3339(time) {
        return Ok(Some(parsed));
    }

    let local = NaiveDateTime::parse_from_str(time, "%Y-%m-%dT%H:%M:%S")
        .or_else(|_| NaiveDateTime::parse_from_str(time, "%Y-%m-%dT%H:%M"))
        .map_err(|_| ())?;
    let offset = if zone.is_empty() { node_offset } else { zone.parse::<FixedOffset>().map_err(|_| ())? };
    local.and_local_timezone(offset).single().map(Some).ok_or(())
}

/// Streams one file field into the vault. The outer error is the node's; the inner
/// `Err(())` means the client's body broke off, and nothing of the file was stored.
async fn seal(
    services: &EvidenceServices,
    request: AddRequest,
    file_name: &str,
    mut field: Field<'_>,
) -> Result<Result<AddedItem, ()>, WebError> {
    let (sender, receiver) = mpsc::channel::<std::io::Result<Bytes>>(UPLOAD_QUEUE_CHUNKS);
    let vault = services.vault.clone();
    let name = file_name.to_owned();
    let task = tokio::task::spawn_blocking(move || vault.add_reader(&request, &name, ChannelReader::new(receiver)));

    let mut broken = false;
    loop {
        match field.chunk().await {
            Ok(Some(chunk)) => {
                // A send fails only when the receiver is dropped, which happens when the vault
                // stopped reading on an error that the task then returns.
                if sender.send(Ok(chunk)).await.is_err() {
                    break;
                }
            }
            Ok(None) => break,
            Err(error) => {
                tracing::warn!(%error, "evidence upload broke off mid-file");
                broken = true;
                let _ = sender.send(Err(std::io::Error::other("the upload broke off"))).await;
                break;
            }
        }
    }
    drop(sender);

    match task.await? {
        Ok(_) if broken => {
            // Unreachable in practice, because the vault fails on the reader's error.
            Err(WebError::TempFile(std::io::Error::other("an item was sealed from a broken upload")))
        }
        Ok(added) => Ok(Ok(added)),
        Err(EvidenceError::Io { .. }) if broken => Ok(Err(())),
        Err(error) => Err(error.into()),
    }
}

/// A reader over the chunks of an upload that the async side sends through a channel.
#[derive(Debug)]
struct ChannelReader {
    receiver: mpsc::Receiver<std::io::Result<Bytes>>,
    current: Bytes,
}

impl ChannelReader {
    fn new(receiver: mpsc::Receiver<std::io::Result<Bytes>>) -> ChannelReader {
        ChannelReader { receiver, current: Bytes::new() }
    }
}

impl Read for ChannelReader {
    fn read(&mut self, buffer: &mut [u8]) -> std::io::Result<usize> {
        while self.current.is_empty() {
            match self.receiver.blocking_recv() {
                Some(Ok(chunk)) => self.current = chunk,
                Some(Err(error)) => return Err(error),
                None => return Ok(0),
            }
        }

        let count = buffer.len().min(self.current.len());
        let chunk = self.current.split_to(count);
        buffer[..count].copy_from_slice(&chunk);
        Ok(count)
    }
}

/// Parses an added item when a parser fits, and records the parse in the audit trail.
async fn parse(
    state: &AppState,
    principal: &Principal,
    services: &EvidenceServices,
    item_id: &str,
    actor: &str,
) -> Result<ParseOutcome, WebError> {
    let vault = services.vault.clone();
    let store: Arc<dyn EvidenceStore> = services.store.clone();
    let search = services.search.clone();
    let (id, actor) = (item_id.to_owned(), actor.to_owned());
    let parsed = tokio::task::spawn_blocking(move || parse_item(&vault, &store, search.as_ref(), &id, &actor)).await?;

    let summary = match parsed {
        Ok(Some(summary)) => summary,
        Ok(None) => return Ok(ParseOutcome::NoParser),
        Err(EvidenceError::TooLargeToParse { .. }) => return Ok(ParseOutcome::TooLarge),
        Err(EvidenceError::StatementOptionsMissing { layout, currency, start_date, .. }) => {
            tracing::info!(item_id, layout, "uploaded bank statement stored unparsed: currency or start date missing");
            return Ok(ParseOutcome::StatementOptionsMissing { layout, currency, start_date });
        }
        Err(EvidenceError::Parse(error)) => {
            tracing::warn!(item_id, %error, "uploaded evidence could not be parsed");
            return Ok(ParseOutcome::Failed);
        }
        Err(error) => return Err(error.into()),
    };

    let entry = Entry {
        actor: principal.actor(&state.identity.agency),
        action: "evidence.parse",
        object_type: Some("evidence_item"),
        object_id: Some(item_id),
        changes: vec![
            ("parser", None, Some(summary.parser.name.to_owned())),
            ("output_sha256", None, Some(summary.output_sha256.clone())),
        ],
        source: None,
    };
    audit_trail::record(state, entry).await?;
    Ok(ParseOutcome::Parsed(summary))
}

/// Renders the items an upload added, with their hashes and parse outcome.
fn render_result(
    state: &AppState,
    viewer: &Viewer,
    values: &HashMap<String, String>,
    uploaded: &[Uploaded],
    errors: &[String],
) -> Response {
    let case_ref = values.get("case").cloned().unwrap_or_default();
    let title = viewer.text("web-evidence-uploaded-title");
    let content = html! {
        h1 { (title) }
        (evidence_nav(viewer, &case_ref))
        (error_box(viewer, errors))
        table #uploaded {
            thead { tr {
                th { (viewer.text("web-evidence-item")) }
                th { (viewer.text("web-evidence-file-name")) }
                th { (viewer.text("web-evidence-size")) }
                th { "SHA-256" }
                th { "SM3" }
                th { (viewer.text("web-evidence-parsing")) }
            } }
            tbody {
                @for file in uploaded {
                    tr data-item=(file.added.id) {
                        td.key { a.item-link href=(item_href(&file.added.id)) { (file.added.id) } }
                        td { (file.file_name) }
                        td { (file.added.hashes.size) }
                        td.key { code { (file.added.hashes.sha256) } }
                        td.key { code { (file.added.hashes.sm3) } }
                        td { (parse_outcome(viewer, &file.parsed)) @if !file.added.new_object { br; small { (viewer.text("web-evidence-already-stored")) } } }
                    }
                }
            }
        }
    };
    html_response(StatusCode::CREATED, layout::page(viewer, &state.identity, &title, &[], content))
}

fn parse_outcome(viewer: &Viewer, outcome: &ParseOutcome) -> Markup {
    match outcome {
        ParseOutcome::Parsed(summary) => html! {
            (viewer.text_with("web-evidence-parsed", &[
                ("parser", Arg::Text(summary.parser.name)),
                ("version", Arg::Text(summary.parser.version)),
                ("records", Arg::Number(summary.records as f64)),
                ("unparsed", Arg::Number(summary.unparsed.len() as f64)),
            ]))
        },
        ParseOutcome::NoParser => html! { (viewer.text("web-evidence-no-parser")) },
        ParseOutcome::TooLarge => html! { (viewer.text("web-evidence-too-large-to-parse")) },
        ParseOutcome::Failed => html! { (viewer.text("web-evidence-parse-failed")) },
        ParseOutcome::StatementOptionsMissing { layout, currency, start_date } => {
            let mut missing = Vec::new();
            if *currency {
                missing.push(viewer.text("web-evidence-field-statement-currency"));
            }
            if *start_date {
                missing.push(viewer.text("web-evidence-field-statement-start"));
            }
            html! {
                span.errors { (viewer.text_with("web-evidence-statement-missing", &[
                    ("layout", Arg::Text(layout)),
                    ("missing", Arg::Text(&missing.join(", "))),
                ])) }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn imei_digits_only() {
        assert_eq!(normalise_imei("35-209900-176148-1").as_deref(), Some("352099001761481"));
        assert_eq!(normalise_imei("3520990017614812").as_deref(), Some("3520990017614812"));
        assert_eq!(normalise_imei("35209900176148"), None);
        assert_eq!(normalise_imei("35209900176148X"), None);
    }

    #[test]
    fn collection_time_with_zone() {
        let node = FixedOffset::east_opt(8 * 3600).unwrap();
        let local = collection_time("2026-03-01T10:00", "+07:00", node).unwrap().unwrap();
        assert_eq!(local.to_rfc3339(), "2026-03-01T10:00:00+07:00");
        let default_zone = collection_time("2026-03-01T10:00:30", "", node).unwrap().unwrap();
        assert_eq!(default_zone.to_rfc3339(), "2026-03-01T10:00:30+08:00");
        let rfc = collection_time("2026-03-01T10:00:00+07:00", "+08:00", node).unwrap().unwrap();
        assert_eq!(rfc.to_rfc3339(), "2026-03-01T10:00:00+07:00");
        assert_eq!(collection_time("", "+07:00", node), Ok(None));
        assert!(collection_time("yesterday", "+07:00", node).is_err());
        assert!(collection_time("2026-03-01T10:00", "Asia/Vientiane", node).is_err());
    }
}
