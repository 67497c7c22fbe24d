//! API tokens for programs such as bank feeds.
//!
//! Invariants: a token's text is shown once, at creation, and only its SHA-256 is
//! stored; a revoked token is refused; every accepted use updates its last-used time.

use mekong_store::auth::ApiTokenRecord;
use secrecy::SecretString;

use crate::permission::Scope;
use crate::secret::{new_id, new_token, token_hash};
use crate::service::Auth;
use crate::users::valid_name;
use crate::AuthError;

/// A token just created: its record and its text, which is never available again.
#[derive(Debug)]
pub struct NewApiToken {
    /// The stored token.
    pub record: ApiTokenRecord,
    /// The token to hand to the program.
    pub token: SecretString,
}

impl Auth {
    /// Creates an API token with scopes.
    pub fn create_api_token(&self, name: &str, scopes: &[Scope], created_by: &str) -> Result<NewApiToken, AuthError> {
        if !valid_name(name) {
            return Err(AuthError::InvalidTokenName);
        }
        if scopes.is_empty() {
            return Err(AuthError::NoScopes);
        }

        let token = new_token()?;
        let mut scope_names: Vec<String> = scopes.iter().map(|scope| scope.as_str().to_owned()).collect();
        scope_names.sort();
        scope_names.dedup();
        let record = ApiTokenRecord {
            id: new_id()?,
            name: name.to_owned(),
            scopes: scope_names,
            token_hash: token_hash(&token),
            created_by: created_by.to_owned(),
            created_at: self.now(),
            last_used_at: None,
            revoked_at: None,
        };
        self.store().insert_api_token(&record)?;
        tracing::info!(token_id = %record.id, "API token created");
        Ok(NewApiToken { record, token })
    }

    /// Returns every API token, newest first.
    pub fn api_tokens(&self) -> Result<Vec<ApiTokenRecord>, AuthError> {
        Ok(self.store().api_tokens()?)
    }

    /// Returns the token if it exists, is not revoked and carries the scope, and
    /// records the use.
    pub fn authorize_api_token(&self, token: &SecretString, scope: Scope) -> Result<Option<ApiTokenRecord>, AuthError> {
        let Some(record) = self.store().api_token_by_hash(&token_hash(token))? else {
            return Ok(None);
        };
        if record.revoked_at.is_some() || !record.scopes.iter().any(|name| name == scope.as_str()) {
            return Ok(None);
        }
        // Recording the last use costs a durable write, so a feed sending many requests a
        // second records it at most once a minute.
        let now = self.now();
        let stale = record.last_used_at.is_none_or(|last| now - last >= chrono::Duration::seconds(60));
        if stale {
            self.store().touch_api_token(&record.id, now)?;
        }
        Ok(Some(record))
    }

    /// Looks a token up by its text, whatever its scopes, without recording a use.
    pub fn find_api_token(&self, token: &SecretString) -> Result<Option<ApiTokenRecord>, AuthError> {
        Ok(self.store().api_token_by_hash(&token_hash(token))?)
    }

    /// Revokes a token.
    pub fn revoke_api_token(&self, id: &str) -> Result<(), AuthError> {
        if !self.store().revoke_api_token(id, self.now())? {
            return Err(AuthError::TokenNotFound(id.to_owned()));
        }
        tracing::info!(token_id = %id, "API token revoked");
        Ok(())
    }
}
