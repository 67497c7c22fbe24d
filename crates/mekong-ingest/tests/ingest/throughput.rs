//! Parsing throughput, printed rather than asserted: run with
//! `cargo test --release -p mekong-ingest --test ingest -- --ignored --nocapture`.

// Helpers outside #[test] functions unwrap too; a panic there is the test failure.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fmt::Write as _;
use std::path::Path;
use std::time::Instant;

use mekong_ingest::formats::{Row, TransactionReader};

use crate::common::options;

const ROWS: usize = 300_000;

fn measure(name: &str, path: &Path) {
    let started = Instant::now();
    let reader = TransactionReader::open(path, &options()).unwrap();
    let mut accepted = 0;
    for row in reader {
        if let Row::Accepted(_) = row {
            accepted += 1;
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    assert_eq!(accepted, ROWS);
    println!("{name}: {ROWS} rows in {seconds:.3} s = {:.0} rows/s", ROWS as f64 / seconds);
}

#[test]
#[ignore = "prints a measurement; run in release"]
fn parsing_throughput() {
    let folder = tempfile::tempdir().unwrap();

    let mut canonical = mekong_ingest::formats::CANONICAL_HEADER.join(",");
    canonical.push('\n');
    for index in 0..ROWS {
        writeln!(
            canonical,
            "TX-{index},2026-03-01T09:{:02}:00+08:00,ICBKCNBJYNN,62220202{index:08},CN,\
             BCELLALA,0101200{index:08},LA,{}.{:02},CNY,wire,invoice {index}",
            index % 60,
            index % 90_000 + 1,
            index % 100
        )
        .unwrap();
    }
    let path = folder.path().join("canonical.csv");
    std::fs::write(&path, &canonical).unwrap();
    measure("canonical", &path);

    let chinese = canonical.replace("invoice", "货款");
    let (gbk, _, _) = encoding_rs::GBK.encode(&chinese);
    let path = folder.path().join("canonical-gbk.csv");
    std::fs::write(&path, &gbk).unwrap();
    measure("canonical GBK", &path);

    let mut ibm = mekong_ingest::formats::Format::IbmAml.header().join(",");
    ibm.push('\n');
    for index in 0..ROWS {
        writeln!(
            ibm,
            "2022/09/01 {:02}:{:02},0{},80{index:07X},0{},81{index:07X},{}.50,US Dollar,{}.50,US Dollar,Wire,0",
            index % 24,
            index % 60,
            index % 500,
            index % 700,
            index % 5000 + 1,
            index % 5000 + 1
        )
        .unwrap();
    }
    let path = folder.path().join("ibm.csv");
    std::fs::write(&path, &ibm).unwrap();
    measure("ibm-aml", &path);

    let mut paysim = mekong_ingest::formats::Format::Paysim.header().join(",");
    paysim.push('\n');
    for index in 0..ROWS {
        writeln!(
            paysim,
            "{},TRANSFER,{}.25,C{index},1000.0,0.0,C{},0.0,0.0,0,0",
            index % 700 + 1,
            index % 9000 + 1,
            index + 7
        )
        .unwrap();
    }
    let path = folder.path().join("paysim.csv");
    std::fs::write(&path, &paysim).unwrap();
    measure("paysim", &path);
}
