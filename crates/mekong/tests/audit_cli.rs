//! `mekong audit verify` and `mekong audit export` on a real data directory.

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
    let output = mekong(data_dir, &["init", "--node-id", "la-test", "--country", "LA", "--agency", "AMLIO"]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
}

#[test]
fn verify_clean_trail_succeeds() {
    let dir = tempfile::tempdir().unwrap();
    init(dir.path());

    let output = mekong(dir.path(), &["audit", "verify", "--checkpoint", "--json"]);

    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["records"], 1);
    assert_eq!(report["checkpoints"], 1);
    assert!(report["problem"].is_null());
}

#[test]
fn verify_names_edited_record() {
    let dir = tempfile::tempdir().unwrap();
    init(dir.path());
    init(dir.path());
    let connection = rusqlite::Connection::open(dir.path().join("mekong.db")).unwrap();
    connection.execute_batch("DROP TRIGGER audit_records_no_update").unwrap();
    connection.execute("UPDATE audit_records SET actor_agency = 'OTHER' WHERE seq = 1", []).unwrap();

    let text = mekong(dir.path(), &["audit", "verify"]);
    let json = mekong(dir.path(), &["audit", "verify", "--json"]);

    assert_eq!(text.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&text.stdout).contains("record 1 was changed"), "{}", String::from_utf8_lossy(&text.stdout));
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(json.status.code(), Some(1));
    assert_eq!(report["problem"]["seq"], 1);
    assert_eq!(report["problem"]["damage"], "edited");
}

#[test]
fn export_is_written_and_audited() {
    let dir = tempfile::tempdir().unwrap();
    init(dir.path());
    let out = dir.path().join("trail.jsonl");

    let output = mekong(dir.path(), &["audit", "export", "--format", "jsonl", "--out", out.to_str().unwrap()]);

    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let text = std::fs::read_to_string(&out).unwrap();
    let actions: Vec<String> = text
        .lines()
        .map(|line| serde_json::from_str::<serde_json::Value>(line).unwrap()["action"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(actions, ["node.init", "audit.export"]);
}
