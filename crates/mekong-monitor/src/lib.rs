//! The transaction monitor of a Mekong Bridge node: scores every transaction in memory
//! as it arrives, against rules loaded from a TOML file, and raises alerts.
//!
//! Invariants:
//! - scoring is deterministic: the same transactions in the same order, with the same
//!   rules and flag list, give the same verdicts and alert ids. A node rebuilds its state
//!   after a restart by replaying stored transactions through [`Monitor::score`] and
//!   then applying its stored flags with [`Monitor::flag_account`], because flags set
//!   before the replay would match payments made before the account was flagged;
//! - windows run on transaction time, never the wall clock;
//! - a rule file is applied whole or not at all: [`RuleSet`] exists only validated;
//! - per-account state is bounded by the rules' longest window and a cap per account.
//!
//! The shipped rules and their reasons are in `default-rules.toml`
//! ([`RuleSet::default_toml`]).

mod amounts;
mod config;
mod duration;
mod error;
mod monitor;
mod risk;
mod rules;
mod ruleset;
mod state;
mod verdict;

pub use duration::{DurationUnit, RuleDuration};
pub use error::RuleError;
pub use monitor::Monitor;
pub use rules::{RuleKind, MAX_ALERT_ACCOUNTS, MAX_ALERT_TRANSACTIONS};
pub use ruleset::{Rule, RuleSet};
pub use state::MAX_EDGES_PER_DIRECTION;
pub use verdict::Verdict;
