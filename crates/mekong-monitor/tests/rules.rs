//! One positive and one negative case per rule, run with the shipped default rules
//! unless a test needs other settings.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use mekong_core::Decision;
use mekong_monitor::RuleSet;

fn defaults() -> mekong_monitor::Monitor {
    monitor_with(RuleSet::defaults())
}

#[test]
fn large_amount_at_threshold() {
    let mut monitor = defaults();
    let verdict = monitor.score(&cny("t1", cn("A"), cn("B"), "50000", 0));

    let alerts = alerts_of(std::slice::from_ref(&verdict), "large_amount");
    assert_eq!(alerts.len(), 1);
    assert_eq!(alerts[0].account, cn_key("A"));
    assert_eq!(alerts[0].involved, vec![cn_key("A"), cn_key("B")]);
    assert_eq!(alerts[0].transactions, vec!["t1".to_owned()]);
    assert_eq!(alerts[0].explanation.key, "explain-large-amount");
    assert_eq!(alerts[0].explanation.args["amount"], "50000 CNY");
    assert_eq!(alerts[0].explanation.args["threshold"], "50000 CNY");
    assert_eq!(verdict.decision, Decision::Review);
}

#[test]
fn large_amount_below_threshold() {
    let mut monitor = defaults();
    let verdict = monitor.score(&cny("t1", cn("A"), cn("B"), "49999.99", 0));
    assert!(alerts_of(std::slice::from_ref(&verdict), "large_amount").is_empty());
}

#[test]
fn large_amount_other_currency_unchecked() {
    let mut monitor = defaults();
    let verdict = monitor.score(&tx("t1", cn("A"), cn("B"), "999999999", "KHR".parse().unwrap(), 0));
    assert!(verdict.alerts.is_empty());
    assert_eq!(verdict.decision, Decision::Allow);
}

#[test]
fn structuring_three_just_under() {
    let mut monitor = defaults();
    let transactions = [
        cny("s1", cn("A"), cn("B"), "49000", 0),
        cny("s2", cn("A"), cn("C"), "48500", DAY),
        cny("s3", cn("A"), cn("D"), "45000", 2 * DAY),
    ];
    let verdicts = score_all(&mut monitor, &transactions);

    let alerts = alerts_of(&verdicts, "structuring");
    assert_eq!(alerts.len(), 1);
    assert_eq!(alerts[0].account, cn_key("A"));
    assert_eq!(alerts[0].transactions, vec!["s1", "s2", "s3"]);
    assert_eq!(alerts[0].involved, vec![cn_key("A"), cn_key("B"), cn_key("C"), cn_key("D")]);
    assert_eq!(alerts[0].explanation.args["count"], "3");
    assert_eq!(alerts[0].explanation.args["lower"], "45000 CNY");
    assert_eq!(alerts[0].explanation.args["total"], "142500 CNY");
    assert_eq!(alerts[0].explanation.args["window"], "7");
    assert_eq!(alerts[0].explanation.args["window_unit"], "days");
    assert!(verdicts[2].alerts.iter().any(|alert| alert.rule == "structuring"));
}

#[test]
fn structuring_ignores_spread_and_small() {
    let mut monitor = defaults();
    let transactions = [
        cny("s1", cn("A"), cn("B"), "49000", 0),
        // Below the margin: CNY 45,000 is the lowest amount that counts.
        cny("s2", cn("A"), cn("C"), "44999.99", DAY),
        // Outside the 7-day window of s1.
        cny("s3", cn("A"), cn("D"), "49000", 8 * DAY),
        cny("s4", cn("A"), cn("E"), "49000", 16 * DAY),
    ];
    let verdicts = score_all(&mut monitor, &transactions);
    assert!(alerts_of(&verdicts, "structuring").is_empty());
}

#[test]
fn velocity_count_in_window() {
    let mut monitor = defaults();
    let transactions: Vec<_> =
        (0..30).map(|i| cny(&format!("v{i}"), cn("A"), cn(&format!("R{}", i % 3)), "10", i * 10 * MINUTE)).collect();
    let verdicts = score_all(&mut monitor, &transactions);

    let alerts = alerts_of(&verdicts, "velocity");
    assert_eq!(alerts.len(), 1);
    assert_eq!(alerts[0].account, cn_key("A"));
    assert_eq!(alerts[0].explanation.args["count"], "30");
    assert_eq!(alerts[0].explanation.args["turnover"], "300 CNY");
    assert_eq!(alerts[0].transactions.len(), 30);
    assert_eq!(alerts[0].involved.len(), 4);
    assert!(verdicts[29].alerts.iter().any(|alert| alert.rule == "velocity"));
}

