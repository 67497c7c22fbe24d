//! `mekong evidence custody` on a real data directory: recorded steps verify and are
//! audited, `custody verify --item` counts the item's own events, and rejected steps,
//! unknown kinds and other roles change nothing.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;

use common::{LA_NODE, count, init_node, run_as, stderr, stdout};

/// Creates a node with the investigator `ivan` and the auditor `audra`, adds one item
/// and returns its id.
fn node_with_item(dir: &Path) -> (std::path::PathBuf, String) {
    let data = dir.join("data");
    init_node(&data, LA_NODE, &[("ivan", "investigator"), ("audra", "auditor")]);

    let file = dir.join("phone.bin");
    std::fs::write(&file, "extraction").unwrap();
    let added = run_as(&data, "ivan", &["evidence", "add", "--case", "C-9", file.to_str().unwrap()]);
    assert!(added.status.success(), "{}", stderr(&added));
    let id = stdout(&added).split_whitespace().find(|word| word.starts_with("EV-")).unwrap().trim_end_matches(':').to_owned();
    (data, id)
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
        let output = run_as(&data, "ivan", &args);
        assert!(output.status.success(), "{step:?}: {}", stderr(&output));
        assert!(stdout(&output).contains("Recorded custody event"), "{}", stdout(&output));
    }
    let verify = run_as(&data, "ivan", &["custody", "verify", "--item", &id, "--json"]);

    assert_eq!(verify.status.code(), Some(0), "{}", stdout(&verify));
    let report: serde_json::Value = serde_json::from_slice(&verify.stdout).unwrap();
    assert_eq!(report["events"], 4);
    assert_eq!(count(&data, "SELECT count(*) FROM audit_records WHERE action = 'evidence.custody'"), 3);
    assert_eq!(count(&data, "SELECT count(*) FROM custody_events WHERE kind = 'sealed' AND details LIKE '%+07:00%'"), 1);
}

#[test]
fn item_verify_counts_own_events() {
    let dir = tempfile::tempdir().unwrap();
    let (data, id) = node_with_item(dir.path());
    let file = dir.path().join("second.bin");
    std::fs::write(&file, "second extraction").unwrap();
    let added = run_as(&data, "ivan", &["evidence", "add", "--case", "C-9", file.to_str().unwrap()]);
    assert!(added.status.success(), "{}", stderr(&added));
    let sealed = run_as(&data, "ivan", &["evidence", "custody", &id, "--event", "sealed", "--seal", "SEAL-1"]);
    assert!(sealed.status.success(), "{}", stderr(&sealed));

    let item = run_as(&data, "ivan", &["custody", "verify", "--item", &id]);
    let item_json = run_as(&data, "ivan", &["custody", "verify", "--item", &id, "--json"]);
    let all = run_as(&data, "ivan", &["custody", "verify"]);

    assert_eq!(item.status.code(), Some(0), "{}", stdout(&item));
    let text = stdout(&item);
    assert!(text.contains(&format!("Chain of custody of item {id} intact: its 2 custody events are in the signed custody log")), "{text}");
    assert!(text.contains("The whole custody log was checked too: 3 events and "), "{text}");
    assert!(!text.contains("1 items"), "{text}");
    let report: serde_json::Value = serde_json::from_slice(&item_json.stdout).unwrap();
    assert_eq!(report["item_events"], 2);
    assert_eq!(report["events"], 3);
    assert!(stdout(&all).contains("Chain of custody intact: 3 events, "), "{}", stdout(&all));
    assert!(stdout(&all).contains(" 2 items and 2 stored objects verified."), "{}", stdout(&all));
}

#[test]
fn one_item_singular() {
    let dir = tempfile::tempdir().unwrap();
    let (data, id) = node_with_item(dir.path());

    let item = run_as(&data, "ivan", &["custody", "verify", "--item", &id]);
    let all = run_as(&data, "ivan", &["custody", "verify"]);

    assert!(stdout(&item).contains("its 1 custody event is in the signed custody log"), "{}", stdout(&item));
    assert!(stdout(&item).contains("1 event and "), "{}", stdout(&item));
    assert!(stdout(&all).contains("Chain of custody intact: 1 event, "), "{}", stdout(&all));
    assert!(stdout(&all).contains("1 item and 1 stored object verified."), "{}", stdout(&all));
}

#[test]
fn rejected_step_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (data, id) = node_with_item(dir.path());

    let checked_in = run_as(&data, "ivan", &["evidence", "custody", &id, "--event", "checked_in"]);
    let unknown = run_as(&data, "ivan", &["evidence", "custody", &id, "--event", "parsed"]);
    let no_seal = run_as(&data, "ivan", &["evidence", "custody", &id, "--event", "sealed"]);
    let bad_time = run_as(&data, "ivan", &["evidence", "custody", &id, "--event", "collected", "--at", "2026-03-01 10:00"]);
    let missing = run_as(&data, "ivan", &["evidence", "custody", "EV-none", "--event", "collected"]);
    let auditor = run_as(&data, "audra", &["evidence", "custody", &id, "--event", "collected"]);

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
