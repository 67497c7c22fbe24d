//! `mekong freeze`: the freeze lifecycle from the command line, acting as a named user.
//!
//! The global `--as USERNAME` names the user, whose password and roles
//! `crate::actor` checks before the command runs. Every transition goes through the
//! functions of `mekong-freeze`, so the permission table and the four-eyes rule are
//! the same as on any other path. Each stored transition is recorded in the audit trail under the
//! named user. Commands that change freezes need the node stopped, like `registry`:
//! the node installs the debit holds of the stored freezes when it starts, and a
//! change that banks must act on queues its bank notice in the same database
//! transaction, sent by the next `mekong serve` with `--bank-notice-url`.
//!
//! NOTE: a running node holds the lock, so these commands cannot act on it; the
//! freeze screens of the running node apply transitions at once.

use std::process::ExitCode;
use std::str::FromStr;

use anyhow::{Result, anyhow, bail};
use chrono::{TimeDelta, Utc};
use clap::{Args, Subcommand};
use mekong_audit::{AuditEvent, FieldChange};
use mekong_core::i18n::{Arg, Messages};
use mekong_core::{AccountKey, Currency, Money, NodeIdentity};
use mekong_freeze::transition::{
    Applied, approve, decide_appeal, emergency_stop, lodge_appeal, release, renew, request, request_after_stop,
    return_funds,
};
use mekong_freeze::{
    Actor, DEFAULT_PERIOD_MONTHS, Freeze, FreezeConfig, FreezeRequest, LegalBasis, due_reminders, expire_due,
    freeze_from_record, store_transition,
};
use mekong_store::Store as _;
use mekong_store::freeze::FreezeStore;
use mekong_store::outbox::OutboxStore as _;
use rust_decimal::Decimal;

use crate::Context;
use crate::audit_cli;
use crate::node::DataDir;

/// Freeze commands.
#[derive(Debug, Subcommand)]
pub enum FreezeCommand {
    /// Request a freeze, or order an emergency stop-payment with `--emergency`.
    Request(RequestArgs),
    /// Turn an emergency stop-payment into a freeze request; debits stay held meanwhile.
    RequestAfterStop {
        /// The freeze id of the emergency stop.
        id: String,
        /// Why, as recorded in the history and audit trail.
        #[arg(long)]
        reason: String,
    },
    /// Approve a requested freeze; it becomes active for the configured period.
    Approve(DecisionArgs),
    /// Lift a freeze or an emergency stop-payment.
    Release(DecisionArgs),
    /// Extend an active freeze by one period from its current expiry time.
    Renew(DecisionArgs),
    /// Record frozen funds returned to named victims.
    Return {
        #[command(flatten)]
        decision: DecisionArgs,
        /// A victim and the amount returned, as NAME=AMOUNT; repeat for each victim.
        #[arg(long = "victim", value_name = "NAME=AMOUNT", required = true)]
        victims: Vec<String>,
    },
    /// Record an appeal by the account holder.
    Appeal {
        /// The freeze id.
        id: String,
        /// Who appeals, as written in the appeal.
        #[arg(long)]
        appellant: String,
        /// The grounds of the appeal.
        #[arg(long)]
        grounds: String,
    },
    /// Decide a lodged appeal: `--upheld` keeps the freeze, without it the freeze is released.
    DecideAppeal {
        #[command(flatten)]
        decision: DecisionArgs,
        /// Uphold the freeze; leave out to overturn it.
        #[arg(long)]
        upheld: bool,
    },
    /// List freezes as tab-separated lines.
    List {
        /// List only freezes in force that expire within this many days.
        #[arg(long, value_name = "DAYS")]
        expiring_within: Option<u32>,
    },
    /// Show a freeze with its history.
    Show {
        /// The freeze id.
        id: String,
    },
    /// Move every freeze past its expiry time to `expired`.
    Expire,
}

/// Options of `freeze request`.
#[derive(Debug, Args)]
pub struct RequestArgs {
    /// Order an emergency stop-payment, which holds debits at once, instead of a request.
    #[arg(long)]
    pub emergency: bool,
    /// An account to freeze as BANK/NUMBER; repeat for each account.
    #[arg(long = "account", value_name = "BANK/NUMBER", required = true)]
    pub accounts: Vec<String>,
    /// The amount to freeze, as an exact decimal such as 50000.00.
    #[arg(long)]
    pub amount: String,
    /// ISO 4217 currency code of the amount, such as CNY or LAK.
    #[arg(long)]
    pub currency: String,
    /// Legal basis: cn-atof-20 (Anti-Telecom and Online Fraud Law Art. 20) or la-amlcft-39 (Lao AML/CFT Law Art. 39).
    #[arg(long)]
    pub legal_basis: String,
    /// The case reference.
    #[arg(long = "case")]
    pub case_reference: String,
    /// Why the accounts are frozen, as stated to the account holder.
    #[arg(long)]
    pub reason: String,
}

