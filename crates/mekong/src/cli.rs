//! Command-line arguments of `mekong`.
//!
//! Every setting can come from a flag, a `MEKONG_…` environment variable or the
//! optional TOML configuration file, in that order of precedence.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Mekong Bridge: a node of the China–Laos platform against cross-border
/// telecom-network fraud. It ingests bank transactions, scores each one as it
/// arrives, raises explained alerts and serves the analyst's screens.
#[derive(Debug, Parser)]
#[command(name = "mekong", version, propagate_version = true)]
pub struct Cli {
    /// Directory holding the node's database and files.
    #[arg(long, global = true, env = "MEKONG_DATA_DIR", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,

    /// Optional TOML configuration file; flags and environment variables override it.
    /// Default: `mekong.toml` in the data directory, if present.
    #[arg(long, global = true, env = "MEKONG_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Language of messages: en, zh-CN or lo. Default: from LANG, else English.
    #[arg(long, global = true, env = "MEKONG_LANG", value_name = "LOCALE")]
    pub lang: Option<String>,

    /// The user a data command acts as; the password comes from MEKONG_PASSWORD or a
    /// prompt. Needed by every command that reads or changes the node's data.
    #[arg(id = "acting_user", long = "as", global = true, env = "MEKONG_USER", value_name = "USERNAME")]
    pub user: Option<String>,

    /// Log filter in `tracing` syntax, such as `info` or `mekong=debug`. Logs go to standard error.
    #[arg(long, global = true, env = "MEKONG_LOG", value_name = "FILTER", default_value = "info")]
    pub log: String,

    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Give a new node its identity: node id, country and agency.
    Init(IdentityArgs),
    /// Run the node: HTTP API and analyst screens.
    Serve(ServeArgs),
    /// Import data files into the node.
    #[command(subcommand)]
    Import(ImportCommand),
    /// Compare alerted accounts with labelled data and print precision and recall.
    Evaluate(EvaluateArgs),
    /// Write a synthetic transaction stream with injected fraud typologies as canonical CSV.
    Generate(GenerateArgs),
    /// Check or print monitoring rule files.
    #[command(subcommand)]
    Rules(RulesCommand),
    /// Manage the flagged-account list the monitor checks counterparties against.
    #[command(subcommand)]
    Flag(FlagCommand),
    /// Manage the flagged-identifier registry: accounts, phones, URLs, domains,
    /// wallets, IMEIs and IP addresses, while the node is stopped.
    #[command(subcommand)]
    Registry(RegistryCommand),
    /// Request, approve, renew, release and appeal freezes of accounts, acting as a named user.
    #[command(subcommand)]
    Freeze(crate::commands::freeze::FreezeCommand),
    /// Export the node's data, such as entities as FtM JSON lines.
    #[command(subcommand)]
    Export(crate::commands::ftm::ExportCommand),
    /// Work with imported goAML reports and their entities.
    #[command(subcommand)]
    Reports(crate::commands::goaml::ReportsCommand),
    /// Measure the speed of the hot paths.
    #[command(subcommand)]
    Bench(BenchCommand),
    /// Verify or export the audit trail.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Manage users and API tokens; `user add` creates the first administrator.
    #[command(subcommand)]
    User(UserCommand),
    /// Add evidence files to the vault or list a case's evidence.
    #[command(subcommand)]
    Evidence(EvidenceCommand),
    /// Verify the chain of custody.
    #[command(subcommand)]
    Custody(CustodyCommand),
    /// Trace funds forward to where they went, or backward to where they came from.
    #[command(subcommand)]
    Trace(crate::commands::trace::TraceCommand),
}

/// The identity of a node, for `init` and for the first start of `serve`.
#[derive(Debug, Clone, Args)]
pub struct IdentityArgs {
    /// Node id: 3 to 63 lower-case letters, digits or '-', such as cn-mps-yunnan.
    #[arg(long, env = "MEKONG_NODE_ID")]
    pub node_id: Option<String>,
    /// Country of the node: CN or LA.
    #[arg(long, env = "MEKONG_COUNTRY")]
    pub country: Option<String>,
    /// Agency running the node, such as CAMLMAC or AMLIO.
    #[arg(long, env = "MEKONG_AGENCY")]
    pub agency: Option<String>,
}

