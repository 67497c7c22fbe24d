//! Fraud labels: keys must equal the keys the importer produces.

// Helpers outside #[test] functions unwrap too; a panic there is the test failure.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashSet;

use mekong_core::AccountKey;
use mekong_ingest::formats::IngestError;
use mekong_ingest::labels::read_labels;

use crate::common::{fixture, options, read_all};

fn keys(names: &[&str]) -> HashSet<AccountKey> {
    names.iter().map(|name| AccountKey::from_stored(*name)).collect()
}

/// Collects every account key the importer produces for a file.
fn imported_keys(path: &std::path::Path) -> HashSet<AccountKey> {
    let (records, _) = read_all(path, &options());
    records.iter().flat_map(|record| [record.tx.debtor.key(), record.tx.creditor.key()]).collect()
}

#[test]
fn amlsim_nodes_give_labels() {
    let labels = read_labels(&fixture("amlsim/nodes/nodes.csv"), &options()).unwrap();
    assert_eq!(labels.fraud, keys(&["1", "3"]));
    assert_eq!(labels.labelled, keys(&["0", "1", "2", "3", "4"]));

    let imported = imported_keys(&fixture("amlsim/nodes/transactions.csv"));
    assert!(imported.is_subset(&labels.labelled), "{imported:?}");
}

#[test]
fn amlsim_transactions_use_nodes() {
    let direct = read_labels(&fixture("amlsim/nodes/nodes.csv"), &options()).unwrap();
    let beside = read_labels(&fixture("amlsim/nodes/transactions.csv"), &options()).unwrap();
    assert_eq!(direct, beside);
}

#[test]
fn amlsim_accounts_keys_match() {
    let labels = read_labels(&fixture("amlsim/accounts/accounts.csv"), &options()).unwrap();
    assert_eq!(labels.fraud, keys(&["bank_b/A2"]));
    assert_eq!(labels.labelled, keys(&["bank_a/A1", "bank_b/A2", "bank_a/A3"]));
    assert_eq!(imported_keys(&fixture("amlsim/accounts/transactions.csv")), labels.labelled);
}

#[test]
fn paysim_labels_both_parties() {
    let path = fixture("paysim/valid.csv");
    let mut options = options();
    options.currency = None;
    options.start_date = None;
    let labels = read_labels(&path, &options).unwrap();

    assert_eq!(labels.fraud, keys(&["C1000000002", "C1000000003", "C1000000004"]));
    assert_eq!(labels.labelled, imported_keys(&path));
    assert_eq!(labels.label(&AccountKey::from_stored("C1000000001")), Some(false));
    assert_eq!(labels.label(&AccountKey::from_stored("C1000000003")), Some(true));
    assert_eq!(labels.label(&AccountKey::from_stored("C9")), None);
}

#[test]
fn ibm_labels_match_import() {
    let path = fixture("ibm_aml/valid.csv");
    let labels = read_labels(&path, &options()).unwrap();
    assert_eq!(labels.fraud, keys(&["0112/80012AB40", "0070/8001C3D10", "0211/80033EE20", "0999/8004F0010"]));
    assert_eq!(labels.labelled, imported_keys(&path));
}

#[test]
fn rejected_rows_are_skipped() {
    let labels = read_labels(&fixture("paysim/bad_rows.csv"), &options()).unwrap();
    assert_eq!(labels.skipped_rows, 6);
    assert_eq!(labels.labelled, keys(&["C1", "M2"]));
}

#[test]
fn canonical_has_no_labels() {
    let error = read_labels(&fixture("canonical/valid.csv"), &options()).unwrap_err();
    assert!(matches!(error, IngestError::NoLabels { .. }), "{error}");
}
