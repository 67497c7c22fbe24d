//! `mekong evidence add`, `list`, `parse` and `search`, and `mekong custody verify`, on a
//! real data directory, acting as an investigator.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;
use std::process::Output;

use common::{CN_NODE, init_node, run, run_as};

/// Initialises a node with the investigator `ivan` and the auditor `audra`.
fn init(data_dir: &Path) {
    init_node(data_dir, CN_NODE, &[("ivan", "investigator"), ("audra", "auditor")]);
}

/// Runs a command as the investigator `ivan`, whom [`init`] creates.
fn investigator(data_dir: &Path, args: &[&str]) -> Output {
    run_as(data_dir, "ivan", args)
}

#[test]
fn add_list_and_verify() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    init(&data);
    let file = dir.path().join("abc.txt");
    std::fs::write(&file, "abc").unwrap();
    let file = file.to_str().unwrap();

    let added = investigator(&data, &["evidence", "add", "--case", "C-1", "--kind", "document", "--exhibit", "7", file]);
    let again = investigator(&data, &["evidence", "add", "--case", "C-1", file]);
    let list = investigator(&data, &["evidence", "list", "--case", "C-1"]);
    let verify = investigator(&data, &["custody", "verify", "--json"]);

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
    investigator(&data, &["evidence", "add", "--case", "C-2", "--kind", "ip_log", file.to_str().unwrap()]);
    let connection = rusqlite::Connection::open(data.join("mekong.db")).unwrap();
    connection.execute_batch("DROP TRIGGER custody_events_no_update").unwrap();
    connection.execute("UPDATE custody_events SET actor = 'someone else' WHERE seq = 1", []).unwrap();

    let verify = investigator(&data, &["custody", "verify"]);

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

    let output = investigator(&data, &["evidence", "add", "--case", "C-3", "--kind", "video", "missing.bin"]);

    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("Unknown evidence kind \"video\""));
}

#[test]
fn search_marks_and_audits() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    init(&data);
    let file = dir.path().join("chat.txt");
    std::fs::write(&file, "02/01/2024, 14:05 - Li Ming: 我已经转账给你了\n02/01/2024, 14:06 - Khamla: ໂອນເງິນໃຫ້ແລ້ວ\n").unwrap();

    let added = investigator(&data, &["evidence", "add", "--case", "C-4", "--kind", "chat_history", file.to_str().unwrap()]);
    let chinese = investigator(&data, &["evidence", "search", "--case", "C-4", "转账"]);
    let lao = investigator(&data, &["evidence", "search", "--case", "C-4", "--sender", "khamla", "ເງິນ"]);
    let other_case = investigator(&data, &["evidence", "search", "--case", "C-5", "转账"]);
    let denied = run(&data, &["--as", "audra", "evidence", "search", "--case", "C-4", "转账"]);

    let added = String::from_utf8_lossy(&added.stdout);
    assert!(added.contains("Parsed with whatsapp-txt version 1: 2 records, 0 unparsed"), "{added}");
    let chinese = String::from_utf8_lossy(&chinese.stdout);
    assert!(chinese.contains("1 hit in case C-4"), "{chinese}");
    assert!(chinese.contains("Li Ming: 我已经«转账»给你了"), "{chinese}");
    let lao = String::from_utf8_lossy(&lao.stdout);
    assert!(lao.contains("Khamla: ໂອນ«ເງິນ»ໃຫ້ແລ້ວ"), "{lao}");
    assert!(String::from_utf8_lossy(&other_case.stdout).contains("No hits"));
    assert_eq!(denied.status.code(), Some(1));

    let connection = rusqlite::Connection::open(data.join("mekong.db")).unwrap();
    let audited: i64 = connection
        .query_row("SELECT count(*) FROM audit_records WHERE action = 'evidence.search'", [], |row| row.get(0))
        .unwrap();
    assert_eq!(audited, 3);
}

#[test]
fn parse_again_adds_no_event() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    init(&data);
    let file = dir.path().join("log.csv");
    std::fs::write(&file, "ip,timestamp,port\n10.0.0.1,2026-01-01T00:00:00Z,443\nbad,row,1\n").unwrap();

    let added = investigator(&data, &["evidence", "add", "--case", "C-6", "--kind", "ip_log", file.to_str().unwrap()]);
    let added = String::from_utf8_lossy(&added.stdout);
    let id = added.split_whitespace().nth(3).unwrap().trim_end_matches(':').to_owned();
    let again = investigator(&data, &["evidence", "parse", &id]);
    let verify = investigator(&data, &["custody", "verify", "--json"]);

    assert!(added.contains("line 3 kept as raw text"), "{added}");
    let again = String::from_utf8_lossy(&again.stdout);
    assert!(again.contains("no new custody event"), "{again}");
    let report: serde_json::Value = serde_json::from_slice(&verify.stdout).unwrap();
    assert_eq!(report["events"], 2);
}
