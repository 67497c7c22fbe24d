//! Set-up shared by the end-to-end tests of the `mekong` binary: the command runner
//! with English messages and the test password, node initialisation with its users,
//! API tokens, starting and stopping `serve`, and raw HTTP/1.1 requests to a node.
//!
//! Every command gets [`PASSWORD`] in `MEKONG_PASSWORD` and `MEKONG_NEW_PASSWORD`, so
//! every user a test creates has that password. The variables that would change a
//! command's meaning are removed from the environment the tests run in.

// Each test file uses only some of the helpers, and a panic in a helper is the test failure.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::Duration;

/// The password of every user the tests create.
pub const PASSWORD: &str = "Correct-Horse-Battery-9";

/// Variables of the developer's shell that `mekong` reads and the tests must not inherit.
const INHERITED: &[&str] = &[
    "MEKONG_USER",
    "MEKONG_DATA_DIR",
    "MEKONG_CONFIG",
    "MEKONG_LANG",
    "MEKONG_LOG",
    "MEKONG_TLS_CERT",
    "MEKONG_TLS_KEY",
];

/// Builds a `mekong` command on `data_dir` with English messages and the log filter `log`.
pub fn mekong_logging(data_dir: &Path, log: &str) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_mekong"));
    command.arg("--data-dir").arg(data_dir).args(["--lang", "en", "--log", log]);
    for variable in INHERITED {
        command.env_remove(variable);
    }
    command.env("MEKONG_PASSWORD", PASSWORD).env("MEKONG_NEW_PASSWORD", PASSWORD);
    command
}

/// Builds a `mekong` command on `data_dir` with English messages and the log filter `warn`.
pub fn mekong(data_dir: &Path) -> Command {
    mekong_logging(data_dir, "warn")
}

/// Builds a `mekong` command that acts as `user`, named in `MEKONG_USER`.
pub fn mekong_as(data_dir: &Path, user: &str) -> Command {
    let mut command = mekong(data_dir);
    command.env("MEKONG_USER", user);
    command
}

/// Runs `mekong` with `args` and returns its output, whether it succeeded or not.
pub fn run(data_dir: &Path, args: &[&str]) -> Output {
    mekong(data_dir).args(args).output().unwrap()
}

/// Runs `mekong --as user` with `args` and returns its output.
pub fn run_as(data_dir: &Path, user: &str, args: &[&str]) -> Output {
    mekong(data_dir).args(["--as", user]).args(args).output().unwrap()
}

/// Runs a prepared command, asserts that it succeeded and returns its output.
pub fn run_ok(command: &mut Command) -> Output {
    let output = command.output().unwrap();
    assert!(
        output.status.success(),
        "command failed: {command:?}\nstdout: {}\nstderr: {}",
        stdout(&output),
        stderr(&output)
    );
    output
}

/// Runs `mekong` with `args`, asserts that it succeeded and returns its standard output.
pub fn succeed(data_dir: &Path, args: &[&str]) -> String {
    stdout(&run_ok(mekong(data_dir).args(args)))
}

/// Runs `mekong` with `args`, asserts that it failed and returns its standard error.
pub fn fail(data_dir: &Path, args: &[&str]) -> String {
    let output = run(data_dir, args);
    assert!(!output.status.success(), "{args:?} succeeded: {}", stdout(&output));
    stderr(&output)
}

/// Returns a command's standard output as text.
pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Returns a command's standard error as text.
pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The identity `mekong init` gives a node.
#[derive(Debug, Clone, Copy)]
pub struct NodeSpec {
    /// The node id, such as `la-test`.
    pub id: &'static str,
    /// `CN` or `LA`.
    pub country: &'static str,
    /// The agency of the node and of every user the tests create.
    pub agency: &'static str,
}

/// A Lao node of AMLIO.
pub const LA_NODE: NodeSpec = NodeSpec { id: "la-test", country: "LA", agency: "AMLIO" };

/// A Chinese node of the Ministry of Public Security.
pub const CN_NODE: NodeSpec = NodeSpec { id: "cn-test", country: "CN", agency: "MPS" };

/// Initialises the node, creates the first administrator `admin`, and then, as
/// `admin`, each `(username, role)` of `users`, such as `("ivan", "investigator")`.
pub fn init_node(data_dir: &Path, node: NodeSpec, users: &[(&str, &str)]) {
    succeed(data_dir, &["init", "--node-id", node.id, "--country", node.country, "--agency", node.agency]);
    succeed(data_dir, &["user", "add", "--username", "admin", "--agency", node.agency, "--role", "administrator", "--json"]);
    for (username, role) in users {
        let add = ["user", "add", "--username", username, "--agency", node.agency, "--role", role, "--json"];
        succeed_as(data_dir, "admin", &add);
    }
}

