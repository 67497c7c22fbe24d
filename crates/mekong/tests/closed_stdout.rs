//! A `mekong` command whose standard output is a pipe with no reader, as in
//! `mekong evidence search … | head`, ends with exit code 141 and prints no panic.
//! The read end is closed before the command starts, so every write fails with EPIPE.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::process::{Command, Output, Stdio};

use common::{CN_NODE, init_node, mekong, stderr};

/// 128 + SIGPIPE, what a shell reports for a process that SIGPIPE ended.
const CLOSED_STDOUT_EXIT: i32 = 141;

/// Runs a prepared command with its standard output on a pipe whose read end is closed.
fn run_with_closed_stdout(command: &mut Command) -> Output {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    command.stdout(writer).stderr(Stdio::piped()).output().unwrap()
}

/// Asserts that a command ended quietly because its standard output was closed.
fn assert_quiet_exit(output: &Output) {
    let errors = stderr(output);
    assert_eq!(output.status.code(), Some(CLOSED_STDOUT_EXIT), "stderr: {errors}");
    assert!(!errors.contains("panicked"), "{errors}");
    assert!(!errors.contains("Broken pipe"), "{errors}");
}

#[test]
fn rules_defaults_closed_stdout() {
    let dir = tempfile::tempdir().unwrap();

    let output = run_with_closed_stdout(mekong(dir.path()).args(["rules", "defaults"]));

    assert_quiet_exit(&output);
}

#[test]
fn evidence_search_closed_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    init_node(&data, CN_NODE, &[("ivan", "investigator")]);
    let chat = dir.path().join("chat.txt");
    std::fs::write(&chat, "02/01/2024, 14:05 - Li Ming: 我已经转账给你了\n").unwrap();
    let add = ["--as", "ivan", "evidence", "add", "--case", "C-1", "--kind", "chat_history", chat.to_str().unwrap()];
    let added = mekong(&data).args(add).output().unwrap();
    assert!(added.status.success(), "{}", stderr(&added));

    let search = ["--as", "ivan", "evidence", "search", "--case", "C-1", "转账"];
    let output = run_with_closed_stdout(mekong(&data).args(search));

    assert_quiet_exit(&output);
}
