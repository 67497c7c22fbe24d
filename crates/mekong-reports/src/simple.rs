//! Checks an element's text against its XSD simple type: the built-in base type first,
//! then each restriction's facets from the innermost base outwards.

use std::str::FromStr;

use chrono::NaiveDateTime;
use rust_decimal::Decimal;

use crate::error::Rule;
use crate::xsd::{Resolved, Schema, SimpleType, TypeRef};

/// Returns the first rule the value breaks, or `None` when it is valid.
pub fn check_value(schema: &Schema, type_ref: &TypeRef, value: &str) -> Option<Rule> {
    match schema.resolve(type_ref) {
        Resolved::Builtin(builtin) => check_builtin(builtin, value),
        Resolved::Simple(simple) => check_simple(schema, simple, value, 0),
        Resolved::Complex(_) | Resolved::Unknown => None,
    }
}

/// Returns the built-in type a simple type finally restricts, such as `decimal`.
pub fn builtin_of<'a>(schema: &'a Schema, type_ref: &'a TypeRef) -> Option<&'a str> {
    let mut current = type_ref;
    for _ in 0..16 {
        match schema.resolve(current) {
            Resolved::Builtin(builtin) => return Some(builtin),
            Resolved::Simple(SimpleType {
                base: Some(base), ..
            }) => current = base,
            _ => return None,
        }
    }
    None
}

fn check_simple(schema: &Schema, simple: &SimpleType, value: &str, depth: usize) -> Option<Rule> {
    let base = simple.base.as_ref()?;
    let base_rule = match schema.resolve(base) {
        Resolved::Builtin(builtin) => check_builtin(builtin, value),
        Resolved::Simple(inner) if depth < 16 => check_simple(schema, inner, value, depth + 1),
        _ => None,
    };
    if base_rule.is_some() {
        return base_rule;
    }

    let builtin = builtin_of(schema, base).unwrap_or("string");
    let text = if builtin == "string" {
        value
    } else {
        value.trim()
    };

    // A list holding only "-" is a placeholder that each FIU fills in (report
    // indicators, for example), so it restricts nothing here.
    let placeholder = simple.enumeration.iter().all(|allowed| allowed == "-");
    if !placeholder && !simple.enumeration.iter().any(|allowed| allowed == text) {
        return Some(Rule::UnknownCode);
    }

    let length = text.chars().count();
    if let Some(min) = simple.min_length.filter(|min| length < *min) {
        return Some(Rule::TooShort { min });
    }
    if let Some(max) = simple.max_length.filter(|max| length > *max) {
        return Some(Rule::TooLong { max });
    }

    if let Some(min) = &simple.min_inclusive
        && compare(builtin, text, min) == Some(std::cmp::Ordering::Less)
    {
        return Some(Rule::BelowMinimum { min: min.clone() });
    }
    if let Some(max) = &simple.max_inclusive
        && compare(builtin, text, max) == Some(std::cmp::Ordering::Greater)
    {
        return Some(Rule::AboveMaximum { max: max.clone() });
    }

    // Patterns of one derivation step are alternatives, as XSD defines them.
    let checked: Vec<bool> = simple
        .patterns
        .iter()
        .filter_map(|pattern| pattern.matches(text))
        .collect();
    if !checked.is_empty() && !checked.contains(&true) {
        let pattern = simple
            .patterns
            .iter()
            .map(|pattern| pattern.source.as_str())
            .collect::<Vec<_>>()
            .join(" | ");
        return Some(Rule::PatternMismatch { pattern });
    }

    if let Some(max) = simple.fraction_digits
        && let Ok(number) = Decimal::from_str(text)
        && number.normalize().scale() > max
    {
        return Some(Rule::TooManyFractionDigits { max });
    }
    None
}

fn compare(builtin: &str, value: &str, bound: &str) -> Option<std::cmp::Ordering> {
    match builtin {
        "dateTime" => Some(parse_date_time(value)?.cmp(&parse_date_time(bound)?)),
        "int" | "decimal" => Some(
            Decimal::from_str(value)
                .ok()?
                .cmp(&Decimal::from_str(bound).ok()?),
        ),
        _ => None,
    }
}

