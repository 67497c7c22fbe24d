//! The monitor as a whole: shadow mode, determinism on replay, cooldown, risk, rule
//! replacement and the explanation messages.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use mekong_core::i18n::{Locale, Messages};
use mekong_core::ids::derive_id;
use mekong_core::{AlertStatus, Channel, Decision, Transaction};
use mekong_monitor::{Monitor, RuleSet};

const FAN_IN: &str = "[rules.fan_in]\nversion = 1\nscore = 50\nwindow = \"30d\"\nmin_senders = 10\n";

fn fan_in_payments(count: usize, receiver: &str) -> Vec<Transaction> {
    (0..count)
        .map(|i| cny(&format!("{receiver}-f{i}"), cn(&format!("S{i}")), cn(receiver), "500", i as i64 * HOUR))
        .collect()
}

/// Builds a stream that matches most rules: fan-in, a cycle, pass-through, structuring,
/// a large amount and cross-border payments, with one late payment.
fn mixed_stream() -> Vec<Transaction> {
    let mut stream = fan_in_payments(14, "M");
    stream.extend([
        cny("c1", cn("A"), cn("B"), "20000", DAY),
        cny("c2", cn("B"), la("C"), "19500", DAY + HOUR),
        cny("c3", la("C"), cn("A"), "19000", DAY + 2 * HOUR),
        cny("p1", cn("V"), cn("MULE"), "9000", 2 * DAY),
        cny("p2", cn("MULE"), la("X"), "8800", 2 * DAY + 10 * MINUTE),
        cny("s1", cn("K"), cn("L"), "49000", 3 * DAY),
        cny("s2", cn("K"), cn("L"), "48000", 3 * DAY + HOUR),
        cny("s3", cn("K"), cn("L"), "47000", 3 * DAY + 2 * HOUR),
        cny("x1", cn("K"), la("Y"), "60000", 3 * DAY + 3 * HOUR),
        cny("late", cn("S1"), cn("M"), "500", 2 * HOUR),
    ]);
    stream
}

#[test]
fn shadow_alert_marked_allowed() {
    let mut monitor = monitor_with(single_rule(&FAN_IN.replace("version = 1", "version = 1\nshadow = true")));
    let verdicts = score_all(&mut monitor, &fan_in_payments(10, "M"));

    let last = &verdicts[9];
    assert_eq!(last.alerts.len(), 1);
    assert!(last.alerts[0].shadow);
    assert_eq!(last.decision, Decision::Allow);
    assert_eq!(last.score, 0);
    assert!(last.risk_updates.is_empty());
    assert_eq!(monitor.account_risk(&cn_key("M")), 0);
}

#[test]
fn shadow_copy_beside_live_rule() {
    let strict = "[rules.fan_in_strict]\nkind = \"fan_in\"\nshadow = true\nversion = 2\nscore = 70\nwindow = \"30d\"\nmin_senders = 5\n";
    let mut monitor = monitor_with(single_rule(&format!("{FAN_IN}\n{strict}")));
    let verdicts = score_all(&mut monitor, &fan_in_payments(10, "M"));

    let shadow = alerts_of(&verdicts, "fan_in_strict");
    assert_eq!(shadow.len(), 1);
    assert_eq!(shadow[0].rule_version, 2);
    assert!(shadow[0].shadow);
    assert_eq!(verdicts[4].decision, Decision::Allow);

    let live = alerts_of(&verdicts, "fan_in");
    assert_eq!(live.len(), 1);
    assert!(!live[0].shadow);
    assert_eq!(verdicts[9].decision, Decision::Review);
}

#[test]
fn replay_gives_same_alerts() {
    let stream = mixed_stream();
    let mut first = Monitor::new(RuleSet::defaults(), node());
    let mut second = Monitor::new(RuleSet::defaults(), node());
    let first_verdicts = score_all(&mut first, &stream);
    let second_verdicts = score_all(&mut second, &stream);

    assert_eq!(first_verdicts, second_verdicts);
    let rules: std::collections::BTreeSet<&str> =
        first_verdicts.iter().flat_map(|verdict| &verdict.alerts).map(|alert| alert.rule.as_str()).collect();
    for rule in ["fan_in", "cycle", "pass_through", "structuring", "large_amount", "cross_border"] {
        assert!(rules.contains(rule), "{rule} raised no alert in the mixed stream: {rules:?}");
    }
}

#[test]
fn restart_replay_rebuilds_state() {
    let stream = mixed_stream();
    let mut original = Monitor::new(RuleSet::defaults(), node());
    score_all(&mut original, &stream);

    // A restarted node replays what it stored and discards the output.
    let mut restarted = Monitor::new(RuleSet::defaults(), node());
    score_all(&mut restarted, &stream);

    let next = cny("next", cn("S20"), cn("M"), "500", 4 * DAY);
    assert_eq!(original.score(&next), restarted.score(&next));
    assert_eq!(original.account_risk(&cn_key("M")), restarted.account_risk(&cn_key("M")));
}

