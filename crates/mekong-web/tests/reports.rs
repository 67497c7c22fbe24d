//! The bank-report screens through the router: goAML upload, the hand-entry form
//! with its errors next to fields, the report page and merge decisions.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::{encode, get, node, post_form, send};
use mekong_audit::{AuditEntry, AuditQuery};
use mekong_store::Store;
use mekong_store::reports::ReportStore;

fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../mekong-reports/tests/fixtures").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()))
}

fn audit_of(node: &common::TestNode, action: &str) -> Vec<AuditEntry> {
    let query = AuditQuery { action: Some(action.to_owned()), ..AuditQuery::default() };
    mekong_audit::search(node.state.auditor.store().as_ref(), &query).unwrap().items
}

fn form_body(fields: &[(&str, &str)]) -> String {
    fields.iter().map(|(name, value)| format!("{name}={}", encode(value))).collect::<Vec<_>>().join("&")
}

/// Builds the body of a hand-entry form that passes validation, with one field replaced.
fn report_form(replace: (&str, &str)) -> String {
    let mut fields = vec![
        ("report_code", "STR"),
        ("rentity_id", "1042"),
        ("rentity_branch", "Vientiane head office"),
        ("report_date", "2026-11-20T09:30"),
        ("reporter_first_name", "ສົມພອນ"),
        ("reporter_last_name", "ພົມມະຈັນ"),
        ("location_type", "2"),
        ("location_address", "ຖະໜົນລ້ານຊ້າງ"),
        ("location_city", "Vientiane"),
        ("location_country", "LA"),
        ("indicators", "FRAUD"),
        ("transaction_number", "TX-WEB-1"),
        ("transaction_location", "Vientiane"),
        ("description", "Incoming transfer"),
        ("transaction_date", "2026-11-19T22:14:05"),
        ("transmode_code", "A"),
        ("amount", "48500000.00"),
        ("currency", "LAK"),
        ("from_funds_code", "A"),
        ("from_bank", "Agricultural Bank of China"),
        ("from_swift", "ABOCCNBJ240"),
        ("from_account", "6228480000123456789"),
        ("from_first_name", "伟"),
        ("from_last_name", "张"),
        ("from_birthdate", "1990-03-14"),
        ("from_alias", "Zhang Wei"),
        ("from_country", "CN"),
        ("to_funds_code", "A"),
        ("to_bank", "Banque pour le Commerce Exterieur Lao"),
        ("to_swift", "COEBLALA"),
        ("to_account", "010120000123456"),
        ("to_first_name", "ສົມສັກ"),
        ("to_last_name", "ວົງສາ"),
        ("to_country", "LA"),
    ];
    for field in &mut fields {
        if field.0 == replace.0 {
            field.1 = replace.1;
        }
    }
    form_body(&fields)
}

#[tokio::test]
async fn valid_upload_listed() {
    let node = node();
    let transactions_before = node.store.transaction_count().unwrap();

    let reply = post_form(&node.app, "/reports", &form_body(&[("xml", &fixture("str_accounts.xml"))])).await;

    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    let reports = node.store.reports().unwrap();
    assert_eq!(reports.len(), 1);
    let id = &reports[0].id;
    assert!(reply.body.contains(id.as_str()), "{}", reply.body);
    let list = get(&node.app, "/reports", &[]).await;
    assert!(list.body.contains(&format!("data-id=\"{id}\"")), "{}", list.body);
    assert!(list.body.contains("BCEL-STR-2026-0009"), "{}", list.body);
    assert_eq!(audit_of(&node, "report.import").len(), 1);
    assert_eq!(node.store.transaction_count().unwrap(), transactions_before + 1, "the monitor scores the transaction");
}

#[tokio::test]
async fn raw_xml_upload_stored() {
    let node = node();
    let request = Request::post("/reports")
        .header("content-type", "application/xml")
        .body(Body::from(fixture("ctr.xml")))
        .unwrap();

    let reply = send(&node.app, request).await;

    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    assert_eq!(node.store.reports().unwrap().len(), 1);
}

#[tokio::test]
async fn same_upload_stored_once() {
    let node = node();
    let body = form_body(&[("xml", &fixture("str_accounts.xml"))]);

    let first = post_form(&node.app, "/reports", &body).await;
    let second = post_form(&node.app, "/reports", &body).await;

    assert_eq!(first.status, StatusCode::CREATED);
    assert_eq!(second.status, StatusCode::OK, "{}", second.body);
    assert_eq!(node.store.reports().unwrap().len(), 1);
}

#[tokio::test]
async fn malformed_upload_lists_errors() {
    let node = node();

    let reply = post_form(&node.app, "/reports", &form_body(&[("xml", &fixture("bad_negative.xml"))])).await;

    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.body);
    assert!(reply.body.contains("id=\"validation-errors\""), "{}", reply.body);
    assert!(reply.body.contains("/report/transaction[1]/amount_local"), "{}", reply.body);
    assert!(reply.body.contains("-500.00"), "{}", reply.body);
    assert!(reply.body.contains("data-rule=\"negative-amount\""), "{}", reply.body);
    assert!(node.store.reports().unwrap().is_empty());
    assert!(node.store.entities().unwrap().is_empty());
    assert!(audit_of(&node, "report.import").is_empty());
}

