//! HTTP tests of evidence content downloads and bank statement options, on a real node.
//! A download records one `accessed` custody event with the user and purpose, while
//! viewing the item page records none. An upload with the statement fields parses a
//! PaySim statement, and one without them stores it and names the missing fields. The
//! item page counts statement transactions and shows why an item has no records.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;


use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::{Reply, Session, encode, get, send};
use mekong_auth::Role;
use mekong_evidence::{AddRequest, EvidenceKind};
use mekong_web::EvidenceServices;

const BOUNDARY: &str = "mekong-content-boundary-42";
const LEDGER: &str = "2024-01-03 借 48000.00 CNY 货款\n";
const PAYSIM: &str = "step,type,amount,nameOrig,oldbalanceOrg,newbalanceOrig,nameDest,oldbalanceDest,newbalanceDest,isFraud,isFlaggedFraud\n\
1,PAYMENT,4210.55,C1000000001,90000.00,85789.45,M2000000001,0.00,0.00,0,0\n\
2,TRANSFER,250000.00,C1000000002,250000.00,0.00,C1000000003,0.00,0.00,1,0\n";

struct ContentNode {
    _node: common::TestNode,
    services: EvidenceServices,
    app: Router,
    investigator: Session,
    item_id: String,
}

fn content_node() -> ContentNode {
    let node = common::node();
    let common::EvidenceParts { vault, services, app } = common::evidence(&node);
    let investigator = common::signed_in(&node, "inv.zhang", &[Role::Investigator]);

    let request = AddRequest::new("C-12", EvidenceKind::Document, "inv.zhang");
    let item_id = vault.add_reader(&request, "账本 1.txt", LEDGER.as_bytes()).unwrap().id;
    ContentNode { _node: node, services, app, investigator, item_id }
}

impl ContentNode {
    fn kinds(&self) -> Vec<String> {
        self.services.store.item_custody_events(&self.item_id).unwrap().into_iter().map(|row| row.event.kind).collect()
    }

    async fn download(&self, purpose: &str, with_csrf: bool) -> Reply {
        let mut body = format!("purpose={}", encode(purpose));
        if with_csrf {
            body.push_str(&format!("&csrf={}", encode(&self.investigator.csrf)));
        }
        let request = Request::post(format!("/evidence/items/{}/content", self.item_id))
            .header("cookie", &self.investigator.cookie)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(Body::from(body))
            .unwrap();
        send(&self.app, request).await
    }

    async fn upload(&self, fields: &[(&str, &str)], file_name: &str, content: &str) -> Reply {
        self.upload_in("en", fields, file_name, content).await
    }

    /// Uploads one file with the page language `tag`.
    async fn upload_in(&self, tag: &str, fields: &[(&str, &str)], file_name: &str, content: &str) -> Reply {
        let mut parts = vec![("csrf", self.investigator.csrf.as_str())];
        parts.extend_from_slice(fields);
        let mut body = String::new();
        for (name, value) in parts {
            body.push_str(&format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"));
        }
        body.push_str(&format!(
            "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\n\
             Content-Type: text/csv\r\n\r\n{content}\r\n--{BOUNDARY}--\r\n"
        ));
        let request = Request::post("/evidence")
            .header("cookie", format!("{}; lang={tag}", self.investigator.cookie))
            .header("content-type", format!("multipart/form-data; boundary={BOUNDARY}"))
            .body(Body::from(body))
            .unwrap();
        send(&self.app, request).await
    }
}

impl ContentNode {
    /// Returns the body of an item's page in the language `tag`.
    async fn item_page(&self, id: &str, tag: &str) -> String {
        let cookie = format!("{}; lang={tag}", self.investigator.cookie);
        let reply = get(&self.app, &format!("/evidence/items/{id}"), &[("cookie", &cookie)]).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        reply.body
    }
}

#[tokio::test]
async fn item_page_records_no_access() {
    let node = content_node();

    for _ in 0..2 {
        let reply = get(&node.app, &format!("/evidence/items/{}", node.item_id), &[("cookie", &node.investigator.cookie)]).await;
        assert_eq!(reply.status, StatusCode::OK);
        assert!(reply.body.contains("id=\"download-content\""), "{}", reply.body);
    }

    assert_eq!(node.kinds(), vec!["checked_in"]);
}

#[tokio::test]
async fn download_records_accessed_event() {
    let node = content_node();

    let reply = node.download("compare with the bank reply", true).await;

    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.body, LEDGER);
    assert_eq!(reply.header("content-type"), "application/octet-stream");
    assert_eq!(reply.header("content-disposition"), "attachment; filename=\"___1.txt\"; filename*=UTF-8''%E8%B4%A6%E6%9C%AC%201.txt");
    assert_eq!(reply.header("cache-control"), "no-store");
    assert_eq!(node.kinds(), vec!["checked_in", "accessed"]);
    let events = node.services.store.item_custody_events(&node.item_id).unwrap();
    assert_eq!(events[1].event.actor, "inv.zhang");
    assert_eq!(events[1].event.details, "channel=web-download purpose=compare with the bank reply");

