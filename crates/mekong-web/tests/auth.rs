//! Sign-in, second factor, lockout, CSRF, session expiry, API token scopes, disabled
//! users and the permission matrix of every route and role, through the router.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode};
use chrono::TimeDelta;
use common::{PASSWORD, Session, add_user, encode, get, node, send, sign_in};
use mekong_auth::{Clock, ExposeSecret, Role, Scope, TotpSecret, totp};
use mekong_store::Store;
use mekong_web::{Access, ROUTES};

fn request(method: &str, uri: &str, session: Option<&Session>, body: &str) -> Request<Body> {
    let mut builder = Request::builder().method(method).uri(uri).header("content-type", "application/x-www-form-urlencoded");
    if let Some(session) = session {
        builder = builder.header("cookie", &session.cookie);
    }
    builder.body(Body::from(body.to_owned())).unwrap()
}

fn from(mut request: Request<Body>, address: &str) -> Request<Body> {
    request.extensions_mut().insert(ConnectInfo(address.parse::<std::net::SocketAddr>().unwrap()));
    request
}

fn session_cookie(reply: &common::Reply) -> String {
    let header = reply.header("set-cookie");
    assert!(header.contains("HttpOnly") && header.contains("SameSite=Strict"), "{header}");
    header.split(';').next().unwrap().to_owned()
}

fn code_now(node: &common::TestNode, secret: &TotpSecret) -> String {
    secret.code_at_step(totp::step_of(node.clock.now().timestamp())).to_string()
}

fn csrf_of(body: &str) -> String {
    let start = body.find("name=\"csrf\" value=\"").unwrap() + "name=\"csrf\" value=\"".len();
    body[start..].split('"').next().unwrap().to_owned()
}

#[tokio::test]
async fn password_then_totp_signs_in() {
    let node = node();
    let secret = add_user(&node.state, "li.wei", &[Role::FiuAnalyst]);

    let reply = send(&node.raw, request("POST", "/signin", None, &format!("username=li.wei&password={}", encode(PASSWORD)))).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert_eq!(reply.header("location"), "/signin/totp");
    let pending = Session { cookie: session_cookie(&reply), csrf: String::new() };

    let still_pending = send(&node.raw, request("GET", "/alerts", Some(&pending), "")).await;
    assert_eq!(still_pending.header("location"), "/signin");

    let page = send(&node.raw, request("GET", "/signin/totp", Some(&pending), "")).await;
    assert!(page.body.contains("<svg"), "first sign-in shows the enrolment QR code");
    let csrf = csrf_of(&page.body);

    let code = code_now(&node, &secret);
    let done = send(&node.raw, request("POST", "/signin/totp", Some(&pending), &format!("csrf={csrf}&code={code}"))).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    let complete = Session { cookie: session_cookie(&done), csrf: String::new() };
    assert_ne!(complete.cookie, pending.cookie, "sign-in issues a new session id");

    let alerts = send(&node.raw, request("GET", "/alerts", Some(&complete), "")).await;
    assert_eq!(alerts.status, StatusCode::OK);
    let old = send(&node.raw, request("GET", "/alerts", Some(&pending), "")).await;
    assert_eq!(old.header("location"), "/signin");
}

#[tokio::test]
async fn wrong_password_rejected() {
    let node = node();
    add_user(&node.state, "li.wei", &[Role::FiuAnalyst]);
    let reply = send(&node.raw, request("POST", "/signin", None, "username=li.wei&password=wrong+password+here")).await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    assert!(reply.header("set-cookie").is_empty());
    let unknown = send(&node.raw, request("POST", "/signin", None, "username=nobody&password=wrong+password+here")).await;
    assert_eq!(unknown.status, StatusCode::UNAUTHORIZED);
    assert_eq!(reply.body.contains("Wrong user name or password"), unknown.body.contains("Wrong user name or password"));
}

