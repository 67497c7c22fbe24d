//! [`FreezeStore`] for [`SqliteStore`]: the tables of `0006_freeze.sql`.
//!
//! A transition is stored in one transaction through the single writer connection:
//! the state check, the freeze row, its accounts, new returns, the history row and,
//! when the change concerns banks, its bank notice.

use std::str::FromStr;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Row, Transaction, params};
use rust_decimal::Decimal;

use crate::SqliteStore;
use crate::StoreError;
use crate::freeze::{FreezeRecord, FreezeReturnRecord, FreezeStore, FreezeTransitionRecord};
use crate::outbox::{FreezeReminderRecord, NewBankNotice};
use crate::sqlite_outbox::{insert_notice, load_reminders};

const COLUMNS: &str = "id, state, amount, currency, legal_basis, case_reference, reason, requested_by, approved_by, \
     created_us, stopped_us, activated_us, expires_us, appellant, appeal_grounds, appeal_lodged_us, appeal_upheld";

fn from_micros(value: i64) -> Result<DateTime<Utc>, StoreError> {
    DateTime::from_timestamp_micros(value).ok_or_else(|| StoreError::corrupt("timestamp", value))
}

fn optional_micros(value: Option<i64>) -> Result<Option<DateTime<Utc>>, StoreError> {
    value.map(from_micros).transpose()
}

fn decimal(text: &str) -> Result<Decimal, StoreError> {
    Decimal::from_str(text).map_err(|error| StoreError::corrupt("freeze amount", format!("{text:?}: {error}")))
}

fn freeze_from_row(row: &Row<'_>) -> Result<FreezeRecord, StoreError> {
    let amount: String = row.get(2)?;
    Ok(FreezeRecord {
        id: row.get(0)?,
        state: row.get(1)?,
        accounts: Vec::new(),
        amount: decimal(&amount)?,
        currency: row.get(3)?,
        legal_basis: row.get(4)?,
        case_reference: row.get(5)?,
        reason: row.get(6)?,
        requested_by: row.get(7)?,
        approved_by: row.get(8)?,
        created_at: from_micros(row.get(9)?)?,
        stopped_at: optional_micros(row.get(10)?)?,
        activated_at: optional_micros(row.get(11)?)?,
        expires_at: optional_micros(row.get(12)?)?,
        appellant: row.get(13)?,
        appeal_grounds: row.get(14)?,
        appeal_lodged_at: optional_micros(row.get(15)?)?,
        appeal_upheld: row.get(16)?,
        returns: Vec::new(),
    })
}

fn load_details(connection: &Connection, freeze: &mut FreezeRecord) -> Result<(), StoreError> {
    let mut statement =
        connection.prepare_cached("SELECT account FROM freeze_accounts WHERE freeze_id = ?1 ORDER BY account")?;
    let accounts = statement.query_map([&freeze.id], |row| row.get::<_, String>(0))?;
    freeze.accounts = accounts.collect::<Result<_, _>>()?;

    let mut statement = connection.prepare_cached(
        "SELECT victim, amount, returned_us FROM freeze_returns WHERE freeze_id = ?1 ORDER BY position",
    )?;
    let mut rows = statement.query([&freeze.id])?;
    while let Some(row) = rows.next()? {
        let amount: String = row.get(1)?;
        freeze.returns.push(FreezeReturnRecord {
            victim: row.get(0)?,
            amount: decimal(&amount)?,
            returned_at: from_micros(row.get(2)?)?,
        });
    }
    Ok(())
}

fn load_freezes(connection: &Connection, filter: &str, id: Option<&str>) -> Result<Vec<FreezeRecord>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM freezes {filter} ORDER BY created_us, id");
    let mut statement = connection.prepare(&sql)?;
    let mut rows = match id {
        Some(id) => statement.query([id])?,
        None => statement.query([])?,
    };

    let mut freezes = Vec::new();
    while let Some(row) = rows.next()? {
        freezes.push(freeze_from_row(row)?);
    }
    for freeze in &mut freezes {
        load_details(connection, freeze)?;
    }
    Ok(freezes)
}

fn check_state(transaction: &Transaction<'_>, freeze: &FreezeRecord, from: Option<&str>) -> Result<(), StoreError> {
    let stored: Option<String> = transaction
        .query_row("SELECT state FROM freezes WHERE id = ?1", [&freeze.id], |row| row.get(0))
        .optional()?;
    if stored.as_deref() != from {
        return Err(StoreError::Conflict { what: "freeze", id: freeze.id.clone() });
    }
    Ok(())
}

