//! Errors of the freeze lifecycle.

use rust_decimal::Decimal;

use crate::freeze::FreezeState;
use crate::permission::FreezeAction;

/// A transition that was rejected, or stored data that cannot be read back.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FreezeError {
    /// The transition is not defined from the freeze's current state.
    #[error("cannot {action} a freeze in state {state}")]
    InvalidState {
        /// The transition requested.
        action: FreezeAction,
        /// The freeze's current state.
        state: FreezeState,
    },
    /// None of the actor's roles is granted the transition.
    #[error("user {user} holds no role allowed to {action}; required: {required}")]
    Forbidden {
        /// The acting user.
        user: String,
        /// The transition requested.
        action: FreezeAction,
        /// The roles that would allow it, comma-separated.
        required: String,
    },
    /// The user who requested the freeze tried to approve it.
    #[error("user {user} requested this freeze and cannot approve it; a second supervisor must approve")]
    FourEyes {
        /// The acting user.
        user: String,
    },
    /// A required field is empty.
    #[error("missing {0}")]
    Missing(&'static str),
    /// An amount is zero or negative.
    #[error("invalid amount {0}: it must be greater than zero")]
    InvalidAmount(Decimal),
    /// The returns would exceed the frozen amount.
    #[error("returning {requested} would bring the total returned above the frozen amount {frozen} (already returned {returned})")]
    ReturnExceedsFrozen {
        /// The frozen amount.
        frozen: Decimal,
        /// The amount returned before this transition.
        returned: Decimal,
        /// The amount this transition would return.
        requested: Decimal,
    },
    /// The freeze was asked to expire before its expiry time.
    #[error("the freeze is not due to expire yet")]
    NotDue,
    /// A legal basis name is not one of [`crate::LegalBasis::ALL`].
    #[error("unknown legal basis {0:?}; use cn-atof-20 or la-amlcft-39")]
    UnknownLegalBasis(String),
    /// A state name is not one of [`crate::FreezeState::ALL`].
    #[error("unknown freeze state {0:?}")]
    UnknownState(String),
    /// A stored value cannot be decoded.
    #[error("corrupt stored freeze: {0}")]
    Corrupt(String),
}
