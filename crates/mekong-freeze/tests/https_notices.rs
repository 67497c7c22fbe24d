//! Bank notices over HTTPS against a loopback TLS receiver whose certificates are
//! made at test time. A receiver signed by the configured CA gets the notice. One
//! signed by another CA or named for another host is rejected, and the notice is
//! delivered by a later round once the receiver presents a trusted certificate.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::convert::Infallible;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::Utc;
use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper::service::service_fn;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use mekong_freeze::{Backoff, DeliveryError, DeliveryRound, NoticeEndpoint, deliver_due};
use mekong_store::outbox::{BankNoticeRecord, OutboxStore};
use rcgen::{BasicConstraints, CertificateParams, CertifiedIssuer, DnType, IsCa, KeyPair, KeyUsagePurpose};
use tempfile::TempDir;
use tokio_rustls::TlsAcceptor;
use tokio_rustls::rustls::ServerConfig;
use tokio_rustls::rustls::pki_types::{PrivateKeyDer, PrivatePkcs8KeyDer};

use common::{approved_freeze, open_store};

/// Retries without waiting, so a second round attempts a failed notice again.
const NO_WAIT: Backoff = Backoff { first: Duration::ZERO, max: Duration::ZERO };

/// A certificate authority made for one test.
struct TestCa {
    issuer: CertifiedIssuer<'static, KeyPair>,
}

impl TestCa {
    fn new(name: &str) -> TestCa {
        let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
        params.distinguished_name.push(DnType::CommonName, name);
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        TestCa { issuer: CertifiedIssuer::self_signed(params, KeyPair::generate().unwrap()).unwrap() }
    }

    /// Writes the CA certificate in PEM, the file `--bank-notice-ca` takes.
    fn write_pem(&self, dir: &Path) -> PathBuf {
        let path = dir.join("bank-ca.pem");
        std::fs::write(&path, self.issuer.pem()).unwrap();
        path
    }

    /// Issues a server certificate for `names` (DNS names or IP addresses) and
    /// returns a TLS server configuration presenting it.
    fn server_config(&self, names: &[&str]) -> Arc<ServerConfig> {
        let key = KeyPair::generate().unwrap();
        let names: Vec<String> = names.iter().map(|name| (*name).to_owned()).collect();
        let certificate = CertificateParams::new(names).unwrap().signed_by(&key, &self.issuer).unwrap();

        let chain = vec![certificate.der().clone(), self.issuer.der().clone()];
        let private_key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der()));
        // NOTE: the node's own TLS code uses the `ring` provider, which rustls 0.23.48 deprecates.
        #[allow(deprecated)]
        let provider = Arc::new(tokio_rustls::rustls::crypto::ring::default_provider());
        let config = ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_no_client_auth()
            .with_single_cert(chain, private_key)
            .unwrap();
        Arc::new(config)
    }
}

/// A bank endpoint on 127.0.0.1 that completes TLS with the configuration set last,
/// responds to every request with 202 and keeps the `Idempotency-Key` and body received.
#[derive(Clone)]
struct TlsReceiver {
    address: SocketAddr,
    config: Arc<Mutex<Arc<ServerConfig>>>,
    received: Arc<Mutex<Vec<(String, String)>>>,
}

impl TlsReceiver {
    async fn start(config: Arc<ServerConfig>) -> TlsReceiver {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let receiver = TlsReceiver {
            address: listener.local_addr().unwrap(),
            config: Arc::new(Mutex::new(config)),
            received: Arc::default(),
        };

        let accepting = receiver.clone();
        tokio::spawn(async move {
            loop {
                let (stream, _) = listener.accept().await.unwrap();
                let connection = accepting.clone();
                tokio::spawn(async move { connection.serve(stream).await });
            }
        });
        receiver
    }

    async fn serve(self, stream: tokio::net::TcpStream) {
        let config = self.config.lock().unwrap().clone();
        // A client that rejects the certificate ends the handshake, so nothing is received.
        let Ok(tls) = TlsAcceptor::from(config).accept(stream).await else {
            return;
        };

        let received = self.received.clone();
        let service = service_fn(move |request: Request<Incoming>| {
            let received = received.clone();
            async move {
                let key = request
                    .headers()
                    .get("idempotency-key")
                    .and_then(|value| value.to_str().ok())
                    .unwrap_or_default()
                    .to_owned();
                let body = request.into_body().collect().await.unwrap().to_bytes();
                received.lock().unwrap().push((key, String::from_utf8_lossy(&body).into_owned()));

                let mut response = Response::new(Full::new(Bytes::new()));
                *response.status_mut() = StatusCode::ACCEPTED;
                Ok::<_, Infallible>(response)
            }
        });
        let _ = hyper::server::conn::http1::Builder::new().serve_connection(TokioIo::new(tls), service).await;
    }

    /// Presents the certificate of `config` from the next connection on.
    fn present(&self, config: Arc<ServerConfig>) {
        *self.config.lock().unwrap() = config;
    }

    fn url(&self, host: &str) -> String {
        format!("https://{host}:{}/notices", self.address.port())
    }

    fn received(&self) -> Vec<(String, String)> {
        self.received.lock().unwrap().clone()
    }
}

