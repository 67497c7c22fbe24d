//! Parsing on ingest, its custody event, and full-text search in Chinese, Lao and
//! English, through a real SQLite store in a temporary data directory.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use mekong_audit::NodeKey;
use mekong_auth::Role;
use mekong_evidence::ingest_parse::{ParseSummary, parse_item};
use mekong_evidence::search::{Hit, Page, SearchError, SearchFilters, mark, search};
use mekong_evidence::{AddRequest, CustodyLog, EvidenceError, EvidenceKind, Vault, VaultKey, checkpoint_origin, verify_custody};
use mekong_store::SqliteStore;
use mekong_store::evidence::EvidenceStore;
use mekong_store::evidence_search::EvidenceSearchStore;

const NODE: &str = "la-test";
const INVESTIGATOR: &[Role] = &[Role::Investigator];

struct Node {
    dir: tempfile::TempDir,
    store: Arc<SqliteStore>,
    vault: Vault,
}

impl Node {
    fn new() -> Node {
        let dir = tempfile::tempdir().unwrap();
        let store = Arc::new(SqliteStore::open(&dir.path().join("node.db")).unwrap());
        let log = CustodyLog::new(store.clone(), NodeKey::from_secret(&[2; 32]), NODE);
        let key = VaultKey::load_or_generate(dir.path()).unwrap();
        let vault = Vault::new(dir.path(), store.clone(), key, log, NODE);
        Node { dir, store, vault }
    }

    fn evidence(&self) -> Arc<dyn EvidenceStore> {
        self.store.clone()
    }

    /// Adds a fixture and parses it, as `mekong evidence add` does.
    fn add(&self, case_ref: &str, kind: EvidenceKind, fixture: &str) -> (String, Option<ParseSummary>) {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/search").join(fixture);
        let added = self.vault.add(&request(case_ref, kind), &path).unwrap();
        let summary = parse_item(&self.vault, &self.evidence(), self.store.as_ref(), &added.id, "cli:test").unwrap();
        (added.id, summary)
    }

    fn search(&self, query: &str, filters: &SearchFilters) -> Vec<Hit> {
        search(self.store.as_ref(), INVESTIGATOR, query, filters, Page::default()).unwrap()
    }

    fn parsed_events(&self, item_id: &str) -> Vec<String> {
        self.store
            .custody_events()
            .unwrap()
            .into_iter()
            .filter(|row| row.event.item_id == item_id && row.event.kind == "parsed")
            .map(|row| row.event.details)
            .collect()
    }
}

fn request(case_ref: &str, kind: EvidenceKind) -> AddRequest {
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
        collected_at: Some(DateTime::parse_from_rfc3339("2024-01-05T10:00:00+07:00").unwrap()),
        legal_authority: None,
        legacy_hashes: false,
        statement: Default::default(),
        actor: "cli:test".into(),
    }
}

fn case(case_ref: &str) -> SearchFilters {
    SearchFilters { case_ref: case_ref.into(), kind: None, sender: None, from: None, to: None }
}

fn marked(hit: &Hit) -> String {
    mark(&hit.text, &hit.highlights, "«", "»")
}

#[test]
fn telegram_parse_records_custody() {
    let node = Node::new();
    let (id, summary) = node.add("C-1", EvidenceKind::ChatHistory, "telegram_chinese.json");
    let summary = summary.unwrap();

    assert_eq!(summary.parser.name, "telegram-json");
    assert_eq!(summary.records, 4);
    assert_eq!(summary.unparsed.len(), 1);
    assert!(summary.event_seq.is_some());

    let events = node.parsed_events(&id);
    assert_eq!(events.len(), 1);
    assert!(events[0].contains("parser=telegram-json version=1"), "{}", events[0]);
    assert!(events[0].contains(&format!("input_sha256={}", summary.input_sha256)), "{}", events[0]);
    assert!(events[0].contains(&format!("output_sha256={}", summary.output_sha256)), "{}", events[0]);

    let trusted = [node.vault.custody_log().key().public_key()];
    let origin = checkpoint_origin(NODE);
    let report =
        verify_custody(node.store.as_ref(), node.dir.path(), node.vault.vault_key(), &trusted, &origin, Some(&id)).unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
}