#[test]
fn alert_id_derived_from_parts() {
    let mut monitor = monitor_with(single_rule(FAN_IN));
    let verdicts = score_all(&mut monitor, &fan_in_payments(10, "M"));
    let alert = &verdicts[9].alerts[0];

    let key = cn_key("M");
    let expected = derive_id("al-", &[b"cn-test-node", b"fan_in", key.as_str().as_bytes(), b"M-f9"]);
    assert_eq!(alert.id, expected);
    assert_eq!(alert.origin, node());
    assert_eq!(alert.status, AlertStatus::Open);
    assert_eq!(alert.rule_version, 1);
    assert_eq!(alert.score, 50);
}

#[test]
fn cooldown_suppresses_repeat_alerts() {
    let mut monitor = monitor_with(single_rule(FAN_IN));
    let verdicts = score_all(&mut monitor, &fan_in_payments(25, "M"));

    assert_eq!(alerts_of(&verdicts, "fan_in").len(), 1);
    // Every payment from the tenth on still matches, so each goes to review.
    for verdict in &verdicts[9..] {
        assert_eq!(verdict.decision, Decision::Review);
        assert_eq!(verdict.score, 50);
    }
    for verdict in &verdicts[..9] {
        assert_eq!(verdict.decision, Decision::Allow);
    }
}

#[test]
fn alert_again_after_cooldown() {
    let mut monitor = monitor_with(single_rule(FAN_IN));
    let mut stream = fan_in_payments(10, "M");
    // Thirty-one days later, ten new senders.
    stream.extend((0..10).map(|i| cny(&format!("g{i}"), cn(&format!("T{i}")), cn("M"), "500", 31 * DAY + i * HOUR)));
    let verdicts = score_all(&mut monitor, &stream);

    let alerts = alerts_of(&verdicts, "fan_in");
    assert_eq!(alerts.len(), 2);
    assert_ne!(alerts[0].id, alerts[1].id);
}

#[test]
fn risk_combines_alert_scores() {
    let flagged = "[rules.flagged_counterparty]\nversion = 1\nscore = 60\ncooldown = \"1h\"\n";
    let mut monitor = monitor_with(single_rule(flagged));
    monitor.flag_account(cn_key("MULE"), "known mule".to_owned());

    let first = monitor.score(&cny("r1", cn("A"), cn("MULE"), "100", 0));
    assert_eq!(first.risk_updates, vec![(cn_key("A"), 60)]);
    assert_eq!(monitor.account_risk(&cn_key("A")), 60);

    // Within the cooldown: no alert and no risk change.
    let repeat = monitor.score(&cny("r2", cn("A"), cn("MULE"), "100", MINUTE));
    assert!(repeat.alerts.is_empty());
    assert!(repeat.risk_updates.is_empty());

    // After it: 1 − 0.4 × 0.4 = 0.84.
    let later = monitor.score(&cny("r3", cn("A"), cn("MULE"), "100", 2 * HOUR));
    assert_eq!(later.risk_updates, vec![(cn_key("A"), 84)]);
    assert_eq!(monitor.account_risk(&cn_key("A")), 84);
    assert_eq!(monitor.account_risk(&cn_key("NOBODY")), 0);
}

#[test]
fn scores_combine_into_hold() {
    // Pass-through (60) and a large amount (50) on one payment: 1 − 0.4 × 0.5 = 0.8.
    let mut monitor = Monitor::new(RuleSet::defaults(), node());
    monitor.score(&cny("h1", cn("V"), cn("MULE"), "60000", 0));
    let verdict = monitor.score(&cny("h2", cn("MULE"), cn("X"), "55000", 10 * MINUTE));

    let rules: Vec<&str> = verdict.alerts.iter().map(|alert| alert.rule.as_str()).collect();
    assert!(rules.contains(&"pass_through"), "{rules:?}");
    assert!(rules.contains(&"large_amount"), "{rules:?}");
    assert!(verdict.score >= 80, "score {}", verdict.score);
    assert_eq!(verdict.decision, Decision::Hold);
}

#[test]
fn replace_rules_keeps_history() {
    let mut monitor = monitor_with(single_rule(FAN_IN));
    let stream = fan_in_payments(10, "M");
    score_all(&mut monitor, &stream[..9]);

    monitor.replace_rules(single_rule(&FAN_IN.replace("version = 1", "version = 2")));
    let verdict = monitor.score(&stream[9]);

    assert_eq!(verdict.alerts.len(), 1);
    assert_eq!(verdict.alerts[0].rule_version, 2);
    assert_eq!(monitor.rules().rule("fan_in").unwrap().version(), 2);
}

#[test]
fn disabled_rule_never_matches() {
    let mut monitor = monitor_with(single_rule(&FAN_IN.replace("version = 1", "version = 1\nenabled = false")));
    let verdicts = score_all(&mut monitor, &fan_in_payments(12, "M"));
    assert!(verdicts.iter().all(|verdict| verdict.alerts.is_empty() && verdict.decision == Decision::Allow));
}

