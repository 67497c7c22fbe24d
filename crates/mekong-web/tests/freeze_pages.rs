//! The freeze screens through the router: request, the four-eyes rule, approval by
//! a second supervisor and its effect on the next payment, release, returns,
//! appeals, the prefilled request form and every screen in every locale.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::{Session, TestNode, add_user, encode, get, node, post_form, post_transactions, send, sign_in};
use mekong_auth::Role;
use mekong_store::freeze::FreezeStore;
use serde_json::json;

/// The debtor of `common::api_transaction`.
const DEBTOR: &str = "ICBC/6222000000000777";

fn request_form(emergency: bool) -> String {
    let mut form = format!(
        "account={}&amount=50000.00&currency=CNY&legal_basis=cn-atof-20&case={}&reason={}",
        encode(DEBTOR),
        encode("CASE-2026-0142"),
        encode("Received victim funds within minutes of the scam call")
    );
    if emergency {
        form.push_str("&emergency=1");
    }
    form
}

/// Posts a form as another signed-in user, through the router without the analyst's session.
async fn post_as(node: &TestNode, session: &Session, uri: &str, form: &str) -> common::Reply {
    post_as_on(&node.raw, session, uri, form).await
}

async fn post_as_on(app: &axum::Router, session: &Session, uri: &str, form: &str) -> common::Reply {
    let request = Request::post(uri)
        .header("content-type", "application/x-www-form-urlencoded")
        .header("cookie", &session.cookie)
        .header("x-csrf-token", &session.csrf)
        .body(Body::from(form.to_owned()))
        .unwrap();
    send(app, request).await
}

fn second_supervisor(node: &TestNode) -> Session {
    let secret = add_user(&node.state, "zhou.supervisor", &[Role::Supervisor]);
    sign_in(&node.state, &node.clock, "zhou.supervisor", &secret)
}

/// Requests a freeze as the analyst and returns its id.
async fn request_freeze(node: &TestNode, emergency: bool) -> String {
    let reply = post_form(&node.app, "/freezes", &request_form(emergency)).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    reply.header("location").trim_start_matches("/freezes/").to_owned()
}

async fn decision_of_payment(node: &TestNode, id: &str) -> String {
    let body = json!({"transactions": [common::api_transaction(id, "88.00")]}).to_string();
    let reply = post_transactions(&node.app, &body).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    reply.json()["results"][0]["decision"].as_str().unwrap().to_owned()
}

/// Returns the new value of a field in an audit record's changes.
fn change_of(changes: &[mekong_audit::FieldChange], field: &str) -> Option<String> {
    changes.iter().find(|change| change.field == field).and_then(|change| change.new.clone())
}

fn state_of(node: &TestNode, id: &str) -> String {
    node.store.freeze(id).unwrap().unwrap().state
}

#[tokio::test]
async fn approval_holds_next_debit() {
    let node = node();
    let id = request_freeze(&node, false).await;
    assert_eq!(state_of(&node, &id), "requested");
    assert_ne!(decision_of_payment(&node, "before-approval").await, "hold", "a request alone holds nothing");

    let own = post_form(&node.app, &format!("/freezes/{id}/approve"), "reason=Looks+right").await;
    assert_eq!(own.status, StatusCode::FORBIDDEN, "{}", own.body);
    assert!(own.body.contains("You requested this freeze, so you cannot approve it"), "{}", own.body);
    assert_eq!(state_of(&node, &id), "requested");

    let supervisor = second_supervisor(&node);
    let approved = post_as(&node, &supervisor, &format!("/freezes/{id}/approve"), "reason=Case+file+checked").await;
    assert_eq!(approved.status, StatusCode::SEE_OTHER, "{}", approved.body);
    assert_eq!(state_of(&node, &id), "active");
    assert_eq!(decision_of_payment(&node, "after-approval").await, "hold");

    let released = post_as(&node, &supervisor, &format!("/freezes/{id}/release"), "reason=Funds+secured").await;
    assert_eq!(released.status, StatusCode::SEE_OTHER, "{}", released.body);
    assert_eq!(state_of(&node, &id), "released");
    assert_ne!(decision_of_payment(&node, "after-release").await, "hold", "a released freeze lifts the flag");

    let page = get(&node.app, &format!("/freezes/{id}"), &[]).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("zhou.supervisor"), "history names the approver");
    assert!(page.body.contains("Case file checked"));
    assert!(page.body.contains("data-action=\"freeze.approve\""));
    assert!(page.body.contains("data-action=\"freeze.release\""));

    let audit = mekong_audit::AuditQuery { action: Some("freeze.approve".to_owned()), ..Default::default() };
    let approvals: Vec<_> = mekong_audit::search(node.state.auditor.store().as_ref(), &audit)
        .unwrap()
        .items
        .into_iter()
        .filter(|item| change_of(&item.changes, "outcome").is_none())
        .collect();
    assert_eq!(approvals.len(), 1);
    assert_eq!(approvals[0].actor.name, "zhou.supervisor");
    assert!(approvals[0].purpose.as_deref().unwrap_or("").contains("Art. 20"), "{:?}", approvals[0].purpose);
}

