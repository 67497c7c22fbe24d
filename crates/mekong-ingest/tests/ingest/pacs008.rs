//! ISO 20022 pacs.008 XML: field mapping, versions, rejects per transaction,
//! malformed XML and files that are not pacs.008.

// Helpers outside #[test] functions unwrap too; a panic there is the test failure.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::str::FromStr;

use mekong_core::{Channel, Country, Currency};
use mekong_ingest::formats::{Format, FormatChoice, IngestError, RejectReason, TransactionReader};
use rust_decimal::Decimal;

use crate::common::{fixture, options, read_all, summary};

#[test]
fn pacs008_valid_maps_fields() {
    let path = fixture("pacs008/valid.xml");
    assert_eq!(
        TransactionReader::open(&path, &options()).unwrap().format(),
        Format::Pacs008
    );

    let (records, rejects) = read_all(&path, &options());
    assert!(rejects.is_empty(), "{rejects:?}");
    assert_eq!(records.len(), 1);

    let record = &records[0];
    let tx = &record.tx;
    assert_eq!(record.line, 10);
    assert_eq!(record.label, None);
    assert_eq!(tx.id, "TX-CN-LA-0001");
    assert_eq!(tx.amount.amount, Decimal::from_str("48000.50").unwrap());
    assert_eq!(tx.amount.currency, Currency::CNY);
    assert_eq!(tx.timestamp.to_rfc3339(), "2026-03-01T09:30:00+08:00");
    assert_eq!(tx.debtor.bank, "ICBKCNBJXXX");
    assert_eq!(tx.debtor.number, "6222020200112233445");
    assert_eq!(tx.debtor.country, Some(Country::CN));
    assert_eq!(tx.creditor.bank, "BCELLALA");
    assert_eq!(tx.creditor.number, "0101000123456");
    assert_eq!(tx.creditor.country, Some(Country::LA));
    assert_eq!(tx.channel, Channel::Wire);
    assert_eq!(tx.reference.as_deref(), Some("Invoice 2026-17"));
    assert!(tx.is_cn_la_cross_border());
}

#[test]
fn pacs008_multi_imports_good_rejects_bad() {
    let path = fixture("pacs008/multi.xml");
    let (records, rejects) = read_all(&path, &options());

    let ids: Vec<&str> = records.iter().map(|record| record.tx.id.as_str()).collect();
    assert_eq!(ids, ["TX-A", "E2E-D"]);

    // Version .02: BIC instead of BICFI, a clearing member id, an IBAN, entities.
    let first = &records[0].tx;
    assert_eq!(first.debtor.number, "LA12BCEL0000000000000001");
    assert_eq!(first.debtor.country, Some(Country::LA));
    assert_eq!(first.creditor.bank, "102100099996");
    assert_eq!(first.creditor.country, Some(Country::CN));
    assert_eq!(
        first.reference.as_deref(),
        Some("Goods & services part 2 中")
    );
    // No zone in CreDtTm, so the default offset (UTC+8) applies; the group's
    // settlement date is the same day.
    assert_eq!(first.timestamp.to_rfc3339(), "2026-03-02T14:05:10+08:00");

    // A settlement date on another day than the creation time gives local midnight.
    let last = &records[1].tx;
    assert_eq!(last.timestamp.to_rfc3339(), "2026-03-03T00:00:00+08:00");
    assert_eq!(last.amount.currency, Currency::from_str("THB").unwrap());

    assert_eq!(rejects.len(), 2);
    assert_eq!(
        summary(&rejects[0]),
        (
            21,
            "FIToFICstmrCdtTrf/CdtTrfTxInf[2]/IntrBkSttlmAmt",
            "-20.00",
            RejectReason::AmountNegative
        )
    );
    assert_eq!(
        summary(&rejects[1]),
        (
            31,
            "FIToFICstmrCdtTrf/CdtTrfTxInf[3]/DbtrAgt/FinInstnId/BIC",
            "ICBK",
            RejectReason::InvalidBic
        )
    );
    assert_eq!(rejects[0].file, path);
}

#[test]
fn pacs008_malformed_stops_with_reject() {
    let path = fixture("pacs008/malformed.xml");
    let (records, rejects) = read_all(&path, &options());

    assert_eq!(records.len(), 1);
    assert_eq!(records[0].tx.id, "TX-OK");
    assert_eq!(records[0].tx.timestamp.to_rfc3339(), "2026-03-04T08:00:00Z");

    assert_eq!(rejects.len(), 1);
    let reject = &rejects[0];
    assert_eq!(reject.line, 18);
    assert_eq!(reject.column, "FIToFICstmrCdtTrf/CdtTrfTxInf[2]");
    assert!(
        matches!(reject.reason, RejectReason::InvalidXml { .. }),
        "{:?}",
        reject.reason
    );
    assert!(
        reject.reason.to_string().contains("IntrBkAmt"),
        "{}",
        reject.reason
    );
}

