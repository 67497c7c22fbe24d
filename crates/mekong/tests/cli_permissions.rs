//! The permission matrix of the command line: every data command run as a user of
//! each role, against the roles the permission tables grant. Also: every subcommand
//! that clap defines has a row here or a stated exemption, a wrong password and a
//! disabled user are rejected, and the database contains no raw TOTP secret.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;
use std::process::{Command, Output};

use mekong_auth::permission::granted;
use mekong_auth::{Action, Role};
use mekong_freeze::{FreezeAction, granted_roles};

use common::{LA_NODE, NodeSpec, init_node};

/// The text of every permission denial in English.
const DENIED: &str = "may not run this command";

/// Runs `mekong` with `args`, naming `user` in `MEKONG_USER` rather than with `--as`.
fn mekong(data_dir: &Path, user: Option<&str>, args: &[&str]) -> Output {
    let mut command = common::mekong(data_dir);
    command.args(args);
    if let Some(user) = user {
        command.env("MEKONG_USER", user);
    }
    command.output().unwrap()
}

fn succeed(data_dir: &Path, user: Option<&str>, args: &[&str]) -> String {
    let output = mekong(data_dir, user, args);
    assert!(output.status.success(), "{args:?}: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap()
}

/// Returns the user name of the test user with `role`.
fn user_of(role: Role) -> String {
    format!("u-{}", role.as_str().replace('_', "-"))
}

/// Initialises a node with the administrator `admin` and one user per role.
fn setup(data_dir: &Path) {
    let names: Vec<(String, Role)> = Role::ALL.into_iter().map(|role| (user_of(role), role)).collect();
    let users: Vec<(&str, &str)> = names.iter().map(|(name, role)| (name.as_str(), role.as_str())).collect();
    init_node(data_dir, NodeSpec { id: "la-perm", ..LA_NODE }, &users);
}

/// What a command needs.
#[derive(Debug, Clone, Copy)]
enum Needs {
    Action(Action),
    Freeze(FreezeAction),
}

impl Needs {
    fn granted(self) -> &'static [Role] {
        match self {
            Needs::Action(action) => granted(action),
            Needs::Freeze(action) => granted_roles(action),
        }
    }
}

