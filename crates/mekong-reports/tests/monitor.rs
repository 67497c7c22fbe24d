//! Report transactions handed to the monitor: only account-to-account transactions
//! convert, with a deterministic id and the report's local currency.

use std::path::Path;

use mekong_core::NodeId;
use mekong_reports::{monitor_transactions, report_id, transactions_without_accounts, validate};

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name),
    )
    .unwrap_or_default()
}

#[test]
fn account_pair_becomes_transaction() {
    let xml = fixture("str_accounts.xml");
    let report = validate(&xml).unwrap();
    let origin: NodeId = "la-amlio".parse().unwrap();

    let transactions = monitor_transactions(&report, &report_id(&xml), &origin, 7 * 3600);
    assert_eq!(transactions.len(), 1);

    let transaction = &transactions[0];
    assert_eq!(transaction.debtor.bank, "ABOCCNBJ240");
    assert_eq!(transaction.debtor.number, "6228480000123456789");
    assert_eq!(transaction.creditor.number, "010120000123456");
    assert_eq!(transaction.amount.to_string(), "48500000 LAK");
    assert!(transaction.is_cn_la_cross_border());
    assert_eq!(
        transactions,
        monitor_transactions(&report, &report_id(&xml), &origin, 7 * 3600)
    );
}

#[test]
fn person_sender_not_converted() {
    let xml = fixture("str_my_client.xml");
    let report = validate(&xml).unwrap();
    let origin: NodeId = "la-amlio".parse().unwrap();
    assert!(monitor_transactions(&report, &report_id(&xml), &origin, 7 * 3600).is_empty());
}

#[test]
fn unmonitored_transactions_counted() {
    let origin: NodeId = "la-amlio".parse().unwrap();

    // Every golden fixture contains one transaction, which either converts or is
    // counted as lacking an account, and never both or neither.
    let cases = [
        ("str_accounts.xml", 0),
        ("str_my_client.xml", 1),
        ("ctr.xml", 1),
        ("str_wallet.xml", 1),
        ("org_account_a.xml", 1),
        ("v402.xml", 1),
        ("v502.xml", 1),
    ];
    for (name, expected) in cases {
        let xml = fixture(name);
        let report = validate(&xml).unwrap();
        let converted = monitor_transactions(&report, &report_id(&xml), &origin, 7 * 3600);

        assert_eq!(transactions_without_accounts(&report), expected, "{name}");
        assert_eq!(converted.len(), 1 - expected, "{name}");
    }
}
