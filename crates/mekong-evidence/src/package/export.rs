//! Writing a court export package for one case.
//!
//! The steps run in this order. First every item is decrypted into `items/` and its
//! hashes checked. Then an `exported` custody event is appended per item and a
//! checkpoint signed. Then come the events with their inclusion proofs against that
//! checkpoint, the checkpoints that first cover each event and that latest one with the
//! consistency proofs between them, the node key and the JSON-LD graph. Last, every file is hashed into the signed `MANIFEST`.

use std::fs::{self, File};
use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use chrono::Utc;
use mekong_audit::NodeKey;
use mekong_store::evidence::{CustodyEventRow, EvidenceItem, EvidenceStore};

use super::canonical::{ConsistencyRecord, EventRecord, InclusionRecord, ItemRecord, NodeKeyRecord, to_canonical};
use super::manifest::{Manifest, ManifestEntry};
use super::{
    CASE_FILE, CHECKPOINTS_DIR, CONSISTENCY_DIR, EVENTS_DIR, ITEMS_DIR, ITEMS_FILE, MANIFEST_FILE, NODE_KEY_FILE,
    PROOFS_DIR, PackageError, jsonld, numbered_file,
};
use crate::custody::{CustodyEvent, EventKind, leaf_bytes};
use crate::hashes::{HashSet, Hashers};
use crate::merkle::{self, Hash, MerkleTree};
use crate::{CHUNK_SIZE, Checkpoint, Vault};

/// The counts of an export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportSummary {
    /// Items exported.
    pub items: u64,
    /// Custody events written, the new `exported` events included.
    pub events: u64,
    /// Checkpoints written.
    pub checkpoints: u64,
    /// Files listed in the manifest.
    pub files: u64,
    /// The tree size of the checkpoint that the inclusion proofs lead to.
    pub tree_size: u64,
}

/// Exports every item of a case with its custody history into `out`, which must be
/// missing or empty. `actor` is recorded on the `exported` events.
pub fn export_case(
    vault: &Vault,
    store: &dyn EvidenceStore,
    node_id: &str,
    case_ref: &str,
    out: &Path,
    actor: &str,
) -> Result<ExportSummary, PackageError> {
    let items = store.evidence_items(Some(case_ref)).map_err(crate::EvidenceError::from)?;
    if items.is_empty() {
        return Err(PackageError::EmptyCase(case_ref.to_owned()));
    }
    // NOTE: a failure after this point leaves a partial package without a MANIFEST,
    // which verification rejects. Export again into a new directory.
    prepare_output(out)?;

    let mut records = Vec::with_capacity(items.len());
    for item in &items {
        records.push(write_item(vault, item, out)?);
    }

    let log = vault.custody_log();
    for item in &items {
        log.append(&CustodyEvent {
            item_id: item.id.clone(),
            kind: EventKind::Exported,
            actor: actor.to_owned(),
            time: Utc::now(),
            details: format!("case={case_ref} package=court"),
            content_hash: item.sha256.clone(),
        })?;
    }
    let latest = log.checkpoint()?;

    let all_events = store.custody_events().map_err(crate::EvidenceError::from)?;
    let size = usize::try_from(latest.tree_size).unwrap_or(usize::MAX).min(all_events.len());
    let signed_events = &all_events[..size];
    let leaves: Vec<Hash> = signed_events.iter().map(|row| merkle::leaf_hash(&leaf_bytes(row.seq, &row.event))).collect();
    let tree = MerkleTree::new(leaves);

    let events = write_events(signed_events, &items, &tree, out)?;
    let seqs: Vec<i64> = events.iter().map(|event| event.seq).collect();
    let checkpoints = write_checkpoints(store, &latest, &seqs, &tree, out)?;

    write_file(out, ITEMS_FILE, &to_canonical(&records, "item list")?)?;
    let node_key = NodeKeyRecord {
        algorithm: "ed25519".to_owned(),
        node_id: node_id.to_owned(),
        origin: log.origin().to_owned(),
        public_key: log.key().public_hex(),
    };
    write_file(out, NODE_KEY_FILE, &to_canonical(&node_key, "node key")?)?;
    let graph = jsonld::case_graph(case_ref, &records, &events);
    let graph = serde_json::to_vec_pretty(&graph).map_err(|source| PackageError::Json { what: "CASE/UCO graph", source })?;
    write_file(out, CASE_FILE, &graph)?;

    let files = write_manifest(out, log.origin(), log.key())?;

    tracing::info!(items = items.len(), events = events.len(), checkpoints, tree_size = latest.tree_size, "wrote a court export package");
    Ok(ExportSummary { items: items.len() as u64, events: events.len() as u64, checkpoints, files, tree_size: latest.tree_size })
}

