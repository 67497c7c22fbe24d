//! The permission table: which role may perform which action.
//!
//! Invariant: an action not granted here is denied. Every route of the web layer and
//! every CLI command that reads or changes data names one [`Action`] and asks
//! [`allows`]. API tokens carry [`Scope`]s instead of roles.

use std::fmt;
use std::str::FromStr;

use crate::role::Role;

/// Something a signed-in user can do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// List and open alerts, with the transactions behind them.
    ReadAlerts,
    /// Move an alert along the workflow.
    ChangeAlertStatus,
    /// Open an account's page: its transactions and alerts.
    ReadAccounts,
    /// Open the audit trail's search page and search it.
    ReadAudit,
    /// Download the audit trail's matching records as CSV or JSON Lines.
    ExportAudit,
    /// Create, disable and change users.
    ManageUsers,
    /// Create and revoke API tokens.
    ManageTokens,
    /// Add entries to the flagged-identifier registry.
    ManageRegistry,
    /// List the entries of the flagged-identifier registry.
    ReadRegistry,
    /// Add and remove accounts on the flagged-account list.
    ManageFlags,
    /// Import bank transactions into the node, which scores them and raises alerts.
    ImportTransactions,
    /// Check the audit trail's hash chain and signed checkpoints.
    VerifyAudit,
    /// Add seized material to the evidence vault and parse it.
    AddEvidence,
    /// Open evidence items, their parsed records and their custody history.
    ReadEvidence,
    /// Search the parsed records of evidence items.
    SearchEvidence,
    /// Export evidence items and court packages.
    ExportEvidence,
    /// List and open freezes with their history.
    ReadFreezes,
    /// Request a freeze, order an emergency stop-payment or record an appeal.
    RequestFreeze,
    /// Approve, reject, renew or release a freeze, record returns to victims and
    /// decide appeals. `mekong-freeze` also forbids the requester to approve.
    ApproveFreeze,
    /// Trace funds forward or backward from a transaction or an account.
    TraceFunds,
    /// Import goAML bank reports and FtM entities.
    ImportReports,
    /// Read bank reports, their entities and merge suggestions, and export entities.
    ReadReports,
}

impl Action {
    /// Returns the snake-case name, such as `read_alerts`, used in messages and the audit trail.
    pub fn name(&self) -> String {
        let debug = format!("{self:?}");
        let mut name = String::with_capacity(debug.len() + 4);
        for (index, character) in debug.chars().enumerate() {
            if character.is_ascii_uppercase() && index > 0 {
                name.push('_');
            }
            name.push(character.to_ascii_lowercase());
        }
        name
    }
}

/// Roles granted each action. Reading this table top to bottom is the whole policy.
const TABLE: &[(Action, &[Role])] = &[
    (Action::ReadAlerts, &[Role::FiuAnalyst, Role::Investigator, Role::Supervisor]),
    (Action::ChangeAlertStatus, &[Role::FiuAnalyst, Role::Supervisor]),
    (Action::ReadAccounts, &[Role::FiuAnalyst, Role::Investigator, Role::Supervisor]),
    (Action::ReadAudit, &[Role::Auditor]),
    (Action::ExportAudit, &[Role::Auditor]),
    (Action::ManageUsers, &[Role::Administrator]),
    (Action::ManageTokens, &[Role::Administrator]),
    (Action::ManageRegistry, &[Role::FiuAnalyst, Role::Supervisor]),
    (Action::ReadRegistry, &[Role::FiuAnalyst, Role::Investigator, Role::Supervisor]),
    (Action::ManageFlags, &[Role::FiuAnalyst, Role::Supervisor]),
    (Action::ImportTransactions, &[Role::FiuAnalyst, Role::Supervisor]),
    (Action::VerifyAudit, &[Role::Auditor]),
    (Action::AddEvidence, &[Role::Investigator, Role::Supervisor]),
    (Action::ReadEvidence, &[Role::Investigator, Role::Prosecutor, Role::Supervisor]),
    (Action::SearchEvidence, &[Role::Investigator, Role::Prosecutor, Role::Supervisor]),
    (Action::ExportEvidence, &[Role::Investigator, Role::Prosecutor, Role::Supervisor]),
    (Action::ReadFreezes, &[Role::FiuAnalyst, Role::Investigator, Role::Supervisor]),
    (Action::RequestFreeze, &[Role::FiuAnalyst, Role::Investigator, Role::Supervisor]),
    (Action::ApproveFreeze, &[Role::Supervisor]),
    (Action::TraceFunds, &[Role::FiuAnalyst, Role::Investigator, Role::Supervisor]),
    (Action::ImportReports, &[Role::FiuAnalyst, Role::Supervisor]),
    (Action::ReadReports, &[Role::FiuAnalyst, Role::Investigator, Role::Supervisor]),
];

