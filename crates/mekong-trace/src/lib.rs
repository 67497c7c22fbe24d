//! Fund tracing: follow a victim's money forward through every later hop, or an
//! account's money backward to where it came from.
//!
//! A trace starts from one transaction, or from an account and a time, and walks the
//! transactions of every account the traced money reaches, in time order. Each
//! account keeps a ledger that attributes its outgoing payments to traced money
//! either first in, first out ([`Method::Fifo`]) or by the traced share of what it
//! contains ([`Method::Proportional`]). Amounts in other currencies are converted with
//! the caller's [`RateTable`].
//!
//! Invariants every [`Trace`] keeps, checked by the property tests:
//! - an edge never carries more traced money than its transaction moved;
//! - an account never passes on more traced money than it received;
//! - for every account, `held + forwarded == received`, exactly;
//! - the money held across all accounts that are not trace origins equals the
//!   money the origins sent, so a trace neither creates nor loses money.

mod csv_export;
mod engine;
mod error;
mod ledger;
mod options;
mod rates;
mod result;
mod source;

pub use csv_export::COLUMNS as CSV_COLUMNS;
pub use engine::{trace, trace_backward, trace_forward};
pub use error::TraceError;
pub use options::{Direction, Method, Start, TraceOptions};
pub use rates::RateTable;
pub use result::{StopReason, Trace, TraceEdge, TraceNode};
pub use source::{MemorySource, TimeWindow, TraceSource};