/// Options of `serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address and port to listen on. Default: 127.0.0.1:8080.
    #[arg(long, env = "MEKONG_BIND", value_name = "ADDR")]
    pub bind: Option<SocketAddr>,
    /// Monitoring rule file (TOML). Default: the rules shipped with the binary.
    #[arg(long, env = "MEKONG_RULES", value_name = "FILE")]
    pub rules: Option<PathBuf>,
    /// TLS certificate chain in PEM, server certificate first. With --tls-key, the node
    /// serves HTTPS and marks its cookies Secure.
    #[arg(long, env = "MEKONG_TLS_CERT", value_name = "FILE")]
    pub tls_cert: Option<PathBuf>,
    /// Private key of the TLS certificate, in unencrypted PEM (PKCS#8, PKCS#1 or SEC1).
    #[arg(long, env = "MEKONG_TLS_KEY", value_name = "FILE")]
    pub tls_key: Option<PathBuf>,
    /// Load a generated demonstration data set when the node has no transactions
    /// yet, and create the user `demo` when it has no users.
    #[arg(long)]
    pub demo: bool,
    /// Number of transactions in the demonstration data set.
    #[arg(long, default_value_t = 20_000, value_name = "COUNT")]
    pub demo_size: u64,
    #[command(flatten)]
    pub identity: IdentityArgs,
    #[command(flatten)]
    pub freeze_ops: crate::commands::serve::freeze_ops::FreezeOpsArgs,
}

/// Kinds of data to import.
#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Import goAML XML bank reports (STR, SAR, CTR and other report codes); a report
    /// with any error is rejected whole and the command exits with status 1.
    Goaml(crate::commands::goaml::ImportGoamlArgs),
    /// Import entities from an FtM JSON lines file.
    Ftm(crate::commands::ftm::ImportFtmArgs),
    /// Import bank transactions from CSV files (AMLSim, IBM AML, PaySim or canonical)
    /// or ISO 20022 pacs.008 XML files.
    Transactions(ImportTransactionsArgs),
    /// Import ISO 20022 pacs.008 credit transfers (XML, versions 001.02 to 001.10).
    Pacs008(ImportPacs008Args),
}

/// Options of `import transactions`.
#[derive(Debug, Args)]
pub struct ImportTransactionsArgs {
    /// Files to import.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// File format: auto, amlsim, ibm-aml, paysim, canonical or pacs008.
    #[arg(long, default_value = "auto")]
    pub format: String,
    /// Currency of the amounts for formats that carry none (AMLSim, PaySim), such as CNY.
    #[arg(long)]
    pub currency: Option<String>,
    /// Calendar date of step 0 for formats that count time in steps (AMLSim, PaySim), as YYYY-MM-DD.
    #[arg(long, value_name = "DATE")]
    pub start_date: Option<String>,
    /// UTC offset for times without a zone, such as +08:00. Default: the node's country (CN +08:00, LA +07:00).
    #[arg(long, value_name = "OFFSET", allow_hyphen_values = true)]
    pub utc_offset: Option<String>,
    /// File for rejected rows. Default: the data directory's `rejects/` folder.
    #[arg(long, value_name = "FILE")]
    pub rejects: Option<PathBuf>,
    /// Transactions per database commit. Larger batches rewrite fewer index pages; each
    /// batch in flight keeps its transactions in memory.
    #[arg(long, default_value_t = 200_000, value_name = "COUNT")]
    pub batch_size: usize,
    /// Monitoring rule file (TOML). Default: the rules shipped with the binary.
    #[arg(long, env = "MEKONG_RULES", value_name = "FILE")]
    pub rules: Option<PathBuf>,
    /// Print the summary as one JSON object instead of text, and no progress bar.
    #[arg(long)]
    pub json: bool,
}

/// Options of `import pacs008`.
#[derive(Debug, Args)]
pub struct ImportPacs008Args {
    /// pacs.008 XML files to import.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// UTC offset for creation times without a zone, such as +08:00. Default: the node's country (CN +08:00, LA +07:00).
    #[arg(long, value_name = "OFFSET", allow_hyphen_values = true)]
    pub utc_offset: Option<String>,
    /// File for rejected transactions. Default: the data directory's `rejects/` folder.
    #[arg(long, value_name = "FILE")]
    pub rejects: Option<PathBuf>,
    /// Transactions per database commit.
    #[arg(long, default_value_t = 50_000, value_name = "COUNT")]
    pub batch_size: usize,
    /// Monitoring rule file (TOML). Default: the rules shipped with the binary.
    #[arg(long, env = "MEKONG_RULES", value_name = "FILE")]
    pub rules: Option<PathBuf>,
    /// Print the summary as one JSON object instead of text, and no progress bar.
    #[arg(long)]
    pub json: bool,
}

