//! The decision the monitor returns for a transaction in the payment path.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// What the bank should do with a transaction, ordered from least to most severe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Decision {
    /// Let the payment through.
    Allow,
    /// Let it through and have an analyst look at it.
    Review,
    /// Delay settlement until an analyst has decided (China Anti-Telecom and Online
    /// Fraud Law Art. 18; Lao AML/CFT Law Art. 29).
    Hold,
}

impl Decision {
    /// The lower-case name used in the API and in storage.
    pub fn as_str(&self) -> &'static str {
        match self {
            Decision::Allow => "allow",
            Decision::Review => "review",
            Decision::Hold => "hold",
        }
    }
}

impl fmt::Display for Decision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A decision name that is not `allow`, `review` or `hold`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid decision {0:?}: expected allow, review or hold")]
pub struct DecisionError(pub String);

impl FromStr for Decision {
    type Err = DecisionError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "allow" => Ok(Decision::Allow),
            "review" => Ok(Decision::Review),
            "hold" => Ok(Decision::Hold),
            other => Err(DecisionError(other.to_owned())),
        }
    }
}