/// The freeze id and reason of a decision.
#[derive(Debug, Args)]
pub struct DecisionArgs {
    /// The freeze id.
    pub id: String,
    /// Why, as recorded in the history and audit trail.
    #[arg(long)]
    pub reason: String,
    /// Months an approval or renewal keeps a freeze active. The default of 6 is to be
    /// confirmed with the node's legal office.
    #[arg(long, env = "MEKONG_FREEZE_PERIOD_MONTHS", default_value_t = DEFAULT_PERIOD_MONTHS)]
    pub period_months: u32,
}

struct Session<'a> {
    context: &'a Context,
    data: DataDir,
    identity: NodeIdentity,
}

/// Runs a freeze subcommand.
pub fn run(context: &Context, command: FreezeCommand) -> Result<ExitCode> {
    let read_only = matches!(command, FreezeCommand::List { .. } | FreezeCommand::Show { .. });
    let data = DataDir::open(&context.data_dir, !read_only, context.locale)?;
    let messages = Messages::global();
    let identity = data.store.node_identity()?.ok_or_else(|| anyhow!(messages.get(context.locale, "not-initialised")))?;
    let session = Session { context, data, identity };
    let now = Utc::now();

    match command {
        FreezeCommand::Request(args) => {
            let actor = session.actor()?;
            let freeze_request = request_from_args(&args)?;
            let id = format!("FRZ-{}", now.format("%Y%m%dT%H%M%S%6fZ"));
            let applied = if args.emergency {
                emergency_stop(&id, &freeze_request, &actor, now)?
            } else {
                request(&id, &freeze_request, &actor, now)?
            };
            session.store(&actor, &applied)?;
            let args = [("id", Arg::Text(&applied.freeze.id)), ("state", Arg::Text(applied.freeze.state.as_str()))];
            println!("{}", messages.format(context.locale, "freeze-created", &args));
        }
        FreezeCommand::RequestAfterStop { id, reason } => {
            let (actor, freeze) = session.load(&id)?;
            session.finish(&actor, &request_after_stop(&freeze, &actor, now, &reason)?)?;
        }
        FreezeCommand::Approve(args) => {
            let (actor, freeze) = session.load(&args.id)?;
            let config = FreezeConfig { period_months: args.period_months };
            session.finish(&actor, &approve(&freeze, &actor, now, &config, &args.reason)?)?;
        }
        FreezeCommand::Release(args) => {
            let (actor, freeze) = session.load(&args.id)?;
            session.finish(&actor, &release(&freeze, &actor, now, &args.reason)?)?;
        }
        FreezeCommand::Renew(args) => {
            let (actor, freeze) = session.load(&args.id)?;
            let config = FreezeConfig { period_months: args.period_months };
            session.finish(&actor, &renew(&freeze, &actor, now, &config, &args.reason)?)?;
        }
        FreezeCommand::Return { decision, victims } => {
            let (actor, freeze) = session.load(&decision.id)?;
            let returns = victims.iter().map(|text| parse_victim(text)).collect::<Result<Vec<_>>>()?;
            session.finish(&actor, &return_funds(&freeze, &actor, now, &returns, &decision.reason)?)?;
        }
        FreezeCommand::Appeal { id, appellant, grounds } => {
            let (actor, freeze) = session.load(&id)?;
            session.finish(&actor, &lodge_appeal(&freeze, &actor, now, &appellant, &grounds)?)?;
        }
        FreezeCommand::DecideAppeal { decision, upheld } => {
            let (actor, freeze) = session.load(&decision.id)?;
            session.finish(&actor, &decide_appeal(&freeze, &actor, now, upheld, &decision.reason)?)?;
        }
        FreezeCommand::List { expiring_within } => {
            session.list(now, expiring_within)?;
        }
        FreezeCommand::Show { id } => {
            session.show(&id)?;
        }
        FreezeCommand::Expire => {
            let freezes = session.freezes()?;
            let lapsed = expire_due(&freezes, now);
            for applied in &lapsed {
                session.store(&Actor::system(), applied)?;
            }
            let count = Arg::Number(lapsed.len() as f64);
            println!("{}", messages.format(context.locale, "freeze-expired", &[("count", count)]));
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn request_from_args(args: &RequestArgs) -> Result<FreezeRequest> {
    let amount = Decimal::from_str(args.amount.trim())
        .map_err(|error| anyhow!("invalid --amount {:?}: {error}; write an exact decimal such as 50000.00", args.amount))?;
    let currency = Currency::from_str(args.currency.trim())?;
    let accounts = args.accounts.iter().map(|text| parse_account(text)).collect::<Result<Vec<_>>>()?;

    Ok(FreezeRequest {
        accounts,
        amount: Money::new(amount, currency),
        legal_basis: LegalBasis::from_str(&args.legal_basis)?,
        case_reference: args.case_reference.clone(),
        reason: args.reason.clone(),
    })
}

fn parse_account(text: &str) -> Result<AccountKey> {
    match text.trim().split_once('/') {
        Some((bank, number)) if !bank.trim().is_empty() && !number.trim().is_empty() => Ok(AccountKey::new(bank, number)),
        _ => bail!("invalid --account {text:?}: write BANK/NUMBER, such as ICBC/6222020000001111"),
    }
}

fn parse_victim(text: &str) -> Result<(String, Decimal)> {
    let Some((name, amount)) = text.rsplit_once('=') else {
        bail!("invalid --victim {text:?}: write NAME=AMOUNT, such as \"Zhang San=3000.00\"");
    };
    let amount = Decimal::from_str(amount.trim())
        .map_err(|error| anyhow!("invalid amount in --victim {text:?}: {error}; write an exact decimal"))?;
    Ok((name.trim().to_owned(), amount))
}

impl Session<'_> {
    fn message(&self, id: &str, args: &[(&str, Arg<'_>)]) -> String {
        Messages::global().format(self.context.locale, id, args)
    }

    /// Returns the user authorised for this command by `crate::actor`, with the roles
    /// read from the user store when the password was checked.
    fn actor(&self) -> Result<Actor> {
        match &self.context.actor {
            Some(actor) => Ok(Actor::new(actor.user.username.clone(), actor.user.roles.clone())),
            None => bail!(self.message("cli-user-required", &[("action", Arg::Text(&self.context.command))])),
        }
    }

    fn freeze(&self, id: &str) -> Result<Freeze> {
        match self.data.store.freeze(id)? {
            Some(record) => Ok(freeze_from_record(&record)?),
            None => bail!(self.message("freeze-not-found", &[("id", Arg::Text(id))])),
        }
    }

    fn freezes(&self) -> Result<Vec<Freeze>> {
        let records = self.data.store.freezes()?;
        Ok(records.iter().map(freeze_from_record).collect::<Result<Vec<_>, _>>()?)
    }

    fn load(&self, id: &str) -> Result<(Actor, Freeze)> {
        Ok((self.actor()?, self.freeze(id)?))
    }

    /// Stores a transition with its bank notice, if any, and audits it.
    fn store(&self, actor: &Actor, applied: &Applied) -> Result<()> {
        let store = &self.data.store;
        store_transition(store.as_ref(), applied)?;

        let auditor = audit_cli::open_auditor(&self.context.data_dir, store.clone(), &self.identity)?;
        let mut changes = vec![FieldChange {
            field: "state".to_owned(),
            old: applied.record.from.map(|state| state.as_str().to_owned()),
            new: Some(applied.record.to.as_str().to_owned()),
        }];
        changes.push(FieldChange { field: "description".to_owned(), old: None, new: Some(applied.record.description.clone()) });
        let event = AuditEvent {
            actor: mekong_audit::Actor {
                user_id: self.context.actor.as_ref().map(|signed_in| signed_in.user.id.clone()),
                name: actor.username.clone(),
                roles: actor.roles.iter().map(|role| role.as_str().to_owned()).collect(),
                agency: self.identity.agency.clone(),
            },
            action: applied.record.action.as_str().to_owned(),
            object_type: Some("freeze".to_owned()),
            object_id: Some(applied.freeze.id.clone()),
            changes,
            purpose: None,
            source: Some("cli".to_owned()),
        };
        auditor.record(event)?;
        Ok(())
    }

    fn finish(&self, actor: &Actor, applied: &Applied) -> Result<()> {
        self.store(actor, applied)?;
        let from = applied.record.from.map_or("", |state| state.as_str());
        let args = [
            ("id", Arg::Text(&applied.freeze.id)),
            ("from", Arg::Text(from)),
            ("to", Arg::Text(applied.record.to.as_str())),
        ];
        println!("{}", self.message("freeze-moved", &args));
        Ok(())
    }

    fn list(&self, now: chrono::DateTime<Utc>, expiring_within: Option<u32>) -> Result<()> {
        let freezes = self.freezes()?;
        let listed: Vec<&Freeze> = match expiring_within {
            Some(days) => due_reminders(&freezes, now, TimeDelta::days(i64::from(days))),
            None => freezes.iter().collect(),
        };
        let reminders = self.data.store.freeze_reminders(None)?;
        let reminded_label = self.message("freeze-list-reminded", &[]);
        for freeze in listed {
            let expires = freeze.expires_at.map(|time| time.to_rfc3339()).unwrap_or_default();
            // A reminder counts only for the current expiry time; a renewal opens a new window.
            let reminded = reminders
                .iter()
                .any(|reminder| reminder.freeze_id == freeze.id && Some(reminder.expires_at) == freeze.expires_at);
            println!(
                "{}\t{}\t{}\t{}\t{}\t{}\t{}",
                freeze.id,
                freeze.state,
                freeze.request.amount,
                freeze.request.legal_basis,
                freeze.request.case_reference,
                expires,
                if reminded { reminded_label.as_str() } else { "" }
            );
        }
        Ok(())
    }

    fn show_reminders_and_notices(&self, id: &str) -> Result<()> {
        let store = &self.data.store;
        for reminder in store.freeze_reminders(Some(id))? {
            let at = reminder.reminded_at.to_rfc3339();
            let expires = reminder.expires_at.to_rfc3339();
            let line = self.message("freeze-reminder-line", &[("at", Arg::Text(&at)), ("expires", Arg::Text(&expires))]);
            println!("{}: {line}", self.message("freeze-field-reminded", &[]));
        }

        let notices = store.bank_notices(Some(id))?;
        if notices.is_empty() {
            return Ok(());
        }
        println!("{}:", self.message("freeze-field-notices", &[]));
        for notice in notices {
            let number = notice.id.to_string();
            let line = match notice.delivered_at {
                Some(at) => {
                    let at = at.to_rfc3339();
                    let args = [("id", Arg::Text(&number)), ("state", Arg::Text(&notice.state)), ("at", Arg::Text(&at))];
                    self.message("freeze-notice-delivered", &args)
                }
                None => {
                    let args = [
                        ("id", Arg::Text(&number)),
                        ("state", Arg::Text(&notice.state)),
                        ("attempts", Arg::Number(f64::from(notice.attempts))),
                    ];
                    self.message("freeze-notice-pending", &args)
                }
            };
            println!("  {line}");
        }
        Ok(())
    }

    fn show(&self, id: &str) -> Result<()> {
        let freeze = self.freeze(id)?;
        let accounts = freeze.request.accounts.iter().map(|key| key.as_str()).collect::<Vec<_>>().join(", ");
        let returned = format!("{} {}", freeze.total_returned(), freeze.request.amount.currency);
        let fields = [
            ("freeze-field-state", freeze.state.as_str().to_owned()),
            ("freeze-field-accounts", accounts),
            ("freeze-field-amount", freeze.request.amount.to_string()),
            ("freeze-field-legal-basis", freeze.request.legal_basis.source().to_owned()),
            ("freeze-field-case", freeze.request.case_reference.clone()),
            ("freeze-field-reason", freeze.request.reason.clone()),
            ("freeze-field-requested-by", freeze.requested_by.clone()),
            ("freeze-field-approved-by", freeze.approved_by.clone().unwrap_or_default()),
            ("freeze-field-expires", freeze.expires_at.map(|time| time.to_rfc3339()).unwrap_or_default()),
            ("freeze-field-returned", returned),
        ];
        for (label, value) in fields {
            println!("{}: {value}", self.message(label, &[]));
        }
        for fund_return in &freeze.returns {
            println!("  {}\t{}", fund_return.victim, fund_return.amount);
        }

        self.show_reminders_and_notices(id)?;

        println!("{}:", self.message("freeze-field-history", &[]));
        for step in self.data.store.freeze_transitions(id)? {
            let from = step.from_state.unwrap_or_default();
            println!("  {}\t{}\t{}\t{}\t{from}\t{}\t{}", step.at.to_rfc3339(), step.action, step.actor, step.roles, step.to_state, step.reason);
        }
        Ok(())
    }
}
