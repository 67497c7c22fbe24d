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
use chrono::{TimeDelta, Utc};
use mekong_audit::{Auditor, NodeKey};
use mekong_auth::{Auth, Clock, ExposeSecret, LockoutPolicy, ManualClock, NewUser, Role, Scope, SecretString, SessionPolicy, TotpSecret};
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
    /// The router with the cookie and CSRF header of a signed-in analyst and a bank
    /// feed's API token added to every request that has none.
    pub app: Router,
    /// The router as a browser without a session sees it.
    pub raw: Router,
    /// The node's clock, which tests move forward.
    pub clock: Arc<ManualClock>,
    /// The signed-in analyst's session that `app` adds.
    pub session: Session,
}

/// The password of every test user.
pub const PASSWORD: &str = "correct horse battery staple";

/// A signed-in session: the cookie header value and the CSRF token.
#[derive(Clone, Debug)]
pub struct Session {
    pub cookie: String,
    pub csrf: String,
}

/// Creates a user with roles and returns its TOTP secret.
pub fn add_user(node_state: &AppState, username: &str, roles: &[Role]) -> TotpSecret {
    let new = NewUser {
        username: username.to_owned(),
        agency: "TEST".to_owned(),
        roles: roles.to_vec(),
        password: SecretString::from(PASSWORD.to_owned()),
    };
    node_state.auth.create_user(new).unwrap().1
}

/// Signs a user in through the service and returns the session.
pub fn sign_in(state: &AppState, clock: &ManualClock, username: &str, secret: &TotpSecret) -> Session {
    let pending = state.auth.begin_sign_in(username, &SecretString::from(PASSWORD.to_owned()), None).unwrap();
    // Each sign-in uses a later step, because a step is accepted once per user.
    clock.advance(TimeDelta::seconds(30));
    let code = secret.code_at_step(mekong_auth::totp::step_of(clock.now().timestamp()));
    let done = state.auth.complete_sign_in(&pending.token, &code, None).unwrap();
    Session { cookie: format!("mekong_session={}", done.token.expose_secret()), csrf: done.session.csrf_token }
}

/// Creates a user with roles and signs it in.
pub fn signed_in(node: &TestNode, username: &str, roles: &[Role]) -> Session {
    let secret = add_user(&node.state, username, roles);
    sign_in(&node.state, &node.clock, username, &secret)
}

/// An evidence vault on a test node, its services and the router that serves them.
pub struct EvidenceParts {
    pub vault: Arc<mekong_evidence::Vault>,
    pub services: mekong_web::EvidenceServices,
    pub app: Router,
}

/// Opens an evidence vault with fresh keys in the node's directory.
pub fn evidence(node: &TestNode) -> EvidenceParts {
    let store = node.store.clone();
    let node_id = node.state.identity.node_id.as_str().to_owned();
    let log = mekong_evidence::CustodyLog::new(store.clone(), NodeKey::generate(), &node_id);
    let key = mekong_evidence::VaultKey::generate().unwrap();
    let vault = Arc::new(mekong_evidence::Vault::new(node.dir.path(), store.clone(), key, log, &node_id));

    let services = mekong_web::EvidenceServices::new(vault.clone(), store.clone(), store, node.dir.path(), &node_id);
    let app = mekong_web::router(node.state.clone().with_evidence(services.clone()));
    EvidenceParts { vault, services, app }
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
    let clock = Arc::new(ManualClock::new(Utc::now()));
    let lockout = LockoutPolicy { delay_per_failure: TimeDelta::zero(), max_delay: TimeDelta::zero(), ..LockoutPolicy::default() };
    let auth = Auth::new(store.clone(), "Mekong Bridge test").with_clock(clock.clone()).with_policies(SessionPolicy::default(), lockout);
    let auditor = Arc::new(Auditor::open(store.clone(), NodeKey::generate(), identity.node_id.clone()).unwrap());
    let registry = mekong_registry::Registry::load(store.clone(), pipeline.clone(), Country::CN).unwrap();
    let state = AppState::new(shared, pipeline.clone(), identity, auth, auditor)
        .with_registry(Arc::new(registry))
        .with_freezes(store.clone(), mekong_freeze::FreezeConfig::default())
        .with_reports(store.clone())
        .with_trace_source(store.clone());
    let raw = mekong_web::router(state.clone());

    let secret = add_user(&state, "analyst", &[Role::FiuAnalyst, Role::Supervisor]);
    let session = sign_in(&state, &clock, "analyst", &secret);
    let token = state
        .auth
        .create_api_token("test-feed", &[Scope::SubmitTransactions, Scope::ReadAlerts], "test")
        .unwrap()
        .token
        .expose_secret()
        .to_owned();
    let analyst = session.clone();
    let app = raw.clone().layer(axum::middleware::map_request(move |mut request: Request<Body>| {
        let session = session.clone();
        let token = token.clone();
        async move {
            let headers = request.headers_mut();
            let cookies = headers.get("cookie").and_then(|value| value.to_str().ok()).unwrap_or("").to_owned();
            if !cookies.contains("mekong_session=") {
                let joined = if cookies.is_empty() { session.cookie.clone() } else { format!("{cookies}; {}", session.cookie) };
                headers.insert("cookie", joined.parse().unwrap());
            }
            if !headers.contains_key("x-csrf-token") {
                headers.insert("x-csrf-token", session.csrf.parse().unwrap());
            }
            if !headers.contains_key("authorization") && request.uri().path() == "/api/v1/transactions" {
                request.headers_mut().insert("authorization", format!("Bearer {token}").parse().unwrap());
            }
            request
        }
    }));
    TestNode { dir, store, pipeline, state, app, raw, clock, session: analyst }
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
