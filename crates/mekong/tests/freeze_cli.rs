//! `mekong freeze` on a real data directory: roles from the user store, the four-eyes
//! rule, the bank notices that transitions queue, and the audit trail of each transition.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::{Command, Output};

fn mekong(data_dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_mekong"))
        .arg("--data-dir")
        .arg(data_dir)
        .args(["--lang", "en", "--log", "warn"])
        .args(args)
        .env("MEKONG_PASSWORD", "Correct-Horse-Battery-9")
        .env("MEKONG_NEW_PASSWORD", "Correct-Horse-Battery-9")
        .env_remove("MEKONG_USER")
        .output()
        .unwrap()
}

fn succeed(data_dir: &Path, args: &[&str]) -> String {
    let output = mekong(data_dir, args);
    assert!(output.status.success(), "{args:?}: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap()
}

fn fail(data_dir: &Path, args: &[&str]) -> String {
    let output = mekong(data_dir, args);
    assert!(!output.status.success(), "{args:?} succeeded");
    String::from_utf8(output.stderr).unwrap()
}

fn setup(data_dir: &Path) {
    succeed(data_dir, &["init", "--node-id", "la-test", "--country", "LA", "--agency", "AMLIO"]);
    succeed(data_dir, &["user", "add", "--username", "admin", "--agency", "AMLIO", "--role", "administrator", "--json"]);
    let users = [("noy", "fiu_analyst"), ("khamla", "supervisor"), ("somsak", "supervisor"), ("audra", "auditor")];
    for (user, role) in users {
        succeed(data_dir, &["user", "add", "--as", "admin", "--username", user, "--agency", "AMLIO", "--role", role, "--json"]);
    }
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
