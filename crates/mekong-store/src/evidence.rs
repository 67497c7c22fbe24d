//! Storage of the evidence vault: encrypted objects, evidence items, custody events and
//! custody checkpoints.
//!
//! The store keeps rows as written and does not interpret hashes, keys or signatures;
//! `mekong-evidence` computes and checks them. Rows read back raw, so a tampered row
//! still reads and can be named.
//!
//! Invariants every implementation keeps:
//! - an object is stored once per SHA-256 and never changed;
//! - custody events are only appended, `seq` is contiguous from 1, and an item with its
//!   object and first custody event is stored in one write transaction;
//! - no method updates or deletes an event or a checkpoint.

use crate::StoreError;

/// One distinct content held in the vault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvidenceObject {
    /// Lower-case hex SHA-256 of the plaintext; also the object's file name.
    pub sha256: String,
    /// Lower-case hex SM3 of the plaintext.
    pub sm3: String,
    /// Lower-case hex MD5, only when legacy hashes were requested.
    pub md5: Option<String>,
    /// Lower-case hex SHA-1, only when legacy hashes were requested.
    pub sha1: Option<String>,
    /// The plaintext size in bytes.
    pub size: u64,
    /// The object key wrapped by the node's vault key.
    pub wrapped_key: Vec<u8>,
    /// When the object was first stored, in microseconds since the Unix epoch (UTC).
    pub created_us: i64,
}

/// One exhibit of a case.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EvidenceItem {
    /// The item id.
    pub id: String,
    /// The case reference.
    pub case_ref: String,
    /// The kind name, such as `chat_history`.
    pub kind: String,
    /// The exhibit number.
    pub exhibit_number: Option<String>,
    /// The seal number of the evidence bag.
    pub seal_number: Option<String>,
    /// The seized device's type.
    pub device_type: Option<String>,
    /// The seized device's IMEI.
    pub device_imei: Option<String>,
    /// The seized device's serial number.
    pub device_serial: Option<String>,
    /// The person who collected the material.
    pub collected_by: Option<String>,
    /// The place where the material was collected.
    pub collected_location: Option<String>,
    /// When the material was collected, RFC 3339 with its offset.
    pub collected_at: Option<String>,
    /// The legal authority for the seizure.
    pub legal_authority: Option<String>,
    /// The ISO 4217 currency of a PaySim or AMLSim bank statement, which carries none.
    pub statement_currency: Option<String>,
    /// The date (`YYYY-MM-DD`) of step 0 of a PaySim or AMLSim bank statement.
    pub statement_start_date: Option<String>,
    /// The file name given on ingest, without its directory.
    pub file_name: String,
    /// The SHA-256 of the object the item holds.
    pub sha256: String,
    /// The node that took the item in.
    pub origin_node: String,
    /// When the item was stored, in microseconds since the Unix epoch (UTC).
    pub created_us: i64,
}

/// A custody event to append; the store assigns `seq`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCustodyEvent {
    /// The item the event concerns.
    pub item_id: String,
    /// The event kind name, such as `checked_in`.
    pub kind: String,
    /// Who acted.
    pub actor: String,
    /// When, in microseconds since the Unix epoch (UTC).
    pub time_us: i64,
    /// Free-form details.
    pub details: String,
    /// Lower-case hex SHA-256 of the item's content.
    pub content_hash: String,
}

/// A stored custody event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustodyEventRow {
    /// The sequence number, from 1.
    pub seq: i64,
    /// The event as appended.
    pub event: NewCustodyEvent,
}

/// A stored custody checkpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustodyCheckpointRow {
    /// The row id, in the order checkpoints were stored.
    pub id: i64,
    /// The tree size the note states.
    pub tree_size: i64,
    /// The signed note text.
    pub note: String,
    /// When it was stored, in microseconds since the Unix epoch (UTC).
    pub time_us: i64,
}

/// The outcome of storing an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoredItem {
    /// Whether the object was new; `false` when identical content was already stored.
    pub new_object: bool,
    /// The `seq` of the item's first custody event.
    pub event_seq: i64,
}

/// Storage of the evidence vault.
pub trait EvidenceStore: Send + Sync + std::fmt::Debug {
    /// Returns the stored object with this SHA-256.
    fn evidence_object(&self, sha256: &str) -> Result<Option<EvidenceObject>, StoreError>;

    /// Stores an item with its first custody event in one write transaction, and the
    /// object unless one with the same SHA-256 is already stored.
    fn insert_evidence_item(
        &self,
        object: &EvidenceObject,
        item: &EvidenceItem,
        event: &NewCustodyEvent,
    ) -> Result<StoredItem, StoreError>;

    /// Returns one item.
    fn evidence_item(&self, id: &str) -> Result<Option<EvidenceItem>, StoreError>;

    /// Returns the items of a case, or of every case for `None`, oldest first.
    fn evidence_items(&self, case_ref: Option<&str>) -> Result<Vec<EvidenceItem>, StoreError>;

    /// Appends a custody event and returns its `seq`.
    fn append_custody_event(&self, event: &NewCustodyEvent) -> Result<i64, StoreError>;

    /// Appends a custody event only if `check` accepts the item's earlier events, and
    /// returns its `seq`, or `None` when `check` returned `false`.
    ///
    /// Reading the item's events, the check and the append run in one write transaction
    /// that holds the database's write lock from its start. So two recorders, in this or
    /// another process, cannot both pass a check that the first one's event would fail.
    fn append_custody_event_checked(
        &self,
        event: &NewCustodyEvent,
        check: &mut dyn FnMut(&[CustodyEventRow]) -> bool,
    ) -> Result<Option<i64>, StoreError>;

    /// Returns the custody events of one item in `seq` order.
    fn item_custody_events(&self, item_id: &str) -> Result<Vec<CustodyEventRow>, StoreError>;

    /// Returns every custody event in `seq` order.
    fn custody_events(&self) -> Result<Vec<CustodyEventRow>, StoreError>;

    /// Stores a custody checkpoint and returns its id, or `None` without storing it when
    /// a checkpoint of a larger tree is already stored, so stored tree sizes never shrink
    /// even when several processes sign at once. The caller signs again over more events.
    fn insert_custody_checkpoint(&self, tree_size: i64, note: &str, time_us: i64) -> Result<Option<i64>, StoreError>;

    /// Returns every custody checkpoint, in the order stored.
    fn custody_checkpoints(&self) -> Result<Vec<CustodyCheckpointRow>, StoreError>;
}
