//! Bank statements in CSV as evidence: the parser over each transaction layout, and parsing
//! on ingest with its custody event and search, through a real SQLite store.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::ops::Deref;
use std::path::Path;

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use common::TestVault;
use mekong_auth::Role;
use mekong_core::{Channel, Currency};
use mekong_evidence::ingest_parse::{ParseFormat, ParseSummary, detect_format, parse_item};
use mekong_evidence::parse::{
    BankStatementOptions, ParseError, ParsedRecord, TransactionRecord, Unparsed, parse_bank_statement_csv, to_jsonl,
};
use mekong_evidence::search::{Page, SearchFilters, search};
use mekong_evidence::{AddRequest, EvidenceKind};
use mekong_store::evidence::EvidenceStore;
use mekong_store::evidence_search::EvidenceSearchStore;

const NODE: &str = "cn-test";

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(fixture_path(name)).unwrap()
}

fn fixture_path(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bank").join(name)
}

fn beijing() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).unwrap()
}

fn utc(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text).unwrap().with_timezone(&Utc)
}

fn transactions(records: &[ParsedRecord]) -> Vec<&TransactionRecord> {
    records.iter().filter_map(|r| if let ParsedRecord::Transaction(t) = r { Some(t) } else { None }).collect()
}

fn unparsed(records: &[ParsedRecord]) -> Vec<&Unparsed> {
    records.iter().filter_map(|r| if let ParsedRecord::Unparsed(u) = r { Some(u) } else { None }).collect()
}

#[test]
fn gbk_statement_parses_rows() {
    let output = parse_bank_statement_csv(&fixture("statement_gbk.csv"), beijing(), &BankStatementOptions::default()).unwrap();

    assert_eq!(output.parser.name, "bank-statement-csv");
    assert_eq!(output.records.len(), 5);
    let accepted = transactions(&output.records);
    assert_eq!(accepted.len(), 2);

    let first = accepted[0];
    assert_eq!(first.line, 2);
    assert_eq!(first.format, "canonical");
    assert_eq!(first.transaction_id, "ICBC-20240103-001");
    assert_eq!(first.time_utc, utc("2024-01-03T01:15:00Z"));
    assert_eq!(first.utc_offset_seconds, 8 * 3600);
    assert_eq!(first.debtor_bank, "ICBKCNBJYNN");
    assert_eq!(first.debtor_account, "6222020200112233445");
    assert_eq!(first.creditor_bank, "BCELLALA");
    assert_eq!(first.creditor_account, "010120000123456");
    assert_eq!(first.amount, "48000.00");
    assert_eq!(first.currency, "CNY");
    assert_eq!(first.channel, Channel::Wire);
    assert_eq!(first.reference.as_deref(), Some("货款 第一期"));

    assert_eq!(accepted[1].line, 6);
    assert_eq!(accepted[1].amount, "15000.00");
    assert_eq!(accepted[1].reference.as_deref(), Some("退款, 见附件"));
}

#[test]
fn rejected_rows_keep_line() {
    let output = parse_bank_statement_csv(&fixture("statement_gbk.csv"), beijing(), &BankStatementOptions::default()).unwrap();
    let rejected = unparsed(&output.records);

    assert_eq!(rejected.len(), 3);

    // The canonical layout requires an offset in every timestamp.
    assert_eq!(rejected[0].line, Some(3));
    assert!(rejected[0].reason.ends_with("Column: timestamp."), "{}", rejected[0].reason);
    assert!(rejected[0].raw.contains("房租"), "{}", rejected[0].raw);

    assert_eq!(rejected[1].line, Some(4));
    assert!(rejected[1].reason.ends_with("Column: amount."), "{}", rejected[1].reason);
    assert!(rejected[1].raw.contains("一万元"), "{}", rejected[1].raw);
    assert!(rejected[1].raw.contains("金额写错"), "{}", rejected[1].raw);

    assert_eq!(rejected[2].line, Some(5));
    assert!(rejected[2].reason.ends_with("Column: currency."), "{}", rejected[2].reason);
    assert!(rejected[2].raw.contains("XXQ"), "{}", rejected[2].raw);
}