/// Runs `mekong --as user` with `args`, asserts that it succeeded and returns its standard output.
pub fn succeed_as(data_dir: &Path, user: &str, args: &[&str]) -> String {
    stdout(&run_ok(mekong(data_dir).args(["--as", user]).args(args)))
}

/// Creates an API token with `scope` as `admin` and returns the token.
pub fn api_token(data_dir: &Path, scope: &str) -> String {
    let created = succeed_as(data_dir, "admin", &["user", "token", "create", "--name", "feed", "--scope", scope, "--json"]);
    let value: serde_json::Value = serde_json::from_str(&created).unwrap();
    value["token"].as_str().unwrap().to_owned()
}

/// Starts a prepared `serve` command and returns the process with the `host:port`
/// that its first line of output announces after `scheme://`, where `scheme` is
/// `http` or `https`. Standard output is read on to its end, so the node never
/// blocks on a full pipe.
pub fn spawn_node(command: &mut Command, scheme: &str) -> (Child, String) {
    let mut child = command.stdout(Stdio::piped()).stderr(Stdio::inherit()).spawn().unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let line = lines.next().unwrap().unwrap();
    let address = line
        .split(&format!("{scheme}://"))
        .nth(1)
        .unwrap_or_else(|| panic!("the first line does not announce {scheme}: {line}"))
        .trim_end_matches('/')
        .to_owned();
    std::thread::spawn(move || for _ in lines {});
    (child, address)
}

/// Stops a node with SIGTERM and asserts that it exits successfully.
pub fn stop(mut child: Child) {
    assert!(Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap().success());
    let status = child.wait().unwrap();
    assert!(status.success(), "the node exited with {status}");
}

/// Sends a raw HTTP/1.1 request and returns the whole response as text.
pub fn exchange(address: &str, request: &str) -> String {
    let mut stream = TcpStream::connect(address).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    response
}

/// POSTs a JSON body with a bearer token and returns the status and the response body.
pub fn post_json(address: &str, token: &str, path: &str, body: &str) -> (u16, String) {
    let request = format!(
        "POST {path} HTTP/1.1\r\nHost: {address}\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let response = exchange(address, &request);
    let status = response.split_whitespace().nth(1).unwrap().parse().unwrap();
    let body = response.split_once("\r\n\r\n").map(|(_, body)| body.to_owned()).unwrap_or_default();
    (status, body)
}

/// Writes a generated stream of `count` transactions among 3,000 accounts to
/// `dir/stream.csv` and returns its path.
pub fn generate_stream(dir: &Path, count: u64) -> PathBuf {
    let path = dir.join("stream.csv");
    run_ok(mekong(dir).args(["generate", "--transactions", &count.to_string(), "--accounts", "3000", "--out"]).arg(&path));
    path
}

/// Returns the number of stored transactions in `database`, or 0 while it cannot be read.
pub fn transaction_count(database: &Path) -> i64 {
    rusqlite::Connection::open(database)
        .and_then(|connection| connection.query_row("SELECT count(*) FROM transactions", [], |row| row.get(0)))
        .unwrap_or(0)
}

/// Returns the integer of the first column of the first row of `sql` on the node's database.
pub fn count(data_dir: &Path, sql: &str) -> i64 {
    let connection = rusqlite::Connection::open(data_dir.join("mekong.db")).unwrap();
    connection.query_row(sql, [], |row| row.get(0)).unwrap()
}

/// Returns every row of `tables`, each given with its `ORDER BY` column, as text, for
/// comparing two databases.
pub fn dump(data_dir: &Path, tables: &[(&str, &str)]) -> Vec<String> {
    let connection = rusqlite::Connection::open(data_dir.join("mekong.db")).unwrap();
    let mut lines = Vec::new();
    for (table, order) in tables {
        let mut statement = connection.prepare(&format!("SELECT * FROM {table} ORDER BY {order}")).unwrap();
        let columns = statement.column_count();
        let mut rows = statement.query([]).unwrap();
        while let Some(row) = rows.next().unwrap() {
            let values: Vec<String> = (0..columns).map(|index| format!("{:?}", row.get_ref(index).unwrap())).collect();
            lines.push(format!("{table}: {}", values.join("|")));
        }
    }
    lines
}
