//! The AMLSim accounts file (`nodes.csv` or `accounts.csv`) beside `transactions.csv`.
//!
//! AMLSim versions differ: the sample data has `nodeid,isFraud,init_balance,fraudStep`,
//! others have `acct_id,…,bank_id,…,country,…` and sometimes `is_sar`. The table
//! takes the columns it finds (account id; fraud label; bank; country, matched
//! case-insensitively) and ignores the rest.
//!
//! Invariants: the importer and the labels reader build account references for
//! AMLSim ids only through [`AccountTable::account`], so both produce the same
//! `AccountKey` for an account. A transaction file without an accounts file
//! beside it still imports, with no bank and no country.
//! The table is held in memory, one entry per account.

use std::collections::HashMap;
use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};

use mekong_core::{AccountKey, AccountRef, Country};

use super::IngestError;
use super::csv_records::{RawRecord, RecordReader};
use super::fields;
use crate::encoding::TextReader;

/// The file names looked for beside an AMLSim transactions file, in order.
pub const ACCOUNTS_FILE_NAMES: [&str; 2] = ["nodes.csv", "accounts.csv"];

/// Header names of the account id column.
const ID_COLUMNS: [&str; 5] = ["nodeid", "node_id", "acct_id", "account_id", "accountid"];
/// Header names of the fraud label column.
const FRAUD_COLUMNS: [&str; 4] = ["isfraud", "is_fraud", "is_sar", "issar"];
/// Header names of the bank column.
const BANK_COLUMNS: [&str; 2] = ["bank_id", "bank"];
/// Header names of the country column.
const COUNTRY_COLUMNS: [&str; 1] = ["country"];

/// The attributes the accounts file gives for one account.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AccountInfo {
    /// Bank id, empty when the file has none.
    pub bank: String,
    /// Country, when the file has a valid one.
    pub country: Option<Country>,
    /// Fraud label, when the file has a label column.
    pub fraud: Option<bool>,
}

/// Column positions found in an accounts header.
#[derive(Debug, Clone, Copy)]
struct Columns {
    id: usize,
    fraud: Option<usize>,
    bank: Option<usize>,
    country: Option<usize>,
}

impl Columns {
    fn find(header: &[String]) -> Option<Columns> {
        let position = |names: &[&str]| {
            header.iter().position(|name| names.iter().any(|wanted| name.trim().eq_ignore_ascii_case(wanted)))
        };
        Some(Columns {
            id: position(&ID_COLUMNS)?,
            fraud: position(&FRAUD_COLUMNS),
            bank: position(&BANK_COLUMNS),
            country: position(&COUNTRY_COLUMNS),
        })
    }
}

/// Returns whether a header row is that of an AMLSim accounts file.
pub fn is_accounts_header(header: &[String]) -> bool {
    Columns::find(header).is_some()
}

/// The accounts of an AMLSim simulation, by id.
#[derive(Debug, Clone)]
pub struct AccountTable {
    path: PathBuf,
    accounts: HashMap<String, AccountInfo>,
    has_labels: bool,
    skipped_rows: u64,
}

impl AccountTable {
    /// Loads the accounts file beside an AMLSim transactions file, if there is one.
    pub fn beside(transactions: &Path) -> Result<Option<AccountTable>, IngestError> {
        for name in ACCOUNTS_FILE_NAMES {
            let candidate = transactions.with_file_name(name);
            if candidate.is_file() {
                return AccountTable::load(&candidate).map(Some);
            }
        }
        Ok(None)
    }

