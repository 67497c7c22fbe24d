//! End-to-end tests of `mekong import transactions` through the real binary:
//! idempotence, the JSON summary, and an import killed with SIGKILL and rerun.

// Helpers outside #[test] functions unwrap too; a panic there is the test failure.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn mekong(data_dir: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_mekong"));
    command.arg("--data-dir").arg(data_dir).arg("--log").arg("warn").env("LANG", "en_US.UTF-8");
    // Imports act as the FIU analyst `ana` that `init` creates.
    command.env("MEKONG_USER", "ana").env("MEKONG_PASSWORD", PASSWORD).env("MEKONG_NEW_PASSWORD", PASSWORD);
    command
}

const PASSWORD: &str = "Correct-Horse-Battery-9";

fn run_ok(command: &mut Command) -> Output {
    let output = command.output().unwrap();
    assert!(
        output.status.success(),
        "command failed: {:?}\nstdout: {}\nstderr: {}",
        command,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

fn init(data_dir: &Path) {
    run_ok(mekong(data_dir).args(["init", "--node-id", "cn-test", "--country", "CN", "--agency", "TEST"]));
    run_ok(mekong(data_dir).args(["user", "add", "--username", "admin", "--agency", "TEST", "--role", "administrator", "--json"]));
    run_ok(mekong(data_dir).args(["user", "add", "--as", "admin", "--username", "ana", "--agency", "TEST", "--role", "fiu_analyst", "--json"]));
}

fn generate(dir: &Path, count: u64) -> PathBuf {
    let path = dir.join("stream.csv");
    run_ok(mekong(dir).args(["generate", "--transactions", &count.to_string(), "--accounts", "3000", "--out"]).arg(&path));
    path
}

fn import_json(data_dir: &Path, file: &Path) -> serde_json::Value {
    let output = run_ok(mekong(data_dir).args(["import", "transactions", "--json", "--batch-size", "1000"]).arg(file));
    serde_json::from_slice(&output.stdout).unwrap()
}

/// Every table whose content must not depend on how the import was run, as text.
fn dump(data_dir: &Path) -> Vec<String> {
    let connection = rusqlite::Connection::open(data_dir.join("mekong.db")).unwrap();
    let mut lines = Vec::new();
    for (table, order) in [
        ("transactions", "seq"),
        ("alerts", "seq"),
        ("accounts", "key"),
        ("alert_status_changes", "seq"),
        ("flags", "account"),
    ] {
        let mut statement = connection.prepare(&format!("SELECT * FROM {table} ORDER BY {order}")).unwrap();
        let columns = statement.column_count();
        let mut rows = statement.query([]).unwrap();
        while let Some(row) = rows.next().unwrap() {
            let values: Vec<String> =
                (0..columns).map(|index| format!("{:?}", row.get_ref(index).unwrap())).collect();
            lines.push(format!("{table}: {}", values.join("|")));
        }
    }
    lines
}

#[test]
fn import_twice_adds_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let data_dir = dir.path().join("data");
    init(&data_dir);
    let file = generate(dir.path(), 3_000);

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
    let file = generate(dir.path(), 60_000);

    // The reference: one clean run.
    let clean_dir = dir.path().join("clean");
    init(&clean_dir);
    import_json(&clean_dir, &file);
    let clean = dump(&clean_dir);
    assert!(clean.iter().any(|line| line.starts_with("alerts:")), "the stream must raise alerts");

    // An import killed with SIGKILL once some batches are committed, then rerun.
    let killed_dir = dir.path().join("killed");
    init(&killed_dir);
    let mut child = mekong(&killed_dir)
        .args(["import", "transactions", "--json", "--batch-size", "1000"])
        .arg(&file)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let database = killed_dir.join("mekong.db");
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let stored: i64 = rusqlite::Connection::open(&database)
            .and_then(|connection| connection.query_row("SELECT count(*) FROM transactions", [], |row| row.get(0)))
            .unwrap_or(0);
        if stored >= 5_000 || Instant::now() > deadline {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap();
    let status = child.wait().unwrap();
    let partial: i64 = rusqlite::Connection::open(&database)
        .unwrap()
        .query_row("SELECT count(*) FROM transactions", [], |row| row.get(0))
        .unwrap();
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
    let file = generate(dir.path(), 100_000);

    let mut first = mekong(&data_dir)
        .args(["import", "transactions", "--json"])
        .arg(&file)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let database = data_dir.join("mekong.db");
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        let stored: i64 = rusqlite::Connection::open(&database)
            .and_then(|connection| connection.query_row("SELECT count(*) FROM transactions", [], |row| row.get(0)))
            .unwrap_or(0);
        if stored > 0 {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let second = mekong(&data_dir).args(["import", "transactions"]).arg(&file).output().unwrap();
    first.kill().unwrap();
    first.wait().unwrap();

    assert!(!second.status.success());
    let stderr = String::from_utf8_lossy(&second.stderr);
    assert!(stderr.contains("Another mekong process"), "stderr: {stderr}");
}
