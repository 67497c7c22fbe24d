//! Alerts raised by the monitor and the workflow an analyst moves them through.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::{AccountKey, NodeId, Timestamp};

/// An alert: one rule matched on one account, with the transactions that made it match.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Alert {
    /// Stable id derived from the node, rule, account and triggering transaction,
    /// so that replaying the same transactions raises the same alert ids.
    pub id: String,
    /// The node that raised the alert.
    pub origin: NodeId,
    /// The rule's id, such as `fan_in`.
    pub rule: String,
    /// The version of the rule's settings that raised the alert.
    pub rule_version: u32,
    /// How strongly the rule matched, 0 to 100.
    pub score: u8,
    /// The account the alert is about.
    pub account: AccountKey,
    /// Every account that takes part in the pattern, the subject account included.
    pub involved: Vec<AccountKey>,
    /// Ids of the transactions that made the rule match, oldest first.
    pub transactions: Vec<String>,
    /// Why the rule matched, as a message key with arguments for every locale.
    pub explanation: Explanation,
    /// Whether the rule runs in shadow mode: recorded and marked, no decisions.
    pub shadow: bool,
    /// Progress of the analyst's work on the alert.
    pub status: AlertStatus,
    /// Time of the transaction that raised the alert.
    pub raised_at: Timestamp,
}

/// A translatable sentence: a Fluent message id and its arguments.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Explanation {
    /// The Fluent message id.
    pub key: String,
    /// Named arguments of the message, already formatted as text.
    pub args: BTreeMap<String, String>,
}

impl Explanation {
    /// Creates an explanation with no arguments.
    pub fn new(key: &str) -> Self {
        Explanation { key: key.to_owned(), args: BTreeMap::new() }
    }

    /// Adds a named argument.
    pub fn arg(mut self, name: &str, value: impl ToString) -> Self {
        self.args.insert(name.to_owned(), value.to_string());
        self
    }
}

/// Progress of an analyst's work on an alert.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AlertStatus {
    /// Raised and not yet looked at.
    Open,
    /// An analyst is working on it.
    UnderReview,
    /// Passed on for investigation or a report to the FIU.
    Escalated,
    /// Closed as not suspicious.
    Dismissed,
}

/// A status change the workflow does not allow.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("an alert cannot move from {from} to {to}: allowed are open → under review → escalated or dismissed")]
pub struct StatusChangeError {
    /// The current status.
    pub from: AlertStatus,
    /// The requested status.
    pub to: AlertStatus,
}

impl AlertStatus {
    /// Every status, in workflow order.
    pub const ALL: [AlertStatus; 4] =
        [AlertStatus::Open, AlertStatus::UnderReview, AlertStatus::Escalated, AlertStatus::Dismissed];

    /// The snake_case name used in the API and storage.
    pub fn as_str(&self) -> &'static str {
        match self {
            AlertStatus::Open => "open",
            AlertStatus::UnderReview => "under_review",
            AlertStatus::Escalated => "escalated",
            AlertStatus::Dismissed => "dismissed",
        }
    }

    /// The statuses an alert may move to from this one.
    pub fn next(&self) -> &'static [AlertStatus] {
        match self {
            AlertStatus::Open => &[AlertStatus::UnderReview],
            AlertStatus::UnderReview => &[AlertStatus::Escalated, AlertStatus::Dismissed],
            AlertStatus::Escalated | AlertStatus::Dismissed => &[],
        }
    }

    /// Checks that moving to `to` is allowed.
    pub fn check_change(&self, to: AlertStatus) -> Result<(), StatusChangeError> {
        if self.next().contains(&to) {
            Ok(())
        } else {
            Err(StatusChangeError { from: *self, to })
        }
    }
}

impl fmt::Display for AlertStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A status name that is not one of the four statuses.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown alert status {0:?}: expected open, under_review, escalated or dismissed")]
pub struct AlertStatusError(pub String);

impl FromStr for AlertStatus {
    type Err = AlertStatusError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        AlertStatus::ALL
            .into_iter()
            .find(|status| status.as_str() == s)
            .ok_or_else(|| AlertStatusError(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workflow_allows_review_then_escalation() {
        assert!(AlertStatus::Open.check_change(AlertStatus::UnderReview).is_ok());
        assert!(AlertStatus::UnderReview.check_change(AlertStatus::Escalated).is_ok());
    }

    #[test]
    fn workflow_rejects_skipping_review() {
        assert!(AlertStatus::Open.check_change(AlertStatus::Escalated).is_err());
    }

    #[test]
    fn closed_alert_stays_closed() {
        assert!(AlertStatus::Dismissed.check_change(AlertStatus::Open).is_err());
    }
}
