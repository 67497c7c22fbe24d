//! The alert filters of the alerts page, the alerts API and the event stream,
//! parsed from query parameters.
//!
//! Parameters: `rule`, `min_score` (0 to 100), `status` (`open`, `under_review`,
//! `escalated`, `dismissed`), `from` and `until` (dates `YYYY-MM-DD`, both
//! inclusive, read in the node's zone), `account` (`BANK/NUMBER`), `page` (from 1)
//! and `per_page` (1 to 500). An empty value means "no filter", because an
//! unfilled form field arrives as one. Every bad value is reported, not only the
//! first, and never turns into a server error.

use chrono::{DateTime, Days, FixedOffset, NaiveDate, NaiveTime, Utc};
use mekong_core::i18n::{Arg, Locale, Messages};
use mekong_core::{AccountKey, Alert, AlertStatus};
use mekong_store::AlertFilter;

/// Alerts per page when the request sets no `per_page`.
pub(crate) const DEFAULT_PER_PAGE: u32 = 50;
/// Maximum number of alerts on one page, the store's limit.
pub(crate) const MAX_PER_PAGE: u32 = 500;
/// Maximum length of a rule id in a filter.
const MAX_RULE_LEN: usize = 64;
/// Maximum length of an account key in a filter, in characters.
const MAX_ACCOUNT_LEN: usize = 300;

/// The filter values as the viewer typed them, to fill the form again and to build
/// links to other pages of the same list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct FilterInput {
    pub rule: String,
    pub min_score: String,
    pub status: String,
    pub from: String,
    pub until: String,
    pub account: String,
    pub per_page: String,
}

impl FilterInput {
    /// Returns the non-empty filters as query pairs, without the page number.
    pub fn pairs(&self) -> Vec<(&'static str, &str)> {
        let all = [
            ("rule", self.rule.as_str()),
            ("min_score", self.min_score.as_str()),
            ("status", self.status.as_str()),
            ("from", self.from.as_str()),
            ("until", self.until.as_str()),
            ("account", self.account.as_str()),
            ("per_page", self.per_page.as_str()),
        ];
        all.into_iter().filter(|(_, value)| !value.is_empty()).collect()
    }
}

/// The kind of problem with a filter value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FilterErrorKind {
    /// `min_score` is not a whole number from 0 to 100.
    MinScore,
    /// `page` is not a whole number of at least 1.
    Page,
    /// `per_page` is not a whole number from 1 to 500.
    PerPage,
    /// `from` is not a `YYYY-MM-DD` date.
    From,
    /// `until` is not a `YYYY-MM-DD` date.
    Until,
    /// `from` is after `until`.
    Range,
    /// `status` is not one of the four statuses.
    Status,
    /// `rule` is too long or has characters no rule id has.
    Rule,
    /// `account` is too long.
    Account,
}

/// One bad filter value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FilterError {
    /// The query parameter.
    pub param: &'static str,
    /// The value as given; for [`FilterErrorKind::Range`], the `from` date.
    pub value: String,
    /// The kind of problem.
    pub kind: FilterErrorKind,
    /// The `until` date, for [`FilterErrorKind::Range`] only.
    pub other: String,
}

impl FilterError {
    fn new(param: &'static str, value: &str, kind: FilterErrorKind) -> FilterError {
        FilterError { param, value: value.to_owned(), kind, other: String::new() }
    }

