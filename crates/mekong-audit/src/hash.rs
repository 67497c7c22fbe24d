//! The canonical encoding and SHA-256 hash of audit records, and the bytes a
//! checkpoint signs.
//!
//! Every field is written with its length (u64, big-endian) before its bytes and
//! every optional field with a presence byte, so no two different records encode to
//! the same bytes. Each encoding starts with a versioned domain label so that a
//! record hash can never be mistaken for a checkpoint message. Changing anything
//! here invalidates every stored trail: add a new version label instead.

use mekong_store::audit::{AuditHash, NewAuditRecord};
use sha2::{Digest, Sha256};

use crate::{AuditEvent, FieldChange};

const RECORD_DOMAIN: &[u8] = b"mekong-audit-record-v1";
const CHECKPOINT_DOMAIN: &[u8] = b"mekong-audit-checkpoint-v1";

/// The fields of a record that its hash covers, besides seq and the previous hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HashInput<'a> {
    /// Microseconds since the Unix epoch, UTC.
    pub time_us: i64,
    /// The actor's user id.
    pub user_id: Option<&'a str>,
    /// The actor's name.
    pub actor_name: &'a str,
    /// The actor's roles, in the order recorded.
    pub roles: &'a [String],
    /// The actor's agency.
    pub agency: &'a str,
    /// The action.
    pub action: &'a str,
    /// The object type.
    pub object_type: Option<&'a str>,
    /// The object id.
    pub object_id: Option<&'a str>,
    /// The field changes, in the order recorded.
    pub changes: &'a [FieldChange],
    /// The purpose or legal basis.
    pub purpose: Option<&'a str>,
    /// The source address.
    pub source: Option<&'a str>,
}

impl<'a> HashInput<'a> {
    /// Takes the hashed fields from an event recorded at `time_us`.
    pub fn from_event(event: &'a AuditEvent, time_us: i64) -> HashInput<'a> {
        HashInput {
            time_us,
            user_id: event.actor.user_id.as_deref(),
            actor_name: &event.actor.name,
            roles: &event.actor.roles,
            agency: &event.actor.agency,
            action: &event.action,
            object_type: event.object_type.as_deref(),
            object_id: event.object_id.as_deref(),
            changes: &event.changes,
            purpose: event.purpose.as_deref(),
            source: event.source.as_deref(),
        }
    }
}

/// Roles and changes decoded from a stored record's JSON columns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodedLists {
    /// The actor's roles.
    pub roles: Vec<String>,
    /// The field changes.
    pub changes: Vec<FieldChange>,
}

impl DecodedLists {
    /// Decodes the JSON columns of a stored record.
    pub fn decode(record: &NewAuditRecord) -> Result<DecodedLists, serde_json::Error> {
        Ok(DecodedLists {
            roles: serde_json::from_str(&record.actor_roles)?,
            changes: serde_json::from_str(&record.changes)?,
        })
    }

    /// Pairs the decoded lists with the record's other fields.
    pub fn input<'a>(&'a self, record: &'a NewAuditRecord) -> HashInput<'a> {
        HashInput {
            time_us: record.time_us,
            user_id: record.user_id.as_deref(),
            actor_name: &record.actor_name,
            roles: &self.roles,
            agency: &record.actor_agency,
            action: &record.action,
            object_type: record.object_type.as_deref(),
            object_id: record.object_id.as_deref(),
            changes: &self.changes,
            purpose: record.purpose.as_deref(),
            source: record.source.as_deref(),
        }
    }
}

struct Encoder(Sha256);

impl Encoder {
    fn bytes(&mut self, bytes: &[u8]) {
        self.0.update((bytes.len() as u64).to_be_bytes());
        self.0.update(bytes);
    }

    fn text(&mut self, text: &str) {
        self.bytes(text.as_bytes());
    }

    fn optional(&mut self, text: Option<&str>) {
        match text {
            None => self.0.update([0u8]),
            Some(text) => {
                self.0.update([1u8]);
                self.text(text);
            }
        }
    }

    fn integer(&mut self, value: i64) {
        self.0.update(value.to_be_bytes());
    }

    fn count(&mut self, count: usize) {
        self.0.update((count as u64).to_be_bytes());
    }

    fn finish(self) -> AuditHash {
        self.0.finalize().into()
    }
}

/// Computes a record's hash from its seq, fields and the previous record's hash.
pub fn record_hash(seq: i64, input: &HashInput<'_>, prev_hash: &[u8]) -> AuditHash {
    let mut encoder = Encoder(Sha256::new());
    encoder.bytes(RECORD_DOMAIN);

    encoder.integer(seq);
    encoder.integer(input.time_us);
    encoder.optional(input.user_id);
    encoder.text(input.actor_name);
    encoder.count(input.roles.len());
    for role in input.roles {
        encoder.text(role);
    }
    encoder.text(input.agency);

    encoder.text(input.action);
    encoder.optional(input.object_type);
    encoder.optional(input.object_id);
    encoder.count(input.changes.len());
    for change in input.changes {
        encoder.text(&change.field);
        encoder.optional(change.old.as_deref());
        encoder.optional(change.new.as_deref());
    }
    encoder.optional(input.purpose);
    encoder.optional(input.source);

    encoder.bytes(prev_hash);
    encoder.finish()
}

/// Recomputes the hash of a stored record as if it had sequence number `seq` and
/// followed a record with hash `prev_hash`. Fails when its JSON columns do not decode.
pub fn stored_record_hash(seq: i64, record: &NewAuditRecord, prev_hash: &[u8]) -> Result<AuditHash, serde_json::Error> {
    let lists = DecodedLists::decode(record)?;
    Ok(record_hash(seq, &lists.input(record), prev_hash))
}

/// Builds the bytes a checkpoint signature covers.
pub fn checkpoint_message(node_id: &str, seq: i64, head_hash: &[u8], time_us: i64) -> Vec<u8> {
    let mut message = Vec::with_capacity(CHECKPOINT_DOMAIN.len() + node_id.len() + head_hash.len() + 48);
    for part in [CHECKPOINT_DOMAIN, node_id.as_bytes()] {
        message.extend_from_slice(&(part.len() as u64).to_be_bytes());
        message.extend_from_slice(part);
    }
    message.extend_from_slice(&seq.to_be_bytes());
    message.extend_from_slice(&(head_hash.len() as u64).to_be_bytes());
    message.extend_from_slice(head_hash);
    message.extend_from_slice(&time_us.to_be_bytes());
    message
}
