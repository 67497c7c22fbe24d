//! How values appear on the screens: money, times, rule, status, decision and
//! channel names, and links to alerts and accounts.
//!
//! Invariants: money is shown exactly as stored, as the decimal with its stored
//! scale and the ISO 4217 code, never rounded or converted. A transaction time is
//! shown in the offset of the zone that recorded it, with the UTC time on hover.

use chrono::{DateTime, FixedOffset, SecondsFormat, Utc};
use maud::{Markup, html};
use mekong_core::i18n::{Locale, Messages};
use mekong_core::{AccountKey, AlertStatus, Channel, Country, Decision, Money, Timestamp};

/// Returns the UTC offset of a node's zone: UTC+7 in Laos, UTC+8 otherwise.
pub(crate) fn country_offset(country: Country) -> FixedOffset {
    mekong_core::time::node_zone(country)
}

/// Formats money exactly as stored, such as `1000.00 CNY`.
pub(crate) fn money(value: &Money) -> String {
    format!("{} {}", value.amount, value.currency)
}

/// Renders a transaction time in its source offset, with the UTC time as a tooltip.
pub(crate) fn timestamp(value: &Timestamp) -> Markup {
    let local = value.local();
    html! {
        time datetime=(value.to_rfc3339()) title=(utc_title(value.utc)) {
            (local.format("%Y-%m-%d %H:%M:%S %:z"))
        }
    }
}

/// Renders an instant of the node's clock in the node's offset, with the UTC time
/// as a tooltip.
pub(crate) fn instant(value: DateTime<Utc>, offset: FixedOffset) -> Markup {
    let local = value.with_timezone(&offset);
    html! {
        time datetime=(local.to_rfc3339_opts(SecondsFormat::Secs, true)) title=(utc_title(value)) {
            (local.format("%Y-%m-%d %H:%M:%S %:z"))
        }
    }
}

fn utc_title(value: DateTime<Utc>) -> String {
    value.format("%Y-%m-%d %H:%M:%S UTC").to_string()
}

/// Returns a rule's display name (`rule-<id>` in the message files), or the id
/// itself where no name is translated yet.
pub(crate) fn rule_name(locale: Locale, rule: &str) -> String {
    let key = format!("rule-{rule}");
    let messages = Messages::global();
    if messages.has(locale, &key) { messages.get(locale, &key) } else { rule.to_owned() }
}

/// Returns the localised name of an alert status.
pub(crate) fn status_name(locale: Locale, status: AlertStatus) -> String {
    Messages::global().get(locale, &format!("status-{}", status.as_str()))
}

/// Returns the localised name of a decision.
pub(crate) fn decision_name(locale: Locale, decision: Decision) -> String {
    Messages::global().get(locale, &format!("decision-{}", decision.as_str()))
}

/// Returns the localised name of a payment channel.
pub(crate) fn channel_name(locale: Locale, channel: Channel) -> String {
    Messages::global().get(locale, &format!("web-channel-{}", channel.as_str()))
}

/// Returns the address of an alert's page.
pub(crate) fn alert_href(id: &str) -> String {
    format!("/alerts/{}", encode_path(id, false))
}

/// Returns the address of an account's page. The key's `/` stays a path separator,
/// because the route takes the rest of the path as the key.
pub(crate) fn account_href(key: &AccountKey) -> String {
    format!("/accounts/{}", encode_path(key.as_str(), true))
}

/// Percent-encodes text for a URL path; keeps `/` where `keep_slash` is set.
pub(crate) fn encode_path(text: &str, keep_slash: bool) -> String {
    let mut encoded = String::with_capacity(text.len());
    for byte in text.bytes() {
        let unreserved = byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~');
        if unreserved || (keep_slash && byte == b'/') {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

/// Builds a query string from name-value pairs, percent-encoding both.
pub(crate) fn encode_query(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(name, value)| format!("{}={}", encode_path(name, false), encode_path(value, false)))
        .collect::<Vec<_>>()
        .join("&")
}


#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use mekong_core::Currency;
    use rust_decimal::Decimal;

    use super::*;

    #[test]
    fn money_keeps_stored_scale() {
        let value = Money::new(Decimal::from_str("1000.10").unwrap(), Currency::CNY);
        assert_eq!(money(&value), "1000.10 CNY");
    }

    #[test]
    fn account_href_keeps_slash() {
        let key = AccountKey::new("ICBC", "6222 01/7");
        assert_eq!(account_href(&key), "/accounts/ICBC/6222%2001/7");
    }

    #[test]
    fn timestamp_shows_source_offset() {
        let time = Timestamp::parse_rfc3339("2026-03-01T09:30:00+07:00").unwrap();
        let rendered = timestamp(&time).into_string();
        assert!(rendered.contains("2026-03-01 09:30:00 +07:00"), "{rendered}");
        assert!(rendered.contains("2026-03-01 02:30:00 UTC"), "{rendered}");
    }

    #[test]
    fn unknown_rule_falls_back_to_id() {
        assert_eq!(rule_name(Locale::En, "no_such_rule"), "no_such_rule");
    }
}