/// Returns every data command with arguments that pass clap. Arguments name objects that do
/// not exist where that is enough, so an allowed run may still fail after the check.
fn matrix(dir: &Path) -> Vec<(&'static str, Vec<String>, Needs)> {
    let file = |name: &str| dir.join(name).to_str().unwrap().to_owned();
    let strings = |args: &[&str]| args.iter().map(|arg| (*arg).to_owned()).collect::<Vec<_>>();
    let mut rows = vec![
        ("import transactions", strings(&["import", "transactions", "--format", "canonical"]), Needs::Action(Action::ImportTransactions)),
        ("evaluate", strings(&["evaluate", "--labels"]), Needs::Action(Action::ReadAlerts)),
        ("flag add", strings(&["flag", "add", "--bank", "BCEL", "--account", "0100", "--reason", "test"]), Needs::Action(Action::ManageFlags)),
        ("flag remove", strings(&["flag", "remove", "--bank", "BCEL", "--account", "0100"]), Needs::Action(Action::ManageFlags)),
        ("flag list", strings(&["flag", "list"]), Needs::Action(Action::ReadAccounts)),
        ("registry list", strings(&["registry", "list"]), Needs::Action(Action::ReadRegistry)),
        ("registry remove", strings(&["registry", "remove", "--kind", "phone", "--value", "+8562055512345"]), Needs::Action(Action::ManageRegistry)),
        ("registry import", strings(&["registry", "import"]), Needs::Action(Action::ManageRegistry)),
        (
            "registry add",
            strings(&[
                "registry", "add", "--kind", "phone", "--value", "+8562055512345", "--listing", "scam_phone", "--reason", "test",
                "--legal-basis", "test", "--appeal", "test",
            ]),
            Needs::Action(Action::ManageRegistry),
        ),
        (
            "freeze request",
            strings(&[
                "freeze", "request", "--account", "BCEL/0100", "--amount", "1.00", "--currency", "LAK", "--legal-basis",
                "la-amlcft-39", "--case", "T-1", "--reason", "test",
            ]),
            Needs::Freeze(FreezeAction::Request),
        ),
        ("freeze request-after-stop", strings(&["freeze", "request-after-stop", "FRZ-none", "--reason", "r"]), Needs::Freeze(FreezeAction::Request)),
        ("freeze approve", strings(&["freeze", "approve", "FRZ-none", "--reason", "r"]), Needs::Freeze(FreezeAction::Approve)),
        ("freeze release", strings(&["freeze", "release", "FRZ-none", "--reason", "r"]), Needs::Freeze(FreezeAction::Release)),
        ("freeze renew", strings(&["freeze", "renew", "FRZ-none", "--reason", "r"]), Needs::Freeze(FreezeAction::Renew)),
        ("freeze return", strings(&["freeze", "return", "FRZ-none", "--reason", "r", "--victim", "A=1"]), Needs::Freeze(FreezeAction::ReturnFunds)),
        ("freeze appeal", strings(&["freeze", "appeal", "FRZ-none", "--appellant", "a", "--grounds", "g"]), Needs::Freeze(FreezeAction::LodgeAppeal)),
        ("freeze decide-appeal", strings(&["freeze", "decide-appeal", "FRZ-none", "--reason", "r"]), Needs::Freeze(FreezeAction::DecideAppeal)),
        ("freeze list", strings(&["freeze", "list"]), Needs::Action(Action::ReadAccounts)),
        ("freeze show", strings(&["freeze", "show", "FRZ-none"]), Needs::Action(Action::ReadAccounts)),
        ("freeze expire", strings(&["freeze", "expire"]), Needs::Freeze(FreezeAction::Request)),
        ("audit verify", strings(&["audit", "verify"]), Needs::Action(Action::VerifyAudit)),
        ("audit export", strings(&["audit", "export", "--out"]), Needs::Action(Action::ExportAudit)),
        ("user add", strings(&["user", "add", "--agency", "AMLIO", "--role", "auditor", "--json", "--username"]), Needs::Action(Action::ManageUsers)),
        ("user list", strings(&["user", "list"]), Needs::Action(Action::ManageUsers)),
        ("user disable", strings(&["user", "disable", "--username", "nobody"]), Needs::Action(Action::ManageUsers)),
        ("user enable", strings(&["user", "enable", "--username", "nobody"]), Needs::Action(Action::ManageUsers)),
        ("user unlock", strings(&["user", "unlock", "--username", "nobody"]), Needs::Action(Action::ManageUsers)),
        ("user token create", strings(&["user", "token", "create", "--name", "feed", "--scope", "alerts:read"]), Needs::Action(Action::ManageTokens)),
        ("user token list", strings(&["user", "token", "list"]), Needs::Action(Action::ManageTokens)),
        ("user token revoke", strings(&["user", "token", "revoke", "--id", "none"]), Needs::Action(Action::ManageTokens)),
        ("evidence add", strings(&["evidence", "add", "--case", "C-1"]), Needs::Action(Action::AddEvidence)),
        ("evidence parse", strings(&["evidence", "parse", "EV-none"]), Needs::Action(Action::AddEvidence)),
        ("evidence list", strings(&["evidence", "list", "--case", "C-1"]), Needs::Action(Action::ReadEvidence)),
        ("evidence search", strings(&["evidence", "search", "--case", "C-1", "word"]), Needs::Action(Action::SearchEvidence)),
        ("evidence export", strings(&["evidence", "export", "--case", "C-1", "--out"]), Needs::Action(Action::ExportEvidence)),
        ("evidence custody", strings(&["evidence", "custody", "EV-none", "--event", "collected"]), Needs::Action(Action::AddEvidence)),
        ("custody verify", strings(&["custody", "verify"]), Needs::Action(Action::ReadEvidence)),
        ("trace forward", strings(&["trace", "forward", "--transaction", "T-none"]), Needs::Action(Action::TraceFunds)),
        ("trace backward", strings(&["trace", "backward", "--transaction", "T-none"]), Needs::Action(Action::TraceFunds)),
        ("import goaml", strings(&["import", "goaml"]), Needs::Action(Action::ImportReports)),
        ("import pacs008", strings(&["import", "pacs008"]), Needs::Action(Action::ImportTransactions)),
        ("import ftm", strings(&["import", "ftm"]), Needs::Action(Action::ImportReports)),
        ("export ftm", strings(&["export", "ftm", "--out"]), Needs::Action(Action::ReadReports)),
        ("reports merge-suggestions", strings(&["reports", "merge-suggestions"]), Needs::Action(Action::ReadReports)),
    ];
    for (path, args, _) in &mut rows {
        match *path {
            "import transactions" => args.push(file("missing.csv")),
            "evaluate" => args.push(file("missing-labels.csv")),
            "registry import" => args.push(file("missing-registry.csv")),
            "audit export" => args.push(file("export.csv")),
            "evidence add" => args.push(file("missing.bin")),
            "evidence export" => args.push(file("package")),
            "import goaml" | "import pacs008" => args.push(file("missing.xml")),
            "import ftm" => args.push(file("missing.jsonl")),
            "export ftm" => args.push(file("entities.jsonl")),
            _ => {}
        }
    }
    rows
}

