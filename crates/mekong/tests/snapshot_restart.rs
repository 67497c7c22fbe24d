//! End-to-end tests of the monitor snapshot through the real binary: `import` and a
//! graceful `serve` stop write it, and an import killed with SIGKILL after an older
//! snapshot, then rerun, ends with the same database as one clean run.

// Helpers outside #[test] functions unwrap too; a panic there is the test failure.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::{Path, PathBuf};
use std::process::{Child, Output, Stdio};
use std::time::{Duration, Instant};

use mekong_monitor::Snapshot;

use common::{
    CN_NODE, api_token, generate_stream, init_node, mekong, mekong_as, mekong_logging, post_json, run_ok, spawn_node, stop,
    transaction_count,
};

/// Initialises the node with the administrator `admin` and the FIU analyst `ana`.
fn init(data_dir: &Path) {
    init_node(data_dir, CN_NODE, &[("ana", "fiu_analyst")]);
}

/// Generates a stream and splits it into two CSV files with the same header.
fn generate_halves(dir: &Path, count: u64) -> (PathBuf, PathBuf) {
    let whole = generate_stream(dir, count);

    let text = std::fs::read_to_string(&whole).unwrap();
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    let rows: Vec<&str> = lines.collect();
    let (first, second) = rows.split_at(rows.len() / 2);
    let write = |name: &str, rows: &[&str]| {
        let path = dir.join(name);
        std::fs::write(&path, format!("{header}\n{}\n", rows.join("\n"))).unwrap();
        path
    };
    (write("first.csv", first), write("second.csv", second))
}

fn import(data_dir: &Path, file: &Path) -> Output {
    run_ok(mekong_as(data_dir, "ana").args(["import", "transactions", "--json", "--batch-size", "1000"]).arg(file))
}

/// Every table whose content must not depend on how the import was run, as text.
fn dump(data_dir: &Path) -> Vec<String> {
    common::dump(data_dir, &[("transactions", "seq"), ("alerts", "seq"), ("accounts", "key"), ("flags", "account")])
}

#[test]
fn killed_import_after_snapshot_matches() {
    let dir = tempfile::tempdir().unwrap();
    let (first, second) = generate_halves(dir.path(), 60_000);

    // The reference: both halves imported cleanly.
    let clean_dir = dir.path().join("clean");
    init(&clean_dir);
    import(&clean_dir, &first);
    import(&clean_dir, &second);
    let clean = dump(&clean_dir);
    assert!(clean.iter().any(|line| line.starts_with("alerts:")), "the stream must raise alerts");

    // The first half ends with a snapshot; the second half is killed with SIGKILL
    // once some of its batches are committed.
    let killed_dir = dir.path().join("killed");
    init(&killed_dir);
    import(&killed_dir, &first);
    let snapshot_path = killed_dir.join("monitor.snapshot");
    let snapshot = Snapshot::read(&snapshot_path).unwrap();
    assert_eq!(snapshot.tag.seq(), 30_000);

    let database = killed_dir.join("mekong.db");
    let mut child = mekong_as(&killed_dir, "ana")
        .args(["import", "transactions", "--json", "--batch-size", "1000"])
        .arg(&second)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(120);
    while transaction_count(&database) < 35_000 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap();
    let status = child.wait().unwrap();
    let partial = transaction_count(&database);
    assert!(partial > 30_000, "the kill came before the first commit of the second half");
    assert!(!status.success() || partial == 60_000);

    // Unless the import finished before the kill, the snapshot is the older one.
    let after_kill = Snapshot::read(&snapshot_path).unwrap();
    assert!(after_kill.tag.seq() <= partial);

    // The rerun starts from the older snapshot and replays only what came after it.
    let mut logging = mekong_logging(&killed_dir, "info");
    logging.env("MEKONG_USER", "ana").args(["import", "transactions", "--json", "--batch-size", "1000"]).arg(&second);
    let rerun = run_ok(&mut logging);
    let log = String::from_utf8_lossy(&rerun.stderr);
    assert!(log.contains("monitor state restored from snapshot"), "the rerun did not use the snapshot:\n{log}");
    let summary: serde_json::Value = serde_json::from_slice(&rerun.stdout).unwrap();
    assert_eq!(summary["duplicates"], partial - 30_000);

    let resumed = dump(&killed_dir);
    assert_eq!(resumed.len(), clean.len());
    for (index, (left, right)) in resumed.iter().zip(&clean).enumerate() {
        assert_eq!(left, right, "first difference at line {index}");
    }
    assert_eq!(Snapshot::read(&snapshot_path).unwrap().tag.seq(), 60_000);
}

/// Creates the node and a bank-feed API token for it.
fn feed_token(data_dir: &Path) -> String {
    init(data_dir);
    api_token(data_dir, "transactions:submit")
}

/// Starts `serve` on a free port and returns the process and its address.
fn start(data_dir: &Path) -> (Child, String) {
    spawn_node(mekong(data_dir).args(["serve", "--bind", "127.0.0.1:0"]), "http")
}

fn post_transactions(addr: &str, token: &str, count: usize) -> u16 {
    let items: Vec<String> = (0..count)
        .map(|index| {
            format!(
                r#"{{"id":"feed-{index}","timestamp":"2026-03-01T09:30:00+08:00","debtor":{{"bank":"ICBC","account":"6222-{index}","country":"CN"}},"creditor":{{"bank":"BCEL","account":"010-9","country":"LA"}},"amount":"9000","currency":"CNY","channel":"transfer"}}"#
            )
        })
        .collect();
    let body = format!(r#"{{"transactions":[{}]}}"#, items.join(","));
    post_json(addr, token, "/api/v1/transactions", &body).0
}

#[test]
fn serve_stop_writes_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    let token = feed_token(dir.path());
    let (child, addr) = start(dir.path());
    assert_eq!(post_transactions(&addr, &token, 25), 200);

    stop(child);

    let snapshot = Snapshot::read(&dir.path().join("monitor.snapshot")).unwrap();
    assert_eq!(snapshot.tag.node, "cn-test");
    assert_eq!(snapshot.tag.seq(), 25);
    let covered = snapshot.tag.covered.unwrap();
    assert_eq!(covered.id, "feed-24");
}
