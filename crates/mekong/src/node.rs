//! Opening a node's data directory: the exclusive lock, the database and the identity.
//!
//! Only one process at a time may own a node's pipeline, because the monitor's state
//! lives in that process's memory. `serve` and `import` take an exclusive lock on
//! `mekong.lock` in the data directory; the lock ends with the process, even on
//! `kill -9`, so no stale lock is ever left behind.

use std::fs::{File, OpenOptions};
use std::path::Path;
use std::sync::Arc;

use anyhow::{Context, Result, anyhow, bail};
use mekong_core::i18n::{Arg, Locale, Messages};
use mekong_core::{Country, NodeId, NodeIdentity};
use mekong_store::{SqliteStore, Store};

use crate::cli::IdentityArgs;
use crate::config::FileConfig;

/// The database file's name inside the data directory.
pub const DATABASE_FILE: &str = "mekong.db";

/// An open data directory.
#[derive(Debug)]
pub struct DataDir {
    /// The node's store.
    pub store: Arc<SqliteStore>,
    /// Held for the life of the process when the pipeline is owned here.
    _lock: Option<File>,
}

impl DataDir {
    /// Opens the data directory, creating it if needed; with `exclusive`, takes the
    /// node lock or fails with a message saying who holds it.
    pub fn open(path: &Path, exclusive: bool, locale: Locale) -> Result<DataDir> {
        std::fs::create_dir_all(path)
            .with_context(|| format!("cannot create the data directory {}", path.display()))?;

        let lock = if exclusive { Some(take_lock(path, locale)?) } else { None };

        let store = SqliteStore::open(&path.join(DATABASE_FILE))?;
        Ok(DataDir { store: Arc::new(store), _lock: lock })
    }

    /// The store as the trait the rest of the node uses.
    pub fn store(&self) -> Arc<dyn Store> {
        self.store.clone()
    }
}

fn take_lock(dir: &Path, locale: Locale) -> Result<File> {
    let path = dir.join("mekong.lock");
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .with_context(|| format!("cannot open the lock file {}", path.display()))?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(std::fs::TryLockError::WouldBlock) => {
            let dir_text = dir.display().to_string();
            Err(anyhow!(Messages::global().format(locale, "import-node-busy", &[("dir", Arg::Text(&dir_text))])))
        }
        Err(std::fs::TryLockError::Error(error)) => {
            Err(error).with_context(|| format!("cannot lock {}", path.display()))
        }
    }
}

/// Builds a node identity from flags, environment and configuration file, or returns
/// `None` when none of them gives one.
pub fn identity_from(args: &IdentityArgs, config: &FileConfig) -> Result<Option<NodeIdentity>> {
    let node_id = args.node_id.clone().or_else(|| config.node.id.clone());
    let country = args.country.clone().or_else(|| config.node.country.clone());
    let agency = args.agency.clone().or_else(|| config.node.agency.clone());

    match (node_id, country, agency) {
        (None, None, None) => Ok(None),
        (Some(node_id), Some(country), Some(agency)) => {
            let node_id = NodeId::new(&node_id)?;
            let country: Country = country.parse()?;
            Ok(Some(NodeIdentity::new(node_id, country, &agency)?))
        }
        _ => bail!("a node identity needs all three of --node-id, --country and --agency"),
    }
}

/// Returns the stored identity, storing `wanted` first if the node has none yet.
pub fn ensure_identity(store: &dyn Store, wanted: Option<&NodeIdentity>, locale: Locale) -> Result<NodeIdentity> {
    if let Some(identity) = wanted {
        store.init_node_identity(identity)?;
    }
    store.node_identity()?.ok_or_else(|| anyhow!(Messages::global().get(locale, "not-initialised")))
}