    let page = get(&node.app, &format!("/evidence/items/{}", node.item_id), &[("cookie", &node.investigator.cookie)]).await;
    assert!(page.body.contains("data-kind=\"accessed\""), "{}", page.body);
}

#[tokio::test]
async fn download_without_csrf_rejected() {
    let node = content_node();

    let reply = node.download("", false).await;

    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert_eq!(node.kinds(), vec!["checked_in"]);
}

#[tokio::test]
async fn download_unknown_item_not_found() {
    let node = content_node();
    let request = Request::post("/evidence/items/EV-missing/content")
        .header("cookie", &node.investigator.cookie)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::from(format!("csrf={}", encode(&node.investigator.csrf))))
        .unwrap();

    let reply = send(&node.app, request).await;

    assert_eq!(reply.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn statement_fields_parse_paysim() {
    let node = content_node();
    let fields = [("case", "C-13"), ("kind", "financial_records"), ("statement_currency", "lak"), ("statement_start", "2024-01-01")];

    let reply = node.upload(&fields, "paysim.csv", PAYSIM).await;

    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    let items = node.services.store.evidence_items(Some("C-13")).unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].statement_currency.as_deref(), Some("LAK"));
    let records = node.services.search.parsed_records(&items[0].id).unwrap();
    assert_eq!(records.len(), 2);
    assert!(records[0].record.text.contains("4210.55 LAK"), "{}", records[0].record.text);
}

#[tokio::test]
async fn statement_without_fields_named() {
    let node = content_node();
    let fields = [("case", "C-14"), ("kind", "financial_records"), ("statement_currency", "CNY")];

    let reply = node.upload(&fields, "paysim.csv", PAYSIM).await;

    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    assert!(reply.body.contains("a bank statement in the PaySim layout needs these fields: Date of step 0"), "{}", reply.body);
    let items = node.services.store.evidence_items(Some("C-14")).unwrap();
    assert_eq!(items.len(), 1);
    assert!(node.services.search.parsed_records(&items[0].id).unwrap().is_empty());

    let page = node.item_page(&items[0].id, "en").await;
    assert!(page.contains("If it is a PaySim or AMLSim bank statement, it needs these fields, which were not given: Date of step 0"), "{page}");
}

#[tokio::test]
async fn statement_notice_names_layout() {
    let node = content_node();
    let fields = [("case", "C-16"), ("kind", "financial_records")];
    let cases = [
        ("en", "a bank statement in the PaySim layout needs"),
        ("zh-CN", "PaySim 格式的银行流水需要"),
        ("lo", "ໃບແຈ້ງຍອດບັນຊີທະນາຄານໃນຮູບແບບ PaySim ຕ້ອງມີ"),
    ];

    for (tag, expected) in cases {
        let reply = node.upload_in(tag, &fields, "paysim.csv", PAYSIM).await;

        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
        assert!(reply.body.contains(expected), "{tag}: {}", reply.body);
        assert!(!reply.body.contains("paysim bank"), "{tag}: {}", reply.body);
        assert!(!reply.body.contains("ແບບ paysim"), "{tag}: {}", reply.body);
    }
}

