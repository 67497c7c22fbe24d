//! Rule files: the shipped defaults load, and invalid files are rejected with the file,
//! rule and field named.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use mekong_monitor::{Monitor, RuleError, RuleKind, RuleSet};

const DECISION: &str = "[decision]\nreview_at = 40\nhold_at = 80\n";

fn parse(rules: &str) -> Result<RuleSet, RuleError> {
    RuleSet::from_toml(&format!("{DECISION}\n{rules}"), "node-rules.toml")
}

fn error_of(rules: &str) -> RuleError {
    parse(rules).expect_err("the rule file should be rejected")
}

#[test]
fn defaults_load_every_kind() {
    let rules = RuleSet::defaults();
    assert_eq!(rules.source(), "default-rules.toml");
    assert_eq!(rules.review_at(), 40);
    assert_eq!(rules.hold_at(), 80);

    let mut expected: Vec<&str> = RuleKind::ALL.iter().map(|kind| kind.as_str()).collect();
    expected.sort_unstable();
    assert_eq!(rules.rule_ids(), expected);
    assert!(rules.rules().iter().all(|rule| rule.enabled() && !rule.shadow() && rule.version() >= 1));
}

#[test]
fn default_toml_is_embedded_file() {
    let on_disk = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/default-rules.toml")).unwrap();
    assert_eq!(RuleSet::default_toml(), on_disk);
}

#[test]
fn load_reads_file() {
    let directory = tempfile::tempdir().unwrap();
    let path = directory.path().join("rules.toml");
    std::fs::write(&path, RuleSet::default_toml()).unwrap();

    let rules = RuleSet::load(&path).unwrap();
    assert_eq!(rules.rule_ids(), RuleSet::defaults().rule_ids());
    assert_eq!(rules.source(), path.display().to_string());
}

#[test]
fn load_missing_file_fails() {
    let directory = tempfile::tempdir().unwrap();
    let path = directory.path().join("absent.toml");
    let error = RuleSet::load(&path).unwrap_err();
    assert!(matches!(error, RuleError::Read { .. }));
    assert!(error.to_string().contains("absent.toml"));
}

#[test]
fn unknown_rule_rejected() {
    let error = error_of("[rules.smurfing]\nversion = 1\nscore = 50\n");
    let RuleError::UnknownRule { file, rule, .. } = &error else { panic!("unexpected error {error:?}") };
    assert_eq!(file, "node-rules.toml");
    assert_eq!(rule, "smurfing");
    let message = error.to_string();
    assert!(message.contains("smurfing"), "{message}");
    assert!(message.contains("fan_in"), "{message}");
}

#[test]
fn unknown_kind_rejected() {
    let error = error_of("[rules.fan_in_v2]\nkind = \"fanin\"\nversion = 1\nscore = 50\n");
    let RuleError::UnknownRule { rule, .. } = &error else { panic!("unexpected error {error:?}") };
    assert_eq!(rule, "fanin");
}

#[test]
fn unknown_field_rejected() {
    let error = error_of("[rules.fan_in]\nversion = 1\nscore = 50\nwindow = \"30d\"\nmin_senders = 10\nmin_sender = 5\n");
    let RuleError::UnknownField { rule, field, .. } = &error else { panic!("unexpected error {error:?}") };
    assert_eq!(rule, "fan_in");
    assert_eq!(field, "min_sender");
    let message = error.to_string();
    assert!(message.contains("`fan_in`"), "{message}");
    assert!(message.contains("`min_sender`"), "{message}");
    assert!(message.contains("min_senders"), "{message}");
}

#[test]
fn unknown_decision_field_rejected() {
    let error = RuleSet::from_toml("[decision]\nreview_at = 40\nhold_at = 80\nblock_at = 90\n", "x.toml").unwrap_err();
    let RuleError::UnknownField { rule, field, .. } = &error else { panic!("unexpected error {error:?}") };
    assert_eq!(rule, "decision");
    assert_eq!(field, "block_at");
}

#[test]
fn unknown_section_rejected() {
    let error = RuleSet::from_toml(&format!("{DECISION}\n[rule.fan_in]\nversion = 1\n"), "x.toml").unwrap_err();
    let RuleError::UnknownSection { section, .. } = &error else { panic!("unexpected error {error:?}") };
    assert_eq!(section, "rule");
}

#[test]
fn zero_threshold_rejected() {
    let error = error_of("[rules.large_amount]\nversion = 1\nscore = 50\nthresholds = { CNY = \"0\" }\n");
    let RuleError::InvalidValue { rule, field, value, .. } = &error else { panic!("unexpected error {error:?}") };
    assert_eq!(rule, "large_amount");
    assert_eq!(field, "thresholds.CNY");
    assert_eq!(value, "\"0\"");
    let message = error.to_string();
    assert!(message.contains("`large_amount`"), "{message}");
    assert!(message.contains("`thresholds.CNY`"), "{message}");
}

#[test]
fn zero_count_rejected() {
    let error = error_of("[rules.fan_in]\nversion = 1\nscore = 50\nwindow = \"30d\"\nmin_senders = 0\n");
    let RuleError::InvalidValue { rule, field, .. } = &error else { panic!("unexpected error {error:?}") };
    assert_eq!(rule, "fan_in");
    assert_eq!(field, "min_senders");
}

