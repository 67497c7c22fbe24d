//! A validated set of rules and the score thresholds that turn matches into decisions.
//!
//! Invariants: a `RuleSet` exists only after its whole file validated, rule ids are
//! unique and sorted, and every value is one that can be meant (no zero threshold, no
//! empty window). The shipped defaults are `default-rules.toml` beside this crate's
//! manifest, compiled in.

use std::path::Path;

use sha2::{Digest, Sha256};
use toml::{Table, Value};

use crate::config::Fields;
use crate::duration::{DurationUnit, RuleDuration};
use crate::error::RuleError;
use crate::rules::{RuleKind, RuleParams};

const DEFAULT_TOML: &str = include_str!("../default-rules.toml");

/// The revision of the scoring code, part of [`RuleSet::fingerprint`]. Revision 2 reads
/// a cash deposit as money in only and a withdrawal as money out only, where revision 1
/// recorded both edges for them, so snapshots of revision 1 are replayed, not reused.
const SCORING_REVISION: u32 = 2;

/// The fields every rule accepts.
const COMMON_FIELDS: &[&str] = &["kind", "enabled", "shadow", "version", "score", "cooldown"];

const DECISION_FIELDS: &[&str] = &["review_at", "hold_at"];

/// The cooldown of a rule without a window, unless its `cooldown` field sets one.
const DEFAULT_COOLDOWN: RuleDuration = RuleDuration::new(24, DurationUnit::Hour);

/// One configured rule.
#[derive(Debug, Clone)]
pub struct Rule {
    id: String,
    version: u32,
    score: u8,
    enabled: bool,
    shadow: bool,
    cooldown: RuleDuration,
    pub(crate) params: RuleParams,
}

impl Rule {
    /// Returns the rule's id, as alerts record it.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Returns the kind of check the rule runs.
    pub fn kind(&self) -> RuleKind {
        self.params.kind()
    }

    /// Returns the version of the rule's settings, as alerts record it.
    pub fn version(&self) -> u32 {
        self.version
    }

    /// Returns the score, 1 to 100, that a match contributes.
    pub fn score(&self) -> u8 {
        self.score
    }

    /// Whether the rule runs at all.
    pub fn enabled(&self) -> bool {
        self.enabled
    }

    /// Whether the rule's alerts are only recorded and marked, without effect on decisions or risk.
    pub fn shadow(&self) -> bool {
        self.shadow
    }

    /// Returns the shortest time between two alerts of this rule on one account.
    pub fn cooldown(&self) -> RuleDuration {
        self.cooldown
    }
}

/// Validated rules with the decision thresholds.
#[derive(Debug, Clone)]
pub struct RuleSet {
    review_at: u8,
    hold_at: u8,
    rules: Vec<Rule>,
    source: String,
}

impl RuleSet {
    /// Parses the shipped rules from the embedded `default-rules.toml`.
    pub fn defaults() -> RuleSet {
        match RuleSet::from_toml(DEFAULT_TOML, "default-rules.toml") {
            Ok(rules) => rules,
            Err(error) => {
                // A test parses the embedded file, so only a build that skipped the tests
                // gets here. The node then flags nothing instead of failing to start.
                tracing::error!(%error, "the embedded default rules are invalid; the monitor runs without rules");
                RuleSet { review_at: 40, hold_at: 80, rules: Vec::new(), source: "default-rules.toml".to_owned() }
            }
        }
    }

