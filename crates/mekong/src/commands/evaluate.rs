//! `mekong evaluate`: compare alerted accounts with labelled data.
//!
//! Two views are reported. In the main one, an account counts as alerted by a rule
//! when one of the rule's alerts is about it (its subject account). In the
//! `involved` view, every account taking part in the alert's pattern counts too,
//! such as the senders of a fan-in or the members of a cycle.
//!
//! Precision is the share of alerted, labelled accounts that are labelled fraud;
//! recall is the share of fraud accounts alerted. Shadow alerts count for their own
//! rule but not for the overall figures, because they make no decisions. Accounts
//! the labels do not mention are left out of both.

use std::collections::{BTreeMap, HashSet};
use std::process::ExitCode;

use anyhow::Result;
use mekong_core::AccountKey;
use mekong_core::i18n::{Arg, Locale, Messages};
use mekong_ingest::formats::ReadOptions;
use mekong_ingest::labels::read_labels;
use serde::Serialize;

use crate::Context;
use crate::cli::EvaluateArgs;
use crate::node::{DataDir, ensure_identity};

/// Figures of one rule, or of all rules together.
#[derive(Debug, Default, Clone, PartialEq, Serialize)]
pub struct Score {
    /// Labelled accounts alerted.
    pub alerted: u64,
    /// Alerted accounts labelled fraud.
    pub true_positives: u64,
    /// `true_positives / alerted`, 0 when nothing was alerted.
    pub precision: f64,
    /// `true_positives / fraud accounts`.
    pub recall: f64,
}

/// The figures of one rule, or of all rules, in both views.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuleScore {
    /// Subject accounts only.
    #[serde(flatten)]
    pub subject: Score,
    /// Subject and involved accounts.
    pub involved: Score,
}

#[derive(Debug, Serialize)]
struct Report {
    labelled_accounts: u64,
    fraud_accounts: u64,
    precision: f64,
    recall: f64,
    alerted: u64,
    true_positives: u64,
    involved: Score,
    rules: BTreeMap<String, RuleScore>,
}

/// Accounts alerted by one rule, or by all, in both views.
#[derive(Debug, Default)]
struct Alerted {
    subject: HashSet<AccountKey>,
    involved: HashSet<AccountKey>,
}

impl Alerted {
    fn add(&mut self, alert: &mekong_core::Alert) {
        self.subject.insert(alert.account.clone());
        self.involved.insert(alert.account.clone());
        self.involved.extend(alert.involved.iter().cloned());
    }

    fn score(&self, labels: &mekong_ingest::labels::Labels) -> RuleScore {
        RuleScore {
            subject: score(&self.subject, &labels.labelled, &labels.fraud),
            involved: score(&self.involved, &labels.labelled, &labels.fraud),
        }
    }
}

fn score(alerted: &HashSet<AccountKey>, labelled: &HashSet<AccountKey>, fraud: &HashSet<AccountKey>) -> Score {
    let alerted_labelled = alerted.iter().filter(|key| labelled.contains(*key)).count() as u64;
    let hits = alerted.iter().filter(|key| fraud.contains(*key)).count() as u64;
    Score {
        alerted: alerted_labelled,
        true_positives: hits,
        precision: if alerted_labelled == 0 { 0.0 } else { hits as f64 / alerted_labelled as f64 },
        recall: if fraud.is_empty() { 0.0 } else { hits as f64 / fraud.len() as f64 },
    }
}

/// Prints precision and recall per rule and overall.
pub fn run(context: &Context, args: &EvaluateArgs) -> Result<ExitCode> {
    let data = DataDir::open(&context.data_dir, false, context.locale)?;
    let identity = ensure_identity(data.store.as_ref(), None, context.locale)?;
    let options = ReadOptions {
        format: args.format.parse()?,
        origin: identity.node_id.clone(),
        currency: None,
        start_date: None,
        default_offset_seconds: 0,
    };
    let labels = read_labels(&args.labels, &options)?;

    let mut by_rule: BTreeMap<String, Alerted> = BTreeMap::new();
    let mut overall = Alerted::default();
    mekong_store::Store::for_each_alert(data.store.as_ref(), &mut |alert| {
        by_rule.entry(alert.rule.clone()).or_default().add(&alert);
        if !alert.shadow {
            overall.add(&alert);
        }
        Ok(())
    })?;

    let rules: BTreeMap<String, RuleScore> =
        by_rule.iter().map(|(rule, alerted)| (rule.clone(), alerted.score(&labels))).collect();
    let total = overall.score(&labels);

    if args.json {
        let report = Report {
            labelled_accounts: labels.labelled.len() as u64,
            fraud_accounts: labels.fraud.len() as u64,
            precision: total.subject.precision,
            recall: total.subject.recall,
            alerted: total.subject.alerted,
            true_positives: total.subject.true_positives,
            involved: total.involved.clone(),
            rules,
        };
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print_report(context.locale, labels.labelled.len(), labels.fraud.len(), &rules, &total);
    }
    Ok(ExitCode::SUCCESS)
}

fn print_report(locale: Locale, labelled: usize, fraud: usize, rules: &BTreeMap<String, RuleScore>, total: &RuleScore) {
    let messages = Messages::global();
    println!(
        "{}",
        messages.format(
            locale,
            "evaluate-header",
            &[("labels", Arg::Number(labelled as f64)), ("positives", Arg::Number(fraud as f64))]
        )
    );
    let line = |id: &str, rule: Option<&str>, score: &Score| {
        let precision = format!("{:.3}", score.precision);
        let recall = format!("{:.3}", score.recall);
        let mut args = vec![
            ("alerted", Arg::Number(score.alerted as f64)),
            ("hits", Arg::Number(score.true_positives as f64)),
            ("precision", Arg::Text(&precision)),
            ("recall", Arg::Text(&recall)),
        ];
        if let Some(rule) = rule {
            args.push(("rule", Arg::Text(rule)));
        }
        messages.format(locale, id, &args)
    };
    for (rule, score) in rules {
        println!("  {}", line("evaluate-rule", Some(rule), &score.subject));
        println!("    {}", line("evaluate-involved", None, &score.involved));
    }
    println!("{}", line("evaluate-overall", None, &total.subject));
    println!("  {}", line("evaluate-involved", None, &total.involved));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(names: &[&str]) -> HashSet<AccountKey> {
        names.iter().map(|name| AccountKey::new("", name)).collect()
    }

    #[test]
    fn precision_and_recall() {
        let labelled = keys(&["a", "b", "c", "d"]);
        let fraud = keys(&["a", "b"]);
        let result = score(&keys(&["a", "c", "x"]), &labelled, &fraud);
        assert_eq!(result.alerted, 2, "x is not labelled and is left out");
        assert_eq!(result.true_positives, 1);
        assert!((result.precision - 0.5).abs() < 1e-9);
        assert!((result.recall - 0.5).abs() < 1e-9);
    }

    #[test]
    fn nothing_alerted_scores_zero() {
        let result = score(&HashSet::new(), &keys(&["a"]), &keys(&["a"]));
        assert_eq!(result.precision, 0.0);
        assert_eq!(result.recall, 0.0);
    }
}
