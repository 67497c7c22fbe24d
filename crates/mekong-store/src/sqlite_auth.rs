//! [`AuthStore`] for [`SqliteStore`]: the tables of `0002_auth.sql`.
//!
//! Writes go through the single writer connection; a user's disabling and the
//! deletion of that user's sessions share one transaction.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, Row, params};

use crate::SqliteStore;
use crate::StoreError;
use crate::auth::{ApiTokenRecord, AuthStore, SessionRecord, SessionStage, ThrottleRecord, UserRecord};

const USER_COLUMNS: &str =
    "id, username, agency, roles, password_hash, totp_secret, totp_enrolled, totp_last_step, disabled, created_us";

const SESSION_COLUMNS: &str = "token_hash, user_id, stage, csrf_token, source, created_us, last_seen_us";

const TOKEN_COLUMNS: &str = "id, name, scopes, token_hash, created_by, created_us, last_used_us, revoked_us";

fn micros(time: DateTime<Utc>) -> i64 {
    time.timestamp_micros()
}

fn from_micros(value: i64) -> Result<DateTime<Utc>, StoreError> {
    DateTime::from_timestamp_micros(value).ok_or_else(|| StoreError::corrupt("timestamp", value))
}

fn optional_time(value: Option<i64>) -> Result<Option<DateTime<Utc>>, StoreError> {
    value.map(from_micros).transpose()
}

fn string_list(what: &'static str, text: &str) -> Result<Vec<String>, StoreError> {
    serde_json::from_str(text).map_err(|error| StoreError::corrupt(what, error))
}

fn list_json(values: &[String]) -> Result<String, StoreError> {
    serde_json::to_string(values).map_err(|error| StoreError::corrupt("JSON column", error))
}

fn user_from_row(row: &Row<'_>) -> Result<UserRecord, StoreError> {
    let roles: String = row.get(3)?;
    Ok(UserRecord {
        id: row.get(0)?,
        username: row.get(1)?,
        agency: row.get(2)?,
        roles: string_list("user roles", &roles)?,
        password_hash: row.get(4)?,
        totp_secret: row.get(5)?,
        totp_enrolled: row.get(6)?,
        totp_last_step: row.get(7)?,
        disabled: row.get(8)?,
        created_at: from_micros(row.get(9)?)?,
    })
}

fn session_from_row(row: &Row<'_>) -> Result<SessionRecord, StoreError> {
    let stage: String = row.get(2)?;
    let stage = match stage.as_str() {
        "second_factor" => SessionStage::SecondFactor,
        "complete" => SessionStage::Complete,
        other => return Err(StoreError::corrupt("session stage", other)),
    };
    Ok(SessionRecord {
        token_hash: row.get(0)?,
        user_id: row.get(1)?,
        stage,
        csrf_token: row.get(3)?,
        source: row.get(4)?,
        created_at: from_micros(row.get(5)?)?,
        last_seen_at: from_micros(row.get(6)?)?,
    })
}

fn token_from_row(row: &Row<'_>) -> Result<ApiTokenRecord, StoreError> {
    let scopes: String = row.get(2)?;
    Ok(ApiTokenRecord {
        id: row.get(0)?,
        name: row.get(1)?,
        scopes: string_list("token scopes", &scopes)?,
        token_hash: row.get(3)?,
        created_by: row.get(4)?,
        created_at: from_micros(row.get(5)?)?,
        last_used_at: optional_time(row.get(6)?)?,
        revoked_at: optional_time(row.get(7)?)?,
    })
}

impl SqliteStore {
    fn query_user(&self, column: &'static str, value: &str) -> Result<Option<UserRecord>, StoreError> {
        self.read(|connection| {
            let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE {column} = ?1");
            connection.query_row(&sql, [value], |row| Ok(user_from_row(row))).optional()?.transpose()
        })
    }
}