    /// The stable code the API returns with the message.
    pub fn code(&self) -> &'static str {
        match self.kind {
            FilterErrorKind::MinScore => "invalid_min_score",
            FilterErrorKind::Page => "invalid_page",
            FilterErrorKind::PerPage => "invalid_per_page",
            FilterErrorKind::From | FilterErrorKind::Until => "invalid_date",
            FilterErrorKind::Range => "invalid_date_range",
            FilterErrorKind::Status => "invalid_status",
            FilterErrorKind::Rule => "invalid_rule",
            FilterErrorKind::Account => "invalid_account",
        }
    }

    /// Formats the message explaining the error and the expected form, in a locale.
    pub fn message(&self, locale: Locale) -> String {
        let key = match self.kind {
            FilterErrorKind::MinScore => "web-filter-error-min-score",
            FilterErrorKind::Page => "web-filter-error-page",
            FilterErrorKind::PerPage => "web-filter-error-per-page",
            FilterErrorKind::From => "web-filter-error-from",
            FilterErrorKind::Until => "web-filter-error-until",
            FilterErrorKind::Range => "web-filter-error-range",
            FilterErrorKind::Status => "web-filter-error-status",
            FilterErrorKind::Rule => "web-filter-error-rule",
            FilterErrorKind::Account => "web-filter-error-account",
        };
        let args = [
            ("value", Arg::Text(&self.value)),
            ("until", Arg::Text(&self.other)),
            ("max", Arg::Number(f64::from(MAX_PER_PAGE))),
        ];
        Messages::global().format(locale, key, &args)
    }
}

/// A parsed request for a list of alerts.
#[derive(Debug, Clone)]
pub(crate) struct AlertQuery {
    /// The values as typed.
    pub input: FilterInput,
    /// The filter for the store, or every reason it could not be built.
    pub filter: Result<AlertFilter, Vec<FilterError>>,
}

/// Parses the alert filters from query pairs; dates are read in `offset`, the
/// node's zone. Unknown parameters, such as `lang`, are ignored.
pub(crate) fn parse(pairs: &[(String, String)], offset: FixedOffset) -> AlertQuery {
    let value = |name: &str| -> String {
        pairs.iter().rev().find(|(key, _)| key == name).map(|(_, value)| value.trim().to_owned()).unwrap_or_default()
    };
    let input = FilterInput {
        rule: value("rule"),
        min_score: value("min_score"),
        status: value("status"),
        from: value("from"),
        until: value("until"),
        account: value("account"),
        per_page: value("per_page"),
    };
    let page = value("page");

    let mut errors = Vec::new();
    let mut filter = AlertFilter { per_page: DEFAULT_PER_PAGE, ..AlertFilter::default() };

    if !input.rule.is_empty() {
        let valid = input.rule.len() <= MAX_RULE_LEN
            && input.rule.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
        if valid {
            filter.rule = Some(input.rule.clone());
        } else {
            errors.push(FilterError::new("rule", &input.rule, FilterErrorKind::Rule));
        }
    }

    if !input.min_score.is_empty() {
        match input.min_score.parse::<u8>() {
            Ok(score) if score <= 100 => filter.min_score = Some(score),
            _ => errors.push(FilterError::new("min_score", &input.min_score, FilterErrorKind::MinScore)),
        }
    }

    if !input.status.is_empty() {
        match input.status.parse::<AlertStatus>() {
            Ok(status) => filter.status = Some(status),
            Err(_) => errors.push(FilterError::new("status", &input.status, FilterErrorKind::Status)),
        }
    }

    let from = parse_date(&input.from, "from", FilterErrorKind::From, &mut errors);
    let until = parse_date(&input.until, "until", FilterErrorKind::Until, &mut errors);
    if let (Some(from), Some(until)) = (from, until)
        && from > until
    {
        let mut error = FilterError::new("from", &input.from, FilterErrorKind::Range);
        error.other = input.until.clone();
        errors.push(error);
    }
    filter.from = from.and_then(|date| start_of_day(date, offset));
    // `until` is inclusive: the filter ends at the start of the next day.
    filter.until = until.and_then(|date| date.checked_add_days(Days::new(1))).and_then(|date| start_of_day(date, offset));

    if !input.account.is_empty() {
        if input.account.chars().count() <= MAX_ACCOUNT_LEN {
            filter.account = Some(AccountKey::from_stored(input.account.clone()));
        } else {
            errors.push(FilterError::new("account", &input.account, FilterErrorKind::Account));
        }
    }

    if !page.is_empty() {
        match page.parse::<u32>() {
            Ok(number) if number >= 1 => filter.page = number,
            _ => errors.push(FilterError::new("page", &page, FilterErrorKind::Page)),
        }
    }

    if !input.per_page.is_empty() {
        match input.per_page.parse::<u32>() {
            Ok(count) if (1..=MAX_PER_PAGE).contains(&count) => filter.per_page = count,
            _ => errors.push(FilterError::new("per_page", &input.per_page, FilterErrorKind::PerPage)),
        }
    }

    let filter = if errors.is_empty() { Ok(filter) } else { Err(errors) };
    AlertQuery { input, filter }
}

