//! Errors of fund tracing.

use mekong_core::{AccountKey, Currency};
use mekong_store::StoreError;

/// A trace that could not be computed.
#[derive(Debug, thiserror::Error)]
pub enum TraceError {
    /// The start transaction is not stored.
    #[error("transaction {0:?} not found: check the id, or trace from an account instead")]
    TransactionNotFound(String),

    /// Several nodes stored a transaction with this id, so the start is ambiguous.
    #[error(
        "transaction id {id:?} is stored by several nodes ({origins}): give the origin node as well"
    )]
    AmbiguousTransaction {
        /// The id given.
        id: String,
        /// The nodes that stored a transaction with it, comma-separated.
        origins: String,
    },

    /// The start account has no transactions in the direction and time window traced.
    #[error("account {0} has no transactions to trace in the given direction and time window")]
    NothingToTrace(AccountKey),

    /// A transaction's currency differs from the trace currency and the rate table
    /// has no rate between them in either direction.
    #[error(
        "no exchange rate from {from} to {to}: add one to the rate table (for example --rate {from}:{to}=RATE)"
    )]
    MissingRate {
        /// Currency of the transaction.
        from: Currency,
        /// Currency the trace counts in.
        to: Currency,
    },

    /// A rate in the rate table is zero or negative.
    #[error("invalid exchange rate {rate} from {from} to {to}: a rate must be positive")]
    InvalidRate {
        /// Source currency.
        from: Currency,
        /// Target currency.
        to: Currency,
        /// The rate given.
        rate: rust_decimal::Decimal,
    },

    /// A rate given as text is not `FROM:TO=RATE`.
    #[error("invalid exchange rate {0:?}: expected FROM:TO=RATE, such as LAK:CNY=0.00033")]
    RateSyntax(String),

    /// An amount grew beyond what `rust_decimal` represents (about 7.9e28).
    #[error("amount overflow while converting or attributing transaction {0:?}")]
    Overflow(String),

    /// Reading transactions from storage failed.
    #[error("reading transactions failed: {0}")]
    Store(#[from] StoreError),

    /// Writing the CSV export failed.
    #[error("writing the trace as CSV failed: {0}")]
    Csv(#[from] csv::Error),
}
