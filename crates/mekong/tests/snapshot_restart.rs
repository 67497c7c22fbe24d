//! End-to-end tests of the monitor snapshot through the real binary: `import` and a
//! graceful `serve` stop write it, and an import killed with SIGKILL after an older
//! snapshot, then rerun, ends with the same database as one clean run.

// Helpers outside #[test] functions unwrap too; a panic there is the test failure.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use mekong_monitor::Snapshot;

fn mekong(data_dir: &Path) -> Command {
    mekong_logging(data_dir, "warn")
}

/// Builds a command with the log filter `log`, such as `info`.
fn mekong_logging(data_dir: &Path, log: &str) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_mekong"));
    command.arg("--data-dir").arg(data_dir).arg("--log").arg(log).env("LANG", "en_US.UTF-8");
    // Commands act as the FIU analyst `ana` that `init` creates, unless `--as` names another user.
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

/// Initialises the node with the administrator `admin` and the FIU analyst `ana`.
fn init(data_dir: &Path) {
    run_ok(mekong(data_dir).args(["init", "--node-id", "cn-test", "--country", "CN", "--agency", "TEST"]));
    run_ok(mekong(data_dir).args(["user", "add", "--username", "admin", "--agency", "TEST", "--role", "administrator", "--json"]));
    run_ok(mekong(data_dir).args(["user", "add", "--as", "admin", "--username", "ana", "--agency", "TEST", "--role", "fiu_analyst", "--json"]));
}

/// Generates a stream and splits it into two CSV files with the same header.
fn generate_halves(dir: &Path, count: u64) -> (PathBuf, PathBuf) {
    let whole = dir.join("stream.csv");
    run_ok(mekong(dir).args(["generate", "--transactions", &count.to_string(), "--accounts", "3000", "--out"]).arg(&whole));

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
    run_ok(mekong(data_dir).args(["import", "transactions", "--json", "--batch-size", "1000"]).arg(file))
}

fn stored_count(database: &Path) -> i64 {
    rusqlite::Connection::open(database)
        .and_then(|connection| connection.query_row("SELECT count(*) FROM transactions", [], |row| row.get(0)))
        .unwrap_or(0)
}

/// Every table whose content must not depend on how the import was run, as text.
fn dump(data_dir: &Path) -> Vec<String> {
    let connection = rusqlite::Connection::open(data_dir.join("mekong.db")).unwrap();
    let mut lines = Vec::new();
    for (table, order) in [("transactions", "seq"), ("alerts", "seq"), ("accounts", "key"), ("flags", "account")] {
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
    let mut child = mekong(&killed_dir)
        .args(["import", "transactions", "--json", "--batch-size", "1000"])
        .arg(&second)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(120);
    while stored_count(&database) < 35_000 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap();
    let status = child.wait().unwrap();
    let partial = stored_count(&database);
    assert!(partial > 30_000, "the kill came before the first commit of the second half");
    assert!(!status.success() || partial == 60_000);

    // Unless the import finished before the kill, the snapshot is the older one.
    let after_kill = Snapshot::read(&snapshot_path).unwrap();
    assert!(after_kill.tag.seq() <= partial);

    // The rerun starts from the older snapshot and replays only what came after it.
    let rerun = run_ok(
        mekong_logging(&killed_dir, "info").args(["import", "transactions", "--json", "--batch-size", "1000"]).arg(&second),
    );
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
    let created = run_ok(mekong(data_dir).args([
        "user",
        "token",
        "create",
        "--as",
        "admin",
        "--name",
        "feed",
        "--scope",
        "transactions:submit",
        "--json",
    ]));
    let value: serde_json::Value = serde_json::from_slice(&created.stdout).unwrap();
    value["token"].as_str().unwrap().to_owned()
}

/// Starts `serve` on a free port and returns the process and its address.
fn start(data_dir: &Path) -> (Child, String) {
    let mut child = mekong(data_dir)
        .args(["--lang", "en", "serve", "--bind", "127.0.0.1:0"])
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
    (child, addr)
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
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let request = format!(
        "POST /api/v1/transactions HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    response.split_whitespace().nth(1).unwrap().parse().unwrap()
}

#[test]
fn serve_stop_writes_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    let token = feed_token(dir.path());
    let (mut child, addr) = start(dir.path());
    assert_eq!(post_transactions(&addr, &token, 25), 200);

    assert!(Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap().success());
    let status = child.wait().unwrap();
    assert!(status.success(), "the node exited with {status}");

    let snapshot = Snapshot::read(&dir.path().join("monitor.snapshot")).unwrap();
    assert_eq!(snapshot.tag.node, "cn-test");
    assert_eq!(snapshot.tag.seq(), 25);
    let covered = snapshot.tag.covered.unwrap();
    assert_eq!(covered.id, "feed-24");
}