#[test]
fn pacs008_other_message_is_error() {
    let path = fixture("pacs008/wrong_message.xml");
    let error = TransactionReader::open(&path, &options()).unwrap_err();

    assert!(matches!(error, IngestError::NotPacs008 { .. }), "{error:?}");
    let text = error.to_string();
    assert!(text.contains("pacs.009.001.08"), "{text}");
    assert!(text.contains("wrong_message.xml"), "{text}");
}

#[test]
fn pacs008_format_on_csv_is_error() {
    let mut options = options();
    options.format = FormatChoice::Exact(Format::Pacs008);
    let error = TransactionReader::open(&fixture("canonical/valid.csv"), &options).unwrap_err();

    assert!(matches!(error, IngestError::NotPacs008 { .. }), "{error:?}");
}

#[test]
fn pacs008_missing_fields_rejected() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("missing.xml");
    let transaction = |body: &str| format!("<CdtTrfTxInf>{body}</CdtTrfTxInf>");
    let accounts = "<DbtrAcct><Id><Othr><Id>1</Id></Othr></Id></DbtrAcct>\
                    <DbtrAgt><FinInstnId><BICFI>ICBKCNBJ</BICFI></FinInstnId></DbtrAgt>\
                    <CdtrAgt><FinInstnId><BICFI>BCELLALA</BICFI></FinInstnId></CdtrAgt>\
                    <CdtrAcct><Id><Othr><Id>2</Id></Othr></Id></CdtrAcct>";
    let body = [
        transaction(&format!(
            "<IntrBkSttlmAmt Ccy=\"CNY\">1</IntrBkSttlmAmt>{accounts}"
        )),
        transaction(&format!(
            "<PmtId><TxId>T2</TxId></PmtId><IntrBkSttlmAmt>1</IntrBkSttlmAmt>{accounts}"
        )),
        transaction(&format!(
            "<PmtId><TxId>T3</TxId></PmtId><IntrBkSttlmAmt Ccy=\"XXQ\">1</IntrBkSttlmAmt>{accounts}"
        )),
        transaction("<PmtId><TxId>T4</TxId></PmtId><IntrBkSttlmAmt Ccy=\"CNY\">1</IntrBkSttlmAmt>"),
        transaction(&format!(
            "<PmtId><TxId>T5</TxId></PmtId><IntrBkSttlmAmt Ccy=\"CNY\">1</IntrBkSttlmAmt>\
             <IntrBkSttlmDt>2026-02-30</IntrBkSttlmDt>{accounts}"
        )),
        "<CdtTrfTxInf/>".to_owned(),
    ]
    .concat();
    let xml = format!(
        "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pacs.008.001.09\"><FIToFICstmrCdtTrf>\
         <GrpHdr><CreDtTm>2026-03-01T10:00:00+07:00</CreDtTm></GrpHdr>{body}</FIToFICstmrCdtTrf></Document>"
    );
    std::fs::write(&path, xml).unwrap();

    let (records, rejects) = read_all(&path, &options());
    assert!(records.is_empty(), "{records:?}");

    let found: Vec<(&str, RejectReason)> = rejects
        .iter()
        .map(|reject| (reject.column.as_str(), reject.reason.clone()))
        .collect();
    let expected = [
        (
            "FIToFICstmrCdtTrf/CdtTrfTxInf[1]/PmtId/TxId",
            RejectReason::MissingElement,
        ),
        (
            "FIToFICstmrCdtTrf/CdtTrfTxInf[2]/IntrBkSttlmAmt/@Ccy",
            RejectReason::MissingElement,
        ),
        (
            "FIToFICstmrCdtTrf/CdtTrfTxInf[3]/IntrBkSttlmAmt/@Ccy",
            RejectReason::UnknownCurrency,
        ),
        (
            "FIToFICstmrCdtTrf/CdtTrfTxInf[4]/DbtrAcct/Id",
            RejectReason::MissingElement,
        ),
        (
            "FIToFICstmrCdtTrf/CdtTrfTxInf[5]/IntrBkSttlmDt",
            RejectReason::ImpossibleTimestamp,
        ),
        (
            "FIToFICstmrCdtTrf/CdtTrfTxInf[6]/PmtId/TxId",
            RejectReason::MissingElement,
        ),
    ];
    assert_eq!(found, expected);
    assert_eq!(rejects[2].value, "XXQ");
}

