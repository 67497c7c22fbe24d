//! Full-text search over the parsed records of evidence items, in Chinese, Lao and
//! Latin-script languages.
//!
//! Records are indexed as segmented words (see [`segment`]) and queries are segmented
//! the same way, so a word matches inside Chinese or Lao text written without spaces.
//! [`search`] is the entry point for the command line and the web layer.
//!
//! Invariants:
//! - a search is limited to one case, and returns nothing to a caller whose roles lack
//!   [`Action::SearchEvidence`];
//! - hits carry the original text and the byte ranges of the matched words in it.
//!
//! The caller records each search in the audit trail, because only the caller has the
//! user and the purpose.

mod highlight;
pub mod segment;

use std::ops::Range;

use chrono::{DateTime, Utc};
use mekong_auth::{Action, Role};
use mekong_store::evidence_search::{EvidenceSearchStore, RecordQuery};

pub use highlight::{highlight_ranges, mark};
pub use segment::Segmenter;

use crate::EvidenceKind;

/// The largest page size [`search`] accepts; larger pages are cut to this size.
pub const MAX_PAGE_SIZE: u32 = 500;

/// Filters of a search. The case is required, so no search spans cases.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchFilters {
    /// The case reference whose evidence to search.
    pub case_ref: String,
    /// Only items of this kind.
    pub kind: Option<EvidenceKind>,
    /// Only records whose sender contains this text.
    pub sender: Option<String>,
    /// Only records at or after this time.
    pub from: Option<DateTime<Utc>>,
    /// Only records before this time.
    pub to: Option<DateTime<Utc>>,
}

/// A page of results: `number` counts from 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    /// The page number, from 0.
    pub number: u32,
    /// The number of hits per page, at most [`MAX_PAGE_SIZE`].
    pub size: u32,
}

impl Default for Page {
    fn default() -> Self {
        Page { number: 0, size: 50 }
    }
}

/// One matching record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// The evidence item the record came from.
    pub item_id: String,
    /// The evidence kind of the item, such as `chat_history`.
    pub kind: String,
    /// The record kind: `message`, `log` or `unparsed`.
    pub record_kind: String,
    /// 0-based position of the record in the parser's output.
    pub ordinal: i64,
    /// 1-based source line, when the format has lines.
    pub line: Option<i64>,
    /// Sender of a message, or the IP address of a log entry.
    pub sender: Option<String>,
    /// Time of the record in UTC.
    pub time: Option<DateTime<Utc>>,
    /// The original text of the record.
    pub text: String,
    /// Sorted byte ranges of the matched words in `text`.
    pub highlights: Vec<Range<usize>>,
}

/// An evidence search that failed.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// None of the caller's roles is granted evidence search.
    #[error("permission denied: searching evidence needs the investigator, prosecutor or supervisor role")]
    PermissionDenied,
    /// The query has no word to search for, such as only punctuation.
    #[error("the query has no word to search for; enter at least one word")]
    EmptyQuery,
    /// The store failed.
    #[error(transparent)]
    Store(#[from] mekong_store::StoreError),
}

/// Searches the parsed records of one case for records that contain every query word.
///
/// Hits are ordered by time, oldest first, with records without a time last. `roles` are
/// the caller's roles; the search runs only when one is granted [`Action::SearchEvidence`].
///
/// # Errors
/// [`SearchError::PermissionDenied`] for roles without evidence search,
/// [`SearchError::EmptyQuery`] for a query without words, and [`SearchError::Store`].
pub fn search(
    store: &dyn EvidenceSearchStore,
    roles: &[Role],
    query: &str,
    filters: &SearchFilters,
    page: Page,
) -> Result<Vec<Hit>, SearchError> {
    if !mekong_auth::allows(roles, Action::SearchEvidence) {
        return Err(SearchError::PermissionDenied);
    }

    let words = Segmenter::global().query_words(query);
    if words.is_empty() {
        return Err(SearchError::EmptyQuery);
    }

    let size = page.size.clamp(1, MAX_PAGE_SIZE);
    let record_query = RecordQuery {
        case_ref: filters.case_ref.clone(),
        words: words.clone(),
        kind: filters.kind.map(|kind| kind.as_str().to_owned()),
        sender: filters.sender.clone(),
        from_us: filters.from.map(|time| time.timestamp_micros()),
        to_us: filters.to.map(|time| time.timestamp_micros()),
        limit: size,
        offset: page.number.saturating_mul(size),
    };
    let rows = store.search_records(&record_query)?;

    let hits = rows
        .into_iter()
        .map(|row| Hit {
            highlights: highlight_ranges(&row.record.text, &words),
            item_id: row.item_id,
            kind: row.kind,
            record_kind: row.record.record_kind,
            ordinal: row.record.ordinal,
            line: row.record.line,
            sender: row.record.sender,
            time: row.record.time_us.and_then(DateTime::<Utc>::from_timestamp_micros),
            text: row.record.text,
        })
        .collect();
    Ok(hits)
}