#[tokio::test]
async fn bad_signin_input_rejected() {
    let node = node();
    for body in ["", "username=&password=", "username=a", &format!("username={}&password=x", "a".repeat(65)), "%ZZ"] {
        let reply = send(&node.raw, request("POST", "/signin", None, body)).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{body}");
    }
}

#[tokio::test]
async fn totp_code_reuse_rejected() {
    let node = node();
    let secret = add_user(&node.state, "li.wei", &[Role::FiuAnalyst]);
    sign_in(&node.state, &node.clock, "li.wei", &secret);

    let pending = node.state.auth.begin_sign_in("li.wei", &PASSWORD.to_owned().into(), None).unwrap();
    let reused = code_now(&node, &secret);
    let result = node.state.auth.complete_sign_in(&pending.token, &reused, None);
    assert!(result.is_err(), "a code of an accepted step is refused");
}

#[tokio::test]
async fn account_locks_after_failures() {
    let node = node();
    let secret = add_user(&node.state, "admin", &[Role::Administrator]);
    let limit = node.state.auth.lockout.max_failures_per_user;
    for attempt in 0..limit {
        let reply = send(&node.raw, request("POST", "/signin", None, "username=admin&password=not+the+password")).await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "attempt {attempt}");
    }
    let locked = send(&node.raw, request("POST", "/signin", None, &format!("username=admin&password={}", encode(PASSWORD)))).await;
    assert_eq!(locked.status, StatusCode::TOO_MANY_REQUESTS);

    node.clock.advance(node.state.auth.lockout.lock_for + TimeDelta::seconds(1));
    let _ = secret;
    let after = send(&node.raw, request("POST", "/signin", None, &format!("username=admin&password={}", encode(PASSWORD)))).await;
    assert_eq!(after.status, StatusCode::SEE_OTHER, "the lock ends by itself");
}

