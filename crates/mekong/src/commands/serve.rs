//! `mekong serve`: run a node until SIGINT or SIGTERM.
//!
//! On a signal the server stops accepting connections and lets requests in flight
//! finish. Every transaction the API answered `accepted` for was committed before
//! the answer went out, so nothing accepted is lost at shutdown. After the server
//! has stopped, the monitor snapshot is written, so that the next start replays only
//! newer transactions, and a signed checkpoint covers the whole audit trail.
//!
//! With `--tls-cert` and `--tls-key` the node serves HTTPS and marks its cookies
//! `Secure`; a certificate or key that cannot be used stops the start before
//! anything else is opened. Plain HTTP on a non-loopback address gets a warning.

mod demo;
pub mod freeze_ops;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Context as _, Result, bail};
use mekong_core::i18n::{Arg, Locale, Messages};
use mekong_ingest::pipeline::Pipeline;
use mekong_store::Store;
use mekong_web::AppState;
use mekong_web::tls::ServerConfig;

use crate::Context;
use crate::cli::ServeArgs;
use crate::commands::import::load_rules;
use crate::config::FileConfig;
use crate::node::{DataDir, ensure_identity, identity_from};

use self::demo::DemoUsers;

/// The address a node listens on unless told otherwise.
const DEFAULT_BIND: &str = "127.0.0.1:8080";

/// Starts the node and blocks until it has stopped.
pub fn run(context: &Context, args: ServeArgs) -> Result<ExitCode> {
    let wanted_identity = identity_from(&args.identity, &context.config)?;
    let bind: SocketAddr = match args.bind.or(context.config.serve.bind) {
        Some(addr) => addr,
        None => DEFAULT_BIND.parse()?,
    };
    let tls = match tls_files(&args, &context.config)? {
        Some((certificate, key)) => Some(mekong_web::tls::load_config(&certificate, &key)?),
        None => None,
    };
    let rules = load_rules(args.rules.as_deref().or(context.config.monitor.rules.as_deref()))?;

    let data = DataDir::open(&context.data_dir, true, context.locale)?;
    let identity = ensure_identity(data.store.as_ref(), wanted_identity.as_ref(), context.locale)?;
    let snapshot_path = crate::commands::import::snapshot_path(&context.data_dir);
    let (pipeline, _) = Pipeline::start_with_snapshot(data.store(), rules, &snapshot_path)?;
    let pipeline = Arc::new(pipeline);

    let key = mekong_audit::NodeKey::load_or_generate(&context.data_dir)?;
    let auditor = Arc::new(mekong_audit::Auditor::open(data.store.clone(), key, identity.node_id.clone())?);
    let auth = crate::actor::auth_for(context, &data, &identity)?;

    let mut demo_users = None;
    if args.demo && data.store.transaction_count()? == 0 {
        demo::load_data(&pipeline, args.demo_size, context.locale)?;
        demo_users = demo::create_users(&auth, &auditor, &identity)?;
    }
    if auth.user_count()? == 0 {
        let node = identity.node_id.to_string();
        eprintln!("{}", Messages::global().format(context.locale, "serve-no-users", &[("node", Arg::Text(&node))]));
    }

    let registry = Arc::new(mekong_registry::Registry::load(data.store.clone(), pipeline.clone(), identity.country)?);
    let freeze_ops =
        freeze_ops::prepare(&args.freeze_ops, data.store.clone(), pipeline.clone(), auditor.clone(), &identity, registry.clone())?;
    let vault = Arc::new(crate::commands::evidence::open_vault(context, data.store.clone(), &identity)?);
    let evidence =
        mekong_web::EvidenceServices::new(vault, data.store.clone(), data.store.clone(), &context.data_dir, identity.node_id.as_str());
    let state = AppState::new(data.store(), pipeline.clone(), identity, auth, auditor.clone())
        .with_secure_cookies(tls.is_some())
        .with_registry(registry)
        .with_freezes(data.store.clone(), args.freeze_ops.config())
        .with_evidence(evidence)
        .with_reports(data.store.clone())
        .with_trace_source(data.store.clone());
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    let freeze_tasks = freeze_ops.spawn(&runtime);
    let served = runtime.block_on(serve(context.locale, bind, tls, state, demo_users));
    freeze_tasks.stop(&runtime);
    served?;

    // Requests have finished and every accepted transaction is committed.
    crate::commands::import::save_snapshot(&pipeline, &context.data_dir);

    // Requests have finished, so the checkpoint covers every record of this run.
    match auditor.checkpoint() {
        Ok(Some(checkpoint)) => tracing::info!(checkpoint = checkpoint.id, seq = checkpoint.seq, "audit trail checkpointed at shutdown"),
        Ok(None) => tracing::info!("audit trail is empty; no checkpoint at shutdown"),
        Err(error) => {
            tracing::error!(%error, "audit checkpoint at shutdown failed");
            return Err(error).context("cannot sign the audit checkpoint at shutdown; run `mekong audit verify` to check the trail");
        }
    }

    println!("{}", Messages::global().get(context.locale, "serve-stopped"));
    Ok(ExitCode::SUCCESS)
}

