//! Verification of the whole trail: the hash chain, seq continuity and every checkpoint.
//!
//! One pass in seq order recomputes each record's hash from its stored fields and the
//! previous record's recomputed hash. The first record that fails is then classified
//! (edited, deleted, inserted, reordered) by how its stored links relate to the rest
//! of the table, which may take a second pass. Checkpoint signatures are checked
//! against the trusted public keys, and each checkpoint's head hash against the
//! recomputed hash at its seq, which exposes a chain rewritten with fresh hashes.
//!
//! NOTE: the chain alone cannot tell a deleted tail from a trail that simply ended,
//! so records deleted after the last checkpoint, or records forged and appended after
//! it with a correct chain, go unnoticed. The report counts those unprotected records,
//! and checkpoints signed more often (or on shutdown) shrink that window.

use std::collections::BTreeMap;

use ed25519_dalek::{Signature, VerifyingKey};
use mekong_store::audit::{AuditFilter, AuditRow, AuditStore, CheckpointRow, GENESIS_HASH, NewCheckpoint};
use mekong_store::StoreError;
use serde::Serialize;

use crate::AuditError;
use crate::hash::{checkpoint_message, stored_record_hash};
use crate::key::ALGORITHM;

/// The kind of damage found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Damage {
    /// A record's fields or hash were changed, or records were rewritten with new hashes.
    Edited,
    /// A record is missing.
    Deleted,
    /// A record was added that the chain does not contain.
    Inserted,
    /// Records were moved to other sequence numbers.
    Reordered,
    /// A checkpoint's signature is invalid or made by a key the node does not trust.
    BadSignature,
}

impl Damage {
    /// Returns the name used in JSON output and message ids.
    pub fn as_str(&self) -> &'static str {
        match self {
            Damage::Edited => "edited",
            Damage::Deleted => "deleted",
            Damage::Inserted => "inserted",
            Damage::Reordered => "reordered",
            Damage::BadSignature => "bad_signature",
        }
    }
}

/// The first problem found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// The first bad record's sequence number, or the seq a bad checkpoint covers.
    pub seq: u64,
    /// The kind of damage.
    pub damage: Damage,
    /// The checkpoint involved, if any.
    pub checkpoint: Option<i64>,
    /// An English explanation for logs and JSON output.
    pub detail: String,
}

/// The result of verifying a trail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VerifyReport {
    /// Records whose hash and link were verified, from seq 1 up to the first problem.
    pub records: u64,
    /// Checkpoints whose signature and head hash were verified.
    pub checkpoints: u64,
    /// The highest seq of a verified checkpoint, if any.
    pub last_checkpoint_seq: Option<u64>,
    /// Verified records after the last verified checkpoint: a deleted or forged tail
    /// among these cannot be detected.
    pub unprotected_records: u64,
    /// The first problem, or `None` when the trail is intact.
    pub problem: Option<Problem>,
}

impl VerifyReport {
    /// Returns whether the trail verified without any problem.
    pub fn is_intact(&self) -> bool {
        self.problem.is_none()
    }
}

/// Options of [`verify_with`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VerifyOptions {
    /// The Ed25519 public keys trusted to sign checkpoints. `None` trusts the keys
    /// stored in the database, which an attacker with write access could replace.
    /// Pass the key from the node's key file or from an out-of-band copy where possible.
    pub trusted_keys: Option<Vec<[u8; 32]>>,
}

/// Verifies the trail, trusting the public keys stored in the database.
pub fn verify(store: &dyn AuditStore) -> Result<VerifyReport, AuditError> {
    verify_with(store, &VerifyOptions::default())
}

