//! `mekong import goaml --json`: standard output contains exactly one JSON summary and
//! standard error contains no text lines, also when a file is rejected.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::{Path, PathBuf};

use common::{CN_NODE, init_node, run_as, stderr, stdout};

fn reports_fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../mekong-reports/tests/fixtures").join(name)
}

/// Imports the files as the FIU analyst `fiona`, with the extra `flags`.
fn import(data_dir: &Path, flags: &[&str], files: &[PathBuf]) -> std::process::Output {
    let mut args = vec!["import", "goaml"];
    args.extend_from_slice(flags);
    args.extend(files.iter().map(|file| file.to_str().unwrap()));
    run_as(data_dir, "fiona", &args)
}

#[test]
fn json_only_on_stdout() {
    let dir = tempfile::tempdir().unwrap();
    init_node(dir.path(), CN_NODE, &[("fiona", "fiu_analyst")]);
    let files = [reports_fixture("str_my_client.xml"), reports_fixture("bad_currency.xml")];

    let output = import(dir.path(), &["--json"], &files);

    assert_eq!(output.status.code(), Some(1), "a rejected file gives status 1");
    assert_eq!(stderr(&output), "", "standard error must hold no text lines");
    let text = stdout(&output);
    assert_eq!(text.lines().count(), 1, "{text}");
    let summary: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(summary["rejected"], 1);
    assert_eq!(summary["files"][0]["result"]["outcome"], "stored");
    assert_eq!(summary["files"][1]["result"]["outcome"], "rejected");
    let errors = summary["files"][1]["result"]["errors"].as_array().unwrap();
    assert!(errors.iter().any(|error| error["value"] == "XYZ"), "{errors:?}");
}

#[test]
fn json_reimport_already_stored() {
    let dir = tempfile::tempdir().unwrap();
    init_node(dir.path(), CN_NODE, &[("fiona", "fiu_analyst")]);
    let files = [reports_fixture("ctr.xml")];
    assert!(import(dir.path(), &["--json"], &files).status.success());

    let output = import(dir.path(), &["--json"], &files);

    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(stderr(&output), "");
    let summary: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(summary["files"][0]["result"]["outcome"], "already-stored");
    assert_eq!(summary["rejected"], 0);
}

#[test]
fn text_rejection_on_stderr() {
    let dir = tempfile::tempdir().unwrap();
    init_node(dir.path(), CN_NODE, &[("fiona", "fiu_analyst")]);
    let files = [reports_fixture("bad_currency.xml")];

    let output = import(dir.path(), &[], &files);

    assert_eq!(output.status.code(), Some(1));
    assert_eq!(stdout(&output), "");
    let errors = stderr(&output);
    assert!(errors.contains("bad_currency.xml: report rejected"), "{errors}");
    assert!(errors.contains("XYZ"), "{errors}");
}