fn prepare_output(out: &Path) -> Result<(), PackageError> {
    if out.exists() {
        let mut entries = fs::read_dir(out).map_err(PackageError::io(out))?;
        if entries.next().is_some() {
            return Err(PackageError::OutputNotEmpty(out.to_owned()));
        }
    }
    for dir in [ITEMS_DIR, EVENTS_DIR, PROOFS_DIR, CHECKPOINTS_DIR, CONSISTENCY_DIR] {
        let path = out.join(dir);
        fs::create_dir_all(&path).map_err(PackageError::io(&path))?;
    }
    Ok(())
}

/// Returns a file name safe on every file system: letters (any script), digits,
/// `.`, `-` and `_`, with anything else replaced by `_`, at most 100 characters.
fn safe_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| if c.is_alphanumeric() || matches!(c, '.' | '-' | '_') { c } else { '_' })
        .take(100)
        .collect();
    let cleaned = cleaned.trim_start_matches('.');
    if cleaned.is_empty() { "item".to_owned() } else { cleaned.to_owned() }
}

fn write_item(vault: &Vault, item: &EvidenceItem, out: &Path) -> Result<ItemRecord, PackageError> {
    let relative = format!("{ITEMS_DIR}/{}-{}", item.sha256, safe_name(&item.file_name));
    let path = out.join(&relative);

    let file = File::create(&path).map_err(PackageError::io(&path))?;
    let mut writer = BufWriter::with_capacity(CHUNK_SIZE, file);
    let hashes = vault.open_item(&item.id, &mut writer)?;
    writer.flush().map_err(PackageError::io(&path))?;
    if hashes.sha256 != item.sha256 {
        return Err(PackageError::ItemHashMismatch { item_id: item.id.clone() });
    }

    Ok(ItemRecord {
        case_ref: item.case_ref.clone(),
        exhibit_number: item.exhibit_number.clone(),
        file: relative,
        file_name: item.file_name.clone(),
        item_id: item.id.clone(),
        kind: item.kind.clone(),
        seal_number: item.seal_number.clone(),
        sha256: hashes.sha256,
        size: hashes.size,
        sm3: hashes.sm3,
    })
}

fn write_events(
    signed_events: &[CustodyEventRow],
    items: &[EvidenceItem],
    tree: &MerkleTree,
    out: &Path,
) -> Result<Vec<EventRecord>, PackageError> {
    let item_ids: std::collections::HashSet<&str> = items.iter().map(|item| item.id.as_str()).collect();
    let tree_size = tree.len() as u64;

    let mut records = Vec::new();
    for (index, row) in signed_events.iter().enumerate() {
        if !item_ids.contains(row.event.item_id.as_str()) {
            continue;
        }
        let record = EventRecord::from_row(row);
        let number = u64::try_from(row.seq).unwrap_or(0);
        write_file(out, &format!("{EVENTS_DIR}/{}", numbered_file(number, "json")), &to_canonical(&record, "custody event")?)?;

        let proof = tree.inclusion_proof(index, tree.len()).unwrap_or_default();
        let inclusion = InclusionRecord { leaf_index: index as u64, proof: proof.iter().map(hex::encode).collect(), tree_size };
        write_file(out, &format!("{PROOFS_DIR}/{}", numbered_file(number, "json")), &to_canonical(&inclusion, "inclusion proof")?)?;
        records.push(record);
    }
    Ok(records)
}