/// Verifies the trail with the given options.
pub fn verify_with(store: &dyn AuditStore, options: &VerifyOptions) -> Result<VerifyReport, AuditError> {
    let trusted = trusted_keys(store, options)?;

    let mut signature_problem: Option<Problem> = None;
    let mut by_seq: BTreeMap<i64, Vec<CheckpointRow>> = BTreeMap::new();
    for row in store.checkpoints()? {
        match check_signature(&row.checkpoint, &trusted) {
            Ok(()) => by_seq.entry(row.checkpoint.seq).or_default().push(row),
            Err(reason) => {
                let problem = Problem {
                    seq: u64::try_from(row.checkpoint.seq).unwrap_or(0),
                    damage: Damage::BadSignature,
                    checkpoint: Some(row.id),
                    detail: format!("checkpoint {} at seq {}: {reason}", row.id, row.checkpoint.seq),
                };
                signature_problem = earliest(signature_problem, problem);
            }
        }
    }

    let mut walk = Walk::new(&by_seq);
    store.for_each_audit_record(&AuditFilter::default(), &mut |row| {
        walk.visit(row);
        Ok(())
    })?;

    let mut chain_problem = match walk.suspect.take() {
        Some(suspect) => Some(classify(store, &suspect)?),
        None => walk.problem.take(),
    };

    // A valid checkpoint beyond the last record means the tail was deleted.
    if chain_problem.is_none()
        && let Some((&seq, rows)) = by_seq.range(walk.expected..).next()
    {
        let first_missing = walk.expected;
        chain_problem = Some(Problem {
            seq: first_missing as u64,
            damage: Damage::Deleted,
            checkpoint: rows.first().map(|row| row.id),
            detail: format!(
                "records {first_missing} to {seq} are missing: a signed checkpoint covers seq {seq} but the trail ends at {}",
                first_missing - 1
            ),
        });
    }

    let problem = match (chain_problem, signature_problem) {
        (Some(chain), Some(signature)) => Some(if signature.seq < chain.seq { signature } else { chain }),
        (chain, signature) => chain.or(signature),
    };

    let records = walk.records;
    let last_checkpoint_seq = walk.last_checkpoint_seq;
    Ok(VerifyReport {
        records,
        checkpoints: walk.checkpoints,
        last_checkpoint_seq,
        unprotected_records: records - last_checkpoint_seq.unwrap_or(0).min(records),
        problem,
    })
}

fn earliest(current: Option<Problem>, candidate: Problem) -> Option<Problem> {
    match current {
        Some(current) if current.seq <= candidate.seq => Some(current),
        _ => Some(candidate),
    }
}

fn trusted_keys(store: &dyn AuditStore, options: &VerifyOptions) -> Result<Vec<VerifyingKey>, AuditError> {
    let raw = match &options.trusted_keys {
        Some(keys) => keys.iter().map(|key| key.to_vec()).collect(),
        None => store.node_public_keys(ALGORITHM)?,
    };

    let keys = raw
        .iter()
        .filter_map(|bytes| {
            let bytes: &[u8; 32] = bytes.as_slice().try_into().ok()?;
            VerifyingKey::from_bytes(bytes).ok()
        })
        .collect();
    Ok(keys)
}

fn check_signature(checkpoint: &NewCheckpoint, trusted: &[VerifyingKey]) -> Result<(), &'static str> {
    if checkpoint.seq < 1 {
        return Err("it covers no record");
    }

    let key = trusted
        .iter()
        .find(|key| key.as_bytes().as_slice() == checkpoint.public_key.as_slice())
        .ok_or("it is signed by a key this node does not trust")?;
    let signature = Signature::from_slice(&checkpoint.signature).map_err(|_| "its signature is malformed")?;

    let message = checkpoint_message(&checkpoint.node_id, checkpoint.seq, &checkpoint.head_hash, checkpoint.time_us);
    key.verify_strict(&message, &signature).map_err(|_| "its signature does not verify")
}

/// The state of the first pass.
struct Walk<'a> {
    checkpoints_by_seq: &'a BTreeMap<i64, Vec<CheckpointRow>>,
    /// The seq the next row must have.
    expected: i64,
    /// The recomputed hash of the last good record.
    prev: Vec<u8>,
    /// The recomputed hash of the good record before that.
    prev_prev: Option<Vec<u8>>,
    records: u64,
    checkpoints: u64,
    last_checkpoint_seq: Option<u64>,
    /// A row whose hash or link is wrong, to classify after the pass.
    suspect: Option<Suspect>,
    problem: Option<Problem>,
}

/// The first row that failed, with the chain state before it.
struct Suspect {
    row: AuditRow,
    prev: Vec<u8>,
    prev_prev: Option<Vec<u8>>,
}