/// Subcommands that need no user, as `command_rules::RULES` lists them.
const EXEMPT: &[&str] = &["init", "serve", "generate", "rules check", "rules defaults", "bench"];

fn covered_by(path: &str, prefixes: &[&str]) -> bool {
    prefixes.iter().any(|prefix| path == *prefix || path.starts_with(&format!("{prefix} ")))
}

/// Lists the subcommands of `path` from the binary's `--help` output.
fn subcommands(path: &[String]) -> Vec<String> {
    let output = Command::new(env!("CARGO_BIN_EXE_mekong")).args(path).arg("--help").env("MEKONG_LANG", "en").output().unwrap();
    let help = String::from_utf8(output.stdout).unwrap();
    let Some((_, section)) = help.split_once("Commands:\n") else {
        return Vec::new();
    };
    section
        .lines()
        .take_while(|line| line.starts_with("  "))
        // A command name sits at two spaces; deeper lines continue a wrapped description.
        .filter(|line| !line.starts_with("   "))
        .filter_map(|line| line.split_whitespace().next())
        .filter(|name| *name != "help")
        .map(str::to_owned)
        .collect()
}

fn leaf_commands(path: Vec<String>, out: &mut Vec<String>) {
    let children = subcommands(&path);
    if children.is_empty() {
        out.push(path.join(" "));
        return;
    }
    for child in children {
        let mut next = path.clone();
        next.push(child);
        leaf_commands(next, out);
    }
}

#[test]
fn every_command_has_rule() {
    let dir = tempfile::tempdir().unwrap();
    let rows: Vec<&str> = matrix(dir.path()).iter().map(|(path, _, _)| *path).collect();
    let mut leaves = Vec::new();
    leaf_commands(Vec::new(), &mut leaves);

    assert!(leaves.len() > 20, "too few subcommands found: {leaves:?}");
    let missing: Vec<&String> = leaves
        .iter()
        .filter(|path| !rows.contains(&path.as_str()) && !covered_by(path, EXEMPT))
        .collect();
    assert!(missing.is_empty(), "subcommands missing from the permission matrix: {missing:?}");
}

#[test]
fn permission_matrix_by_role() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    setup(&data);

    let mut wrong = Vec::new();
    for (index, (path, args, needs)) in matrix(dir.path()).into_iter().enumerate() {
        for role in Role::ALL {
            let mut args = args.clone();
            if path == "user add" {
                args.push(format!("new-{index}-{}", role.as_str().replace('_', "-")));
            }
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let output = mekong(&data, Some(&user_of(role)), &args);
            let stderr = String::from_utf8_lossy(&output.stderr);

            let expected_allowed = needs.granted().contains(&role);
            let denied = stderr.contains(DENIED);
            assert!(!stderr.contains("Wrong user name or password"), "{path} as {role}: {stderr}");
            if denied {
                assert!(!output.status.success(), "{path} as {role} was denied but exited 0");
            }
            if denied == expected_allowed {
                wrong.push(format!("{path} as {role}: expected {}, stderr: {stderr}", if expected_allowed { "allowed" } else { "denied" }));
            }
        }
    }
    assert!(wrong.is_empty(), "{} wrong decisions:\n{}", wrong.len(), wrong.join("\n"));
}

