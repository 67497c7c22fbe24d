//! Offline verification of the custody log and the stored objects.
//!
//! Checks, in order:
//! 1. every checkpoint is well formed and signed by a trusted key, and its tree never
//!    shrinks;
//! 2. each checkpoint extends the previous one: both signed roots are roots of
//!    prefixes of the stored events, which is what a consistency proof built from
//!    those events would establish;
//! 3. event sequence numbers are contiguous from 1, and the latest checkpoint covers
//!    exactly the stored events, so a dropped or an unsigned extra event is found;
//! 4. each checked event is in the latest signed tree, by an inclusion proof;
//! 5. each checked item's events name the item's content hash, and its object decrypts
//!    and re-hashes to the recorded SHA-256 and SM3.
//!
//! The stored leaves are hashed once into a [`MerkleTree`] that keeps every aligned
//! subtree hash. The root of a checkpoint's prefix then costs O(log n) node hashes and
//! an inclusion proof O(log² n), so the time grows with the events plus the checkpoints,
//! not with their product.
//!
//! Every problem found is reported; verification does not stop at the first.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use ed25519_dalek::VerifyingKey;
use mekong_store::evidence::{EvidenceItem, EvidenceStore};
use serde::Serialize;

use crate::checkpoint::Checkpoint;
use crate::custody::leaf_bytes;
use crate::merkle::{self, Hash, MerkleTree};
use crate::vault::open_object;
use crate::vault_key::VaultKey;
use crate::EvidenceError;

/// The kind of damage a problem reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ProblemKind {
    /// A checkpoint cannot be parsed.
    MalformedCheckpoint,
    /// A checkpoint is not signed by a trusted key, or names another log.
    BadSignature,
    /// A checkpoint's tree is smaller than the previous one's.
    TreeShrank,
    /// A checkpoint does not extend the previous one.
    Inconsistent,
    /// No checkpoint covers the log.
    NoCheckpoint,
    /// Event sequence numbers have a gap or repeat.
    SequenceGap,
    /// Fewer events are stored than the latest checkpoint covers.
    MissingEvents,
    /// More events are stored than the latest checkpoint covers.
    UnsignedEvents,
    /// An event is not in the latest signed tree.
    NotIncluded,
    /// An item's record and its events disagree on the content hash.
    ContentHashMismatch,
    /// An item's object is not recorded or its file is missing.
    ObjectMissing,
    /// An object fails to decrypt.
    ObjectDamaged,
    /// An object decrypts but its hashes differ from the recorded ones.
    ObjectHashMismatch,
}

impl ProblemKind {
    /// Returns the snake-case name, also used in message keys.
    pub fn as_str(self) -> &'static str {
        match self {
            ProblemKind::MalformedCheckpoint => "malformed_checkpoint",
            ProblemKind::BadSignature => "bad_signature",
            ProblemKind::TreeShrank => "tree_shrank",
            ProblemKind::Inconsistent => "inconsistent",
            ProblemKind::NoCheckpoint => "no_checkpoint",
            ProblemKind::SequenceGap => "sequence_gap",
            ProblemKind::MissingEvents => "missing_events",
            ProblemKind::UnsignedEvents => "unsigned_events",
            ProblemKind::NotIncluded => "not_included",
            ProblemKind::ContentHashMismatch => "content_hash_mismatch",
            ProblemKind::ObjectMissing => "object_missing",
            ProblemKind::ObjectDamaged => "object_damaged",
            ProblemKind::ObjectHashMismatch => "object_hash_mismatch",
        }
    }
}

/// One problem found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// The kind of damage.
    pub kind: ProblemKind,
    /// The damaged thing: `checkpoint <id>`, `event <seq>`, `item <id>` or `object <sha256>`.
    pub subject: String,
    /// Technical detail, in English.
    pub detail: String,
}

/// The outcome of a verification.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CustodyReport {
    /// Stored events of the whole custody log, whose sequence and signed roots are checked.
    pub events: u64,
    /// Events of the checked items, each checked against its item's content hash. With
    /// one item, each also gets an inclusion proof against the latest checkpoint.
    pub item_events: u64,
    /// Stored checkpoints.
    pub checkpoints: u64,
    /// The latest valid checkpoint's tree size.
    pub signed_tree_size: Option<u64>,
    /// Items checked.
    pub items: u64,
    /// Distinct objects decrypted and re-hashed.
    pub objects: u64,
    /// Every problem found; empty when everything holds.
    pub problems: Vec<Problem>,
}

