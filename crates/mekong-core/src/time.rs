//! Timestamps stored in UTC with the offset of the source zone kept.
//!
//! Bank exports in China are in UTC+8 (Asia/Shanghai) and in Laos in UTC+7
//! (Asia/Vientiane). Rules compare instants in UTC; screens and exports show the
//! time as the source wrote it, which is why the offset travels with the instant.

use std::fmt;

use chrono::{DateTime, FixedOffset, Offset, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};

/// An instant in UTC and the UTC offset, in seconds, of the zone it was recorded in.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Timestamp {
    /// The instant, in UTC.
    pub utc: DateTime<Utc>,
    /// Offset east of UTC, in seconds, of the zone the source used.
    pub offset_seconds: i32,
}

impl Timestamp {
    /// Creates a timestamp from a time with a fixed offset, keeping the offset.
    pub fn from_fixed(time: DateTime<FixedOffset>) -> Self {
        Timestamp { utc: time.with_timezone(&Utc), offset_seconds: time.offset().local_minus_utc() }
    }

    /// Creates a timestamp from a UTC instant and a source offset in seconds.
    pub fn from_utc(utc: DateTime<Utc>, offset_seconds: i32) -> Self {
        Timestamp { utc, offset_seconds }
    }

    /// Parses an RFC 3339 timestamp such as `2026-03-01T09:30:00+08:00`.
    pub fn parse_rfc3339(text: &str) -> Result<Self, chrono::ParseError> {
        DateTime::parse_from_rfc3339(text.trim()).map(Self::from_fixed)
    }

    /// The time as the source zone saw it.
    pub fn local(&self) -> DateTime<FixedOffset> {
        let offset = FixedOffset::east_opt(self.offset_seconds).unwrap_or(Utc.fix());
        self.utc.with_timezone(&offset)
    }

    /// Seconds since the Unix epoch of the UTC instant.
    pub fn unix_seconds(&self) -> i64 {
        self.utc.timestamp()
    }

    /// The RFC 3339 form in the source zone, as stored and exported.
    pub fn to_rfc3339(&self) -> String {
        self.local().to_rfc3339_opts(SecondsFormat::AutoSi, true)
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_rfc3339())
    }
}

impl fmt::Debug for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Timestamp({self})")
    }
}

/// The UTC offset of Asia/Shanghai, in seconds.
const CHINA_OFFSET_SECONDS: i32 = 8 * 3600;
/// The UTC offset of Asia/Vientiane, in seconds.
const LAOS_OFFSET_SECONDS: i32 = 7 * 3600;

/// Returns the UTC offset of a node's zone: UTC+7 in Laos, UTC+8 otherwise. Neither
/// zone has daylight saving time, so a fixed offset is exact.
pub fn node_zone(country: crate::Country) -> FixedOffset {
    let seconds = if country == crate::Country::LA { LAOS_OFFSET_SECONDS } else { CHINA_OFFSET_SECONDS };
    FixedOffset::east_opt(seconds).unwrap_or(Utc.fix())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_source_offset() {
        let time = Timestamp::parse_rfc3339("2026-03-01T09:30:00+07:00").unwrap();
        assert_eq!(time.offset_seconds, 7 * 3600);
        assert_eq!(time.utc.to_rfc3339(), "2026-03-01T02:30:00+00:00");
        assert_eq!(time.to_rfc3339(), "2026-03-01T09:30:00+07:00");
    }
}
