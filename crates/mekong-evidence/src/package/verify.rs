//! Offline verification of a court export package, with nothing of the node but the
//! package itself.
//!
//! It checks the `MANIFEST` signature by the key in `node-key.pub`, and that this key is
//! the pinned one when the caller gives one. The files on disk must be exactly the
//! listed ones, with the listed SHA-256 and SM3. Each checkpoint must be signed by the
//! node key and extend the previous one by its consistency proof. Each event must be
//! canonical JSON, be in the latest checkpoint's tree by its inclusion proof, and name
//! the content of its item. Each item's content must have its recorded hashes, and its
//! history must end with an `exported` event. Every problem names the package file it is in.
//! Verification does not stop at the first problem.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

use ed25519_dalek::VerifyingKey;
use serde::Serialize;

use super::canonical::{ConsistencyRecord, EventRecord, InclusionRecord, ItemRecord, NodeKeyRecord, from_canonical};
use super::export::{hash_file, list_files};
use super::manifest::Manifest;
use super::{
    CASE_FILE, CHECKPOINTS_DIR, CONSISTENCY_DIR, EVENTS_DIR, ITEMS_FILE, MANIFEST_FILE, NODE_KEY_FILE, PROOFS_DIR,
    PackageError, numbered_file,
};
use crate::custody::leaf_bytes;
use crate::merkle::{self, Hash};
use crate::Checkpoint;

/// The kind of damage a package problem reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PackageProblemKind {
    /// A file the manifest lists is missing.
    FileMissing,
    /// A file is in the package but not in the manifest.
    FileUnlisted,
    /// A file's SHA-256 or SM3 differs from the manifest.
    FileHashMismatch,
    /// The manifest cannot be parsed.
    ManifestInvalid,
    /// The manifest's signature is not by the node key.
    ManifestSignature,
    /// The node key file cannot be parsed, or it is not the pinned key.
    NodeKeyInvalid,
    /// A checkpoint cannot be parsed, or is not signed by the node key for its log.
    CheckpointInvalid,
    /// A checkpoint does not extend the previous one.
    Inconsistent,
    /// No valid checkpoint is in the package.
    NoCheckpoint,
    /// A record file is not canonical JSON of its kind, or its name does not match it.
    RecordInvalid,
    /// An event is not in the latest checkpoint's tree.
    NotIncluded,
    /// An item's content, its record and its events disagree on the hashes.
    ContentHashMismatch,
    /// An item's history is incomplete, or an event names no item of the package.
    HistoryIncomplete,
}

impl PackageProblemKind {
    /// Returns the snake-case name, also used in message keys.
    pub fn as_str(self) -> &'static str {
        match self {
            PackageProblemKind::FileMissing => "file_missing",
            PackageProblemKind::FileUnlisted => "file_unlisted",
            PackageProblemKind::FileHashMismatch => "file_hash_mismatch",
            PackageProblemKind::ManifestInvalid => "manifest_invalid",
            PackageProblemKind::ManifestSignature => "manifest_signature",
            PackageProblemKind::NodeKeyInvalid => "node_key_invalid",
            PackageProblemKind::CheckpointInvalid => "checkpoint_invalid",
            PackageProblemKind::Inconsistent => "inconsistent",
            PackageProblemKind::NoCheckpoint => "no_checkpoint",
            PackageProblemKind::RecordInvalid => "record_invalid",
            PackageProblemKind::NotIncluded => "not_included",
            PackageProblemKind::ContentHashMismatch => "content_hash_mismatch",
            PackageProblemKind::HistoryIncomplete => "history_incomplete",
        }
    }
}

/// One problem found in a package.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PackageProblem {
    /// The kind of damage.
    pub kind: PackageProblemKind,
    /// The package file, relative and `/`-separated.
    pub file: String,
    /// The damaged record inside it, such as `event 12` or `checkpoint 3`, when there is one.
    pub subject: Option<String>,
    /// Technical detail, in English.
    pub detail: String,
}

