//! Errors from loading a rule file.
//!
//! Every variant names the file, and where it applies the rule and field, so that an
//! operator can find the line to fix. A rule file with any error yields no `RuleSet`,
//! so a monitor keeps the rules it runs until a valid file is loaded.

use std::path::PathBuf;

/// A rule file that cannot be read or is not valid.
#[derive(Debug, thiserror::Error)]
pub enum RuleError {
    /// The file could not be read.
    #[error("cannot read rule file {path}: {source}; check the path and its permissions")]
    Read {
        /// The path given.
        path: PathBuf,
        /// The underlying I/O error.
        source: std::io::Error,
    },

    /// The file is not valid TOML.
    #[error("rule file {file} is not valid TOML: {message}")]
    Syntax {
        /// The file name.
        file: String,
        /// The TOML parser's message, with line and column.
        message: String,
    },

    /// A top-level table other than `[decision]` and `[rules.*]`.
    #[error("rule file {file}: unknown section `{section}`; a rule file has only [decision] and [rules.<id>] tables")]
    UnknownSection {
        /// The file name.
        file: String,
        /// The unknown key.
        section: String,
    },

    /// A rule whose id is not a known rule and that names no known `kind`.
    #[error(
        "rule file {file}: unknown rule `{rule}`; known rules are {known}. Fix the name, or give a new id with kind = \"<known rule>\""
    )]
    UnknownRule {
        /// The file name.
        file: String,
        /// The rule id, or the `kind` value when the id names one.
        rule: String,
        /// The known rule kinds, comma-separated.
        known: String,
    },

    /// A field that the rule (or the `[decision]` table) does not have.
    #[error("rule file {file}: rule `{rule}` has unknown field `{field}`; its fields are {known}")]
    UnknownField {
        /// The file name.
        file: String,
        /// The rule id, or `decision`.
        rule: String,
        /// The unknown field.
        field: String,
        /// The fields the rule accepts, comma-separated.
        known: String,
    },

    /// A field the rule needs is absent.
    #[error("rule file {file}: rule `{rule}` is missing field `{field}`: {expected}")]
    MissingField {
        /// The file name.
        file: String,
        /// The rule id, or `decision`.
        rule: String,
        /// The missing field.
        field: String,
        /// The expected content of the field.
        expected: String,
    },

    /// A field whose value has the wrong type or cannot be meant, such as a zero threshold.
    #[error("rule file {file}: rule `{rule}`, field `{field}`: invalid value {value}: {reason}")]
    InvalidValue {
        /// The file name.
        file: String,
        /// The rule id, or `decision`.
        rule: String,
        /// The field, with the currency for amount tables, such as `thresholds.CNY`.
        field: String,
        /// The value as the file wrote it.
        value: String,
        /// Why it is invalid and what to write instead.
        reason: String,
    },
}
