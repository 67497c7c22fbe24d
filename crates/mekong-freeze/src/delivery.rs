//! Delivery of the bank-notice outbox: a worker POSTs each pending notice to the
//! configured bank endpoint and marks it delivered once the endpoint acknowledges it.
//!
//! Invariants:
//! - a notice is marked delivered only after a 2xx response, so a crash between the
//!   POST and the mark sends it again. The `Idempotency-Key` header carries the
//!   notice id, so the bank can drop the repeat;
//! - a failed attempt, an error status or a timeout counts as a failure, and the next
//!   attempt waits longer, doubling from [`Backoff::first`] up to [`Backoff::max`];
//! - notices go out in the order stored, one at a time, and pending notices survive
//!   restarts because they live in the store;
//! - plain HTTP is accepted only to a loopback address; anything else needs HTTPS.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};
use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper::{Request, Uri};
use hyper_util::rt::TokioIo;
use mekong_store::StoreError;
use mekong_store::outbox::{BankNoticeRecord, OutboxStore};
use tokio::net::TcpStream;
use tokio::sync::watch;
use tokio_rustls::TlsConnector;
use tokio_rustls::rustls::pki_types::pem::PemObject;
use tokio_rustls::rustls::pki_types::{CertificateDer, ServerName};
use tokio_rustls::rustls::{ClientConfig, RootCertStore};

/// Notices read from the store per round.
const BATCH: u32 = 100;

/// The time one delivery attempt may take, connection included.
const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(10);

/// A failure to set up or perform a delivery.
#[derive(Debug, thiserror::Error)]
pub enum DeliveryError {
    /// The endpoint URL cannot be used.
    #[error("invalid bank notice URL {url:?}: {reason}")]
    InvalidUrl {
        /// The URL given.
        url: String,
        /// The problem and its fix.
        reason: String,
    },
    /// The CA certificate file cannot be read or contains no usable certificate.
    #[error("cannot use the CA certificates in {path}: {detail}")]
    CaFile {
        /// The file given.
        path: String,
        /// The read or parse error.
        detail: String,
    },
    /// Connecting, the TLS handshake or the HTTP exchange failed.
    #[error("bank notice delivery failed: {0}")]
    Http(String),
    /// The attempt took longer than the timeout.
    #[error("bank notice delivery timed out after {0:?}")]
    TimedOut(Duration),
    /// The endpoint returned a status other than 2xx.
    #[error("bank endpoint returned HTTP {0}")]
    Status(u16),
    /// Reading or updating the outbox failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A blocking store call panicked or was cancelled.
    #[error("outbox store call failed: {0}")]
    Join(String),
}

/// The wait before retrying a failed notice: `first`, doubled after each further
/// failure, never more than `max`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    /// The wait after the first failure.
    pub first: Duration,
    /// The maximum wait.
    pub max: Duration,
}

impl Default for Backoff {
    fn default() -> Backoff {
        Backoff { first: Duration::from_secs(5), max: Duration::from_secs(3_600) }
    }
}

impl Backoff {
    /// Returns the wait after `failures` failed attempts, the one just made included.
    pub fn delay(&self, failures: u32) -> Duration {
        let doublings = failures.saturating_sub(1).min(31);
        self.first.saturating_mul(1_u32 << doublings).min(self.max)
    }
}

/// The bank endpoint notices are POSTed to.
#[derive(Clone)]
pub struct NoticeEndpoint {
    uri: Uri,
    host: String,
    port: u16,
    tls: Option<TlsConnector>,
}

impl std::fmt::Debug for NoticeEndpoint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NoticeEndpoint").field("uri", &self.uri).field("tls", &self.tls.is_some()).finish()
    }
}

