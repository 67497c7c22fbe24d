//! The user a command acts as, and the permission check of every data command.
//!
//! A command that reads or changes data calls [`authorize`] first. The user comes
//! from the global `--as USERNAME` (or `MEKONG_USER`), the password from
//! `MEKONG_PASSWORD` or a prompt without echo. The password is checked with Argon2id
//! as at web sign-in: failures count toward the lockout, and locked or disabled
//! users are rejected. The user's roles are then checked against the permission
//! table of `mekong-auth`.
//!
//! Invariants:
//! - every decision, allowed or denied, and every failed password is recorded in the
//!   audit trail with `cli` as its source, before the command touches data;
//! - a denial names the action and the roles granted it, in the user's language.
//!
//! NOTE: the command line requests no second factor (TOTP). It trusts the operating
//! system's login to the node's host for that, because any user who can run `mekong`
//! there can already read the data directory's files.

use std::sync::Arc;

use anyhow::{Context as _, Result, anyhow, bail};
use mekong_audit::{AuditEvent, FieldChange};
use mekong_auth::{Action, Auth, Role, SecretString, SignInError, User, permission};
use mekong_core::NodeIdentity;
use mekong_core::i18n::{Arg, Messages};
use mekong_freeze::granted_roles;
use mekong_store::SqliteStore;

use crate::Context;
use crate::audit_cli::open_auditor;
use crate::command_rules::{self, Rule};
use crate::node::{DataDir, ensure_identity};

/// The environment variable that gives the acting user's password to scripts.
pub const PASSWORD_ENV: &str = "MEKONG_PASSWORD";

/// The audit source of every command-line decision.
const CHANNEL: &str = "cli";

/// A user whose password was checked and whose roles allow the requested action.
#[derive(Debug, Clone)]
pub struct Actor {
    /// The user, with the roles held now.
    pub user: User,
    /// The node's identity, for audit records.
    pub identity: NodeIdentity,
}

impl Actor {
    /// Builds the audit trail's actor: the user's id, name, roles and agency.
    pub fn audit_actor(&self) -> mekong_audit::Actor {
        mekong_audit::Actor {
            user_id: Some(self.user.id.clone()),
            name: self.user.username.clone(),
            roles: self.user.roles.iter().map(|role| role.as_str().to_owned()).collect(),
            agency: self.user.agency.clone(),
        }
    }

    /// Builds an audit event by this actor from the command line.
    pub fn event(&self, action: &str, object: (&str, &str), changes: Vec<FieldChange>) -> AuditEvent {
        AuditEvent {
            actor: self.audit_actor(),
            action: action.to_owned(),
            object_type: Some(object.0.to_owned()),
            object_id: Some(object.1.to_owned()),
            changes,
            purpose: None,
            source: Some(CHANNEL.to_owned()),
        }
    }
}

/// Authorises the subcommand of `context` by its rule in [`command_rules::RULES`].
/// Returns the actor for rules that name an action, and `None` for commands that need
/// no user or check on their own. A subcommand without a rule is denied.
pub fn authorize_command(context: &Context) -> Result<Option<Actor>> {
    match command_rules::rule_for(&context.command) {
        Some(Rule::Action(action)) => Ok(Some(authorize(context, action)?)),
        Some(Rule::Freeze(action)) => Ok(Some(authorize_roles(context, action.as_str(), granted_roles(action))?)),
        Some(Rule::FirstAdministrator | Rule::Exempt(_) | Rule::OwnCheck) => Ok(None),
        None => {
            let args = [("command", Arg::Text(&context.command))];
            bail!(Messages::global().format(context.locale, "cli-permission-no-rule", &args))
        }
    }
}

/// Checks the acting user's password and that one of the user's roles is granted
/// `action`. Records the decision in the audit trail either way.
///
/// When the subcommand's rule already named this action, the actor checked before the
/// command ran is returned, so the password is asked and the decision recorded once.
pub fn authorize(context: &Context, action: Action) -> Result<Actor> {
    if let (Some(actor), Some(Rule::Action(checked))) = (&context.actor, command_rules::rule_for(&context.command))
        && checked == action
    {
        return Ok(actor.clone());
    }
    authorize_roles(context, &action_name(action), permission::granted(action))
}

/// Like [`authorize`] for a permission table other than `mekong-auth`'s, such as the
/// freeze transitions: `name` is the audited action and `granted` the roles that hold it.
pub fn authorize_roles(context: &Context, name: &str, granted: &[Role]) -> Result<Actor> {
    let (actor, store) = authenticate(context, name)?;

    let allowed = actor.user.roles.iter().any(|role| granted.contains(role));
    record_decision(context, store, &actor, name, allowed)?;
    if allowed {
        tracing::info!(user_id = %actor.user.id, action = name, "command allowed by the permission table");
        return Ok(actor);
    }

    tracing::info!(user_id = %actor.user.id, action = name, "command denied by the permission table");
    let messages = Messages::global();
    let roles = if granted.is_empty() {
        messages.get(context.locale, "cli-permission-no-role")
    } else {
        granted.iter().map(|role| messages.get(context.locale, &role.message_id())).collect::<Vec<_>>().join(", ")
    };
    let args = [("user", Arg::Text(&actor.user.username)), ("action", Arg::Text(name)), ("roles", Arg::Text(&roles))];
    bail!(messages.format(context.locale, "cli-permission-denied", &args))
}

