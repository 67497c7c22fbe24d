//! What `mekong serve --demo` adds to an empty node: a generated data set with fraud
//! cases, the user `demo` that can sign in to work its alerts, and the administrator
//! `demo-admin` that can add a second supervisor to approve `demo`'s freeze requests.
//!
//! Invariants: the data set is loaded only into a node without transactions; the
//! demo users are created only in the same run and only when the node has no users,
//! each creation is recorded in the audit trail, and their passwords exist only in
//! this process's memory until they are printed once.

use std::net::SocketAddr;

use anyhow::Result;
use mekong_audit::{Actor, AuditEvent, Auditor, FieldChange};
use mekong_auth::{Auth, ExposeSecret, NewUser, Role, SecretString};
use mekong_core::NodeIdentity;
use mekong_core::i18n::{Arg, Locale, Messages};
use mekong_ingest::generate::{Generator, GeneratorConfig};
use mekong_ingest::pipeline::Pipeline;
use mekong_store::AlertFilter;

/// The demo user's name.
pub const DEMO_USERNAME: &str = "demo";

/// The demo administrator's name.
pub const DEMO_ADMIN_USERNAME: &str = "demo-admin";

/// The length of the demo user's generated password, in characters.
const DEMO_PASSWORD_CHARS: usize = 16;

/// The roles of the demo user: enough to work alerts and read the audit trail.
const DEMO_ROLES: [Role; 3] = [Role::FiuAnalyst, Role::Supervisor, Role::Auditor];

/// The roles of the demo administrator: users and tokens only, no alerts.
const DEMO_ADMIN_ROLES: [Role; 1] = [Role::Administrator];

/// Transactions submitted to the pipeline per batch while loading.
const LOAD_BATCH: usize = 5_000;

/// The demo users created by this run, with the passwords to print once.
#[derive(Debug)]
pub struct DemoUsers {
    /// The analyst and supervisor `demo`.
    pub analyst: DemoUser,
    /// The administrator `demo-admin`.
    pub administrator: DemoUser,
}

/// One demo user and its generated password.
#[derive(Debug)]
pub struct DemoUser {
    /// The user name.
    pub username: String,
    /// The generated password.
    pub password: SecretString,
}

/// Scores and stores a generated data set so that a newcomer has alerts to work.
pub fn load_data(pipeline: &Pipeline, count: u64, locale: Locale) -> Result<()> {
    let messages = Messages::global();
    eprintln!("{}", messages.format(locale, "demo-loading", &[("count", Arg::Number(count as f64))]));

    let config = GeneratorConfig {
        transactions: count,
        accounts: u32::try_from((count / 10).max(500)).unwrap_or(u32::MAX),
        ..GeneratorConfig::default()
    };
    let origin = pipeline.origin().clone();
    let mut batch = Vec::with_capacity(LOAD_BATCH);
    for generated in Generator::new(config) {
        batch.push(generated.to_transaction(&origin));
        if batch.len() == LOAD_BATCH {
            pipeline.submit(std::mem::take(&mut batch))?;
        }
    }
    pipeline.submit(batch)?;

    let alerts = pipeline.store().list_alerts(&AlertFilter { per_page: 1, ..AlertFilter::default() })?.total;
    eprintln!("{}", messages.format(locale, "demo-loaded", &[("alerts", Arg::Number(alerts as f64))]));
    Ok(())
}

/// Creates the users `demo` and `demo-admin` with random passwords when the node has
/// no users, and records each creation. Returns `None`, creating nothing, when users exist.
pub fn create_users(auth: &Auth, auditor: &Auditor, identity: &NodeIdentity) -> Result<Option<DemoUsers>> {
    if auth.user_count()? > 0 {
        return Ok(None);
    }

    let analyst = create_user(auth, auditor, identity, DEMO_USERNAME, &DEMO_ROLES)?;
    let administrator = create_user(auth, auditor, identity, DEMO_ADMIN_USERNAME, &DEMO_ADMIN_ROLES)?;
    Ok(Some(DemoUsers { analyst, administrator }))
}

/// Creates one demo user with a random password and records the creation.
fn create_user(auth: &Auth, auditor: &Auditor, identity: &NodeIdentity, username: &str, roles: &[Role]) -> Result<DemoUser> {
    let password = mekong_auth::password::generate(DEMO_PASSWORD_CHARS)?;
    let new = NewUser {
        username: username.to_owned(),
        agency: identity.agency.clone(),
        roles: roles.to_vec(),
        password: password.clone(),
    };
    // The TOTP secret stays in the store: the node shows its QR code at first sign-in.
    let (user, _secret) = auth.create_user(new)?;
    tracing::info!(user_id = %user.id, "demo user created");

    let roles = user.roles.iter().map(Role::as_str).collect::<Vec<_>>().join(",");
    auditor.record(AuditEvent {
        actor: Actor {
            user_id: None,
            name: "system".to_owned(),
            roles: Vec::new(),
            agency: identity.agency.clone(),
        },
        action: "user.create".to_owned(),
        object_type: Some("user".to_owned()),
        object_id: Some(user.id.clone()),
        changes: vec![FieldChange { field: "roles".to_owned(), old: None, new: Some(roles) }],
        purpose: Some("demonstration user of serve --demo".to_owned()),
        source: None,
    })?;

    Ok(DemoUser { username: user.username, password })
}

/// Prints where and how the demo users sign in, once, to standard output.
pub fn print_users(users: &DemoUsers, locale: Locale, scheme: &str, addr: SocketAddr) {
    let messages = Messages::global();
    let addr = addr.to_string();
    let analyst = &users.analyst;
    let administrator = &users.administrator;
    let lines = [
        messages.format(locale, "demo-user-created", &[("scheme", Arg::Text(scheme)), ("addr", Arg::Text(&addr))]),
        messages.format(locale, "demo-user-name", &[("username", Arg::Text(&analyst.username))]),
        messages.format(locale, "demo-user-password", &[("password", Arg::Text(analyst.password.expose_secret()))]),
        messages.format(locale, "demo-admin-name", &[("username", Arg::Text(&administrator.username))]),
        messages.format(locale, "demo-admin-password", &[("password", Arg::Text(administrator.password.expose_secret()))]),
        messages.get(locale, "demo-user-once"),
    ];
    for line in lines {
        println!("{line}");
    }
}