/// The outcome of verifying a package.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct PackageReport {
    /// The node id from `node-key.pub`.
    pub node_id: Option<String>,
    /// The node's public key, lower-case hex, to compare with the one the node publishes.
    pub public_key: Option<String>,
    /// Files hashed.
    pub files: u64,
    /// Items checked.
    pub items: u64,
    /// Events checked.
    pub events: u64,
    /// Checkpoints checked.
    pub checkpoints: u64,
    /// The latest valid checkpoint's tree size.
    pub tree_size: Option<u64>,
    /// Every problem found, which is empty when the package is intact.
    pub problems: Vec<PackageProblem>,
}

impl PackageReport {
    /// Returns whether no problem was found.
    pub fn is_ok(&self) -> bool {
        self.problems.is_empty()
    }

    fn problem(&mut self, kind: PackageProblemKind, file: &str, subject: Option<String>, detail: impl Into<String>) {
        self.problems.push(PackageProblem { kind, file: file.to_owned(), subject, detail: detail.into() });
    }
}

/// What the checks share: the files read once.
struct Package<'a> {
    root: &'a Path,
    /// SHA-256 and SM3 of every file but the manifest, by relative path.
    hashes: BTreeMap<String, (String, String)>,
}

impl Package<'_> {
    fn read(&self, relative: &str) -> Result<Vec<u8>, PackageError> {
        let path = self.root.join(relative);
        fs::read(&path).map_err(PackageError::io(&path))
    }

    /// Returns the files directly in a package directory with this extension, sorted.
    fn files_in(&self, dir: &str, extension: &str) -> Vec<&str> {
        let prefix = format!("{dir}/");
        self.hashes
            .keys()
            .filter_map(|path| path.strip_prefix(&prefix).map(|name| (path, name)))
            .filter(|(_, name)| !name.contains('/') && name.ends_with(extension))
            .map(|(path, _)| path.as_str())
            .collect()
    }
}

/// Verifies the package in `root`. With `pinned`, the package's node key must equal it.
/// Without it, the report gives the key so that it can be compared by other means.
pub fn verify_package(root: &Path, pinned: Option<&VerifyingKey>) -> Result<PackageReport, PackageError> {
    let mut report = PackageReport::default();

    let mut hashes = BTreeMap::new();
    for path in list_files(root)? {
        let digest = hash_file(&root.join(&path))?;
        hashes.insert(path, digest);
    }
    report.files = hashes.len() as u64;
    let package = Package { root, hashes };

    let key = check_node_key(&package, pinned, &mut report)?;
    check_manifest(&package, key.as_ref().map(|(key, _)| key), &mut report)?;

    let Some((key, origin)) = key else {
        return Ok(report);
    };
    let latest = check_checkpoints(&package, &key, &origin, &mut report)?;
    let items = check_items(&package, &mut report)?;
    check_events(&package, latest.as_ref(), &items, &mut report)?;

    if package.hashes.contains_key(CASE_FILE) && serde_json::from_slice::<serde_json::Value>(&package.read(CASE_FILE)?).is_err() {
        report.problem(PackageProblemKind::RecordInvalid, CASE_FILE, None, "invalid JSON");
    }
    Ok(report)
}

/// Parses an Ed25519 public key from 64 hex digits, or returns `None` when it is not one.
pub fn parse_public_key(text: &str) -> Option<VerifyingKey> {
    let bytes: [u8; 32] = hex::decode(text.trim()).ok()?.try_into().ok()?;
    VerifyingKey::from_bytes(&bytes).ok()
}

