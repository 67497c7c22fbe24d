//! `mekong user`: create the first administrator and manage users and API tokens
//! from the command line.
//!
//! Every subcommand acts as the `--as` user, whose password and `manage_users` or
//! `manage_tokens` permission `crate::actor` checks, and is recorded in the audit
//! trail under that user. The exception is `user add` of the first administrator on
//! a node without users, which needs no `--as` and is recorded under the `cli`
//! actor. The commands do not take the node lock: the store serialises writes, and a
//! running node applies a disabled user or a revoked token on its next request.

use std::process::ExitCode;

use anyhow::{Context as _, Result, bail};
use mekong_auth::{Action, Auth, ExposeSecret, NewUser, Role, Scope, SecretString, TotpSecret, totp};
use mekong_audit::{Actor, AuditEvent, Auditor, FieldChange, NodeKey};
use mekong_core::i18n::{Arg, Messages};

use crate::Context;
use crate::actor::{self, PASSWORD_ENV, auth_for};
use crate::cli::{TokenCommand, UserCommand};
use crate::node::{DataDir, ensure_identity};

/// The environment variable a script sets to give the new user's password when an
/// administrator acting with `--as` gives theirs in `MEKONG_PASSWORD`.
const NEW_PASSWORD_ENV: &str = "MEKONG_NEW_PASSWORD";

/// Runs a user subcommand.
pub fn run(context: &Context, command: UserCommand) -> Result<ExitCode> {
    let data = DataDir::open(&context.data_dir, false, context.locale)?;
    let identity = ensure_identity(data.store.as_ref(), None, context.locale)?;
    let auth = auth_for(context, &data, &identity)?;

    match command {
        UserCommand::Add { username, agency, roles, json } => add(context, &data, &auth, username, agency, &roles, json),
        UserCommand::List { json } => list(&auth, json),
        UserCommand::Disable { username } => disable(context, &data, &auth, &username, true),
        UserCommand::Enable { username } => disable(context, &data, &auth, &username, false),
        UserCommand::Unlock { username, source } => unlock(context, &data, &auth, username, source),
        UserCommand::Token(command) => token(context, &data, &auth, command),
    }
}

fn add(
    context: &Context,
    data: &DataDir,
    auth: &Auth,
    username: String,
    agency: String,
    role_names: &[String],
    json: bool,
) -> Result<ExitCode> {
    let roles = role_names.iter().map(|name| name.parse::<Role>()).collect::<Result<Vec<_>, _>>()?;

    // The first administrator of a node without users needs no `--as`; any other
    // user is created by a signed-in administrator.
    let first_administrator = auth.user_count()? == 0 && roles.contains(&Role::Administrator);
    let acting = if first_administrator {
        None
    } else {
        Some(actor::authorize(context, Action::ManageUsers)?)
    };
    let password = read_new_password(context, acting.is_none())?;

    let (user, secret) = auth.create_user(NewUser { username, agency, roles, password })?;
    let uri = secret.uri(auth.issuer(), &user.username);
    let roles_text = role_list(&user.roles);
    match &acting {
        Some(acting) => {
            let changes = vec![FieldChange { field: "roles".to_owned(), old: None, new: Some(roles_text) }];
            let auditor = crate::audit_cli::open_auditor(&context.data_dir, data.store.clone(), &acting.identity)?;
            auditor.record(acting.event("user.create", ("user", &user.id), changes))?;
        }
        None => audit(data, context, "user.create", "user", &user.id, &[("roles", &roles_text)])?,
    }

    if json {
        let value = serde_json::json!({
            "id": user.id,
            "username": user.username,
            "roles": user.roles.iter().map(Role::as_str).collect::<Vec<_>>(),
            "totp_secret": secret.base32().as_str(),
            "totp_uri": uri.as_str(),
        });
        println!("{value}");
        return Ok(ExitCode::SUCCESS);
    }

    let messages = Messages::global();
    println!(
        "{}",
        messages.format(context.locale, "user-added", &[("username", Arg::Text(&user.username)), ("id", Arg::Text(&user.id))])
    );
    print_enrolment(context, &secret, &uri)?;
    Ok(ExitCode::SUCCESS)
}