/// Runs one delivery round at the current time.
async fn round(store: &Arc<dyn OutboxStore>, endpoint: &NoticeEndpoint) -> DeliveryRound {
    deliver_due(store.clone(), endpoint, NO_WAIT, Utc::now()).await.unwrap()
}

fn only_notice(store: &Arc<dyn OutboxStore>, freeze_id: &str) -> BankNoticeRecord {
    let mut notices = store.bank_notices(Some(freeze_id)).unwrap();
    assert_eq!(notices.len(), 1, "one notice per approved freeze");
    notices.remove(0)
}

/// Opens a store holding one approved freeze, whose notice waits in the outbox.
fn store_with_notice(dir: &TempDir, freeze_id: &str) -> Arc<dyn OutboxStore> {
    let store = open_store(dir);
    approved_freeze(&store, freeze_id);
    store
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn notice_delivered_over_tls() {
    // The certificate names the host as an IP address in one case and as a DNS name in the other.
    for host in ["127.0.0.1", "localhost"] {
        let dir = tempfile::tempdir().unwrap();
        let ca = TestCa::new("Test bank CA");
        let receiver = TlsReceiver::start(ca.server_config(&[host])).await;
        let store = store_with_notice(&dir, "FRZ-TLS-1");

        let endpoint = NoticeEndpoint::parse(&receiver.url(host), Some(&ca.write_pem(dir.path()))).unwrap();
        let delivered = round(&store, &endpoint).await;

        assert_eq!(delivered, DeliveryRound { delivered: 1, failed: 0 }, "host {host}");
        let notice = only_notice(&store, "FRZ-TLS-1");
        assert!(notice.delivered_at.is_some(), "host {host}");
        assert_eq!(notice.attempts, 0, "host {host}");
        let received = receiver.received();
        assert_eq!(received.len(), 1, "host {host}");
        assert_eq!(received[0].0, notice.id.to_string(), "the idempotency key is the notice id");
        assert_eq!(received[0].1, notice.payload, "host {host}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn untrusted_receiver_retried() {
    let dir = tempfile::tempdir().unwrap();
    let trusted = TestCa::new("Test bank CA");
    let rogue = TestCa::new("Rogue CA");
    let receiver = TlsReceiver::start(rogue.server_config(&["127.0.0.1"])).await;
    let store = store_with_notice(&dir, "FRZ-TLS-3");
    let endpoint = NoticeEndpoint::parse(&receiver.url("127.0.0.1"), Some(&trusted.write_pem(dir.path()))).unwrap();

    let rejected_round = round(&store, &endpoint).await;

    assert_eq!(rejected_round, DeliveryRound { delivered: 0, failed: 1 });
    let pending = only_notice(&store, "FRZ-TLS-3");
    assert!(pending.delivered_at.is_none(), "a rejected notice stays in the outbox");
    assert_eq!(pending.attempts, 1);
    let error = pending.last_error.clone().unwrap_or_default();
    assert!(error.contains("UnknownIssuer"), "unexpected error: {error}");
    assert!(receiver.received().is_empty(), "no notice is sent to an unverified receiver");

    // The bank fixes its certificate: the next round delivers the same notice once.
    receiver.present(trusted.server_config(&["127.0.0.1"]));
    let retried = round(&store, &endpoint).await;
    let after = round(&store, &endpoint).await;

    assert_eq!(retried, DeliveryRound { delivered: 1, failed: 0 });
    assert_eq!(after, DeliveryRound::default(), "a delivered notice is not sent again");
    let delivered = only_notice(&store, "FRZ-TLS-3");
    assert!(delivered.delivered_at.is_some());
    assert_eq!(delivered.attempts, 1);
    let received = receiver.received();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].0, pending.id.to_string());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_host_name_rejected() {
    let dir = tempfile::tempdir().unwrap();
    let ca = TestCa::new("Test bank CA");
    let receiver = TlsReceiver::start(ca.server_config(&["bank.example.com"])).await;
    let store = store_with_notice(&dir, "FRZ-TLS-4");
    let ca_file = ca.write_pem(dir.path());

    for host in ["127.0.0.1", "localhost"] {
        let endpoint = NoticeEndpoint::parse(&receiver.url(host), Some(&ca_file)).unwrap();

        let rejected_round = round(&store, &endpoint).await;

        assert_eq!(rejected_round, DeliveryRound { delivered: 0, failed: 1 }, "host {host}");
        let pending = only_notice(&store, "FRZ-TLS-4");
        assert!(pending.delivered_at.is_none());
        let error = pending.last_error.unwrap_or_default();
        assert!(error.contains("not valid for name"), "host {host}, unexpected error: {error}");
    }
    assert!(receiver.received().is_empty(), "no notice is sent to a receiver named for another host");
}

#[test]
fn unusable_ca_file_rejected() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.pem");
    std::fs::write(&empty, "no certificate here\n").unwrap();
    let url = "https://127.0.0.1:9/notices";

    let missing = NoticeEndpoint::parse(url, Some(&dir.path().join("absent.pem")));
    let no_certificate = NoticeEndpoint::parse(url, Some(&empty));

    assert!(matches!(missing, Err(DeliveryError::CaFile { .. })), "{missing:?}");
    assert!(matches!(no_certificate, Err(DeliveryError::CaFile { .. })), "{no_certificate:?}");
}
