//! `mekong evidence add` of PaySim bank statements: parsed with `--statement-currency`
//! and `--statement-start`, stored unparsed with the missing options named without them.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;

use common::{CN_NODE, init_node, run_as, stderr, stdout};

const PAYSIM: &str = "step,type,amount,nameOrig,oldbalanceOrg,newbalanceOrig,nameDest,oldbalanceDest,newbalanceDest,isFraud,isFlaggedFraud\n\
1,PAYMENT,4210.55,C1000000001,90000.00,85789.45,M2000000001,0.00,0.00,0,0\n";

fn setup(dir: &Path) -> (std::path::PathBuf, String) {
    let data = dir.join("data");
    init_node(&data, CN_NODE, &[("ivan", "investigator")]);
    let file = dir.join("paysim.csv");
    std::fs::write(&file, PAYSIM).unwrap();
    (data, file.to_str().unwrap().to_owned())
}

fn parsed_details(data: &Path) -> Vec<String> {
    let connection = rusqlite::Connection::open(data.join("mekong.db")).unwrap();
    let mut statement = connection.prepare("SELECT details FROM custody_events WHERE kind = 'parsed' ORDER BY seq").unwrap();
    statement.query_map([], |row| row.get(0)).unwrap().collect::<Result<Vec<String>, _>>().unwrap()
}

#[test]
fn statement_options_parse_paysim() {
    let dir = tempfile::tempdir().unwrap();
    let (data, file) = setup(dir.path());
    let args = ["evidence", "add", "--case", "C-9", "--kind", "financial_records", "--statement-currency", "cny", "--statement-start", "2024-01-01", &file];

    let output = run_as(&data, "ivan", &args);

    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stdout(&output).contains("Parsed with bank-statement-csv version 1: 1 records"), "{}", stdout(&output));
    let details = parsed_details(&data);
    assert_eq!(details.len(), 1);
    assert!(details[0].ends_with(" currency=CNY start_date=2024-01-01"), "{}", details[0]);
}

#[test]
fn missing_options_named() {
    let dir = tempfile::tempdir().unwrap();
    let (data, file) = setup(dir.path());

    let output = run_as(&data, "ivan", &["evidence", "add", "--case", "C-9", "--kind", "financial_records", &file]);
    let list = run_as(&data, "ivan", &["evidence", "list", "--case", "C-9"]);

    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stderr(&output).contains("is a bank statement in the PaySim layout, which needs --statement-currency, --statement-start"), "{}", stderr(&output));
    assert_eq!(stdout(&list).lines().count(), 2, "{}", stdout(&list));
    assert!(parsed_details(&data).is_empty());
}

#[test]
fn invalid_currency_rejected() {
    let dir = tempfile::tempdir().unwrap();
    let (data, file) = setup(dir.path());
    let args = ["evidence", "add", "--case", "C-9", "--kind", "financial_records", "--statement-currency", "XXQ", &file];

    let output = run_as(&data, "ivan", &args);

    assert!(!output.status.success());
    assert!(stderr(&output).contains("Invalid statement currency \"XXQ\""), "{}", stderr(&output));
}