#[test]
fn velocity_spread_over_days() {
    let mut monitor = defaults();
    // 40 payments, one every 2 hours: at most 12 fall in any 24 hours.
    let transactions: Vec<_> =
        (0..40).map(|i| cny(&format!("v{i}"), cn("A"), cn(&format!("R{i}")), "10", i * 2 * HOUR)).collect();
    let verdicts = score_all(&mut monitor, &transactions);
    assert!(alerts_of(&verdicts, "velocity").is_empty());
}

#[test]
fn velocity_turnover_in_window() {
    let mut monitor = monitor_with(single_rule(
        "[rules.velocity]\nversion = 1\nscore = 40\nwindow = \"24h\"\nmin_count = 100\nmin_turnover = { CNY = \"500000\" }",
    ));
    let first = monitor.score(&cny("v1", cn("B"), cn("A"), "300000", 0));
    let second = monitor.score(&cny("v2", cn("A"), cn("C"), "200000", HOUR));

    assert!(first.alerts.is_empty());
    assert_eq!(second.alerts.len(), 1);
    assert_eq!(second.alerts[0].account, cn_key("A"));
    assert_eq!(second.alerts[0].explanation.args["turnover"], "500000 CNY");
    assert_eq!(second.decision, Decision::Review);
}

#[test]
fn fan_in_ten_senders() {
    let mut monitor = defaults();
    let transactions: Vec<_> =
        (0..10).map(|i| cny(&format!("f{i}"), cn(&format!("S{i}")), cn("M"), "500", i * DAY)).collect();
    let verdicts = score_all(&mut monitor, &transactions);

    let alerts = alerts_of(&verdicts, "fan_in");
    assert_eq!(alerts.len(), 1);
    let alert = alerts[0];
    assert_eq!(alert.account, cn_key("M"));
    assert_eq!(alert.involved.len(), 11);
    assert_eq!(alert.involved[0], cn_key("M"));
    assert_eq!(alert.involved[1], cn_key("S0"));
    let expected: Vec<String> = (0..10).map(|i| format!("f{i}")).collect();
    assert_eq!(alert.transactions, expected);
    assert_eq!(alert.explanation.key, "explain-fan-in");
    assert_eq!(alert.explanation.args["count"], "10");
    assert_eq!(alert.explanation.args["total"], "5000 CNY");
    assert_eq!(alert.raised_at, at(9 * DAY));
    assert_eq!(verdicts[9].decision, Decision::Review);
}

#[test]
fn fan_in_repeat_senders_pass() {
    let mut monitor = defaults();
    // Twenty payments, but from three senders only.
    let transactions: Vec<_> =
        (0..20).map(|i| cny(&format!("f{i}"), cn(&format!("S{}", i % 3)), cn("M"), "500", i * DAY)).collect();
    let verdicts = score_all(&mut monitor, &transactions);
    assert!(alerts_of(&verdicts, "fan_in").is_empty());
}

#[test]
fn fan_in_outside_window_passes() {
    let mut monitor = defaults();
    // Ten senders, one every 4 days: at most eight fall within 30 days.
    let transactions: Vec<_> =
        (0..10).map(|i| cny(&format!("f{i}"), cn(&format!("S{i}")), cn("M"), "500", i * 4 * DAY)).collect();
    let verdicts = score_all(&mut monitor, &transactions);
    assert!(alerts_of(&verdicts, "fan_in").is_empty());
}

#[test]
fn fan_out_ten_receivers() {
    let mut monitor = defaults();
    let transactions: Vec<_> =
        (0..10).map(|i| cny(&format!("o{i}"), cn("M"), cn(&format!("R{i}")), "800", i * HOUR)).collect();
    let verdicts = score_all(&mut monitor, &transactions);

    let alerts = alerts_of(&verdicts, "fan_out");
    assert_eq!(alerts.len(), 1);
    assert_eq!(alerts[0].account, cn_key("M"));
    assert_eq!(alerts[0].involved.len(), 11);
    assert_eq!(alerts[0].explanation.key, "explain-fan-out");
    assert_eq!(alerts[0].explanation.args["total"], "8000 CNY");
}

