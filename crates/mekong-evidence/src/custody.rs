//! Custody events and the log that appends them and signs checkpoints.
//!
//! Each event is a leaf of the custody Merkle tree. Its leaf bytes are a canonical
//! encoding: the tag `mekong-custody-event/v1`, then the sequence number, item id,
//! kind, actor, time (microseconds, UTC), details and content hash, each as a 4-byte
//! big-endian length and the field's UTF-8 bytes. Fields are never reordered, so the
//! same event always gives the same bytes.

use std::sync::{Arc, Mutex, PoisonError};

use chrono::{DateTime, Utc};
use mekong_audit::NodeKey;
use mekong_store::evidence::{EvidenceStore, NewCustodyEvent};

use crate::checkpoint::{Checkpoint, checkpoint_origin};
use crate::merkle::{self, Hash};
use crate::EvidenceError;

/// The kind of a custody event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EventKind {
    /// Collected at the scene.
    Collected,
    /// Sealed in an evidence bag.
    Sealed,
    /// Taken into the vault.
    CheckedIn,
    /// Taken out of the vault.
    CheckedOut,
    /// Read by a user.
    Accessed,
    /// Parsed into records.
    Parsed,
    /// Exported as a copy.
    Exported,
    /// Sent to another node.
    Transferred,
    /// Received from another node.
    Received,
    /// Destroyed or returned.
    Disposed,
}

impl EventKind {
    /// Every kind, in workflow order.
    pub const ALL: [EventKind; 10] = [
        EventKind::Collected,
        EventKind::Sealed,
        EventKind::CheckedIn,
        EventKind::CheckedOut,
        EventKind::Accessed,
        EventKind::Parsed,
        EventKind::Exported,
        EventKind::Transferred,
        EventKind::Received,
        EventKind::Disposed,
    ];

    /// Returns the stored name, such as `checked_in`.
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::Collected => "collected",
            EventKind::Sealed => "sealed",
            EventKind::CheckedIn => "checked_in",
            EventKind::CheckedOut => "checked_out",
            EventKind::Accessed => "accessed",
            EventKind::Parsed => "parsed",
            EventKind::Exported => "exported",
            EventKind::Transferred => "transferred",
            EventKind::Received => "received",
            EventKind::Disposed => "disposed",
        }
    }
}

impl std::str::FromStr for EventKind {
    type Err = EvidenceError;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        EventKind::ALL
            .into_iter()
            .find(|kind| kind.as_str() == value)
            .ok_or_else(|| EvidenceError::UnknownKind { what: "custody event kind", value: value.to_owned() })
    }
}

/// A custody event to append.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustodyEvent {
    /// The item the event concerns.
    pub item_id: String,
    /// What happened.
    pub kind: EventKind,
    /// Who acted.
    pub actor: String,
    /// When.
    pub time: DateTime<Utc>,
    /// Free-form details; no personal data.
    pub details: String,
    /// Lower-case hex SHA-256 of the item's content.
    pub content_hash: String,
}

impl CustodyEvent {
    pub(crate) fn to_row(&self) -> NewCustodyEvent {
        NewCustodyEvent {
            item_id: self.item_id.clone(),
            kind: self.kind.as_str().to_owned(),
            actor: self.actor.clone(),
            time_us: self.time.timestamp_micros(),
            details: self.details.clone(),
            content_hash: self.content_hash.clone(),
        }
    }
}

/// Encodes a stored event as leaf bytes; see the module documentation for the layout.
pub fn leaf_bytes(seq: i64, event: &NewCustodyEvent) -> Vec<u8> {
    let seq = seq.to_string();
    let time = event.time_us.to_string();
    let fields: [&str; 7] =
        [&seq, &event.item_id, &event.kind, &event.actor, &time, &event.details, &event.content_hash];

    let mut bytes = b"mekong-custody-event/v1".to_vec();
    for field in fields {
        // A field longer than 4 GiB cannot come from the store, whose rows are far smaller.
        let length = u32::try_from(field.len()).unwrap_or(u32::MAX);
        bytes.extend_from_slice(&length.to_be_bytes());
        bytes.extend_from_slice(field.as_bytes());
    }
    bytes
}

/// The node's custody log: appends events and signs checkpoints of the tree.
#[derive(Debug)]
pub struct CustodyLog {
    store: Arc<dyn EvidenceStore>,
    key: NodeKey,
    origin: String,
    /// Serialises the checkpoints of the threads sharing this log.
    checkpoint_lock: Mutex<()>,
}

impl CustodyLog {
    /// Opens the log of a node, which signs with the node's key.
    pub fn new(store: Arc<dyn EvidenceStore>, key: NodeKey, node_id: &str) -> CustodyLog {
        CustodyLog { store, key, origin: checkpoint_origin(node_id), checkpoint_lock: Mutex::new(()) }
    }

    /// Returns the checkpoint origin line.
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// Returns the signing key.
    pub fn key(&self) -> &NodeKey {
        &self.key
    }

    pub(crate) fn store(&self) -> &dyn EvidenceStore {
        self.store.as_ref()
    }

    /// Appends an event and returns its sequence number.
    pub fn append(&self, event: &CustodyEvent) -> Result<i64, EvidenceError> {
        let seq = self.store.append_custody_event(&event.to_row())?;
        tracing::debug!(seq, item_id = %event.item_id, kind = event.kind.as_str(), "appended a custody event");
        Ok(seq)
    }

    /// Returns the leaf hashes of every stored event, in tree order.
    pub fn leaf_hashes(&self) -> Result<Vec<Hash>, EvidenceError> {
        let events = self.store.custody_events()?;
        Ok(events.iter().map(|row| merkle::leaf_hash(&leaf_bytes(row.seq, &row.event))).collect())
    }

    /// Signs and stores a checkpoint of the whole tree as stored now.
    ///
    /// When another process stored a checkpoint of a larger tree in the meantime, the
    /// store rejects this one and it is signed again over the events stored by then.
    pub fn checkpoint(&self) -> Result<Checkpoint, EvidenceError> {
        // The lock keeps the threads sharing this log from signing at once. The store's
        // size check keeps other processes from storing a smaller tree after a larger one.
        let _guard = self.checkpoint_lock.lock().unwrap_or_else(PoisonError::into_inner);

        loop {
            // NOTE: this reads every event to compute the root, so its cost grows with the log.
            let leaves = self.leaf_hashes()?;

            let checkpoint = Checkpoint { origin: self.origin.clone(), tree_size: leaves.len() as u64, root: merkle::root(&leaves) };
            let note = checkpoint.sign(&self.key);
            let tree_size = i64::try_from(checkpoint.tree_size).unwrap_or(i64::MAX);
            match self.store.insert_custody_checkpoint(tree_size, &note, Utc::now().timestamp_micros())? {
                Some(id) => {
                    tracing::info!(checkpoint_id = id, tree_size, "signed a custody checkpoint");
                    return Ok(checkpoint);
                }
                None => tracing::debug!(tree_size, "a larger custody checkpoint was stored meanwhile; signing again"),
            }
        }
    }
}
