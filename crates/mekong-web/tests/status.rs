//! Moving alerts along the workflow through the alert page's form.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::{encode, get, node, post_form, seed, send};
use mekong_core::AlertStatus;
use mekong_store::Store;

fn status_of(node: &common::TestNode, id: &str) -> (AlertStatus, usize) {
    let record = node.store.alert(id).unwrap().unwrap();
    (record.alert.status, record.history.len())
}

#[tokio::test]
async fn review_then_escalate() {
    let node = node();
    let id = seed(&node).fan_in;
    let uri = format!("/alerts/{id}/status");

    let reply = post_form(&node.app, &uri, &format!("to=under_review&reason={}", encode("Twelve senders in one day"))).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    assert_eq!(reply.header("location"), format!("/alerts/{id}"));
    assert_eq!(status_of(&node, &id), (AlertStatus::UnderReview, 1));

    let reply = post_form(&node.app, &uri, "to=escalated&reason=Mule+pattern+confirmed").await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);

    let record = node.store.alert(&id).unwrap().unwrap();
    assert_eq!(record.alert.status, AlertStatus::Escalated);
    assert_eq!(record.history.len(), 2);
    assert_eq!(record.history[0].reason, "Twelve senders in one day");
    assert_eq!(record.history[1].from, AlertStatus::UnderReview);
    assert_eq!(record.history[1].reason, "Mule pattern confirmed");
    assert_eq!(record.history[1].actor, "analyst");

    let page = get(&node.app, &format!("/alerts/{id}"), &[]).await;
    assert!(page.body.contains("data-status=\"escalated\""));
    assert!(page.body.contains("Mule pattern confirmed"));
    assert!(page.body.contains("id=\"status-closed\""));
    assert!(!page.body.contains("name=\"reason\""));
}

#[tokio::test]
async fn empty_reason_changes_nothing() {
    let node = node();
    let id = seed(&node).fan_in;
    let uri = format!("/alerts/{id}/status");

    for form in ["to=under_review&reason=", "to=under_review&reason=+++", "to=under_review"] {
        let reply = post_form(&node.app, &uri, form).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{form}");
        assert!(reply.body.contains("Give a reason for the change"), "{form}: {}", reply.body);
    }
    assert_eq!(status_of(&node, &id), (AlertStatus::Open, 0));

    let chinese = post_form(&node.app, &format!("{uri}?lang=zh-CN"), "to=under_review&reason=").await;
    assert!(chinese.body.contains("请填写更改理由"));
}

#[tokio::test]
async fn overlong_reason_kept_not_saved() {
    let node = node();
    let id = seed(&node).fan_in;
    let reason = "x".repeat(2001);

    let reply = post_form(&node.app, &format!("/alerts/{id}/status"), &format!("to=under_review&reason={reason}")).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert!(reply.body.contains("The reason has 2001 characters; shorten it to at most 2000."), "{}", reply.body);
    assert!(reply.body.contains(&reason), "the typed reason is shown again");
    assert_eq!(status_of(&node, &id), (AlertStatus::Open, 0));

    let exact = "y".repeat(2000);
    let reply = post_form(&node.app, &format!("/alerts/{id}/status"), &format!("to=under_review&reason={exact}")).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn workflow_skip_rejected() {
    let node = node();
    let id = seed(&node).fan_in;
    let uri = format!("/alerts/{id}/status");

    let reply = post_form(&node.app, &uri, "to=escalated&reason=skip+review").await;
    assert_eq!(reply.status, StatusCode::CONFLICT);
    assert!(reply.body.contains("An alert that is open cannot become escalated; it can become: under review."), "{}", reply.body);
    assert_eq!(status_of(&node, &id), (AlertStatus::Open, 0));

    let reply = post_form(&node.app, &uri, "to=closed&reason=x").await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert!(reply.body.contains("“closed” is not a status this alert can move to."));

    post_form(&node.app, &uri, "to=under_review&reason=look").await;
    post_form(&node.app, &uri, "to=dismissed&reason=known+payroll").await;
    let reply = post_form(&node.app, &uri, "to=under_review&reason=reopen").await;
    assert_eq!(reply.status, StatusCode::CONFLICT);
    assert!(reply.body.contains("is closed and cannot become"));
    assert_eq!(status_of(&node, &id), (AlertStatus::Dismissed, 2));
}

#[tokio::test]
async fn unknown_alert_is_404() {
    let node = node();
    let reply = post_form(&node.app, "/alerts/al-none/status", "to=under_review&reason=x").await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn cross_site_post_forbidden() {
    let node = node();
    let id = seed(&node).fan_in;
    let request = Request::post(format!("/alerts/{id}/status"))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("sec-fetch-site", "cross-site")
        .body(Body::from("to=under_review&reason=forged"))
        .unwrap();
    let reply = send(&node.app, request).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert_eq!(status_of(&node, &id), (AlertStatus::Open, 0));
}

#[tokio::test]
async fn rejected_form_links_alert() {
    let node = node();
    let id = seed(&node).fan_in;

    let reply = post_form(&node.app, &format!("/alerts/{id}/status"), "to=under_review&reason=").await;
    assert!(reply.body.contains(&format!("href=\"/alerts/{id}?lang=zh-CN\"")), "{}", reply.body);

    let reload = get(&node.app, &format!("/alerts/{id}/status"), &[]).await;
    assert_eq!(reload.status, StatusCode::SEE_OTHER);
    assert_eq!(reload.header("location"), format!("/alerts/{id}"));
}