/// Writes the checkpoints that prove the package's events: for each event the first
/// stored checkpoint that covers it, and the latest. Each comes with a consistency
/// proof from the one written before it. Returns how many checkpoints it wrote.
///
/// Checkpoints that cover no event of the package are left out, so the package's size
/// and its verification time grow with its own events, not with the node's log. A
/// consistency proof between two checkpoints holds for any two sizes, so leaving out
/// the ones between them weakens nothing.
fn write_checkpoints(
    store: &dyn EvidenceStore,
    latest: &Checkpoint,
    seqs: &[i64],
    tree: &MerkleTree,
    out: &Path,
) -> Result<u64, PackageError> {
    let rows = store.custody_checkpoints().map_err(crate::EvidenceError::from)?;
    let latest_body = latest.body();
    let mut uncovered: Vec<i64> = seqs.to_vec();
    uncovered.sort_unstable();
    let mut uncovered = uncovered.into_iter().peekable();

    let mut previous_size: Option<u64> = None;
    let mut written = 0;
    for row in &rows {
        let tree_size = u64::try_from(row.tree_size).unwrap_or(u64::MAX);
        if tree_size > latest.tree_size {
            continue;
        }
        let is_latest = row.note.starts_with(&latest_body);
        let mut covers_event = false;
        while uncovered.next_if(|seq| *seq <= row.tree_size).is_some() {
            covers_event = true;
        }
        if !covers_event && !is_latest {
            continue;
        }
        let number = u64::try_from(row.id).unwrap_or(0);
        write_file(out, &format!("{CHECKPOINTS_DIR}/{}", numbered_file(number, "note")), row.note.as_bytes())?;
        written += 1;

        if let Some(old_size) = previous_size {
            let proof = usize::try_from(old_size)
                .ok()
                .zip(usize::try_from(tree_size).ok())
                .and_then(|(old, new)| tree.consistency_proof(old, new))
                .ok_or_else(|| PackageError::DamagedLog {
                    checkpoint_id: row.id,
                    detail: format!("tree size {tree_size} does not extend {old_size}"),
                })?;
            let record = ConsistencyRecord { new_size: tree_size, old_size, proof: proof.iter().map(hex::encode).collect() };
            write_file(out, &format!("{CONSISTENCY_DIR}/{}", numbered_file(number, "json")), &to_canonical(&record, "consistency proof")?)?;
        }
        previous_size = Some(tree_size);

        if is_latest {
            break;
        }
    }
    Ok(written)
}

fn write_file(out: &Path, relative: &str, bytes: &[u8]) -> Result<(), PackageError> {
    let path = out.join(relative);
    fs::write(&path, bytes).map_err(PackageError::io(&path))
}

/// Hashes a file with SHA-256 and SM3 in 64 KiB chunks.
pub(crate) fn hash_file(path: &Path) -> Result<(String, String), PackageError> {
    let mut file = File::open(path).map_err(PackageError::io(path))?;
    let mut hashers = Hashers::new(HashSet::default());
    let mut buffer = vec![0u8; CHUNK_SIZE];

    loop {
        let read = file.read(&mut buffer).map_err(PackageError::io(path))?;
        if read == 0 {
            break;
        }
        hashers.update(&buffer[..read]);
    }

    let hashes = hashers.finish();
    Ok((hashes.sha256, hashes.sm3))
}

/// Lists every file under `root` except the manifest, as `/`-separated relative paths, sorted.
pub(crate) fn list_files(root: &Path) -> Result<Vec<String>, PackageError> {
    let mut files = Vec::new();
    let mut pending: Vec<PathBuf> = vec![root.to_owned()];

    while let Some(dir) = pending.pop() {
        for entry in fs::read_dir(&dir).map_err(PackageError::io(&dir))? {
            let path = entry.map_err(PackageError::io(&dir))?.path();
            if path.is_dir() {
                pending.push(path);
                continue;
            }
            let Ok(relative) = path.strip_prefix(root) else {
                continue;
            };
            let relative: Vec<String> = relative.components().map(|part| part.as_os_str().to_string_lossy().into_owned()).collect();
            let relative = relative.join("/");
            if relative != MANIFEST_FILE {
                files.push(relative);
            }
        }
    }

    files.sort();
    Ok(files)
}

/// Hashes every file under `root` but the manifest, and writes the `MANIFEST` signed
/// by `key` under the name `signer`. Returns how many files it lists.
pub fn write_manifest(root: &Path, signer: &str, key: &NodeKey) -> Result<u64, PackageError> {
    let entries = hash_tree(root)?;
    let files = entries.len() as u64;

    let manifest = Manifest::sign(entries, signer, key);
    write_file(root, MANIFEST_FILE, manifest.as_bytes())?;
    Ok(files)
}

fn hash_tree(root: &Path) -> Result<Vec<ManifestEntry>, PackageError> {
    let mut entries = Vec::new();
    for path in list_files(root)? {
        let (sha256, sm3) = hash_file(&root.join(&path))?;
        entries.push(ManifestEntry { path, sha256, sm3 });
    }
    Ok(entries)
}