impl NoticeEndpoint {
    /// Parses the endpoint URL. `https://` URLs are verified against the CA
    /// certificates in `ca_file`, a PEM file; `http://` is accepted only for a
    /// loopback host (`localhost`, `127.0.0.0/8`, `::1`).
    ///
    /// NOTE: there is no built-in root store, so an HTTPS endpoint needs `ca_file`.
    pub fn parse(url: &str, ca_file: Option<&Path>) -> Result<NoticeEndpoint, DeliveryError> {
        let invalid = |reason: &str| DeliveryError::InvalidUrl { url: url.to_owned(), reason: reason.to_owned() };
        let uri: Uri = url.parse().map_err(|error: hyper::http::uri::InvalidUri| invalid(&error.to_string()))?;
        let host = uri.host().ok_or_else(|| invalid("the URL has no host"))?.trim_matches(['[', ']']).to_owned();

        let (tls, default_port) = match uri.scheme_str() {
            Some("https") => {
                let Some(ca_file) = ca_file else {
                    return Err(invalid("an https endpoint needs --bank-notice-ca with the CA certificates to trust"));
                };
                (Some(tls_connector(ca_file)?), 443)
            }
            Some("http") => {
                if !is_loopback(&host) {
                    return Err(invalid("plain http is allowed only to a loopback address; use https"));
                }
                (None, 80)
            }
            _ => return Err(invalid("use an https:// URL, or http:// to a loopback address")),
        };

        let port = uri.port_u16().unwrap_or(default_port);
        Ok(NoticeEndpoint { uri, host, port, tls })
    }

    /// POSTs one JSON body and returns the response status.
    pub async fn post(&self, body: String, idempotency_key: &str) -> Result<u16, DeliveryError> {
        match tokio::time::timeout(ATTEMPT_TIMEOUT, self.exchange(body, idempotency_key)).await {
            Ok(result) => result,
            Err(_) => Err(DeliveryError::TimedOut(ATTEMPT_TIMEOUT)),
        }
    }

    async fn exchange(&self, body: String, idempotency_key: &str) -> Result<u16, DeliveryError> {
        let http = |error: &dyn std::fmt::Display| DeliveryError::Http(error.to_string());
        let stream = TcpStream::connect((self.host.as_str(), self.port)).await.map_err(|error| http(&error))?;

        let path = self.uri.path_and_query().map_or("/", |path| path.as_str());
        let authority = self.uri.authority().map_or(self.host.as_str(), |authority| authority.as_str());
        let request = Request::post(path)
            .header(hyper::header::HOST, authority)
            .header(hyper::header::CONTENT_TYPE, "application/json")
            .header("idempotency-key", idempotency_key)
            .body(Full::new(Bytes::from(body)))
            .map_err(|error| http(&error))?;

        match &self.tls {
            None => send(TokioIo::new(stream), request).await,
            Some(connector) => {
                let name = ServerName::try_from(self.host.clone()).map_err(|error| http(&error))?;
                let stream = connector.connect(name, stream).await.map_err(|error| http(&error))?;
                send(TokioIo::new(stream), request).await
            }
        }
    }
}

async fn send<T>(io: T, request: Request<Full<Bytes>>) -> Result<u16, DeliveryError>
where
    T: hyper::rt::Read + hyper::rt::Write + Unpin + Send + 'static,
{
    let http = |error: &dyn std::fmt::Display| DeliveryError::Http(error.to_string());
    let (mut sender, connection) = hyper::client::conn::http1::handshake(io).await.map_err(|error| http(&error))?;
    let driver = tokio::spawn(connection);

    let response = sender.send_request(request).await.map_err(|error| http(&error))?;
    let status = response.status().as_u16();
    // The body is read to the end so the connection closes cleanly; its content is ignored.
    let _ = response.into_body().collect().await;
    driver.abort();
    Ok(status)
}

fn is_loopback(host: &str) -> bool {
    if host.eq_ignore_ascii_case("localhost") {
        return true;
    }
    host.parse::<std::net::IpAddr>().is_ok_and(|address| address.is_loopback())
}

fn tls_connector(ca_file: &Path) -> Result<TlsConnector, DeliveryError> {
    let ca_error = |detail: String| DeliveryError::CaFile { path: ca_file.display().to_string(), detail };
    let pem = std::fs::read(ca_file).map_err(|error| ca_error(error.to_string()))?;

    let mut roots = RootCertStore::empty();
    for certificate in CertificateDer::pem_slice_iter(&pem) {
        let certificate = certificate.map_err(|error| ca_error(error.to_string()))?;
        roots.add(certificate).map_err(|error| ca_error(error.to_string()))?;
    }
    if roots.is_empty() {
        return Err(ca_error("no certificate found".to_owned()));
    }

    // NOTE: rustls 0.23.48 deprecates the `ring` provider because it lacks post-quantum
    // key exchange. The node's TLS server in mekong-web uses it too.
    #[allow(deprecated)]
    let provider = Arc::new(tokio_rustls::rustls::crypto::ring::default_provider());
    let config = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|error| ca_error(error.to_string()))?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(TlsConnector::from(Arc::new(config)))
}