#[test]
fn fan_out_nine_receivers_pass() {
    let mut monitor = defaults();
    let transactions: Vec<_> =
        (0..18).map(|i| cny(&format!("o{i}"), cn("M"), cn(&format!("R{}", i % 9)), "800", i * HOUR)).collect();
    let verdicts = score_all(&mut monitor, &transactions);
    assert!(alerts_of(&verdicts, "fan_out").is_empty());
}

#[test]
fn pass_through_mule_forwards() {
    let mut monitor = defaults();
    let transactions = [
        cny("p1", cn("V1"), cn("M"), "6000", 0),
        cny("p2", cn("V2"), cn("M"), "4000", 5 * MINUTE),
        cny("p3", cn("M"), la("X"), "9000", 20 * MINUTE),
    ];
    let verdicts = score_all(&mut monitor, &transactions);

    let alerts = alerts_of(&verdicts, "pass_through");
    assert_eq!(alerts.len(), 1);
    let alert = alerts[0];
    assert_eq!(alert.account, cn_key("M"));
    assert_eq!(alert.involved, vec![cn_key("M"), cn_key("V1"), cn_key("V2"), la("X").key()]);
    assert_eq!(alert.transactions, vec!["p1", "p2", "p3"]);
    assert_eq!(alert.explanation.args["inflow"], "10000 CNY");
    assert_eq!(alert.explanation.args["outflow"], "9000 CNY");
    assert_eq!(alert.explanation.args["percent"], "90");
    assert_eq!(alert.explanation.args["window_unit"], "hour");
    assert_eq!(verdicts[2].decision, Decision::Review);
}

#[test]
fn pass_through_slow_or_partial() {
    let mut monitor = defaults();
    let transactions = [
        cny("p1", cn("V1"), cn("M"), "10000", 0),
        // Leaves after two hours: outside the 1-hour window.
        cny("p2", cn("M"), cn("X"), "9000", 2 * HOUR),
        cny("p3", cn("V2"), cn("N"), "10000", 3 * HOUR),
        // Only half leaves again.
        cny("p4", cn("N"), cn("X"), "5000", 3 * HOUR + 10 * MINUTE),
    ];
    let verdicts = score_all(&mut monitor, &transactions);
    assert!(alerts_of(&verdicts, "pass_through").is_empty());
}

#[test]
fn cycle_returns_to_origin() {
    let mut monitor = defaults();
    let transactions = [
        cny("c1", cn("A"), cn("B"), "20000", 0),
        cny("c2", cn("B"), la("C"), "19500", DAY),
        cny("c3", la("C"), cn("D"), "19000", 2 * DAY),
        cny("c4", cn("D"), cn("A"), "18500", 3 * DAY),
    ];
    let verdicts = score_all(&mut monitor, &transactions);

    let alerts = alerts_of(&verdicts, "cycle");
    assert_eq!(alerts.len(), 1);
    let alert = alerts[0];
    assert_eq!(alert.account, cn_key("A"));
    assert_eq!(alert.involved, vec![cn_key("A"), cn_key("B"), la("C").key(), cn_key("D")]);
    assert_eq!(alert.transactions, vec!["c1", "c2", "c3", "c4"]);
    assert_eq!(alert.explanation.args["hops"], "4");
    assert_eq!(alert.explanation.args["amount"], "20000 CNY");
    assert_eq!(alert.explanation.args["returned"], "18500 CNY");
    assert_eq!(verdicts[3].decision, Decision::Review);
}

#[test]
fn cycle_needs_time_order() {
    let mut monitor = defaults();
    // B pays C before A pays B, so the money of A→B cannot be what C returns to A.
    let transactions = [
        cny("c1", cn("B"), cn("C"), "20000", 0),
        cny("c2", cn("A"), cn("B"), "20000", DAY),
        cny("c3", cn("C"), cn("A"), "20000", 2 * DAY),
    ];
    let verdicts = score_all(&mut monitor, &transactions);
    assert!(alerts_of(&verdicts, "cycle").is_empty());
}

#[test]
fn cycle_ignores_refund_and_old() {
    let mut monitor = defaults();
    let transactions = [
        // A payment and its refund: two hops, below min_hops = 3.
        cny("r1", cn("A"), cn("B"), "500", 0),
        cny("r2", cn("B"), cn("A"), "500", HOUR),
        // A three-hop cycle spread over 40 days, longer than the 30-day window.
        cny("o1", cn("P"), cn("Q"), "500", 0),
        cny("o2", cn("Q"), cn("R"), "500", 20 * DAY),
        cny("o3", cn("R"), cn("P"), "500", 40 * DAY),
    ];
    let verdicts = score_all(&mut monitor, &transactions);
    assert!(alerts_of(&verdicts, "cycle").is_empty());
}

