//! The vault: seals files into content-addressed, encrypted objects and records items.
//!
//! An object lives at `evidence/objects/<sha256[0..2]>/<sha256>` in the data directory.
//! Sealing writes to a temporary file in `evidence/objects/tmp` and renames it into
//! place only after it is complete and synced, so a crash leaves no half object.
//! When the content is already stored, the temporary file is discarded and only the
//! item and its custody event are recorded.
//!
//! Invariant: an object file and its store row change together. Checking the store,
//! renaming into place and inserting the row run under an exclusive file lock on
//! `evidence/locks/<sha256[0..2]>.lock`, shared by threads and processes. So when two
//! adds of the same new content race, the second finds the first's row, discards its
//! own file and reuses the stored key, and never replaces a file whose key is stored.

use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, FixedOffset, Utc};
use mekong_store::evidence::{EvidenceItem, EvidenceObject, EvidenceStore};

use crate::custody::{CustodyEvent, CustodyLog, EventKind};
use crate::hashes::{ContentHashes, HashSet};
use crate::parse::BankStatementOptions;
use crate::stream::{open_stream, seal_stream};
use crate::vault_key::{VaultKey, random_bytes, random_key};
use crate::EvidenceError;

/// The kind of material an item contains.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EvidenceKind {
    /// IP or access log.
    IpLog,
    /// Bank or payment records.
    FinancialRecords,
    /// Chat history.
    ChatHistory,
    /// Extraction of a seized device.
    DeviceExtraction,
    /// Document.
    Document,
    /// Photograph.
    Photo,
    /// Anything else.
    Other,
}

impl EvidenceKind {
    /// Every kind.
    pub const ALL: [EvidenceKind; 7] = [
        EvidenceKind::IpLog,
        EvidenceKind::FinancialRecords,
        EvidenceKind::ChatHistory,
        EvidenceKind::DeviceExtraction,
        EvidenceKind::Document,
        EvidenceKind::Photo,
        EvidenceKind::Other,
    ];

    /// Returns the stored name, such as `chat_history`.
    pub fn as_str(self) -> &'static str {
        match self {
            EvidenceKind::IpLog => "ip_log",
            EvidenceKind::FinancialRecords => "financial_records",
            EvidenceKind::ChatHistory => "chat_history",
            EvidenceKind::DeviceExtraction => "device_extraction",
            EvidenceKind::Document => "document",
            EvidenceKind::Photo => "photo",
            EvidenceKind::Other => "other",
        }
    }
}

impl std::str::FromStr for EvidenceKind {
    type Err = EvidenceError;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        EvidenceKind::ALL
            .into_iter()
            .find(|kind| kind.as_str() == value)
            .ok_or_else(|| EvidenceError::UnknownKind { what: "evidence kind", value: value.to_owned() })
    }
}

/// The metadata of one item to add.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddRequest {
    /// The case reference.
    pub case_ref: String,
    /// The kind of material.
    pub kind: EvidenceKind,
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
    /// When the material was collected, with the local offset.
    pub collected_at: Option<DateTime<FixedOffset>>,
    /// The legal authority for the seizure.
    pub legal_authority: Option<String>,
    /// Also computes MD5 and SHA-1.
    pub legacy_hashes: bool,
    /// The currency and start date that a PaySim or AMLSim bank statement needs to be
    /// parsed. Both are stored with the item and ignored for other content.
    pub statement: BankStatementOptions,
    /// The user or CLI actor adding the item, recorded as the custody event's actor.
    pub actor: String,
}

impl AddRequest {
    /// Creates a request with only the case, kind and actor. Every other field is empty.
    pub fn new(case_ref: impl Into<String>, kind: EvidenceKind, actor: impl Into<String>) -> AddRequest {
        AddRequest {
            case_ref: case_ref.into(),
            kind,
            exhibit_number: None,
            seal_number: None,
            device_type: None,
            device_imei: None,
            device_serial: None,
            collected_by: None,
            collected_location: None,
            collected_at: None,
            legal_authority: None,
            legacy_hashes: false,
            statement: BankStatementOptions::default(),
            actor: actor.into(),
        }
    }
}

