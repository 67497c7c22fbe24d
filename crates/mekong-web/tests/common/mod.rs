//! A real node for the web tests: a SQLite store in a temporary directory, the
//! pipeline with the default rules, and the router, plus seed data that raises
//! alerts and helpers to send requests through the router.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::str::FromStr;
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use http_body_util::BodyExt;
use mekong_core::{AccountRef, Channel, Country, Currency, Money, NodeId, NodeIdentity, Timestamp, Transaction};
use mekong_ingest::pipeline::Pipeline;
use mekong_monitor::RuleSet;
use mekong_store::{AlertFilter, SqliteStore, Store};
use mekong_web::AppState;
use rust_decimal::Decimal;
use tempfile::TempDir;
use tower::ServiceExt;

/// The account that receives the fan-in of the seed data.
pub const FAN_IN_RECEIVER: &str = "CCB/6217000099990000";
/// The account that pays the large amount of the seed data.
pub const LARGE_PAYER: &str = "ICBC/6222000000000001";

/// A running node without a listening socket.
pub struct TestNode {
    pub dir: TempDir,
    pub store: Arc<SqliteStore>,
    pub pipeline: Arc<Pipeline>,
    pub state: AppState,
    pub app: Router,
}

/// The ids of the alerts the seed data raised.
pub struct Seeded {
    pub large_amount: String,
    pub fan_in: String,
}

/// A response, with the body read to text.
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Reply {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|error| panic!("not JSON ({error}): {}", self.body))
    }

    pub fn header(&self, name: &str) -> &str {
        self.headers.get(name).and_then(|value| value.to_str().ok()).unwrap_or("")
    }
}

/// Starts a node in a new temporary directory.
pub fn node() -> TestNode {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(SqliteStore::open(&dir.path().join("mekong.db")).unwrap());
    let identity = NodeIdentity::new(NodeId::new("cn-web-test").unwrap(), Country::CN, "TEST").unwrap();
    store.init_node_identity(&identity).unwrap();

    let shared: Arc<dyn Store> = store.clone();
    let pipeline = Arc::new(Pipeline::start(shared.clone(), RuleSet::defaults()).unwrap());
    let state = AppState::new(shared, pipeline.clone(), identity);
    let app = mekong_web::router(state.clone());
    TestNode { dir, store, pipeline, state, app }
}

/// Builds a transaction of this node.
pub fn transaction(id: &str, at: &str, debtor: &str, creditor: &str, amount: &str, currency: &str) -> Transaction {
    let account = |key: &str, country: Country| {
        let (bank, number) = key.split_once('/').unwrap();
        AccountRef::new(bank, number, Some(country))
    };
    let creditor_country = if creditor.starts_with("BCEL") { Country::LA } else { Country::CN };
    Transaction {
        id: id.to_owned(),
        origin: NodeId::new("cn-web-test").unwrap(),
        timestamp: Timestamp::parse_rfc3339(at).unwrap(),
        debtor: account(debtor, Country::CN),
        creditor: account(creditor, creditor_country),
        amount: Money::new(Decimal::from_str(amount).unwrap(), Currency::from_str(currency).unwrap()),
        channel: Channel::Transfer,
        reference: Some("seed".to_owned()),
    }
}

/// Stores a large CNY transfer to Laos and a fan-in of 12 senders to one account,
/// and returns the ids of the alerts they raised.
pub fn seed(node: &TestNode) -> Seeded {
    let mut batch = vec![transaction(
        "seed-large-1",
        "2026-03-01T09:30:00+08:00",
        LARGE_PAYER,
        "BCEL/0101200000001",
        "2000000.00",
        "CNY",
    )];
    for sender in 1..=12 {
        batch.push(transaction(
            &format!("seed-fan-{sender:02}"),
            &format!("2026-03-02T{:02}:15:00+08:00", 8 + sender / 2),
            &format!("ABC/62280000000000{sender:02}"),
            FAN_IN_RECEIVER,
            "2000.00",
            "CNY",
        ));
    }
    node.pipeline.submit(batch).unwrap();

    Seeded { large_amount: alert_of(node, "large_amount"), fan_in: alert_of(node, "fan_in") }
}

/// Returns the id of the newest alert a rule raised.
pub fn alert_of(node: &TestNode, rule: &str) -> String {
    let filter = AlertFilter { rule: Some(rule.to_owned()), ..AlertFilter::default() };
    let page = node.store.list_alerts(&filter).unwrap();
    page.items.first().unwrap_or_else(|| panic!("the seed raised no {rule} alert")).id.clone()
}

/// Sends a request through the router.
pub async fn send(app: &Router, request: Request<Body>) -> Reply {
    let response = app.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    Reply { status, headers, body: String::from_utf8(bytes.to_vec()).unwrap() }
}

/// Sends a GET request with optional extra headers.
pub async fn get(app: &Router, uri: &str, headers: &[(&str, &str)]) -> Reply {
    let mut builder = Request::get(uri);
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    send(app, builder.body(Body::empty()).unwrap()).await
}

/// Posts a JSON body to the transactions API.
pub async fn post_transactions(app: &Router, body: &str) -> Reply {
    let request = Request::post("/api/v1/transactions")
        .header("content-type", "application/json")
        .body(Body::from(body.to_owned()))
        .unwrap();
    send(app, request).await
}

/// Posts a URL-encoded form.
pub async fn post_form(app: &Router, uri: &str, form: &str) -> Reply {
    let request = Request::post(uri)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::from(form.to_owned()))
        .unwrap();
    send(app, request).await
}

/// Percent-encodes a form or query value.
pub fn encode(value: &str) -> String {
    let mut encoded = String::new();
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

/// Builds a JSON transaction for the API, valid unless the caller changes it.
pub fn api_transaction(id: &str, amount: &str) -> serde_json::Value {
    serde_json::json!({
        "id": id,
        "timestamp": "2026-03-05T10:00:00+08:00",
        "debtor": {"bank": "ICBC", "account": "6222000000000777", "country": "CN"},
        "creditor": {"bank": "BCEL", "account": "0101200000777", "country": "LA"},
        "amount": amount,
        "currency": "CNY",
        "channel": "transfer",
        "reference": "api test"
    })
}