#[test]
fn reparse_is_byte_identical() {
    let node = Node::new();
    let (id, first) = node.add("C-1", EvidenceKind::ChatHistory, "telegram_chinese.json");
    let first = first.unwrap();
    let records_before: Vec<String> = node.store.parsed_records(&id).unwrap().into_iter().map(|row| row.record.json).collect();

    let second = parse_item(&node.vault, &node.evidence(), node.store.as_ref(), &id, "cli:test").unwrap().unwrap();
    let records_after: Vec<String> = node.store.parsed_records(&id).unwrap().into_iter().map(|row| row.record.json).collect();

    assert_eq!(first.output_sha256, second.output_sha256);
    assert_eq!(records_before, records_after);
    assert_eq!(second.event_seq, None);
    assert_eq!(node.parsed_events(&id).len(), 1);
}

#[test]
fn stored_json_hashes_to_output() {
    use sha2::{Digest, Sha256};

    let node = Node::new();
    let (id, summary) = node.add("C-1", EvidenceKind::ChatHistory, "whatsapp_lao.txt");
    let summary = summary.unwrap();

    let mut jsonl = Vec::new();
    for row in node.store.parsed_records(&id).unwrap() {
        jsonl.extend_from_slice(row.record.json.as_bytes());
        jsonl.push(b'\n');
    }
    assert_eq!(hex::encode(Sha256::digest(&jsonl)), summary.output_sha256);
}

#[test]
fn chinese_word_inside_sentence() {
    let node = Node::new();
    node.add("C-1", EvidenceKind::ChatHistory, "telegram_chinese.json");

    let hits = node.search("转账", &case("C-1"));
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(marked(&hits[0]), "我已经«转账»给你了");
    assert_eq!(hits[0].sender.as_deref(), Some("Li Ming"));
    assert_eq!(hits[0].time, DateTime::<Utc>::from_timestamp(1_704_160_800, 0));
}

#[test]
fn telegram_entity_text_searchable() {
    let node = Node::new();
    node.add("C-1", EvidenceKind::ChatHistory, "telegram_chinese.json");

    let hits = node.search("usdt", &case("C-1"));
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(marked(&hits[0]), "收到，«USDT» 明天到账");
}

#[test]
fn lao_word_inside_text() {
    let node = Node::new();
    let (_, summary) = node.add("C-1", EvidenceKind::ChatHistory, "whatsapp_lao.txt");
    assert_eq!(summary.unwrap().parser.name, "whatsapp-txt");

    let hits = node.search("ເງິນ", &case("C-1"));
    assert!(!hits.is_empty(), "no hit for ເງິນ");
    assert_eq!(marked(&hits[0]), "ໂອນ«ເງິນ»ໃຫ້ແລ້ວ");
    assert_eq!(hits[0].sender.as_deref(), Some("Khamla"));
}

#[test]
fn english_words_all_required() {
    let node = Node::new();
    node.add("C-1", EvidenceKind::ChatHistory, "telegram_chinese.json");

    let hits = node.search("TRANSFER receipt", &case("C-1"));
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(marked(&hits[0]), "Send the «transfer» «receipt» to the new account");

    assert!(node.search("transfer invoice", &case("C-1")).is_empty());
}

#[test]
fn case_filter_excludes_other_cases() {
    let node = Node::new();
    node.add("C-1", EvidenceKind::ChatHistory, "telegram_chinese.json");
    node.add("C-2", EvidenceKind::ChatHistory, "whatsapp_lao.txt");

    assert!(node.search("转账", &case("C-2")).is_empty());
    assert!(node.search("ເງິນ", &case("C-1")).is_empty());
    assert!(node.search("转账", &case("C-3")).is_empty());
}