impl CustodyReport {
    /// Returns whether no problem was found.
    pub fn is_ok(&self) -> bool {
        self.problems.is_empty()
    }

    fn problem(&mut self, kind: ProblemKind, subject: String, detail: impl Into<String>) {
        self.problems.push(Problem { kind, subject, detail: detail.into() });
    }
}

/// Verifies the custody log against checkpoints signed by one of `trusted` keys for
/// `origin`, and the objects of one item or of every item.
pub fn verify_custody(
    store: &dyn EvidenceStore,
    data_dir: &Path,
    vault_key: &VaultKey,
    trusted: &[VerifyingKey],
    origin: &str,
    item_id: Option<&str>,
) -> Result<CustodyReport, EvidenceError> {
    let mut report = CustodyReport::default();

    let events = store.custody_events()?;
    report.events = events.len() as u64;
    let leaves: Vec<Hash> = events.iter().map(|row| merkle::leaf_hash(&leaf_bytes(row.seq, &row.event))).collect();
    let tree = MerkleTree::new(leaves);
    for (position, row) in events.iter().enumerate() {
        if row.seq != position as i64 + 1 {
            report.problem(ProblemKind::SequenceGap, format!("event {}", row.seq), format!("expected seq {}", position + 1));
            break;
        }
    }

    let latest = check_checkpoints(store, trusted, origin, &tree, &mut report)?;

    let items: Vec<EvidenceItem> = match item_id {
        Some(id) => vec![store.evidence_item(id)?.ok_or_else(|| EvidenceError::ItemNotFound(id.to_owned()))?],
        None => store.evidence_items(None)?,
    };
    report.items = items.len() as u64;

    let mut events_by_item: HashMap<&str, Vec<usize>> = HashMap::new();
    for (position, row) in events.iter().enumerate() {
        events_by_item.entry(row.event.item_id.as_str()).or_default().push(position);
    }

    if let Some(latest) = &latest {
        check_inclusion(&items, &events_by_item, &tree, latest, item_id.is_some(), &mut report);
    }

    let mut objects = BTreeSet::new();
    for item in &items {
        let positions = events_by_item.get(item.id.as_str()).map(Vec::as_slice).unwrap_or(&[]);
        report.item_events += positions.len() as u64;
        if positions.is_empty() {
            report.problem(ProblemKind::NotIncluded, format!("item {}", item.id), "the item has no custody event");
        }
        for &position in positions {
            if events[position].event.content_hash != item.sha256 {
                report.problem(
                    ProblemKind::ContentHashMismatch,
                    format!("item {}", item.id),
                    format!("event {} names other content", events[position].seq),
                );
            }
        }
        objects.insert(item.sha256.clone());
    }

    for sha256 in &objects {
        check_object(store, data_dir, vault_key, sha256, &mut report)?;
    }
    report.objects = objects.len() as u64;

    Ok(report)
}

