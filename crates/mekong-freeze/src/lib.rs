//! The freeze lifecycle of China's Anti-Telecom and Online Fraud Law (Art. 20) and the
//! Lao AML/CFT Law (Art. 39) as data: states, transitions, the four-eyes rule, expiry
//! and return of funds to victims.
//!
//! Invariants:
//! - a [`Freeze`] changes only through the functions of [`transition`], and each checks
//!   the current state, the actor's roles and the required fields before it returns
//!   the new freeze and a [`TransitionRecord`] for the audit trail;
//! - the user who requested a freeze can never approve it, and only a `supervisor` can;
//! - the total returned to victims never exceeds the frozen amount;
//! - an active freeze lapses at `expires_at` unless renewed ([`expire_due`]).

mod effect;
mod error;
mod expiry;
mod freeze;
mod legal;
mod permission;
mod persist;
pub mod transition;

pub use effect::{FROZEN_REASON_PREFIX, sync_flags};
pub use error::FreezeError;
pub use expiry::{DEFAULT_PERIOD_MONTHS, FreezeConfig, due_reminders, expire_due};
pub use freeze::{Appeal, Freeze, FreezeRequest, FreezeState, FundReturn};
pub use legal::LegalBasis;
pub use permission::{Actor, FreezeAction, granted_roles};
pub use persist::{freeze_from_record, freeze_to_record, transition_to_record};
pub use transition::{Applied, TransitionRecord};