// NOTE: liaison officers are granted nothing yet, and prosecutors only evidence
// reading, search and export, because the transfers, cases and extradition
// documents they work on are not built.

/// Returns the roles granted an action.
pub fn granted(action: Action) -> &'static [Role] {
    TABLE.iter().find(|(entry, _)| *entry == action).map_or(&[], |(_, roles)| *roles)
}

/// Checks whether any of these roles is granted the action.
pub fn allows(roles: &[Role], action: Action) -> bool {
    let granted = granted(action);
    roles.iter().any(|role| granted.contains(role))
}

/// What an API token may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scope {
    /// `POST /api/v1/transactions`.
    SubmitTransactions,
    /// `GET /api/v1/alerts`.
    ReadAlerts,
    /// `GET /api/v1/risk`: the pre-payment risk query of banks and payment apps.
    QueryRisk,
    /// `POST /api/v1/registry`: list identifiers in the flagged-identifier registry.
    WriteRegistry,
}

impl Scope {
    /// Every scope.
    pub const ALL: [Scope; 4] = [Scope::SubmitTransactions, Scope::ReadAlerts, Scope::QueryRisk, Scope::WriteRegistry];

    /// The stored and command-line name.
    pub fn as_str(&self) -> &'static str {
        match self {
            Scope::SubmitTransactions => "transactions:submit",
            Scope::ReadAlerts => "alerts:read",
            Scope::QueryRisk => "risk:query",
            Scope::WriteRegistry => "registry:write",
        }
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A scope name that is not one of [`Scope::ALL`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown scope {0:?}; use transactions:submit, alerts:read, risk:query or registry:write")]
pub struct UnknownScope(pub String);

impl FromStr for Scope {
    type Err = UnknownScope;

    fn from_str(text: &str) -> Result<Scope, UnknownScope> {
        Scope::ALL.into_iter().find(|scope| scope.as_str() == text.trim()).ok_or_else(|| UnknownScope(text.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn administrator_sees_no_alerts() {
        assert!(!allows(&[Role::Administrator], Action::ReadAlerts));
        assert!(!allows(&[Role::Administrator], Action::ReadAccounts));
        assert!(allows(&[Role::Administrator], Action::ManageUsers));
    }

    #[test]
    fn no_roles_allow_nothing() {
        for action in [Action::ReadAlerts, Action::ManageUsers, Action::ReadAudit] {
            assert!(!allows(&[], action));
        }
    }

    #[test]
    fn auditor_reads_audit_only() {
        assert!(allows(&[Role::Auditor], Action::ReadAudit));
        assert!(allows(&[Role::Auditor], Action::ExportAudit));
        assert!(!allows(&[Role::Administrator], Action::ExportAudit));
        assert!(!allows(&[Role::Auditor], Action::ReadAlerts));
    }

    #[test]
    fn several_roles_combine() {
        let roles = [Role::Investigator, Role::Auditor];
        assert!(allows(&roles, Action::ReadAlerts));
        assert!(allows(&roles, Action::ReadAudit));
        assert!(!allows(&roles, Action::ChangeAlertStatus));
    }
}
