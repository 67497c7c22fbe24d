//! The registry against a real SQLite store and pipeline: CSV import with rejects,
//! idempotence, the risk index and the live effect of a new flag on the monitor.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::str::FromStr;
use std::sync::Arc;

use chrono::{FixedOffset, TimeDelta, Utc};
use mekong_core::i18n::Locale;
use mekong_core::time::node_zone;
use mekong_core::{AccountRef, Channel, Country, Currency, Money, NodeId, NodeIdentity, Timestamp, Transaction};
use mekong_ingest::pipeline::{Outcome, Pipeline};
use mekong_monitor::RuleSet;
use mekong_registry::{
    Entry, IdentifierKind, ListingType, Registry, RiskDecision, StoreFlags, Upsert, import_csv, import_csv_text,
};
use mekong_store::{SqliteStore, Store};
use rust_decimal::Decimal;
use tempfile::TempDir;

const HEADER: &str = "kind,value,listing_type,reason,source_agency,legal_basis,appeal,starts_at,expires_at,note\n";

fn china_zone() -> FixedOffset {
    node_zone(Country::CN)
}

fn open_store(dir: &TempDir) -> Arc<SqliteStore> {
    let store = Arc::new(SqliteStore::open(&dir.path().join("mekong.db")).unwrap());
    let identity = NodeIdentity::new(NodeId::new("cn-registry-test").unwrap(), Country::CN, "TEST").unwrap();
    store.init_node_identity(&identity).unwrap();
    store
}

fn entry(kind: IdentifierKind, value: &str, listing: ListingType) -> Entry {
    Entry {
        kind,
        value: mekong_registry::normalise(kind, value, Country::CN).unwrap().value,
        raw: value.to_owned(),
        valid: true,
        listing,
        reason: "Received victim funds in a fake-investment case".to_owned(),
        note: "internal: informant tip".to_owned(),
        source_agency: "MPS".to_owned(),
        legal_basis: "Anti-Telecom and Online Fraud Law Art. 31".to_owned(),
        appeal: "Apply for review to the issuing public security organ within 30 days".to_owned(),
        starts_at: Utc::now() - TimeDelta::days(1),
        expires_at: None,
        origin: "cn-registry-test".to_owned(),
        added_at: Utc::now(),
    }
}

fn transfer(id: &str, debtor: (&str, &str), creditor: (&str, &str)) -> Transaction {
    Transaction {
        id: id.to_owned(),
        origin: NodeId::new("cn-registry-test").unwrap(),
        timestamp: Timestamp::parse_rfc3339("2026-03-05T10:00:00+08:00").unwrap(),
        debtor: AccountRef::new(debtor.0, debtor.1, Some(Country::CN)),
        creditor: AccountRef::new(creditor.0, creditor.1, Some(Country::CN)),
        amount: Money::new(Decimal::from_str("120.00").unwrap(), Currency::from_str("CNY").unwrap()),
        channel: Channel::Transfer,
        reference: None,
    }
}

fn alerts_of(outcome: &Outcome) -> usize {
    match outcome {
        Outcome::Accepted { alerts, .. } => alerts.len(),
        other => panic!("expected an accepted transaction, got {other:?}"),
    }
}

#[test]
fn csv_import_with_rejects() {
    let dir = tempfile::tempdir().unwrap();
    let store = open_store(&dir);
    let registry = Registry::load(store.clone(), Arc::new(StoreFlags(store.clone())), Country::CN).unwrap();
    let csv = format!(
        "{HEADER}\
         phone,138 1234 5678,scam_phone,Impersonated police,MPS,Art. 31,Appeal to MPS,2026-01-01,,\n\
         phone,+856 99 123,scam_phone,Lao number the metadata calls invalid,AMLIO,Art. 31,Appeal to AMLIO,2026-01-01,,\n\
         domain,Scam.Example,scam_url,Fake investment site,MPS,Art. 31,Appeal to MPS,2026-01-01,2027-01-01,\n\
         imei,490154203237519,other,Seized device,MPS,Art. 31,Appeal to MPS,2026-01-01,,\n\
         fax,123,other,Unknown kind,MPS,Art. 31,Appeal to MPS,2026-01-01,,\n\
         url,https://scam.example/,scam_url,No appeal route,MPS,Art. 31,,2026-01-01,,\n\
         ip,203.0.113.5,other,Bad start,MPS,Art. 31,Appeal to MPS,yesterday,,\n"
    );
    let file = dir.path().join("registry.csv");
    std::fs::write(&file, csv).unwrap();
    let rejects = dir.path().join("rejects.csv");

    let report = import_csv(&registry, &file, &rejects, "cn-registry-test", china_zone(), Locale::En).unwrap();
    assert_eq!(report.read, 7);
    assert_eq!(report.added, 3);
    assert_eq!(report.rejected, 4);

    let written = std::fs::read_to_string(&rejects).unwrap();
    let lines: Vec<&str> = written.lines().collect();
    assert_eq!(lines[0], "file,line,column,value,reason");
    let expected = [
        (",5,value,490154203237519,", "Invalid IMEI: the check digit"),
        (",6,kind,fax,", "Unknown identifier kind"),
        (",7,appeal,,", "The field appeal is missing"),
        (",8,starts_at,yesterday,", "Invalid time"),
    ];
    for (line, (position, reason)) in lines[1..].iter().zip(expected) {
        assert!(line.contains(position), "{line}");
        assert!(line.contains(reason), "{line}");
    }

    let entries = registry.entries().unwrap();
    let invalid = entries.iter().find(|entry| entry.value == "+85699123").unwrap();
    assert!(!invalid.valid);
    assert_eq!(invalid.raw, "+856 99 123");

    let again = import_csv(&registry, &file, &rejects, "cn-registry-test", china_zone(), Locale::En).unwrap();
    assert_eq!(again.added, 0);
    assert_eq!(again.unchanged, 3);
    assert_eq!(registry.entries().unwrap().len(), 3);
}

