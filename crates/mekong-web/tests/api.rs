//! The bank-feed API against a real SQLite store and pipeline.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::{api_transaction, get, node, post_transactions, seed, send};
use mekong_store::Store;
use serde_json::json;

#[tokio::test]
async fn accepted_then_duplicate() {
    let node = node();
    let batch = json!({"transactions": [api_transaction("api-1", "2500000.00")]}).to_string();

    let first = post_transactions(&node.app, &batch).await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    let result = &first.json()["results"][0];
    assert_eq!(result["id"], "api-1");
    assert_eq!(result["status"], "accepted");
    assert_ne!(result["decision"], "allow", "a large transfer to Laos must not pass unseen: {result}");
    assert!(result["score"].as_u64().unwrap() > 0);
    assert!(!result["alerts"].as_array().unwrap().is_empty(), "{result}");
    let decision = result["decision"].clone();

    let retry = post_transactions(&node.app, &batch).await;
    let result = &retry.json()["results"][0];
    assert_eq!(result["status"], "duplicate");
    assert_eq!(result["decision"], decision);
    assert!(result.get("alerts").is_none());
    assert_eq!(node.store.transaction_count().unwrap(), 1);
}

#[tokio::test]
async fn stored_with_node_origin() {
    let node = node();
    let batch = json!({"transactions": [api_transaction("api-origin", "10.00")]}).to_string();
    post_transactions(&node.app, &batch).await;

    let origin = node.pipeline.origin().clone();
    let stored = node.store.transactions_by_ids(&origin, &["api-origin".to_owned()]).unwrap();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].tx.origin.as_str(), "cn-web-test");
    assert_eq!(stored[0].tx.amount.amount.to_string(), "10.00");
}

#[tokio::test]
async fn invalid_rejected_valid_kept() {
    let node = node();
    let mut negative = api_transaction("api-bad", "-5");
    negative["channel"] = json!("pigeon");
    let mut float = api_transaction("api-float", "1");
    float["amount"] = json!(1000.1);
    let batch = json!({"transactions": [negative, api_transaction("api-good", "20.00"), float, "oops"]}).to_string();

    let reply = post_transactions(&node.app, &batch).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let results = reply.json()["results"].as_array().unwrap().clone();
    assert_eq!(results.len(), 4);

    assert_eq!(results[0]["status"], "rejected");
    assert_eq!(results[0]["id"], "api-bad");
    let errors = results[0]["errors"].as_array().unwrap();
    assert_eq!(errors[0]["field"], "amount");
    assert_eq!(errors[0]["value"], "-5");
    assert_eq!(errors[0]["code"], "invalid_amount");
    assert!(errors[0]["reason"].as_str().unwrap().contains("digits"), "{}", errors[0]);
    assert_eq!(errors[1]["field"], "channel");
    assert_eq!(errors[1]["code"], "unknown_channel");

    assert_eq!(results[1]["status"], "accepted");
    assert_eq!(results[1]["decision"], "allow");

    assert_eq!(results[2]["errors"][0]["code"], "amount_not_string");
    assert!(results[2]["errors"][0]["reason"].as_str().unwrap().contains("floating point"));

    assert_eq!(results[3]["id"], serde_json::Value::Null);
    assert_eq!(results[3]["errors"][0]["code"], "not_object");

    assert_eq!(node.store.transaction_count().unwrap(), 1);
}

#[tokio::test]
async fn reasons_follow_accept_language() {
    let node = node();
    let batch = json!({"transactions": [api_transaction("api-zero", "0")]}).to_string();
    let request = Request::post("/api/v1/transactions")
        .header("content-type", "application/json")
        .header("accept-language", "zh-CN")
        .body(Body::from(batch))
        .unwrap();

    let reply = send(&node.app, request).await;
    let error = &reply.json()["results"][0]["errors"][0];
    assert_eq!(error["code"], "amount_not_positive");
    assert_eq!(error["reason"], "金额必须大于零。");
}

