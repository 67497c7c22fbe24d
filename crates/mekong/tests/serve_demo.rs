//! `mekong serve --demo` through the real binary. An empty node gets the
//! demonstration data set, the user `demo` and the administrator `demo-admin`. Their
//! passwords are printed once, their creation is audited, and a checkpoint is signed
//! at shutdown. A node that has users, or a start without `--demo`, gets no demo user.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use common::{PASSWORD, count, exchange, mekong, run_ok, stdout, succeed};

/// A running node and the lines of standard output it has printed so far.
struct Node {
    child: Child,
    lines: mpsc::Receiver<String>,
}

impl Node {
    fn start(data_dir: &Path, demo: bool) -> Node {
        let mut command = mekong(data_dir);
        command.args(["serve", "--bind", "127.0.0.1:0", "--node-id", "cn-demo", "--country", "CN", "--agency", "DEMO"]);
        if demo {
            command.args(["--demo", "--demo-size", "300"]);
        }
        let mut child = command.stdout(Stdio::piped()).stderr(Stdio::inherit()).spawn().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (sender, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let _ = sender.send(line.unwrap());
            }
        });
        Node { child, lines }
    }

    fn next_line(&self) -> String {
        self.lines.recv_timeout(Duration::from_secs(120)).unwrap()
    }

    /// Stops the node with SIGTERM and returns the lines printed after those already read.
    fn stop(mut self) -> Vec<String> {
        assert!(Command::new("kill").args(["-TERM", &self.child.id().to_string()]).status().unwrap().success());
        let status = self.child.wait().unwrap();
        assert!(status.success(), "the node exited with {status}");
        self.lines.iter().collect()
    }
}

fn address(listening: &str) -> String {
    listening.split("http://").nth(1).unwrap_or_else(|| panic!("not the listening line: {listening}")).trim_end_matches('/').to_owned()
}

/// Posts the sign-in form and returns the raw response.
fn sign_in(addr: &str, username: &str, password: &str) -> String {
    let body = format!("username={username}&password={password}");
    let request = format!(
        "POST /signin HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    exchange(addr, &request)
}

#[test]
fn demo_user_created_once() {
    let dir = tempfile::tempdir().unwrap();
    let node = Node::start(dir.path(), true);

    let listening = node.next_line();
    let addr = address(&listening);
    assert_eq!(node.next_line(), format!("Demo user created. Sign in at http://{addr}/signin"));
    assert_eq!(node.next_line(), "User name: demo");
    let password_line = node.next_line();
    let password = password_line.strip_prefix("Password: ").unwrap_or_else(|| panic!("{password_line}"));
    assert_eq!(password.chars().count(), 16);
    assert!(password.chars().all(|c| c.is_ascii_alphanumeric()), "{password}");
    assert_eq!(node.next_line(), "Administrator: demo-admin");
    let admin_line = node.next_line();
    let admin_password = admin_line.strip_prefix("Administrator password: ").unwrap_or_else(|| panic!("{admin_line}"));
    assert_eq!(admin_password.chars().count(), 16);
    assert_ne!(admin_password, password);
    assert!(node.next_line().contains("shown only once"));

    let response = sign_in(&addr, "demo", password);
    assert!(response.starts_with("HTTP/1.1 303"), "{response}");
    assert!(response.contains("location: /signin/totp"), "{response}");
    let cookie = response
        .lines()
        .find_map(|line| line.strip_prefix("set-cookie: "))
        .and_then(|value| value.split(';').next())
        .unwrap()
        .to_owned();
    let second = exchange(&addr, &format!("GET /signin/totp HTTP/1.1\r\nHost: {addr}\r\nCookie: {cookie}\r\nConnection: close\r\n\r\n"));
    assert!(second.contains("<svg"), "first sign-in shows the enrolment QR code");
    assert!(second.contains("otpauth://totp/"), "and the enrolment URI");
    let uri_secret = second.split("secret=").nth(1).unwrap().split(['&', '<']).next().unwrap();
    assert!(second.contains(&format!("id=\"enrolment-secret\">{uri_secret}<")), "and the secret on its own: {second}");

    // The README's walkthrough: the demo administrator adds a second supervisor
    // from the command line while the node runs.
    let added = run_ok(
        mekong(dir.path())
            .env("MEKONG_PASSWORD", admin_password)
            .env("MEKONG_NEW_PASSWORD", PASSWORD)
            .args(["--as", "demo-admin", "user", "add", "--username", "wang.fang", "--agency", "DEMO", "--role", "supervisor"]),
    );
    assert!(stdout(&added).contains("wang.fang"), "{}", stdout(&added));
    assert!(sign_in(&addr, "wang.fang", PASSWORD).contains("location: /signin/totp"));

    let rest = node.stop();
    assert!(rest.iter().all(|line| !line.contains(password)), "the password is printed once");
    assert!(rest.iter().all(|line| !line.contains(admin_password)), "the administrator password is printed once");
    assert_eq!(count(dir.path(), "SELECT count(*) FROM users"), 3);
    assert!(count(dir.path(), "SELECT count(*) FROM transactions") >= 300);
    let created = "SELECT count(*) FROM audit_records WHERE action = 'user.create' AND actor_name = 'system'";
    assert_eq!(count(dir.path(), created), 2);
    let head = count(dir.path(), "SELECT max(seq) FROM audit_records");
    assert_eq!(count(dir.path(), "SELECT max(seq) FROM audit_checkpoints"), head, "the shutdown checkpoint covers the whole trail");

    // A second start keeps the data and the user, and prints no password.
    let node = Node::start(dir.path(), true);
    let _ = node.next_line();
    let printed = node.stop();
    assert!(printed.iter().all(|line| !line.contains("Password:") && !line.contains("password:")), "{printed:?}");
    assert_eq!(count(dir.path(), "SELECT count(*) FROM users"), 3);
}

#[test]
fn no_demo_user_otherwise() {
    let dir = tempfile::tempdir().unwrap();

    // Without --demo an empty node gets neither data nor a user.
    let node = Node::start(dir.path(), false);
    let _ = node.next_line();
    node.stop();
    assert_eq!(count(dir.path(), "SELECT count(*) FROM users"), 0);
    assert_eq!(count(dir.path(), "SELECT count(*) FROM transactions"), 0);

    // With --demo a node that has users gets the data but no demo user.
    succeed(dir.path(), &["user", "add", "--username", "admin", "--agency", "DEMO", "--role", "administrator", "--json"]);
    let node = Node::start(dir.path(), true);
    let _ = node.next_line();
    let printed = node.stop();
    assert!(printed.iter().all(|line| !line.starts_with("Demo user") && !line.starts_with("Password:")), "{printed:?}");
    assert_eq!(count(dir.path(), "SELECT count(*) FROM users WHERE username = 'demo'"), 0);
    assert!(count(dir.path(), "SELECT count(*) FROM transactions") >= 300);
}
