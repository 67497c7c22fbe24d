//! End-to-end tests of `mekong serve` through the real binary: first start with an
//! identity, the bank-feed API, and a graceful stop on SIGTERM that keeps every
//! accepted transaction.

// Helpers outside #[test] functions unwrap too; a panic there is the test failure.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;
use std::process::Child;

use common::{LA_NODE, api_token, init_node, mekong, post_json, spawn_node, stop};

/// Creates the bank feed's API token once per data directory and returns it.
fn feed_token(data_dir: &Path) -> String {
    let saved = data_dir.join("test-token.txt");
    if let Ok(token) = std::fs::read_to_string(&saved) {
        return token;
    }

    init_node(data_dir, LA_NODE, &[]);
    let token = api_token(data_dir, "transactions:submit");
    std::fs::write(&saved, &token).unwrap();
    token
}

fn start(data_dir: &Path) -> (Child, String, String) {
    let token = feed_token(data_dir);
    let serve = ["serve", "--bind", "127.0.0.1:0", "--node-id", "la-test", "--country", "LA", "--agency", "AMLIO"];
    let (child, addr) = spawn_node(mekong(data_dir).args(serve), "http");
    (child, addr, token)
}

fn transaction(id: &str, amount: &str) -> String {
    format!(
        r#"{{"id":"{id}","timestamp":"2026-03-01T09:30:00+07:00","debtor":{{"bank":"BCEL","account":"010-1","country":"LA"}},"creditor":{{"bank":"ICBC","account":"6222-9","country":"CN"}},"amount":"{amount}","currency":"LAK","channel":"transfer"}}"#
    )
}

#[test]
fn sigterm_keeps_accepted_transactions() {
    let dir = tempfile::tempdir().unwrap();
    let (child, addr, token) = start(dir.path());

    let batch: Vec<String> = (0..20).map(|index| transaction(&format!("bank-{index}"), "150000")).collect();
    let (status, body) = post_json(&addr, &token, "/api/v1/transactions", &format!(r#"{{"transactions":[{}]}}"#, batch.join(",")));
    assert_eq!(status, 200, "{body}");
    let response: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(response["results"].as_array().unwrap().len(), 20);
    assert!(response["results"].as_array().unwrap().iter().all(|result| result["status"] == "accepted"));

    // A retry of the same id gets the first decision back.
    let (_, retry) = post_json(&addr, &token, "/api/v1/transactions", &format!(r#"{{"transactions":[{}]}}"#, batch[0]));
    let retry: serde_json::Value = serde_json::from_str(&retry).unwrap();
    assert_eq!(retry["results"][0]["status"], "duplicate");
    assert_eq!(retry["results"][0]["decision"], response["results"][0]["decision"]);

    stop(child);

    let connection = rusqlite::Connection::open(dir.path().join("mekong.db")).unwrap();
    let stored: i64 = connection.query_row("SELECT count(*) FROM transactions", [], |row| row.get(0)).unwrap();
    assert_eq!(stored, 20);
    let origin: String = connection.query_row("SELECT DISTINCT origin FROM transactions", [], |row| row.get(0)).unwrap();
    assert_eq!(origin, "la-test");
}

#[test]
fn restart_keeps_identity_and_monitor_state() {
    let dir = tempfile::tempdir().unwrap();
    let (child, addr, token) = start(dir.path());
    let (status, _) = post_json(&addr, &token, "/api/v1/transactions", &format!(r#"{{"transactions":[{}]}}"#, transaction("a-1", "100")));
    assert_eq!(status, 200);
    stop(child);

    // The second start finds the stored identity and the stored transaction.
    let (child, addr, token) = start(dir.path());
    let (_, body) = post_json(&addr, &token, "/api/v1/transactions", &format!(r#"{{"transactions":[{}]}}"#, transaction("a-1", "100")));
    let response: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(response["results"][0]["status"], "duplicate");
    stop(child);
}