#[tokio::test]
async fn every_error_listed() {
    let node = node();
    let xml = fixture("str_accounts.xml")
        .replace("<currency_code_local>LAK<", "<currency_code_local>ZZZ<")
        .replace("<date_transaction>2026-11-19T22:14:05<", "<date_transaction>2026-02-30T22:14:05<");

    let reply = post_form(&node.app, "/reports", &form_body(&[("xml", &xml)])).await;

    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply.body.contains("data-rule=\"unknown-code\""), "{}", reply.body);
    assert!(reply.body.contains("data-rule=\"invalid-date\""), "{}", reply.body);
    assert!(node.store.reports().unwrap().is_empty());
}

#[tokio::test]
async fn not_xml_upload_rejected() {
    let node = node();

    let reply = post_form(&node.app, "/reports", &form_body(&[("xml", "<report><rentity_id>1")])).await;

    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.body);
    assert!(reply.body.contains("data-rule=\"malformed\""), "{}", reply.body);
    assert!(node.store.reports().unwrap().is_empty());
}

#[tokio::test]
async fn empty_upload_rejected() {
    let node = node();

    let reply = post_form(&node.app, "/reports", "xml=").await;

    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert!(node.store.reports().unwrap().is_empty());
}

#[tokio::test]
async fn form_negative_amount_on_field() {
    let node = node();

    let reply = post_form(&node.app, "/reports/new", &report_form(("amount", "-100.00"))).await;

    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.body);
    assert!(reply.body.contains("id=\"amount-errors\""), "{}", reply.body);
    assert_eq!(reply.body.matches("field-errors").count(), 1, "{}", reply.body);
    assert!(reply.body.contains("value=\"-100.00\""), "the typed value is kept");
    assert!(reply.body.contains("value=\"ABOCCNBJ240\""), "other typed values are kept");
    assert!(node.store.reports().unwrap().is_empty());
}

#[tokio::test]
async fn form_unknown_currency_on_field() {
    let node = node();

    let reply = post_form(&node.app, "/reports/new", &report_form(("currency", "ABC"))).await;

    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply.body.contains("id=\"currency-errors\""), "{}", reply.body);
    assert!(node.store.reports().unwrap().is_empty());
}

#[tokio::test]
async fn form_missing_account_on_field() {
    let node = node();

    let reply = post_form(&node.app, "/reports/new", &report_form(("to_account", ""))).await;

    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply.body.contains("id=\"to_account-errors\""), "{}", reply.body);
}

#[tokio::test]
async fn valid_form_stores_report() {
    let node = node();

    let reply = post_form(&node.app, "/reports/new", &report_form(("amount", "48500000.00"))).await;

    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let location = reply.header("location").to_owned();
    let reports = node.store.reports().unwrap();
    assert_eq!(reports.len(), 1);
    assert_eq!(location, format!("/reports/{}", reports[0].id));

    let page = get(&node.app, &location, &[]).await;
    assert_eq!(page.status, StatusCode::OK);
    for name in ["伟", "张", "Zhang Wei", "ສົມສັກ", "6228480000123456789"] {
        assert!(page.body.contains(name), "{name} missing: {}", page.body);
    }
    assert_eq!(audit_of(&node, "report.view").len(), 1);
}

#[tokio::test]
async fn unknown_report_not_found() {
    let node = node();

    let reply = get(&node.app, "/reports/goaml-unknown", &[]).await;

    assert_eq!(reply.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn merge_decision_recorded_not_merged() {
    let node = node();
    for name in ["str_my_client.xml", "sar_activity.xml"] {
        let reply = post_form(&node.app, "/reports", &form_body(&[("xml", &fixture(name))])).await;
        assert_eq!(reply.status, StatusCode::CREATED, "{name}: {}", reply.body);
    }
    let entities_before = node.store.entities().unwrap();
    let suggestions = mekong_reports::stored_merge_suggestions(node.store.as_ref()).unwrap();
    assert_eq!(suggestions.len(), 1);
    let pair = &suggestions[0];

    let page = get(&node.app, "/entities", &[]).await;
    assert!(page.body.contains(&format!("data-left=\"{}\"", pair.left)), "{}", page.body);

    let body = form_body(&[("left", &pair.left), ("right", &pair.right), ("decision", "not-same")]);
    let reply = post_form(&node.app, "/entities/merge", &body).await;

    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert!(reply.body.contains("data-decision=\"not-same\""), "{}", reply.body);
    let recorded = audit_of(&node, "entity.merge-decision");
    assert_eq!(recorded.len(), 1);
    assert_eq!(recorded[0].object_id.as_deref(), Some(format!("{}+{}", pair.left, pair.right).as_str()));
    assert_eq!(node.store.entities().unwrap(), entities_before, "a decision changes no entity");
}

#[tokio::test]
async fn merge_decision_unknown_pair_rejected() {
    let node = node();

    let body = form_body(&[("left", "ftm-a"), ("right", "ftm-b"), ("decision", "same-person")]);
    let reply = post_form(&node.app, "/entities/merge", &body).await;

    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert!(audit_of(&node, "entity.merge-decision").is_empty());
}

#[tokio::test]
async fn report_pages_in_every_locale() {
    let node = node();
    for lang in ["en", "zh-CN", "lo"] {
        for path in ["/reports", "/reports/new", "/entities"] {
            let reply = get(&node.app, &format!("{path}?lang={lang}"), &[]).await;
            assert_eq!(reply.status, StatusCode::OK, "{path} in {lang}");
            assert!(!reply.body.contains("web-reports-"), "{path} in {lang} shows a key");
            assert!(!reply.body.contains("web-report-form-"), "{path} in {lang} shows a key");
            assert!(!reply.body.contains("web-entities-"), "{path} in {lang} shows a key");
        }
    }
}