/// Options of `evaluate`.
#[derive(Debug, Args)]
pub struct EvaluateArgs {
    /// File with labels: AMLSim `nodes.csv`, or a PaySim or IBM AML transaction file.
    #[arg(long, value_name = "FILE")]
    pub labels: PathBuf,
    /// Format of the labels file: auto, amlsim, ibm-aml or paysim.
    #[arg(long, default_value = "auto")]
    pub format: String,
    /// Print one JSON object with `precision`, `recall` and a `rules` map.
    #[arg(long)]
    pub json: bool,
}

/// Options of `generate`.
#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// Number of transactions.
    #[arg(long, default_value_t = 100_000, value_name = "COUNT")]
    pub transactions: u64,
    /// Number of ordinary customer accounts.
    #[arg(long, default_value_t = 20_000, value_name = "COUNT")]
    pub accounts: u32,
    /// Seed; the same seed gives the same stream.
    #[arg(long, default_value_t = 7)]
    pub seed: u64,
    /// Fraud cases per 1,000 background transactions.
    #[arg(long, default_value_t = 4, value_name = "COUNT")]
    pub cases_per_thousand: u32,
    /// Output file; `-` for standard output.
    #[arg(long, short, value_name = "FILE")]
    pub out: PathBuf,
    /// Print the summary as one JSON object on standard output in place of text;
    /// needs an --out file.
    #[arg(long)]
    pub json: bool,
}

/// Rule file commands.
#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// Validate a rule file and report the first problem with rule and field named.
    Check {
        /// The rule file.
        file: PathBuf,
    },
    /// Print the default rules, with their documentation, as TOML.
    Defaults,
}

/// Flagged-list commands.
#[derive(Debug, Subcommand)]
pub enum FlagCommand {
    /// Flag an account.
    Add {
        /// Bank code of the account.
        #[arg(long)]
        bank: String,
        /// Account number.
        #[arg(long)]
        account: String,
        /// Reason the account is flagged.
        #[arg(long)]
        reason: String,
    },
    /// Remove a flag.
    Remove {
        /// Bank code of the account.
        #[arg(long)]
        bank: String,
        /// Account number.
        #[arg(long)]
        account: String,
    },
    /// List flagged accounts.
    List,
}

/// Flagged-identifier registry commands.
#[derive(Debug, Subcommand)]
pub enum RegistryCommand {
    /// List an identifier, or update its listing of the same type.
    Add(RegistryAddArgs),
    /// Remove every listing of an identifier.
    Remove {
        /// Identifier kind: bank_account, phone, url, domain, wallet, imei or ip.
        #[arg(long)]
        kind: String,
        /// The identifier, in any form the kind accepts; a bank account as BANK/NUMBER.
        #[arg(long)]
        value: String,
    },
    /// List every entry as tab-separated lines.
    List,
    /// Import entries from a CSV file; rejected rows go to a rejects file. Running the
    /// same import again changes nothing.
    Import {
        /// CSV file with the columns kind, value, listing_type, reason, source_agency,
        /// legal_basis, appeal, starts_at and optionally expires_at and note.
        file: PathBuf,
        /// File for rejected rows. Default: FILE with `.rejects.csv` appended.
        #[arg(long, value_name = "FILE")]
        rejects: Option<PathBuf>,
    },
}

/// Options of `registry add`.
#[derive(Debug, Args)]
pub struct RegistryAddArgs {
    /// Identifier kind: bank_account, phone, url, domain, wallet, imei or ip.
    #[arg(long)]
    pub kind: String,
    /// The identifier; a bank account as BANK/NUMBER, a phone number with or without +country code.
    #[arg(long)]
    pub value: String,
    /// Listing type: case_related_account, barred_account_renter, scam_phone, scam_url or other.
    #[arg(long)]
    pub listing: String,
    /// Why the identifier is listed, as shown to whoever the listing restricts.
    #[arg(long)]
    pub reason: String,
    /// The agency that lists it. Default: the node's agency.
    #[arg(long)]
    pub source_agency: Option<String>,
    /// The legal provision the listing rests on.
    #[arg(long)]
    pub legal_basis: String,
    /// Appeal route for the person concerned.
    #[arg(long)]
    pub appeal: String,
    /// When the listing takes effect: RFC 3339, or YYYY-MM-DD for 00:00 that day in the node's zone. Default: now.
    #[arg(long)]
    pub starts_at: Option<String>,
    /// When the listing lapses: RFC 3339, or YYYY-MM-DD for the last day in force, in the node's zone. Default: never.
    #[arg(long)]
    pub expires_at: Option<String>,
    /// An internal note for analysts, never shown outside the node.
    #[arg(long, default_value = "")]
    pub note: String,
}