/// Checks signatures and consistency; returns the latest valid checkpoint.
fn check_checkpoints(
    store: &dyn EvidenceStore,
    trusted: &[VerifyingKey],
    origin: &str,
    tree: &MerkleTree,
    report: &mut CustodyReport,
) -> Result<Option<Checkpoint>, EvidenceError> {
    let rows = store.custody_checkpoints()?;
    report.checkpoints = rows.len() as u64;

    let mut previous: Option<Checkpoint> = None;
    for row in &rows {
        let subject = format!("checkpoint {}", row.id);
        let checkpoint = match Checkpoint::open(&row.note, trusted) {
            Ok(Some(checkpoint)) if checkpoint.origin == origin => checkpoint,
            Ok(Some(checkpoint)) => {
                report.problem(ProblemKind::BadSignature, subject, format!("origin {:?} is another log", checkpoint.origin));
                continue;
            }
            Ok(None) => {
                report.problem(ProblemKind::BadSignature, subject, "no signature by a trusted key");
                continue;
            }
            Err(error) => {
                report.problem(ProblemKind::MalformedCheckpoint, subject, error.to_string());
                continue;
            }
        };

        if let Some(previous) = &previous {
            if checkpoint.tree_size < previous.tree_size {
                report.problem(ProblemKind::TreeShrank, subject, format!("{} < {}", checkpoint.tree_size, previous.tree_size));
                continue;
            }
            // The previous checkpoint's root is the root of the first stored leaves, or it
            // would not be `previous`. So this checkpoint extends it exactly when its root
            // is the root of a longer prefix of the same leaves, which is what a consistency
            // proof built from them would show, at a fraction of the hashing.
            let consistent =
                usize::try_from(checkpoint.tree_size).ok().and_then(|size| tree.root(size)) == Some(checkpoint.root);
            if !consistent {
                report.problem(
                    ProblemKind::Inconsistent,
                    subject,
                    format!("does not extend the tree of size {} by the stored events", previous.tree_size),
                );
                continue;
            }
        } else if let Some(root) = usize::try_from(checkpoint.tree_size).ok().and_then(|size| tree.root(size))
            && root != checkpoint.root
        {
            report.problem(ProblemKind::Inconsistent, subject, "the stored events do not give the signed root");
            continue;
        }
        previous = Some(checkpoint);
    }

    match &previous {
        None if !tree.is_empty() || !rows.is_empty() => {
            report.problem(ProblemKind::NoCheckpoint, "log".into(), "no valid checkpoint");
        }
        None => {}
        Some(latest) => {
            report.signed_tree_size = Some(latest.tree_size);
            let stored = tree.len() as u64;
            if stored < latest.tree_size {
                report.problem(ProblemKind::MissingEvents, "log".into(), format!("{stored} events stored, {} signed", latest.tree_size));
            } else if stored > latest.tree_size {
                report.problem(ProblemKind::UnsignedEvents, "log".into(), format!("{stored} events stored, {} signed", latest.tree_size));
            }
        }
    }
    Ok(previous)
}

/// Checks that the items' events are in the latest signed tree.
///
/// For one item, every event gets its own inclusion proof against the latest checkpoint,
/// which covers every earlier one because each checkpoint extends the previous. For all
/// items, comparing the root of all stored leaves with the signed root checks every
/// event at once, because any changed leaf changes the root. Only when the roots differ
/// are the events checked one by one, to name them.
fn check_inclusion(
    items: &[EvidenceItem],
    events_by_item: &HashMap<&str, Vec<usize>>,
    tree: &MerkleTree,
    latest: &Checkpoint,
    per_event: bool,
    report: &mut CustodyReport,
) {
    let Some(size) = usize::try_from(latest.tree_size).ok().filter(|&size| size <= tree.len()) else {
        return;
    };

    if !per_event && tree.root(size) == Some(latest.root) {
        return;
    }

    for item in items {
        for &position in events_by_item.get(item.id.as_str()).map(Vec::as_slice).unwrap_or(&[]) {
            if position >= size {
                continue;
            }
            let included = tree.inclusion_proof(position, size).is_some_and(|proof| {
                merkle::verify_inclusion(position as u64, size as u64, &tree.leaves()[position], &proof, &latest.root)
            });
            if !included {
                report.problem(
                    ProblemKind::NotIncluded,
                    format!("event {}", position + 1),
                    format!("event of item {} is not in the signed tree", item.id),
                );
            }
        }
    }
}

fn check_object(
    store: &dyn EvidenceStore,
    data_dir: &Path,
    vault_key: &VaultKey,
    sha256: &str,
    report: &mut CustodyReport,
) -> Result<(), EvidenceError> {
    let subject = format!("object {sha256}");
    let Some(object) = store.evidence_object(sha256)? else {
        report.problem(ProblemKind::ObjectMissing, subject, "no object recorded");
        return Ok(());
    };

    match open_object(data_dir, vault_key, &object, &mut std::io::sink()) {
        Ok(hashes) => {
            if hashes.sha256 != object.sha256 || hashes.sm3 != object.sm3 || hashes.size != object.size {
                report.problem(ProblemKind::ObjectHashMismatch, subject, "the decrypted content has other hashes");
            }
        }
        Err(EvidenceError::Io { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => {
            report.problem(ProblemKind::ObjectMissing, subject, "the object file is missing");
        }
        Err(error) => report.problem(ProblemKind::ObjectDamaged, subject, error.to_string()),
    }
    Ok(())
}