#[tokio::test]
async fn unlock_ends_account_lock() {
    let node = node();
    add_user(&node.state, "admin", &[Role::Administrator]);
    for _ in 0..node.state.auth.lockout.max_failures_per_user {
        send(&node.raw, request("POST", "/signin", None, "username=admin&password=not+the+password")).await;
    }
    assert!(node.state.auth.unlock("admin").unwrap());
    let reply = send(&node.raw, request("POST", "/signin", None, &format!("username=admin&password={}", encode(PASSWORD)))).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn source_locks_after_failures() {
    let node = node();
    add_user(&node.state, "li.wei", &[Role::FiuAnalyst]);
    let limit = node.state.auth.lockout.max_failures_per_source;
    for attempt in 0..limit {
        let body = format!("username=guess{attempt}&password=not+the+password");
        send(&node.raw, from(request("POST", "/signin", None, &body), "192.0.2.7:5000")).await;
    }
    let body = format!("username=li.wei&password={}", encode(PASSWORD));
    let locked = send(&node.raw, from(request("POST", "/signin", None, &body), "192.0.2.7:5001")).await;
    assert_eq!(locked.status, StatusCode::TOO_MANY_REQUESTS);
    let elsewhere = send(&node.raw, from(request("POST", "/signin", None, &body), "192.0.2.8:5000")).await;
    assert_eq!(elsewhere.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn csrf_token_required() {
    let node = node();
    let seeded = common::seed(&node);
    let uri = format!("/alerts/{}/status", seeded.fan_in);
    let form = "to=under_review&reason=checking";

    let missing = send(&node.raw, request("POST", &uri, Some(&node.session), form)).await;
    assert_eq!(missing.status, StatusCode::FORBIDDEN);
    let wrong = send(&node.raw, request("POST", &uri, Some(&node.session), &format!("{form}&csrf=forged"))).await;
    assert_eq!(wrong.status, StatusCode::FORBIDDEN);

    let mut cross = request("POST", &uri, Some(&node.session), &format!("{form}&csrf={}", node.session.csrf));
    cross.headers_mut().insert("origin", "http://evil.example".parse().unwrap());
    cross.headers_mut().insert("host", "127.0.0.1:8080".parse().unwrap());
    assert_eq!(send(&node.raw, cross).await.status, StatusCode::FORBIDDEN);

    let alert = node.store.alert(&seeded.fan_in).unwrap().unwrap();
    assert!(alert.history.is_empty(), "rejected requests change nothing");

    let good = send(&node.raw, request("POST", &uri, Some(&node.session), &format!("{form}&csrf={}", node.session.csrf))).await;
    assert_eq!(good.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn idle_session_expires() {
    let node = node();
    let ok = send(&node.raw, request("GET", "/alerts", Some(&node.session), "")).await;
    assert_eq!(ok.status, StatusCode::OK);
    node.clock.advance(node.state.auth.sessions.idle + TimeDelta::seconds(1));
    let expired = send(&node.raw, request("GET", "/alerts", Some(&node.session), "")).await;
    assert_eq!(expired.header("location"), "/signin");
}

#[tokio::test]
async fn absolute_session_expires() {
    let node = node();
    let steps = node.state.auth.sessions.absolute.num_minutes() / 20 + 1;
    for _ in 0..steps {
        node.clock.advance(TimeDelta::minutes(20));
        let _ = send(&node.raw, request("GET", "/alerts", Some(&node.session), "")).await;
    }
    let expired = send(&node.raw, request("GET", "/alerts", Some(&node.session), "")).await;
    assert_eq!(expired.header("location"), "/signin");
}

#[tokio::test]
async fn disabled_user_session_ends() {
    let node = node();
    let user = node.state.auth.user_by_name("analyst").unwrap().unwrap();
    node.state.auth.disable_user(&user.id).unwrap();
    let reply = send(&node.raw, request("GET", "/alerts", Some(&node.session), "")).await;
    assert_eq!(reply.header("location"), "/signin");
}

#[tokio::test]
async fn token_scopes_enforced() {
    let node = node();
    let body = serde_json::json!({"transactions": [common::api_transaction("scope-1", "10.00")]}).to_string();
    let post = |token: Option<String>| {
        let mut builder = Request::post("/api/v1/transactions").header("content-type", "application/json");
        if let Some(token) = token {
            builder = builder.header("authorization", format!("Bearer {token}"));
        }
        builder.body(Body::from(body.clone())).unwrap()
    };

    assert_eq!(send(&node.raw, post(None)).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(send(&node.raw, post(Some("not-a-token".to_owned()))).await.status, StatusCode::UNAUTHORIZED);

    let reader = node.state.auth.create_api_token("reader", &[Scope::ReadAlerts], "test").unwrap();
    let reply = send(&node.raw, post(Some(reader.token.expose_secret().to_owned()))).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert_eq!(reply.json()["code"], "forbidden");

    let feed = node.state.auth.create_api_token("feed", &[Scope::SubmitTransactions], "test").unwrap();
    let reply = send(&node.raw, post(Some(feed.token.expose_secret().to_owned()))).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let used = node.state.auth.api_tokens().unwrap().into_iter().find(|token| token.name == "feed").unwrap();
    assert!(used.last_used_at.is_some());

    node.state.auth.revoke_api_token(&feed.record.id).unwrap();
    assert_eq!(send(&node.raw, post(Some(feed.token.expose_secret().to_owned()))).await.status, StatusCode::UNAUTHORIZED);
}

/// Sends a request and keeps only status and headers, because the event stream never ends.
async fn send_head(app: &axum::Router, request: Request<Body>) -> common::Reply {
    use tower::ServiceExt;
    let response = app.clone().oneshot(request).await.unwrap();
    common::Reply { status: response.status(), headers: response.headers().clone(), body: String::new() }
}

/// The roles expected to reach each route; every route of the table must be listed.
fn expected(method: &str, path: &str) -> Option<&'static [Role]> {
    use Role::*;
    const READERS: &[Role] = &[FiuAnalyst, Investigator, Supervisor];
    const ALL: &[Role] = &[Investigator, FiuAnalyst, Supervisor, LiaisonOfficer, Prosecutor, Auditor, Administrator];
    let roles: &[Role] = match (method, path) {
        ("GET", "/healthz" | "/static/{file}" | "/signin") | ("POST", "/signin") => ALL,
        ("GET", "/signin/totp") | ("POST", "/signin/totp") => ALL,
        ("GET", "/") | ("POST", "/signout" | "/signout/everywhere") => ALL,
        ("GET", "/alerts" | "/alerts/{id}" | "/alerts/{id}/status" | "/accounts/{*key}" | "/events") => READERS,
        ("POST", "/alerts/{id}/status") => &[FiuAnalyst, Supervisor],
        ("GET", "/api/v1/alerts") => READERS,
        ("POST", "/api/v1/transactions") => &[],
        ("GET", "/api/v1/risk") => &[],
        ("POST", "/api/v1/registry") => &[FiuAnalyst, Supervisor],
        ("GET", "/admin/users" | "/admin/tokens") => &[Administrator],
        ("POST", "/admin/users" | "/admin/tokens") => &[Administrator],
        ("POST", "/admin/users/{id}/disable" | "/admin/users/{id}/enable" | "/admin/users/{id}/roles") => &[Administrator],
        ("POST", "/admin/tokens/{id}/revoke") => &[Administrator],
        ("GET", "/audit" | "/audit/export.csv" | "/audit/export.jsonl") => &[Auditor],
        ("GET", "/freezes" | "/freezes/{id}" | "/freezes/new") => &[FiuAnalyst, Investigator, Supervisor],
        ("POST", "/freezes" | "/freezes/{id}/request" | "/freezes/{id}/appeal") => &[FiuAnalyst, Investigator, Supervisor],
        ("POST", "/freezes/{id}/approve" | "/freezes/{id}/reject" | "/freezes/{id}/renew" | "/freezes/{id}/release") => &[Supervisor],
        ("POST", "/freezes/{id}/returns" | "/freezes/{id}/appeal/decision") => &[Supervisor],
        ("GET", "/registry") => &[FiuAnalyst, Investigator, Supervisor],
        ("POST", "/registry" | "/registry/import") => &[FiuAnalyst, Supervisor],
        ("GET", "/reports" | "/reports/{id}" | "/entities") => &[FiuAnalyst, Investigator, Supervisor],
        ("GET", "/reports/new") | ("POST", "/reports" | "/reports/new" | "/entities/merge") => &[FiuAnalyst, Supervisor],
        ("GET", "/evidence" | "/evidence/search" | "/evidence/items/{id}") => &[Investigator, Prosecutor, Supervisor],
        ("POST", "/evidence/items/{id}/verify" | "/evidence/items/{id}/content") => &[Investigator, Prosecutor, Supervisor],
        ("GET", "/evidence/new") | ("POST", "/evidence") | ("POST", "/evidence/items/{id}/custody") => &[Investigator, Supervisor],
        ("GET", "/trace" | "/trace.csv") | ("POST", "/trace/freezes") => &[FiuAnalyst, Investigator, Supervisor],
        _ => return None,
    };
    Some(roles)
}

#[tokio::test]
async fn permission_matrix_every_route() {
    let node = node();
    let seeded = common::seed(&node);
    let mut sessions = Vec::new();
    for role in Role::ALL {
        let name = format!("matrix-{}", role.as_str().replace('_', "-"));
        let secret = add_user(&node.state, &name, &[role]);
        let session = sign_in(&node.state, &node.clock, &name, &secret);
        sessions.push((role, session, name, secret));
    }

    for route in ROUTES {
        let allowed = expected(route.method, route.path)
            .unwrap_or_else(|| panic!("{} {} has no expected rule in this test", route.method, route.path));
        let uri = route
            .path
            .replace("{id}", &seeded.fan_in)
            .replace("{file}", "style.css")
            .replace("{*key}", common::FAN_IN_RECEIVER);
        for (role, session, name, secret) in &mut sessions {
            let body = format!("csrf={}", session.csrf);
            let reply = send_head(&node.raw, request(route.method, &uri, Some(session), &body)).await;
            if route.path.starts_with("/signout") {
                assert!(reply.header("set-cookie").contains("Max-Age=0"), "{} as {role}", route.path);
                *session = sign_in(&node.state, &node.clock, name, secret);
                continue;
            }
            let denied = reply.status == StatusCode::FORBIDDEN
                || reply.status == StatusCode::UNAUTHORIZED
                || reply.header("location") == "/signin";
            let pending_only = route.access == Access::PendingSignIn;
            if pending_only {
                // A complete session is sent on from the second-factor page.
                assert!(reply.status.is_redirection(), "{} {uri} as {role}", route.method);
                continue;
            }
            if matches!(route.access, Access::Token(_)) {
                assert!(denied, "{} {uri} must need a token, not a session ({role})", route.method);
                continue;
            }
            assert_eq!(!denied, allowed.contains(role), "{} {uri} as {role}: {}", route.method, reply.status);
        }
        let anonymous = send_head(&node.raw, request(route.method, &uri, None, "")).await;
        if route.access != Access::Public {
            let denied = anonymous.status == StatusCode::UNAUTHORIZED || anonymous.header("location") == "/signin";
            assert!(denied, "{} {uri} without sign-in: {}", route.method, anonymous.status);
        }
    }
}

#[tokio::test]
async fn unknown_name_not_recorded() {
    let node = node();
    let known = node.state.auth.user_by_name("analyst").unwrap().unwrap();
    let typed = "Tr0ub4dor-typed-as-name";
    let unknown = send(&node.raw, request("POST", "/signin", None, &format!("username={typed}&password=wrong+password+here"))).await;
    assert_eq!(unknown.status, StatusCode::UNAUTHORIZED);
    let wrong = send(&node.raw, request("POST", "/signin", None, "username=analyst&password=wrong+password+here")).await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);

    let query = mekong_audit::AuditQuery { action: Some("signin.failure".to_owned()), ..Default::default() };
    let mut failures = mekong_audit::search(node.state.auditor.store().as_ref(), &query).unwrap().items;
    failures.sort_by_key(|entry| entry.seq);
    assert_eq!(failures.len(), 2);
    assert_eq!(failures[0].actor.name, "unknown user");
    assert_eq!(failures[0].actor.user_id, None);
    assert_eq!(failures[1].actor.name, "analyst");
    assert_eq!(failures[1].actor.user_id.as_deref(), Some(known.id.as_str()));

    let mut exported = Vec::new();
    mekong_audit::export(node.state.auditor.store().as_ref(), &Default::default(), mekong_audit::ExportFormat::Jsonl, &mut exported)
        .unwrap();
    assert!(!String::from_utf8(exported).unwrap().contains(typed), "the typed name is nowhere in the trail");
}

#[tokio::test]
async fn totp_page_has_no_navigation() {
    let node = node();
    add_user(&node.state, "admin.zhou", &[Role::Administrator, Role::FiuAnalyst, Role::Supervisor]);
    let reply = send(&node.raw, request("POST", "/signin", None, &format!("username=admin.zhou&password={}", encode(PASSWORD)))).await;
    let pending = Session { cookie: session_cookie(&reply), csrf: String::new() };

    let totp = send(&node.raw, request("GET", "/signin/totp", Some(&pending), "")).await;
    let signin = send(&node.raw, request("GET", "/signin", None, "")).await;

    assert_eq!(totp.status, StatusCode::OK);
    for page in [&totp, &signin] {
        assert!(!page.body.contains("Main menu"), "no navigation: {}", page.body);
        for link in ["/alerts", "/freezes", "/registry", "/admin/users", "/audit", "/signout"] {
            assert!(!page.body.contains(&format!("href=\"{link}")) && !page.body.contains(&format!("action=\"{link}")), "{link}: {}", page.body);
        }
    }
    assert!(totp.body.contains(r#"id="totp-form""#), "the code form stays");
    let alerts = get(&node.app, "/alerts", &[]).await;
    assert!(alerts.body.contains("Main menu"), "a signed-in page keeps its navigation");
}
