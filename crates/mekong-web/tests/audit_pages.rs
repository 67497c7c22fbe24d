//! The auditor's pages through the router: search, CSV and JSON Lines export, the
//! audit records those leave with the signed-in user as actor, and the 403 answer
//! to every role without the auditor permission.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode};
use common::{PASSWORD, Session, add_user, encode, node, send, sign_in};
use mekong_audit::{AuditEntry, AuditQuery};
use mekong_auth::Role;

const AUDIT_PATHS: [&str; 3] = ["/audit", "/audit/export.csv", "/audit/export.jsonl"];

/// Builds a GET request with a session cookie, sent from a fixed source address.
fn get_as(uri: &str, session: &Session) -> Request<Body> {
    let mut request = Request::get(uri).header("cookie", &session.cookie).body(Body::empty()).unwrap();
    let address: std::net::SocketAddr = "192.0.2.9:4000".parse().unwrap();
    request.extensions_mut().insert(ConnectInfo(address));
    request
}

/// Signs a new auditor in.
fn auditor(node: &common::TestNode) -> Session {
    let secret = add_user(&node.state, "inspector", &[Role::Auditor]);
    sign_in(&node.state, &node.clock, "inspector", &secret)
}

/// Leaves one `signin.failure` record in the trail.
async fn failed_sign_in(node: &common::TestNode) {
    let request = Request::post("/signin")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::from(format!("username=analyst&password={}x", encode(PASSWORD))))
        .unwrap();
    let reply = send(&node.raw, request).await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
}

/// Returns the records of one action, read without recording a search.
fn records(node: &common::TestNode, action: &str) -> Vec<AuditEntry> {
    let query = AuditQuery { action: Some(action.to_owned()), ..AuditQuery::default() };
    mekong_audit::search(node.state.auditor.store().as_ref(), &query).unwrap().items
}

fn change<'a>(entry: &'a AuditEntry, field: &str) -> Option<&'a str> {
    entry.changes.iter().find(|change| change.field == field).and_then(|change| change.new.as_deref())
}

#[tokio::test]
async fn auditor_search_is_recorded() {
    let node = node();
    failed_sign_in(&node).await;
    let session = auditor(&node);

    let reply = send(&node.raw, get_as("/audit?action=signin.", &session)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert!(reply.body.contains("signin.failure"), "the failed sign-in is listed");
    assert!(reply.body.contains("/audit/export.csv?action=signin."), "the export link keeps the criteria");

    let searches = records(&node, "audit.search");
    assert_eq!(searches.len(), 1);
    let search = &searches[0];
    let user = node.state.auth.user_by_name("inspector").unwrap().unwrap();
    assert_eq!(search.actor.user_id.as_deref(), Some(user.id.as_str()));
    assert_eq!(search.actor.name, "inspector");
    assert_eq!(search.actor.roles, vec!["auditor".to_owned()]);
    assert_eq!(search.actor.agency, "TEST");
    assert_eq!(change(search, "query.action"), Some("signin."));
    assert_eq!(search.source.as_deref(), Some("192.0.2.9"));
}

#[tokio::test]
async fn auditor_exports_csv() {
    let node = node();
    failed_sign_in(&node).await;
    let session = auditor(&node);

    let reply = send(&node.raw, get_as("/audit/export.csv?action=signin.", &session)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert!(reply.header("content-type").starts_with("text/csv"));
    assert_eq!(reply.header("content-disposition"), "attachment; filename=\"audit-cn-web-test.csv\"");
    let mut lines = reply.body.lines();
    assert!(lines.next().unwrap().starts_with("seq,time,user_id"), "{}", reply.body);
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), 1, "{}", reply.body);
    assert!(rows[0].contains("signin.failure"));

    let exports = records(&node, "audit.export");
    assert_eq!(exports.len(), 1);
    assert_eq!(exports[0].actor.name, "inspector");
    assert_eq!(change(&exports[0], "format"), Some("csv"));
}