fn write_freeze(transaction: &Transaction<'_>, freeze: &FreezeRecord) -> Result<(), StoreError> {
    transaction.execute(
        &format!(
            "INSERT INTO freezes ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)
             ON CONFLICT (id) DO UPDATE SET state = excluded.state, approved_by = excluded.approved_by,
                 stopped_us = excluded.stopped_us, activated_us = excluded.activated_us,
                 expires_us = excluded.expires_us, requested_by = excluded.requested_by,
                 appellant = excluded.appellant, appeal_grounds = excluded.appeal_grounds,
                 appeal_lodged_us = excluded.appeal_lodged_us, appeal_upheld = excluded.appeal_upheld"
        ),
        params![
            freeze.id,
            freeze.state,
            freeze.amount.to_string(),
            freeze.currency,
            freeze.legal_basis,
            freeze.case_reference,
            freeze.reason,
            freeze.requested_by,
            freeze.approved_by,
            freeze.created_at.timestamp_micros(),
            freeze.stopped_at.map(|time| time.timestamp_micros()),
            freeze.activated_at.map(|time| time.timestamp_micros()),
            freeze.expires_at.map(|time| time.timestamp_micros()),
            freeze.appellant,
            freeze.appeal_grounds,
            freeze.appeal_lodged_at.map(|time| time.timestamp_micros()),
            freeze.appeal_upheld,
        ],
    )?;

    for account in &freeze.accounts {
        transaction.execute(
            "INSERT OR IGNORE INTO freeze_accounts (freeze_id, account) VALUES (?1, ?2)",
            params![freeze.id, account],
        )?;
    }

    let stored_returns: i64 =
        transaction.query_row("SELECT COUNT(*) FROM freeze_returns WHERE freeze_id = ?1", [&freeze.id], |row| {
            row.get(0)
        })?;
    for (position, fund_return) in freeze.returns.iter().enumerate().skip(stored_returns.max(0) as usize) {
        transaction.execute(
            "INSERT INTO freeze_returns (freeze_id, position, victim, amount, returned_us) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                freeze.id,
                position as i64,
                fund_return.victim,
                fund_return.amount.to_string(),
                fund_return.returned_at.timestamp_micros(),
            ],
        )?;
    }
    Ok(())
}

impl FreezeStore for SqliteStore {
    fn record_freeze_transition(
        &self,
        freeze: &FreezeRecord,
        transition: &FreezeTransitionRecord,
    ) -> Result<(), StoreError> {
        self.record_freeze_transition_with_notice(freeze, transition, None)
    }

    fn record_freeze_transition_with_notice(
        &self,
        freeze: &FreezeRecord,
        transition: &FreezeTransitionRecord,
        notice: Option<&NewBankNotice>,
    ) -> Result<(), StoreError> {
        let mut connection = self.write();
        let transaction = connection.transaction()?;

        check_state(&transaction, freeze, transition.from_state.as_deref())?;
        write_freeze(&transaction, freeze)?;

        transaction.execute(
            "INSERT INTO freeze_transitions (freeze_id, action, actor, roles, at_us, from_state, to_state, reason,
                 description)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                transition.freeze_id,
                transition.action,
                transition.actor,
                transition.roles,
                transition.at.timestamp_micros(),
                transition.from_state,
                transition.to_state,
                transition.reason,
                transition.description,
            ],
        )?;
        if let Some(notice) = notice {
            insert_notice(&transaction, notice)?;
        }
        transaction.commit()?;
        Ok(())
    }

    fn freeze_reminders(&self, freeze_id: Option<&str>) -> Result<Vec<FreezeReminderRecord>, StoreError> {
        self.read(|connection| load_reminders(connection, freeze_id))
    }

    fn freeze(&self, id: &str) -> Result<Option<FreezeRecord>, StoreError> {
        self.read(|connection| Ok(load_freezes(connection, "WHERE id = ?1", Some(id))?.into_iter().next()))
    }

    fn freezes(&self) -> Result<Vec<FreezeRecord>, StoreError> {
        self.read(|connection| load_freezes(connection, "", None))
    }

    fn freeze_transitions(&self, id: &str) -> Result<Vec<FreezeTransitionRecord>, StoreError> {
        self.read(|connection| {
            let mut statement = connection.prepare(
                "SELECT freeze_id, action, actor, roles, at_us, from_state, to_state, reason, description
                 FROM freeze_transitions WHERE freeze_id = ?1 ORDER BY seq",
            )?;
            let mut rows = statement.query([id])?;
            let mut transitions = Vec::new();
            while let Some(row) = rows.next()? {
                transitions.push(FreezeTransitionRecord {
                    freeze_id: row.get(0)?,
                    action: row.get(1)?,
                    actor: row.get(2)?,
                    roles: row.get(3)?,
                    at: from_micros(row.get(4)?)?,
                    from_state: row.get(5)?,
                    to_state: row.get(6)?,
                    reason: row.get(7)?,
                    description: row.get(8)?,
                });
            }
            Ok(transitions)
        })
    }
}
