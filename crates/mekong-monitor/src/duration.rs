//! Durations in rule files, written as a whole number and a unit: `90s`, `30m`, `24h`, `7d`.
//!
//! Invariant: a parsed duration is at least one second and at most [`MAX_DAYS`] days, so
//! a window can never be zero or negative and state kept for it stays bounded.

use std::fmt;

/// The maximum duration a rule may use, in days.
pub const MAX_DAYS: u32 = 366;

/// The unit a duration was written in, kept so explanations read as the rule file does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DurationUnit {
    /// `s`
    Second,
    /// `m`
    Minute,
    /// `h`
    Hour,
    /// `d`
    Day,
}

impl DurationUnit {
    fn seconds(self) -> i64 {
        match self {
            DurationUnit::Second => 1,
            DurationUnit::Minute => 60,
            DurationUnit::Hour => 3_600,
            DurationUnit::Day => 86_400,
        }
    }

    fn suffix(self) -> char {
        match self {
            DurationUnit::Second => 's',
            DurationUnit::Minute => 'm',
            DurationUnit::Hour => 'h',
            DurationUnit::Day => 'd',
        }
    }
}

/// A positive duration from a rule file, such as a window or a cooldown.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct RuleDuration {
    count: u32,
    unit: DurationUnit,
}

impl RuleDuration {
    /// Parses `<whole number><unit>` with unit `s`, `m`, `h` or `d`; returns the reason on failure.
    pub fn parse(text: &str) -> Result<RuleDuration, &'static str> {
        let text = text.trim();
        let Some(last) = text.chars().last() else {
            return Err("expected a duration such as \"30m\", \"24h\" or \"7d\"");
        };

        let unit = match last {
            's' => DurationUnit::Second,
            'm' => DurationUnit::Minute,
            'h' => DurationUnit::Hour,
            'd' => DurationUnit::Day,
            _ => return Err("expected a whole number followed by s, m, h or d, such as \"30m\", \"24h\" or \"7d\""),
        };

        let digits = &text[..text.len() - last.len_utf8()];
        if digits.starts_with('-') {
            return Err("a duration must be positive, such as \"30m\", \"24h\" or \"7d\"");
        }
        if digits.is_empty() || !digits.bytes().all(|byte| byte.is_ascii_digit()) {
            return Err("expected a whole number followed by s, m, h or d, such as \"30m\", \"24h\" or \"7d\"");
        }

        let count: u32 = digits.parse().map_err(|_| "the number is too large; the maximum is 366d")?;
        if count == 0 {
            return Err("a duration of zero cannot be meant; give a positive duration such as \"30m\" or \"7d\"");
        }

        let duration = RuleDuration { count, unit };
        if duration.seconds() > i64::from(MAX_DAYS) * 86_400 {
            return Err("the duration is too long; the maximum is 366d");
        }
        Ok(duration)
    }

    /// Builds a duration in whole units; for defaults written in code.
    pub(crate) const fn new(count: u32, unit: DurationUnit) -> RuleDuration {
        RuleDuration { count, unit }
    }

    /// The length in seconds.
    pub fn seconds(&self) -> i64 {
        i64::from(self.count) * self.unit.seconds()
    }

    /// The number as written, such as `30` for `30d`.
    pub fn count(&self) -> u32 {
        self.count
    }

    /// The unit as written.
    pub fn unit(&self) -> DurationUnit {
        self.unit
    }

    /// The unit as the explanation messages select it: `day` or `days`, `hour` or `hours`, and so on.
    pub fn unit_message_name(&self) -> &'static str {
        let singular = self.count == 1;
        match (self.unit, singular) {
            (DurationUnit::Second, true) => "second",
            (DurationUnit::Second, false) => "seconds",
            (DurationUnit::Minute, true) => "minute",
            (DurationUnit::Minute, false) => "minutes",
            (DurationUnit::Hour, true) => "hour",
            (DurationUnit::Hour, false) => "hours",
            (DurationUnit::Day, true) => "day",
            (DurationUnit::Day, false) => "days",
        }
    }
}

impl fmt::Display for RuleDuration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.count, self.unit.suffix())
    }
}

impl fmt::Debug for RuleDuration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RuleDuration({self})")
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn parses_each_unit() {
        assert_eq!(RuleDuration::parse("90s").map(|d| d.seconds()), Ok(90));
        assert_eq!(RuleDuration::parse("30m").map(|d| d.seconds()), Ok(1_800));
        assert_eq!(RuleDuration::parse("24h").map(|d| d.seconds()), Ok(86_400));
        assert_eq!(RuleDuration::parse("7d").map(|d| d.seconds()), Ok(604_800));
    }

    #[test]
    fn rejects_zero_negative_garbage() {
        for text in ["0h", "-3d", "3x", "", "h", "1.5h", "24", "3 d", "٣d", "400d", "99999999999d"] {
            assert!(RuleDuration::parse(text).is_err(), "{text:?} was accepted");
        }
    }

    #[test]
    fn displays_as_written() {
        let duration = RuleDuration::parse("30d").unwrap();
        assert_eq!(duration.to_string(), "30d");
        assert_eq!(duration.unit_message_name(), "days");
        assert_eq!(RuleDuration::parse("1h").unwrap().unit_message_name(), "hour");
    }
}
