//! [`Auditor`]: appends events to the trail and signs checkpoints.
//!
//! The store serialises appends, so many threads may call [`Auditor::record`] at once
//! and still form one contiguous chain. A checkpoint is signed after every
//! `checkpoint_every`-th record and whenever [`Auditor::checkpoint`] is called.
//! [`Auditor::record_many`] appends a batch in one transaction with the same chain and
//! checkpoints as appending its events one by one.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use mekong_core::NodeId;
use mekong_store::audit::{AuditHash, AuditStore, NewAuditRecord, NewCheckpoint};

use crate::hash::{HashInput, checkpoint_message, record_hash};
use crate::key::{ALGORITHM, NodeKey};
use crate::{AuditError, AuditEvent};

/// Records between two automatic checkpoints.
pub const DEFAULT_CHECKPOINT_EVERY: u64 = 1_000;

/// The maximum bytes of one text field of an event. Longer text is an error, not truncated,
/// because the trail must store exactly what was done.
const MAX_FIELD_BYTES: usize = 4_096;

/// A signed checkpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkpoint {
    /// The checkpoint's row id.
    pub id: i64,
    /// The last record covered.
    pub seq: u64,
    /// That record's hash.
    pub head_hash: AuditHash,
    /// When it was signed.
    pub time: DateTime<Utc>,
}

/// Records audit events for one node.
#[derive(Debug)]
pub struct Auditor {
    store: Arc<dyn AuditStore>,
    key: NodeKey,
    node: NodeId,
    checkpoint_every: u64,
}

impl Auditor {
    /// Opens the trail for a node and stores the key's public half, so that
    /// `verify` can check checkpoints without the private key.
    pub fn open(store: Arc<dyn AuditStore>, key: NodeKey, node: NodeId) -> Result<Auditor, AuditError> {
        store.add_node_public_key(ALGORITHM, key.public_key().as_bytes())?;
        Ok(Auditor { store, key, node, checkpoint_every: DEFAULT_CHECKPOINT_EVERY })
    }

    /// Sets how many records pass between automatic checkpoints (at least 1).
    pub fn with_checkpoint_every(mut self, records: u64) -> Auditor {
        self.checkpoint_every = records.max(1);
        self
    }

    /// The trail's storage.
    pub fn store(&self) -> &Arc<dyn AuditStore> {
        &self.store
    }

    /// The node whose trail this is.
    pub fn node(&self) -> &NodeId {
        &self.node
    }

    /// Appends an event to the trail and returns its sequence number.
    pub fn record(&self, event: AuditEvent) -> Result<u64, AuditError> {
        validate(&event)?;

        let time_us = Utc::now().timestamp_micros();
        let row = new_row(&event, time_us)?;
        let input = HashInput::from_event(&event, time_us);

        let (seq, hash) = self.store.append_audit(&row, &|seq, prev| record_hash(seq, &input, prev))?;
        let seq = seq_u64(seq)?;
        tracing::debug!(seq, action = %event.action, "audit record appended");

        if seq.is_multiple_of(self.checkpoint_every) {
            self.checkpoint_after_append(seq, hash);
        }
        Ok(seq)
    }

    /// Appends several events in one store transaction, in order, and returns their
    /// sequence numbers. The chain is the same as from calling [`Auditor::record`] for
    /// each event, and a checkpoint is signed at every `checkpoint_every` boundary the
    /// batch crosses. Every event is validated first, so one invalid event rejects the
    /// whole batch and nothing is stored.
    pub fn record_many(&self, events: Vec<AuditEvent>) -> Result<Vec<u64>, AuditError> {
        let time_us = Utc::now().timestamp_micros();
        self.record_many_at(events.into_iter().map(|event| (event, time_us)).collect())
    }

    /// Appends events with the times they happened, in microseconds since the Unix epoch.
    pub(crate) fn record_many_at(&self, events: Vec<(AuditEvent, i64)>) -> Result<Vec<u64>, AuditError> {
        for (event, _) in &events {
            validate(event)?;
        }

        let rows = events.iter().map(|(event, time_us)| new_row(event, *time_us)).collect::<Result<Vec<_>, _>>()?;
        let inputs: Vec<HashInput<'_>> =
            events.iter().map(|(event, time_us)| HashInput::from_event(event, *time_us)).collect();

        let appended = self.store.append_audit_batch(&rows, &|index, seq, prev| record_hash(seq, &inputs[index], prev))?;
        tracing::debug!(records = appended.len(), "audit records appended in one transaction");

        let mut seqs = Vec::with_capacity(appended.len());
        for (seq, hash) in appended {
            let seq = seq_u64(seq)?;
            if seq.is_multiple_of(self.checkpoint_every) {
                self.checkpoint_after_append(seq, hash);
            }
            seqs.push(seq);
        }
        Ok(seqs)
    }

