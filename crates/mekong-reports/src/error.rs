//! Validation errors of a goAML report: where (element path), what (value) and which rule.

use serde::Serialize;

/// The rule a report broke.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "rule", rename_all = "kebab-case")]
pub enum Rule {
    /// The file is not well-formed XML.
    Malformed {
        /// The parser's message.
        detail: String,
    },
    /// The root element is not `report`.
    UnexpectedRoot,
    /// The element is not allowed anywhere in its parent.
    UnknownElement,
    /// The element is allowed in its parent, but not at this position.
    ElementOrder,
    /// A required element is absent; the path names the missing element.
    MissingElement,
    /// The element occurs more often than the schema allows.
    TooManyElements,
    /// The value is not a whole number.
    InvalidInteger,
    /// The value is not a decimal number.
    InvalidDecimal,
    /// The value is not a real date and time (`YYYY-MM-DDThh:mm:ss`).
    InvalidDate,
    /// The value is not `true`, `false`, `1` or `0`.
    InvalidBoolean,
    /// The value is not one of the codes the schema lists.
    UnknownCode,
    /// The value is shorter than allowed.
    TooShort {
        /// Minimum length in characters.
        min: usize,
    },
    /// The value is longer than allowed.
    TooLong {
        /// Maximum length in characters.
        max: usize,
    },
    /// The value is below the schema's minimum.
    BelowMinimum {
        /// The minimum, as the schema writes it.
        min: String,
    },
    /// The value is above the schema's maximum.
    AboveMaximum {
        /// The maximum, as the schema writes it.
        max: String,
    },
    /// The value has more digits after the decimal point than allowed.
    TooManyFractionDigits {
        /// Maximum digits after the point.
        max: u32,
    },
    /// The value matches none of the schema's `pattern` facets for its type.
    PatternMismatch {
        /// The patterns, as the schema writes them, joined by ` | `.
        pattern: String,
    },
    /// An amount is negative; Mekong Bridge accepts only amounts ≥ 0, stricter than the XSD.
    NegativeAmount,
}

impl Rule {
    /// Returns the rule's stable code, also the suffix of its message key `reports-rule-…`.
    pub fn code(&self) -> &'static str {
        match self {
            Rule::Malformed { .. } => "malformed",
            Rule::UnexpectedRoot => "unexpected-root",
            Rule::UnknownElement => "unknown-element",
            Rule::ElementOrder => "element-order",
            Rule::MissingElement => "missing-element",
            Rule::TooManyElements => "too-many-elements",
            Rule::InvalidInteger => "invalid-integer",
            Rule::InvalidDecimal => "invalid-decimal",
            Rule::InvalidDate => "invalid-date",
            Rule::InvalidBoolean => "invalid-boolean",
            Rule::UnknownCode => "unknown-code",
            Rule::TooShort { .. } => "too-short",
            Rule::TooLong { .. } => "too-long",
            Rule::BelowMinimum { .. } => "below-minimum",
            Rule::AboveMaximum { .. } => "above-maximum",
            Rule::TooManyFractionDigits { .. } => "too-many-fraction-digits",
            Rule::PatternMismatch { .. } => "pattern-mismatch",
            Rule::NegativeAmount => "negative-amount",
        }
    }

    /// Returns the rule's parameter (a limit or parser message), empty when it has none.
    pub fn limit(&self) -> String {
        match self {
            Rule::Malformed { detail } => detail.clone(),
            Rule::TooShort { min } => min.to_string(),
            Rule::TooLong { max } => max.to_string(),
            Rule::BelowMinimum { min } => min.clone(),
            Rule::AboveMaximum { max } => max.clone(),
            Rule::TooManyFractionDigits { max } => max.to_string(),
            Rule::PatternMismatch { pattern } => pattern.clone(),
            _ => String::new(),
        }
    }
}

/// One broken rule in a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ValidationError {
    /// The element path, such as `/report/transaction[2]/amount_local`.
    pub path: String,
    /// The element's text as given, empty for structural errors.
    pub value: String,
    /// The broken rule.
    #[serde(flatten)]
    pub rule: Rule,
}

impl std::fmt::Display for ValidationError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.path, self.rule.code())?;
        let limit = self.rule.limit();
        if !limit.is_empty() {
            write!(f, " ({limit})")?;
        }
        if !self.value.is_empty() {
            write!(f, " {:?}", self.value)?;
        }
        Ok(())
    }
}
