//! The registry screen through the router: listing an identifier from the form, its
//! effect on the risk query and on the next payment, search, and the CSV import
//! with its reject report.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use axum::http::StatusCode;
use common::{encode, get, node, post_form, post_transactions};
use mekong_auth::{ExposeSecret, Scope};
use mekong_store::Store;
use serde_json::json;

fn listing_form(kind: &str, value: &str, listing_type: &str) -> String {
    [
        ("kind", kind),
        ("value", value),
        ("listing_type", listing_type),
        ("reason", "Used to call victims in a fake police case"),
        ("source_agency", "MPS"),
        ("legal_basis", "Anti-Telecom and Online Fraud Law Art. 31"),
        ("appeal", "Apply for review within 30 days"),
        ("starts_at", "2026-01-01"),
        ("note", ""),
    ]
    .iter()
    .map(|(name, value)| format!("{name}={}", encode(value)))
    .collect::<Vec<_>>()
    .join("&")
}

#[tokio::test]
async fn registry_add_then_risk_warns() {
    let node = node();
    let bank = node.state.auth.create_api_token("bank", &[Scope::QueryRisk], "test").unwrap().token.expose_secret().to_owned();
    let bearer = format!("Bearer {bank}");

    let before = get(&node.raw, "/api/v1/risk?phone=13812345678", &[("authorization", &bearer)]).await;
    assert_eq!(before.json()["decision"], "allow");

    let added = post_form(&node.app, "/registry", &listing_form("phone", "+86 138 1234 5678", "scam_phone")).await;
    assert_eq!(added.status, StatusCode::CREATED, "{}", added.body);
    assert!(added.body.contains("+8613812345678"), "the list shows the normalised number");

    let after = get(&node.raw, "/api/v1/risk?phone=13812345678", &[("authorization", &bearer)]).await;
    assert_eq!(after.json()["decision"], "warn", "{}", after.body);

    let again = post_form(&node.app, "/registry", &listing_form("phone", "+86 138 1234 5678", "scam_phone")).await;
    assert_eq!(again.status, StatusCode::OK);
    assert!(again.body.contains("nothing changed"), "{}", again.body);
}

#[tokio::test]
async fn listed_account_flags_monitor() {
    let node = node();
    let added = post_form(&node.app, "/registry", &listing_form("bank_account", "BCEL/0101200000777", "case_related_account")).await;
    assert_eq!(added.status, StatusCode::CREATED, "{}", added.body);

    let body = json!({"transactions": [common::api_transaction("after-listing", "88.00")]}).to_string();
    let reply = post_transactions(&node.app, &body).await;
    assert_eq!(reply.json()["results"][0]["decision"], "hold", "{}", reply.body);
    let alerts = node.store.account_alerts(&mekong_core::AccountKey::new("ICBC", "6222000000000777")).unwrap();
    assert!(alerts.iter().any(|alert| alert.rule == "flagged_counterparty"));
}

#[tokio::test]
async fn invalid_listing_shows_error() {
    let node = node();
    let bad = post_form(&node.app, "/registry", &listing_form("imei", "490154203237519", "other")).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.body.contains("Luhn"), "{}", bad.body);

    let no_appeal = listing_form("ip", "203.0.113.5", "other").replace("appeal=Apply", "appeal=&x=");
    let missing = post_form(&node.app, "/registry", &no_appeal).await;
    assert_eq!(missing.status, StatusCode::BAD_REQUEST);
    assert!(missing.body.contains("appeal"), "{}", missing.body);
    assert!(node.state.registry.as_ref().unwrap().entries().unwrap().is_empty());
}

#[tokio::test]
async fn search_narrows_list() {
    let node = node();
    post_form(&node.app, "/registry", &listing_form("phone", "+86 138 1234 5678", "scam_phone")).await;
    post_form(&node.app, "/registry", &listing_form("domain", "scam-pay.example", "scam_url")).await;

    let phones = get(&node.app, "/registry?kind=phone", &[]).await;
    assert!(phones.body.contains("+8613812345678"));
    assert!(!phones.body.contains("scam-pay.example"));
    let text = get(&node.app, "/registry?q=SCAM-PAY", &[]).await;
    assert!(text.body.contains("scam-pay.example"));
    assert!(!text.body.contains("+8613812345678"));

    let audit = mekong_audit::AuditQuery { action: Some("registry.view".to_owned()), ..Default::default() };
    let views = mekong_audit::search(node.state.auditor.store().as_ref(), &audit).unwrap().items;
    assert_eq!(views.len(), 2);
    assert!(views.iter().any(|record| record.changes.iter().any(|change| change.new.as_deref() == Some("SCAM-PAY"))));
}