#[test]
fn cycle_same_timestamp_found() {
    // Daily bank feeds give every payment of a day the same time, in any order.
    let mut monitor = defaults();
    let transactions = [
        cny("c2", cn("B"), cn("C"), "300", DAY),
        cny("c1", cn("A"), cn("B"), "300", DAY),
        cny("c3", cn("C"), cn("A"), "300", DAY),
    ];
    let verdicts = score_all(&mut monitor, &transactions);
    assert_eq!(alerts_of(&verdicts, "cycle").len(), 1);
}

#[test]
fn dormant_account_wakes() {
    let mut monitor = defaults();
    let transactions = [
        cny("d1", cn("Q"), cn("A"), "100", 0),
        cny("d2", cn("A"), cn("Q"), "50", 40 * DAY),
        // 200 idle days later A moves CNY 60,000 within a day.
        cny("d3", cn("X"), cn("A"), "30000", 240 * DAY),
        cny("d4", cn("A"), cn("Y"), "30000", 240 * DAY + HOUR),
    ];
    let verdicts = score_all(&mut monitor, &transactions);

    let alerts: Vec<_> = alerts_of(&verdicts, "dormant_burst").into_iter().filter(|a| a.account == cn_key("A")).collect();
    assert_eq!(alerts.len(), 1);
    assert_eq!(alerts[0].explanation.key, "explain-dormant");
    assert_eq!(alerts[0].explanation.args["idle_days"], "200");
    assert_eq!(alerts[0].explanation.args["turnover"], "60000 CNY");
    assert_eq!(alerts[0].transactions, vec!["d3", "d4"]);
}

#[test]
fn active_account_not_dormant() {
    let mut monitor = defaults();
    let mut transactions: Vec<_> =
        (0..10).map(|i| cny(&format!("a{i}"), cn("A"), cn("Q"), "100", i * 20 * DAY)).collect();
    transactions.push(cny("big1", cn("X"), cn("A"), "30000", 200 * DAY));
    transactions.push(cny("big2", cn("A"), cn("Y"), "30000", 200 * DAY + HOUR));
    let verdicts = score_all(&mut monitor, &transactions);

    let on_a: Vec<_> = alerts_of(&verdicts, "dormant_burst").into_iter().filter(|a| a.account == cn_key("A")).collect();
    assert!(on_a.is_empty(), "{on_a:?}");
}

#[test]
fn new_account_bursts() {
    let mut monitor = defaults();
    let transactions = [
        cny("n1", cn("X"), cn("NEW"), "30000", 0),
        cny("n2", cn("NEW"), cn("Y"), "29000", 2 * HOUR),
    ];
    let verdicts = score_all(&mut monitor, &transactions);

    let alerts: Vec<_> = alerts_of(&verdicts, "dormant_burst").into_iter().filter(|a| a.account == cn_key("NEW")).collect();
    assert_eq!(alerts.len(), 1);
    assert_eq!(alerts[0].explanation.key, "explain-new-account");
    assert_eq!(alerts[0].explanation.args["turnover"], "59000 CNY");
    assert_eq!(alerts[0].explanation.args["new_within"], "30");
}

#[test]
fn flagged_counterparty_holds() {
    let mut monitor = defaults();
    monitor.flag_account(cn_key("MULE"), "freeze order 2026-17".to_owned());

    let paying = monitor.score(&cny("f1", cn("VICTIM"), cn("MULE"), "800", 0));
    let receiving = monitor.score(&cny("f2", cn("MULE"), cn("OTHER"), "700", MINUTE));

    let paid: Vec<_> = paying.alerts.iter().filter(|alert| alert.rule == "flagged_counterparty").collect();
    assert_eq!(paid.len(), 1);
    assert_eq!(paid[0].account, cn_key("VICTIM"));
    assert_eq!(paid[0].explanation.key, "explain-flagged-creditor");
    assert_eq!(paid[0].explanation.args["reason"], "freeze order 2026-17");
    assert_eq!(paying.decision, Decision::Hold);

    let received: Vec<_> = receiving.alerts.iter().filter(|alert| alert.rule == "flagged_counterparty").collect();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].account, cn_key("OTHER"));
    assert_eq!(received[0].explanation.key, "explain-flagged-debtor");
    assert_eq!(receiving.decision, Decision::Hold);
}