fn print_enrolment(context: &Context, secret: &TotpSecret, uri: &str) -> Result<()> {
    let messages = Messages::global();
    println!("{}", messages.get(context.locale, "user-totp-scan"));
    println!("{}", totp::qr_terminal(uri)?);
    println!("{}", messages.format(context.locale, "user-totp-secret", &[("secret", Arg::Text(&secret.base32()))]));
    println!("{uri}");
    Ok(())
}

/// Reads the new user's password from `MEKONG_NEW_PASSWORD`, from `MEKONG_PASSWORD`
/// for the first administrator (no acting user then needs it), or prompts twice on the
/// terminal without echo.
fn read_new_password(context: &Context, first_administrator: bool) -> Result<SecretString> {
    if let Ok(password) = std::env::var(NEW_PASSWORD_ENV) {
        return Ok(SecretString::from(password));
    }
    if first_administrator && let Ok(password) = std::env::var(PASSWORD_ENV) {
        return Ok(SecretString::from(password));
    }

    let messages = Messages::global();
    let variable = if first_administrator { PASSWORD_ENV } else { NEW_PASSWORD_ENV };
    let hint = messages.format(context.locale, "user-password-no-terminal", &[("variable", Arg::Text(variable))]);
    let first = rpassword::prompt_password(messages.get(context.locale, "user-password-prompt")).context(hint.clone())?;
    let second = rpassword::prompt_password(messages.get(context.locale, "user-password-repeat")).context(hint)?;
    if first != second {
        bail!(messages.get(context.locale, "user-password-mismatch"));
    }
    Ok(SecretString::from(first))
}

fn list(auth: &Auth, json: bool) -> Result<ExitCode> {
    let users = auth.users()?;
    if json {
        let values: Vec<serde_json::Value> = users
            .iter()
            .map(|user| {
                serde_json::json!({
                    "id": user.id,
                    "username": user.username,
                    "agency": user.agency,
                    "roles": user.roles.iter().map(Role::as_str).collect::<Vec<_>>(),
                    "totp_enrolled": user.totp_enrolled,
                    "disabled": user.disabled,
                })
            })
            .collect();
        println!("{}", serde_json::Value::Array(values));
        return Ok(ExitCode::SUCCESS);
    }
    for user in users {
        let state = if user.disabled { "disabled" } else { "active" };
        println!("{}\t{}\t{}\t{}\t{state}", user.id, user.username, user.agency, role_list(&user.roles));
    }
    Ok(ExitCode::SUCCESS)
}

fn disable(context: &Context, data: &DataDir, auth: &Auth, username: &str, disabled: bool) -> Result<ExitCode> {
    let Some(user) = auth.user_by_name(username)? else {
        bail!(Messages::global().format(context.locale, "user-not-found", &[("username", Arg::Text(username))]));
    };

    let (key, action) = if disabled {
        auth.disable_user(&user.id)?;
        ("user-disabled", "user.disable")
    } else {
        auth.enable_user(&user.id)?;
        ("user-enabled", "user.enable")
    };
    audit(data, context, action, "user", &user.id, &[])?;
    println!("{}", Messages::global().format(context.locale, key, &[("username", Arg::Text(username))]));
    Ok(ExitCode::SUCCESS)
}

