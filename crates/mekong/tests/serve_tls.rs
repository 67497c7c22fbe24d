//! `mekong serve` over TLS through the real binary: a self-signed certificate made in
//! the test, an HTTPS client that trusts only that certificate, `Secure` cookies,
//! clear errors for unusable files, and a graceful stop.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Output};
use std::sync::Arc;
use std::time::Duration;

use tokio_rustls::rustls::pki_types::{CertificateDer, ServerName};
use tokio_rustls::rustls::{ClientConfig, ClientConnection, RootCertStore, StreamOwned};

use common::{LA_NODE, NodeSpec, PASSWORD, init_node, mekong, spawn_node, stop};

/// Writes a self-signed certificate for 127.0.0.1 and its key, and returns their paths and the DER certificate.
fn self_signed(dir: &Path) -> (PathBuf, PathBuf, CertificateDer<'static>) {
    let generated = rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_owned(), "localhost".to_owned()]).unwrap();
    let certificate = dir.join("cert.pem");
    let key = dir.join("key.pem");
    std::fs::write(&certificate, generated.cert.pem()).unwrap();
    std::fs::write(&key, generated.signing_key.serialize_pem()).unwrap();
    (certificate, key, generated.cert.der().clone())
}

fn serve_args() -> [&'static str; 9] {
    ["serve", "--bind", "127.0.0.1:0", "--node-id", "la-tls", "--country", "LA", "--agency", "AMLIO"]
}

/// Starts the node with TLS and returns it with the address it printed.
fn start(data_dir: &Path, certificate: &Path, key: &Path) -> (Child, String) {
    spawn_node(mekong(data_dir).args(serve_args()).arg("--tls-cert").arg(certificate).arg("--tls-key").arg(key), "https")
}

/// Sends a request over TLS, trusting only `trusted`, and returns the response head and body.
fn https(addr: &str, trusted: &CertificateDer<'static>, method: &str, path: &str, form: &str) -> String {
    let mut roots = RootCertStore::empty();
    roots.add(trusted.clone()).unwrap();
    // The node uses the same provider; rustls 0.23.48 deprecates it for lacking post-quantum key exchange.
    #[allow(deprecated)]
    let provider = Arc::new(tokio_rustls::rustls::crypto::ring::default_provider());
    let config = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(roots)
        .with_no_client_auth();
    let server = ServerName::try_from("127.0.0.1").unwrap();
    let connection = ClientConnection::new(Arc::new(config), server).unwrap();
    let tcp = TcpStream::connect(addr).unwrap();
    tcp.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let mut stream = StreamOwned::new(connection, tcp);

    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{form}",
        form.len()
    );
    stream.write_all(request.as_bytes()).unwrap();
    let mut response = Vec::new();
    match stream.read_to_end(&mut response) {
        Ok(_) => {}
        // A server may close without close_notify after a complete response.
        Err(error) if error.kind() == std::io::ErrorKind::UnexpectedEof && !response.is_empty() => {}
        Err(error) => panic!("reading the HTTPS response failed: {error}"),
    }
    String::from_utf8(response).unwrap()
}

/// Gives the node its identity, the first administrator `admin` and the FIU analyst `ana`.
fn add_user(data_dir: &Path) {
    init_node(data_dir, NodeSpec { id: "la-tls", ..LA_NODE }, &[("ana", "fiu_analyst")]);
}

#[test]
fn https_healthz_and_secure_cookie() {
    let dir = tempfile::tempdir().unwrap();
    let (certificate, key, der) = self_signed(dir.path());
    let data = dir.path().join("data");
    add_user(&data);
    let (child, addr) = start(&data, &certificate, &key);

    let health = https(&addr, &der, "GET", "/healthz", "");
    assert!(health.starts_with("HTTP/1.1 200"), "{health}");
    assert!(health.ends_with("ok"), "{health}");
    let page = https(&addr, &der, "GET", "/signin", "");
    assert!(page.starts_with("HTTP/1.1 200"), "{page}");

    let signed_in = https(&addr, &der, "POST", "/signin", &format!("username=ana&password={PASSWORD}"));
    assert!(signed_in.starts_with("HTTP/1.1 303"), "{signed_in}");
    let cookie = signed_in
        .lines()
        .find(|line| line.to_ascii_lowercase().starts_with("set-cookie: mekong_session="))
        .unwrap_or_else(|| panic!("no session cookie: {signed_in}"));
    assert!(cookie.contains("; Secure"), "{cookie}");
    assert!(cookie.contains("HttpOnly"), "{cookie}");

    // Plain HTTP on the TLS port gets no page.
    let mut plain = TcpStream::connect(&addr).unwrap();
    plain.set_read_timeout(Some(Duration::from_secs(15))).unwrap();
    plain.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").unwrap();
    let mut answer = Vec::new();
    let _ = plain.read_to_end(&mut answer);
    assert!(!String::from_utf8_lossy(&answer).contains("200 OK"));

    stop(child);
}

#[test]
fn missing_key_file_named() {
    let dir = tempfile::tempdir().unwrap();
    let (certificate, _, _) = self_signed(dir.path());
    let missing = dir.path().join("no-such-key.pem");
    let output: Output = mekong(&dir.path().join("data"))
        .args(serve_args())
        .arg("--tls-cert")
        .arg(&certificate)
        .arg("--tls-key")
        .arg(&missing)
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("cannot read the TLS key file") && stderr.contains("no-such-key.pem"), "{stderr}");
}

#[test]
fn invalid_certificate_named() {
    let dir = tempfile::tempdir().unwrap();
    let (_, key, _) = self_signed(dir.path());
    let bogus = dir.path().join("bogus.pem");
    std::fs::write(&bogus, "not a certificate\n").unwrap();
    let output = mekong(&dir.path().join("data")).args(serve_args()).arg("--tls-cert").arg(&bogus).arg("--tls-key").arg(&key).output().unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("invalid TLS certificate file") && stderr.contains("bogus.pem"), "{stderr}");
}

#[test]
fn certificate_without_key_rejected() {
    let dir = tempfile::tempdir().unwrap();
    let (certificate, _, _) = self_signed(dir.path());
    let output = mekong(&dir.path().join("data")).args(serve_args()).arg("--tls-cert").arg(&certificate).output().unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("--tls-key"), "{stderr}");
}