/// An item the vault took in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddedItem {
    /// The new item id.
    pub id: String,
    /// The content's hashes and size.
    pub hashes: ContentHashes,
    /// Whether the content was new; `false` when identical content was already stored.
    pub new_object: bool,
    /// The sequence number of the item's `checked_in` custody event.
    pub event_seq: i64,
}

/// Returns the path of an object inside the data directory.
pub fn object_path(data_dir: &Path, sha256: &str) -> PathBuf {
    let prefix = sha256.get(..2).unwrap_or("xx");
    data_dir.join("evidence").join("objects").join(prefix).join(sha256)
}

/// The evidence vault of a node.
#[derive(Debug)]
pub struct Vault {
    data_dir: PathBuf,
    store: Arc<dyn EvidenceStore>,
    key: VaultKey,
    log: CustodyLog,
    node_id: String,
}

impl Vault {
    /// Opens the vault in a data directory.
    pub fn new(data_dir: &Path, store: Arc<dyn EvidenceStore>, key: VaultKey, log: CustodyLog, node_id: &str) -> Vault {
        Vault { data_dir: data_dir.to_owned(), store, key, log, node_id: node_id.to_owned() }
    }

    /// Returns the custody log.
    pub fn custody_log(&self) -> &CustodyLog {
        &self.log
    }

    /// Returns the vault key.
    pub fn vault_key(&self) -> &VaultKey {
        &self.key
    }

    pub(crate) fn store(&self) -> &dyn EvidenceStore {
        self.store.as_ref()
    }

    /// Seals a file, records the item and its `checked_in` event, and signs a checkpoint.
    pub fn add(&self, request: &AddRequest, path: &Path) -> Result<AddedItem, EvidenceError> {
        let file_name = path.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default();
        let input = File::open(path).map_err(EvidenceError::io(path))?;
        self.add_reader(request, &file_name, input)
    }

    /// Seals content from a reader; see [`Vault::add`].
    pub fn add_reader(&self, request: &AddRequest, file_name: &str, input: impl std::io::Read) -> Result<AddedItem, EvidenceError> {
        let tmp_dir = self.data_dir.join("evidence").join("objects").join("tmp");
        fs::create_dir_all(&tmp_dir).map_err(EvidenceError::io(&tmp_dir))?;
        let tmp_path = tmp_dir.join(format!("{}.part", random_id()?));

        let object_key = random_key()?;
        let hashes = match self.seal_to(&tmp_path, input, &object_key, HashSet { legacy: request.legacy_hashes }) {
            Ok(hashes) => hashes,
            Err(error) => {
                let _ = fs::remove_file(&tmp_path);
                return Err(error);
            }
        };

        // Held until the item's row is committed, as the module documentation explains.
        let lock = self.lock_shard(&hashes.sha256)?;

        let existing = self.store.evidence_object(&hashes.sha256)?;
        let object = match existing {
            Some(object) => {
                fs::remove_file(&tmp_path).map_err(EvidenceError::io(&tmp_path))?;
                object
            }
            None => {
                let final_path = object_path(&self.data_dir, &hashes.sha256);
                if let Some(dir) = final_path.parent() {
                    fs::create_dir_all(dir).map_err(EvidenceError::io(dir))?;
                }
                // A file already here has no store row, so a crash before the commit left it
                // and no item refers to it. Replacing it is safe.
                fs::rename(&tmp_path, &final_path).map_err(EvidenceError::io(&final_path))?;
                EvidenceObject {
                    sha256: hashes.sha256.clone(),
                    sm3: hashes.sm3.clone(),
                    md5: hashes.md5.clone(),
                    sha1: hashes.sha1.clone(),
                    size: hashes.size,
                    wrapped_key: self.key.wrap(&object_key, &hashes.sha256)?,
                    created_us: Utc::now().timestamp_micros(),
                }
            }
        };

        let id = format!("EV-{}", random_id()?);
        let item = self.item(&id, request, file_name, &hashes.sha256);
        let event = CustodyEvent {
            item_id: id.clone(),
            kind: EventKind::CheckedIn,
            actor: request.actor.clone(),
            time: Utc::now(),
            details: format!("case={} kind={}", request.case_ref, request.kind.as_str()),
            content_hash: hashes.sha256.clone(),
        };
        let stored = self.store.insert_evidence_item(&object, &item, &event.to_row())?;
        drop(lock);

        self.log.checkpoint()?;

        tracing::info!(item_id = %id, size = hashes.size, new_object = stored.new_object, "added an evidence item");
        Ok(AddedItem { id, hashes, new_object: stored.new_object, event_seq: stored.event_seq })
    }

