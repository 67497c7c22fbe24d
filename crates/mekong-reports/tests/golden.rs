//! Golden tests of goAML validation. A fixture `NAME.xml` with a `NAME.expected` file
//! must be rejected with exactly the errors listed there, one per line. The other
//! fixtures must be accepted. `UPDATE_GOLDEN=1` rewrites the expected files from the
//! current output, for review before they are kept.

use std::path::{Path, PathBuf};

use mekong_reports::validate;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn errors_of(name: &str) -> String {
    let xml = std::fs::read(fixture(name)).unwrap_or_default();
    match validate(&xml) {
        Ok(_) => String::new(),
        Err(errors) => errors.iter().map(|error| format!("{error}\n")).collect(),
    }
}

fn check_rejected(name: &str) {
    let actual = errors_of(&format!("{name}.xml"));
    let expected_path = fixture(&format!("{name}.expected"));
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&expected_path, &actual).unwrap_or_default();
    }
    let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
    assert!(!actual.is_empty(), "{name} was accepted");
    assert_eq!(actual, expected, "{name}");
}

fn check_accepted(name: &str) {
    assert_eq!(errors_of(&format!("{name}.xml")), "", "{name}");
}

#[test]
fn str_my_client_accepted() {
    check_accepted("str_my_client");
}

#[test]
fn ctr_walk_in_accepted() {
    check_accepted("ctr");
}

#[test]
fn sar_activity_accepted() {
    check_accepted("sar_activity");
}

#[test]
fn version_402_style_accepted() {
    check_accepted("v402");
}

#[test]
fn version_502_style_accepted() {
    check_accepted("v502");
}

#[test]
fn wrong_order_rejected() {
    check_rejected("bad_order");
}

#[test]
fn missing_required_rejected() {
    check_rejected("bad_missing");
}

#[test]
fn impossible_dates_rejected() {
    check_rejected("bad_date");
}

#[test]
fn negative_amount_rejected() {
    check_rejected("bad_negative");
}

#[test]
fn unknown_currency_rejected() {
    check_rejected("bad_currency");
}

#[test]
fn str_account_to_account_accepted() {
    check_accepted("str_accounts");
}

#[test]
fn wallet_and_social_accepted() {
    check_accepted("str_wallet");
}

#[test]
fn ip_pattern_mismatch_rejected() {
    check_rejected("bad_pattern");
}

/// Inputs that once crashed the validator under `cargo fuzz`, kept as regression tests.
/// The validator must return a result for each, accepted or rejected, without a panic.
#[test]
fn fuzz_crash_inputs_no_panic() {
    let dir = fixture("fuzz");
    let mut count = 0;
    for entry in
        std::fs::read_dir(&dir).unwrap_or_else(|error| panic!("{}: {error}", dir.display()))
    {
        let path = entry.map(|entry| entry.path()).unwrap_or_default();
        let xml = std::fs::read(&path).unwrap_or_default();
        std::hint::black_box(validate(&xml).is_ok());
        count += 1;
    }
    assert!(count > 0, "no inputs in {}", dir.display());
}
