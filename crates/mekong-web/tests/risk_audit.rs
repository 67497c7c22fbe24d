//! The audit record of a risk query through the router: the token, the identifier
//! kinds and the decision are recorded, and the identifier itself is not.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::Duration;

use axum::http::StatusCode;
use common::{get, node};
use mekong_auth::{ExposeSecret, Scope};
use mekong_store::audit::{AuditFilter, AuditRow, AuditStore};

fn risk_records(node: &common::TestNode) -> Vec<AuditRow> {
    let filter = AuditFilter { object_type: Some("risk_query".to_owned()), ..AuditFilter::default() };
    let mut rows = Vec::new();
    node.store
        .for_each_audit_record(&filter, &mut |row| {
            rows.push(row);
            Ok(())
        })
        .unwrap();
    rows
}

#[tokio::test]
async fn risk_query_audited_without_identifier() {
    let node = node();
    let created = node.state.auth.create_api_token("bank-a", &[Scope::QueryRisk], "test").unwrap();
    let bearer = created.token.expose_secret().to_owned();

    let reply = get(&node.raw, "/api/v1/risk?phone=13812345678&account=ICBC/6222000000000001", &[(
        "authorization",
        &format!("Bearer {bearer}"),
    )])
    .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);

    // The record is appended on the batch recorder's thread after the response, so wait for it.
    let mut records = risk_records(&node);
    for _ in 0..500 {
        if !records.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
        records = risk_records(&node);
    }
    assert_eq!(records.len(), 1);

    let record = &records[0].record;
    assert_eq!(record.action, "registry.risk_query");
    assert!(record.actor_name.starts_with("token:bank-a:"), "{}", record.actor_name);
    let changes = record.changes.clone();
    assert!(changes.contains("phone"), "{changes}");
    assert!(changes.contains("bank_account"), "{changes}");
    assert!(changes.contains("allow"), "{changes}");
    let whole = format!("{record:?}");
    assert!(!whole.contains("13812345678"), "the phone number must not be audited");
    assert!(!whole.contains("6222000000000001"), "the account number must not be audited");
}

#[tokio::test]
async fn many_risk_queries_all_audited() {
    let node = node();
    let created = node.state.auth.create_api_token("bank-b", &[Scope::QueryRisk], "test").unwrap();
    let bearer = format!("Bearer {}", created.token.expose_secret());

    for _ in 0..40 {
        let reply = get(&node.raw, "/api/v1/risk?phone=13812345678", &[("authorization", &bearer)]).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    }

    // The records are appended in batches on the recorder's thread, so wait for them.
    let mut records = risk_records(&node);
    for _ in 0..500 {
        if records.len() >= 40 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
        records = risk_records(&node);
    }
    assert_eq!(records.len(), 40);
    let report = mekong_audit::verify(node.store.as_ref()).unwrap();
    assert!(report.is_intact(), "{report:?}");
}