#[test]
fn pacs008_unsupported_version_rejected() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v11.xml");
    std::fs::write(
        &path,
        "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pacs.008.001.11\"><FIToFICstmrCdtTrf/></Document>",
    )
    .unwrap();

    let error = TransactionReader::open(&path, &options()).unwrap_err();
    assert!(error.to_string().contains("pacs.008.001.11"), "{error}");
}

#[test]
fn pacs008_pipeline_scores_once() {
    use std::sync::Arc;

    use mekong_core::{NodeId, NodeIdentity};
    use mekong_ingest::formats::Row;
    use mekong_ingest::pipeline::{Outcome, Pipeline};
    use mekong_monitor::RuleSet;
    use mekong_store::{SqliteStore, Store};

    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join("mekong.db")).unwrap();
    let identity =
        NodeIdentity::new(NodeId::new("cn-test-node").unwrap(), Country::CN, "TEST").unwrap();
    store.init_node_identity(&identity).unwrap();
    let store: Arc<dyn Store> = Arc::new(store);
    let pipeline = Pipeline::start(store, RuleSet::defaults()).unwrap();

    let read = || -> Vec<mekong_core::Transaction> {
        let reader = TransactionReader::open(&fixture("pacs008/multi.xml"), &options()).unwrap();
        reader
            .filter_map(|row| match row {
                Row::Accepted(record) => Some(record.tx),
                Row::Rejected(_) => None,
            })
            .collect()
    };

    let first = pipeline.submit(read()).unwrap();
    assert_eq!(first.len(), 2);
    assert!(
        first
            .iter()
            .all(|outcome| matches!(outcome, Outcome::Accepted { .. })),
        "{first:?}"
    );

    let second = pipeline.submit(read()).unwrap();
    assert!(
        second
            .iter()
            .all(|outcome| matches!(outcome, Outcome::Duplicate { .. })),
        "{second:?}"
    );
}

#[test]
fn pacs008_bom_and_crlf_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bom.xml");
    let text = std::fs::read_to_string(fixture("pacs008/valid.xml")).unwrap();
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(text.replace('\n', "\r\n").as_bytes());
    std::fs::write(&path, bytes).unwrap();

    let (records, rejects) = read_all(&path, &options());
    assert!(rejects.is_empty(), "{rejects:?}");
    assert_eq!(records.len(), 1);
    assert_eq!(records[0].line, 10);
    assert_eq!(records[0].tx.id, "TX-CN-LA-0001");
}

#[test]
fn pacs008_invalid_utf8_rejected() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gbk.xml");
    let text = std::fs::read_to_string(fixture("pacs008/valid.xml")).unwrap();
    let bytes = text.replace("Invoice 2026-17", "\u{0}").into_bytes();
    // GBK bytes for 货款 in place of the reference text.
    let marker = bytes.iter().position(|byte| *byte == 0).unwrap();
    let mut gbk = bytes[..marker].to_vec();
    gbk.extend_from_slice(&[0xBB, 0xF5, 0xBF, 0xEE]);
    gbk.extend_from_slice(&bytes[marker + 1..]);
    std::fs::write(&path, gbk).unwrap();

    let (records, rejects) = read_all(&path, &options());
    assert!(records.is_empty(), "{records:?}");
    assert_eq!(rejects.len(), 1);
    assert_eq!(
        rejects[0].column,
        "FIToFICstmrCdtTrf/CdtTrfTxInf[1]/RmtInf/Ustrd"
    );
    assert_eq!(
        rejects[0].reason,
        RejectReason::InvalidEncoding { encoding: "UTF-8" }
    );
}

#[test]
fn pacs008_deep_nesting_stops() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("deep.xml");
    let xml = format!(
        "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08\"><FIToFICstmrCdtTrf>\
         <CdtTrfTxInf>{}</CdtTrfTxInf></FIToFICstmrCdtTrf></Document>",
        "<a>".repeat(100)
    );
    std::fs::write(&path, xml).unwrap();

    let (records, rejects) = read_all(&path, &options());
    assert!(records.is_empty(), "{records:?}");
    assert_eq!(rejects.len(), 1);
    assert_eq!(rejects[0].column, "FIToFICstmrCdtTrf/CdtTrfTxInf[1]");
    assert!(
        rejects[0].reason.to_string().contains("deeper than 64"),
        "{}",
        rejects[0].reason
    );
}
