//! The roles a user can hold. A user holds one or more; what each may do is in
//! [`crate::permission`].

use std::fmt;
use std::str::FromStr;

/// A role of a user of the node.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    /// Police investigator: runs cases.
    Investigator,
    /// Financial-intelligence analyst: triages alerts and reads accounts.
    FiuAnalyst,
    /// Approves four-eyes decisions.
    Supervisor,
    /// Requests and releases cross-border transfers.
    LiaisonOfficer,
    /// Prosecutor or judicial officer: extradition and handover documents.
    Prosecutor,
    /// Reads the audit trail, nothing else.
    Auditor,
    /// Manages users, keys and configuration; no case or personal data.
    Administrator,
}

impl Role {
    /// Every role, in the order forms list them.
    pub const ALL: [Role; 7] = [
        Role::Investigator,
        Role::FiuAnalyst,
        Role::Supervisor,
        Role::LiaisonOfficer,
        Role::Prosecutor,
        Role::Auditor,
        Role::Administrator,
    ];

    /// The stored and command-line name, such as `fiu_analyst`.
    pub fn as_str(&self) -> &'static str {
        match self {
            Role::Investigator => "investigator",
            Role::FiuAnalyst => "fiu_analyst",
            Role::Supervisor => "supervisor",
            Role::LiaisonOfficer => "liaison_officer",
            Role::Prosecutor => "prosecutor",
            Role::Auditor => "auditor",
            Role::Administrator => "administrator",
        }
    }

    /// The Fluent message id of the role's name.
    pub fn message_id(&self) -> String {
        format!("auth-role-{}", self.as_str().replace('_', "-"))
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A role name that is not one of [`Role::ALL`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown role {0:?}; use one of: investigator, fiu_analyst, supervisor, liaison_officer, prosecutor, auditor, administrator")]
pub struct UnknownRole(pub String);

impl FromStr for Role {
    type Err = UnknownRole;

    fn from_str(text: &str) -> Result<Role, UnknownRole> {
        let normal = text.trim().to_ascii_lowercase().replace('-', "_");
        Role::ALL.into_iter().find(|role| role.as_str() == normal).ok_or_else(|| UnknownRole(text.to_owned()))
    }
}

/// Parses stored role names, skipping names this version does not know, so that a
/// role removed in a later version grants nothing instead of failing sign-in.
pub fn parse_roles(names: &[String]) -> Vec<Role> {
    let mut roles: Vec<Role> = names.iter().filter_map(|name| name.parse().ok()).collect();
    roles.sort();
    roles.dedup();
    roles
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for role in Role::ALL {
            assert_eq!(role.as_str().parse::<Role>(), Ok(role));
        }
        assert_eq!("FIU-Analyst".parse::<Role>(), Ok(Role::FiuAnalyst));
        assert!("root".parse::<Role>().is_err());
    }
}