#[tokio::test]
async fn emergency_stop_holds_at_once() {
    let node = node();
    let id = request_freeze(&node, true).await;
    assert_eq!(state_of(&node, &id), "emergency_stop");
    assert_eq!(decision_of_payment(&node, "after-stop").await, "hold");

    let requested = post_form(&node.app, &format!("/freezes/{id}/request"), "reason=Formal+request").await;
    assert_eq!(requested.status, StatusCode::SEE_OTHER, "{}", requested.body);
    assert_eq!(state_of(&node, &id), "requested");
    assert_eq!(decision_of_payment(&node, "stop-pending").await, "hold", "the stop holds until a decision");
}

#[tokio::test]
async fn reject_lifts_nothing_held() {
    let node = node();
    let id = request_freeze(&node, false).await;
    let supervisor = second_supervisor(&node);

    let empty = post_as(&node, &supervisor, &format!("/freezes/{id}/reject"), "reason=").await;
    assert_eq!(empty.status, StatusCode::BAD_REQUEST);
    assert_eq!(state_of(&node, &id), "requested");

    let rejected = post_as(&node, &supervisor, &format!("/freezes/{id}/reject"), "reason=No+legal+basis").await;
    assert_eq!(rejected.status, StatusCode::SEE_OTHER, "{}", rejected.body);
    assert_eq!(state_of(&node, &id), "released");

    let again = post_as(&node, &supervisor, &format!("/freezes/{id}/approve"), "reason=Too+late").await;
    assert_eq!(again.status, StatusCode::CONFLICT, "{}", again.body);
}

#[tokio::test]
async fn returns_and_appeal_recorded() {
    let node = node();
    let id = request_freeze(&node, false).await;
    let supervisor = second_supervisor(&node);
    post_as(&node, &supervisor, &format!("/freezes/{id}/approve"), "reason=ok").await;

    let appeal = post_form(&node.app, &format!("/freezes/{id}/appeal"), "appellant=Account+holder&grounds=Salary+account").await;
    assert_eq!(appeal.status, StatusCode::SEE_OTHER, "{}", appeal.body);
    assert_eq!(state_of(&node, &id), "appeal_lodged");
    let upheld = post_as(&node, &supervisor, &format!("/freezes/{id}/appeal/decision"), "outcome=upheld&reason=Evidence+holds").await;
    assert_eq!(upheld.status, StatusCode::SEE_OTHER, "{}", upheld.body);
    assert_eq!(state_of(&node, &id), "active");

    let too_much = format!("returns={}&reason=Court+order", encode("Zhang San = 60000.00"));
    let refused = post_as(&node, &supervisor, &format!("/freezes/{id}/returns"), &too_much).await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert!(refused.body.contains("above the frozen amount"), "{}", refused.body);

    let bad_line = post_as(&node, &supervisor, &format!("/freezes/{id}/returns"), "returns=Zhang+San&reason=x").await;
    assert_eq!(bad_line.status, StatusCode::BAD_REQUEST);
    assert!(bad_line.body.contains("NAME = AMOUNT"), "{}", bad_line.body);

    let returns = format!("returns={}&reason=Court+order", encode("Zhang San = 3000.00\nLi Si = 2000.50"));
    let returned = post_as(&node, &supervisor, &format!("/freezes/{id}/returns"), &returns).await;
    assert_eq!(returned.status, StatusCode::SEE_OTHER, "{}", returned.body);
    let record = node.store.freeze(&id).unwrap().unwrap();
    assert_eq!(record.state, "returned_to_victims");
    assert_eq!(record.returns.len(), 2);
    assert_eq!(record.returns[1].amount.to_string(), "2000.50");
}