#[test]
fn negative_window_rejected() {
    let error = error_of("[rules.fan_in]\nversion = 1\nscore = 50\nwindow = \"-3d\"\nmin_senders = 10\n");
    let RuleError::InvalidValue { rule, field, value, reason, .. } = &error else { panic!("unexpected error {error:?}") };
    assert_eq!(rule, "fan_in");
    assert_eq!(field, "window");
    assert_eq!(value, "\"-3d\"");
    assert!(reason.contains("positive"), "{reason}");
}

#[test]
fn garbage_window_rejected() {
    for window in ["\"soon\"", "\"0h\"", "\"1.5h\"", "30", "\"400d\""] {
        let error = error_of(&format!("[rules.velocity]\nversion = 1\nscore = 40\nwindow = {window}\nmin_count = 30\n"));
        let RuleError::InvalidValue { rule, field, .. } = &error else { panic!("unexpected error {error:?}") };
        assert_eq!(rule, "velocity", "{window}");
        assert_eq!(field, "window", "{window}");
    }
}

#[test]
fn float_amount_rejected() {
    let error = error_of("[rules.large_amount]\nversion = 1\nscore = 50\nthresholds = { CNY = 50000.5 }\n");
    let RuleError::InvalidValue { field, reason, .. } = &error else { panic!("unexpected error {error:?}") };
    assert_eq!(field, "thresholds.CNY");
    assert!(reason.contains("quoted"), "{reason}");
}

#[test]
fn unknown_currency_rejected() {
    let error = error_of("[rules.large_amount]\nversion = 1\nscore = 50\nthresholds = { RMB = \"50000\" }\n");
    let RuleError::InvalidValue { field, .. } = &error else { panic!("unexpected error {error:?}") };
    assert_eq!(field, "thresholds.RMB");
}

#[test]
fn missing_field_rejected() {
    let error = error_of("[rules.cycle]\nversion = 1\nscore = 70\nwindow = \"30d\"\nmin_hops = 3\nmax_hops = 6\n");
    let RuleError::MissingField { rule, field, .. } = &error else { panic!("unexpected error {error:?}") };
    assert_eq!(rule, "cycle");
    assert_eq!(field, "max_visited");
}

#[test]
fn missing_version_rejected() {
    let error = error_of("[rules.flagged_counterparty]\nscore = 90\n");
    let RuleError::MissingField { field, .. } = &error else { panic!("unexpected error {error:?}") };
    assert_eq!(field, "version");
}

#[test]
fn score_out_of_range_rejected() {
    for score in ["0", "101", "\"50\""] {
        let error = error_of(&format!("[rules.flagged_counterparty]\nversion = 1\nscore = {score}\n"));
        let RuleError::InvalidValue { field, .. } = &error else { panic!("unexpected error {error:?}") };
        assert_eq!(field, "score", "{score}");
    }
}

#[test]
fn hold_below_review_rejected() {
    let error = RuleSet::from_toml("[decision]\nreview_at = 60\nhold_at = 50\n", "x.toml").unwrap_err();
    let RuleError::InvalidValue { rule, field, .. } = &error else { panic!("unexpected error {error:?}") };
    assert_eq!(rule, "decision");
    assert_eq!(field, "hold_at");
}

#[test]
fn missing_decision_rejected() {
    let error = RuleSet::from_toml("[rules.flagged_counterparty]\nversion = 1\nscore = 90\n", "x.toml").unwrap_err();
    let RuleError::MissingField { rule, .. } = &error else { panic!("unexpected error {error:?}") };
    assert_eq!(rule, "decision");
}

#[test]
fn cycle_hops_inverted_rejected() {
    let error = error_of("[rules.cycle]\nversion = 1\nscore = 70\nwindow = \"30d\"\nmin_hops = 5\nmax_hops = 4\nmax_visited = 100\n");
    let RuleError::InvalidValue { field, .. } = &error else { panic!("unexpected error {error:?}") };
    assert_eq!(field, "min_hops");
}

#[test]
fn syntax_error_names_file() {
    let error = RuleSet::from_toml("[decision\nreview_at = 40", "broken.toml").unwrap_err();
    assert!(matches!(error, RuleError::Syntax { .. }));
    assert!(error.to_string().contains("broken.toml"));
}

#[test]
fn copy_with_kind_accepted() {
    let rules = parse(
        "[rules.fan_in]\nversion = 1\nscore = 50\nwindow = \"30d\"\nmin_senders = 10\n\n\
         [rules.fan_in_strict]\nkind = \"fan_in\"\nshadow = true\nversion = 2\nscore = 60\nwindow = \"7d\"\nmin_senders = 5\n",
    )
    .unwrap();
    assert_eq!(rules.rule_ids(), vec!["fan_in", "fan_in_strict"]);
    let strict = rules.rule("fan_in_strict").unwrap();
    assert_eq!(strict.kind(), RuleKind::FanIn);
    assert!(strict.shadow());
    assert_eq!(strict.version(), 2);
    assert_eq!(strict.cooldown().to_string(), "7d");
}

#[test]
fn failed_load_keeps_rules() {
    let mut monitor = Monitor::new(RuleSet::defaults(), node());
    let before = monitor.rules().rule_ids().join(",");

    // A caller replaces rules only with a RuleSet, which an invalid file never yields.
    if let Ok(rules) = parse("[rules.fan_in]\nversion = 1\nscore = 50\nwindow = \"0d\"\nmin_senders = 10\n") {
        monitor.replace_rules(rules);
    }
    assert_eq!(monitor.rules().rule_ids().join(","), before);
}