/// Benchmarks.
#[derive(Debug, Subcommand)]
pub enum BenchCommand {
    /// Approve freezes while debits from the frozen account arrive back to back, and
    /// report how long after each approval returns the first debit is held.
    Freeze {
        /// Number of freezes to approve, one account each.
        #[arg(long, default_value_t = 200)]
        approvals: u32,
    },
    /// Time 5-hop forward fund traces from victim payments in a generated store;
    /// report latency percentiles.
    Trace(crate::commands::bench_trace::BenchTraceArgs),
    /// Score a generated stream in memory with the rules, on one core.
    Score {
        /// Number of transactions.
        #[arg(long, default_value_t = 1_000_000)]
        transactions: u64,
        /// Number of customer accounts.
        #[arg(long, default_value_t = 100_000)]
        accounts: u32,
    },
    /// Answer risk queries from a registry of generated entries in memory, and, with
    /// --url and --token, over HTTP from a running node; report latency percentiles.
    Risk {
        /// Number of generated registry entries for the in-memory run.
        #[arg(long, default_value_t = 100_000)]
        entries: u64,
        /// Number of queries in each run.
        #[arg(long, default_value_t = 20_000)]
        queries: u64,
        /// Base URL of a running node to query over HTTP, such as http://127.0.0.1:8080.
        #[arg(long)]
        url: Option<String>,
        /// API token with the risk:query scope, for --url.
        #[arg(long, env = "MEKONG_TOKEN", hide_env_values = true)]
        token: Option<String>,
    },
    /// Send single-transaction requests to a running node's API and report latency percentiles.
    Api {
        /// Base URL of the node, such as http://127.0.0.1:8080.
        #[arg(long, default_value = "http://127.0.0.1:8080")]
        url: String,
        /// Number of requests.
        #[arg(long, default_value_t = 5_000)]
        requests: u64,
    },
}

/// Audit trail commands.
#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Check every record's hash and every signed checkpoint; exit 1 naming the first bad record.
    Verify(AuditVerifyArgs),
    /// Write matching audit records to a file; the export is itself audited.
    Export(AuditExportArgs),
}

/// Options of `audit verify`.
#[derive(Debug, Args)]
pub struct AuditVerifyArgs {
    /// Print the report as one JSON object.
    #[arg(long)]
    pub json: bool,
    /// Sign a checkpoint over the current head before verifying (needs the node key file).
    #[arg(long)]
    pub checkpoint: bool,
}

/// Options of `audit export`.
#[derive(Debug, Args)]
pub struct AuditExportArgs {
    /// Only records by this user id or user name.
    #[arg(long)]
    pub user: Option<String>,
    /// Only this action, or every action under a prefix ending in '.', such as alert.
    #[arg(long)]
    pub action: Option<String>,
    /// Only records about this kind of object, such as alert or account.
    #[arg(long)]
    pub object_type: Option<String>,
    /// Only records about this object id.
    #[arg(long)]
    pub object_id: Option<String>,
    /// Earliest time, inclusive: YYYY-MM-DD (UTC midnight) or RFC 3339.
    #[arg(long, value_name = "TIME")]
    pub from: Option<String>,
    /// Latest time, exclusive: YYYY-MM-DD (UTC midnight) or RFC 3339.
    #[arg(long, value_name = "TIME")]
    pub until: Option<String>,
    /// File format: csv or jsonl.
    #[arg(long, default_value = "csv")]
    pub format: String,
    /// Output file.
    #[arg(long, value_name = "FILE")]
    pub out: std::path::PathBuf,
}