/// Returns the TLS certificate and key files from flags, environment or the
/// configuration file, or `None` for plain HTTP. Giving only one of them is an error.
fn tls_files(args: &ServeArgs, config: &FileConfig) -> Result<Option<(PathBuf, PathBuf)>> {
    let certificate = args.tls_cert.clone().or_else(|| config.serve.tls_cert.clone());
    let key = args.tls_key.clone().or_else(|| config.serve.tls_key.clone());
    match (certificate, key) {
        (Some(certificate), Some(key)) => Ok(Some((certificate, key))),
        (None, None) => Ok(None),
        _ => bail!("TLS needs both a certificate and its key: give --tls-cert and --tls-key (MEKONG_TLS_CERT and MEKONG_TLS_KEY, or tls_cert and tls_key under [serve])"),
    }
}

async fn serve(
    locale: Locale,
    bind: SocketAddr,
    tls: Option<Arc<ServerConfig>>,
    state: AppState,
    demo_users: Option<DemoUsers>,
) -> Result<()> {
    let identity = state.identity.clone();
    let listener =
        tokio::net::TcpListener::bind(bind).await.with_context(|| format!("cannot listen on {bind}"))?;
    let addr = listener.local_addr()?;
    let addr_text = addr.to_string();
    let scheme = if tls.is_some() { "https" } else { "http" };
    let messages = Messages::global();
    let shutdown = shutdown_signal()?;

    if tls.is_none() && !addr.ip().is_loopback() {
        tracing::warn!(%addr, "serving plain HTTP on a non-loopback address");
        eprintln!("{}", messages.format(locale, "serve-plain-http-warning", &[("addr", Arg::Text(&addr_text))]));
    }
    tracing::info!(%addr, scheme, node = %identity.node_id, "node listening");
    println!(
        "{}",
        messages.format(
            locale,
            "serve-listening",
            &[
                ("node", Arg::Text(identity.node_id.as_str())),
                ("country", Arg::Text(identity.country.as_str())),
                ("agency", Arg::Text(&identity.agency)),
                ("scheme", Arg::Text(scheme)),
                ("addr", Arg::Text(&addr_text)),
            ],
        )
    );
    if let Some(users) = &demo_users {
        demo::print_users(users, locale, scheme, addr);
    }
    drop(demo_users);

    match tls {
        Some(config) => mekong_web::serve_tls(listener, config, state, shutdown).await?,
        None => mekong_web::serve(listener, state, shutdown).await?,
    }
    tracing::info!("node stopped");
    Ok(())
}

/// Installs the SIGINT and SIGTERM handlers at once and returns the future that
/// completes on either. Installing them before the node prints its address means
/// that a signal sent after that line is never missed.
fn shutdown_signal() -> Result<impl Future<Output = ()> + Send + 'static> {
    use tokio::signal::unix::{SignalKind, signal};

    let mut interrupt = signal(SignalKind::interrupt()).context("cannot listen for SIGINT")?;
    let mut terminate = signal(SignalKind::terminate()).context("cannot listen for SIGTERM")?;
    Ok(async move {
        tokio::select! {
            _ = interrupt.recv() => tracing::info!("SIGINT received; shutting down"),
            _ = terminate.recv() => tracing::info!("SIGTERM received; shutting down"),
        }
    })
}