#[test]
fn ibm_statement_parses_rows() {
    let output = parse_bank_statement_csv(&fixture("statement_ibm.csv"), beijing(), &BankStatementOptions::default()).unwrap();
    let accepted = transactions(&output.records);

    assert_eq!(accepted.len(), 2);
    assert_eq!(accepted[0].format, "ibm-aml");
    assert_eq!(accepted[0].currency, "USD");
    assert_eq!(accepted[0].amount, "3697.34");
    // IBM AML times carry no offset, so they are read in the given local offset.
    assert_eq!(accepted[0].time_utc, utc("2022-08-31T16:20:00Z"));
    assert_eq!(accepted[0].utc_offset_seconds, 8 * 3600);
    assert_eq!(accepted[1].debtor_account, "8000F4580");
    assert_eq!(accepted[1].creditor_account, "8000F5340");

    let rejected = unparsed(&output.records);
    assert_eq!(rejected.len(), 1);
    assert_eq!(rejected[0].line, Some(4));
}

#[test]
fn paysim_needs_currency_and_date() {
    let input = fixture("statement_paysim.csv");

    let missing = parse_bank_statement_csv(&input, beijing(), &BankStatementOptions::default());
    assert!(matches!(missing, Err(ParseError::BankStatement { .. })), "{missing:?}");

    let options = BankStatementOptions {
        currency: Some("LAK".parse::<Currency>().unwrap()),
        start_date: Some(NaiveDate::from_ymd_opt(2024, 1, 1).unwrap()),
    };
    let output = parse_bank_statement_csv(&input, beijing(), &options).unwrap();
    let accepted = transactions(&output.records);
    assert_eq!(accepted.len(), 2);
    assert_eq!(accepted[0].format, "paysim");
    assert_eq!(accepted[0].currency, "LAK");
    assert_eq!(accepted[1].amount, "250000.00");
}

#[test]
fn unknown_layout_not_detected() {
    let other = fixture("not_a_statement.csv");

    assert_eq!(detect_format(EvidenceKind::FinancialRecords, &other), None);
    assert_eq!(
        detect_format(EvidenceKind::FinancialRecords, &fixture("statement_gbk.csv")),
        Some(ParseFormat::BankStatementCsv)
    );
    assert_eq!(detect_format(EvidenceKind::Document, &fixture("statement_gbk.csv")), None);
    assert_eq!(
        detect_format(EvidenceKind::FinancialRecords, &fixture("statement_paysim.csv")),
        Some(ParseFormat::BankStatementCsv)
    );
    assert_eq!(
        detect_format(EvidenceKind::FinancialRecords, &fixture("statement_amlsim.csv")),
        Some(ParseFormat::BankStatementCsv)
    );

    let error = parse_bank_statement_csv(&other, beijing(), &BankStatementOptions::default());
    assert!(matches!(error, Err(ParseError::BankStatement { .. })), "{error:?}");
}

#[test]
fn statement_output_is_deterministic() {
    let input = fixture("statement_gbk.csv");
    let first = parse_bank_statement_csv(&input, beijing(), &BankStatementOptions::default()).unwrap();
    let second = parse_bank_statement_csv(&input, beijing(), &BankStatementOptions::default()).unwrap();

    assert_eq!(to_jsonl(&first.records), to_jsonl(&second.records));
}

struct Node(TestVault);

impl Deref for Node {
    type Target = TestVault;

    fn deref(&self) -> &TestVault {
        &self.0
    }
}

impl Node {
    fn new() -> Node {
        Node(TestVault::new(NODE, [3; 32]))
    }

