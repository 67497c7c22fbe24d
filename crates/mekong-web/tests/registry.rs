//! The registry API through the router: listing an identifier while the node runs,
//! its effect on the next transaction, and the risk query with its token scope.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::{get, node, post_transactions, send};
use mekong_auth::{ExposeSecret, Scope};
use mekong_store::Store;
use serde_json::json;

fn token(node: &common::TestNode, scopes: &[Scope]) -> String {
    node.state.auth.create_api_token("registry-test", scopes, "test").unwrap().token.expose_secret().to_owned()
}

fn listing(kind: &str, value: &str, listing_type: &str) -> serde_json::Value {
    json!({
        "kind": kind,
        "value": value,
        "listing_type": listing_type,
        "reason": "Received victim funds in a fake-investment case",
        "source_agency": "MPS",
        "legal_basis": "Anti-Telecom and Online Fraud Law Art. 31",
        "appeal": "Apply for review to the issuing public security organ within 30 days",
        "starts_at": "2026-01-01",
        "note": "internal: informant tip"
    })
}

async fn post_registry(app: &axum::Router, bearer: &str, body: &serde_json::Value) -> common::Reply {
    let request = Request::post("/api/v1/registry")
        .header("content-type", "application/json")
        .header("authorization", format!("Bearer {bearer}"))
        .body(Body::from(body.to_string()))
        .unwrap();
    send(app, request).await
}

async fn risk(app: &axum::Router, bearer: &str, query: &str) -> common::Reply {
    get(app, &format!("/api/v1/risk?{query}"), &[("authorization", &format!("Bearer {bearer}"))]).await
}

#[tokio::test]
async fn risk_allow_warn_delay() {
    let node = node();
    let writer = token(&node, &[Scope::WriteRegistry]);
    let bank = token(&node, &[Scope::QueryRisk]);

    let added = post_registry(&node.raw, &writer, &listing("bank_account", "CCB/6217 0000 5555", "case_related_account")).await;
    assert_eq!(added.status, StatusCode::CREATED, "{}", added.body);
    assert_eq!(added.json()["value"], "CCB/621700005555");
    let phone = post_registry(&node.raw, &writer, &listing("phone", "+86 138 1234 5678", "scam_phone")).await;
    assert_eq!(phone.status, StatusCode::CREATED, "{}", phone.body);

    let allow = risk(&node.raw, &bank, "account=ICBC/6222000000000001").await;
    assert_eq!(allow.status, StatusCode::OK, "{}", allow.body);
    assert_eq!(allow.json()["decision"], "allow");

    let warn = risk(&node.raw, &bank, "phone=13812345678").await;
    assert_eq!(warn.json()["decision"], "warn");
    assert_eq!(warn.json()["reasons"][0]["listing_type"], "scam_phone");

    let delay = risk(&node.raw, &bank, "account=CCB/621700005555&phone=13812345678").await;
    let body = delay.json();
    assert_eq!(body["decision"], "delay");
    assert_eq!(body["reasons"].as_array().unwrap().len(), 2);
    assert!(body["reasons"][0]["appeal"].as_str().unwrap().contains("review"));
    assert!(!delay.body.contains("informant"), "the internal note must not reach the caller");
}

#[tokio::test]
async fn risk_scope_enforced() {
    let node = node();
    let reader = token(&node, &[Scope::ReadAlerts]);

    let forbidden = risk(&node.raw, &reader, "phone=13812345678").await;
    assert_eq!(forbidden.status, StatusCode::FORBIDDEN);
    assert_eq!(forbidden.json()["code"], "forbidden");

    let anonymous = get(&node.raw, "/api/v1/risk?phone=13812345678", &[]).await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);

    let no_write = post_registry(&node.raw, &token(&node, &[Scope::QueryRisk]), &listing("ip", "203.0.113.5", "other")).await;
    assert_eq!(no_write.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn risk_query_validated() {
    let node = node();
    let bank = token(&node, &[Scope::QueryRisk]);

    let empty = risk(&node.raw, &bank, "").await;
    assert_eq!(empty.status, StatusCode::BAD_REQUEST);
    assert_eq!(empty.json()["code"], "no_identifier");

    let bad = risk(&node.raw, &bank, "account=6222000000000001&imei=1").await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert_eq!(bad.json()["errors"][0]["param"], "account");
    assert_eq!(bad.json()["errors"][1]["code"], "unknown_param");
}

#[tokio::test]
async fn listed_account_alerts_next_payment() {
    let node = node();
    let writer = token(&node, &[Scope::WriteRegistry]);
    let payment = |id: &str| json!({"transactions": [common::api_transaction(id, "88.00")]}).to_string();

    let before = post_transactions(&node.app, &payment("live-before")).await;
    assert_eq!(before.status, StatusCode::OK, "{}", before.body);
    let alerts_before = node.store.account_alerts(&mekong_core::AccountKey::new("ICBC", "6222000000000777")).unwrap();
    assert!(alerts_before.iter().all(|alert| alert.rule != "flagged_counterparty"));

    let added = post_registry(&node.raw, &writer, &listing("bank_account", "BCEL/0101200000777", "case_related_account")).await;
    assert_eq!(added.status, StatusCode::CREATED, "{}", added.body);

    let after = post_transactions(&node.app, &payment("live-after")).await;
    assert_eq!(after.status, StatusCode::OK, "{}", after.body);
    let alerts_after = node.store.account_alerts(&mekong_core::AccountKey::new("ICBC", "6222000000000777")).unwrap();
    assert!(alerts_after.iter().any(|alert| alert.rule == "flagged_counterparty"), "{alerts_after:?}");

    let again = post_registry(&node.raw, &writer, &listing("bank_account", "BCEL/0101200000777", "case_related_account")).await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(again.json()["outcome"], "unchanged");
}

#[tokio::test]
async fn invalid_listing_rejected() {
    let node = node();
    let writer = token(&node, &[Scope::WriteRegistry]);
    let mut body = listing("imei", "490154203237519", "other");

    let bad_imei = post_registry(&node.raw, &writer, &body).await;
    assert_eq!(bad_imei.status, StatusCode::BAD_REQUEST);
    assert!(bad_imei.json()["error"].as_str().unwrap().contains("Luhn"));

    body["value"] = json!("490154203237518");
    body["appeal"] = json!("  ");
    let no_appeal = post_registry(&node.raw, &writer, &body).await;
    assert_eq!(no_appeal.status, StatusCode::BAD_REQUEST);
    assert!(no_appeal.json()["error"].as_str().unwrap().contains("appeal"));
}

#[tokio::test]
async fn api_empty_start_repeated_unchanged() {
    let node = common::node();
    let writer = token(&node, &[Scope::WriteRegistry]);
    let mut body = listing("phone", "+8613900139100", "scam_phone");
    body.as_object_mut().unwrap().remove("starts_at");

    let added = post_registry(&node.raw, &writer, &body).await;
    let again = post_registry(&node.raw, &writer, &body).await;

    assert_eq!(added.status, StatusCode::CREATED, "{}", added.body);
    assert_eq!(again.status, StatusCode::OK, "{}", again.body);
    assert_eq!(again.json()["outcome"], "unchanged");
}
