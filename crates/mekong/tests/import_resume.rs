//! End-to-end tests of `mekong import transactions` through the real binary:
//! idempotence, the JSON summary, and an import killed with SIGKILL and rerun.

// Helpers outside #[test] functions unwrap too; a panic there is the test failure.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use common::{CN_NODE, generate_stream, init_node, mekong_as, run_ok, transaction_count};

/// Initialises a node with the FIU analyst `ana`, who runs the imports.
fn init(data_dir: &Path) {
    init_node(data_dir, CN_NODE, &[("ana", "fiu_analyst")]);
}

fn import_json(data_dir: &Path, file: &Path) -> serde_json::Value {
    let output = run_ok(mekong_as(data_dir, "ana").args(["import", "transactions", "--json", "--batch-size", "1000"]).arg(file));
    serde_json::from_slice(&output.stdout).unwrap()
}

/// Every table whose content must not depend on how the import was run, as text.
fn dump(data_dir: &Path) -> Vec<String> {
    let tables =
        [("transactions", "seq"), ("alerts", "seq"), ("accounts", "key"), ("alert_status_changes", "seq"), ("flags", "account")];
    common::dump(data_dir, &tables)
}

#[test]
fn import_twice_adds_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let data_dir = dir.path().join("data");
    init(&data_dir);
    let file = generate_stream(dir.path(), 3_000);

    let first = import_json(&data_dir, &file);
    assert_eq!(first["read"], 3_000);
    assert_eq!(first["imported"], 3_000);
    assert_eq!(first["duplicates"], 0);
    assert_eq!(first["rejected"], 0);
    let before = dump(&data_dir);

    let second = import_json(&data_dir, &file);
    assert_eq!(second["imported"], 0);
    assert_eq!(second["duplicates"], 3_000);
    assert_eq!(dump(&data_dir), before);
}

#[test]
fn killed_import_resumes_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let file = generate_stream(dir.path(), 60_000);

    // The reference: one clean run.
    let clean_dir = dir.path().join("clean");
    init(&clean_dir);
    import_json(&clean_dir, &file);
    let clean = dump(&clean_dir);
    assert!(clean.iter().any(|line| line.starts_with("alerts:")), "the stream must raise alerts");

    // An import killed with SIGKILL once some batches are committed, then rerun.
    let killed_dir = dir.path().join("killed");
    init(&killed_dir);
    let mut child = mekong_as(&killed_dir, "ana")
        .args(["import", "transactions", "--json", "--batch-size", "1000"])
        .arg(&file)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let database = killed_dir.join("mekong.db");
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let stored = transaction_count(&database);
        if stored >= 5_000 || Instant::now() > deadline {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap();
    let status = child.wait().unwrap();
    let partial = transaction_count(&database);
    assert!(!status.success() || partial == 60_000);
    assert!(partial > 0, "the kill came before the first commit");

    let rerun = import_json(&killed_dir, &file);
    assert_eq!(rerun["duplicates"], partial);
    assert_eq!(rerun["imported"].as_i64().unwrap() + partial, 60_000);

    let resumed = dump(&killed_dir);
    assert_eq!(resumed.len(), clean.len());
    for (index, (left, right)) in resumed.iter().zip(&clean).enumerate() {
        assert_eq!(left, right, "first difference at line {index}");
    }
}

#[test]
fn second_process_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let data_dir = dir.path().join("data");
    init(&data_dir);
    let file = generate_stream(dir.path(), 100_000);

    let mut first = mekong_as(&data_dir, "ana")
        .args(["import", "transactions", "--json"])
        .arg(&file)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let database = data_dir.join("mekong.db");
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        let stored = transaction_count(&database);
        if stored > 0 {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let second = mekong_as(&data_dir, "ana").args(["import", "transactions"]).arg(&file).output().unwrap();
    first.kill().unwrap();
    first.wait().unwrap();

    assert!(!second.status.success());
    let stderr = String::from_utf8_lossy(&second.stderr);
    assert!(stderr.contains("Another mekong process"), "stderr: {stderr}");
}