/// Checks the password of the `--as` user and returns the user with the node's store.
fn authenticate(context: &Context, name: &str) -> Result<(Actor, Arc<SqliteStore>)> {
    let messages = Messages::global();
    let Some(username) = context.user.as_deref().filter(|username| !username.trim().is_empty()) else {
        bail!(messages.format(context.locale, "cli-user-required", &[("action", Arg::Text(name))]));
    };

    let data = DataDir::open(&context.data_dir, false, context.locale)?;
    let identity = ensure_identity(data.store.as_ref(), None, context.locale)?;
    let auth = auth_for(context, &data, &identity)?;
    let password = read_password(context, username)?;

    match auth.check_password(username, &password, None) {
        Ok(user) => Ok((Actor { user, identity }, data.store.clone())),
        Err(SignInError::BadCredentials { failures }) => {
            record_failure(context, data.store.clone(), &identity, username, failures)?;
            bail!(messages.format(context.locale, "cli-signin-failed", &[("user", Arg::Text(username))]))
        }
        Err(SignInError::Locked { until }) => {
            let until = until.to_rfc3339();
            let args = [("user", Arg::Text(username)), ("until", Arg::Text(&until))];
            bail!(messages.format(context.locale, "cli-signin-locked", &args))
        }
        Err(error) => Err(anyhow!(error)),
    }
}

/// Opens the user service of the node, with its TOTP key from the data directory.
pub fn auth_for(context: &Context, data: &DataDir, identity: &NodeIdentity) -> Result<Auth> {
    let issuer = format!("Mekong Bridge {}", identity.node_id);
    Ok(Auth::for_node(data.store.clone(), &issuer, &context.data_dir)?)
}

/// Reads the acting user's password from `MEKONG_PASSWORD`, or prompts on the
/// terminal without echo.
fn read_password(context: &Context, username: &str) -> Result<SecretString> {
    if let Ok(password) = std::env::var(PASSWORD_ENV) {
        return Ok(SecretString::from(password));
    }

    let prompt = Messages::global().format(context.locale, "cli-password-prompt", &[("user", Arg::Text(username))]);
    let password = rpassword::prompt_password(prompt)
        .context("cannot read the password from the terminal; set MEKONG_PASSWORD for scripts")?;
    Ok(SecretString::from(password))
}

fn record_decision(context: &Context, store: Arc<SqliteStore>, actor: &Actor, name: &str, allowed: bool) -> Result<()> {
    let auditor = open_auditor(&context.data_dir, store, &actor.identity)?;
    let (action, decision) = if allowed { ("permission.allowed", "allowed") } else { ("permission.denied", "denied") };
    let changes = vec![
        FieldChange { field: "command".to_owned(), old: None, new: Some(context.command.clone()) },
        FieldChange { field: "decision".to_owned(), old: None, new: Some(decision.to_owned()) },
    ];
    auditor.record(actor.event(action, ("action", name), changes))?;
    Ok(())
}

fn record_failure(
    context: &Context,
    store: Arc<SqliteStore>,
    identity: &NodeIdentity,
    username: &str,
    failures: u32,
) -> Result<()> {
    let auditor = open_auditor(&context.data_dir, store.clone(), identity)?;
    // The user id, not the typed name, goes to the trail: a typed name may be a password by mistake.
    let user_id = mekong_store::auth::AuthStore::user_by_name(store.as_ref(), username)?.map(|user| user.id);
    let event = AuditEvent {
        actor: mekong_audit::Actor {
            user_id: user_id.clone(),
            name: CHANNEL.to_owned(),
            roles: Vec::new(),
            agency: identity.agency.clone(),
        },
        action: "signin.failure".to_owned(),
        object_type: Some("user".to_owned()),
        object_id: user_id,
        changes: vec![
            FieldChange { field: "command".to_owned(), old: None, new: Some(context.command.clone()) },
            FieldChange { field: "failures".to_owned(), old: None, new: Some(failures.to_string()) },
        ],
        purpose: None,
        source: Some(CHANNEL.to_owned()),
    };
    auditor.record(event)?;
    Ok(())
}

/// Returns the snake-case name of an action, such as `read_alerts`, for messages and
/// the audit trail.
pub fn action_name(action: Action) -> String {
    action.name()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn action_names_snake_case() {
        assert_eq!(action_name(Action::ReadAlerts), "read_alerts");
        assert_eq!(action_name(Action::ImportTransactions), "import_transactions");
        assert_eq!(action_name(Action::VerifyAudit), "verify_audit");
    }
}
