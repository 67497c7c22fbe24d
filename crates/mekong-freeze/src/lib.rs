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
//! - an active freeze lapses at `expires_at` unless renewed ([`expire_due`]), moved
//!   by the node's [`FreezeClock`];
//! - while a freeze holds debits, the pipeline answers `hold` for payments out of its
//!   accounts ([`apply_hold`]) and accepts payments into them;
//! - every stored transition that banks must act on queues a [`BankNotice`] in the
//!   same database transaction ([`store_transition`]), delivered by [`run_outbox`].

mod delivery;
mod effect;
mod error;
mod expiry;
mod freeze;
mod legal;
mod notice;
mod permission;
mod persist;
mod scheduler;
pub mod transition;

pub use delivery::{Backoff, DeliveryError, DeliveryRound, NoticeEndpoint, deliver_due, run_outbox};
pub use effect::{FROZEN_REASON_PREFIX, apply_hold, holds_of, install_holds};
pub use error::FreezeError;
pub use expiry::{DEFAULT_PERIOD_MONTHS, FreezeConfig, due_reminders, expire_due};
pub use freeze::{Appeal, Freeze, FreezeRequest, FreezeState, FundReturn};
pub use legal::LegalBasis;
pub use notice::{BankNotice, NOTICE_FORMAT_VERSION, bank_notice, store_transition};
pub use permission::{Actor, FreezeAction, granted_roles};
pub use persist::{freeze_from_record, freeze_to_record, transition_to_record};
pub use scheduler::{ClockError, ClockRound, DEFAULT_CHECK_INTERVAL, DEFAULT_REMINDER_DAYS, FreezeClock};
pub use transition::{Applied, TransitionRecord};
