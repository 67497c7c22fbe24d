//! `TransactionReader::from_reader`: CSV from memory gives the same rows as the file.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Cursor;
use std::path::Path;

use mekong_ingest::formats::{IngestError, TransactionReader};

use crate::common::{fixture, options, split, summary};

#[test]
fn reader_matches_file_rows() {
    for name in [
        "canonical/valid.csv",
        "canonical/bad_rows.csv",
        "canonical/crlf.csv",
        "ibm_aml/bad_rows.csv",
    ] {
        let path = fixture(name);
        let from_file = split(TransactionReader::open(&path, &options()).unwrap());

        let bytes = std::fs::read(&path).unwrap();
        let reader =
            TransactionReader::from_reader(Path::new("memory"), Cursor::new(bytes), &options())
                .unwrap();
        assert_eq!(reader.path(), Path::new("memory"));
        let from_memory = split(reader);

        assert_eq!(from_file.0, from_memory.0, "{name}");
        let file_rejects: Vec<_> = from_file.1.iter().map(summary).collect();
        let memory_rejects: Vec<_> = from_memory.1.iter().map(summary).collect();
        assert_eq!(file_rejects, memory_rejects, "{name}");
        assert!(
            from_memory
                .1
                .iter()
                .all(|reject| reject.file == Path::new("memory")),
            "{name}"
        );
    }
}

#[test]
fn reader_decodes_gbk() {
    let text = "id,timestamp,debtor_bank,debtor_account,debtor_country,creditor_bank,creditor_account,creditor_country,amount,currency,channel,reference\n\
                TX-1,2026-03-01T09:30:00+08:00,ICBKCNBJYNN,6222020200112233445,CN,BCELLALA,010120000123456,LA,12.00,CNY,wire,货款\n";
    let (bytes, _, _) = encoding_rs::GBK.encode(text);

    let reader = TransactionReader::from_reader(
        Path::new("memory"),
        Cursor::new(bytes.into_owned()),
        &options(),
    )
    .unwrap();
    assert_eq!(reader.encoding(), "GBK");
    let (records, rejects) = split(reader);

    assert!(rejects.is_empty(), "{rejects:?}");
    assert_eq!(records[0].tx.reference.as_deref(), Some("货款"));
}

#[test]
fn reader_rejects_xml() {
    let bytes = std::fs::read(fixture("pacs008/valid.xml")).unwrap();
    let error = TransactionReader::from_reader(Path::new("memory"), Cursor::new(bytes), &options())
        .unwrap_err();

    assert!(
        matches!(error, IngestError::UnknownHeader { .. }),
        "{error}"
    );
}
