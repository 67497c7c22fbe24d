//! `mekong import goaml --json`: standard output contains exactly one JSON summary and
//! standard error contains no text lines, also when a file is rejected. Also the
//! monitor counts of an import and `mekong reports merge-suggestions`.

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

#[test]
fn json_counts_unmonitored_transactions() {
    let dir = tempfile::tempdir().unwrap();
    init_node(dir.path(), CN_NODE, &[("fiona", "fiu_analyst")]);
    // str_accounts.xml names an account on both sides; in ctr.xml a person pays in cash.
    let files = [reports_fixture("str_accounts.xml"), reports_fixture("ctr.xml")];

    let first = import(dir.path(), &["--json"], &files);
    let again = import(dir.path(), &["--json"], &files);

    let first: serde_json::Value = serde_json::from_str(&stdout(&first)).unwrap();
    assert_eq!(first["monitored_transactions"], 1, "{first}");
    assert_eq!(first["already_monitored_transactions"], 0, "{first}");
    assert_eq!(first["transactions_without_accounts"], 1, "{first}");
    let again: serde_json::Value = serde_json::from_str(&stdout(&again)).unwrap();
    assert_eq!(again["monitored_transactions"], 0, "{again}");
    assert_eq!(again["already_monitored_transactions"], 1, "{again}");
    assert_eq!(again["transactions_without_accounts"], 1, "{again}");
}

#[test]
fn text_explains_unmonitored_transaction() {
    let dir = tempfile::tempdir().unwrap();
    init_node(dir.path(), CN_NODE, &[("fiona", "fiu_analyst")]);
    let files = [reports_fixture("v502.xml")];

    let output = import(dir.path(), &["--lang", "zh-CN"], &files);

    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.contains("报告中的 0 笔账户间交易已交由监测引擎评分。"), "{text}");
    assert!(text.contains("有 1 笔交易的汇款方或收款方没有银行账户"), "{text}");
}

#[test]
fn merge_suggestions_one_line_per_pair() {
    let dir = tempfile::tempdir().unwrap();
    init_node(dir.path(), CN_NODE, &[("fiona", "fiu_analyst")]);
    let files = [reports_fixture("org_account_a.xml"), reports_fixture("org_account_b.xml")];
    assert!(import(dir.path(), &["--json"], &files).status.success());

    let json = run_as(dir.path(), "fiona", &["reports", "merge-suggestions", "--json"]);
    let text = run_as(dir.path(), "fiona", &["reports", "merge-suggestions"]);

    let lines: Vec<serde_json::Value> =
        stdout(&json).lines().map(|line| serde_json::from_str(line).unwrap()).collect();
    let kinds: Vec<&str> = lines.iter().map(|line| line["kind"].as_str().unwrap_or_default()).collect();
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(kinds.contains(&"organisation"), "{kinds:?}");
    assert!(kinds.contains(&"bank-account"), "{kinds:?}");
    let organisation = lines.iter().find(|line| line["kind"] == "organisation").unwrap();
    let reasons: Vec<&str> =
        organisation["matches"].as_array().unwrap().iter().map(|found| found["reason"].as_str().unwrap_or_default()).collect();
    assert_eq!(reasons, vec!["registration-number", "organisation-name"]);
    let text = stdout(&text);
    assert_eq!(text.lines().count(), 2, "{text}");
    assert!(text.contains("Organisation: "), "{text}");
    assert!(text.contains("same registration number and country ("), "{text}");
    assert!(text.contains("; same name and the same country or registration number ("), "{text}");
}
