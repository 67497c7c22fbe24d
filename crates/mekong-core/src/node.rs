//! The identity of a node: which country and agency runs it.
//!
//! The identity is set once, on first start, and every record the node stores
//! carries its node id, so that records keep their origin when they travel.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::Country;

/// A node identifier: lower-case ASCII letters, digits and `-`, 3 to 63 characters.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct NodeId(String);

/// A node id that does not follow the allowed form.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid node id {0:?}: use 3 to 63 lower-case letters, digits or '-', such as cn-mps-yunnan")]
pub struct NodeIdError(pub String);

impl NodeId {
    /// Validates and wraps a node id.
    pub fn new(id: &str) -> Result<Self, NodeIdError> {
        let valid_length = (3..=63).contains(&id.len());
        let valid_chars = id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        let valid_ends = !id.starts_with('-') && !id.ends_with('-');
        if valid_length && valid_chars && valid_ends {
            Ok(NodeId(id.to_owned()))
        } else {
            Err(NodeIdError(id.to_owned()))
        }
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::str::FromStr for NodeId {
    type Err = NodeIdError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        NodeId::new(s)
    }
}

impl TryFrom<String> for NodeId {
    type Error = NodeIdError;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        NodeId::new(&value)
    }
}

impl From<NodeId> for String {
    fn from(value: NodeId) -> Self {
        value.0
    }
}

impl fmt::Display for NodeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for NodeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "NodeId({})", self.0)
    }
}

/// Who runs a node.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NodeIdentity {
    /// The node's id, carried by every record it stores.
    pub node_id: NodeId,
    /// The country the node belongs to: `CN` or `LA`.
    pub country: Country,
    /// The agency that runs the node, such as `AMLIO` or `CAMLMAC`.
    pub agency: String,
}

/// A node identity that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NodeIdentityError {
    /// The country does not run Mekong Bridge nodes.
    #[error("invalid node country {0}: a node belongs to CN or LA")]
    Country(Country),
    /// The agency name is empty or longer than 100 characters.
    #[error("invalid agency {0:?}: give the agency's name or acronym, 1 to 100 characters")]
    Agency(String),
}

impl NodeIdentity {
    /// Validates the parts of a node identity.
    pub fn new(node_id: NodeId, country: Country, agency: &str) -> Result<Self, NodeIdentityError> {
        if !country.runs_nodes() {
            return Err(NodeIdentityError::Country(country));
        }
        let agency = agency.trim();
        if agency.is_empty() || agency.chars().count() > 100 {
            return Err(NodeIdentityError::Agency(agency.to_owned()));
        }
        Ok(NodeIdentity { node_id, country, agency: agency.to_owned() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn node_id_rejects_upper_case() {
        assert!(NodeId::new("CN-Node").is_err());
    }

    #[test]
    fn identity_rejects_third_country() {
        let id = NodeId::new("th-node").unwrap();
        let country = "TH".parse().unwrap();
        assert!(NodeIdentity::new(id, country, "ONCB").is_err());
    }
}