/// Returns the node key and the log origin it signs for.
fn check_node_key(
    package: &Package<'_>,
    pinned: Option<&VerifyingKey>,
    report: &mut PackageReport,
) -> Result<Option<(VerifyingKey, String)>, PackageError> {
    if !package.hashes.contains_key(NODE_KEY_FILE) {
        report.problem(PackageProblemKind::FileMissing, NODE_KEY_FILE, None, "the node key is missing; nothing can be checked");
        return Ok(None);
    }

    let record: NodeKeyRecord = match from_canonical(&package.read(NODE_KEY_FILE)?) {
        Ok(record) => record,
        Err(detail) => {
            report.problem(PackageProblemKind::NodeKeyInvalid, NODE_KEY_FILE, None, detail);
            return Ok(None);
        }
    };
    let key = parse_public_key(&record.public_key);
    let Some(key) = key.filter(|_| record.algorithm == "ed25519") else {
        report.problem(PackageProblemKind::NodeKeyInvalid, NODE_KEY_FILE, None, "not an Ed25519 public key");
        return Ok(None);
    };
    if record.origin != crate::checkpoint_origin(&record.node_id) {
        report.problem(PackageProblemKind::NodeKeyInvalid, NODE_KEY_FILE, None, "the origin does not belong to the node id");
    }
    if let Some(pinned) = pinned
        && pinned != &key
    {
        report.problem(PackageProblemKind::NodeKeyInvalid, NODE_KEY_FILE, None, format!("the key {} is not the pinned key", record.public_key));
    }

    report.node_id = Some(record.node_id);
    report.public_key = Some(record.public_key);
    Ok(Some((key, record.origin)))
}

fn check_manifest(package: &Package<'_>, key: Option<&VerifyingKey>, report: &mut PackageReport) -> Result<(), PackageError> {
    let path = package.root.join(MANIFEST_FILE);
    if !path.is_file() {
        report.problem(PackageProblemKind::FileMissing, MANIFEST_FILE, None, "the manifest is missing");
        return Ok(());
    }
    let text = fs::read(&path).map_err(PackageError::io(&path))?;

    let manifest = match String::from_utf8(text).map_err(|_| "not UTF-8".to_owned()).and_then(|text| Manifest::parse(&text)) {
        Ok(manifest) => manifest,
        Err(detail) => {
            report.problem(PackageProblemKind::ManifestInvalid, MANIFEST_FILE, None, detail);
            return Ok(());
        }
    };
    if let Some(key) = key
        && !manifest.verify_signature(key)
    {
        report.problem(PackageProblemKind::ManifestSignature, MANIFEST_FILE, None, "the signature is not by the node key");
    }

    let mut listed = BTreeSet::new();
    for entry in &manifest.entries {
        listed.insert(entry.path.as_str());
        match package.hashes.get(&entry.path) {
            None => report.problem(PackageProblemKind::FileMissing, &entry.path, None, "listed in the manifest but missing"),
            Some((sha256, sm3)) if *sha256 != entry.sha256 || *sm3 != entry.sm3 => {
                report.problem(PackageProblemKind::FileHashMismatch, &entry.path, None, "SHA-256 or SM3 differs from the manifest");
            }
            Some(_) => {}
        }
    }
    for path in package.hashes.keys() {
        if !listed.contains(path.as_str()) {
            report.problem(PackageProblemKind::FileUnlisted, path, None, "not listed in the manifest");
        }
    }
    Ok(())
}

/// Checks signatures and consistency in file order, and returns the latest valid checkpoint.
fn check_checkpoints(
    package: &Package<'_>,
    key: &VerifyingKey,
    origin: &str,
    report: &mut PackageReport,
) -> Result<Option<Checkpoint>, PackageError> {
    let notes = package.files_in(CHECKPOINTS_DIR, ".note");
    report.checkpoints = notes.len() as u64;

    let mut previous: Option<Checkpoint> = None;
    let mut expected_proofs = BTreeSet::new();
    for note_path in notes {
        let stem = note_path.rsplit('/').next().unwrap_or(note_path).trim_end_matches(".note");
        let subject = Some(format!("checkpoint {}", stem.trim_start_matches('0')));
        let text = String::from_utf8_lossy(&package.read(note_path)?).into_owned();

        let checkpoint = match Checkpoint::open(&text, std::slice::from_ref(key)) {
            Ok(Some(checkpoint)) if checkpoint.origin == origin => checkpoint,
            Ok(Some(checkpoint)) => {
                report.problem(PackageProblemKind::CheckpointInvalid, note_path, subject, format!("origin {:?} is another log", checkpoint.origin));
                continue;
            }
            Ok(None) => {
                report.problem(PackageProblemKind::CheckpointInvalid, note_path, subject, "no signature by the node key");
                continue;
            }
            Err(error) => {
                report.problem(PackageProblemKind::CheckpointInvalid, note_path, subject, error.to_string());
                continue;
            }
        };

        if let Some(previous) = &previous {
            let proof_path = format!("{CONSISTENCY_DIR}/{stem}.json");
            expected_proofs.insert(proof_path.clone());
            if !check_consistency(package, &proof_path, previous, &checkpoint, subject, report)? {
                continue;
            }
        }
        previous = Some(checkpoint);
    }

    for proof_path in package.files_in(CONSISTENCY_DIR, ".json") {
        if !expected_proofs.contains(proof_path) {
            report.problem(PackageProblemKind::RecordInvalid, proof_path, None, "no checkpoint after another has this name");
        }
    }
    match &previous {
        Some(latest) => report.tree_size = Some(latest.tree_size),
        None => report.problem(PackageProblemKind::NoCheckpoint, CHECKPOINTS_DIR, None, "no valid checkpoint"),
    }
    Ok(previous)
}