    /// Returns the shipped, commented rule file.
    pub fn default_toml() -> &'static str {
        DEFAULT_TOML
    }

    /// Reads a rule file from disk.
    pub fn load(path: &Path) -> Result<RuleSet, RuleError> {
        let text = std::fs::read_to_string(path)
            .map_err(|source| RuleError::Read { path: path.to_owned(), source })?;
        RuleSet::from_toml(&text, &path.display().to_string())
    }

    /// Parses and validates a rule file; `source` names the file in errors.
    pub fn from_toml(text: &str, source: &str) -> Result<RuleSet, RuleError> {
        let document: Table = toml::from_str(text)
            .map_err(|error| RuleError::Syntax { file: source.to_owned(), message: error.to_string().trim().to_owned() })?;

        if let Some(section) = document.keys().find(|key| !matches!(key.as_str(), "decision" | "rules")) {
            return Err(RuleError::UnknownSection { file: source.to_owned(), section: section.clone() });
        }

        let (review_at, hold_at) = parse_decision(&document, source)?;

        let mut rules = Vec::new();
        match document.get("rules") {
            None => {}
            Some(Value::Table(table)) => {
                for (id, value) in table {
                    rules.push(parse_rule(id, value, source)?);
                }
            }
            Some(other) => {
                return Err(RuleError::InvalidValue {
                    file: source.to_owned(),
                    rule: "rules".to_owned(),
                    field: "rules".to_owned(),
                    value: other.to_string(),
                    reason: "expected one [rules.<id>] table per rule".to_owned(),
                });
            }
        }

        // TOML keys are unique, so ids are too. Sorting keeps the order independent of
        // whether the toml crate preserves the file's key order.
        rules.sort_by(|left, right| left.id.cmp(&right.id));
        Ok(RuleSet { review_at, hold_at, rules, source: source.to_owned() })
    }

    /// Returns the ids of every configured rule, enabled or not, sorted.
    pub fn rule_ids(&self) -> Vec<&str> {
        self.rules.iter().map(|rule| rule.id.as_str()).collect()
    }

    /// Returns every configured rule, sorted by id.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// Returns the rule with an id.
    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|rule| rule.id == id)
    }

    /// Returns the combined score from which a transaction is sent to review.
    pub fn review_at(&self) -> u8 {
        self.review_at
    }

    /// Returns the combined score from which a transaction is held.
    pub fn hold_at(&self) -> u8 {
        self.hold_at
    }

    /// Returns the file the rules came from.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// Computes a SHA-256 of the validated rules, the decision thresholds, this
    /// crate's version and [`SCORING_REVISION`], but not of the file name. A monitor
    /// snapshot is reused only when this hash matches.
    ///
    /// NOTE: the hash covers the rules' `Debug` output, not the scoring code. A build
    /// that changes how a rule scores or what the state records must raise
    /// `SCORING_REVISION` (or the crate version), or it reuses snapshots of the old build.
    pub fn fingerprint(&self) -> [u8; 32] {
        let mut hasher = Sha256::new();
        hasher.update(env!("CARGO_PKG_VERSION").as_bytes());
        hasher.update(SCORING_REVISION.to_le_bytes());
        hasher.update([0, self.review_at, self.hold_at]);
        for rule in &self.rules {
            hasher.update(format!("{rule:?}").as_bytes());
            hasher.update([0]);
        }
        hasher.finalize().into()
    }
}

fn parse_decision(document: &Table, source: &str) -> Result<(u8, u8), RuleError> {
    let table = match document.get("decision") {
        Some(Value::Table(table)) => table,
        Some(other) => {
            return Err(RuleError::InvalidValue {
                file: source.to_owned(),
                rule: "decision".to_owned(),
                field: "decision".to_owned(),
                value: other.to_string(),
                reason: "expected a [decision] table with review_at and hold_at".to_owned(),
            });
        }
        None => {
            return Err(RuleError::MissingField {
                file: source.to_owned(),
                rule: "decision".to_owned(),
                field: "review_at".to_owned(),
                expected: "a [decision] table with review_at and hold_at, the combined scores (1 to 100) for review and hold"
                    .to_owned(),
            });
        }
    };

    let fields = Fields::new(source, "decision", table);
    fields.reject_unknown(DECISION_FIELDS)?;

    let review_at = fields.integer("review_at", 1..=100)?;
    let hold_at = fields.integer("hold_at", 1..=100)?;
    if hold_at < review_at {
        let value = table.get("hold_at").cloned().unwrap_or(Value::Integer(hold_at));
        return Err(fields.invalid("hold_at", &value, format!("hold_at must be at least review_at ({review_at})")));
    }

    Ok((to_u8(review_at), to_u8(hold_at)))
}

fn parse_rule(id: &str, value: &Value, source: &str) -> Result<Rule, RuleError> {
    let Value::Table(table) = value else {
        return Err(RuleError::InvalidValue {
            file: source.to_owned(),
            rule: id.to_owned(),
            field: id.to_owned(),
            value: value.to_string(),
            reason: format!("expected a table [rules.{id}]"),
        });
    };

    let fields = Fields::new(source, id, table);

    let valid_id = !id.is_empty()
        && id.len() <= 64
        && id.bytes().all(|byte| byte.is_ascii_lowercase() || byte.is_ascii_digit() || byte == b'_');
    if !valid_id {
        return Err(RuleError::InvalidValue {
            file: source.to_owned(),
            rule: id.to_owned(),
            field: "id".to_owned(),
            value: format!("{id:?}"),
            reason: "a rule id has 1 to 64 lower-case letters, digits or '_'".to_owned(),
        });
    }

    let kind_name = fields.text("kind")?.unwrap_or(id);
    let Some(kind) = RuleKind::from_id(kind_name) else {
        return Err(RuleError::UnknownRule { file: source.to_owned(), rule: kind_name.to_owned(), known: RuleKind::known_list() });
    };

    let known: Vec<&str> = COMMON_FIELDS.iter().chain(RuleParams::fields(kind)).copied().collect();
    fields.reject_unknown(&known)?;

    let version = fields.integer_u32("version", 1..=u32::MAX)?;
    let score = to_u8(fields.integer("score", 1..=100)?);
    let enabled = fields.boolean("enabled", true)?;
    let shadow = fields.boolean("shadow", false)?;
    let params = RuleParams::parse(kind, &fields)?;
    let cooldown = fields.optional_duration("cooldown")?.or(params.window()).unwrap_or(DEFAULT_COOLDOWN);

    Ok(Rule { id: id.to_owned(), version, score, enabled, shadow, cooldown, params })
}

fn to_u8(number: i64) -> u8 {
    u8::try_from(number).unwrap_or(u8::MAX)
}
