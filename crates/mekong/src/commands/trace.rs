//! `mekong trace forward|backward`: fund tracing from a transaction or an account.
//!
//! The acting user needs [`Action::TraceFunds`]; every trace is recorded in the
//! audit trail as a read (`trace.forward` or `trace.backward`) with its start, method
//! and size, before the result is printed. Account keys in the output are the ones
//! stored; no names or other personal data are logged.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context as _, Result, anyhow};
use chrono::{DateTime, NaiveDate, Utc};
use clap::{Args, Subcommand, ValueEnum};
use mekong_audit::FieldChange;
use mekong_auth::Action;
use mekong_core::i18n::{Arg, Locale, Messages};
use mekong_core::{AccountKey, Currency, NodeId};
use mekong_trace::{Direction, Method, RateTable, Start, StopReason, Trace, TraceOptions, trace};

use crate::Context;
use crate::audit_cli::open_auditor;
use crate::node::{DataDir, ensure_identity};

/// Trace subcommands.
#[derive(Debug, Subcommand)]
pub enum TraceCommand {
    /// Follow money forward in time through every later hop, to where it went.
    Forward(TraceArgs),
    /// Follow money backward in time, to where it came from.
    Backward(TraceArgs),
}

/// Options of `trace forward` and `trace backward`.
#[derive(Debug, Args)]
pub struct TraceArgs {
    /// Start from this transaction id, traced in full.
    #[arg(long, required_unless_present = "account", conflicts_with = "account")]
    pub transaction: Option<String>,
    /// Node that stored the transaction; needed only when several nodes stored the same id.
    #[arg(long, requires = "transaction", value_name = "NODE_ID")]
    pub origin: Option<String>,
    /// Start from this account, as BANK:NUMBER: its payments at or after --from going
    /// forward, or its receipts at or before --from going backward.
    #[arg(long, value_name = "BANK:NUMBER")]
    pub account: Option<String>,
    /// Time for --account, RFC 3339 (2026-03-01T09:30:00+08:00) or a date (YYYY-MM-DD,
    /// midnight UTC). Default: no limit.
    #[arg(long, requires = "account", value_name = "TIME")]
    pub from: Option<String>,
    /// Attribution method: fifo (first in, first out) or proportional.
    #[arg(long, value_enum, default_value_t = MethodArg::Fifo)]
    pub method: MethodArg,
    /// Maximum number of hops from the start, 1 to 50; the start transaction is hop 1.
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u32).range(1..=50))]
    pub hops: u32,
    /// Currency the trace counts in. Default: the start transaction's currency.
    #[arg(long, value_name = "CODE")]
    pub currency: Option<String>,
    /// Exchange rate for transactions in another currency, as FROM:TO=RATE (one FROM is
    /// worth RATE TO), such as LAK:CNY=0.00033. Repeat for each pair.
    #[arg(long = "rate", value_name = "FROM:TO=RATE")]
    pub rates: Vec<String>,
    /// Account of a crypto-asset exchange, as BANK:NUMBER; money reaching it is not
    /// followed further. Repeat for each account.
    #[arg(long = "crypto-exchange", value_name = "BANK:NUMBER")]
    pub crypto_exchanges: Vec<String>,
    /// Write the trace as CSV to this file.
    #[arg(long, value_name = "FILE")]
    pub csv: Option<PathBuf>,
    /// Print the trace as one JSON object instead of text.
    #[arg(long)]
    pub json: bool,
}

/// Attribution method on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MethodArg {
    /// First in, first out.
    Fifo,
    /// The traced share of everything the account holds.
    Proportional,
}

