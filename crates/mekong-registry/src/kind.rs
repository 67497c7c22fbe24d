//! The kinds of identifier the registry lists and the listing types an entry can have.
//!
//! Invariant: `as_str` and `FromStr` round-trip, and the names are the ones stored in
//! the database, written in CSV files and used in the API.

use std::fmt;
use std::str::FromStr;

/// What kind of identifier an entry lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum IdentifierKind {
    /// A bank account, `BANK/NUMBER`.
    BankAccount,
    /// A phone number, stored in E.164.
    Phone,
    /// A web address.
    Url,
    /// A domain name.
    Domain,
    /// A crypto-currency wallet address.
    Wallet,
    /// A mobile device's IMEI.
    Imei,
    /// An IPv4 or IPv6 address.
    Ip,
}

impl IdentifierKind {
    /// Every kind.
    pub const ALL: [IdentifierKind; 7] = [
        IdentifierKind::BankAccount,
        IdentifierKind::Phone,
        IdentifierKind::Url,
        IdentifierKind::Domain,
        IdentifierKind::Wallet,
        IdentifierKind::Imei,
        IdentifierKind::Ip,
    ];

    /// The stored name.
    pub fn as_str(&self) -> &'static str {
        match self {
            IdentifierKind::BankAccount => "bank_account",
            IdentifierKind::Phone => "phone",
            IdentifierKind::Url => "url",
            IdentifierKind::Domain => "domain",
            IdentifierKind::Wallet => "wallet",
            IdentifierKind::Imei => "imei",
            IdentifierKind::Ip => "ip",
        }
    }
}

impl fmt::Display for IdentifierKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A kind name that is not one of [`IdentifierKind::ALL`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown identifier kind {0:?}; use bank_account, phone, url, domain, wallet, imei or ip")]
pub struct UnknownKind(pub String);

impl FromStr for IdentifierKind {
    type Err = UnknownKind;

    fn from_str(text: &str) -> Result<IdentifierKind, UnknownKind> {
        let text = text.trim();
        IdentifierKind::ALL.into_iter().find(|kind| kind.as_str() == text).ok_or_else(|| UnknownKind(text.to_owned()))
    }
}

/// Why an identifier is listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ListingType {
    /// An account that received or passed on money in a fraud case.
    CaseRelatedAccount,
    /// The holder is barred for selling, renting or lending accounts or phone cards
    /// (China, Anti-Telecom and Online Fraud Law 2022, Art. 31).
    BarredAccountRenter,
    /// A phone number used to call or message victims.
    ScamPhone,
    /// A web address or domain of a scam site or app.
    ScamUrl,
    /// Any other reason, given in the entry's reason.
    Other,
}

impl ListingType {
    /// Every listing type.
    pub const ALL: [ListingType; 5] = [
        ListingType::CaseRelatedAccount,
        ListingType::BarredAccountRenter,
        ListingType::ScamPhone,
        ListingType::ScamUrl,
        ListingType::Other,
    ];

    /// The stored name.
    pub fn as_str(&self) -> &'static str {
        match self {
            ListingType::CaseRelatedAccount => "case_related_account",
            ListingType::BarredAccountRenter => "barred_account_renter",
            ListingType::ScamPhone => "scam_phone",
            ListingType::ScamUrl => "scam_url",
            ListingType::Other => "other",
        }
    }
}

impl fmt::Display for ListingType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A listing type name that is not one of [`ListingType::ALL`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown listing type {0:?}; use case_related_account, barred_account_renter, scam_phone, scam_url or other"
)]
pub struct UnknownListing(pub String);

impl FromStr for ListingType {
    type Err = UnknownListing;

    fn from_str(text: &str) -> Result<ListingType, UnknownListing> {
        let text = text.trim();
        ListingType::ALL.into_iter().find(|listing| listing.as_str() == text).ok_or_else(|| UnknownListing(text.to_owned()))
    }
}