    /// Takes the exclusive lock of the object shard that `sha256` falls in, waiting
    /// for another thread or process to release it. Dropping the file releases it.
    fn lock_shard(&self, sha256: &str) -> Result<File, EvidenceError> {
        let lock_dir = self.data_dir.join("evidence").join("locks");
        fs::create_dir_all(&lock_dir).map_err(EvidenceError::io(&lock_dir))?;

        let prefix = sha256.get(..2).unwrap_or("xx");
        let lock_path = lock_dir.join(format!("{prefix}.lock"));
        let file = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(EvidenceError::io(&lock_path))?;
        file.lock().map_err(EvidenceError::io(&lock_path))?;
        Ok(file)
    }

    fn seal_to(
        &self,
        tmp_path: &Path,
        input: impl std::io::Read,
        object_key: &[u8; 32],
        hash_set: HashSet,
    ) -> Result<ContentHashes, EvidenceError> {
        let file = File::create(tmp_path).map_err(EvidenceError::io(tmp_path))?;
        let mut output = BufWriter::with_capacity(crate::CHUNK_SIZE, file);
        let hashes = seal_stream(input, &mut output, object_key, hash_set)?;

        let file = output.into_inner().map_err(|error| EvidenceError::Io { path: tmp_path.to_owned(), source: error.into_error() })?;
        file.sync_all().map_err(EvidenceError::io(tmp_path))?;
        Ok(hashes)
    }

    fn item(&self, id: &str, request: &AddRequest, file_name: &str, sha256: &str) -> EvidenceItem {
        EvidenceItem {
            id: id.to_owned(),
            case_ref: request.case_ref.clone(),
            kind: request.kind.as_str().to_owned(),
            exhibit_number: request.exhibit_number.clone(),
            seal_number: request.seal_number.clone(),
            device_type: request.device_type.clone(),
            device_imei: request.device_imei.clone(),
            device_serial: request.device_serial.clone(),
            collected_by: request.collected_by.clone(),
            collected_location: request.collected_location.clone(),
            collected_at: request.collected_at.map(|time| time.to_rfc3339()),
            legal_authority: request.legal_authority.clone(),
            statement_currency: request.statement.currency.map(|currency| currency.code().to_owned()),
            statement_start_date: request.statement.start_date.map(|date| date.format("%Y-%m-%d").to_string()),
            file_name: file_name.to_owned(),
            sha256: sha256.to_owned(),
            origin_node: self.node_id.clone(),
            created_us: Utc::now().timestamp_micros(),
        }
    }

    /// Decrypts an item's content into `output` and returns the hashes of what it wrote.
    pub fn open_item(&self, id: &str, output: &mut impl Write) -> Result<ContentHashes, EvidenceError> {
        let item = self.store.evidence_item(id)?.ok_or_else(|| EvidenceError::ItemNotFound(id.to_owned()))?;
        let object =
            self.store.evidence_object(&item.sha256)?.ok_or_else(|| EvidenceError::ObjectNotFound(item.sha256.clone()))?;
        open_object(&self.data_dir, &self.key, &object, output)
    }
}

/// Decrypts a stored object into `output` and returns the plaintext's hashes.
pub(crate) fn open_object(
    data_dir: &Path,
    key: &VaultKey,
    object: &EvidenceObject,
    output: &mut impl Write,
) -> Result<ContentHashes, EvidenceError> {
    let object_key = key.unwrap_key(&object.wrapped_key, &object.sha256)?;
    let path = object_path(data_dir, &object.sha256);
    let file = File::open(&path).map_err(EvidenceError::io(&path))?;
    open_stream(file, output, &object_key, HashSet { legacy: object.md5.is_some() })
}

fn random_id() -> Result<String, EvidenceError> {
    let mut bytes = [0u8; 8];
    random_bytes(&mut bytes)?;
    Ok(hex::encode(bytes))
}
