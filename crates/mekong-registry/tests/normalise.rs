//! Table tests of identifier normalisation.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use mekong_core::Country;
use mekong_registry::{IdentifierKind, NormaliseError, normalise};

/// (kind, raw, region, expected value, expected validity)
const VALID: &[(IdentifierKind, &str, Country, &str, bool)] = &[
    // Chinese mobile numbers: international, 00 prefix, local, with separators.
    (IdentifierKind::Phone, "+86 138 1234 5678", Country::CN, "+8613812345678", true),
    (IdentifierKind::Phone, "008613812345678", Country::LA, "+8613812345678", true),
    (IdentifierKind::Phone, "138-1234-5678", Country::CN, "+8613812345678", true),
    (IdentifierKind::Phone, "(010) 6552 9988", Country::CN, "+861065529988", true),
    // Lao mobile and Vientiane fixed-line numbers, local forms with the trunk 0.
    (IdentifierKind::Phone, "+856 20 5555 1234", Country::CN, "+8562055551234", true),
    (IdentifierKind::Phone, "020 5555 1234", Country::LA, "+8562055551234", true),
    (IdentifierKind::Phone, "021 212 345", Country::LA, "+85621212345", true),
    // Invalid per the metadata, but kept.
    (IdentifierKind::Phone, "+86 123", Country::CN, "+86123", false),
    (IdentifierKind::Phone, "+856 99 123", Country::LA, "+85699123", false),
    (IdentifierKind::Url, "HTTPS://Scam.Example:443/Pay?x=1#top", Country::CN, "https://scam.example/Pay?x=1", true),
    (IdentifierKind::Url, "www.Scam.example./a", Country::CN, "http://www.scam.example/a", true),
    (IdentifierKind::Url, "http://例子.测试:8080/", Country::CN, "http://xn--fsqu00a.xn--0zwm56d:8080/", true),
    (IdentifierKind::Domain, "Scam.Example.", Country::CN, "scam.example", true),
    (IdentifierKind::Domain, "www.例子.测试", Country::CN, "www.xn--fsqu00a.xn--0zwm56d", true),
    (IdentifierKind::BankAccount, " ICBC / 6222 0000-0000 0001 ", Country::CN, "ICBC/6222000000000001", true),
    (IdentifierKind::Wallet, " 0xAbCdEF0123456789abcdef0123456789ABCDEF01 ", Country::CN, "0xabcdef0123456789abcdef0123456789abcdef01", true),
    (IdentifierKind::Wallet, "TQn9Y2khEsLJW1ChVWFMSMeRDow5KcbLSE", Country::CN, "TQn9Y2khEsLJW1ChVWFMSMeRDow5KcbLSE", true),
    (IdentifierKind::Imei, "49-015420-323751-8", Country::CN, "490154203237518", true),
    (IdentifierKind::Ip, " 203.0.113.5 ", Country::CN, "203.0.113.5", true),
    (IdentifierKind::Ip, "2001:DB8:0:0::1", Country::CN, "2001:db8::1", true),
];

#[test]
fn normalisation_table_values() {
    for (kind, raw, region, expected, valid) in VALID {
        let normalised = normalise(*kind, raw, *region).unwrap_or_else(|error| panic!("{kind} {raw:?}: {error}"));
        assert_eq!(normalised.value, *expected, "{kind} {raw:?}");
        assert_eq!(normalised.valid, *valid, "validity of {kind} {raw:?}");
    }
}

#[test]
fn malformed_identifiers_rejected() {
    let cases: &[(IdentifierKind, &str, NormaliseError)] = &[
        (IdentifierKind::Phone, "   ", NormaliseError::Empty),
        (IdentifierKind::Phone, "call me", NormaliseError::Phone("call me".to_owned())),
        (IdentifierKind::BankAccount, "6222000000000001", NormaliseError::BankAccount("6222000000000001".to_owned())),
        (IdentifierKind::Imei, "49015420323751", NormaliseError::ImeiLength("49015420323751".to_owned())),
        (IdentifierKind::Imei, "490154203237519", NormaliseError::ImeiCheckDigit("490154203237519".to_owned())),
        (IdentifierKind::Ip, "300.1.1.1", NormaliseError::Ip("300.1.1.1".to_owned())),
        (IdentifierKind::Domain, "scam.example/pay", NormaliseError::Domain("scam.example/pay".to_owned())),
        (IdentifierKind::Wallet, "0xab cd", NormaliseError::Wallet("0xab cd".to_owned())),
    ];
    for (kind, raw, expected) in cases {
        assert_eq!(normalise(*kind, raw, Country::CN).as_ref(), Err(expected), "{kind} {raw:?}");
    }
}