#[tokio::test]
async fn item_page_counts_transactions() {
    let node = content_node();
    let fields = [("case", "C-17"), ("kind", "financial_records"), ("statement_currency", "LAK"), ("statement_start", "2024-01-01")];
    node.upload(&fields, "paysim.csv", PAYSIM).await;
    let id = node.services.store.evidence_items(Some("C-17")).unwrap()[0].id.clone();
    let cases = [
        ("en", "2 statement transactions, 0 messages, 0 log entries and 0 lines kept as raw text."),
        ("zh-CN", "2 笔流水交易，0 条消息，0 条日志，0 行保留为原始文本。"),
        ("lo", "2 ທຸລະກຳໃນໃບແຈ້ງຍອດ, 0 ຂໍ້ຄວາມ, 0 ລາຍການບັນທຶກ ແລະ 0 ແຖວເກັບໄວ້ເປັນຂໍ້ຄວາມດິບ."),
    ];

    for (tag, expected) in cases {
        let page = node.item_page(&id, tag).await;

        assert!(page.contains(expected), "{tag}: {page}");
    }
}

#[tokio::test]
async fn one_transaction_singular() {
    let node = content_node();
    let one_row: String = PAYSIM.lines().take(2).map(|line| format!("{line}\n")).collect();
    let fields = [("case", "C-18"), ("kind", "financial_records"), ("statement_currency", "LAK"), ("statement_start", "2024-01-01")];
    node.upload(&fields, "paysim.csv", &one_row).await;
    let id = node.services.store.evidence_items(Some("C-18")).unwrap()[0].id.clone();

    let page = node.item_page(&id, "en").await;

    assert!(page.contains("1 statement transaction, 0 messages, 0 log entries and 0 lines kept as raw text."), "{page}");
}

#[tokio::test]
async fn unparsed_reason_shown() {
    let node = content_node();
    let chat_fields = [("case", "C-19"), ("kind", "chat_history")];
    node.upload(&chat_fields, "chat.json", "{ not json").await;
    let chat = node.services.store.evidence_items(Some("C-19")).unwrap()[0].id.clone();
    let ledger_fields = [("case", "C-20"), ("kind", "financial_records"), ("statement_currency", "CNY"), ("statement_start", "2024-01-01")];
    node.upload(&ledger_fields, "ledger.csv", "date,amount\n2024-01-01,5\n").await;
    let ledger = node.services.store.evidence_items(Some("C-20")).unwrap()[0].id.clone();
    let cases = [
        (node.item_id.clone(), "en", "no parser reads items of this kind"),
        (node.item_id.clone(), "zh-CN", "没有解析器读取此类型的证据"),
        (node.item_id.clone(), "lo", "ບໍ່ມີຕົວວິເຄາະສຳລັບຫຼັກຖານປະເພດນີ້"),
        (chat.clone(), "en", "the parser rejected its content"),
        (ledger.clone(), "en", "its header row is none of the bank statement layouts"),
    ];

    for (id, tag, expected) in cases {
        let page = node.item_page(&id, tag).await;

        assert!(page.contains(expected), "{id} in {tag}: {page}");
        assert!(!page.contains("This item has no parsed records.<"), "{id} in {tag}: {page}");
    }
}

#[tokio::test]
async fn statement_currency_invalid_rejected() {
    let node = content_node();
    let fields = [("case", "C-15"), ("kind", "financial_records"), ("statement_currency", "XXQ")];

    let reply = node.upload(&fields, "paysim.csv", PAYSIM).await;

    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert!(reply.body.contains("Invalid statement currency &quot;XXQ&quot;") || reply.body.contains("Invalid statement currency \"XXQ\""), "{}", reply.body);
    assert!(node.services.store.evidence_items(Some("C-15")).unwrap().is_empty());
}
