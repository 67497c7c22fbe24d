//! `mekong freeze` on a real data directory: roles from the user store, the four-eyes
//! rule, the bank notices that transitions queue, and the audit trail of each transition.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;

use common::{LA_NODE, fail, init_node, succeed};

fn setup(data_dir: &Path) {
    let users = [("noy", "fiu_analyst"), ("khamla", "supervisor"), ("somsak", "supervisor"), ("audra", "auditor")];
    init_node(data_dir, LA_NODE, &users);
}

fn freeze_id(data_dir: &Path, case: &str) -> String {
    let list = succeed(data_dir, &["freeze", "list", "--as", "noy"]);
    let line = list.lines().find(|line| line.contains(case)).unwrap();
    line.split('\t').next().unwrap().to_owned()
}

#[test]
fn request_approve_audited() {
    let dir = tempfile::tempdir().unwrap();
    setup(dir.path());
    let request = [
        "freeze", "request", "--as", "khamla", "--account", "BCEL/0100000123", "--amount", "9000000",
        "--currency", "LAK", "--legal-basis", "la-amlcft-39", "--case", "VTE-7", "--reason", "Mule account",
    ];
    succeed(dir.path(), &request);
    let id = freeze_id(dir.path(), "VTE-7");

    let self_approval = fail(dir.path(), &["freeze", "approve", "--as", "khamla", &id, "--reason", "ok"]);
    assert!(self_approval.contains("cannot approve"), "{self_approval}");
    let analyst = fail(dir.path(), &["freeze", "approve", "--as", "noy", &id, "--reason", "ok"]);
    assert!(analyst.contains("may not run this command"), "{analyst}");
    assert!(analyst.contains("Supervisor"), "{analyst}");
    let unknown = fail(dir.path(), &["freeze", "approve", "--as", "nobody", &id, "--reason", "ok"]);
    assert!(unknown.contains("Wrong user name or password"), "{unknown}");

    let approved = succeed(dir.path(), &["freeze", "approve", "--as", "somsak", &id, "--reason", "ok"]);
    assert!(approved.contains("from requested to active"), "{approved}");
    assert!(!succeed(dir.path(), &["flag", "list", "--as", "noy"]).contains("frozen:"), "a freeze holds debits only, not both directions");

    let show = succeed(dir.path(), &["freeze", "show", "--as", "noy", &id]);
    assert!(show.contains("Approved by: somsak"), "{show}");
    assert!(show.contains("Notice 1 (active) pending after 0 failed attempts."), "{show}");
    assert!(show.contains("freeze.approve\tsomsak\tsupervisor\trequested\tactive"), "{show}");

    let out = dir.path().join("approvals.jsonl");
    let out_arg = out.to_str().unwrap();
    succeed(dir.path(), &["audit", "export", "--as", "audra", "--format", "jsonl", "--action", "freeze.approve", "--out", out_arg]);
    let export = std::fs::read_to_string(&out).unwrap();
    assert!(export.contains(&id), "{export}");
    assert!(export.contains("somsak"), "{export}");
}

#[test]
fn emergency_stop_queues_notices() {
    let dir = tempfile::tempdir().unwrap();
    setup(dir.path());
    let stop = [
        "freeze", "request", "--emergency", "--as", "noy", "--account", "ICBC/6222020000001111", "--amount",
        "50000.00", "--currency", "CNY", "--legal-basis", "cn-atof-20", "--case", "YN-1", "--reason", "Victim funds",
    ];
    succeed(dir.path(), &stop);
    let id = freeze_id(dir.path(), "YN-1");
    let stopped = succeed(dir.path(), &["freeze", "show", "--as", "noy", &id]);
    assert!(stopped.contains("Notice 1 (emergency_stop) pending"), "{stopped}");

    succeed(dir.path(), &["freeze", "request-after-stop", "--as", "noy", &id, "--reason", "formal request"]);
    let requested = succeed(dir.path(), &["freeze", "show", "--as", "noy", &id]);
    assert!(!requested.contains("Notice 2"), "a request after a stop changes nothing for banks: {requested}");

    succeed(dir.path(), &["freeze", "release", "--as", "khamla", &id, "--reason", "cleared"]);
    let released = succeed(dir.path(), &["freeze", "show", "--as", "noy", &id]);
    assert!(released.contains("Notice 2 (released) pending"), "{released}");
    assert!(!succeed(dir.path(), &["flag", "list", "--as", "noy"]).contains("ICBC/6222020000001111"));
}