#[test]
fn decisions_are_audited() {
    let dir = tempfile::tempdir().unwrap();
    setup(dir.path());
    let investigator = user_of(Role::Investigator);
    let auditor = user_of(Role::Auditor);

    let denied = mekong(dir.path(), Some(&investigator), &["user", "list"]);
    assert!(!denied.status.success());
    succeed(dir.path(), Some(&investigator), &["flag", "list"]);

    let out = dir.path().join("trail.jsonl");
    succeed(dir.path(), Some(&auditor), &["audit", "export", "--format", "jsonl", "--action", "permission.", "--out", out.to_str().unwrap()]);
    let records: Vec<serde_json::Value> =
        std::fs::read_to_string(&out).unwrap().lines().map(|line| serde_json::from_str(line).unwrap()).collect();
    let by_investigator: Vec<&serde_json::Value> =
        records.iter().filter(|record| record.to_string().contains(&investigator)).collect();
    let actions: Vec<&str> = by_investigator.iter().map(|record| record["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["permission.denied", "permission.allowed"]);
    for record in by_investigator {
        assert!(record.to_string().contains("\"cli\""), "{record}");
    }
}

#[test]
fn data_command_needs_user() {
    let dir = tempfile::tempdir().unwrap();
    setup(dir.path());

    let output = mekong(dir.path(), None, &["flag", "list"]);

    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("--as USERNAME"), "{stderr}");
}

#[test]
fn wrong_password_rejected() {
    let dir = tempfile::tempdir().unwrap();
    setup(dir.path());
    let analyst = user_of(Role::FiuAnalyst);

    let output = common::mekong(dir.path())
        .args(["--as", &analyst, "flag", "list"])
        .env("MEKONG_PASSWORD", "not-the-password-1")
        .output()
        .unwrap();

    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("Wrong user name or password"), "{stderr}");
    let connection = rusqlite::Connection::open(dir.path().join("mekong.db")).unwrap();
    let failures: i64 = connection
        .query_row("SELECT count(*) FROM audit_records WHERE action = 'signin.failure'", [], |row| row.get(0))
        .unwrap();
    assert_eq!(failures, 1);
}

#[test]
fn disabled_user_rejected() {
    let dir = tempfile::tempdir().unwrap();
    setup(dir.path());
    let analyst = user_of(Role::FiuAnalyst);
    succeed(dir.path(), Some(&analyst), &["flag", "list"]);

    succeed(dir.path(), Some("admin"), &["user", "disable", "--username", &analyst]);
    let output = mekong(dir.path(), Some(&analyst), &["flag", "list"]);

    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("Wrong user name or password"), "{stderr}");
}

#[test]
fn first_user_must_be_administrator() {
    let dir = tempfile::tempdir().unwrap();
    succeed(dir.path(), None, &["init", "--node-id", "la-perm", "--country", "LA", "--agency", "AMLIO"]);

    let analyst = mekong(dir.path(), None, &["user", "add", "--username", "ana", "--agency", "AMLIO", "--role", "fiu_analyst"]);
    assert!(!analyst.status.success());

    succeed(dir.path(), None, &["user", "add", "--username", "admin", "--agency", "AMLIO", "--role", "administrator", "--json"]);
    let second = mekong(dir.path(), None, &["user", "add", "--username", "root", "--agency", "AMLIO", "--role", "administrator"]);
    assert!(!second.status.success());
    assert!(String::from_utf8_lossy(&second.stderr).contains("--as USERNAME"));
}

#[test]
fn database_holds_no_raw_secret() {
    let dir = tempfile::tempdir().unwrap();
    succeed(dir.path(), None, &["init", "--node-id", "la-perm", "--country", "LA", "--agency", "AMLIO"]);
    let created = succeed(dir.path(), None, &["user", "add", "--username", "admin", "--agency", "AMLIO", "--role", "administrator", "--json"]);
    let created: serde_json::Value = serde_json::from_str(&created).unwrap();
    let secret = data_encoding::BASE32_NOPAD.decode(created["totp_secret"].as_str().unwrap().as_bytes()).unwrap();

    let connection = rusqlite::Connection::open(dir.path().join("mekong.db")).unwrap();
    let stored: Vec<u8> = connection.query_row("SELECT totp_secret FROM users WHERE username = 'admin'", [], |row| row.get(0)).unwrap();
    assert_ne!(stored, secret);
    assert!(!stored.windows(secret.len()).any(|window| window == secret.as_slice()), "the raw secret is in the column");
    assert!(stored.starts_with(b"MKT1"));
}

#[test]
fn plaintext_secret_sealed_on_start() {
    let dir = tempfile::tempdir().unwrap();
    setup(dir.path());
    let raw = b"12345678901234567890".to_vec();
    let connection = rusqlite::Connection::open(dir.path().join("mekong.db")).unwrap();
    connection.execute("UPDATE users SET totp_secret = ?1 WHERE username = 'u-auditor'", [&raw]).unwrap();

    succeed(dir.path(), Some("admin"), &["user", "list"]);

    let stored: Vec<u8> =
        connection.query_row("SELECT totp_secret FROM users WHERE username = 'u-auditor'", [], |row| row.get(0)).unwrap();
    assert!(stored.starts_with(b"MKT1"));
    assert!(!stored.windows(raw.len()).any(|window| window == raw.as_slice()));
}