#[tokio::test]
async fn import_lists_rejected_rows() {
    let node = node();
    let csv = "kind,value,listing_type,reason,source_agency,legal_basis,appeal,starts_at\n\
               url,https://Pay.Scam.example/x,scam_url,Phishing site,MPS,Art. 31,Review in 30 days,2026-01-01\n\
               imei,490154203237519,other,Device used by a ring,MPS,Art. 31,Review in 30 days,2026-01-01\n\
               phone,+856 20 5555 1234,scam_phone,Calls victims,AMLIO,Art. 39,Appeal to AMLIO,not-a-date\n";
    let reply = post_form(&node.app, "/registry/import", &format!("csv={}", encode(csv))).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.body);
    assert!(reply.body.contains("Read 3 rows: 1 added"), "{}", reply.body);
    assert!(reply.body.contains("id=\"import-rejects\""));
    assert!(reply.body.contains("Luhn"), "the IMEI row is rejected with its reason");
    assert!(reply.body.contains("starts_at"), "the bad date names its column");
    assert_eq!(node.state.registry.as_ref().unwrap().entries().unwrap().len(), 1);

    let empty = post_form(&node.app, "/registry/import", "csv=").await;
    assert_eq!(empty.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn dates_in_node_zone() {
    let node = node();
    let form = listing_form("domain", "dates.example", "scam_url").replace("starts_at=2026-01-01", "starts_at=2026-03-01");
    let added = post_form(&node.app, "/registry", &format!("{form}&expires_at=2099-03-31")).await;
    assert_eq!(added.status, StatusCode::CREATED, "{}", added.body);
    let csv = "kind,value,listing_type,reason,source_agency,legal_basis,appeal,starts_at,expires_at\n\
               domain,import.example,scam_url,Phishing site,MPS,Art. 31,Review in 30 days,2026-03-01,2099-03-31\n";
    let imported = post_form(&node.app, "/registry/import", &format!("csv={}", encode(csv))).await;
    assert_eq!(imported.status, StatusCode::OK, "{}", imported.body);

    // The test node is Chinese, so a date starts at 00:00 UTC+8.
    for entry in node.state.registry.as_ref().unwrap().entries().unwrap() {
        assert_eq!(entry.starts_at.to_rfc3339(), "2026-02-28T16:00:00+00:00", "{}", entry.value);
        assert_eq!(entry.expires_at.unwrap().to_rfc3339(), "2099-03-31T16:00:00+00:00", "{}: end of 31 March", entry.value);
    }
    let list = get(&node.app, "/registry", &[]).await;
    assert_eq!(list.body.matches(r#"<time datetime="2026-03-01" title="2026-03-01 00:00:00 +08:00">2026-03-01</time>"#).count(), 2, "{}", list.body);
    assert_eq!(list.body.matches(r#"<time datetime="2099-03-31" title="2099-04-01 00:00:00 +08:00">2099-03-31</time>"#).count(), 2, "{}", list.body);
    assert!(!list.body.contains("08:00:00 +08:00"), "{}", list.body);
}

#[tokio::test]
async fn dates_hint_in_three_languages() {
    let node = node();

    for (lang, text) in [("en", "through the end of its expiry date"), ("zh-CN", "至到期日期当天结束时失效"), ("lo", "ຈົນຮອດທ້າຍວັນໝົດອາຍຸ")] {
        let page = get(&node.app, &format!("/registry?lang={lang}"), &[]).await;
        assert_eq!(page.body.matches(text).count(), 2, "{lang}: the add and import forms: {}", page.body);
        assert!(page.body.contains("UTC+08:00"), "{lang}: {}", page.body);
    }
}

#[tokio::test]
async fn import_report_file_lines() {
    let node = node();
    // A browser sends a textarea's lines ending in CR LF.
    let csv = "kind,value,listing_type,reason,source_agency,legal_basis,appeal,starts_at,expires_at\r\n\
               domain,good.example,scam_url,Phishing site,MPS,Art. 31,Review in 30 days,2026-01-01,\r\n\
               domain,late.example,scam_url,Phishing site,MPS,Art. 31,Review in 30 days,2026-12-06,2026-12-05\r\n\
               domain,when.example,scam_url,Phishing site,MPS,Art. 31,Review in 30 days,soon,\r\n\
               kite,kite.example,scam_url,Phishing site,MPS,Art. 31,Review in 30 days,2026-01-01,\r\n";

    let reply = post_form(&node.app, "/registry/import", &format!("csv={}", encode(csv))).await;

    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.body);
    for (line, identifier, column, value) in [
        (3, "late.example", "expires_at", "2026-12-05"),
        (4, "when.example", "starts_at", "soon"),
        (5, "kite.example", "kind", "kite"),
    ] {
        let row = format!(
            r#"<tr data-line="{line}"><td>{line}</td><td class="key">{identifier}</td><td><code>{column}</code></td><td>{value}</td>"#
        );
        assert!(reply.body.contains(&row), "{row}\n{}", reply.body);
    }
    assert!(reply.body.contains("Value given"), "{}", reply.body);
}

#[tokio::test]
async fn form_expiry_without_start() {
    let node = node();
    let form = listing_form("domain", "past.example", "scam_url").replace("starts_at=2026-01-01", "starts_at=");

    let reply = post_form(&node.app, "/registry", &format!("{form}&expires_at=2020-12-01")).await;

    assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{}", reply.body);
    assert!(reply.body.contains("The expiry 2020-12-01 is already past"), "{}", reply.body);
    assert!(!reply.body.contains("must be after the start"), "{}", reply.body);

    let lao = post_form(&node.app, "/registry?lang=lo", &format!("{form}&expires_at=2020-12-01")).await;
    assert!(lao.body.contains("ເວລາໝົດອາຍຸ 2020-12-01 ຜ່ານໄປແລ້ວ"), "{}", lao.body);
}

#[tokio::test]
async fn form_warns_lapsed_listing() {
    let node = node();
    let form = listing_form("domain", "old.example", "scam_url").replace("starts_at=2026-01-01", "starts_at=2020-01-01");

    let reply = post_form(&node.app, "/registry", &format!("{form}&expires_at=2020-01-31")).await;

    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    assert!(reply.body.contains("this listing has already expired"), "{}", reply.body);
}

#[tokio::test]
async fn empty_start_resubmitted_unchanged() {
    let node = node();
    let form = listing_form("phone", "+86 139 0013 9100", "scam_phone").replace("starts_at=2026-01-01", "starts_at=");

    let added = post_form(&node.app, "/registry", &form).await;
    let again = post_form(&node.app, "/registry", &form).await;

    assert_eq!(added.status, StatusCode::CREATED, "{}", added.body);
    assert_eq!(again.status, StatusCode::OK, "{}", again.body);
    assert!(again.body.contains("nothing changed"), "{}", again.body);
}
