//! HTTP tests of the evidence screens on a real node: streamed multipart upload into
//! the vault with parse-on-ingest, the case list, search with `<mark>` highlights in
//! Chinese and Lao, custody verification (intact and tampered), permissions, CSRF and
//! the audit trail.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;


use axum::Router;
use axum::body::{Body, Bytes};
use axum::http::{Request, StatusCode};
use common::{Reply, Session, TestNode, add_user, encode, get, send, sign_in};
use mekong_auth::Role;
use mekong_evidence::object_path;
use mekong_web::EvidenceServices;

const BOUNDARY: &str = "mekong-test-boundary-7f3a";

const TELEGRAM: &str = r#"{
 "name": "货款群",
 "type": "private_group",
 "id": 5001,
 "messages": [
  {"id": 1, "type": "message", "date": "2024-01-02T10:00:00", "date_unixtime": "1704160800",
   "from": "Li Ming", "from_id": "user501", "text": "我已经转账给你了",
   "text_entities": [{"type": "plain", "text": "我已经转账给你了"}]},
  {"id": 2, "type": "message", "date": "2024-01-02T10:05:00", "date_unixtime": "1704161100",
   "from": "Chen Jie", "from_id": "user502", "text": "<b>收到</b> 明天到账",
   "text_entities": [{"type": "plain", "text": "<b>收到</b> 明天到账"}]}
 ]
}"#;

const WHATSAPP: &str = "02/01/2024, 14:05 - Khamla: ໂອນເງິນໃຫ້ແລ້ວ\n\
02/01/2024, 14:06 - Somchai: ຂອບໃຈ\n\
02/01/2024, 14:07 - Messages and calls are end-to-end encrypted.\n";

/// A node with the evidence vault, and routers signed in as each role the tests use.
struct EvidenceNode {
    node: TestNode,
    services: EvidenceServices,
    app: Router,
    investigator: Session,
    prosecutor: Session,
    analyst: Session,
}

fn evidence_node() -> EvidenceNode {
    let node = common::node();
    let common::EvidenceParts { services, app, .. } = common::evidence(&node);
    let investigator = common::signed_in(&node, "inv.zhang", &[Role::Investigator]);
    let prosecutor = common::signed_in(&node, "pros.li", &[Role::Prosecutor]);
    let analyst = common::signed_in(&node, "fiu.wang", &[Role::FiuAnalyst]);
    EvidenceNode { node, services, app, investigator, prosecutor, analyst }
}

/// A part of a multipart body: a text field, or a file with its name and content.
#[derive(Clone)]
enum Part<'a> {
    Text(&'a str, &'a str),
    File(&'a str, &'a [u8]),
}

