//! Encodings: UTF-8 with BOM, GBK and GB18030 bank exports, and invalid bytes.

// Helpers outside #[test] functions unwrap too; a panic there is the test failure.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Write;
use std::path::{Path, PathBuf};

use encoding_rs::GB18030;
use mekong_ingest::formats::{RejectReason, TransactionReader};

use crate::common::{fixture, options, read_all, summary};

const HEADER: &str = "id,timestamp,debtor_bank,debtor_account,debtor_country,creditor_bank,creditor_account,\
                      creditor_country,amount,currency,channel,reference\n";

/// Canonical rows with Chinese bank names and references.
fn chinese_rows() -> String {
    let mut text = HEADER.to_owned();
    text.push_str(
        "CN-001,2026-03-05T14:20:00+08:00,中国工商银行云南省分行,6222020200112233445,CN,\
         老挝外贸大众银行,010120000123456,LA,88000.00,CNY,wire,货款 三月\n",
    );
    text.push_str(
        "CN-002,2026-03-05T15:00:00+08:00,中国农业银行昆明分行,6228480012345678,CN,\
         中国银行磨憨支行,6217850000001234,CN,1200.50,CNY,mobile,\"退款，订单 8812\"\n",
    );
    text
}

fn write_file(folder: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = folder.join(name);
    std::fs::File::create(&path).unwrap().write_all(bytes).unwrap();
    path
}

#[test]
fn bom_file_reads_like_plain() {
    let path = fixture("canonical/bom.csv");
    let reader = TransactionReader::open(&path, &options()).unwrap();
    assert_eq!(reader.encoding(), "UTF-8 with BOM");

    let (with_bom, rejects) = read_all(&path, &options());
    let (plain, _) = read_all(&fixture("canonical/valid.csv"), &options());
    assert!(rejects.is_empty(), "{rejects:?}");
    assert_eq!(with_bom, plain);
}

#[test]
fn gbk_file_decodes_chinese() {
    let folder = tempfile::tempdir().unwrap();
    let text = chinese_rows();
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(&text);
    assert!(!unmappable);
    let path = write_file(folder.path(), "gbk.csv", &gbk);

    let reader = TransactionReader::open(&path, &options()).unwrap();
    assert_eq!(reader.encoding(), "GBK");
    let (records, rejects) = read_all(&path, &options());
    assert!(rejects.is_empty(), "{rejects:?}");

    assert_eq!(records[0].tx.debtor.bank, "中国工商银行云南省分行");
    assert_eq!(records[0].tx.creditor.bank, "老挝外贸大众银行");
    assert_eq!(records[0].tx.reference.as_deref(), Some("货款 三月"));
    assert_eq!(records[1].tx.creditor.key().as_str(), "中国银行磨憨支行/6217850000001234");
    assert_eq!(records[1].tx.reference.as_deref(), Some("退款，订单 8812"));

    let utf8_path = write_file(folder.path(), "utf8.csv", text.as_bytes());
    let (utf8_records, _) = read_all(&utf8_path, &options());
    assert_eq!(records, utf8_records);
}

#[test]
fn four_byte_character_means_gb18030() {
    let folder = tempfile::tempdir().unwrap();
    // U+20BB7 is outside GBK; GB18030 writes it as four bytes.
    let text = chinese_rows().replace("货款 三月", "货款 𠮷");
    let (bytes, _, unmappable) = GB18030.encode(&text);
    assert!(!unmappable);
    let path = write_file(folder.path(), "gb18030.csv", &bytes);

    let reader = TransactionReader::open(&path, &options()).unwrap();
    assert_eq!(reader.encoding(), "GB18030");
    let (records, rejects) = read_all(&path, &options());
    assert!(rejects.is_empty(), "{rejects:?}");
    assert_eq!(records[0].tx.reference.as_deref(), Some("货款 𠮷"));
}

#[test]
fn malformed_gbk_rejects_one_row() {
    let folder = tempfile::tempdir().unwrap();
    let text = chinese_rows();
    let mut bytes = encoding_rs::GBK.encode(&text).0.into_owned();
    let bad_row = b"CN-003,2026-03-05T16:00:00+08:00,BANK,1,CN,BANK,2,CN,5.00,CNY,wire,bad\xFFbyte\n";
    bytes.extend_from_slice(bad_row);
    bytes.extend_from_slice(b"CN-004,2026-03-05T16:01:00+08:00,BANK,1,CN,BANK,2,CN,6.00,CNY,wire,ok\n");
    let path = write_file(folder.path(), "broken.csv", &bytes);

    let (records, rejects) = read_all(&path, &options());
    let ids: Vec<&str> = records.iter().map(|record| record.tx.id.as_str()).collect();
    assert_eq!(ids, ["CN-001", "CN-002", "CN-004"]);
    assert_eq!(rejects.len(), 1);
    let expected = (4, "reference", "bad\u{FFFD}byte", RejectReason::InvalidEncoding { encoding: "GBK" });
    assert_eq!(summary(&rejects[0]), expected);
}

#[test]
fn invalid_utf8_after_sniff_rejects_row() {
    let folder = tempfile::tempdir().unwrap();
    let mut bytes = HEADER.as_bytes().to_vec();
    let mut rows = 0;
    // Fill past the sniffed start with valid rows, so the file is detected as UTF-8.
    while bytes.len() <= mekong_ingest::encoding::SNIFF_LEN {
        rows += 1;
        let row = format!("R-{rows},2026-03-05T16:00:00+08:00,BANK,1,CN,BANK,2,LA,5.00,CNY,wire,\n");
        bytes.extend_from_slice(row.as_bytes());
    }
    bytes.extend_from_slice(b"R-bad,2026-03-05T16:00:00+08:00,BANK,1,CN,BANK\xC3\x28,2,LA,5.00,CNY,wire,\n");
    bytes.extend_from_slice(b"R-last,2026-03-05T16:00:00+08:00,BANK,1,CN,BANK,2,LA,5.00,CNY,wire,\n");
    let path = write_file(folder.path(), "late.csv", &bytes);

    let (records, rejects) = read_all(&path, &options());
    assert_eq!(records.len(), rows + 1);
    assert_eq!(records.last().map(|record| record.tx.id.as_str()), Some("R-last"));
    assert_eq!(rejects.len(), 1);
    let reason = RejectReason::InvalidEncoding { encoding: "UTF-8" };
    let expected = (rows as u64 + 2, "creditor_bank", "BANK\u{FFFD}(", reason);
    assert_eq!(summary(&rejects[0]), expected);
}
