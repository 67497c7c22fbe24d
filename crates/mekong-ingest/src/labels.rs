//! Fraud labels for `mekong evaluate --labels FILE`: which accounts a data set
//! marks as fraud, and which accounts it labels at all.
//!
//! - An AMLSim accounts file (`nodes.csv` with `isFraud`, or `accounts.csv` with
//!   `is_sar`) labels each listed account directly. An AMLSim `transactions.csv`
//!   is accepted too and stands for the accounts file beside it.
//! - In a PaySim (`isFraud`) or IBM AML (`Is Laundering`) file, an account is
//!   fraud if it is the debtor or creditor of any labelled transaction, and every
//!   account of an accepted row is labelled.
//!
//! Invariant: the keys are built by the same code as the importer's, so a key
//! here equals the `AccountKey` the importer stores for the same account.

use std::collections::HashSet;
use std::path::Path;

use mekong_core::{AccountKey, Currency};

use crate::formats::{AccountTable, Format, IngestError, ReadOptions, Row, TransactionReader};

/// Accounts a data set labels, and those among them labelled fraud.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Labels {
    /// Accounts labelled fraud.
    pub fraud: HashSet<AccountKey>,
    /// Every labelled account, fraud or not; contains `fraud`.
    pub labelled: HashSet<AccountKey>,
    /// Rows skipped because they were rejected or held no label.
    pub skipped_rows: u64,
}

impl Labels {
    /// Returns the label of an account: `Some(true)` for fraud, `Some(false)` for
    /// labelled clean, `None` when the data set does not label it.
    pub fn label(&self, account: &AccountKey) -> Option<bool> {
        if self.fraud.contains(account) {
            Some(true)
        } else if self.labelled.contains(account) {
            Some(false)
        } else {
            None
        }
    }
}

/// Reads the fraud labels of a data set.
///
/// The options select the format as for importing; the currency and start date
/// are filled in when missing, because they do not affect account keys.
pub fn read_labels(path: &Path, options: &ReadOptions) -> Result<Labels, IngestError> {
    let mut options = options.clone();
    options.currency = options.currency.or(Some(Currency::USD));
    options.start_date = options.start_date.or(chrono::NaiveDate::from_ymd_opt(2000, 1, 1));

    let reader = match TransactionReader::open(path, &options) {
        Ok(reader) => reader,
        Err(IngestError::AccountsFile { .. }) => return labels_from_accounts(&AccountTable::load(path)?, path),
        Err(error) => return Err(error),
    };

    match reader.format() {
        Format::Amlsim => match reader.accounts() {
            Some(table) => labels_from_accounts(table, table.path()),
            None => Err(IngestError::NoLabels { path: path.to_owned() }),
        },
        Format::Canonical | Format::Pacs008 => Err(IngestError::NoLabels { path: path.to_owned() }),
        Format::IbmAml | Format::Paysim => Ok(labels_from_transactions(reader)),
    }
}

fn labels_from_accounts(table: &AccountTable, path: &Path) -> Result<Labels, IngestError> {
    if !table.has_labels() {
        return Err(IngestError::NoLabels { path: path.to_owned() });
    }

    let mut labels = Labels { skipped_rows: table.skipped_rows(), ..Labels::default() };
    for (id, info) in table.iter() {
        let Some(fraud) = info.fraud else {
            labels.skipped_rows += 1;
            continue;
        };
        let key = AccountTable::key(Some(table), id);
        if fraud {
            labels.fraud.insert(key.clone());
        }
        labels.labelled.insert(key);
    }
    Ok(labels)
}

fn labels_from_transactions(reader: TransactionReader) -> Labels {
    let mut labels = Labels::default();
    for row in reader {
        let record = match row {
            Row::Accepted(record) => record,
            Row::Rejected(_) => {
                labels.skipped_rows += 1;
                continue;
            }
        };
        let Some(fraud) = record.label else {
            labels.skipped_rows += 1;
            continue;
        };

        let debtor = record.tx.debtor.key();
        let creditor = record.tx.creditor.key();
        if fraud {
            labels.fraud.insert(debtor.clone());
            labels.fraud.insert(creditor.clone());
        }
        labels.labelled.insert(debtor);
        labels.labelled.insert(creditor);
    }
    labels
}