#[test]
fn csv_dates_in_node_zone() {
    let dir = tempfile::tempdir().unwrap();
    let store = open_store(&dir);
    let registry = Registry::load(store.clone(), Arc::new(StoreFlags(store.clone())), Country::CN).unwrap();
    let csv = format!(
        "{HEADER}\
         domain,dates.example,scam_url,Dates only,MPS,Art. 31,Appeal to MPS,2026-03-01,2026-03-31,\n\
         domain,times.example,scam_url,Full times,MPS,Art. 31,Appeal to MPS,2026-03-01T09:30:00+07:00,2026-04-01T00:00:00Z,\n"
    );
    let file = dir.path().join("registry.csv");
    std::fs::write(&file, csv).unwrap();
    let rejects = dir.path().join("rejects.csv");

    let report = import_csv(&registry, &file, &rejects, "cn-registry-test", china_zone(), Locale::En).unwrap();
    assert_eq!(report.added, 2);

    let entries = registry.entries().unwrap();
    let dates = entries.iter().find(|entry| entry.value == "dates.example").unwrap();
    assert_eq!(dates.starts_at.to_rfc3339(), "2026-02-28T16:00:00+00:00", "00:00 on 1 March at +08:00");
    assert_eq!(dates.expires_at.unwrap().to_rfc3339(), "2026-03-31T16:00:00+00:00", "00:00 on 1 April at +08:00");
    let last_hour = "2026-03-31T23:30:00+08:00".parse().unwrap();
    assert!(dates.in_force(last_hour), "in force through the expiry date");
    let times = entries.iter().find(|entry| entry.value == "times.example").unwrap();
    assert_eq!(times.starts_at.to_rfc3339(), "2026-03-01T02:30:00+00:00");
    assert_eq!(times.expires_at.unwrap().to_rfc3339(), "2026-04-01T00:00:00+00:00");
}

#[test]
fn rejects_file_localised() {
    let dir = tempfile::tempdir().unwrap();
    let store = open_store(&dir);
    let registry = Registry::load(store.clone(), Arc::new(StoreFlags(store.clone())), Country::LA).unwrap();
    let file = dir.path().join("registry.csv");
    std::fs::write(&file, format!("{HEADER}ip,1.2.3,other,r,AMLIO,Art. 29,Appeal,2026-01-01,,\n")).unwrap();
    let rejects = dir.path().join("rejects.csv");

    import_csv(&registry, &file, &rejects, "la-test", node_zone(Country::LA), Locale::ZhCn).unwrap();
    assert!(std::fs::read_to_string(&rejects).unwrap().contains("IP 地址无效"));
}