impl AuthStore for SqliteStore {
    fn create_user(&self, user: &UserRecord) -> Result<Option<UserRecord>, StoreError> {
        let roles = list_json(&user.roles)?;
        let connection = self.write();
        let inserted = connection.execute(
            "INSERT INTO users (id, username, agency, roles, password_hash, totp_secret, totp_enrolled,
                 totp_last_step, disabled, created_us)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
             ON CONFLICT (username) DO NOTHING",
            params![
                user.id,
                user.username,
                user.agency,
                roles,
                user.password_hash,
                user.totp_secret,
                user.totp_enrolled,
                user.totp_last_step,
                user.disabled,
                micros(user.created_at),
            ],
        )?;
        Ok((inserted == 1).then(|| user.clone()))
    }

    fn user_by_name(&self, username: &str) -> Result<Option<UserRecord>, StoreError> {
        self.query_user("username", username)
    }

    fn user_by_id(&self, id: &str) -> Result<Option<UserRecord>, StoreError> {
        self.query_user("id", id)
    }

    fn users(&self) -> Result<Vec<UserRecord>, StoreError> {
        self.read(|connection| {
            let sql = format!("SELECT {USER_COLUMNS} FROM users ORDER BY username");
            let mut statement = connection.prepare(&sql)?;
            let mut rows = statement.query([])?;
            let mut users = Vec::new();
            while let Some(row) = rows.next()? {
                users.push(user_from_row(row)?);
            }
            Ok(users)
        })
    }

    fn set_user_disabled(&self, id: &str, disabled: bool) -> Result<bool, StoreError> {
        let mut connection = self.write();
        let transaction = connection.transaction()?;
        let changed = transaction.execute("UPDATE users SET disabled = ?2 WHERE id = ?1", params![id, disabled])?;
        if disabled {
            transaction.execute("DELETE FROM sessions WHERE user_id = ?1", [id])?;
        }
        transaction.commit()?;
        Ok(changed == 1)
    }

    fn set_user_roles(&self, id: &str, roles: &[String]) -> Result<bool, StoreError> {
        let roles = list_json(roles)?;
        let changed = self.write().execute("UPDATE users SET roles = ?2 WHERE id = ?1", params![id, roles])?;
        Ok(changed == 1)
    }

    fn accept_totp_step(&self, user_id: &str, step: i64) -> Result<bool, StoreError> {
        let changed = self.write().execute(
            "UPDATE users SET totp_last_step = ?2, totp_enrolled = 1
             WHERE id = ?1 AND (totp_last_step IS NULL OR totp_last_step < ?2)",
            params![user_id, step],
        )?;
        Ok(changed == 1)
    }

    fn replace_totp_secret(&self, user_id: &str, old: &[u8], new: &[u8]) -> Result<bool, StoreError> {
        let changed = self.write().execute(
            "UPDATE users SET totp_secret = ?3 WHERE id = ?1 AND totp_secret = ?2",
            params![user_id, old, new],
        )?;
        Ok(changed == 1)
    }

    fn insert_session(&self, session: &SessionRecord) -> Result<(), StoreError> {
        self.write().execute(
            "INSERT INTO sessions (token_hash, user_id, stage, csrf_token, source, created_us, last_seen_us)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                session.token_hash,
                session.user_id,
                session.stage.as_str(),
                session.csrf_token,
                session.source,
                micros(session.created_at),
                micros(session.last_seen_at),
            ],
        )?;
        Ok(())
    }

    fn session(&self, token_hash: &[u8]) -> Result<Option<SessionRecord>, StoreError> {
        self.read(|connection| {
            let sql = format!("SELECT {SESSION_COLUMNS} FROM sessions WHERE token_hash = ?1");
            connection.query_row(&sql, [token_hash], |row| Ok(session_from_row(row))).optional()?.transpose()
        })
    }

    fn touch_session(&self, token_hash: &[u8], at: DateTime<Utc>) -> Result<(), StoreError> {
        self.write()
            .execute("UPDATE sessions SET last_seen_us = ?2 WHERE token_hash = ?1", params![token_hash, micros(at)])?;
        Ok(())
    }

    fn delete_session(&self, token_hash: &[u8]) -> Result<bool, StoreError> {
        Ok(self.write().execute("DELETE FROM sessions WHERE token_hash = ?1", [token_hash])? == 1)
    }

    fn delete_user_sessions(&self, user_id: &str) -> Result<u64, StoreError> {
        Ok(self.write().execute("DELETE FROM sessions WHERE user_id = ?1", [user_id])? as u64)
    }

    fn insert_api_token(&self, token: &ApiTokenRecord) -> Result<(), StoreError> {
        let scopes = list_json(&token.scopes)?;
        self.write().execute(
            "INSERT INTO api_tokens (id, name, scopes, token_hash, created_by, created_us, last_used_us, revoked_us)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                token.id,
                token.name,
                scopes,
                token.token_hash,
                token.created_by,
                micros(token.created_at),
                token.last_used_at.map(micros),
                token.revoked_at.map(micros),
            ],
        )?;
        Ok(())
    }

    fn api_token_by_hash(&self, token_hash: &[u8]) -> Result<Option<ApiTokenRecord>, StoreError> {
        self.read(|connection| {
            let sql = format!("SELECT {TOKEN_COLUMNS} FROM api_tokens WHERE token_hash = ?1");
            connection.query_row(&sql, [token_hash], |row| Ok(token_from_row(row))).optional()?.transpose()
        })
    }

    fn api_tokens(&self) -> Result<Vec<ApiTokenRecord>, StoreError> {
        self.read(|connection| {
            let sql = format!("SELECT {TOKEN_COLUMNS} FROM api_tokens ORDER BY created_us DESC, id");
            let mut statement = connection.prepare(&sql)?;
            let mut rows = statement.query([])?;
            let mut tokens = Vec::new();
            while let Some(row) = rows.next()? {
                tokens.push(token_from_row(row)?);
            }
            Ok(tokens)
        })
    }

    fn touch_api_token(&self, id: &str, at: DateTime<Utc>) -> Result<(), StoreError> {
        self.write().execute("UPDATE api_tokens SET last_used_us = ?2 WHERE id = ?1", params![id, micros(at)])?;
        Ok(())
    }

    fn revoke_api_token(&self, id: &str, at: DateTime<Utc>) -> Result<bool, StoreError> {
        let changed = self.write().execute(
            "UPDATE api_tokens SET revoked_us = ?2 WHERE id = ?1 AND revoked_us IS NULL",
            params![id, micros(at)],
        )?;
        Ok(changed == 1)
    }

    fn throttle(&self, key: &str) -> Result<Option<ThrottleRecord>, StoreError> {
        self.read(|connection| {
            let row = connection
                .query_row(
                    "SELECT failures, last_failure_us, locked_until_us FROM sign_in_throttle WHERE key = ?1",
                    [key],
                    |row| Ok((row.get::<_, i64>(0)?, row.get::<_, i64>(1)?, row.get::<_, Option<i64>>(2)?)),
                )
                .optional()?;
            let Some((failures, last_failure_us, locked_until_us)) = row else {
                return Ok(None);
            };
            Ok(Some(ThrottleRecord {
                failures: u32::try_from(failures).map_err(|_| StoreError::corrupt("failure count", failures))?,
                last_failure_at: from_micros(last_failure_us)?,
                locked_until: optional_time(locked_until_us)?,
            }))
        })
    }

    fn put_throttle(&self, key: &str, record: &ThrottleRecord) -> Result<(), StoreError> {
        self.write().execute(
            "INSERT INTO sign_in_throttle (key, failures, last_failure_us, locked_until_us) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (key) DO UPDATE SET failures = excluded.failures,
                 last_failure_us = excluded.last_failure_us, locked_until_us = excluded.locked_until_us",
            params![key, record.failures, micros(record.last_failure_at), record.locked_until.map(micros)],
        )?;
        Ok(())
    }

    fn clear_throttle(&self, key: &str) -> Result<bool, StoreError> {
        Ok(self.write().execute("DELETE FROM sign_in_throttle WHERE key = ?1", [key])? == 1)
    }
}
