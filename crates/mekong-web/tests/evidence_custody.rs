//! HTTP tests of the custody step form on the evidence item page, on a real node.
//! A recorded step appears in the history and is audited. A rejected step shows its
//! reason and changes nothing. The route needs CSRF and `AddEvidence`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;


use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::{Reply, Session, encode, get, send};
use mekong_auth::Role;
use mekong_evidence::{AddRequest, EvidenceKind};
use mekong_web::EvidenceServices;

struct CustodyNode {
    node: common::TestNode,
    services: EvidenceServices,
    app: Router,
    investigator: Session,
    prosecutor: Session,
    item_id: String,
}

fn custody_node() -> CustodyNode {
    let node = common::node();
    let common::EvidenceParts { vault, services, app } = common::evidence(&node);
    let investigator = common::signed_in(&node, "inv.zhang", &[Role::Investigator]);
    let prosecutor = common::signed_in(&node, "pros.li", &[Role::Prosecutor]);

    let request = AddRequest::new("C-11", EvidenceKind::Document, "inv.zhang");
    let item_id = vault.add_reader(&request, "ledger.pdf", &b"ledger"[..]).unwrap().id;
    CustodyNode { node, services, app, investigator, prosecutor, item_id }
}

async fn post_step(app: &Router, session: &Session, id: &str, fields: &[(&str, &str)], with_csrf: bool) -> Reply {
    let mut body: Vec<String> = fields.iter().map(|(name, value)| format!("{name}={}", encode(value))).collect();
    if with_csrf {
        body.push(format!("csrf={}", encode(&session.csrf)));
    }
    let request = Request::post(format!("/evidence/items/{id}/custody"))
        .header("cookie", &session.cookie)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::from(body.join("&")))
        .unwrap();
    send(app, request).await
}

fn audited(node: &CustodyNode) -> usize {
    let query = mekong_audit::AuditQuery { action: Some("evidence.custody".to_owned()), ..Default::default() };
    mekong_audit::search(node.node.state.auditor.store().as_ref(), &query).unwrap().items.len()
}

fn event_count(node: &CustodyNode) -> usize {
    node.services.store.custody_events().unwrap().len()
}

#[tokio::test]
async fn recorded_step_shown_in_history() {
    let node = custody_node();
    let id = node.item_id.clone();

    let page = get(&node.app, &format!("/evidence/items/{id}"), &[("cookie", &node.investigator.cookie)]).await;
    assert!(page.body.contains(r#"id="record-custody""#), "{}", page.body);

    let fields = [("event", "sealed"), ("at", "2026-03-01T10:00"), ("place", "Boten SEZ"), ("seal", "SEAL-0042")];
    let reply = post_step(&node.app, &node.investigator, &id, &fields, true).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    assert_eq!(reply.headers["location"], format!("/evidence/items/{id}"));

    let page = get(&node.app, &format!("/evidence/items/{id}"), &[("cookie", &node.investigator.cookie)]).await;
    assert!(page.body.contains(r#"data-kind="sealed""#), "{}", page.body);
    assert!(page.body.contains("seal SEAL-0042"), "{}", page.body);
    // The test node is in China, so a datetime-local value is taken at +08:00.
    assert!(page.body.contains("at 2026-03-01T10:00:00+08:00"), "{}", page.body);
    assert!(page.body.contains("place: Boten SEZ"), "{}", page.body);
    assert_eq!(event_count(&node), 2);
    assert_eq!(audited(&node), 1);

    let checked_out = post_step(&node.app, &node.investigator, &id, &[("event", "checked_out")], true).await;
    assert_eq!(checked_out.status, StatusCode::SEE_OTHER);
    let history = get(&node.app, &format!("/evidence/items/{id}"), &[("cookie", &node.investigator.cookie)]).await;
    assert!(history.body.contains(r#"data-kind="checked_out""#));
}

#[tokio::test]
async fn rejected_step_shows_reason() {
    let node = custody_node();
    let id = node.item_id.clone();

    let checked_in = post_step(&node.app, &node.investigator, &id, &[("event", "checked_in")], true).await;
    let no_seal = post_step(&node.app, &node.investigator, &id, &[("event", "sealed")], true).await;
    let system = post_step(&node.app, &node.investigator, &id, &[("event", "parsed")], true).await;
    let bad_time = post_step(&node.app, &node.investigator, &id, &[("event", "collected"), ("at", "yesterday")], true).await;

    assert_eq!(checked_in.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(checked_in.body.contains("already checked in"), "{}", checked_in.body);
    assert_eq!(no_seal.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(no_seal.body.contains("needs a seal number"), "{}", no_seal.body);
    assert_eq!(system.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(system.body.contains("Choose one of the listed custody steps"), "{}", system.body);
    assert_eq!(bad_time.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad_time.body.contains("The time is invalid"), "{}", bad_time.body);
    assert_eq!(event_count(&node), 1);
    assert_eq!(audited(&node), 0);
}

#[tokio::test]
async fn step_needs_csrf_and_role() {
    let node = custody_node();
    let id = node.item_id.clone();

    let no_csrf = post_step(&node.app, &node.investigator, &id, &[("event", "collected")], false).await;
    let prosecutor = post_step(&node.app, &node.prosecutor, &id, &[("event", "collected")], true).await;
    let missing = post_step(&node.app, &node.investigator, "EV-none", &[("event", "collected")], true).await;

    assert_eq!(no_csrf.status, StatusCode::FORBIDDEN);
    assert_eq!(prosecutor.status, StatusCode::FORBIDDEN);
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(event_count(&node), 1);
}