/// Checks whether a new alert belongs in a list shown with this filter, ignoring
/// the page number.
pub(crate) fn matches(filter: &AlertFilter, alert: &Alert) -> bool {
    let rule = filter.rule.as_ref().is_none_or(|rule| *rule == alert.rule);
    let score = filter.min_score.is_none_or(|min| alert.score >= min);
    let status = filter.status.is_none_or(|status| status == alert.status);
    let from = filter.from.is_none_or(|from| alert.raised_at.utc >= from);
    let until = filter.until.is_none_or(|until| alert.raised_at.utc < until);
    let account = filter.account.as_ref().is_none_or(|account| *account == alert.account);
    let shadow = filter.include_shadow || !alert.shadow;
    rule && score && status && from && until && account && shadow
}

fn parse_date(
    text: &str,
    param: &'static str,
    kind: FilterErrorKind,
    errors: &mut Vec<FilterError>,
) -> Option<NaiveDate> {
    if text.is_empty() {
        return None;
    }

    // chrono alone would also accept one-digit months and days; the form is fixed.
    let bytes = text.as_bytes();
    let shaped = bytes.len() == 10
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && bytes.iter().enumerate().all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit());
    let parsed = if shaped { NaiveDate::parse_from_str(text, "%Y-%m-%d").ok() } else { None };
    if parsed.is_none() {
        errors.push(FilterError::new(param, text, kind));
    }
    parsed
}

fn start_of_day(date: NaiveDate, offset: FixedOffset) -> Option<DateTime<Utc>> {
    date.and_time(NaiveTime::MIN).and_local_timezone(offset).single().map(|time| time.with_timezone(&Utc))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(query: &[(&str, &str)]) -> Vec<(String, String)> {
        query.iter().map(|(name, value)| ((*name).to_owned(), (*value).to_owned())).collect()
    }

    fn china() -> FixedOffset {
        FixedOffset::east_opt(8 * 3600).unwrap()
    }

    #[test]
    fn empty_values_mean_no_filter() {
        let query = parse(&pairs(&[("rule", ""), ("min_score", ""), ("page", "")]), china());
        let filter = query.filter.unwrap();
        assert_eq!(filter.rule, None);
        assert_eq!(filter.min_score, None);
        assert_eq!(filter.page, 1);
    }

    #[test]
    fn bad_values_all_reported() {
        let query = parse(
            &pairs(&[("min_score", "abc"), ("page", "0"), ("from", "2026-3-1"), ("status", "closed")]),
            china(),
        );
        let errors = query.filter.unwrap_err();
        let params: Vec<_> = errors.iter().map(|error| error.param).collect();
        assert_eq!(params, ["min_score", "status", "from", "page"]);
    }

    #[test]
    fn dates_read_in_node_zone() {
        let query = parse(&pairs(&[("from", "2026-03-01"), ("until", "2026-03-01")]), china());
        let filter = query.filter.unwrap();
        assert_eq!(filter.from.unwrap().to_rfc3339(), "2026-02-28T16:00:00+00:00");
        assert_eq!(filter.until.unwrap().to_rfc3339(), "2026-03-01T16:00:00+00:00");
    }

    #[test]
    fn reversed_dates_rejected() {
        let query = parse(&pairs(&[("from", "2026-03-02"), ("until", "2026-03-01")]), china());
        let errors = query.filter.unwrap_err();
        assert_eq!(errors[0].kind, FilterErrorKind::Range);
        assert!(errors[0].message(Locale::En).contains("2026-03-01"), "{}", errors[0].message(Locale::En));
    }
}
