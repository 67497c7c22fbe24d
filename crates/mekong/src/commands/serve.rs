//! `mekong serve`: run a node until SIGINT or SIGTERM.
//!
//! On a signal the server stops accepting connections and lets requests in flight
//! finish. Every transaction the API answered `accepted` for was committed before
//! the answer went out, so nothing accepted is lost at shutdown.

use std::net::SocketAddr;
use std::process::ExitCode;

use anyhow::{Context as _, Result};
use mekong_core::NodeIdentity;
use mekong_core::i18n::{Arg, Locale, Messages};
use mekong_ingest::generate::{Generator, GeneratorConfig};
use mekong_ingest::pipeline::Pipeline;
use mekong_store::{AlertFilter, Store};
use mekong_web::AppState;

use crate::Context;
use crate::cli::ServeArgs;
use crate::commands::import::load_rules;
use crate::node::{DataDir, ensure_identity, identity_from};

/// The address a node listens on unless told otherwise.
const DEFAULT_BIND: &str = "127.0.0.1:8080";

/// Starts the node and blocks until it has stopped.
pub fn run(context: &Context, args: ServeArgs) -> Result<ExitCode> {
    let wanted_identity = identity_from(&args.identity, &context.config)?;
    let bind: SocketAddr = match args.bind.or(context.config.serve.bind) {
        Some(addr) => addr,
        None => DEFAULT_BIND.parse()?,
    };
    let rules = load_rules(args.rules.as_deref().or(context.config.monitor.rules.as_deref()))?;

    let data = DataDir::open(&context.data_dir, true, context.locale)?;
    let identity = ensure_identity(data.store.as_ref(), wanted_identity.as_ref(), context.locale)?;
    let pipeline = std::sync::Arc::new(Pipeline::start(data.store(), rules)?);

    if args.demo && data.store.transaction_count()? == 0 {
        load_demo(&pipeline, args.demo_size, context.locale, bind)?;
    }

    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(serve(context.locale, bind, data.store(), pipeline, identity))?;

    println!("{}", Messages::global().get(context.locale, "serve-stopped"));
    Ok(ExitCode::SUCCESS)
}

async fn serve(
    locale: Locale,
    bind: SocketAddr,
    store: std::sync::Arc<dyn Store>,
    pipeline: std::sync::Arc<Pipeline>,
    identity: NodeIdentity,
) -> Result<()> {
    let listener =
        tokio::net::TcpListener::bind(bind).await.with_context(|| format!("cannot listen on {bind}"))?;
    let addr = listener.local_addr()?;
    let addr_text = addr.to_string();
    let messages = Messages::global();

    if !addr.ip().is_loopback() {
        tracing::warn!(%addr, "serving plain HTTP on a non-loopback address");
        eprintln!("{}", messages.format(locale, "serve-plain-http-warning", &[("addr", Arg::Text(&addr_text))]));
    }
    tracing::info!(%addr, node = %identity.node_id, "node listening");
    println!(
        "{}",
        messages.format(
            locale,
            "serve-listening",
            &[
                ("node", Arg::Text(identity.node_id.as_str())),
                ("country", Arg::Text(identity.country.as_str())),
                ("agency", Arg::Text(&identity.agency)),
                ("addr", Arg::Text(&addr_text)),
            ],
        )
    );

    let state = AppState::new(store, pipeline, identity);
    mekong_web::serve(listener, state, shutdown_signal()).await?;
    tracing::info!("node stopped");
    Ok(())
}

async fn shutdown_signal() {
    let interrupt = tokio::signal::ctrl_c();
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut stream) => {
                stream.recv().await;
            }
            Err(error) => {
                tracing::error!(%error, "cannot listen for SIGTERM; only SIGINT stops the node");
                std::future::pending::<()>().await;
            }
        }
    };
    tokio::select! {
        _ = interrupt => tracing::info!("SIGINT received; shutting down"),
        () = terminate => tracing::info!("SIGTERM received; shutting down"),
    }
}

/// Scores and stores a generated data set so that a newcomer has alerts to work.
fn load_demo(pipeline: &Pipeline, count: u64, locale: Locale, bind: SocketAddr) -> Result<()> {
    let messages = Messages::global();
    eprintln!("{}", messages.format(locale, "demo-loading", &[("count", Arg::Number(count as f64))]));

    let config = GeneratorConfig {
        transactions: count,
        accounts: u32::try_from((count / 10).max(500)).unwrap_or(u32::MAX),
        ..GeneratorConfig::default()
    };
    let origin = pipeline.origin().clone();
    let mut batch = Vec::with_capacity(5_000);
    for generated in Generator::new(config) {
        batch.push(generated.to_transaction(&origin));
        if batch.len() == 5_000 {
            pipeline.submit(std::mem::take(&mut batch))?;
        }
    }
    pipeline.submit(batch)?;

    let alerts = pipeline.store().list_alerts(&AlertFilter { per_page: 1, ..AlertFilter::default() })?.total;
    let addr = bind.to_string();
    eprintln!(
        "{}",
        messages.format(locale, "demo-loaded", &[("alerts", Arg::Number(alerts as f64)), ("addr", Arg::Text(&addr))])
    );
    Ok(())
}