impl<'a> Walk<'a> {
    fn new(checkpoints_by_seq: &'a BTreeMap<i64, Vec<CheckpointRow>>) -> Walk<'a> {
        Walk {
            checkpoints_by_seq,
            expected: 1,
            prev: GENESIS_HASH.to_vec(),
            prev_prev: None,
            records: 0,
            checkpoints: 0,
            last_checkpoint_seq: None,
            suspect: None,
            problem: None,
        }
    }

    fn visit(&mut self, row: AuditRow) {
        if self.problem.is_some() || self.suspect.is_some() {
            return;
        }

        let seq = row.seq;
        if seq != self.expected {
            self.problem = Some(if seq > self.expected {
                Problem {
                    seq: self.expected as u64,
                    damage: Damage::Deleted,
                    checkpoint: None,
                    detail: format!("records {} to {} are missing", self.expected, seq - 1),
                }
            } else {
                Problem {
                    seq: u64::try_from(seq).unwrap_or(0),
                    damage: Damage::Inserted,
                    checkpoint: None,
                    detail: format!("a record has seq {seq}, before the first record 1"),
                }
            });
            return;
        }

        let computed = match stored_record_hash(seq, &row.record, &self.prev) {
            Ok(hash) => hash,
            Err(error) => {
                self.problem = Some(Problem {
                    seq: seq as u64,
                    damage: Damage::Edited,
                    checkpoint: None,
                    detail: format!("record {seq} has roles or changes that do not decode: {error}"),
                });
                return;
            }
        };
        if row.hash.as_slice() != computed.as_slice() || row.prev_hash != self.prev {
            self.suspect = Some(Suspect { row, prev: self.prev.clone(), prev_prev: self.prev_prev.clone() });
            return;
        }

        self.records += 1;
        self.prev_prev = Some(std::mem::replace(&mut self.prev, computed.to_vec()));
        self.expected += 1;
        self.check_checkpoints(seq);
    }

    /// Compares the checkpoints signed at `seq` with the recomputed head.
    fn check_checkpoints(&mut self, seq: i64) {
        let Some(rows) = self.checkpoints_by_seq.get(&seq) else {
            return;
        };

        for checkpoint in rows {
            if checkpoint.checkpoint.head_hash == self.prev {
                self.checkpoints += 1;
                self.last_checkpoint_seq = Some(seq as u64);
                continue;
            }

            // The chain is consistent up to here but not the one that was signed, so
            // some record after the previous good checkpoint was rewritten.
            let first_unprotected = self.last_checkpoint_seq.unwrap_or(0) + 1;
            self.problem = Some(Problem {
                seq: first_unprotected,
                damage: Damage::Edited,
                checkpoint: Some(checkpoint.id),
                detail: format!(
                    "checkpoint {} signed a different head hash at seq {seq}: records from {first_unprotected} to {seq} were rewritten with new hashes",
                    checkpoint.id
                ),
            });
            return;
        }
    }
}

/// Names the damage at the first row whose hash or link is wrong.
fn classify(store: &dyn AuditStore, suspect: &Suspect) -> Result<Problem, AuditError> {
    let row = &suspect.row;
    let seq = row.seq;
    let problem = |seq: i64, damage: Damage, detail: String| Problem {
        seq: u64::try_from(seq).unwrap_or(0),
        damage,
        checkpoint: None,
        detail,
    };

    if row.prev_hash == suspect.prev {
        return Ok(problem(seq, Damage::Edited, format!("record {seq} does not match its stored hash")));
    }

    if seq > 1 && suspect.prev_prev.as_deref() == Some(row.prev_hash.as_slice()) {
        let inserted = seq - 1;
        return Ok(problem(
            inserted,
            Damage::Inserted,
            format!("record {seq} follows record {}, so record {inserted} was inserted", seq - 2),
        ));
    }

    if let Some(found) = find_by_hash(store, &row.prev_hash, seq - 1)? {
        return Ok(problem(
            seq,
            Damage::Reordered,
            format!("record {seq} follows the record now at seq {found}, so records were moved"),
        ));
    }

    let renumbered = stored_record_hash(seq + 1, &row.record, &row.prev_hash).is_ok_and(|hash| hash.as_slice() == row.hash);
    if renumbered {
        return Ok(problem(
            seq,
            Damage::Deleted,
            format!("record {seq} was renumbered from {}, so the record it followed was deleted", seq + 1),
        ));
    }

    let self_consistent = stored_record_hash(seq, &row.record, &row.prev_hash).is_ok_and(|hash| hash.as_slice() == row.hash);
    if seq > 1 && self_consistent {
        let rewritten = seq - 1;
        return Ok(problem(
            rewritten,
            Damage::Edited,
            format!("record {rewritten} was rewritten with a new hash that record {seq} does not chain to"),
        ));
    }

    Ok(problem(seq, Damage::Edited, format!("record {seq} has a changed link to the previous record")))
}

/// Returns the seq of a stored record other than `except` whose stored hash is `hash`.
fn find_by_hash(store: &dyn AuditStore, hash: &[u8], except: i64) -> Result<Option<i64>, StoreError> {
    let mut found = None;
    store.for_each_audit_record(&AuditFilter::default(), &mut |row| {
        if found.is_none() && row.seq != except && row.hash == hash {
            found = Some(row.seq);
        }
        Ok(())
    })?;
    Ok(found)
}
