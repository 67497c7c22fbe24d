//! `mekong evidence add`, `evidence list` and `custody verify` on a real data directory.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::{Command, Output};

fn mekong(data_dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_mekong"))
        .arg("--data-dir")
        .arg(data_dir)
        .args(["--lang", "en", "--log", "warn"])
        .args(args)
        .output()
        .unwrap()
}

fn init(data_dir: &Path) {
    let output = mekong(data_dir, &["init", "--node-id", "cn-test", "--country", "CN", "--agency", "MPS"]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
}

#[test]
fn add_list_and_verify() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    init(&data);
    let file = dir.path().join("abc.txt");
    std::fs::write(&file, "abc").unwrap();
    let file = file.to_str().unwrap();

    let added = mekong(&data, &["evidence", "add", "--case", "C-1", "--kind", "document", "--exhibit", "7", file]);
    let again = mekong(&data, &["evidence", "add", "--case", "C-1", file]);
    let list = mekong(&data, &["evidence", "list", "--case", "C-1"]);
    let verify = mekong(&data, &["custody", "verify", "--json"]);

    assert!(added.status.success(), "{}", String::from_utf8_lossy(&added.stderr));
    let added = String::from_utf8_lossy(&added.stdout);
    assert!(added.contains("3 bytes"), "{added}");
    assert!(added.contains("SM3 66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"), "{added}");
    assert!(String::from_utf8_lossy(&again.stdout).contains("stored once"));
    assert_eq!(String::from_utf8_lossy(&list.stdout).lines().count(), 3);
    assert_eq!(verify.status.code(), Some(0), "{}", String::from_utf8_lossy(&verify.stdout));
    let report: serde_json::Value = serde_json::from_slice(&verify.stdout).unwrap();
    assert_eq!(report["events"], 2);
    assert_eq!(report["objects"], 1);
    let connection = rusqlite::Connection::open(data.join("mekong.db")).unwrap();
    let audited: i64 = connection
        .query_row("SELECT count(*) FROM audit_records WHERE action = 'evidence.add'", [], |row| row.get(0))
        .unwrap();
    assert_eq!(audited, 2);
}

#[test]
fn verify_names_edited_event() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    init(&data);
    let file = dir.path().join("log.csv");
    std::fs::write(&file, "ip,timestamp,port\n10.0.0.1,2026-01-01T00:00:00Z,443\n").unwrap();
    mekong(&data, &["evidence", "add", "--case", "C-2", "--kind", "ip_log", file.to_str().unwrap()]);
    let connection = rusqlite::Connection::open(data.join("mekong.db")).unwrap();
    connection.execute_batch("DROP TRIGGER custody_events_no_update").unwrap();
    connection.execute("UPDATE custody_events SET actor = 'someone else' WHERE seq = 1", []).unwrap();

    let verify = mekong(&data, &["custody", "verify"]);

    assert_eq!(verify.status.code(), Some(1));
    let text = String::from_utf8_lossy(&verify.stdout);
    assert!(text.contains("Chain of custody damaged"), "{text}");
    assert!(text.contains("checkpoint 1: the stored events do not match"), "{text}");
}

#[test]
fn unknown_kind_rejected() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    init(&data);

    let output = mekong(&data, &["evidence", "add", "--case", "C-3", "--kind", "video", "missing.bin"]);

    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("Unknown evidence kind \"video\""));
}
