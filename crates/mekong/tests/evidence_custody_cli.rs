//! `mekong evidence custody` on a real data directory: recorded steps verify and are
//! audited, and rejected steps, unknown kinds and other roles change nothing.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::{Command, Output};

const PASSWORD: &str = "Correct-Horse-Battery-9";

fn mekong(data_dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_mekong"))
        .arg("--data-dir")
        .arg(data_dir)
        .args(["--lang", "en", "--log", "warn"])
        .env("MEKONG_PASSWORD", PASSWORD)
        .env("MEKONG_NEW_PASSWORD", PASSWORD)
        .env_remove("MEKONG_USER")
        .args(args)
        .output()
        .unwrap()
}

fn as_user(data_dir: &Path, user: &str, args: &[&str]) -> Output {
    let mut all = vec!["--as", user];
    all.extend_from_slice(args);
    mekong(data_dir, &all)
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Creates a node with the investigator `ivan` and the auditor `audra`, adds one item
/// and returns its id.
fn node_with_item(dir: &Path) -> (std::path::PathBuf, String) {
    let data = dir.join("data");
    let output = mekong(&data, &["init", "--node-id", "la-test", "--country", "LA", "--agency", "AMLIO"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let users = [
        vec!["user", "add", "--username", "admin", "--agency", "AMLIO", "--role", "administrator", "--json"],
        vec!["user", "add", "--as", "admin", "--username", "ivan", "--agency", "AMLIO", "--role", "investigator", "--json"],
        vec!["user", "add", "--as", "admin", "--username", "audra", "--agency", "AMLIO", "--role", "auditor", "--json"],
    ];
    for args in users {
        let output = mekong(&data, &args);
        assert!(output.status.success(), "{}", stderr(&output));
    }

    let file = dir.join("phone.bin");
    std::fs::write(&file, "extraction").unwrap();
    let added = as_user(&data, "ivan", &["evidence", "add", "--case", "C-9", file.to_str().unwrap()]);
    assert!(added.status.success(), "{}", stderr(&added));
    let id = stdout(&added).split_whitespace().find(|word| word.starts_with("EV-")).unwrap().trim_end_matches(':').to_owned();
    (data, id)
}

fn count(data: &Path, sql: &str) -> i64 {
    let connection = rusqlite::Connection::open(data.join("mekong.db")).unwrap();
    connection.query_row(sql, [], |row| row.get(0)).unwrap()
}

#[test]
fn custody_steps_recorded_and_verified() {
    let dir = tempfile::tempdir().unwrap();
    let (data, id) = node_with_item(dir.path());

    let steps: [&[&str]; 3] = [
        &["--event", "sealed", "--seal", "SEAL-0042", "--at", "2026-03-01T10:00:00+07:00", "--place", "Vientiane"],
        &["--event", "checked_out", "--note", "to the lab"],
        &["--event", "checked_in"],
    ];
    for step in steps {
        let mut args = vec!["evidence", "custody", id.as_str()];
        args.extend_from_slice(step);
        let output = as_user(&data, "ivan", &args);
        assert!(output.status.success(), "{step:?}: {}", stderr(&output));
        assert!(stdout(&output).contains("Recorded custody event"), "{}", stdout(&output));
    }
    let verify = as_user(&data, "ivan", &["custody", "verify", "--item", &id, "--json"]);

    assert_eq!(verify.status.code(), Some(0), "{}", stdout(&verify));
    let report: serde_json::Value = serde_json::from_slice(&verify.stdout).unwrap();
    assert_eq!(report["events"], 4);
    assert_eq!(count(&data, "SELECT count(*) FROM audit_records WHERE action = 'evidence.custody'"), 3);
    assert_eq!(count(&data, "SELECT count(*) FROM custody_events WHERE kind = 'sealed' AND details LIKE '%+07:00%'"), 1);
}

#[test]
fn rejected_step_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (data, id) = node_with_item(dir.path());

    let checked_in = as_user(&data, "ivan", &["evidence", "custody", &id, "--event", "checked_in"]);
    let unknown = as_user(&data, "ivan", &["evidence", "custody", &id, "--event", "parsed"]);
    let no_seal = as_user(&data, "ivan", &["evidence", "custody", &id, "--event", "sealed"]);
    let bad_time = as_user(&data, "ivan", &["evidence", "custody", &id, "--event", "collected", "--at", "2026-03-01 10:00"]);
    let missing = as_user(&data, "ivan", &["evidence", "custody", "EV-none", "--event", "collected"]);
    let auditor = as_user(&data, "audra", &["evidence", "custody", &id, "--event", "collected"]);

    assert!(!checked_in.status.success());
    assert!(stderr(&checked_in).contains("already checked in"), "{}", stderr(&checked_in));
    assert!(stderr(&unknown).contains("Unknown custody event \"parsed\""), "{}", stderr(&unknown));
    assert!(stderr(&no_seal).contains("needs a seal number"), "{}", stderr(&no_seal));
    assert!(stderr(&bad_time).contains("Invalid event time"), "{}", stderr(&bad_time));
    assert!(stderr(&missing).contains("EV-none not found"), "{}", stderr(&missing));
    assert!(!auditor.status.success());
    assert_eq!(count(&data, "SELECT count(*) FROM custody_events"), 1);
    assert_eq!(count(&data, "SELECT count(*) FROM audit_records WHERE action = 'evidence.custody'"), 0);
}