#[tokio::test]
async fn malformed_json_names_position() {
    let node = node();
    let reply = post_transactions(&node.app, "{\"transactions\": [\n  {\"id\": }\n]}").await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    let body = reply.json();
    assert_eq!(body["code"], "malformed_json");
    assert_eq!(body["line"], 2);
    assert_eq!(body["column"], 10);
    assert!(body["error"].as_str().unwrap().contains("line 2, column 10"), "{body}");
}

#[tokio::test]
async fn wrong_content_type_rejected() {
    let node = node();
    let request = Request::post("/api/v1/transactions")
        .header("content-type", "text/plain")
        .body(Body::from(json!({"transactions": [api_transaction("x", "1")]}).to_string()))
        .unwrap();
    let reply = send(&node.app, request).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert_eq!(reply.json()["code"], "unsupported_content_type");
    assert!(reply.json()["error"].as_str().unwrap().contains("text/plain"));
}

#[tokio::test]
async fn whole_request_errors() {
    let node = node();
    let cases = [
        ("[]", "not_an_object"),
        ("{}", "missing_transactions"),
        ("{\"transactions\": {}}", "not_an_array"),
        ("{\"transactions\": []}", "empty_batch"),
        ("{\"transactions\": [], \"bank\": \"x\"}", "unknown_field"),
    ];
    for (body, code) in cases {
        let reply = post_transactions(&node.app, body).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(reply.json()["code"], code, "{body}");
    }
}

#[tokio::test]
async fn oversized_batch_is_413() {
    let node = node();
    let items: Vec<_> = (0..1001).map(|i| api_transaction(&format!("bulk-{i}"), "1.00")).collect();
    let reply = post_transactions(&node.app, &json!({"transactions": items}).to_string()).await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(reply.json()["code"], "too_many_transactions");
    assert_eq!(node.store.transaction_count().unwrap(), 0);
}

#[tokio::test]
async fn full_batch_accepted() {
    let node = node();
    let items: Vec<_> = (0..1000).map(|i| api_transaction(&format!("bulk-{i}"), "1.00")).collect();
    let reply = post_transactions(&node.app, &json!({"transactions": items}).to_string()).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.json()["results"].as_array().unwrap().len(), 1000);
    assert_eq!(node.store.transaction_count().unwrap(), 1000);
}

#[tokio::test]
async fn alerts_api_filters() {
    let node = node();
    let seeded = seed(&node);

    let all = get(&node.app, "/api/v1/alerts", &[]).await;
    assert_eq!(all.status, StatusCode::OK);
    let total = all.json()["total"].as_u64().unwrap();
    assert!(total >= 2);

    let fan_in = get(&node.app, "/api/v1/alerts?rule=fan_in", &[]).await.json();
    assert_eq!(fan_in["total"], 1);
    let alert = &fan_in["alerts"][0];
    assert_eq!(alert["id"], seeded.fan_in.as_str());
    assert_eq!(alert["account"], common::FAN_IN_RECEIVER);
    assert_eq!(alert["status"], "open");
    assert!(alert["raised_at"].as_str().unwrap().ends_with("+08:00"));
    assert!(!alert["explanation"]["text"].as_str().unwrap().contains('⟦'));

    let paged = get(&node.app, "/api/v1/alerts?per_page=1&page=2", &[]).await.json();
    assert_eq!(paged["alerts"].as_array().unwrap().len(), 1);
    assert_eq!(paged["page"], 2);
    assert_eq!(paged["pages"].as_u64().unwrap(), total);

    let early = get(&node.app, "/api/v1/alerts?until=2026-02-28", &[]).await.json();
    assert_eq!(early["total"], 0);
}

#[tokio::test]
async fn alerts_api_bad_filter() {
    let node = node();
    let reply = get(&node.app, "/api/v1/alerts?min_score=abc&page=0", &[]).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    let body = reply.json();
    assert_eq!(body["code"], "invalid_filter");
    assert_eq!(body["errors"][0]["param"], "min_score");
    assert_eq!(body["errors"][0]["code"], "invalid_min_score");
    assert_eq!(body["errors"][1]["param"], "page");
}

#[tokio::test]
async fn healthz_answers_ok() {
    let node = node();
    let reply = get(&node.app, "/healthz", &[]).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.body, "ok");
}
