//! Downloading an item's content: `POST /evidence/items/{id}/content`.
//!
//! Invariants:
//! - each download appends one `accessed` custody event, with the user, the time and the
//!   purpose typed in the form, and signs a checkpoint before any byte is sent. Viewing
//!   the item page reads no content and records no custody event;
//! - the route is a POST with the CSRF token in the form body, so a link, a prefetch or
//!   a crawler cannot record an access;
//! - the download is also recorded in the audit trail as `evidence.download`;
//! - the content is decrypted on a blocking thread into a bounded channel, so memory
//!   stays at [`DOWNLOAD_QUEUE_CHUNKS`] chunks whatever the item's size.

use std::io::Write;

use axum::body::{Body, Bytes};
use axum::extract::{Extension, Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use mekong_evidence::{CHUNK_SIZE, ContentAccess, EvidenceError};
use tokio::sync::mpsc;
use tokio_stream::wrappers::ReceiverStream;

use super::evidence::{item_href, services};
use super::evidence_item::{audit, item_not_found};
use super::{PageError, form};
use crate::auth::Principal;
use crate::blocking;
use crate::error::WebError;
use crate::locale::Viewer;
use crate::state::AppState;

/// Chunks of a download held between the vault and the network at most.
const DOWNLOAD_QUEUE_CHUNKS: usize = 8;

/// The way a browser download leaves the vault, as recorded in the custody event.
const WEB_DOWNLOAD: &str = "web-download";

/// Handles `POST /evidence/items/{id}/content`: records the access, then streams the
/// decrypted content as an attachment.
pub(crate) async fn download(
    State(state): State<AppState>,
    viewer: Viewer,
    Extension(principal): Extension<Principal>,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response, PageError> {
    let viewer = viewer.at_page(item_href(&id));
    let services = match services(&state, &viewer) {
        Ok(services) => services,
        Err(response) => return Ok(*response),
    };
    let fields = form::pairs(&body);
    let purpose = Some(form::field(&fields, "purpose").trim().to_owned()).filter(|text| !text.is_empty());

    let store = services.store.clone();
    let item_id = id.clone();
    let item = blocking::run(move || store.evidence_item(&item_id)).await.map_err(|error| PageError::new(&viewer, &state, error))?;
    let Some(item) = item else {
        return Ok(item_not_found(&state, &viewer, &id));
    };

    let access = ContentAccess { actor: principal.name(), channel: WEB_DOWNLOAD, purpose: purpose.clone() };
    let vault = services.vault.clone();
    let item_id = id.clone();
    let recorded = blocking::run(move || vault.record_access(&item_id, &access).map_err(WebError::from)).await;
    let seq = match recorded {
        Ok(seq) => seq,
        Err(WebError::Evidence(EvidenceError::ItemNotFound(_))) => return Ok(item_not_found(&state, &viewer, &id)),
        Err(error) => return Err(PageError::new(&viewer, &state, error)),
    };

    let changes = vec![("seq", None, Some(seq.to_string())), ("purpose", None, purpose)];
    audit(&state, &principal, "evidence.download", &id, changes).await.map_err(|error| PageError::new(&viewer, &state, error))?;
    tracing::info!(item_id = %id, seq, "streaming evidence content to a user");

    let (sender, receiver) = mpsc::channel::<std::io::Result<Bytes>>(DOWNLOAD_QUEUE_CHUNKS);
    let vault = services.vault.clone();
    let item_id = id.clone();
    tokio::task::spawn_blocking(move || {
        let mut writer = ChannelWriter { sender };
        if let Err(error) = vault.open_item(&item_id, &mut writer) {
            // The status line is already sent, so the client sees the body break off.
            tracing::error!(item_id = %item_id, %error, "evidence download failed mid-stream");
            let _ = writer.sender.blocking_send(Err(std::io::Error::other("the evidence content could not be decrypted")));
        }
    });

    Ok((
        [
            (header::CONTENT_TYPE, "application/octet-stream".to_owned()),
            (header::CONTENT_DISPOSITION, content_disposition(&item.file_name)),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        Body::from_stream(ReceiverStream::new(receiver)),
    )
        .into_response())
}

/// Returns an attachment disposition with an ASCII fallback name and the UTF-8 name of
/// RFC 6266 and RFC 8187 (`filename*`), so Chinese and Lao file names survive.
fn content_disposition(file_name: &str) -> String {
    let fallback: String =
        file_name.chars().map(|c| if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') { c } else { '_' }).collect();
    let fallback = if fallback.trim_matches('_').is_empty() { "evidence.bin".to_owned() } else { fallback };

    let mut encoded = String::new();
    for byte in file_name.bytes() {
        if byte.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&byte) {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    format!("attachment; filename=\"{fallback}\"; filename*=UTF-8''{encoded}")
}

/// A writer that sends what it is given to the response body in chunks of at most
/// [`CHUNK_SIZE`] bytes, waiting while the channel is full.
struct ChannelWriter {
    sender: mpsc::Sender<std::io::Result<Bytes>>,
}

impl Write for ChannelWriter {
    fn write(&mut self, buffer: &[u8]) -> std::io::Result<usize> {
        let count = buffer.len().min(CHUNK_SIZE);
        self.sender
            .blocking_send(Ok(Bytes::copy_from_slice(&buffer[..count])))
            .map_err(|_| std::io::Error::new(std::io::ErrorKind::BrokenPipe, "the client closed the download"))?;
        Ok(count)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn disposition_keeps_utf8_name() {
        assert_eq!(content_disposition("chat.json"), "attachment; filename=\"chat.json\"; filename*=UTF-8''chat.json");
        assert_eq!(
            content_disposition("聊天 1.txt"),
            "attachment; filename=\"___1.txt\"; filename*=UTF-8''%E8%81%8A%E5%A4%A9%201.txt"
        );
        assert_eq!(content_disposition("ແຊັດ"), "attachment; filename=\"evidence.bin\"; filename*=UTF-8''%E0%BB%81%E0%BA%8A%E0%BA%B1%E0%BA%94");
    }
}