#[tokio::test]
async fn auditor_exports_jsonl() {
    let node = node();
    failed_sign_in(&node).await;
    let session = auditor(&node);

    let reply = send(&node.raw, get_as("/audit/export.jsonl?action=signin.", &session)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert!(reply.header("content-type").starts_with("application/jsonl"));
    let entries: Vec<serde_json::Value> = reply.body.lines().map(|line| serde_json::from_str(line).unwrap()).collect();
    assert_eq!(entries.len(), 1, "{}", reply.body);
    assert_eq!(entries[0]["action"], "signin.failure");

    let exports = records(&node, "audit.export");
    assert_eq!(exports.len(), 1);
    assert_eq!(exports[0].actor.roles, vec!["auditor".to_owned()]);
    assert_eq!(change(&exports[0], "format"), Some("jsonl"));
}

#[tokio::test]
async fn invalid_date_is_bad_request() {
    let node = node();
    let session = auditor(&node);
    for path in AUDIT_PATHS {
        let reply = send(&node.raw, get_as(&format!("{path}?from=31.01.2026"), &session)).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{path}");
        assert!(reply.body.contains("31.01.2026"), "{path}: the message names the value");
    }
}

#[tokio::test]
async fn analyst_and_administrator_forbidden() {
    let node = node();
    let secret = add_user(&node.state, "admin", &[Role::Administrator]);
    let administrator = sign_in(&node.state, &node.clock, "admin", &secret);

    for session in [&node.session, &administrator] {
        for path in AUDIT_PATHS {
            let reply = send(&node.raw, get_as(path, session)).await;
            assert_eq!(reply.status, StatusCode::FORBIDDEN, "{path}");
        }
    }
    assert!(records(&node, "audit.").is_empty(), "a denied request reads nothing and records no search");
}

#[tokio::test]
async fn records_shown_localised() {
    let node = node();
    let actor = mekong_audit::Actor {
        user_id: Some("u-1".to_owned()),
        name: "analyst".to_owned(),
        roles: vec!["fiu_analyst".to_owned()],
        agency: "TEST".to_owned(),
    };
    let event = mekong_audit::AuditEvent {
        actor,
        action: "report.import".to_owned(),
        object_type: Some("report".to_owned()),
        object_id: Some("R-1".to_owned()),
        changes: vec![mekong_audit::FieldChange { field: "result".to_owned(), old: None, new: Some("already-stored".to_owned()) }],
        purpose: None,
        source: None,
    };
    node.state.auditor.record(event).unwrap();
    let session = auditor(&node);

    let english = send(&node.raw, get_as("/audit?action=report.import", &session)).await;
    assert_eq!(english.status, StatusCode::OK, "{}", english.body);
    assert!(english.body.contains("FIU analyst"), "{}", english.body);
    assert!(!english.body.contains("fiu_analyst"), "{}", english.body);
    assert!(english.body.contains("Imported a bank report"), "{}", english.body);
    assert!(english.body.contains("<code>report.import</code>"), "the action code stays visible");
    assert!(english.body.contains(">Already stored</span>"), "{}", english.body);
    assert!(english.body.contains("+08:00</time>"), "time in the node zone: {}", english.body);
    assert!(!english.body.contains(" UTC</time>"), "{}", english.body);

    let chinese = send(&node.raw, get_as("/audit?action=report.import&lang=zh-CN", &session)).await;
    assert!(chinese.body.contains("金融情报分析员"), "{}", chinese.body);
    assert!(chinese.body.contains("导入银行报告"), "{}", chinese.body);
    assert!(chinese.body.contains("此前已保存"), "{}", chinese.body);
}

#[tokio::test]
async fn hash_shown_short() {
    let node = node();
    let digest = "8183bda685aa94f63ce77cf1e6d6ef7708044231f30a04e701a354ebcb36c696";
    let actor = mekong_audit::Actor { user_id: None, name: "cli".to_owned(), roles: vec![], agency: "TEST".to_owned() };
    let event = mekong_audit::AuditEvent {
        actor,
        action: "evidence.add".to_owned(),
        object_type: Some("evidence_item".to_owned()),
        object_id: Some("EV-1".to_owned()),
        changes: vec![mekong_audit::FieldChange { field: "sha256".to_owned(), old: None, new: Some(digest.to_owned()) }],
        purpose: None,
        source: None,
    };
    node.state.auditor.record(event).unwrap();
    let session = auditor(&node);

    let reply = send(&node.raw, get_as("/audit?action=evidence.add", &session)).await;

    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert!(reply.body.contains(&format!(r#"<code class="hash" title="{digest}">8183bda685aa…</code>"#)), "{}", reply.body);
    assert!(reply.body.contains(r#"<table class="audit">"#), "{}", reply.body);
}

#[tokio::test]
async fn denied_request_is_audited() {
    let node = node();
    let secret = add_user(&node.state, "li.wei", &[Role::FiuAnalyst]);
    let analyst = sign_in(&node.state, &node.clock, "li.wei", &secret);

    let reply = send(&node.raw, get_as("/audit", &analyst)).await;

    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    let denied = records(&node, "permission.denied");
    assert_eq!(denied.len(), 1, "{denied:?}");
    assert_eq!(denied[0].actor.name, "li.wei");
    assert_eq!(denied[0].object_id.as_deref(), Some("read_audit"));
    assert_eq!(change(&denied[0], "path"), Some("/audit"));
    assert_eq!(change(&denied[0], "decision"), Some("denied"));
}
