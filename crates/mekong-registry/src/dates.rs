//! Start and expiry times of registry entries as people type them: RFC 3339, or a
//! date `YYYY-MM-DD` read in the node's zone.
//!
//! Invariants:
//! - a start date means 00:00 of that day in the node's zone;
//! - an expiry date means the flag is in force through the end of that day, so the
//!   stored expiry is 00:00 of the next day, because [`crate::Entry::in_force`] treats
//!   the expiry instant as already lapsed;
//! - [`shown_date`] reverses both rules, so an entry typed as dates shows as the same
//!   dates.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, TimeDelta, Utc};

/// The end of a validity period that a typed time sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeriodEnd {
    /// `starts_at`: a date is the start of that day.
    Start,
    /// `expires_at`: a date is the last day in force.
    Expiry,
}

/// Parses RFC 3339, or a date `YYYY-MM-DD` in `zone` by the rule of `end`. Returns
/// `None` for anything else.
pub fn parse_period_time(text: &str, zone: FixedOffset, end: PeriodEnd) -> Option<DateTime<Utc>> {
    if let Ok(time) = DateTime::parse_from_rfc3339(text) {
        return Some(time.with_timezone(&Utc));
    }

    let date = NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()?;
    let day = match end {
        PeriodEnd::Start => date,
        PeriodEnd::Expiry => date.succ_opt()?,
    };
    let midnight = day.and_time(NaiveTime::MIN).and_local_timezone(zone).single()?;
    Some(midnight.with_timezone(&Utc))
}

/// Returns the date to show for a stored time when it falls on 00:00 in `zone`: that
/// day for a start, and the day before for an expiry (its last day in force). Returns
/// `None` for any other time, which is shown in full.
pub fn shown_date(time: DateTime<Utc>, zone: FixedOffset, end: PeriodEnd) -> Option<NaiveDate> {
    let local = time.with_timezone(&zone);
    if local.time() != NaiveTime::MIN {
        return None;
    }

    match end {
        PeriodEnd::Start => Some(local.date_naive()),
        PeriodEnd::Expiry => local.date_naive().checked_sub_signed(TimeDelta::days(1)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plus_eight() -> FixedOffset {
        FixedOffset::east_opt(8 * 3600).unwrap()
    }

    #[test]
    fn start_date_is_local_midnight() {
        let start = parse_period_time("2026-03-01", plus_eight(), PeriodEnd::Start).unwrap();
        assert_eq!(start.to_rfc3339(), "2026-02-28T16:00:00+00:00");
        assert_eq!(shown_date(start, plus_eight(), PeriodEnd::Start), NaiveDate::from_ymd_opt(2026, 3, 1));
    }

    #[test]
    fn expiry_date_ends_that_day() {
        let expiry = parse_period_time("2026-03-31", plus_eight(), PeriodEnd::Expiry).unwrap();
        assert_eq!(expiry.to_rfc3339(), "2026-03-31T16:00:00+00:00", "00:00 on 1 April at +08:00");
        assert_eq!(shown_date(expiry, plus_eight(), PeriodEnd::Expiry), NaiveDate::from_ymd_opt(2026, 3, 31));
    }

    #[test]
    fn full_times_kept_and_shown() {
        let time = parse_period_time("2026-03-01T09:30:00+07:00", plus_eight(), PeriodEnd::Expiry).unwrap();
        assert_eq!(time.to_rfc3339(), "2026-03-01T02:30:00+00:00");
        assert_eq!(shown_date(time, plus_eight(), PeriodEnd::Start), None);
        assert_eq!(shown_date(time, plus_eight(), PeriodEnd::Expiry), None);
    }

    #[test]
    fn invalid_text_rejected() {
        for text in ["", "2026-02-30", "01/03/2026", "2026-03-01T09:30"] {
            assert_eq!(parse_period_time(text, plus_eight(), PeriodEnd::Start), None, "{text}");
        }
    }
}