/// User commands.
#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create a user. The password comes from MEKONG_PASSWORD or is asked twice on the terminal.
    Add {
        /// Sign-in name: 1 to 64 characters a-z, 0-9, '.', '_' or '-'.
        #[arg(long)]
        username: String,
        /// The user's agency, such as AMLIO.
        #[arg(long)]
        agency: String,
        /// A role: investigator, fiu_analyst, supervisor, liaison_officer, prosecutor, auditor or administrator. Repeat for several.
        #[arg(long = "role", required = true, value_name = "ROLE")]
        roles: Vec<String>,
        /// Print one JSON object with the id, the TOTP secret and the enrolment URI instead of text and a QR code.
        #[arg(long)]
        json: bool,
    },
    /// List users.
    List {
        /// Print a JSON array.
        #[arg(long)]
        json: bool,
    },
    /// Disable a user; the user's sessions end at once.
    Disable {
        /// The user's sign-in name.
        #[arg(long)]
        username: String,
    },
    /// Enable a disabled user.
    Enable {
        /// The user's sign-in name.
        #[arg(long)]
        username: String,
    },
    /// End the lock that failed sign-ins put on a user name or a source address.
    Unlock {
        /// The user's sign-in name.
        #[arg(long)]
        username: Option<String>,
        /// A source IP address.
        #[arg(long)]
        source: Option<String>,
    },
    /// Manage API tokens for programs such as bank feeds.
    #[command(subcommand)]
    Token(TokenCommand),
}

/// API token commands.
#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Create a token and print it once.
    Create {
        /// A name saying which program uses the token: 1 to 64 characters a-z, 0-9, '.', '_' or '-'.
        #[arg(long)]
        name: String,
        /// Scope of the token: transactions:submit or alerts:read. Repeat for several.
        #[arg(long = "scope", required = true, value_name = "SCOPE")]
        scopes: Vec<String>,
        /// Print one JSON object with the token.
        #[arg(long)]
        json: bool,
    },
    /// List tokens with their scopes and last use.
    List,
    /// Revoke a token.
    Revoke {
        /// The token's id, as `token list` shows it.
        #[arg(long)]
        id: String,
    },
}

/// Evidence vault commands.
#[derive(Debug, Subcommand)]
pub enum EvidenceCommand {
    /// Seal files into the vault as evidence items of a case, and print their hashes.
    Add(Box<EvidenceAddArgs>),
    /// List the evidence items of a case.
    List(EvidenceListArgs),
    /// Write a court export package of a case: its items, custody events with proofs, signed checkpoints, a CASE/UCO graph and a signed manifest.
    Export(EvidenceExportArgs),
    /// Parse an evidence item again into records for search; parsing is idempotent.
    Parse(EvidenceParseArgs),
    /// Search the parsed records of a case in Chinese, Lao or English; hits are marked «…».
    Search(EvidenceSearchArgs),
    /// Record a custody step of an item by hand, such as sealed or checked_out, and sign a custody checkpoint.
    Custody(EvidenceCustodyArgs),
}

/// Options of `evidence add`.
#[derive(Debug, Args)]
pub struct EvidenceAddArgs {
    /// Case reference.
    #[arg(long = "case", value_name = "REF")]
    pub case_ref: String,
    /// Kind of material: ip_log, financial_records, chat_history, device_extraction, document, photo or other.
    #[arg(long, default_value = "other")]
    pub kind: String,
    /// Exhibit number.
    #[arg(long, value_name = "N")]
    pub exhibit: Option<String>,
    /// Seal number of the evidence bag.
    #[arg(long, value_name = "N")]
    pub seal: Option<String>,
    /// Type of the seized device, such as phone or laptop.
    #[arg(long)]
    pub device_type: Option<String>,
    /// IMEI of the seized device.
    #[arg(long)]
    pub imei: Option<String>,
    /// Serial number of the seized device.
    #[arg(long)]
    pub serial: Option<String>,
    /// Person who collected the material.
    #[arg(long)]
    pub collected_by: Option<String>,
    /// When the material was collected: RFC 3339 with the local offset, such as 2026-03-01T10:00:00+07:00.
    #[arg(long, value_name = "RFC3339")]
    pub collected_at: Option<String>,
    /// Place where the material was collected.
    #[arg(long)]
    pub location: Option<String>,
    /// Legal authority for the seizure, such as a warrant number.
    #[arg(long)]
    pub authority: Option<String>,
    /// Also compute MD5 and SHA-1, for matching older forensic reports.
    #[arg(long)]
    pub legacy_hashes: bool,
    /// Currency of a PaySim or AMLSim bank statement, which carries none: an ISO 4217 code, such as CNY.
    #[arg(long, value_name = "CODE")]
    pub statement_currency: Option<String>,
    /// Date of step 0 of a PaySim or AMLSim bank statement, which counts time in steps: YYYY-MM-DD.
    #[arg(long, value_name = "DATE")]
    pub statement_start: Option<String>,
    /// Files to add.
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<std::path::PathBuf>,
}