#[tokio::test]
async fn invalid_request_stores_nothing() {
    let node = node();
    let form = "account=nonsense&amount=-5&currency=XX&legal_basis=none&case=&reason=";
    let reply = post_form(&node.app, "/freezes", form).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    for expected in ["Invalid account", "Invalid amount", "Invalid currency", "Choose a legal basis", "Fill in the field"] {
        assert!(reply.body.contains(expected), "{expected}: {}", reply.body);
    }
    assert!(reply.body.contains("nonsense"), "the typed value is kept");
    assert!(node.store.freezes().unwrap().is_empty());
}

#[tokio::test]
async fn request_form_prefilled() {
    let node = node();
    let uri = "/freezes/new?account=BCEL:0101200000777&account=ICBC/6222000000000001&amount=1200.00&currency=cny&case=C-7";
    let reply = get(&node.app, uri, &[]).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(reply.body.contains("BCEL:0101200000777\nICBC/6222000000000001"), "{}", reply.body);
    assert!(reply.body.contains("value=\"1200.00\""));
    assert!(reply.body.contains("value=\"CNY\""));
    assert!(reply.body.contains("value=\"C-7\""));
}

#[tokio::test]
async fn list_filters_by_state() {
    let node = node();
    let requested = request_freeze(&node, false).await;
    let stopped = request_freeze(&node, true).await;

    let all = get(&node.app, "/freezes", &[]).await;
    assert!(all.body.contains(&requested));
    assert!(all.body.contains(&stopped));

    let only = get(&node.app, "/freezes?state=emergency_stop", &[]).await;
    assert!(only.body.contains(&stopped));
    assert!(!only.body.contains(&requested));

    let bad = get(&node.app, "/freezes?state=frozen&expiring=soon", &[]).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn expiring_freeze_highlighted() {
    let node = node();
    let id = request_freeze(&node, false).await;
    let supervisor = second_supervisor(&node);
    post_as(&node, &supervisor, &format!("/freezes/{id}/approve"), "reason=ok").await;

    let far = get(&node.app, "/freezes", &[]).await;
    assert!(!far.body.contains("class=\"expiring\""), "six months away is not soon");

    let within = get(&node.app, "/freezes?expiring=365", &[]).await;
    assert!(within.body.contains(&id));
    let short = get(&node.app, "/freezes?expiring=1", &[]).await;
    assert!(!short.body.contains(&format!("freeze-{id}")));

    // A node whose period is zero months approves freezes that lapse at once.
    let lapsing = node.state.clone().with_freezes(node.store.clone(), mekong_freeze::FreezeConfig { period_months: 0 });
    let app = mekong_web::router(lapsing);
    let second = request_freeze(&node, false).await;
    post_as_on(&app, &supervisor, &format!("/freezes/{second}/approve"), "reason=ok").await;
    let list = common::get(&app, "/freezes", &[("cookie", &supervisor.cookie)]).await;
    assert!(list.body.contains(&format!("id=\"freeze-{second}\" class=\"expiring\"")), "{}", list.body);
}

#[tokio::test]
async fn freeze_screens_every_locale() {
    let node = node();
    let id = request_freeze(&node, false).await;
    for tag in ["en", "zh-CN", "lo"] {
        for page in ["/freezes".to_owned(), format!("/freezes/{id}"), "/freezes/new".to_owned(), "/registry".to_owned()] {
            let reply = get(&node.app, &format!("{page}?lang={tag}"), &[]).await;
            assert_eq!(reply.status, StatusCode::OK, "{page} in {tag}");
            assert!(!reply.body.contains('⟦'), "{page} in {tag} lacks a message: {}", reply.body);
        }
    }
    let chinese = get(&node.app, &format!("/freezes/{id}?lang=zh-CN"), &[]).await;
    assert!(chinese.body.contains("反电信网络诈骗法"));
}

#[tokio::test]
async fn unknown_freeze_not_found() {
    let node = node();
    let reply = get(&node.app, "/freezes/FRZ-none", &[]).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    let action = post_form(&node.app, "/freezes/FRZ-none/approve", "reason=x").await;
    assert_eq!(action.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn rejected_approval_is_audited() {
    let node = node();
    let id = request_freeze(&node, false).await;

    let own = post_form(&node.app, &format!("/freezes/{id}/approve"), "reason=Looks+right").await;
    assert_eq!(own.status, StatusCode::FORBIDDEN, "{}", own.body);

    let audit = mekong_audit::AuditQuery { action: Some("freeze.approve".to_owned()), ..Default::default() };
    let records = mekong_audit::search(node.state.auditor.store().as_ref(), &audit).unwrap().items;
    assert_eq!(records.len(), 1, "{records:?}");
    assert_eq!(records[0].actor.name, "analyst");
    assert_eq!(records[0].object_id.as_deref(), Some(id.as_str()));
    assert_eq!(change_of(&records[0].changes, "outcome").as_deref(), Some("denied"));
    assert_eq!(change_of(&records[0].changes, "reason").as_deref(), Some("four-eyes"));

    let auditor = common::signed_in(&node, "lin.auditor", &[Role::Auditor]);
    let screen = get(&node.raw, "/audit?action=freeze.approve", &[("cookie", &auditor.cookie)]).await;
    assert_eq!(screen.status, StatusCode::OK, "{}", screen.body);
    assert!(screen.body.contains("four-eyes"), "{}", screen.body);
    assert!(screen.body.contains("data-code=\"denied\""), "{}", screen.body);
}

#[tokio::test]
async fn late_approval_is_audited() {
    let node = node();
    let id = request_freeze(&node, false).await;
    let supervisor = second_supervisor(&node);

    let rejected = post_as(&node, &supervisor, &format!("/freezes/{id}/reject"), "reason=No+legal+basis").await;
    assert_eq!(rejected.status, StatusCode::SEE_OTHER, "{}", rejected.body);
    let again = post_as(&node, &supervisor, &format!("/freezes/{id}/approve"), "reason=Too+late").await;
    assert_eq!(again.status, StatusCode::CONFLICT, "{}", again.body);

    let audit = mekong_audit::AuditQuery { action: Some("freeze.approve".to_owned()), ..Default::default() };
    let records = mekong_audit::search(node.state.auditor.store().as_ref(), &audit).unwrap().items;
    assert_eq!(records.len(), 1, "{records:?}");
    assert_eq!(records[0].actor.name, "zhou.supervisor");
    assert_eq!(change_of(&records[0].changes, "outcome").as_deref(), Some("denied"));
    assert_eq!(change_of(&records[0].changes, "reason").as_deref(), Some("invalid-state"));
}

#[tokio::test]
async fn history_roles_localised() {
    let node = node();
    let id = request_freeze(&node, false).await;

    let chinese = get(&node.app, &format!("/freezes/{id}?lang=zh-CN"), &[]).await;
    assert_eq!(chinese.status, StatusCode::OK);
    assert!(chinese.body.contains("<td>金融情报分析员, 审批主管</td>"), "{}", chinese.body);
    assert!(!chinese.body.contains("fiu_analyst"), "{}", chinese.body);
}

#[tokio::test]
async fn holds_text_debits_only() {
    let node = node();
    let id = request_freeze(&node, true).await;

    let page = get(&node.app, &format!("/freezes/{id}"), &[]).await;
    assert!(page.body.contains("every payment out of these accounts"), "{}", page.body);
    assert!(!page.body.contains("from or to these accounts"), "{}", page.body);
}
