//! `mekong generate` prints a summary: rows written, distinct accounts, the file and
//! the time taken, as localised text or as JSON.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use common::{fail, run_ok, stderr, stdout, succeed};

/// Counts the distinct `BANK/NUMBER` accounts of a canonical CSV stream.
fn distinct_accounts(csv: &str) -> usize {
    let mut accounts = BTreeSet::new();
    for line in csv.lines().skip(1) {
        let fields: Vec<&str> = line.split(',').collect();
        accounts.insert(format!("{}/{}", fields[2], fields[3]));
        accounts.insert(format!("{}/{}", fields[5], fields[6]));
    }
    accounts.len()
}

/// Returns the arguments that write a small stream to `out`.
fn small_stream(out: &str) -> Vec<&str> {
    vec!["generate", "--transactions", "500", "--accounts", "100", "--out", out]
}

#[test]
fn text_summary_on_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("stream.csv");

    let text = succeed(dir.path(), &small_stream(path.to_str().unwrap()));

    let csv = std::fs::read_to_string(&path).unwrap();
    assert_eq!(csv.lines().count(), 501);
    let expected = format!("{}: wrote 500 transactions between {} accounts in ", path.display(), distinct_accounts(&csv));
    assert!(text.starts_with(&expected), "{text}");
    assert!(text.trim_end().ends_with(" s"), "{text}");
}

#[test]
fn json_summary_fields() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("stream.csv");
    let mut args = small_stream(path.to_str().unwrap());
    args.push("--json");

    let text = succeed(dir.path(), &args);

    let summary: serde_json::Value = serde_json::from_str(&text).unwrap();
    let csv = std::fs::read_to_string(&path).unwrap();
    assert_eq!(summary["rows"], 500);
    assert_eq!(summary["accounts"], distinct_accounts(&csv));
    assert_eq!(summary["file"], path.to_str().unwrap());
    assert!(summary["elapsed_seconds"].as_f64().unwrap() >= 0.0, "{summary}");
}

#[test]
fn stdout_stream_stays_clean() {
    let dir = tempfile::tempdir().unwrap();

    let output = run_ok(common::mekong(dir.path()).args(small_stream("-")));

    let csv = stdout(&output);
    assert_eq!(csv.lines().count(), 501);
    assert!(csv.starts_with("id,timestamp,"), "{}", &csv[..40]);
    let summary = stderr(&output);
    assert!(summary.starts_with("standard output: wrote 500 transactions"), "{summary}");
}

#[test]
fn json_to_stdout_rejected() {
    let dir = tempfile::tempdir().unwrap();
    let mut args = small_stream("-");
    args.push("--json");

    let error = fail(dir.path(), &args);

    assert!(error.contains("give an output file, such as --out stream.csv"), "{error}");
}

#[test]
fn summary_in_chinese_and_lao() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("stream.csv");
    for (lang, words) in [("zh-CN", "笔交易"), ("lo", "ທຸລະກຳ")] {
        let output = Command::new(env!("CARGO_BIN_EXE_mekong"))
            .arg("--data-dir")
            .arg(dir.path())
            .args(["--lang", lang, "--log", "warn"])
            .env_remove("MEKONG_LANG")
            .env_remove("MEKONG_CONFIG")
            .args(small_stream(path.to_str().unwrap()))
            .output()
            .unwrap();
        assert!(output.status.success(), "{}", stderr(&output));
        let text = stdout(&output);
        assert!(text.contains("500"), "{lang}: {text}");
        assert!(text.contains(words), "{lang}: {text}");
    }
}

#[test]
fn accounts_counted_per_stream() {
    let dir = tempfile::tempdir().unwrap();
    let path: &Path = &dir.path().join("tiny.csv");
    let args = ["generate", "--transactions", "3", "--accounts", "100", "--out", path.to_str().unwrap(), "--json"];

    let summary: serde_json::Value = serde_json::from_str(&succeed(dir.path(), &args)).unwrap();

    assert_eq!(summary["rows"], 3);
    assert_eq!(summary["accounts"], distinct_accounts(&std::fs::read_to_string(path).unwrap()));
    assert!(summary["accounts"].as_u64().unwrap() <= 6);
}