/// Options of `evidence list`.
#[derive(Debug, Args)]
pub struct EvidenceListArgs {
    /// Case reference.
    #[arg(long = "case", value_name = "REF")]
    pub case_ref: String,
}

/// Options of `evidence custody`.
#[derive(Debug, Args)]
pub struct EvidenceCustodyArgs {
    /// Id of the evidence item, such as EV-0123456789abcdef.
    #[arg(value_name = "ITEM_ID")]
    pub item_id: String,
    /// Custody step: collected, sealed, checked_out, checked_in, transferred, received or disposed.
    #[arg(long, value_name = "KIND")]
    pub event: String,
    /// When the step happened: RFC 3339 with the local offset, such as 2026-03-01T10:00:00+07:00. Default: now, in UTC.
    #[arg(long, value_name = "RFC3339")]
    pub at: Option<String>,
    /// Place of the step, such as an evidence room or a border checkpoint.
    #[arg(long, value_name = "TEXT")]
    pub place: Option<String>,
    /// Seal number of the evidence bag. The sealed step requires it, and other steps reject it.
    #[arg(long, value_name = "TEXT")]
    pub seal: Option<String>,
    /// Free-form note, without personal data.
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
}

/// Options of `evidence parse`.
#[derive(Debug, Args)]
pub struct EvidenceParseArgs {
    /// Id of the evidence item, such as EV-0123456789abcdef.
    #[arg(value_name = "ITEM_ID")]
    pub item_id: String,
}

/// Options of `evidence search`.
#[derive(Debug, Args)]
pub struct EvidenceSearchArgs {
    /// Case reference; only this case's evidence is searched.
    #[arg(long = "case", value_name = "REF")]
    pub case_ref: String,
    /// Only items of this kind, such as chat_history or ip_log.
    #[arg(long)]
    pub kind: Option<String>,
    /// Only records whose sender contains this text.
    #[arg(long, value_name = "TEXT")]
    pub sender: Option<String>,
    /// Only records at or after this time, RFC 3339 such as 2026-03-01T00:00:00+07:00.
    #[arg(long, value_name = "TIME")]
    pub from: Option<String>,
    /// Only records before this time, RFC 3339.
    #[arg(long, value_name = "TIME")]
    pub to: Option<String>,
    /// Page number, from 1.
    #[arg(long, default_value_t = 1)]
    pub page: u32,
    /// Hits per page, at most 500.
    #[arg(long, default_value_t = 50)]
    pub page_size: u32,
    /// Words to search for; a record matches when it contains all of them.
    #[arg(value_name = "QUERY", required = true, num_args = 1..)]
    pub query: Vec<String>,
}

/// Chain-of-custody commands.
#[derive(Debug, Subcommand)]
pub enum CustodyCommand {
    /// Check signed checkpoints, consistency and inclusion proofs, and re-hash every stored object; exit 1 naming what failed.
    Verify(CustodyVerifyArgs),
}

/// Options of `evidence export`.
#[derive(Debug, Args)]
pub struct EvidenceExportArgs {
    /// Case reference.
    #[arg(long = "case", value_name = "REF")]
    pub case_ref: String,
    /// Directory to write the package to; it must be missing or empty.
    #[arg(long, value_name = "DIR")]
    pub out: std::path::PathBuf,
}

/// Options of `custody verify`.
#[derive(Debug, Args)]
pub struct CustodyVerifyArgs {
    /// A court export package to verify offline, without the node's data directory.
    #[arg(value_name = "DIR")]
    pub package: Option<std::path::PathBuf>,
    /// With a package: the node's Ed25519 public key in hex, which the package's key must equal.
    #[arg(long, value_name = "HEX", requires = "package")]
    pub key: Option<String>,
    /// Check only this item's events and content (the checkpoints are always checked).
    #[arg(long, value_name = "ID")]
    pub item: Option<String>,
    /// Print the report as one JSON object.
    #[arg(long)]
    pub json: bool,
}