/// Checks one consistency proof, and returns whether the newer checkpoint extends the older.
fn check_consistency(
    package: &Package<'_>,
    proof_path: &str,
    previous: &Checkpoint,
    checkpoint: &Checkpoint,
    subject: Option<String>,
    report: &mut PackageReport,
) -> Result<bool, PackageError> {
    if !package.hashes.contains_key(proof_path) {
        report.problem(PackageProblemKind::FileMissing, proof_path, subject, "the consistency proof is missing");
        return Ok(false);
    }

    let record: ConsistencyRecord = match from_canonical(&package.read(proof_path)?) {
        Ok(record) => record,
        Err(detail) => {
            report.problem(PackageProblemKind::RecordInvalid, proof_path, subject, detail);
            return Ok(false);
        }
    };
    let Some(proof) = decode_hashes(&record.proof) else {
        report.problem(PackageProblemKind::RecordInvalid, proof_path, subject, "a proof hash is not 32 bytes of hex");
        return Ok(false);
    };

    let consistent = record.old_size == previous.tree_size
        && record.new_size == checkpoint.tree_size
        && merkle::verify_consistency(previous.tree_size, checkpoint.tree_size, &previous.root, &checkpoint.root, &proof);
    if !consistent {
        report.problem(
            PackageProblemKind::Inconsistent,
            proof_path,
            subject,
            format!("the checkpoint does not extend the tree of size {}", previous.tree_size),
        );
    }
    Ok(consistent)
}

fn decode_hashes(hexes: &[String]) -> Option<Vec<Hash>> {
    hexes.iter().map(|text| hex::decode(text).ok().and_then(|bytes| bytes.try_into().ok())).collect()
}

/// Checks each item's content against its record, and returns the items by id.
fn check_items(package: &Package<'_>, report: &mut PackageReport) -> Result<BTreeMap<String, ItemRecord>, PackageError> {
    if !package.hashes.contains_key(ITEMS_FILE) {
        report.problem(PackageProblemKind::FileMissing, ITEMS_FILE, None, "the item list is missing");
        return Ok(BTreeMap::new());
    }
    let records: Vec<ItemRecord> = match from_canonical(&package.read(ITEMS_FILE)?) {
        Ok(records) => records,
        Err(detail) => {
            report.problem(PackageProblemKind::RecordInvalid, ITEMS_FILE, None, detail);
            return Ok(BTreeMap::new());
        }
    };
    report.items = records.len() as u64;

    let mut items = BTreeMap::new();
    for record in records {
        let subject = Some(format!("item {}", record.item_id));
        match package.hashes.get(&record.file) {
            None => report.problem(PackageProblemKind::FileMissing, &record.file, subject, "the item's content is missing"),
            Some((sha256, sm3)) if *sha256 != record.sha256 || *sm3 != record.sm3 => report.problem(
                PackageProblemKind::ContentHashMismatch,
                &record.file,
                subject,
                "the content's SHA-256 or SM3 differs from the item's record",
            ),
            Some(_) => {}
        }
        items.insert(record.item_id.clone(), record);
    }
    Ok(items)
}

