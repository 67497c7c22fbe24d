//! The evidence vault of a node and its chain of custody.
//!
//! - [`Vault`] seals files: one streaming pass in 64 KiB chunks computes SHA-256 and
//!   SM3 (MD5 and SHA-1 on request) and encrypts with ChaCha20-Poly1305 in the STREAM
//!   construction under a random key per object, which the node's [`VaultKey`] wraps.
//!   Objects are content-addressed, so identical content is stored once.
//! - [`manual_event`] records the custody steps users enter by hand (collected, sealed,
//!   checked out and in, transferred, received, disposed) and rejects impossible orders.
//! - [`CustodyLog`] appends custody events as leaves of an RFC 6962 Merkle tree and
//!   signs checkpoints in the C2SP tlog-checkpoint form with the node's Ed25519 key.
//! - [`Vault::read_item`] decrypts an item's content for a user and records an
//!   `accessed` custody event per read.
//! - [`parse`] turns chat exports and access logs into records with deterministic JSONL output.
//! - [`ingest_parse`] parses items of known formats on ingest, stores their records and
//!   records a `parsed` custody event, and [`unparsed_reason`] derives why an item has no
//!   records; [`search`] searches those records in Chinese, Lao
//!   and Latin-script languages.
//! - [`package`] writes court export packages and verifies them offline.
//! - [`verify_custody`] checks signatures, consistency between checkpoints, inclusion
//!   of every event, and that every object decrypts and re-hashes to its recorded hashes.

mod access;
mod checkpoint;
mod custody;
mod error;
mod hashes;
pub mod manual_event;
pub mod ingest_parse;
pub mod merkle;
pub mod package;
pub mod parse;
pub mod search;
mod stream;
mod unparsed;
mod vault;
mod vault_key;
mod verify;

pub use access::{ContentAccess, ContentRead, MAX_PURPOSE_CHARS};
pub use checkpoint::{Checkpoint, checkpoint_origin};
pub use custody::{CustodyEvent, CustodyLog, EventKind, leaf_bytes};
pub use error::EvidenceError;
pub use hashes::{ContentHashes, HashSet};
pub use stream::{CHUNK_SIZE, open_stream, seal_stream};
pub use unparsed::{UnparsedReason, unparsed_reason};
pub use vault::{AddRequest, AddedItem, EvidenceKind, Vault, object_path};
pub use vault_key::{VAULT_KEY_FILE, VaultKey};
pub use verify::{CustodyReport, Problem, ProblemKind, verify_custody};