/// Runs one trace subcommand.
pub fn run(context: &Context, command: &TraceCommand) -> Result<ExitCode> {
    let (direction, args) = match command {
        TraceCommand::Forward(args) => (Direction::Forward, args),
        TraceCommand::Backward(args) => (Direction::Backward, args),
    };
    let actor = crate::actor::authorize(context, Action::TraceFunds)?;

    let start = parse_start(args, context.locale)?;
    let options = parse_options(args)?;

    let data = DataDir::open(&context.data_dir, false, context.locale)?;
    let identity = ensure_identity(data.store.as_ref(), None, context.locale)?;
    let result = trace(data.store.as_ref(), &start, direction, &options)?;

    let (object_type, object_id) = match &start {
        Start::Transaction { id, .. } => ("transaction", id.clone()),
        Start::Account { key, .. } => ("account", key.to_string()),
    };
    let changes = [
        ("method", options.method.as_str().to_owned()),
        ("hops", options.max_hops.to_string()),
        ("accounts", result.nodes.len().to_string()),
        ("transactions", result.edges.len().to_string()),
    ]
    .into_iter()
    .map(|(field, value)| FieldChange {
        field: field.to_owned(),
        old: None,
        new: Some(value),
    })
    .collect();
    let auditor = open_auditor(&context.data_dir, data.store.clone(), &identity)?;
    let action = format!("trace.{}", direction.as_str());
    auditor.record(actor.event(&action, (object_type, &object_id), changes))?;
    tracing::info!(
        user_id = %actor.user.id,
        direction = direction.as_str(),
        start = object_type,
        accounts = result.nodes.len(),
        transactions = result.edges.len(),
        "traced funds"
    );

    if let Some(path) = &args.csv {
        let file = std::fs::File::create(path)
            .with_context(|| format!("cannot create {}", path.display()))?;
        result.write_csv(std::io::BufWriter::new(file))?;
    }
    if args.json {
        println!("{}", serde_json::to_string_pretty(&result)?);
    } else {
        print_text(&result, &object_id, context.locale);
    }
    if let Some(path) = &args.csv {
        let file = path.display().to_string();
        eprintln!(
            "{}",
            Messages::global().format(
                context.locale,
                "trace-csv-written",
                &[("file", Arg::Text(&file))]
            )
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Parses `BANK:NUMBER`, or a bare number for an account whose bank is unknown.
fn parse_account(text: &str) -> AccountKey {
    match text.split_once(':') {
        Some((bank, number)) => AccountKey::new(bank, number),
        None => AccountKey::new("", text),
    }
}

fn parse_time(text: &str, locale: Locale) -> Result<DateTime<Utc>> {
    if let Ok(time) = DateTime::parse_from_rfc3339(text.trim()) {
        return Ok(time.with_timezone(&Utc));
    }
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .ok()
        .and_then(|date| date.and_hms_opt(0, 0, 0))
        .map(|time| time.and_utc())
        .ok_or_else(|| {
            anyhow!(Messages::global().format(
                locale,
                "trace-invalid-time",
                &[("value", Arg::Text(text))]
            ))
        })
}

fn parse_start(args: &TraceArgs, locale: Locale) -> Result<Start> {
    if let Some(id) = &args.transaction {
        let origin = args.origin.as_deref().map(NodeId::new).transpose()?;
        return Ok(Start::Transaction {
            id: id.trim().to_owned(),
            origin,
        });
    }

    let account = args.account.as_deref().unwrap_or_default();
    let key = parse_account(account);
    if key.as_str().is_empty() {
        return Err(anyhow!(
            Messages::global().get(locale, "trace-missing-start")
        ));
    }
    let time = args
        .from
        .as_deref()
        .map(|text| parse_time(text, locale))
        .transpose()?;
    Ok(Start::Account { key, time })
}

fn parse_options(args: &TraceArgs) -> Result<TraceOptions> {
    let mut rates = RateTable::default();
    for rate in &args.rates {
        rates.insert_text(rate)?;
    }
    let currency = args
        .currency
        .as_deref()
        .map(str::parse::<Currency>)
        .transpose()?;

    Ok(TraceOptions {
        method: match args.method {
            MethodArg::Fifo => Method::Fifo,
            MethodArg::Proportional => Method::Proportional,
        },
        max_hops: args.hops,
        currency,
        rates,
        crypto_exchanges: args
            .crypto_exchanges
            .iter()
            .map(|text| parse_account(text))
            .collect(),
        ..TraceOptions::default()
    })
}

fn stop_text(stop: StopReason, locale: Locale) -> String {
    let id = match stop {
        StopReason::CashOut => "trace-stop-cash-out",
        StopReason::CashIn => "trace-stop-cash-in",
        StopReason::CrossBorder => "trace-stop-cross-border",
        StopReason::CryptoExchange => "trace-stop-crypto",
        StopReason::HopLimit => "trace-stop-hop-limit",
        StopReason::AccountLimit => "trace-stop-account-limit",
    };
    Messages::global().get(locale, id)
}

fn print_text(result: &Trace, start: &str, locale: Locale) {
    let messages = Messages::global();
    let currency = result.currency.to_string();
    let money = |amount: rust_decimal::Decimal| format!("{} {currency}", amount.normalize());

    let summary_id = match result.direction {
        Direction::Forward => "trace-summary-forward",
        Direction::Backward => "trace-summary-backward",
    };
    let method = messages.get(locale, &format!("trace-method-{}", result.method.as_str()));
    let total = money(result.traced_total);
    println!(
        "{}",
        messages.format(
            locale,
            summary_id,
            &[
                ("start", Arg::Text(start)),
                ("method", Arg::Text(&method)),
                ("total", Arg::Text(&total)),
                ("accounts", Arg::Number(result.nodes.len() as f64)),
                ("transactions", Arg::Number(result.edges.len() as f64)),
            ],
        )
    );

    println!("\n{}", messages.get(locale, "trace-edges-heading"));
    for edge in &result.edges {
        let hop = edge.hop.to_string();
        let time = edge.timestamp.to_rfc3339();
        let (debtor, creditor) = (edge.debtor.to_string(), edge.creditor.to_string());
        let (attributed, amount) = (edge.attributed.to_string(), edge.amount.to_string());
        let channel = edge.channel.to_string();
        println!(
            "  {}",
            messages.format(
                locale,
                "trace-edge",
                &[
                    ("hop", Arg::Text(&hop)),
                    ("time", Arg::Text(&time)),
                    ("debtor", Arg::Text(&debtor)),
                    ("creditor", Arg::Text(&creditor)),
                    ("attributed", Arg::Text(&attributed)),
                    ("amount", Arg::Text(&amount)),
                    ("channel", Arg::Text(&channel)),
                    ("id", Arg::Text(&edge.transaction_id)),
                ],
            )
        );
    }

    println!("\n{}", messages.get(locale, "trace-nodes-heading"));
    for node in &result.nodes {
        let account = node.account.to_string();
        let hop = node.hop.to_string();
        let (received, forwarded, held) = (
            money(node.received),
            money(node.forwarded),
            money(node.held),
        );
        let mut line = messages.format(
            locale,
            "trace-node",
            &[
                ("account", Arg::Text(&account)),
                ("hop", Arg::Text(&hop)),
                ("received", Arg::Text(&received)),
                ("forwarded", Arg::Text(&forwarded)),
                ("held", Arg::Text(&held)),
            ],
        );
        if let Some(stop) = node.stop {
            let reason = stop_text(stop, locale);
            line.push_str(&messages.format(
                locale,
                "trace-node-stop",
                &[("reason", Arg::Text(&reason))],
            ));
        }
        println!("  {line}");
    }

    println!();
    let holding = result.holding_accounts();
    let heading = match result.direction {
        Direction::Forward => "trace-holding-heading",
        Direction::Backward => "trace-sources-heading",
    };
    if holding.is_empty() {
        println!("{}", messages.get(locale, "trace-holding-none"));
    } else {
        println!("{}", messages.get(locale, heading));
        for (account, amount) in holding {
            println!("  {account}\t{amount}");
        }
    }
    if result.truncated {
        let edges = result.edges.len() as f64;
        println!(
            "{}",
            messages.format(
                locale,
                "trace-truncated",
                &[("transactions", Arg::Number(edges))]
            )
        );
    }
}
