//! The rejects CSV writer.

// Helpers outside #[test] functions unwrap too; a panic there is the test failure.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use mekong_core::i18n::Locale;
use mekong_ingest::rejects::{REJECTS_HEADER, RejectWriter};

use crate::common::{fixture, options, read_all};

#[test]
fn rejects_file_lists_each_reject() {
    let (_, rejects) = read_all(&fixture("canonical/bad_rows.csv"), &options());
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("nested/out/rejects.csv");

    let mut writer = RejectWriter::create(&path, Locale::En).unwrap();
    for reject in &rejects {
        writer.write(reject).unwrap();
    }
    assert_eq!(writer.finish().unwrap(), rejects.len() as u64);

    let mut reader = csv::Reader::from_path(&path).unwrap();
    let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_owned).collect();
    assert_eq!(header, REJECTS_HEADER);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), rejects.len());

    let amount = &rows[1];
    assert_eq!(amount[0], fixture("canonical/bad_rows.csv").display().to_string());
    assert_eq!(&amount[1], "4");
    assert_eq!(&amount[2], "amount");
    assert_eq!(&amount[3], "12,500.00");
    assert!(amount[4].starts_with("The amount is not a number"), "{}", &amount[4]);

    // A value with a comma and a newline survives the round trip.
    let spanning = rows.iter().find(|row| &row[1] == "18").unwrap();
    assert!(spanning[3].contains("quoted, with comma\nand newline"));
}

#[test]
fn rejects_use_chosen_locale() {
    let (_, rejects) = read_all(&fixture("paysim/bad_rows.csv"), &options());
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("rejects.csv");

    let mut writer = RejectWriter::create(&path, Locale::ZhCn).unwrap();
    writer.write(&rejects[3]).unwrap();
    writer.finish().unwrap();

    let mut reader = csv::Reader::from_path(&path).unwrap();
    let row = reader.records().next().unwrap().unwrap();
    assert_eq!(&row[2], "amount");
    assert_eq!(&row[4], rejects[3].reason.message(Locale::ZhCn));
    assert!(row[4].contains("金额为零"), "{}", &row[4]);
}