#[test]
fn late_transaction_counts() {
    let mut monitor = monitor_with(single_rule(FAN_IN));
    let mut stream = fan_in_payments(9, "M");
    // The tenth sender's payment arrives late, stamped before the others.
    stream.push(cny("late", cn("LATE"), cn("M"), "500", -HOUR));
    let verdicts = score_all(&mut monitor, &stream);

    let alert = &verdicts[9].alerts[0];
    assert_eq!(alert.raised_at, at(-HOUR));
    assert_eq!(alert.transactions.first().map(String::as_str), Some("late"));
}

#[test]
fn self_transfer_scored_once() {
    let mut monitor = Monitor::new(RuleSet::defaults(), node());
    // A cash deposit names the account on both sides.
    let deposit = Transaction { channel: Channel::CashIn, ..cny("self", cn("A"), cn("A"), "60000", 0) };
    let verdict = monitor.score(&deposit);
    let large = verdict.alerts.iter().filter(|alert| alert.rule == "large_amount").count();
    let burst = verdict.alerts.iter().filter(|alert| alert.rule == "dormant_burst").count();
    assert_eq!(large, 1);
    assert_eq!(burst, 1);
}

#[test]
fn explanations_render_every_locale() {
    let mut monitor = Monitor::new(RuleSet::defaults(), node());
    monitor.flag_account(cn_key("FLAGGED"), "freeze order".to_owned());
    let mut stream = mixed_stream();
    stream.extend([
        cny("fl1", cn("Z"), cn("FLAGGED"), "100", 5 * DAY),
        cny("fl2", cn("FLAGGED"), cn("Z2"), "100", 5 * DAY),
        cny("do1", cn("DORMANT"), cn("Z"), "10", 5 * DAY),
    ]);
    stream.extend((0..10).map(|i| cny(&format!("fo{i}"), cn("FAN_OUT"), cn(&format!("R{i}")), "10", 6 * DAY + i)));
    stream.extend((0..30).map(|i| cny(&format!("ve{i}"), cn("BUSY"), cn("Z3"), "10", 7 * DAY + i * MINUTE)));
    stream.extend([
        cny("do2", cn("Z"), cn("DORMANT"), "30000", 200 * DAY),
        cny("do3", cn("DORMANT"), cn("Z"), "30000", 200 * DAY + MINUTE),
    ]);
    let verdicts = score_all(&mut monitor, &stream);
    let messages = Messages::global();

    let mut keys = std::collections::BTreeSet::new();
    for alert in verdicts.iter().flat_map(|verdict| &verdict.alerts) {
        keys.insert(alert.explanation.key.clone());
        for locale in Locale::ALL {
            let text = messages.explain(locale, &alert.explanation);
            assert!(!text.contains('⟦'), "{} lacks {}", locale.tag(), alert.explanation.key);
            assert!(!text.contains('{'), "{} {}: unresolved argument in {text}", locale.tag(), alert.explanation.key);
        }
    }
    let expected = [
        "explain-cross-border",
        "explain-cycle",
        "explain-dormant",
        "explain-fan-in",
        "explain-fan-out",
        "explain-flagged-creditor",
        "explain-flagged-debtor",
        "explain-large-amount",
        "explain-new-account",
        "explain-pass-through",
        "explain-structuring",
        "explain-velocity",
    ];
    for key in expected {
        assert!(keys.contains(key), "no alert used {key}: {keys:?}");
    }
}

#[test]
fn rule_names_in_every_locale() {
    let messages = Messages::global();
    for rule in RuleSet::defaults().rules() {
        for locale in Locale::ALL {
            let kind = rule.kind().as_str();
            assert!(messages.has(locale, &format!("rule-{kind}")), "{} lacks rule-{kind}", locale.tag());
            assert!(messages.has(locale, &format!("rule-{kind}-description")), "{} lacks rule-{kind}-description", locale.tag());
        }
    }
}

#[test]
fn english_explanation_reads_well() {
    let mut monitor = monitor_with(single_rule(FAN_IN));
    let verdicts = score_all(&mut monitor, &fan_in_payments(10, "M"));
    let text = Messages::global().explain(Locale::En, &verdicts[9].alerts[0].explanation);
    assert_eq!(text, "10 different accounts paid this account within 30 days, together 5000 CNY.");
}

#[test]
fn monitor_is_send_and_private() {
    fn assert_send<T: Send>() {}
    assert_send::<Monitor>();

    let mut monitor = Monitor::new(RuleSet::defaults(), node());
    monitor.score(&cny("t1", cn("6222020000001234"), cn("B"), "10", 0));
    let debug = format!("{monitor:?}");
    assert!(!debug.contains("6222020000001234"), "{debug}");
    assert!(debug.contains("accounts: 2"), "{debug}");
}
