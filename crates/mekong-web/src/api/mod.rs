//! The JSON API for programs: bank feeds submit transactions and read alerts, and
//! banks and payment apps query the flagged-identifier registry before they pay.
//!
//! Invariants: every response is JSON, errors included; messages are English unless
//! the request has an `Accept-Language` header, and every error carries a stable
//! `code` that programs can match on. The format is documented in `docs/api.md`.

pub(crate) mod alerts;
pub(crate) mod countries;
pub(crate) mod error;
pub(crate) mod registry;
pub(crate) mod risk;
pub(crate) mod transactions;
pub(crate) mod validate;