#[test]
fn unflagged_account_allowed() {
    let mut monitor = defaults();
    monitor.flag_account(cn_key("MULE"), "suspected mule".to_owned());
    monitor.unflag_account(&cn_key("MULE"));

    let verdict = monitor.score(&cny("f1", cn("VICTIM"), cn("MULE"), "800", 0));
    assert!(verdict.alerts.is_empty());
    assert_eq!(verdict.decision, Decision::Allow);
}

#[test]
fn cross_border_cn_to_la() {
    let mut monitor = defaults();
    let out = monitor.score(&cny("x1", cn("A"), la("B"), "30000", 0));
    let back = monitor.score(&cny("x2", la("C"), cn("D"), "35000", HOUR));

    let alerts = alerts_of(std::slice::from_ref(&out), "cross_border");
    assert_eq!(alerts.len(), 1);
    assert_eq!(alerts[0].account, cn_key("A"));
    assert_eq!(alerts[0].explanation.args["from"], "CN");
    assert_eq!(alerts[0].explanation.args["to"], "LA");
    // Score 20 alone stays under review.
    assert_eq!(out.decision, Decision::Allow);
    assert_eq!(out.score, 20);

    assert_eq!(alerts_of(std::slice::from_ref(&back), "cross_border").len(), 1);
}

#[test]
fn cross_border_domestic_or_small() {
    let mut monitor = defaults();
    let domestic = monitor.score(&cny("x1", cn("A"), cn("B"), "40000", 0));
    let small = monitor.score(&cny("x2", cn("A"), la("B"), "29999", HOUR));
    assert!(alerts_of(&[domestic, small], "cross_border").is_empty());
}

const CYCLE: &str = "[rules.cycle]\nversion = 1\nscore = 70\nwindow = \"30d\"\nmin_hops = 3\nmax_hops = 6\nmax_visited = 2000\n";

#[test]
fn cycle_any_order_option() {
    let mut monitor = monitor_with(single_rule(&format!("{CYCLE}time_order = false\n")));
    // The order that `cycle_needs_time_order` rejects.
    let transactions = [
        cny("c1", cn("B"), cn("C"), "20000", 0),
        cny("c2", cn("A"), cn("B"), "20000", DAY),
        cny("c3", cn("C"), cn("A"), "20000", 2 * DAY),
    ];
    let verdicts = score_all(&mut monitor, &transactions);

    let alerts = alerts_of(&verdicts, "cycle");
    assert_eq!(alerts.len(), 1);
    assert_eq!(alerts[0].involved, vec![cn_key("A"), cn_key("B"), cn_key("C")]);
}

#[test]
fn cycle_return_percent_option() {
    let rules = single_rule(&format!("{CYCLE}min_return_percent = 50\n"));
    let cycle = |returned: &str| {
        [
            cny("c1", cn("A"), cn("B"), "20000", 0),
            cny("c2", cn("B"), cn("C"), "15000", DAY),
            cny("c3", cn("C"), cn("A"), returned, 2 * DAY),
        ]
    };

    let mut monitor = monitor_with(rules.clone());
    let half_returned = score_all(&mut monitor, &cycle("10000"));
    assert_eq!(alerts_of(&half_returned, "cycle").len(), 1);

    let mut monitor = monitor_with(rules);
    let skimmed = score_all(&mut monitor, &cycle("9999"));
    assert!(alerts_of(&skimmed, "cycle").is_empty());
}

#[test]
fn cycle_search_budget_bounds() {
    // Fifty accounts pay C after B does, so a search from C examines their payments
    // first. A budget of 10 runs out before it reaches B; the default budget does not.
    let mut transactions = vec![cny("c1", cn("A"), cn("B"), "100", 0), cny("c2", cn("B"), cn("C"), "100", HOUR)];
    transactions.extend((0..50).map(|i| cny(&format!("n{i}"), cn(&format!("N{i}")), cn("C"), "100", 2 * HOUR + i)));
    transactions.push(cny("c3", cn("C"), cn("A"), "100", DAY));

    let mut small = monitor_with(single_rule(&CYCLE.replace("max_visited = 2000", "max_visited = 10")));
    let verdicts = score_all(&mut small, &transactions);
    assert!(alerts_of(&verdicts, "cycle").is_empty());

    let mut default = monitor_with(single_rule(CYCLE));
    let verdicts = score_all(&mut default, &transactions);
    assert_eq!(alerts_of(&verdicts, "cycle").len(), 1);
}