fn unlock(
    context: &Context,
    data: &DataDir,
    auth: &Auth,
    username: Option<String>,
    source: Option<String>,
) -> Result<ExitCode> {
    let messages = Messages::global();
    if username.is_none() && source.is_none() {
        bail!("give --username NAME or --source ADDRESS to unlock");
    }
    if let Some(username) = username {
        auth.unlock(&username)?;
        let id = auth.user_by_name(&username)?.map(|user| user.id).unwrap_or_default();
        audit(data, context, "user.unlock", "user", &id, &[])?;
        println!("{}", messages.format(context.locale, "user-unlocked", &[("name", Arg::Text(&username))]));
    }
    if let Some(source) = source {
        auth.unlock_source(&source)?;
        audit(data, context, "source.unlock", "source", &source, &[])?;
        println!("{}", messages.format(context.locale, "user-unlocked", &[("name", Arg::Text(&source))]));
    }
    Ok(ExitCode::SUCCESS)
}

fn token(context: &Context, data: &DataDir, auth: &Auth, command: TokenCommand) -> Result<ExitCode> {
    let messages = Messages::global();
    match command {
        TokenCommand::Create { name, scopes, json } => {
            let scopes = scopes.iter().map(|name| name.parse::<Scope>()).collect::<Result<Vec<_>, _>>()?;
            let created = auth.create_api_token(&name, &scopes, "cli")?;
            let scope_text = created.record.scopes.join(",");
            audit(data, context, "token.create", "api_token", &created.record.id, &[("scopes", &scope_text)])?;
            if json {
                let value = serde_json::json!({
                    "id": created.record.id,
                    "name": created.record.name,
                    "scopes": created.record.scopes,
                    "token": created.token.expose_secret(),
                });
                println!("{value}");
            } else {
                println!("{}", messages.format(context.locale, "token-created", &[("name", Arg::Text(&name)), ("id", Arg::Text(&created.record.id))]));
                println!("{}", created.token.expose_secret());
            }
        }
        TokenCommand::List => {
            for token in auth.api_tokens()? {
                let last_used = token.last_used_at.map(|at| at.to_rfc3339()).unwrap_or_else(|| "-".to_owned());
                let state = if token.revoked_at.is_some() { "revoked" } else { "active" };
                println!("{}\t{}\t{}\t{last_used}\t{state}", token.id, token.name, token.scopes.join(","));
            }
        }
        TokenCommand::Revoke { id } => {
            auth.revoke_api_token(&id)?;
            audit(data, context, "token.revoke", "api_token", &id, &[])?;
            println!("{}", messages.format(context.locale, "token-revoked", &[("id", Arg::Text(&id))]));
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn role_list(roles: &[Role]) -> String {
    roles.iter().map(Role::as_str).collect::<Vec<_>>().join(",")
}

/// Records an administrative action of the command line in the audit trail, under the
/// acting user when there is one.
fn audit(data: &DataDir, context: &Context, action: &str, object_type: &str, object_id: &str, changes: &[(&str, &str)]) -> Result<()> {
    let Some(identity) = mekong_store::Store::node_identity(data.store.as_ref())? else {
        bail!(Messages::global().get(context.locale, "not-initialised"));
    };
    let key = NodeKey::load_or_generate(&context.data_dir)?;
    let auditor = Auditor::open(data.store.clone(), key, identity.node_id.clone())?;
    let changes: Vec<FieldChange> = changes
        .iter()
        .map(|(field, new)| FieldChange { field: (*field).to_owned(), old: None, new: Some((*new).to_owned()) })
        .collect();

    if let Some(acting) = &context.actor {
        auditor.record(acting.event(action, (object_type, object_id), changes))?;
        return Ok(());
    }

    // Only the first administrator is created without an acting user.
    let event = AuditEvent {
        actor: Actor {
            user_id: None,
            name: "cli".to_owned(),
            roles: vec![Role::Administrator.as_str().to_owned()],
            agency: identity.agency.clone(),
        },
        action: action.to_owned(),
        object_type: Some(object_type.to_owned()),
        object_id: Some(object_id.to_owned()),
        changes,
        purpose: None,
        source: Some("cli".to_owned()),
    };
    auditor.record(event)?;
    Ok(())
}