/// The counts of one delivery round.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DeliveryRound {
    /// Notices the endpoint acknowledged.
    pub delivered: usize,
    /// Notices whose attempt failed and were rescheduled.
    pub failed: usize,
}

async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, StoreError> + Send + 'static,
) -> Result<T, DeliveryError> {
    match tokio::task::spawn_blocking(work).await {
        Ok(result) => Ok(result?),
        Err(error) => Err(DeliveryError::Join(error.to_string())),
    }
}

/// Attempts every notice due at `now` once, in the order stored. A failed notice is
/// rescheduled and the round goes on to the next one.
pub async fn deliver_due(
    store: Arc<dyn OutboxStore>,
    endpoint: &NoticeEndpoint,
    backoff: Backoff,
    now: DateTime<Utc>,
) -> Result<DeliveryRound, DeliveryError> {
    let reader = store.clone();
    let due = blocking(move || reader.due_bank_notices(now, BATCH)).await?;

    let mut round = DeliveryRound::default();
    for notice in due {
        let outcome = endpoint.post(notice.payload.clone(), &notice.id.to_string()).await.and_then(|status| {
            if (200..300).contains(&status) { Ok(status) } else { Err(DeliveryError::Status(status)) }
        });
        match outcome {
            Ok(status) => {
                let writer = store.clone();
                blocking(move || writer.mark_bank_notice_delivered(notice.id, Utc::now())).await?;
                tracing::info!(notice_id = notice.id, freeze_id = %notice.freeze_id, status, "bank notice delivered");
                round.delivered += 1;
            }
            Err(error) => {
                reschedule(store.clone(), &notice, backoff, &error).await?;
                round.failed += 1;
            }
        }
    }
    Ok(round)
}

async fn reschedule(
    store: Arc<dyn OutboxStore>,
    notice: &BankNoticeRecord,
    backoff: Backoff,
    error: &DeliveryError,
) -> Result<(), DeliveryError> {
    let failures = notice.attempts.saturating_add(1);
    let delay = backoff.delay(failures);
    let next = Utc::now() + TimeDelta::from_std(delay).unwrap_or(TimeDelta::MAX);
    tracing::warn!(
        notice_id = notice.id,
        freeze_id = %notice.freeze_id,
        failures,
        retry_in_s = delay.as_secs(),
        %error,
        "bank notice delivery failed; will retry"
    );

    let id = notice.id;
    let text = error.to_string();
    blocking(move || store.record_bank_notice_failure(id, next, &text)).await
}

/// Delivers due notices every `poll` until `shutdown` turns `true`. Errors of a round
/// are logged and the next round runs as usual.
pub async fn run_outbox(
    store: Arc<dyn OutboxStore>,
    endpoint: NoticeEndpoint,
    backoff: Backoff,
    poll: Duration,
    mut shutdown: watch::Receiver<bool>,
) {
    tracing::info!(host = %endpoint.host, port = endpoint.port, poll_ms = poll.as_millis() as u64, "bank notice outbox worker started");
    loop {
        match deliver_due(store.clone(), &endpoint, backoff, Utc::now()).await {
            Ok(round) if round.delivered + round.failed > 0 => {
                tracing::debug!(delivered = round.delivered, failed = round.failed, "bank notice round finished");
            }
            Ok(_) => {}
            Err(error) => tracing::error!(%error, "bank notice round failed"),
        }

        tokio::select! {
            _ = tokio::time::sleep(poll) => {}
            _ = shutdown.changed() => break,
        }
        if *shutdown.borrow() {
            break;
        }
    }
    tracing::info!("bank notice outbox worker stopped");
}