fn multipart_body(parts: &[Part<'_>]) -> Vec<u8> {
    let mut body = Vec::new();
    for part in parts {
        body.extend_from_slice(format!("--{BOUNDARY}\r\n").as_bytes());
        match part {
            Part::Text(name, value) => {
                body.extend_from_slice(format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n").as_bytes());
                body.extend_from_slice(value.as_bytes());
            }
            Part::File(file_name, content) => {
                body.extend_from_slice(
                    format!("Content-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                        .as_bytes(),
                );
                body.extend_from_slice(content);
            }
        }
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    body
}

fn upload_request(session: &Session, body: Body) -> Request<Body> {
    Request::post("/evidence")
        .header("cookie", &session.cookie)
        .header("content-type", format!("multipart/form-data; boundary={BOUNDARY}"))
        .body(body)
        .unwrap()
}

/// Posts the parts as the upload form does: the CSRF token first, then `parts`.
async fn upload(app: &Router, session: &Session, parts: &[Part<'_>]) -> Reply {
    let mut with_token = vec![Part::Text("csrf", &session.csrf)];
    with_token.extend(parts.iter().map(Part::clone));
    send(app, upload_request(session, Body::from(multipart_body(&with_token)))).await
}

async fn page(app: &Router, session: &Session, uri: &str) -> Reply {
    get(app, uri, &[("cookie", &session.cookie)]).await
}

async fn post_as(app: &Router, session: &Session, uri: &str) -> Reply {
    let request = Request::post(uri)
        .header("cookie", &session.cookie)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::from(format!("csrf={}", encode(&session.csrf))))
        .unwrap();
    send(app, request).await
}

fn chat_parts<'a>(case: &'a str, file_name: &'a str, content: &'a [u8]) -> Vec<Part<'a>> {
    vec![
        Part::Text("case", case),
        Part::Text("kind", "chat_history"),
        Part::Text("exhibit", "EX-7"),
        Part::Text("seal", "SEAL-0042"),
        Part::Text("device_type", "Android phone"),
        Part::Text("imei", "35-209900-176148-1"),
        Part::Text("serial", "R58M123ABC"),
        Part::Text("collected_by", "inv.zhang"),
        Part::Text("location", "Boten SEZ"),
        Part::Text("collected_at", "2026-03-01T10:00"),
        Part::Text("collected_zone", "+07:00"),
        Part::Text("authority", "Search warrant 2026-17"),
        Part::File(file_name, content),
    ]
}

/// Returns the id of the only item of a case.
fn only_item(evidence: &EvidenceNode, case: &str) -> String {
    let items = evidence.services.store.evidence_items(Some(case)).unwrap();
    assert_eq!(items.len(), 1, "items of {case}");
    items[0].id.clone()
}

fn audit_actions(evidence: &EvidenceNode, action: &str) -> Vec<mekong_audit::AuditEntry> {
    let query = mekong_audit::AuditQuery { action: Some(action.to_owned()), ..Default::default() };
    mekong_audit::search(evidence.node.state.auditor.store().as_ref(), &query).unwrap().items
}

#[tokio::test]
async fn upload_seals_parses_lists() {
    let evidence = evidence_node();

    let reply = upload(&evidence.app, &evidence.investigator, &chat_parts("C-2026-01", "result.json", TELEGRAM.as_bytes())).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    let id = only_item(&evidence, "C-2026-01");
    assert!(reply.body.contains(&id), "the result lists the new item");
    assert!(reply.body.contains("telegram"), "the result names the parser: {}", reply.body);

    let item = evidence.services.store.evidence_item(&id).unwrap().unwrap();
    assert_eq!(item.device_imei.as_deref(), Some("352099001761481"));
    assert_eq!(item.collected_at.as_deref(), Some("2026-03-01T10:00:00+07:00"));
    assert_eq!(item.file_name, "result.json");
    let object = evidence.services.store.evidence_object(&item.sha256).unwrap().unwrap();
    assert_eq!(object.size, TELEGRAM.len() as u64);

    let list = page(&evidence.app, &evidence.investigator, "/evidence?case=C-2026-01").await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.body.contains(&id));
    let cases = page(&evidence.app, &evidence.investigator, "/evidence").await;
    assert!(cases.body.contains("C-2026-01"));

    let detail = page(&evidence.app, &evidence.investigator, &format!("/evidence/items/{id}")).await;
    assert_eq!(detail.status, StatusCode::OK);
    assert!(detail.body.contains(&object.sha256), "SHA-256 shown");
    assert!(detail.body.contains(&object.sm3), "SM3 shown");
    assert!(detail.body.contains("SEAL-0042"));
    assert!(detail.body.contains(r#"data-kind="checked_in""#), "custody history has the check-in");
    assert!(detail.body.contains(r#"data-kind="parsed""#), "custody history has the parse");
    assert!(detail.body.contains("2 messages"), "records summary: {}", detail.body);

    assert_eq!(audit_actions(&evidence, "evidence.add").len(), 1);
    assert_eq!(audit_actions(&evidence, "evidence.parse").len(), 1);
    assert_eq!(audit_actions(&evidence, "evidence.list").len(), 2);
    assert_eq!(audit_actions(&evidence, "evidence.view").len(), 1);
}

#[tokio::test]
async fn search_marks_chinese_and_lao() {
    let evidence = evidence_node();
    upload(&evidence.app, &evidence.investigator, &chat_parts("C-9", "result.json", TELEGRAM.as_bytes())).await;
    upload(&evidence.app, &evidence.investigator, &chat_parts("C-9", "chat.txt", WHATSAPP.as_bytes())).await;

    let chinese = page(&evidence.app, &evidence.investigator, &format!("/evidence/search?case=C-9&q={}", encode("转账"))).await;
    assert_eq!(chinese.status, StatusCode::OK);
    assert!(chinese.body.contains("我已经<mark>转账</mark>给你了"), "{}", chinese.body);

    let lao = page(&evidence.app, &evidence.investigator, &format!("/evidence/search?case=C-9&q={}", encode("ເງິນ"))).await;
    assert!(lao.body.contains("ໂອນ<mark>ເງິນ</mark>ໃຫ້ແລ້ວ"), "{}", lao.body);

    let escaped = page(&evidence.app, &evidence.investigator, &format!("/evidence/search?case=C-9&q={}", encode("收到"))).await;
    assert!(escaped.body.contains("&lt;b&gt;<mark>收到</mark>&lt;/b&gt;"), "record text is escaped: {}", escaped.body);

    let by_sender = page(&evidence.app, &evidence.investigator, &format!("/evidence/search?case=C-9&sender=Chen&q={}", encode("转账"))).await;
    assert!(by_sender.body.contains(r#"id="no-hits""#), "sender filter leaves nothing");
    let other_case = page(&evidence.app, &evidence.investigator, &format!("/evidence/search?case=C-10&q={}", encode("转账"))).await;
    assert!(other_case.body.contains(r#"id="no-hits""#), "another case has no hits");
    let after = page(&evidence.app, &evidence.investigator, &format!("/evidence/search?case=C-9&from=2024-01-03&q={}", encode("转账"))).await;
    assert!(after.body.contains(r#"id="no-hits""#), "from filter leaves nothing");

    let searches = audit_actions(&evidence, "evidence.search");
    assert_eq!(searches.len(), 6, "every search is audited, also without hits");
}

#[tokio::test]
async fn search_input_errors_shown() {
    let evidence = evidence_node();

    let empty_form = page(&evidence.app, &evidence.investigator, "/evidence/search").await;
    assert_eq!(empty_form.status, StatusCode::OK);
    let punctuation = page(&evidence.app, &evidence.investigator, "/evidence/search?case=C-1&q=%21%21").await;
    assert_eq!(punctuation.status, StatusCode::BAD_REQUEST);
    let no_case = page(&evidence.app, &evidence.investigator, "/evidence/search?q=abc").await;
    assert_eq!(no_case.status, StatusCode::BAD_REQUEST);
    let bad_date = page(&evidence.app, &evidence.investigator, "/evidence/search?case=C-1&q=abc&from=01%2F03%2F2026").await;
    assert_eq!(bad_date.status, StatusCode::BAD_REQUEST);
    assert!(bad_date.body.contains("01/03/2026"));

    assert!(audit_actions(&evidence, "evidence.search").is_empty(), "rejected searches do not run");
}

#[tokio::test]
async fn verify_custody_intact_then_tampered() {
    let evidence = evidence_node();
    upload(&evidence.app, &evidence.investigator, &chat_parts("C-5", "result.json", TELEGRAM.as_bytes())).await;
    upload(&evidence.app, &evidence.investigator, &chat_parts("C-6", "other.txt", b"01/03/2026, 10:00 - A: hello")).await;
    let id = only_item(&evidence, "C-5");
    let item_events = evidence.services.store.item_custody_events(&id).unwrap().len();
    let log_events = evidence.services.store.custody_events().unwrap().len();
    assert!(item_events < log_events, "{item_events} of {log_events}");

    let verified = post_as(&evidence.app, &evidence.prosecutor, &format!("/evidence/items/{id}/verify")).await;
    assert_eq!(verified.status, StatusCode::OK);
    assert!(verified.body.contains(r#"data-ok="true""#), "{}", verified.body);
    let expected = format!("the item&#39;s {item_events} custody events are in the signed custody log");
    assert!(verified.body.contains(&expected) || verified.body.contains(&expected.replace("&#39;", "'")), "{}", verified.body);
    assert!(verified.body.contains(&format!("The whole log was checked too: {log_events} events")), "{}", verified.body);

    let item = evidence.services.store.evidence_item(&id).unwrap().unwrap();
    let path = object_path(&evidence.services.data_dir, &item.sha256);
    let mut bytes = std::fs::read(&path).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x01;
    std::fs::write(&path, bytes).unwrap();

    let tampered = post_as(&evidence.app, &evidence.prosecutor, &format!("/evidence/items/{id}/verify")).await;
    assert_eq!(tampered.status, StatusCode::OK);
    assert!(tampered.body.contains(r#"data-ok="false""#), "{}", tampered.body);
    assert!(tampered.body.contains(r#"data-kind="object_damaged""#));

    let audited = audit_actions(&evidence, "evidence.verify");
    assert_eq!(audited.len(), 2);
}

#[tokio::test]
async fn roles_limit_evidence_screens() {
    let evidence = evidence_node();
    upload(&evidence.app, &evidence.investigator, &chat_parts("C-3", "result.json", TELEGRAM.as_bytes())).await;
    let id = only_item(&evidence, "C-3");

    let search_uri = format!("/evidence/search?case=C-3&q={}", encode("转账"));
    for uri in ["/evidence", "/evidence/new", search_uri.as_str(), &format!("/evidence/items/{id}")] {
        let reply = page(&evidence.app, &evidence.analyst, uri).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "FIU analyst on {uri}");
    }
    let analyst_upload = upload(&evidence.app, &evidence.analyst, &chat_parts("C-3", "again.json", b"{}")).await;
    assert_eq!(analyst_upload.status, StatusCode::FORBIDDEN);

    let prosecutor_search = page(&evidence.app, &evidence.prosecutor, &search_uri).await;
    assert!(prosecutor_search.body.contains("<mark>转账</mark>"), "a prosecutor may search");
    let prosecutor_upload = upload(&evidence.app, &evidence.prosecutor, &chat_parts("C-3", "again.json", b"{}")).await;
    assert_eq!(prosecutor_upload.status, StatusCode::FORBIDDEN, "a prosecutor may not add evidence");
    let prosecutor_form = page(&evidence.app, &evidence.prosecutor, "/evidence/new").await;
    assert_eq!(prosecutor_form.status, StatusCode::FORBIDDEN);
    assert!(!prosecutor_search.body.contains(r#"id="upload-link""#), "no upload link for a prosecutor");

    assert_eq!(evidence.services.store.evidence_items(Some("C-3")).unwrap().len(), 1, "nothing more was stored");
}

#[tokio::test]
async fn upload_needs_csrf_token() {
    let evidence = evidence_node();
    let session = &evidence.investigator;
    let parts = chat_parts("C-4", "result.json", TELEGRAM.as_bytes());
    let with_first = |token: &'static str| {
        let mut body = vec![Part::Text("csrf", token)];
        body.extend(parts.iter().map(Part::clone));
        multipart_body(&body)
    };

    let without = send(&evidence.app, upload_request(session, Body::from(multipart_body(&parts)))).await;
    assert_eq!(without.status, StatusCode::FORBIDDEN, "no token");
    assert!(without.body.contains("Change rejected"), "the localised 403 page: {}", without.body);
    let forged = send(&evidence.app, upload_request(session, Body::from(with_first("forged")))).await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN, "wrong token");

    let mut after_file = parts.clone();
    after_file.push(Part::Text("csrf", &session.csrf));
    let late = send(&evidence.app, upload_request(session, Body::from(multipart_body(&after_file)))).await;
    assert_eq!(late.status, StatusCode::FORBIDDEN, "token after the file part");

    let in_query = Request::post(format!("/evidence?csrf={}", encode(&session.csrf)))
        .header("cookie", &session.cookie)
        .header("content-type", format!("multipart/form-data; boundary={BOUNDARY}"))
        .body(Body::from(multipart_body(&parts)))
        .unwrap();
    assert_eq!(send(&evidence.app, in_query).await.status, StatusCode::FORBIDDEN, "token in the query string");

    assert!(evidence.services.store.evidence_items(Some("C-4")).unwrap().is_empty(), "nothing was stored");
    let with = upload(&evidence.app, session, &parts).await;
    assert_eq!(with.status, StatusCode::CREATED, "{}", with.body);
}

#[tokio::test]
async fn upload_token_in_header() {
    let evidence = evidence_node();
    let session = &evidence.investigator;
    let with_header = |token: &str, parts: &[Part<'_>]| {
        let mut request = upload_request(session, Body::from(multipart_body(parts)));
        request.headers_mut().insert("x-csrf-token", token.parse().unwrap());
        request
    };

    let parts = chat_parts("C-5", "result.json", TELEGRAM.as_bytes());
    let mut with_body_token = vec![Part::Text("csrf", &session.csrf)];
    with_body_token.extend(parts.iter().map(Part::clone));
    let wrong = send(&evidence.app, with_header("forged", &with_body_token)).await;
    assert_eq!(wrong.status, StatusCode::FORBIDDEN, "a wrong header fails even with a good body token");
    assert!(evidence.services.store.evidence_items(Some("C-5")).unwrap().is_empty());

    let scripted = send(&evidence.app, with_header(&session.csrf, &parts)).await;
    assert_eq!(scripted.status, StatusCode::CREATED, "{}", scripted.body);
}

#[tokio::test]
async fn upload_form_token_in_body() {
    let evidence = evidence_node();

    let form = page(&evidence.app, &evidence.investigator, "/evidence/new").await;

    let id = form.body.find(r#"id="evidence-upload""#).expect("the upload form");
    let start = form.body[..id].rfind("<form").unwrap();
    let tag_end = start + form.body[start..].find('>').unwrap() + 1;
    assert!(form.body[start..tag_end].contains(r#"action="/evidence""#), "{}", &form.body[start..tag_end]);
    assert!(!form.body.contains("csrf="), "no token in a URL");
    let first_input = &form.body[tag_end..tag_end + form.body[tag_end..].find('>').unwrap() + 1];
    assert_eq!(first_input, format!(r#"<input type="hidden" name="csrf" value="{}">"#, evidence.investigator.csrf));
}

#[tokio::test]
async fn upload_rejects_bad_metadata() {
    let evidence = evidence_node();
    let content = TELEGRAM.as_bytes();

    let no_case = upload(&evidence.app, &evidence.investigator, &[Part::Text("kind", "chat_history"), Part::File("a.json", content)]).await;
    assert_eq!(no_case.status, StatusCode::BAD_REQUEST);
    assert!(no_case.body.contains("Enter the case reference"));

    let bad_kind = upload(&evidence.app, &evidence.investigator, &[Part::Text("case", "C-6"), Part::Text("kind", "tweets"), Part::File("a.json", content)]).await;
    assert_eq!(bad_kind.status, StatusCode::BAD_REQUEST);

    let mut parts = chat_parts("C-6", "a.json", content);
    parts[5] = Part::Text("imei", "12345");
    let bad_imei = upload(&evidence.app, &evidence.investigator, &parts).await;
    assert_eq!(bad_imei.status, StatusCode::BAD_REQUEST);
    assert!(bad_imei.body.contains("12345"));

    let mut parts = chat_parts("C-6", "a.json", content);
    parts[10] = Part::Text("collected_zone", "Asia/Vientiane");
    let bad_zone = upload(&evidence.app, &evidence.investigator, &parts).await;
    assert_eq!(bad_zone.status, StatusCode::BAD_REQUEST);

    let no_file = upload(&evidence.app, &evidence.investigator, &[Part::Text("case", "C-6"), Part::Text("kind", "document")]).await;
    assert_eq!(no_file.status, StatusCode::BAD_REQUEST);

    let not_multipart = post_as(&evidence.app, &evidence.investigator, "/evidence").await;
    assert_eq!(not_multipart.status, StatusCode::BAD_REQUEST);

    assert!(evidence.services.store.evidence_items(Some("C-6")).unwrap().is_empty(), "nothing was stored");
}

#[tokio::test]
async fn streamed_upload_in_chunks() {
    let evidence = evidence_node();
    // Nine MiB, above the 8 MiB body limit of the other routes, sent in 64 KiB body
    // chunks so that the file spans many multipart chunks.
    let content: Vec<u8> = (0..9 * 1024 * 1024).map(|i: u32| (i % 251) as u8).collect();
    let csrf = &evidence.investigator.csrf;
    let body = multipart_body(&[
        Part::Text("csrf", csrf),
        Part::Text("case", "C-7"),
        Part::Text("kind", "device_extraction"),
        Part::File("phone.bin", &content),
    ]);
    let chunks: Vec<Result<Bytes, std::io::Error>> = body.chunks(64 * 1024).map(|chunk| Ok(Bytes::copy_from_slice(chunk))).collect();
    let stream = futures_util::stream::iter(chunks);

    let reply = send(&evidence.app, upload_request(&evidence.investigator, Body::from_stream(stream))).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    let id = only_item(&evidence, "C-7");
    let mut stored = Vec::new();
    evidence.services.vault.open_item(&id, &mut stored).unwrap();
    assert_eq!(stored, content, "the vault holds exactly the uploaded bytes");
    assert!(reply.body.contains("No parser fits"));
}

#[tokio::test]
async fn prosecutor_home_is_evidence() {
    let evidence = evidence_node();

    let reply = page(&evidence.app, &evidence.prosecutor, "/").await;
    assert_eq!(reply.header("location"), "/evidence");
}

#[tokio::test]
async fn broken_upload_stores_nothing() {
    let evidence = evidence_node();
    let content = vec![7u8; 512 * 1024];
    let csrf = &evidence.investigator.csrf;
    let body = multipart_body(&[Part::Text("csrf", csrf), Part::Text("case", "C-8"), Part::Text("kind", "photo"), Part::File("photo.jpg", &content)]);
    // The body breaks off inside the file.
    let cut = body.len() / 2;
    let chunks: Vec<Result<Bytes, std::io::Error>> = vec![
        Ok(Bytes::copy_from_slice(&body[..cut])),
        Err(std::io::Error::new(std::io::ErrorKind::ConnectionReset, "client went away")),
    ];
    let stream = futures_util::stream::iter(chunks);

    let reply = send(&evidence.app, upload_request(&evidence.investigator, Body::from_stream(stream))).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{}", reply.body);
    assert!(evidence.services.store.evidence_items(Some("C-8")).unwrap().is_empty());
    let tmp = evidence.services.data_dir.join("evidence").join("objects").join("tmp");
    let leftovers = std::fs::read_dir(&tmp).map(|entries| entries.count()).unwrap_or(0);
    assert_eq!(leftovers, 0, "no temporary object is left behind");
}

#[tokio::test]
async fn screens_render_in_chinese_and_lao() {
    let evidence = evidence_node();
    upload(&evidence.app, &evidence.investigator, &chat_parts("C-11", "result.json", TELEGRAM.as_bytes())).await;
    let id = only_item(&evidence, "C-11");

    for (lang, word) in [("zh-CN", "验证保管链"), ("lo", "ກວດສອບລຳດັບການຄຸ້ມຄອງ")] {
        let reply = page(&evidence.app, &evidence.investigator, &format!("/evidence/items/{id}?lang={lang}")).await;
        assert!(reply.body.contains(word), "{lang} item page");
        assert!(reply.body.contains(&format!(r#"lang="{lang}""#)));
    }
    let upload_form = page(&evidence.app, &evidence.investigator, "/evidence/new?lang=lo").await;
    assert!(upload_form.body.contains("ອັບໂຫຼດ ແລະ ປະທັບຕາ"));
}

#[tokio::test]
async fn node_without_vault_answers_503() {
    let node = common::node();
    let secret = add_user(&node.state, "inv.chen", &[Role::Investigator]);
    let session = sign_in(&node.state, &node.clock, "inv.chen", &secret);

    let reply = page(&node.raw, &session, "/evidence").await;
    assert_eq!(reply.status, StatusCode::SERVICE_UNAVAILABLE);
}