    /// Signs the automatic checkpoint after `seq`. The record is stored whatever
    /// happens here, so a failure is logged rather than returned, and the next
    /// checkpoint covers this record too.
    fn checkpoint_after_append(&self, seq: u64, hash: AuditHash) {
        if let Err(error) = self.sign_checkpoint(seq, hash) {
            tracing::error!(seq, %error, "cannot store the audit checkpoint");
        }
    }

    /// Signs a checkpoint over the current head of the trail. Returns `None` when
    /// the trail is empty.
    pub fn checkpoint(&self) -> Result<Option<Checkpoint>, AuditError> {
        let Some((seq, hash)) = self.store.audit_head()? else {
            return Ok(None);
        };

        let seq = u64::try_from(seq).map_err(|_| AuditError::Corrupt { seq, detail: "negative seq".into() })?;
        let hash: AuditHash = hash.try_into().map_err(|hash: Vec<u8>| AuditError::Corrupt {
            seq: seq as i64,
            detail: format!("stored hash has {} bytes", hash.len()),
        })?;
        self.sign_checkpoint(seq, hash).map(Some)
    }

    fn sign_checkpoint(&self, seq: u64, head_hash: AuditHash) -> Result<Checkpoint, AuditError> {
        let time = Utc::now();
        let seq_i64 = seq as i64;
        let message = checkpoint_message(self.node.as_str(), seq_i64, &head_hash, time.timestamp_micros());
        let signature = self.key.sign(&message);

        let id = self.store.insert_checkpoint(&NewCheckpoint {
            node_id: self.node.as_str().to_owned(),
            seq: seq_i64,
            head_hash: head_hash.to_vec(),
            time_us: time.timestamp_micros(),
            public_key: self.key.public_key().as_bytes().to_vec(),
            signature: signature.to_bytes().to_vec(),
        })?;
        tracing::info!(checkpoint = id, seq, "audit checkpoint signed");

        Ok(Checkpoint { id, seq, head_hash, time })
    }
}

fn new_row(event: &AuditEvent, time_us: i64) -> Result<NewAuditRecord, AuditError> {
    Ok(NewAuditRecord {
        time_us,
        user_id: event.actor.user_id.clone(),
        actor_name: event.actor.name.clone(),
        actor_roles: json(&event.actor.roles)?,
        actor_agency: event.actor.agency.clone(),
        action: event.action.clone(),
        object_type: event.object_type.clone(),
        object_id: event.object_id.clone(),
        changes: json(&event.changes)?,
        purpose: event.purpose.clone(),
        source: event.source.clone(),
    })
}

fn seq_u64(seq: i64) -> Result<u64, AuditError> {
    let seq = u64::try_from(seq)
        .map_err(|_| mekong_store::StoreError::Corrupt { what: "audit record seq", detail: seq.to_string() })?;
    Ok(seq)
}

fn json<T: serde::Serialize>(value: &T) -> Result<String, AuditError> {
    serde_json::to_string(value).map_err(|_| AuditError::InvalidEvent("a field cannot be encoded as JSON"))
}

pub(crate) fn validate(event: &AuditEvent) -> Result<(), AuditError> {
    if event.action.trim().is_empty() {
        return Err(AuditError::InvalidEvent("the action is empty"));
    }
    if event.actor.name.trim().is_empty() {
        return Err(AuditError::InvalidEvent("the actor name is empty"));
    }

    let texts = [
        Some(event.action.as_str()),
        Some(event.actor.name.as_str()),
        Some(event.actor.agency.as_str()),
        event.actor.user_id.as_deref(),
        event.object_type.as_deref(),
        event.object_id.as_deref(),
        event.purpose.as_deref(),
        event.source.as_deref(),
    ];
    let change_texts = event
        .changes
        .iter()
        .flat_map(|change| [Some(change.field.as_str()), change.old.as_deref(), change.new.as_deref()]);
    let role_texts = event.actor.roles.iter().map(|role| Some(role.as_str()));
    let too_long = texts.into_iter().chain(change_texts).chain(role_texts).flatten().any(|text| text.len() > MAX_FIELD_BYTES);
    if too_long {
        return Err(AuditError::InvalidEvent("a field is longer than 4096 bytes"));
    }
    Ok(())
}
