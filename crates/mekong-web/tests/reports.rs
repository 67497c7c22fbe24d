//! The bank-report screens through the router: goAML upload, the hand-entry form
//! with its errors next to fields, the multipart file upload, the report page and
//! merge decisions.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::{Session, encode, get, node, post_form, send};
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

/// The boundary of the multipart bodies the file-upload tests build.
const BOUNDARY: &str = "mekong-goaml-test-boundary";

/// Builds a `multipart/form-data` body with one `file` part per (name, content).
fn multipart_files(files: &[(&str, &str)]) -> Vec<u8> {
    let mut body = Vec::new();
    for (file_name, content) in files {
        body.extend_from_slice(format!("--{BOUNDARY}\r\n").as_bytes());
        body.extend_from_slice(
            format!("Content-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\nContent-Type: text/xml\r\n\r\n")
                .as_bytes(),
        );
        body.extend_from_slice(content.as_bytes());
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    body
}

/// Builds a multipart upload to `/reports` with the session cookie and, when given,
/// the CSRF token as the first part, as the upload form sends it.
fn files_request(session: &Session, csrf: Option<&str>, body: Vec<u8>) -> Request<Body> {
    let mut full = Vec::new();
    if let Some(token) = csrf {
        full.extend_from_slice(format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{token}\r\n").as_bytes());
    }
    full.extend_from_slice(&body);
    Request::post("/reports")
        .header("cookie", &session.cookie)
        .header("content-type", format!("multipart/form-data; boundary={BOUNDARY}"))
        .body(Body::from(full))
        .unwrap()
}

#[tokio::test]
async fn file_upload_valid_and_malformed() {
    let node = node();
    let transactions_before = node.store.transaction_count().unwrap();
    let body = multipart_files(&[("str_accounts.xml", &fixture("str_accounts.xml")), ("bad_negative.xml", &fixture("bad_negative.xml"))]);

    let reply = send(&node.raw, files_request(&node.session, Some(&node.session.csrf), body)).await;

    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    let reports = node.store.reports().unwrap();
    assert_eq!(reports.len(), 1, "only the valid file is stored");
    assert_eq!(reports[0].entity_reference, "BCEL-STR-2026-0009");
    assert!(reply.body.contains(r#"data-file="0" data-outcome="stored""#), "{}", reply.body);
    assert!(reply.body.contains(r#"data-file="1" data-outcome="rejected""#), "{}", reply.body);
    assert!(reply.body.contains(reports[0].id.as_str()), "{}", reply.body);
    assert!(reply.body.contains("bad_negative.xml"), "{}", reply.body);
    assert!(reply.body.contains(r#"id="validation-errors-1""#), "{}", reply.body);
    assert!(reply.body.contains("/report/transaction[1]/amount_local"), "{}", reply.body);
    assert!(reply.body.contains("-500.00"), "{}", reply.body);
    assert!(reply.body.contains(r#"data-rule="negative-amount""#), "{}", reply.body);
    assert!(!reply.body.contains("web-reports-"), "a key is shown: {}", reply.body);

    let entities = node.store.entities().unwrap();
    let only_valid = node_with_report("str_accounts.xml").await;
    assert_eq!(entities.len(), only_valid.store.entities().unwrap().len(), "no entity of the malformed file is stored");
    assert_eq!(audit_of(&node, "report.import").len(), 1);
    assert_eq!(node.store.transaction_count().unwrap(), transactions_before + 1, "only the valid file's transaction is scored");
}

/// Starts a node and imports one fixture through the paste box.
async fn node_with_report(name: &str) -> common::TestNode {
    let node = node();
    let reply = post_form(&node.app, "/reports", &form_body(&[("xml", &fixture(name))])).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    node
}

#[tokio::test]
async fn file_upload_without_csrf_rejected() {
    let node = node();
    let body = multipart_files(&[("ctr.xml", &fixture("ctr.xml"))]);

    let without = send(&node.raw, files_request(&node.session, None, body.clone())).await;
    let forged = send(&node.raw, files_request(&node.session, Some("forged"), body.clone())).await;
    let mut token_last = body.clone();
    token_last.truncate(body.len() - format!("--{BOUNDARY}--\r\n").len());
    let token_part = format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{}\r\n--{BOUNDARY}--\r\n", node.session.csrf);
    token_last.extend_from_slice(token_part.as_bytes());
    let late = send(&node.raw, files_request(&node.session, None, token_last)).await;
    let query = Request::post(format!("/reports?csrf={}", encode(&node.session.csrf)))
        .header("cookie", &node.session.cookie)
        .header("content-type", format!("multipart/form-data; boundary={BOUNDARY}"))
        .body(Body::from(body.clone()))
        .unwrap();
    let in_query = send(&node.raw, query).await;

    assert_eq!(without.status, StatusCode::FORBIDDEN, "no token");
    assert!(without.body.contains("Change rejected"), "the localised 403 page: {}", without.body);
    assert_eq!(forged.status, StatusCode::FORBIDDEN, "wrong token");
    assert_eq!(late.status, StatusCode::FORBIDDEN, "token after the file part");
    assert_eq!(in_query.status, StatusCode::FORBIDDEN, "token in the query string");
    assert!(node.store.reports().unwrap().is_empty());
    assert!(audit_of(&node, "report.import").is_empty());

    let with = send(&node.raw, files_request(&node.session, Some(&node.session.csrf), body)).await;
    assert_eq!(with.status, StatusCode::CREATED, "{}", with.body);
}

#[tokio::test]
async fn file_upload_only_malformed() {
    let node = node();
    let body = multipart_files(&[("bad_negative.xml", &fixture("bad_negative.xml")), ("empty.xml", " \n")]);

    let reply = send(&node.raw, files_request(&node.session, Some(&node.session.csrf), body)).await;

    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.body);
    assert!(reply.body.contains(r#"data-file="0" data-outcome="rejected""#), "{}", reply.body);
    assert!(reply.body.contains(r#"data-file="1" data-outcome="empty""#), "{}", reply.body);
    assert!(node.store.reports().unwrap().is_empty());
    assert!(node.store.entities().unwrap().is_empty());
}

#[tokio::test]
async fn file_upload_twice_already_stored() {
    let node = node();
    let body = multipart_files(&[("ctr.xml", &fixture("ctr.xml"))]);

    let first = send(&node.raw, files_request(&node.session, Some(&node.session.csrf), body.clone())).await;
    let second = send(&node.raw, files_request(&node.session, Some(&node.session.csrf), body)).await;

    assert_eq!(first.status, StatusCode::CREATED, "{}", first.body);
    assert_eq!(second.status, StatusCode::OK, "{}", second.body);
    assert!(second.body.contains(r#"data-outcome="already-stored""#), "{}", second.body);
    assert_eq!(node.store.reports().unwrap().len(), 1);
}

#[tokio::test]
async fn file_upload_without_file_rejected() {
    let node = node();
    let body = format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\"\r\n\r\n\r\n--{BOUNDARY}--\r\n");

    let reply = send(&node.raw, files_request(&node.session, Some(&node.session.csrf), body.into_bytes())).await;

    assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{}", reply.body);
    assert!(reply.body.contains("No file was chosen"), "{}", reply.body);
    assert!(node.store.reports().unwrap().is_empty());
}

#[tokio::test]
async fn file_upload_cut_off_keeps_earlier() {
    let node = node();
    let mut body = multipart_files(&[("ctr.xml", &fixture("ctr.xml"))]);
    // Drop the closing boundary and start a second file that never ends.
    body.truncate(body.len() - format!("--{BOUNDARY}--\r\n").len());
    body.extend_from_slice(format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"cut.xml\"\r\n\r\n<report>").as_bytes());

    let reply = send(&node.raw, files_request(&node.session, Some(&node.session.csrf), body)).await;

    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    assert!(reply.body.contains(r#"data-file="0" data-outcome="stored""#), "{}", reply.body);
    assert!(!reply.body.contains("cut.xml"), "{}", reply.body);
    assert!(reply.body.contains("broke off"), "{}", reply.body);
    assert_eq!(node.store.reports().unwrap().len(), 1);
}

#[tokio::test]
async fn reports_page_has_file_input() {
    let node = node();

    let page = get(&node.app, "/reports", &[]).await;

    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(r#"enctype="multipart/form-data""#), "{}", page.body);
    let id = page.body.find(r#"id="report-files""#).expect("the file upload form");
    let start = page.body[..id].rfind("<form").unwrap();
    let tag_end = start + page.body[start..].find('>').unwrap() + 1;
    assert!(page.body[start..tag_end].contains(r#"action="/reports""#), "{}", &page.body[start..tag_end]);
    assert!(!page.body.contains("csrf="), "no token in a URL: {}", page.body);
    let first_input = &page.body[tag_end..tag_end + page.body[tag_end..].find('>').unwrap() + 1];
    assert_eq!(first_input, format!(r#"<input type="hidden" name="csrf" value="{}">"#, node.session.csrf), "the token is the first field");
    assert!(page.body.contains(r#"type="file""#), "{}", page.body);
    assert!(page.body.contains(r#"accept=".xml"#), "{}", page.body);
    assert!(page.body.contains("multiple"), "{}", page.body);
    assert!(page.body.contains(r#"name="xml""#), "the paste box stays: {}", page.body);
}

#[tokio::test]
async fn file_upload_over_limit_rejected() {
    let node = node();
    // One byte over the 64 MiB body limit of `POST /reports`.
    let padding = " ".repeat(64 * 1024 * 1024 + 1);
    let body = multipart_files(&[("huge.xml", &format!("{}{padding}", fixture("ctr.xml")))]);

    let reply = send(&node.raw, files_request(&node.session, Some(&node.session.csrf), body)).await;

    assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{}", reply.body);
    assert!(reply.body.contains("exceeded 64 MiB"), "{}", reply.body);
    assert!(node.store.reports().unwrap().is_empty());
}

#[tokio::test]
async fn file_upload_larger_than_default_limit() {
    let node = node();
    // 8 MiB, four times axum's default body limit of 2 MiB.
    let padding = " ".repeat(8 * 1024 * 1024);
    let body = multipart_files(&[("large.xml", &format!("{}{padding}", fixture("ctr.xml")))]);

    let reply = send(&node.raw, files_request(&node.session, Some(&node.session.csrf), body)).await;

    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    assert_eq!(node.store.reports().unwrap().len(), 1);
}

/// Builds a valid report of at least `bytes` bytes: `ctr.xml` with its transaction
/// repeated under new transaction numbers.
fn large_report(bytes: usize) -> String {
    let xml = fixture("ctr.xml");
    let start = xml.find("  <transaction>").unwrap();
    let end = xml.find("  <report_indicators>").unwrap();
    let transaction = &xml[start..end];

    let mut report = xml[..start].to_owned();
    let mut number = 0;
    while report.len() < bytes {
        number += 1;
        report.push_str(&transaction.replace("TX-0001", &format!("TX-{number:05}")));
    }
    report.push_str(&xml[end..]);
    report
}

#[tokio::test]
async fn paste_200_kib_report_accepted() {
    let node = node();
    let xml = large_report(200 * 1024);
    assert!(xml.len() >= 200 * 1024);

    let reply = post_form(&node.app, "/reports", &form_body(&[("xml", &xml)])).await;

    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    let reports = node.store.reports().unwrap();
    assert_eq!(reports.len(), 1);
    assert!(reports[0].transactions > 60, "{:?}", reports[0]);
}

#[tokio::test]
async fn paste_over_limit_names_limit() {
    let node = node();
    // One byte over the 64 MiB limit that the paste box shares with the file upload.
    let body = format!("xml={}", "a".repeat(64 * 1024 * 1024 - 3));

    let reply = post_form(&node.app, "/reports", &body).await;

    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(reply.body.contains("at most 64 MiB"), "{}", reply.body);
    assert!(reply.body.contains(r#"id="reports""#), "the reports page is shown: {}", reply.body);
    assert!(node.store.reports().unwrap().is_empty());
}

#[tokio::test]
async fn paste_over_limit_localised() {
    let node = node();
    let body = format!("xml={}", "a".repeat(64 * 1024 * 1024));
    let request = Request::post("/reports?lang=zh-CN")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::from(body))
        .unwrap();

    let reply = send(&node.app, request).await;

    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(reply.body.contains("最多接受 64 MiB"), "{}", reply.body);
}

#[tokio::test]
async fn paste_hint_names_limit() {
    let node = node();

    let page = get(&node.app, "/reports", &[]).await;

    assert!(page.body.contains("up to 64 MiB"), "{}", page.body);
}

#[tokio::test]
async fn declared_version_shown() {
    let node = node();
    for name in ["v402.xml", "v502.xml"] {
        let reply = post_form(&node.app, "/reports", &form_body(&[("xml", &fixture(name))])).await;
        assert_eq!(reply.status, StatusCode::CREATED, "{name}: {}", reply.body);
    }
    let reports = node.store.reports().unwrap();
    let id_of = |reference: &str| reports.iter().find(|report| report.entity_reference == reference).unwrap().id.clone();

    let list = get(&node.app, "/reports", &[]).await;
    assert!(list.body.contains(r#"<td class="version">5.0.2</td>"#), "{}", list.body);
    assert!(list.body.contains(r#"<td class="version">not declared</td>"#), "{}", list.body);

    let v502 = get(&node.app, &format!("/reports/{}", id_of("BCEL-STR-502")), &[]).await;
    assert!(v502.body.contains(r#"<dd id="declared-version">5.0.2</dd>"#), "{}", v502.body);
    assert!(v502.body.contains(r#"<dd id="checked-version">5.0.1</dd>"#), "{}", v502.body);

    let v402 = get(&node.app, &format!("/reports/{}?lang=lo", id_of("BCEL-STR-402")), &[]).await;
    assert!(v402.body.contains(r#"<dd id="declared-version">ບໍ່ໄດ້ແຈ້ງ</dd>"#), "{}", v402.body);
}

/// Starts a node with two reports that name one company and one account in different ways.
async fn node_with_organisation_pair() -> common::TestNode {
    let node = node();
    for name in ["org_account_a.xml", "org_account_b.xml"] {
        let reply = post_form(&node.app, "/reports", &form_body(&[("xml", &fixture(name))])).await;
        assert_eq!(reply.status, StatusCode::CREATED, "{name}: {}", reply.body);
    }
    node
}

fn suggestion_of(node: &common::TestNode, reason: mekong_reports::MergeReason) -> mekong_reports::MergeSuggestion {
    let suggestions = mekong_reports::stored_merge_suggestions(node.store.as_ref()).unwrap();
    suggestions.into_iter().find(|suggestion| suggestion.reasons().any(|found| found == reason)).unwrap()
}

#[tokio::test]
async fn organisation_account_suggestions_shown() {
    let node = node_with_organisation_pair().await;
    let company = suggestion_of(&node, mekong_reports::MergeReason::RegistrationNumber);
    let account = suggestion_of(&node, mekong_reports::MergeReason::AccountNumber);

    let page = get(&node.app, "/entities", &[]).await;

    assert_eq!(page.status, StatusCode::OK);
    for reason in ["registration-number", "organisation-name", "account-number"] {
        assert!(page.body.contains(&format!("data-reason=\"{reason}\"")), "{reason}: {}", page.body);
    }
    assert_eq!(page.body.matches(&format!("data-left=\"{}\"", company.left)).count(), 1, "one row per pair: {}", page.body);
    assert!(page.body.contains(r#"data-reason="registration-number organisation-name""#), "{}", page.body);
    assert!(page.body.contains(&format!("data-left=\"{}\"", account.left)), "{}", page.body);
    assert!(page.body.contains(r#"value="same-organisation""#), "{}", page.body);
    assert!(page.body.contains(r#"value="same-account""#), "{}", page.body);
    assert!(page.body.contains("Golden Triangle Trading Co., Ltd."), "{}", page.body);
}

#[tokio::test]
async fn organisation_decision_recorded() {
    let node = node_with_organisation_pair().await;
    let entities_before = node.store.entities().unwrap();
    let pair = suggestion_of(&node, mekong_reports::MergeReason::RegistrationNumber);

    let body = form_body(&[("left", &pair.left), ("right", &pair.right), ("decision", "same-organisation")]);
    let reply = post_form(&node.app, "/entities/merge", &body).await;

    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert!(reply.body.contains("data-decision=\"same-organisation\""), "{}", reply.body);
    let recorded = audit_of(&node, "entity.merge-decision");
    assert_eq!(recorded.len(), 1);
    assert_eq!(recorded[0].object_id.as_deref(), Some(format!("{}+{}", pair.left, pair.right).as_str()));
    let reason = recorded[0].changes.iter().find(|change| change.field == "reason").and_then(|change| change.new.clone());
    assert_eq!(reason.as_deref(), Some("registration-number,organisation-name"));
    assert_eq!(node.store.entities().unwrap(), entities_before, "a decision changes no entity");
}

/// Posts a decision on the suggested pair of accounts.
async fn decide_on_accounts(node: &common::TestNode, decision: &str) -> common::Reply {
    let pair = suggestion_of(node, mekong_reports::MergeReason::AccountNumber);
    let body = form_body(&[("left", &pair.left), ("right", &pair.right), ("decision", decision)]);
    post_form(&node.app, "/entities/merge", &body).await
}

#[tokio::test]
async fn account_decision_recorded() {
    let node = node_with_organisation_pair().await;

    let reply = decide_on_accounts(&node, "same-account").await;

    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert!(reply.body.contains("data-decision=\"same-account\""), "{}", reply.body);
    assert_eq!(audit_of(&node, "entity.merge-decision").len(), 1);
}

#[tokio::test]
async fn person_decision_on_account_rejected() {
    let node = node_with_organisation_pair().await;

    let reply = decide_on_accounts(&node, "same-person").await;

    assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{}", reply.body);
    assert!(reply.body.contains("Choose one of the decisions shown for this pair."), "{}", reply.body);
    assert!(audit_of(&node, "entity.merge-decision").is_empty());
}

#[tokio::test]
async fn not_same_label_fits_accounts() {
    let node = node_with_organisation_pair().await;

    let reply = decide_on_accounts(&node, "not-same").await;
    let chinese = get(&node.app, "/entities?lang=zh-CN", &[]).await;
    let lao = get(&node.app, "/entities?lang=lo", &[]).await;

    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert!(reply.body.contains("Recorded: not the same entity"), "{}", reply.body);
    assert!(chinese.body.contains("已记录：不是同一实体"), "{}", chinese.body);
    assert!(!chinese.body.contains("同一人"), "{}", chinese.body);
    assert!(!lao.body.contains("ຄົນດຽວກັນ"), "{}", lao.body);
}

#[tokio::test]
async fn unmonitored_transaction_explained() {
    let node = node();

    let reply = post_form(&node.app, "/reports", &form_body(&[("xml", &fixture("str_my_client.xml"))])).await;

    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    assert!(reply.body.contains("0 of its transactions went to the monitor"), "{}", reply.body);
    assert!(reply.body.contains("One transaction has no bank account on the sending or the receiving side"), "{}", reply.body);
}

#[tokio::test]
async fn report_labels_translated() {
    let node = node();
    let reply = post_form(&node.app, "/reports", &form_body(&[("xml", &fixture("str_accounts.xml"))])).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    let id = node.store.reports().unwrap()[0].id.clone();

    let chinese = get(&node.app, &format!("/reports/{id}?lang=zh-CN"), &[]).await;
    let lao = get(&node.app, &format!("/reports/{id}?lang=lo"), &[]).await;

    assert!(chinese.body.contains(r#"银行账户 <code class="ftm-name">BankAccount</code>"#), "{}", chinese.body);
    assert!(chinese.body.contains(r#"SWIFT/BIC 代码 <code class="ftm-name">swiftBic</code>"#), "{}", chinese.body);
    assert!(chinese.body.contains(r#"收款账户 <code class="ftm-name">to_account</code>"#), "{}", chinese.body);
    assert!(lao.body.contains("ໂນດທີ່ນຳເຂົ້າ"), "{}", lao.body);
    assert!(!lao.body.contains("node ທີ່ນຳເຂົ້າ"), "{}", lao.body);
    assert!(lao.body.contains("ເວີຊັນໂຄງຮ່າງ goAML ທີ່ແຈ້ງໄວ້"), "{}", lao.body);
    assert!(!lao.body.contains("ເວີຊັນ schema"), "{}", lao.body);
}

#[tokio::test]
async fn match_key_shown_as_code() {
    let node = node_with_organisation_pair().await;

    let page = get(&node.app, "/entities?lang=zh-CN", &[]).await;

    assert!(page.body.contains(r#"<small>匹配键</small> <code class="key">bic:COEBLALA 010120000123456</code>"#), "{}", page.body);
}
