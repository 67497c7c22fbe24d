//! Reading an item's content, recorded as an `accessed` custody event.
//!
//! Every read of the content itself (a download in the browser, for example) appends
//! one `accessed` event and signs a checkpoint before any byte is decrypted, so a read
//! that fails halfway is still in the history. Showing an item's metadata, hashes or
//! custody history reads no content and records no custody event.
//!
//! The event's details are `channel=<channel>`, then ` purpose=<text>` when the user
//! gave a purpose. The purpose comes last, so it may contain spaces.

use std::io::Write;

use chrono::Utc;

use crate::custody::{CustodyEvent, EventKind};
use crate::hashes::ContentHashes;
use crate::{EvidenceError, Vault};

/// The maximum length of a stored purpose, in characters. A longer purpose is cut.
pub const MAX_PURPOSE_CHARS: usize = 500;

/// A user's read of an item's content: the reader, the channel and the purpose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentAccess {
    /// The user reading, recorded as the event's actor.
    pub actor: String,
    /// The way the content leaves the vault, such as `web-download`.
    pub channel: &'static str,
    /// The reason the user gave, without personal data.
    pub purpose: Option<String>,
}

impl ContentAccess {
    /// Returns the event details described in the module documentation.
    pub fn details(&self) -> String {
        let purpose = self.purpose.as_deref().map(str::trim).filter(|text| !text.is_empty());
        match purpose {
            Some(purpose) => {
                // Line breaks would make the details hard to read in one table cell.
                let purpose: String =
                    purpose.chars().map(|c| if c.is_control() { ' ' } else { c }).take(MAX_PURPOSE_CHARS).collect();
                format!("channel={} purpose={purpose}", self.channel)
            }
            None => format!("channel={}", self.channel),
        }
    }
}

/// The outcome of a content read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentRead {
    /// The hashes of the content written.
    pub hashes: ContentHashes,
    /// The `seq` of the `accessed` custody event.
    pub event_seq: i64,
}

impl Vault {
    /// Records an `accessed` custody event for the item, signs a checkpoint, and then
    /// decrypts the item's content into `output`.
    pub fn read_item(&self, id: &str, access: &ContentAccess, output: &mut impl Write) -> Result<ContentRead, EvidenceError> {
        let event_seq = self.record_access(id, access)?;

        let hashes = self.open_item(id, output)?;
        Ok(ContentRead { hashes, event_seq })
    }

    /// Records an `accessed` custody event and signs a checkpoint, for a caller that
    /// decrypts the content itself, such as a streamed download. Returns the event's `seq`.
    pub fn record_access(&self, id: &str, access: &ContentAccess) -> Result<i64, EvidenceError> {
        let item = self.store().evidence_item(id)?.ok_or_else(|| EvidenceError::ItemNotFound(id.to_owned()))?;

        let event = CustodyEvent {
            item_id: item.id.clone(),
            kind: EventKind::Accessed,
            actor: access.actor.clone(),
            time: Utc::now(),
            details: access.details(),
            content_hash: item.sha256,
        };
        let seq = self.custody_log().append(&event)?;
        self.custody_log().checkpoint()?;

        tracing::info!(seq, item_id = %id, channel = access.channel, "recorded a content access");
        Ok(seq)
    }
}
