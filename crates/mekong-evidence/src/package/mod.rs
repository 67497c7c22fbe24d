//! Court export packages: a directory that proves a case's evidence and its custody
//! history to someone who has nothing else of the node.
//!
//! Layout of a package (every path relative to its root, `/`-separated):
//! - `items/<sha256>-<name>`: the decrypted content of each item;
//! - `custody/items.json`: each exhibit with its file and hashes;
//! - `custody/events/<seq>.json`: each custody event of those items, as canonical JSON;
//! - `custody/proofs/<seq>.json`: the RFC 6962 inclusion proof of that event in the
//!   tree of the latest checkpoint;
//! - `custody/checkpoints/<id>.note`: the signed checkpoints of the node's custody log
//!   that first cover each event of the package, and the latest one;
//! - `custody/consistency/<id>.json`: the consistency proof from the previous checkpoint
//!   of the package;
//! - `node-key.pub`: the node id and its Ed25519 public key;
//! - `case.jsonld`: the CASE/UCO 1.4 graph of the exhibits and their custody actions;
//! - `MANIFEST`: SHA-256 and SM3 of every other file, signed by the node key.
//!
//! Invariants: the export records an `exported` custody event per item and signs the
//! checkpoint that every inclusion proof refers to before any custody file is written,
//! so the package proves its own export. `MANIFEST` is written last.

mod canonical;
mod error;
mod export;
mod jsonld;
mod manifest;
mod verify;

pub use canonical::{ConsistencyRecord, EventRecord, InclusionRecord, ItemRecord, NodeKeyRecord};
pub use error::PackageError;
pub use export::{ExportSummary, export_case, write_manifest};
pub use jsonld::MEKONG_VOCABULARY_IRI;
pub use manifest::{Manifest, ManifestEntry};
pub use verify::{PackageProblem, PackageProblemKind, PackageReport, parse_public_key, verify_package};

/// The file that lists and signs every other file.
pub const MANIFEST_FILE: &str = "MANIFEST";
/// The node's public key and id.
pub const NODE_KEY_FILE: &str = "node-key.pub";
/// The CASE/UCO JSON-LD graph.
pub const CASE_FILE: &str = "case.jsonld";
/// The exhibit list.
pub const ITEMS_FILE: &str = "custody/items.json";
/// The directory of item contents.
pub const ITEMS_DIR: &str = "items";
/// The directory of custody events.
pub const EVENTS_DIR: &str = "custody/events";
/// The directory of inclusion proofs.
pub const PROOFS_DIR: &str = "custody/proofs";
/// The directory of signed checkpoints.
pub const CHECKPOINTS_DIR: &str = "custody/checkpoints";
/// The directory of consistency proofs.
pub const CONSISTENCY_DIR: &str = "custody/consistency";

/// Returns the file name of a numbered record, zero-padded so names sort in number order.
pub fn numbered_file(number: u64, extension: &str) -> String {
    format!("{number:08}.{extension}")
}
