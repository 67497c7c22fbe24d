//! Storage of the audit trail: records, signed checkpoints and the node's public keys.
//!
//! The store keeps rows as written and does not interpret hashes or signatures;
//! `mekong-audit` computes and checks them. Rows are returned raw (JSON text, byte
//! strings, microseconds) so that a tampered row still reads back and can be named.
//!
//! Invariants every implementation keeps:
//! - records are only appended; `seq` is contiguous from 1 and assigned in the same
//!   write transaction that reads the previous record's hash, so concurrent appends
//!   form one chain;
//! - no method updates or deletes a record, a checkpoint or a key.

use chrono::{DateTime, Utc};

use crate::{Page, StoreError};

/// The length of a record hash (SHA-256).
pub const HASH_LEN: usize = 32;

/// A SHA-256 hash of an audit record.
pub type AuditHash = [u8; HASH_LEN];

/// The previous hash of the first record.
pub const GENESIS_HASH: AuditHash = [0; HASH_LEN];

/// An audit record to append; the store assigns `seq`, `prev_hash` and `hash`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAuditRecord {
    /// When the action happened, in microseconds since the Unix epoch (UTC).
    pub time_us: i64,
    /// The acting user's id, if any.
    pub user_id: Option<String>,
    /// The acting user, token or system name.
    pub actor_name: String,
    /// JSON array of the roles the actor held.
    pub actor_roles: String,
    /// The actor's agency.
    pub actor_agency: String,
    /// The dotted action name.
    pub action: String,
    /// The kind of object acted on.
    pub object_type: Option<String>,
    /// The object's identifier.
    pub object_id: Option<String>,
    /// JSON array of field changes.
    pub changes: String,
    /// The purpose or legal basis given.
    pub purpose: Option<String>,
    /// The request's source address.
    pub source: Option<String>,
}

/// A stored audit record, as read back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditRow {
    /// The sequence number.
    pub seq: i64,
    /// The record's fields as appended.
    pub record: NewAuditRecord,
    /// The previous record's hash as stored; 32 bytes unless the row was tampered with.
    pub prev_hash: Vec<u8>,
    /// The record's hash as stored.
    pub hash: Vec<u8>,
}

/// Search criteria for audit records; `None` matches everything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditFilter {
    /// Matches the actor's user id or name exactly.
    pub user: Option<String>,
    /// Matches the object type exactly.
    pub object_type: Option<String>,
    /// Matches the object id exactly.
    pub object_id: Option<String>,
    /// Matches the action exactly, or every action under a prefix ending in `.` (such as `alert.`).
    pub action: Option<String>,
    /// Earliest time, inclusive.
    pub from: Option<DateTime<Utc>>,
    /// Latest time, exclusive.
    pub until: Option<DateTime<Utc>>,
}

/// A checkpoint to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCheckpoint {
    /// The node that signed it.
    pub node_id: String,
    /// The last record covered.
    pub seq: i64,
    /// That record's hash.
    pub head_hash: Vec<u8>,
    /// When it was signed, in microseconds since the Unix epoch (UTC).
    pub time_us: i64,
    /// The public key that verifies the signature.
    pub public_key: Vec<u8>,
    /// The signature.
    pub signature: Vec<u8>,
}

/// A stored checkpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckpointRow {
    /// The row id, in the order checkpoints were stored.
    pub id: i64,
    /// The checkpoint as stored.
    pub checkpoint: NewCheckpoint,
}

/// Storage of the audit trail.
pub trait AuditStore: Send + Sync + std::fmt::Debug {
    /// Appends a record: in one write transaction, reads the last record's seq and
    /// hash, calls `seal(seq, prev_hash)` for the new record's hash and inserts it.
    /// Returns the new seq and hash.
    fn append_audit(
        &self,
        record: &NewAuditRecord,
        seal: &dyn Fn(i64, &AuditHash) -> AuditHash,
    ) -> Result<(i64, AuditHash), StoreError>;

    /// Appends several records in one write transaction, in slice order. Each record is
    /// chained on the one before it exactly as [`AuditStore::append_audit`] chains it, so
    /// the same records get the same seqs and hashes either way. `seal(index, seq,
    /// prev_hash)` returns the hash of `records[index]`. Returns each record's seq and
    /// hash; on an error nothing is stored.
    fn append_audit_batch(
        &self,
        records: &[NewAuditRecord],
        seal: &dyn Fn(usize, i64, &AuditHash) -> AuditHash,
    ) -> Result<Vec<(i64, AuditHash)>, StoreError>;

    /// Returns the last record's seq and stored hash, or `None` for an empty trail.
    fn audit_head(&self) -> Result<Option<(i64, Vec<u8>)>, StoreError>;

    /// Calls `visit` with every record matching the filter, in seq order.
    fn for_each_audit_record(
        &self,
        filter: &AuditFilter,
        visit: &mut dyn FnMut(AuditRow) -> Result<(), StoreError>,
    ) -> Result<(), StoreError>;

    /// Returns one page of matching records, newest first; `page` counts from 1.
    fn search_audit_records(&self, filter: &AuditFilter, page: u32, per_page: u32)
    -> Result<Page<AuditRow>, StoreError>;

    /// Stores a checkpoint and returns its id.
    fn insert_checkpoint(&self, checkpoint: &NewCheckpoint) -> Result<i64, StoreError>;

    /// Returns every checkpoint, in the order stored.
    fn checkpoints(&self) -> Result<Vec<CheckpointRow>, StoreError>;

    /// Stores a public key of the node; storing a known key again changes nothing.
    fn add_node_public_key(&self, algorithm: &str, public_key: &[u8]) -> Result<(), StoreError>;

    /// Returns the node's public keys for one algorithm, oldest first.
    fn node_public_keys(&self, algorithm: &str) -> Result<Vec<Vec<u8>>, StoreError>;
}
