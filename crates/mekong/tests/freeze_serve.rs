//! Freezes in a running node through the real binary: an emergency stop made from the
//! command line holds debits from the account once the node starts, credits into it
//! are accepted, and its bank notice reaches a loopback receiver that rejects the
//! first two attempts, acknowledged exactly once.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::Child;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::{LA_NODE, api_token, init_node, mekong, post_json, spawn_node, stop, succeed};

/// Sets up the node and its users, and returns a bank-feed API token.
fn setup(data_dir: &Path) -> String {
    init_node(data_dir, LA_NODE, &[("noy", "fiu_analyst"), ("khamla", "supervisor")]);
    api_token(data_dir, "transactions:submit")
}

/// A bank endpoint on 127.0.0.1 that returns 503 to the first two requests and 202
/// after them, counting requests and keeping the acknowledged bodies.
struct Receiver {
    url: String,
    requests: Arc<AtomicUsize>,
    acknowledged: Arc<Mutex<Vec<String>>>,
}

fn read_request(stream: &mut TcpStream) -> String {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut length = 0;
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).unwrap();
        if line == "\r\n" || line.is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':')
            && name.eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse().unwrap();
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).unwrap();
    String::from_utf8(body).unwrap()
}

fn start_receiver() -> Receiver {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/notices", listener.local_addr().unwrap());
    let requests = Arc::new(AtomicUsize::new(0));
    let acknowledged = Arc::new(Mutex::new(Vec::new()));
    let (count, bodies) = (requests.clone(), acknowledged.clone());
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let mut stream = stream.unwrap();
            let body = read_request(&mut stream);
            let status = if count.fetch_add(1, Ordering::SeqCst) < 2 {
                "503 Service Unavailable"
            } else {
                bodies.lock().unwrap().push(body);
                "202 Accepted"
            };
            let reply = format!("HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            stream.write_all(reply.as_bytes()).unwrap();
        }
    });
    Receiver { url, requests, acknowledged }
}

fn start_node(data_dir: &Path, notice_url: &str) -> (Child, String) {
    let mut command = mekong(data_dir);
    command.args(["serve", "--bind", "127.0.0.1:0"]);
    command.args(["--bank-notice-url", notice_url, "--bank-notice-poll", "1", "--bank-notice-retry", "0"]);
    spawn_node(&mut command, "http")
}

fn decision(addr: &str, token: &str, id: &str, debtor: &str, creditor: &str) -> String {
    let body = format!(
        r#"{{"transactions":[{{"id":"{id}","timestamp":"2026-03-01T09:30:00+07:00","debtor":{{"bank":"BCEL","account":"{debtor}","country":"LA"}},"creditor":{{"bank":"BCEL","account":"{creditor}","country":"LA"}},"amount":"150000","currency":"LAK","channel":"transfer"}}]}}"#
    );
    let (status, json) = post_json(addr, token, "/api/v1/transactions", &body);
    assert_eq!(status, 200, "{json}");
    let value: serde_json::Value = serde_json::from_str(&json).unwrap_or_else(|_| panic!("{json}"));
    assert_eq!(value["results"][0]["status"], "accepted", "{json}");
    value["results"][0]["decision"].as_str().unwrap().to_owned()
}

#[test]
fn stop_holds_debits_and_notifies() {
    let dir = tempfile::tempdir().unwrap();
    let token = setup(dir.path());
    let emergency_stop = [
        "freeze", "request", "--emergency", "--as", "noy", "--account", "BCEL/010-1", "--amount", "9000000",
        "--currency", "LAK", "--legal-basis", "la-amlcft-39", "--case", "VTE-9", "--reason", "Victim funds",
    ];
    succeed(dir.path(), &emergency_stop);

    let receiver = start_receiver();
    let (child, addr) = start_node(dir.path(), &receiver.url);
    assert_eq!(decision(&addr, &token, "debit-1", "010-1", "020-2"), "hold");
    assert_eq!(decision(&addr, &token, "credit-1", "030-3", "010-1"), "allow");

    // The worker retries every second; wait for the acknowledgement, up to a minute.
    for _ in 0..600 {
        if !receiver.acknowledged.lock().unwrap().is_empty() {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    stop(child);

    let acknowledged = receiver.acknowledged.lock().unwrap().clone();
    assert_eq!(acknowledged.len(), 1);
    assert_eq!(receiver.requests.load(Ordering::SeqCst), 3);
    let notice: serde_json::Value = serde_json::from_str(&acknowledged[0]).unwrap();
    assert_eq!(notice["state"], "emergency_stop");
    assert_eq!(notice["accounts"][0], "BCEL/010-1");
    assert_eq!(notice["hold_debits"], true);
    assert!(!acknowledged[0].contains("Victim funds"), "the reason must not be sent");

    let list = succeed(dir.path(), &["freeze", "list", "--as", "noy"]);
    let id = list.lines().next().unwrap().split('\t').next().unwrap().to_owned();
    let show = succeed(dir.path(), &["freeze", "show", "--as", "noy", &id]);
    assert!(show.contains("Notice 1 (emergency_stop) delivered on"), "{show}");
}