fn check_events(
    package: &Package<'_>,
    latest: Option<&Checkpoint>,
    items: &BTreeMap<String, ItemRecord>,
    report: &mut PackageReport,
) -> Result<(), PackageError> {
    let event_paths = package.files_in(EVENTS_DIR, ".json");
    report.events = event_paths.len() as u64;

    let mut last_kind: BTreeMap<&str, String> = BTreeMap::new();
    let mut names = BTreeSet::new();
    for event_path in event_paths {
        let name = event_path.rsplit('/').next().unwrap_or(event_path);
        names.insert(name.to_owned());

        let event: EventRecord = match from_canonical(&package.read(event_path)?) {
            Ok(event) => event,
            Err(detail) => {
                report.problem(PackageProblemKind::RecordInvalid, event_path, None, detail);
                continue;
            }
        };
        let subject = Some(format!("event {}", event.seq));
        let number = u64::try_from(event.seq).unwrap_or(0);
        if name != numbered_file(number, "json") || number == 0 {
            report.problem(PackageProblemKind::RecordInvalid, event_path, subject.clone(), format!("the file name does not match seq {}", event.seq));
            continue;
        }

        match items.get(&event.item_id) {
            None => report.problem(PackageProblemKind::HistoryIncomplete, event_path, subject.clone(), format!("no item {} in the package", event.item_id)),
            Some(item) if item.sha256 != event.content_hash => {
                report.problem(PackageProblemKind::ContentHashMismatch, event_path, subject.clone(), format!("names other content than item {}", item.item_id));
            }
            Some(_) => {}
        }
        if let Some(latest) = latest {
            check_inclusion(package, &event, name, latest, subject, report)?;
        }
        if let Some(item) = items.get(&event.item_id) {
            last_kind.insert(item.item_id.as_str(), event.kind.clone());
        }
    }

    for proof_path in package.files_in(PROOFS_DIR, ".json") {
        let name = proof_path.rsplit('/').next().unwrap_or(proof_path);
        if !names.contains(name) {
            report.problem(PackageProblemKind::RecordInvalid, proof_path, None, "no event has this name");
        }
    }
    for item in items.values() {
        if last_kind.get(item.item_id.as_str()).map(String::as_str) != Some("exported") {
            report.problem(
                PackageProblemKind::HistoryIncomplete,
                ITEMS_FILE,
                Some(format!("item {}", item.item_id)),
                "the item's history does not end with its export",
            );
        }
    }
    Ok(())
}

fn check_inclusion(
    package: &Package<'_>,
    event: &EventRecord,
    name: &str,
    latest: &Checkpoint,
    subject: Option<String>,
    report: &mut PackageReport,
) -> Result<(), PackageError> {
    let proof_path = format!("{PROOFS_DIR}/{name}");
    if !package.hashes.contains_key(&proof_path) {
        report.problem(PackageProblemKind::FileMissing, &proof_path, subject, "the inclusion proof is missing");
        return Ok(());
    }

    let record: InclusionRecord = match from_canonical(&package.read(&proof_path)?) {
        Ok(record) => record,
        Err(detail) => {
            report.problem(PackageProblemKind::RecordInvalid, &proof_path, subject, detail);
            return Ok(());
        }
    };
    let Some(proof) = decode_hashes(&record.proof) else {
        report.problem(PackageProblemKind::RecordInvalid, &proof_path, subject, "a proof hash is not 32 bytes of hex");
        return Ok(());
    };

    let leaf = merkle::leaf_hash(&leaf_bytes(event.seq, &event.to_event()));
    let index = u64::try_from(event.seq - 1).unwrap_or(u64::MAX);
    let included = record.leaf_index == index
        && record.tree_size == latest.tree_size
        && merkle::verify_inclusion(index, latest.tree_size, &leaf, &proof, &latest.root);
    if !included {
        report.problem(
            PackageProblemKind::NotIncluded,
            &format!("{EVENTS_DIR}/{name}"),
            subject,
            format!("the event is not in the tree of size {} by the proof {proof_path}", latest.tree_size),
        );
    }
    Ok(())
}