    fn add(&self, fixture: &str) -> (String, Option<ParseSummary>) {
        let id = self.add_with(fixture, BankStatementOptions::default());
        let summary = parse_item(&self.vault, &self.evidence(), self.store.as_ref(), &id, "cli:test").unwrap();
        (id, summary)
    }

    /// Adds a fixture with statement options and returns the item id, without parsing it.
    fn add_with(&self, fixture: &str, statement: BankStatementOptions) -> String {
        let request = AddRequest {
            case_ref: "CASE-BANK".into(),
            kind: EvidenceKind::FinancialRecords,
            exhibit_number: None,
            seal_number: None,
            device_type: None,
            device_imei: None,
            device_serial: None,
            collected_by: None,
            collected_location: None,
            collected_at: Some(DateTime::parse_from_rfc3339("2024-01-06T10:00:00+08:00").unwrap()),
            legal_authority: None,
            legacy_hashes: false,
            statement,
            actor: "cli:test".into(),
        };
        self.vault.add(&request, &fixture_path(fixture)).unwrap().id
    }

    fn parsed_details(&self, id: &str) -> Vec<String> {
        let events = self.store.item_custody_events(id).unwrap();
        events.into_iter().filter(|row| row.event.kind == "parsed").map(|row| row.event.details).collect()
    }

}

fn options(currency: &str, date: (i32, u32, u32)) -> BankStatementOptions {
    BankStatementOptions {
        currency: Some(currency.parse::<Currency>().unwrap()),
        start_date: Some(NaiveDate::from_ymd_opt(date.0, date.1, date.2).unwrap()),
    }
}

#[test]
fn paysim_item_parses_with_options() {
    let node = Node::new();
    let id = node.add_with("statement_paysim.csv", options("LAK", (2024, 1, 1)));

    let summary = parse_item(&node.vault, &node.evidence(), node.store.as_ref(), &id, "cli:test").unwrap().unwrap();

    assert_eq!(summary.records, 2);
    assert!(summary.unparsed.is_empty(), "{:?}", summary.unparsed);
    let item = node.store.evidence_item(&id).unwrap().unwrap();
    assert_eq!(item.statement_currency.as_deref(), Some("LAK"));
    assert_eq!(item.statement_start_date.as_deref(), Some("2024-01-01"));
    let details = node.parsed_details(&id);
    assert_eq!(details.len(), 1);
    assert!(details[0].ends_with(" currency=LAK start_date=2024-01-01"), "{}", details[0]);
    let records = node.store.parsed_records(&id).unwrap();
    assert_eq!(records[0].record.time_us, Some(utc("2024-01-01T00:00:00+08:00").timestamp_micros() + 3_600_000_000));
    assert!(node.verify(Some(&id)).is_ok());
}

#[test]
fn amlsim_item_parses_with_options() {
    let node = Node::new();
    let id = node.add_with("statement_amlsim.csv", options("CNY", (2024, 3, 1)));

    let summary = parse_item(&node.vault, &node.evidence(), node.store.as_ref(), &id, "cli:test").unwrap().unwrap();

    assert_eq!(summary.records, 3);
    let lines: Vec<Option<u64>> = summary.unparsed.iter().map(|line| line.line).collect();
    assert_eq!(lines, vec![Some(4)]);
    let records = node.store.parsed_records(&id).unwrap();
    assert_eq!(records[1].record.time_us, Some(utc("2024-03-03T00:00:00+08:00").timestamp_micros()));
    assert!(records[0].record.text.contains("1500.25 CNY"), "{}", records[0].record.text);
    assert!(node.parsed_details(&id)[0].ends_with(" currency=CNY start_date=2024-03-01"));
}