#[test]
fn risk_query_decisions() {
    let dir = tempfile::tempdir().unwrap();
    let store = open_store(&dir);
    let registry = Registry::load(store.clone(), Arc::new(StoreFlags(store.clone())), Country::CN).unwrap();
    registry.add(entry(IdentifierKind::BankAccount, "CCB/6217 0000 1111", ListingType::CaseRelatedAccount)).unwrap();
    registry.add(entry(IdentifierKind::Domain, "scam.example", ListingType::ScamUrl)).unwrap();
    let mut lapsed = entry(IdentifierKind::Phone, "+8613812345678", ListingType::ScamPhone);
    lapsed.starts_at = Utc::now() - TimeDelta::days(10);
    lapsed.expires_at = Some(Utc::now() - TimeDelta::days(1));
    registry.add(lapsed).unwrap();

    let now = Utc::now();
    let delay = registry.risk(&[(IdentifierKind::BankAccount, "CCB/621700001111")], now).unwrap();
    assert_eq!(delay.decision, RiskDecision::Delay);
    assert_eq!(delay.reasons[0].listing_type, "case_related_account");

    let warn = registry.risk(&[(IdentifierKind::Url, "https://pay.Scam.example/x")], now).unwrap();
    assert_eq!(warn.decision, RiskDecision::Warn);

    let expired = registry.risk(&[(IdentifierKind::Phone, "138 1234 5678")], now).unwrap();
    assert_eq!(expired.decision, RiskDecision::Allow);
    assert!(expired.reasons.is_empty());

    // A reopened registry returns the same decision from what it loads.
    let reopened = Registry::load(store.clone(), Arc::new(StoreFlags(store.clone())), Country::CN).unwrap();
    assert_eq!(reopened.risk(&[(IdentifierKind::BankAccount, "CCB/621700001111")], now).unwrap().decision, RiskDecision::Delay);

    assert_eq!(registry.remove(IdentifierKind::BankAccount, "CCB/6217-0000-1111").unwrap(), 1);
    assert_eq!(registry.risk(&[(IdentifierKind::BankAccount, "CCB/621700001111")], now).unwrap().decision, RiskDecision::Allow);
    assert!(store.flags().unwrap().is_empty());
}

#[test]
fn flag_affects_next_transaction() {
    let dir = tempfile::tempdir().unwrap();
    let store = open_store(&dir);
    let shared: Arc<dyn Store> = store.clone();
    let pipeline = Arc::new(Pipeline::start(shared, RuleSet::defaults()).unwrap());
    let registry = Registry::load(store.clone(), pipeline.clone(), Country::CN).unwrap();
    let payer = ("ICBC", "6222000000000042");
    let mule = ("CCB", "6217000011112222");

    let before = pipeline.submit(vec![transfer("live-1", payer, mule)]).unwrap();
    assert_eq!(alerts_of(&before[0]), 0);

    let upsert = registry.add(entry(IdentifierKind::BankAccount, "CCB/6217 0000 1111 2222", ListingType::CaseRelatedAccount)).unwrap();
    assert_eq!(upsert, Upsert::Added);

    let after = pipeline.submit(vec![transfer("live-2", payer, mule)]).unwrap();
    assert!(alerts_of(&after[0]) >= 1, "the next transaction to the listed account raises an alert");
    let alert = store.alert(&match &after[0] {
        Outcome::Accepted { alerts, .. } => alerts[0].clone(),
        _ => unreachable!(),
    });
    assert_eq!(alert.unwrap().unwrap().alert.rule, "flagged_counterparty");
}

fn open_registry(dir: &TempDir) -> Registry {
    let store = open_store(dir);
    Registry::load(store.clone(), Arc::new(StoreFlags(store)), Country::CN).unwrap()
}

#[test]
fn crlf_text_keeps_file_lines() {
    let dir = tempfile::tempdir().unwrap();
    let registry = open_registry(&dir);
    let text = format!(
        "{}\r\n\
         domain,good.example,scam_url,Phishing,MPS,Art. 31,Review,2026-01-01,,\r\n\
         domain,bad-start.example,scam_url,Phishing,MPS,Art. 31,Review,soon,,\r\n\
         kite,kite.example,scam_url,Phishing,MPS,Art. 31,Review,2026-01-01,,\r\n\
         domain,bad-expiry.example,scam_url,Phishing,MPS,Art. 31,Review,2026-01-01,2026-12-05x,\r\n\
         \r\n",
        HEADER.trim_end()
    );

    let (report, rejects) = import_csv_text(&registry, &text, "cn-registry-test", china_zone()).unwrap();

    assert_eq!(report.read, 4, "the blank last line is no row");
    assert_eq!(report.added, 1);
    let lines: Vec<u64> = rejects.iter().map(|reject| reject.line).collect();
    assert_eq!(lines, [3, 4, 5], "the header is line 1");
    let identifiers: Vec<&str> = rejects.iter().map(|reject| reject.identifier.as_str()).collect();
    assert_eq!(identifiers, ["bad-start.example", "kite.example", "bad-expiry.example"]);
    assert_eq!((rejects[2].column.as_str(), rejects[2].value.as_str()), ("expires_at", "2026-12-05x"));
}

