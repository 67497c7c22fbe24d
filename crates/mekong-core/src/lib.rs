//! Domain types shared by every Mekong Bridge crate: money, time, accounts,
//! transactions, alerts, decisions and the node identity.
//!
//! Invariants held by the types here:
//! - amounts are exact decimals with an ISO 4217 currency, never floating point;
//! - timestamps are kept in UTC together with the offset of the zone they came from;
//! - every stored record names the node it came from.

pub mod account;
pub mod alert;
pub mod country;
pub mod decision;
pub mod i18n;
pub mod ids;
pub mod key_file;
pub mod money;
pub mod node;
pub mod time;
pub mod transaction;

pub use account::{AccountKey, AccountRef};
pub use alert::{Alert, AlertStatus, Explanation, StatusChangeError};
pub use country::Country;
pub use decision::Decision;
pub use money::{Currency, CurrencyError, Money};
pub use node::{NodeId, NodeIdentity};
pub use time::Timestamp;
pub use transaction::{Channel, Transaction};
