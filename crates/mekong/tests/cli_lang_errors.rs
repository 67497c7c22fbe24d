//! Errors a user can fix follow `--lang`: one per command, in Simplified Chinese.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;
use std::process::Command;

use common::{CN_NODE, PASSWORD, init_node, stderr};

/// Runs `mekong --lang zh-CN --as user` with `args`, asserts that it failed and
/// returns its standard error.
fn fail_in_chinese(data_dir: &Path, user: &str, args: &[&str]) -> String {
    // `common::mekong` already passes `--lang en`, which clap accepts only once.
    let output = Command::new(env!("CARGO_BIN_EXE_mekong"))
        .arg("--data-dir")
        .arg(data_dir)
        .args(["--lang", "zh-CN", "--log", "warn", "--as", user])
        .args(args)
        .env_remove("MEKONG_USER")
        .env_remove("MEKONG_CONFIG")
        .env("MEKONG_PASSWORD", PASSWORD)
        .output()
        .unwrap();
    assert!(!output.status.success(), "{args:?} succeeded");
    stderr(&output)
}

/// Returns the `registry add` arguments of a valid scam-phone listing, followed by `extra`.
fn registry_add<'a>(extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "registry", "add", "--kind", "phone", "--value", "+8613800138000", "--listing", "scam_phone",
        "--reason", "r", "--legal-basis", "b", "--appeal", "a",
    ];
    args.extend_from_slice(extra);
    args
}

#[test]
fn registry_errors_in_chinese() {
    let dir = tempfile::tempdir().unwrap();
    init_node(dir.path(), CN_NODE, &[("ana", "fiu_analyst")]);

    let reversed = fail_in_chinese(dir.path(), "ana", &registry_add(&["--starts-at", "2026-12-12", "--expires-at", "2026-12-06"]));
    let bad_date = fail_in_chinese(dir.path(), "ana", &registry_add(&["--starts-at", "2026-13-01"]));

    assert!(reversed.contains("error: 到期时间必须晚于开始时间。"), "{reversed}");
    assert!(bad_date.contains("--starts-at 的值“2026-13-01”无效"), "{bad_date}");
    assert!(!bad_date.contains("invalid --starts-at"), "{bad_date}");
}

#[test]
fn custody_item_missing_in_chinese() {
    let dir = tempfile::tempdir().unwrap();
    init_node(dir.path(), CN_NODE, &[("ivan", "investigator")]);

    let missing = fail_in_chinese(dir.path(), "ivan", &["custody", "verify", "--item", "EV-nope"]);

    assert!(missing.contains("error: 未找到证据 EV-nope"), "{missing}");
}

#[test]
fn export_errors_in_chinese() {
    let dir = tempfile::tempdir().unwrap();
    init_node(dir.path(), CN_NODE, &[("ivan", "investigator")]);
    let used = dir.path().join("used");
    std::fs::create_dir(&used).unwrap();
    std::fs::write(used.join("other.txt"), "kept").unwrap();
    let fresh = dir.path().join("fresh");

    let empty = fail_in_chinese(dir.path(), "ivan", &["evidence", "export", "--case", "NOPE", "--out", fresh.to_str().unwrap()]);
    let exhibit = dir.path().join("exhibit.txt");
    std::fs::write(&exhibit, "ledger").unwrap();
    common::succeed_as(dir.path(), "ivan", &["evidence", "add", "--case", "C-7", exhibit.to_str().unwrap()]);
    let not_empty = fail_in_chinese(dir.path(), "ivan", &["evidence", "export", "--case", "C-7", "--out", used.to_str().unwrap()]);

    assert!(empty.contains("案件 NOPE 没有任何证据"), "{empty}");
    assert!(not_empty.contains("不为空"), "{not_empty}");
}