/// Parses an `xs:dateTime` as goAML writes it: `YYYY-MM-DDThh:mm:ss`, optionally with
/// fractional seconds and a zone (`Z` or `±hh:mm`), which is dropped. Impossible
/// dates such as 2026-02-30 are rejected.
pub fn parse_date_time(text: &str) -> Option<NaiveDateTime> {
    let text = text.trim();
    let local = text
        .strip_suffix('Z')
        .or_else(|| {
            // `split_at_checked` returns `None` when the cut falls inside a multi-byte
            // character, so such text has no zone suffix.
            let (head, zone) = text.split_at_checked(text.len().checked_sub(6)?)?;
            let zoned = (zone.starts_with('+') || zone.starts_with('-'))
                && zone.as_bytes().get(3) == Some(&b':');
            zoned.then_some(head)
        })
        .unwrap_or(text);
    NaiveDateTime::parse_from_str(local, "%Y-%m-%dT%H:%M:%S%.f").ok()
}

fn check_builtin(builtin: &str, value: &str) -> Option<Rule> {
    let text = value.trim();
    match builtin {
        "int" => text.parse::<i32>().is_err().then_some(Rule::InvalidInteger),
        "decimal" => {
            let plain = !text.is_empty()
                && text
                    .chars()
                    .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+'));
            (!plain || Decimal::from_str(text).is_err()).then_some(Rule::InvalidDecimal)
        }
        "boolean" => {
            (!matches!(text, "true" | "false" | "1" | "0")).then_some(Rule::InvalidBoolean)
        }
        "dateTime" => parse_date_time(text).is_none().then_some(Rule::InvalidDate),
        "date" => chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .is_err()
            .then_some(Rule::InvalidDate),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn impossible_date_rejected() {
        assert!(parse_date_time("2026-02-30T00:00:00").is_none());
        assert!(parse_date_time("2026-02-28T10:11:12").is_some());
        assert!(parse_date_time("2026-02-28T10:11:12.5+07:00").is_some());
        assert!(parse_date_time("2026-02-28T10:11:12Z").is_some());
    }

    #[test]
    fn multibyte_date_no_panic() {
        assert!(parse_date_time("€€x").is_none());
        assert!(parse_date_time("2026-02-28T10:11:1€").is_none());
        assert!(parse_date_time("\u{FEFF}2026-02-28T10:11:12").is_none());
    }

    #[test]
    fn currency_code_checked() {
        let Ok(schema) = Schema::goaml() else {
            panic!("schema")
        };
        let currency = TypeRef::Named("currency_type".into());
        assert_eq!(check_value(schema, &currency, "LAK"), None);
        assert_eq!(
            check_value(schema, &currency, "XYZ"),
            Some(Rule::UnknownCode)
        );
    }

    #[test]
    fn ip_address_pattern_checked() {
        let Ok(schema) = Schema::goaml() else {
            panic!("schema")
        };
        let Some(index) = schema.simple_types.iter().position(|simple| {
            simple
                .patterns
                .iter()
                .any(|pattern| pattern.source.starts_with("((1?[0-9]?[0-9]"))
        }) else {
            panic!("IPv4 pattern missing")
        };
        let ipv4 = TypeRef::Simple(index);

        assert_eq!(check_value(schema, &ipv4, "203.0.113.7"), None);
        assert!(matches!(
            check_value(schema, &ipv4, "203.0.113.256"),
            Some(Rule::PatternMismatch { .. })
        ));
        assert!(matches!(
            check_value(schema, &ipv4, "x203.0.113.7"),
            Some(Rule::PatternMismatch { .. })
        ));
    }

    #[test]
    fn look_ahead_pattern_skipped() {
        let pattern = crate::xsd::Pattern::new("^.*(?=.*\\d).{8,}$");
        assert!(pattern.regex.is_none());
        assert_eq!(pattern.matches("anything"), None);
    }

    #[test]
    fn decimal_rejects_exponent() {
        assert_eq!(check_builtin("decimal", "1e5"), Some(Rule::InvalidDecimal));
        assert_eq!(check_builtin("decimal", "12.50"), None);
    }
}
