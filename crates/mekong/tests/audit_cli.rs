//! `mekong audit verify` and `mekong audit export` on a real data directory, acting
//! as a user with the auditor role.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{LA_NODE, init_node, run};


#[test]
fn verify_clean_trail_succeeds() {
    let dir = tempfile::tempdir().unwrap();
    init_node(dir.path(), LA_NODE, &[("audra", "auditor")]);

    let output = run(dir.path(), &["audit", "verify", "--as", "audra", "--checkpoint", "--json"]);

    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    // node.init, user.create, then permission.allowed and user.create of the auditor,
    // then permission.allowed of this verify.
    assert_eq!(report["records"], 5);
    assert_eq!(report["checkpoints"], 1);
    assert!(report["problem"].is_null());
}

#[test]
fn verify_names_edited_record() {
    let dir = tempfile::tempdir().unwrap();
    init_node(dir.path(), LA_NODE, &[("audra", "auditor")]);
    let again = run(dir.path(), &["init", "--node-id", "la-test", "--country", "LA", "--agency", "AMLIO"]);
    assert!(again.status.success(), "{}", String::from_utf8_lossy(&again.stderr));
    let connection = rusqlite::Connection::open(dir.path().join("mekong.db")).unwrap();
    connection.execute_batch("DROP TRIGGER audit_records_no_update").unwrap();
    connection.execute("UPDATE audit_records SET actor_agency = 'OTHER' WHERE seq = 1", []).unwrap();

    let text = run(dir.path(), &["audit", "verify", "--as", "audra"]);
    let json = run(dir.path(), &["audit", "verify", "--as", "audra", "--json"]);

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
    init_node(dir.path(), LA_NODE, &[("audra", "auditor")]);
    let out = dir.path().join("trail.jsonl");

    let output = run(dir.path(), &["audit", "export", "--as", "audra", "--format", "jsonl", "--out", out.to_str().unwrap()]);

    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let text = std::fs::read_to_string(&out).unwrap();
    let actions: Vec<String> = text
        .lines()
        .map(|line| serde_json::from_str::<serde_json::Value>(line).unwrap()["action"].as_str().unwrap().to_owned())
        .collect();
    let expected = ["node.init", "user.create", "permission.allowed", "user.create", "permission.allowed", "audit.export"];
    assert_eq!(actions, expected);
    let last: serde_json::Value = serde_json::from_str(text.lines().last().unwrap()).unwrap();
    assert!(last.to_string().contains("audra"), "{last}");
}

#[test]
fn verify_denied_to_administrator() {
    let dir = tempfile::tempdir().unwrap();
    init_node(dir.path(), LA_NODE, &[("audra", "auditor")]);

    let output = run(dir.path(), &["audit", "verify", "--as", "admin"]);

    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("may not run this command"), "{stderr}");
    assert!(stderr.contains("Auditor"), "{stderr}");
}
