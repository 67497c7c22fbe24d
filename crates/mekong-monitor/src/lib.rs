//! The transaction monitor of a Mekong Bridge node: scores every transaction in memory
//! as it arrives, against rules loaded from a TOML file, and raises alerts.
//!
//! Invariants:
//! - scoring is deterministic: the same transactions in the same order, with the same
//!   rules and flag list, give the same verdicts and alert ids. A node rebuilds its state
//!   after a restart by replaying stored transactions through [`Monitor::score`] and
//!   then applying its stored flags with [`Monitor::flag_account`], because flags set
//!   before the replay would match payments made before the account was flagged;
//! - a [`Snapshot`] restores the whole state, so a node replays only the transactions
//!   stored after it. A restored monitor scores the next transactions exactly as the
//!   monitor the snapshot was taken from;
//! - windows run on transaction time, never the wall clock;
//! - a rule file is applied whole or not at all: [`RuleSet`] exists only validated;
//! - per-account state is bounded by the rules' longest window and a cap per account.
//!
//! The shipped rules and their reasons are in `default-rules.toml`
//! ([`RuleSet::default_toml`]).

mod amounts;
mod config;
mod debit_hold;
mod duration;
mod error;
mod flow;
mod monitor;
mod risk;
mod rules;
mod ruleset;
mod snapshot;
mod state;
mod verdict;

pub use debit_hold::{DebitHolds, FROZEN_DEBIT_RULE};
pub use duration::{DurationUnit, RuleDuration};
pub use error::RuleError;
pub use monitor::Monitor;
pub use rules::{RuleKind, MAX_ALERT_ACCOUNTS, MAX_ALERT_TRANSACTIONS};
pub use ruleset::{Rule, RuleSet};
pub use snapshot::{CoveredTransaction, SNAPSHOT_FORMAT_VERSION, Snapshot, SnapshotError, SnapshotTag};
pub use state::MAX_EDGES_PER_DIRECTION;
pub use verdict::Verdict;
