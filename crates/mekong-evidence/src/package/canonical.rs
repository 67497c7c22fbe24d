//! The JSON records of a package and their canonical encoding.
//!
//! Canonical JSON here is serde_json's compact output of a record whose fields are
//! declared in lexicographic order, followed by one newline. Strings are escaped the
//! way serde_json escapes them, and numbers are integers only. A verifier re-encodes
//! what it parsed and compares bytes, so any other spelling of the same values fails.

use serde::{Deserialize, Serialize};

use mekong_store::evidence::{CustodyEventRow, NewCustodyEvent};

use super::PackageError;

/// One custody event, as stored in the node's log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventRecord {
    /// Who acted.
    pub actor: String,
    /// Lower-case hex SHA-256 of the item's content.
    pub content_hash: String,
    /// Free-form details.
    pub details: String,
    /// The item the event concerns.
    pub item_id: String,
    /// The event kind name, such as `checked_in`.
    pub kind: String,
    /// The sequence number in the log, from 1. The leaf index is `seq - 1`.
    pub seq: i64,
    /// When, in microseconds since the Unix epoch (UTC).
    pub time_us: i64,
}

impl EventRecord {
    /// Copies a stored event.
    pub fn from_row(row: &CustodyEventRow) -> EventRecord {
        EventRecord {
            actor: row.event.actor.clone(),
            content_hash: row.event.content_hash.clone(),
            details: row.event.details.clone(),
            item_id: row.event.item_id.clone(),
            kind: row.event.kind.clone(),
            seq: row.seq,
            time_us: row.event.time_us,
        }
    }

    /// Returns the event in the store's form, which its leaf bytes encode.
    pub fn to_event(&self) -> NewCustodyEvent {
        NewCustodyEvent {
            item_id: self.item_id.clone(),
            kind: self.kind.clone(),
            actor: self.actor.clone(),
            time_us: self.time_us,
            details: self.details.clone(),
            content_hash: self.content_hash.clone(),
        }
    }
}

/// The inclusion proof of one event in the tree of the latest checkpoint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InclusionRecord {
    /// The leaf index, `seq - 1`.
    pub leaf_index: u64,
    /// The audit path, lower-case hex hashes from the leaf upwards.
    pub proof: Vec<String>,
    /// The tree size of the checkpoint the proof leads to.
    pub tree_size: u64,
}

/// The consistency proof between two consecutive checkpoints.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConsistencyRecord {
    /// The newer checkpoint's tree size.
    pub new_size: u64,
    /// The older checkpoint's tree size.
    pub old_size: u64,
    /// The proof, lower-case hex hashes.
    pub proof: Vec<String>,
}

/// One exhibit of the package.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemRecord {
    /// The case reference.
    pub case_ref: String,
    /// The exhibit number, when recorded.
    pub exhibit_number: Option<String>,
    /// The package path of the content, such as `items/<sha256>-chat.json`.
    pub file: String,
    /// The file name given on ingest.
    pub file_name: String,
    /// The item id.
    pub item_id: String,
    /// The kind name, such as `chat_history`.
    pub kind: String,
    /// The seal number of the evidence bag, when recorded.
    pub seal_number: Option<String>,
    /// Lower-case hex SHA-256 of the content.
    pub sha256: String,
    /// The content size in bytes.
    pub size: u64,
    /// Lower-case hex SM3 of the content.
    pub sm3: String,
}

/// The node whose key signs the package.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NodeKeyRecord {
    /// The signature algorithm, `ed25519`.
    pub algorithm: String,
    /// The node id.
    pub node_id: String,
    /// The checkpoint origin line of the node's custody log.
    pub origin: String,
    /// The lower-case hex public key.
    pub public_key: String,
}

/// Encodes a record canonically, as the module documentation describes.
pub fn to_canonical<T: Serialize>(record: &T, what: &'static str) -> Result<Vec<u8>, PackageError> {
    let mut bytes = serde_json::to_vec(record).map_err(|source| PackageError::Json { what, source })?;
    bytes.push(b'\n');
    Ok(bytes)
}

/// Parses a record and checks that the bytes are its canonical encoding.
/// Returns a description of the failure in English.
pub fn from_canonical<T: Serialize + for<'de> Deserialize<'de>>(bytes: &[u8]) -> Result<T, String> {
    let record: T = serde_json::from_slice(bytes).map_err(|error| format!("invalid JSON: {error}"))?;

    let mut canonical = serde_json::to_vec(&record).map_err(|error| error.to_string())?;
    canonical.push(b'\n');
    if canonical != bytes {
        return Err("not in canonical form".to_owned());
    }
    Ok(record)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_round_trip() {
        let record = ConsistencyRecord { new_size: 3, old_size: 2, proof: vec!["ab".into()] };

        let bytes = to_canonical(&record, "consistency proof").unwrap();
        let parsed: ConsistencyRecord = from_canonical(&bytes).unwrap();

        assert_eq!(bytes, b"{\"new_size\":3,\"old_size\":2,\"proof\":[\"ab\"]}\n");
        assert_eq!(parsed, record);
    }

    #[test]
    fn spaced_json_rejected() {
        let result = from_canonical::<ConsistencyRecord>(b"{\"new_size\": 3,\"old_size\":2,\"proof\":[\"ab\"]}\n");

        assert_eq!(result.unwrap_err(), "not in canonical form");
    }
}