#[test]
fn crlf_file_keeps_lines() {
    let dir = tempfile::tempdir().unwrap();
    let registry = open_registry(&dir);
    let file = dir.path().join("windows.csv");
    let text = format!(
        "{}\r\ndomain,ok.example,scam_url,Phishing,MPS,Art. 31,Review,,,\r\ndomain,x.example,scam_url,Phishing,MPS,Art. 31,Review,never,,\r\n",
        HEADER.trim_end()
    );
    std::fs::write(&file, text).unwrap();
    let rejects = dir.path().join("rejects.csv");

    import_csv(&registry, &file, &rejects, "cn-registry-test", china_zone(), Locale::En).unwrap();

    let written = std::fs::read_to_string(&rejects).unwrap();
    assert!(written.contains(",3,starts_at,never,"), "{written}");
}

#[test]
fn empty_start_is_import_time() {
    let dir = tempfile::tempdir().unwrap();
    let registry = open_registry(&dir);
    let text = format!(
        "{HEADER}\
         domain,now.example,scam_url,Phishing,MPS,Art. 31,Review,,,\n\
         domain,lapsed.example,scam_url,Phishing,MPS,Art. 31,Review,,2026-01-31,\n"
    );
    let before = Utc::now();

    let (report, rejects) = import_csv_text(&registry, &text, "cn-registry-test", china_zone()).unwrap();

    assert_eq!(report.added, 1);
    let entries = registry.entries().unwrap();
    assert_eq!(entries.len(), 1);
    assert!(entries[0].starts_at >= before, "empty starts_at means the time of the import");
    assert_eq!(rejects.len(), 1);
    assert_eq!(rejects[0].line, 3);
    assert_eq!(rejects[0].message_id, "registry-expiry-passed");
    assert!(rejects[0].reason(Locale::En).contains("2026-01-31 is already past"), "{}", rejects[0].reason(Locale::En));
}

#[test]
fn empty_start_reimport_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let registry = open_registry(&dir);
    let row = "phone,+8613900139100,scam_phone,Impersonates police,MPS,Art. 31,Review,,,";
    let text = format!("{}\r\n{row}\r\n", HEADER.trim_end());

    let (first, first_rejects) = import_csv_text(&registry, &text, "cn-registry-test", china_zone()).unwrap();
    let stored_start = registry.entries().unwrap()[0].starts_at;
    let (second, rejects) = import_csv_text(&registry, &text, "cn-registry-test", china_zone()).unwrap();

    assert!(first_rejects.is_empty(), "{first_rejects:?}");
    assert!(rejects.is_empty(), "{rejects:?}");
    assert_eq!(first.added, 1, "{first:?}");
    assert_eq!(second.unchanged, 1);
    assert_eq!(second.updated, 0);
    assert_eq!(registry.entries().unwrap()[0].starts_at, stored_start);
}

#[test]
fn empty_start_keeps_start_updates_rest() {
    let dir = tempfile::tempdir().unwrap();
    let registry = open_registry(&dir);
    let row = |reason: &str, starts: &str| {
        format!("{}\nphone,+8613900139100,scam_phone,{reason},MPS,Art. 31,Review,{starts},,\n", HEADER.trim_end())
    };
    import_csv_text(&registry, &row("Impersonates police", "2026-01-01"), "cn-registry-test", china_zone()).unwrap();
    let typed_start = registry.entries().unwrap()[0].starts_at;

    let (changed, _) = import_csv_text(&registry, &row("Fake refund calls", ""), "cn-registry-test", china_zone()).unwrap();

    assert_eq!(changed.updated, 1);
    let stored = &registry.entries().unwrap()[0];
    assert_eq!(stored.reason, "Fake refund calls");
    assert_eq!(stored.starts_at, typed_start, "an empty start keeps the stored start");

    let (moved, _) = import_csv_text(&registry, &row("Fake refund calls", "2026-02-01"), "cn-registry-test", china_zone()).unwrap();

    assert_eq!(moved.updated, 1, "a typed start still updates");
    assert!(registry.entries().unwrap()[0].starts_at > typed_start);
}

#[test]
fn empty_start_new_entry_added() {
    let dir = tempfile::tempdir().unwrap();
    let registry = open_registry(&dir);
    let new = entry(IdentifierKind::Domain, "fresh.example", ListingType::ScamUrl);

    let outcome = registry.add_with_empty_start(new.clone()).unwrap();

    assert_eq!(outcome, Upsert::Added);
    let stored_start = registry.entries().unwrap()[0].starts_at;
    assert_eq!(stored_start.timestamp_micros(), new.starts_at.timestamp_micros());
}
