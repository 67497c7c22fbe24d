//! End-to-end tests of `mekong serve` through the real binary: first start with an
//! identity, the bank-feed API, and a graceful stop on SIGTERM that keeps every
//! accepted transaction.

// Helpers outside #[test] functions unwrap too; a panic there is the test failure.
#![allow(clippy::unwrap_used, clippy::expect_used)]


use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// Creates the bank feed's API token once per data directory and returns it.
fn feed_token(data_dir: &Path) -> String {
    let saved = data_dir.join("test-token.txt");
    if let Ok(token) = std::fs::read_to_string(&saved) {
        return token;
    }
    let run = |args: &[&str]| {
        let output = Command::new(env!("CARGO_BIN_EXE_mekong"))
            .arg("--data-dir")
            .arg(data_dir)
            .args(args)
            .env("MEKONG_PASSWORD", "Correct-Horse-Battery-9")
            .env_remove("MEKONG_USER")
            .output()
            .unwrap();
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        String::from_utf8(output.stdout).unwrap()
    };
    run(&["--log", "warn", "init", "--node-id", "la-test", "--country", "LA", "--agency", "AMLIO"]);
    run(&["--log", "warn", "user", "add", "--username", "admin", "--agency", "AMLIO", "--role", "administrator", "--json"]);
    let token_args = ["--log", "warn", "--as", "admin", "user", "token", "create", "--name", "feed", "--scope", "transactions:submit", "--json"];
    let created = run(&token_args);
    let value: serde_json::Value = serde_json::from_str(&created).unwrap();
    let token = value["token"].as_str().unwrap().to_owned();
    std::fs::write(&saved, &token).unwrap();
    token
}

fn start(data_dir: &Path) -> (Child, String, String) {
    let token = feed_token(data_dir);
    let mut child = Command::new(env!("CARGO_BIN_EXE_mekong"))
        .arg("--data-dir")
        .arg(data_dir)
        .args(["--log", "warn", "--lang", "en", "serve", "--bind", "127.0.0.1:0"])
        .args(["--node-id", "la-test", "--country", "LA", "--agency", "AMLIO"])
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut lines = BufReader::new(stdout).lines();
    let line = lines.next().unwrap().unwrap();
    let addr = line
        .split("http://")
        .nth(1)
        .unwrap_or_else(|| panic!("unexpected first line: {line}"))
        .trim_end_matches('/')
        .to_owned();
    // Keep reading standard output so that the node never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    (child, addr, token)
}

fn post(addr: &str, token: &str, path: &str, body: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let request = format!(
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let status = response.split_whitespace().nth(1).unwrap().parse().unwrap();
    let body = response.split_once("\r\n\r\n").map(|(_, body)| body.to_owned()).unwrap_or_default();
    (status, body)
}

fn transaction(id: &str, amount: &str) -> String {
    format!(
        r#"{{"id":"{id}","timestamp":"2026-03-01T09:30:00+07:00","debtor":{{"bank":"BCEL","account":"010-1","country":"LA"}},"creditor":{{"bank":"ICBC","account":"6222-9","country":"CN"}},"amount":"{amount}","currency":"LAK","channel":"transfer"}}"#
    )
}

#[test]
fn sigterm_keeps_accepted_transactions() {
    let dir = tempfile::tempdir().unwrap();
    let (mut child, addr, token) = start(dir.path());

    let batch: Vec<String> = (0..20).map(|index| transaction(&format!("bank-{index}"), "150000")).collect();
    let (status, body) = post(&addr, &token, "/api/v1/transactions", &format!(r#"{{"transactions":[{}]}}"#, batch.join(",")));
    assert_eq!(status, 200, "{body}");
    let response: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(response["results"].as_array().unwrap().len(), 20);
    assert!(response["results"].as_array().unwrap().iter().all(|result| result["status"] == "accepted"));

    // A retry of the same id gets the first decision back.
    let (_, retry) = post(&addr, &token, "/api/v1/transactions", &format!(r#"{{"transactions":[{}]}}"#, batch[0]));
    let retry: serde_json::Value = serde_json::from_str(&retry).unwrap();
    assert_eq!(retry["results"][0]["status"], "duplicate");
    assert_eq!(retry["results"][0]["decision"], response["results"][0]["decision"]);

    let pid = child.id().to_string();
    assert!(Command::new("kill").args(["-TERM", &pid]).status().unwrap().success());
    let status = child.wait().unwrap();
    assert!(status.success(), "the node exited with {status}");

    let connection = rusqlite::Connection::open(dir.path().join("mekong.db")).unwrap();
    let stored: i64 = connection.query_row("SELECT count(*) FROM transactions", [], |row| row.get(0)).unwrap();
    assert_eq!(stored, 20);
    let origin: String = connection.query_row("SELECT DISTINCT origin FROM transactions", [], |row| row.get(0)).unwrap();
    assert_eq!(origin, "la-test");
}

#[test]
fn restart_keeps_identity_and_monitor_state() {
    let dir = tempfile::tempdir().unwrap();
    let (mut child, addr, token) = start(dir.path());
    let (status, _) = post(&addr, &token, "/api/v1/transactions", &format!(r#"{{"transactions":[{}]}}"#, transaction("a-1", "100")));
    assert_eq!(status, 200);
    Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    child.wait().unwrap();

    // The second start finds the stored identity and the stored transaction.
    let (mut child, addr, token) = start(dir.path());
    let (_, body) = post(&addr, &token, "/api/v1/transactions", &format!(r#"{{"transactions":[{}]}}"#, transaction("a-1", "100")));
    let response: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(response["results"][0]["status"], "duplicate");
    Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    child.wait().unwrap();
}