#[test]
fn paysim_without_options_stored_unparsed() {
    let node = Node::new();
    let no_date = BankStatementOptions { start_date: None, ..options("LAK", (2024, 1, 1)) };
    let cases = [
        (BankStatementOptions::default(), true, true, "a currency and a start date"),
        (no_date, false, true, "a start date"),
    ];

    for (statement, currency_missing, date_missing, named) in cases {
        let id = node.add_with("statement_paysim.csv", statement);

        let error = parse_item(&node.vault, &node.evidence(), node.store.as_ref(), &id, "cli:test").unwrap_err();

        assert!(error.to_string().contains(named), "{error}");
        match error {
            mekong_evidence::EvidenceError::StatementOptionsMissing { item_id, layout, currency, start_date } => {
                assert_eq!(item_id, id);
                assert_eq!(layout, "PaySim");
                assert_eq!(currency, currency_missing);
                assert_eq!(start_date, date_missing);
            }
            other => panic!("expected missing statement options, got {other:?}"),
        }
        assert!(node.store.evidence_item(&id).unwrap().is_some());
        assert!(node.parsed_details(&id).is_empty());
        assert!(node.store.parsed_records(&id).unwrap().is_empty());
        assert!(node.verify(Some(&id)).is_ok());
    }
}

#[test]
fn statement_parsed_on_ingest() {
    let node = Node::new();
    let (id, summary) = node.add("statement_gbk.csv");
    let summary = summary.unwrap();

    assert_eq!(summary.parser.name, "bank-statement-csv");
    assert_eq!(summary.records, 5);
    let lines: Vec<Option<u64>> = summary.unparsed.iter().map(|line| line.line).collect();
    assert_eq!(lines, vec![Some(3), Some(4), Some(5)]);
    assert!(summary.event_seq.is_some());

    let events: Vec<String> = node
        .store
        .custody_events()
        .unwrap()
        .into_iter()
        .filter(|row| row.event.item_id == id && row.event.kind == "parsed")
        .map(|row| row.event.details)
        .collect();
    assert_eq!(events.len(), 1);
    assert!(events[0].contains("parser=bank-statement-csv version=1"), "{}", events[0]);
    assert!(events[0].contains(&format!("output_sha256={}", summary.output_sha256)), "{}", events[0]);

    let report = node.verify(Some(&id));
    assert!(report.problems.is_empty(), "{:?}", report.problems);
}

#[test]
fn statement_reparse_byte_identical() {
    let node = Node::new();
    let (id, first) = node.add("statement_gbk.csv");
    let first = first.unwrap();
    let before: Vec<String> = node.store.parsed_records(&id).unwrap().into_iter().map(|row| row.record.json).collect();

    let second = parse_item(&node.vault, &node.evidence(), node.store.as_ref(), &id, "cli:test").unwrap().unwrap();
    let after: Vec<String> = node.store.parsed_records(&id).unwrap().into_iter().map(|row| row.record.json).collect();

    assert_eq!(first.output_sha256, second.output_sha256);
    assert_eq!(before, after);
    assert_eq!(second.event_seq, None);
}

#[test]
fn statement_rows_searchable() {
    let node = Node::new();
    let (id, _) = node.add("statement_gbk.csv");
    let filters = SearchFilters { case_ref: "CASE-BANK".into(), kind: None, sender: None, from: None, to: None };

    let hits = search(node.store.as_ref(), &[Role::Investigator], "货款", &filters, Page::default()).unwrap();
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(hits[0].item_id, id);
    assert_eq!(hits[0].record_kind, "transaction");
    assert_eq!(hits[0].line, Some(2));
    assert_eq!(hits[0].sender.as_deref(), Some("6222020200112233445"));
    assert!(hits[0].text.contains("BCELLALA 010120000123456"), "{}", hits[0].text);

    let by_account = SearchFilters { sender: Some("6222020200112233445".into()), ..filters.clone() };
    let hits = search(node.store.as_ref(), &[Role::Investigator], "退款", &by_account, Page::default()).unwrap();
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(hits[0].line, Some(6));
    assert_eq!(hits[0].time, Some(utc("2024-01-05T03:30:00Z")));
}