    /// Loads an accounts file.
    pub fn load(path: &Path) -> Result<AccountTable, IngestError> {
        let file = File::open(path).map_err(|source| IngestError::Open { path: path.to_owned(), source })?;
        let read_error = |source| IngestError::Read { path: path.to_owned(), source };
        let text = TextReader::new(file).map_err(read_error)?;
        let mut records = RecordReader::new(BufReader::with_capacity(64 * 1024, text));
        let mut record = RawRecord::default();

        if !records.read(&mut record).map_err(read_error)? {
            return Err(IngestError::Empty { path: path.to_owned() });
        }
        let header: Vec<String> = record.iter().map(|field| String::from_utf8_lossy(field).into_owned()).collect();
        let columns = Columns::find(&header).ok_or_else(|| IngestError::AccountsHeader { path: path.to_owned() })?;

        let mut table = AccountTable {
            path: path.to_owned(),
            accounts: HashMap::new(),
            has_labels: columns.fraud.is_some(),
            skipped_rows: 0,
        };
        while records.read(&mut record).map_err(read_error)? {
            match parse_account(&record, columns) {
                Some((id, info)) if !table.accounts.contains_key(&id) => {
                    table.accounts.insert(id, info);
                }
                _ => table.skipped_rows += 1,
            }
        }

        if table.skipped_rows > 0 {
            tracing::warn!(
                file = %path.display(),
                skipped = table.skipped_rows,
                "skipped accounts-file rows that are invalid or repeat an id"
            );
        }
        tracing::debug!(file = %path.display(), accounts = table.accounts.len(), "loaded AMLSim accounts");
        Ok(table)
    }

    /// Returns the path of the accounts file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Returns the accounts file's name, as rejects show it.
    pub fn file_name(&self) -> String {
        self.path.file_name().map_or_else(
            || self.path.display().to_string(),
            |name| name.to_string_lossy().into_owned(),
        )
    }

    /// Returns whether the file has a fraud label column.
    pub fn has_labels(&self) -> bool {
        self.has_labels
    }

    /// Returns the number of rows skipped because they were invalid or repeated an id.
    pub fn skipped_rows(&self) -> u64 {
        self.skipped_rows
    }

    /// Returns the number of accounts.
    pub fn len(&self) -> usize {
        self.accounts.len()
    }

    /// Returns whether the table has no accounts.
    pub fn is_empty(&self) -> bool {
        self.accounts.is_empty()
    }

    /// Returns the attributes of an account id, if the file lists it.
    pub fn get(&self, id: &str) -> Option<&AccountInfo> {
        self.accounts.get(id)
    }

    /// Iterates over `(id, info)` pairs in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &AccountInfo)> {
        self.accounts.iter().map(|(id, info)| (id.as_str(), info))
    }

    /// Builds the account reference for an id. Its key is the one the labels
    /// reader uses.
    pub fn account(table: Option<&AccountTable>, id: &str) -> AccountRef {
        match table.and_then(|table| table.get(id)) {
            Some(info) => fields::account(&info.bank, id, info.country),
            None => fields::account("", id, None),
        }
    }

    /// Builds the key of an account id, equal to the key of [`AccountTable::account`].
    pub fn key(table: Option<&AccountTable>, id: &str) -> AccountKey {
        AccountTable::account(table, id).key()
    }
}

/// Reads one accounts row; `None` for a row without a usable id.
fn parse_account(record: &RawRecord, columns: Columns) -> Option<(String, AccountInfo)> {
    let text = |index: Option<usize>| -> Option<&str> {
        let bytes = record.get(index?)?;
        std::str::from_utf8(bytes).ok().map(str::trim)
    };

    let id = text(Some(columns.id)).filter(|id| !id.is_empty())?;
    let id = fields::limited(id, fields::MAX_ACCOUNT_CHARS).ok()?;
    let bank = text(columns.bank).and_then(|bank| fields::limited(bank, fields::MAX_ACCOUNT_CHARS).ok());
    let country = text(columns.country).and_then(|country| fields::parse_country(country).ok().flatten());
    let fraud = match columns.fraud {
        Some(_) => Some(fields::parse_label(text(columns.fraud)?).ok()?),
        None => None,
    };

    let info = AccountInfo { bank: bank.unwrap_or_default().to_owned(), country, fraud };
    Some((id.to_owned(), info))
}
