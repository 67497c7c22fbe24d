//! The flagged-identifier registry: bank accounts, phone numbers, URLs and domains,
//! crypto wallets, device IMEIs and IP addresses that an agency listed, each with its
//! reason, legal basis, validity period and appeal route.
//!
//! Invariants:
//! - every identifier is stored and looked up in the normalised form of [`normalise`],
//!   next to the raw text it was given in;
//! - every entry states its reason and appeal route ([`Entry::check`]);
//! - the risk query answers from memory ([`RiskIndex`]), which [`Registry`] keeps in
//!   step with the database on every change.

mod dates;
mod entry;
mod error;
mod flag_schedule;
mod import;
mod kind;
mod normalise;
mod period;
mod phone;
mod risk;
mod service;
mod web_address;

pub use dates::{PeriodEnd, parse_period_time, shown_date};
pub use entry::{Entry, MAX_TEXT_CHARS};
pub use error::RegistryError;
pub use flag_schedule::FlagRefresh;
pub use import::{ImportReport, RowReject, import_csv, import_csv_text};
pub use kind::{IdentifierKind, ListingType, UnknownKind, UnknownListing};
pub use mekong_store::registry::Upsert;
pub use normalise::{NormaliseError, Normalised, normalise};
pub use period::{Period, PeriodError, resolve_period};
pub use risk::{RiskAnswer, RiskDecision, RiskIndex, RiskReason};
pub use service::{FlagSink, Registry, StoreFlags};