#[test]
fn kind_sender_time_filters() {
    let node = Node::new();
    node.add("C-1", EvidenceKind::ChatHistory, "telegram_chinese.json");
    node.add("C-1", EvidenceKind::IpLog, "access.log");

    let mut filters = case("C-1");
    filters.kind = Some(EvidenceKind::IpLog);
    let hits = node.search("transfer", &filters);
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(hits[0].kind, "ip_log");

    let mut filters = case("C-1");
    filters.sender = Some("chen".into());
    assert_eq!(node.search("USDT", &filters).len(), 1);
    filters.sender = Some("li ming".into());
    assert!(node.search("USDT", &filters).is_empty());

    let mut filters = case("C-1");
    filters.from = DateTime::<Utc>::from_timestamp(1_704_200_000, 0);
    let hits = node.search("transfer", &filters);
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(hits[0].kind, "chat_history");

    filters.from = None;
    filters.to = DateTime::<Utc>::from_timestamp(1_704_200_000, 0);
    let hits = node.search("transfer", &filters);
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(hits[0].kind, "ip_log");
}

#[test]
fn search_needs_permission() {
    let node = Node::new();
    node.add("C-1", EvidenceKind::ChatHistory, "telegram_chinese.json");

    for roles in [&[Role::Auditor][..], &[Role::Administrator], &[Role::FiuAnalyst], &[]] {
        let result = search(node.store.as_ref(), roles, "转账", &case("C-1"), Page::default());
        assert!(matches!(result, Err(SearchError::PermissionDenied)), "{roles:?}: {result:?}");
    }
    for roles in [&[Role::Prosecutor][..], &[Role::Supervisor]] {
        assert_eq!(search(node.store.as_ref(), roles, "转账", &case("C-1"), Page::default()).unwrap().len(), 1);
    }
}

#[test]
fn punctuation_query_rejected() {
    let node = Node::new();
    let result = search(node.store.as_ref(), INVESTIGATOR, " ,。!", &case("C-1"), Page::default());
    assert!(matches!(result, Err(SearchError::EmptyQuery)), "{result:?}");
}

#[test]
fn ip_logs_keep_unparsed_lines() {
    let node = Node::new();

    let (_, csv) = node.add("C-1", EvidenceKind::IpLog, "ip_log.csv");
    let csv = csv.unwrap();
    assert_eq!(csv.parser.name, "ip-log-csv");
    assert_eq!(csv.records, 2);
    assert_eq!(csv.unparsed.len(), 1);
    assert_eq!(csv.unparsed[0].line, Some(3));

    let (_, combined) = node.add("C-1", EvidenceKind::IpLog, "access.log");
    let combined = combined.unwrap();
    assert_eq!(combined.parser.name, "combined-log");
    assert_eq!(combined.unparsed.len(), 1);
    assert_eq!(combined.unparsed[0].line, Some(2));

    let hits = node.search("garbage", &case("C-1"));
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(hits[0].record_kind, "unparsed");
    assert_eq!(hits[0].line, Some(2));

    let hits = node.search("203.0.113.7", &case("C-1"));
    assert_eq!(hits.len(), 2, "{hits:?}");
}

#[test]
fn whatsapp_orphan_line_unparsed() {
    let node = Node::new();
    let (_, summary) = node.add("C-1", EvidenceKind::ChatHistory, "whatsapp_lao.txt");
    let summary = summary.unwrap();
    assert_eq!(summary.unparsed.len(), 1, "{:?}", summary.unparsed);
    assert_eq!(summary.unparsed[0].line, Some(1));
}

#[test]
fn broken_export_is_rejected() {
    let node = Node::new();
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/search/broken.json");
    let added = node.vault.add(&request("C-1", EvidenceKind::ChatHistory), &path).unwrap();

    let result = parse_item(&node.vault, &node.evidence(), node.store.as_ref(), &added.id, "cli:test");
    assert!(matches!(result, Err(EvidenceError::Parse(_))), "{result:?}");
    assert!(node.parsed_events(&added.id).is_empty());
}

#[test]
fn unsupported_kind_not_parsed() {
    let node = Node::new();
    let (id, summary) = node.add("C-1", EvidenceKind::Photo, "telegram_chinese.json");
    assert_eq!(summary, None);
    assert!(node.parsed_events(&id).is_empty());
}
