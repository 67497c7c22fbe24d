//! TLS for the node's web server: loading the certificate chain and private key
//! from PEM files, and the listener that completes TLS handshakes before axum receives
//! a connection.
//!
//! Invariants:
//! - the crypto provider is rustls's `ring` provider, named explicitly, with rustls's
//!   safe default protocol versions (TLS 1.2 and 1.3);
//! - a slow or failed handshake never blocks other connections: each handshake runs
//!   in its own task and is abandoned after [`HANDSHAKE_TIMEOUT`];
//! - the accept loop ends, and the port closes, when the server drops the listener.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;
use tokio_rustls::TlsAcceptor;
use tokio_rustls::rustls::crypto::ring;
use tokio_rustls::rustls::pki_types::pem::PemObject;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer};
use tokio_rustls::server::TlsStream;

/// The TLS server configuration that [`crate::serve_tls`] takes.
pub use tokio_rustls::rustls::ServerConfig;

/// The maximum time a client may take to complete the TLS handshake.
pub const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);

/// Handshaken connections waiting for the server to take them.
const QUEUE: usize = 64;

/// A certificate or key that cannot be used to serve TLS.
#[derive(Debug, thiserror::Error)]
pub enum TlsError {
    /// The certificate file cannot be read.
    #[error("cannot read the TLS certificate file {path}: {source}; check the path given to --tls-cert and that the node may read the file")]
    ReadCertificate {
        /// The file.
        path: PathBuf,
        /// Why reading failed.
        source: std::io::Error,
    },
    /// The certificate file contains no valid PEM certificate.
    #[error("invalid TLS certificate file {path}: {detail}; give the certificate chain in PEM, starting with -----BEGIN CERTIFICATE-----")]
    InvalidCertificate {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        detail: String,
    },
    /// The key file cannot be read.
    #[error("cannot read the TLS key file {path}: {source}; check the path given to --tls-key and that the node may read the file")]
    ReadKey {
        /// The file.
        path: PathBuf,
        /// Why reading failed.
        source: std::io::Error,
    },
    /// The key file contains no valid unencrypted PEM private key.
    #[error("invalid TLS key file {path}: {detail}; give an unencrypted private key in PEM (PKCS#8, PKCS#1 or SEC1)")]
    InvalidKey {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        detail: String,
    },
    /// rustls rejected the pair, for example because the key does not belong to the certificate.
    #[error("cannot use the TLS certificate {certificate} with the key {key}: {detail}; check that the key belongs to the certificate")]
    Rejected {
        /// The certificate file.
        certificate: PathBuf,
        /// The key file.
        key: PathBuf,
        /// rustls's reason.
        detail: String,
    },
}

/// Loads a PEM certificate chain (server certificate first) and its PEM private key
/// into a server configuration that offers HTTP/1.1.
pub fn load_config(certificate: &Path, key: &Path) -> Result<Arc<ServerConfig>, TlsError> {
    let certificate_pem = std::fs::read(certificate)
        .map_err(|source| TlsError::ReadCertificate { path: certificate.to_owned(), source })?;
    let chain = CertificateDer::pem_slice_iter(&certificate_pem)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|error| TlsError::InvalidCertificate { path: certificate.to_owned(), detail: error.to_string() })?;
    if chain.is_empty() {
        return Err(TlsError::InvalidCertificate {
            path: certificate.to_owned(),
            detail: "the file contains no certificate".to_owned(),
        });
    }

    let key_pem = std::fs::read(key).map_err(|source| TlsError::ReadKey { path: key.to_owned(), source })?;
    let private_key = PrivateKeyDer::from_pem_slice(&key_pem)
        .map_err(|error| TlsError::InvalidKey { path: key.to_owned(), detail: error.to_string() })?;

    let rejected = |detail: String| TlsError::Rejected { certificate: certificate.to_owned(), key: key.to_owned(), detail };
    // NOTE: rustls 0.23.48 deprecates the `ring` provider because it lacks the
    // post-quantum key exchange X25519MLKEM768. It is kept because it builds with
    // only a C compiler; the `aws-lc-rs` provider has it but needs a longer native build.
    #[allow(deprecated)]
    let provider = ring::default_provider();
    let mut config = ServerConfig::builder_with_provider(Arc::new(provider))
        .with_safe_default_protocol_versions()
        .map_err(|error| rejected(error.to_string()))?
        .with_no_client_auth()
        .with_single_cert(chain, private_key)
        .map_err(|error| rejected(error.to_string()))?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(Arc::new(config))
}

/// A listener that hands axum only connections whose TLS handshake completed.
#[derive(Debug)]
pub(crate) struct TlsListener {
    incoming: mpsc::Receiver<(TlsStream<TcpStream>, SocketAddr)>,
    local: SocketAddr,
}

impl TlsListener {
    /// Starts accepting TCP connections on `listener` and handshaking them with `config`.
    pub(crate) fn new(listener: TcpListener, config: Arc<ServerConfig>) -> std::io::Result<TlsListener> {
        let local = listener.local_addr()?;
        let (sender, incoming) = mpsc::channel(QUEUE);
        tokio::spawn(accept_loop(listener, TlsAcceptor::from(config), sender));
        Ok(TlsListener { incoming, local })
    }
}

impl axum::serve::Listener for TlsListener {
    type Io = TlsStream<TcpStream>;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        match self.incoming.recv().await {
            Some(connection) => connection,
            None => {
                // The accept loop ends only after this receiver is dropped, so this
                // happens only if its task panicked.
                tracing::error!(address = %self.local, "the TLS accept loop ended; no new connections are taken");
                std::future::pending().await
            }
        }
    }

    fn local_addr(&self) -> std::io::Result<Self::Addr> {
        Ok(self.local)
    }
}

/// Accepts TCP connections and handshakes each in its own task until the receiver is dropped.
async fn accept_loop(listener: TcpListener, acceptor: TlsAcceptor, sender: mpsc::Sender<(TlsStream<TcpStream>, SocketAddr)>) {
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            () = sender.closed() => return,
        };
        let (tcp, remote) = match accepted {
            Ok(connection) => connection,
            Err(error) => {
                // Running out of file descriptors repeats at once; wait before retrying.
                tracing::warn!(%error, "accepting a TCP connection failed; retrying in one second");
                tokio::time::sleep(Duration::from_secs(1)).await;
                continue;
            }
        };

        let acceptor = acceptor.clone();
        let sender = sender.clone();
        tokio::spawn(async move {
            match tokio::time::timeout(HANDSHAKE_TIMEOUT, acceptor.accept(tcp)).await {
                Ok(Ok(stream)) => {
                    // Sending fails only when the server is shutting down.
                    let _ = sender.send((stream, remote)).await;
                }
                Ok(Err(error)) => tracing::debug!(%remote, %error, "TLS handshake failed"),
                Err(_) => tracing::debug!(%remote, "TLS handshake timed out"),
            }
        });
    }
}
