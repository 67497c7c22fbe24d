//! New alerts reach open alerts pages through Server-Sent Events, and shutdown
//! ends open event streams.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::Duration;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::{api_transaction, node, post_transactions};
use http_body_util::BodyExt;
use serde_json::json;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;
use tower::ServiceExt;

/// Guards against a hang only; the events arrive as soon as the batch is committed.
const HANG_GUARD: Duration = Duration::from_secs(60);

/// Reads frames of an event stream until one `alert` event has arrived, and returns its data.
async fn next_alert(body: &mut Body) -> serde_json::Value {
    let mut text = String::new();
    loop {
        let frame = tokio::time::timeout(HANG_GUARD, body.frame()).await.expect("no event arrived").unwrap().unwrap();
        if let Ok(data) = frame.into_data() {
            text.push_str(std::str::from_utf8(&data).unwrap());
        }
        if let Some(start) = text.find("event: alert\n") {
            let rest = &text[start..];
            if let Some(end) = rest.find("\n\n") {
                let data: String = rest[..end]
                    .lines()
                    .filter_map(|line| line.strip_prefix("data: "))
                    .collect::<Vec<_>>()
                    .join("\n");
                return serde_json::from_str(&data).unwrap();
            }
        }
    }
}

#[tokio::test]
async fn new_alert_reaches_list() {
    let node = node();
    let request = Request::get("/events?lang=zh-CN").body(Body::empty()).unwrap();
    let response = node.app.clone().oneshot(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.headers()["content-type"].to_str().unwrap().starts_with("text/event-stream"));
    let mut body = response.into_body();

    let batch = json!({"transactions": [api_transaction("sse-1", "3000000.00")]}).to_string();
    let reply = post_transactions(&node.app, &batch).await;
    let alert_ids: Vec<String> = reply.json()["results"][0]["alerts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|id| id.as_str().unwrap().to_owned())
        .collect();
    assert!(!alert_ids.is_empty());

    let event = next_alert(&mut body).await;
    let id = event["id"].as_str().unwrap();
    assert!(alert_ids.iter().any(|alert| alert == id), "{id} not in {alert_ids:?}");
    let row = event["row"].as_str().unwrap();
    assert!(row.starts_with(&format!("<tr id=\"alert-{id}\" class=\"new\">")), "{row}");
    assert!(row.contains("待处理"), "the row is rendered in the viewer's locale: {row}");
    assert!(!row.contains('⟦'), "{row}");
    assert_eq!(event["notice"], "1 条新预警");
}

#[tokio::test]
async fn filtered_stream_skips_others() {
    let node = node();
    let request = Request::get("/events?rule=fan_in").body(Body::empty()).unwrap();
    let mut body = node.app.clone().oneshot(request).await.unwrap().into_body();

    // A large transfer raises no fan-in alert; the twelve senders after it do.
    post_transactions(&node.app, &json!({"transactions": [api_transaction("big", "3000000.00")]}).to_string()).await;
    let senders: Vec<_> = (1..=12)
        .map(|n| {
            let mut tx = api_transaction(&format!("fan-{n}"), "1500.00");
            tx["debtor"]["account"] = json!(format!("62280000000{n:05}"));
            tx["creditor"] = json!({"bank": "CCB", "account": "6217000011110000", "country": "CN"});
            tx
        })
        .collect();
    post_transactions(&node.app, &json!({"transactions": senders}).to_string()).await;

    let event = next_alert(&mut body).await;
    assert!(event["row"].as_str().unwrap().contains("CCB/6217000011110000"), "{event}");
    assert_eq!(event["notice"], "1 new alert");
}

#[tokio::test]
async fn bad_stream_filter_is_400() {
    let node = node();
    let reply = common::get(&node.app, "/events?min_score=abc", &[]).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn shutdown_ends_open_streams() {
    let node = node();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(mekong_web::serve(listener, node.state.clone(), async move {
        let _ = stopped.await;
    }));

    let stream = TcpStream::connect(address).await.unwrap();
    let mut reader = BufReader::new(stream);
    let request = format!(
        "GET /events HTTP/1.1\r\nHost: {address}\r\nCookie: {}\r\nAccept: text/event-stream\r\n\r\n",
        node.session.cookie
    );
    reader.get_mut().write_all(request.as_bytes()).await.unwrap();
    let mut status_line = String::new();
    reader.read_line(&mut status_line).await.unwrap();
    assert!(status_line.starts_with("HTTP/1.1 200"), "{status_line}");

    // A new alert reaches the socket.
    let batch = json!({"transactions": [api_transaction("tcp-1", "3000000.00")]}).to_string();
    post_transactions(&node.app, &batch).await;
    let mut seen = String::new();
    while !seen.contains("event: alert") {
        let mut line = String::new();
        let read = tokio::time::timeout(HANG_GUARD, reader.read_line(&mut line)).await.expect("no event").unwrap();
        assert!(read > 0, "the stream closed before the alert: {seen}");
        seen.push_str(&line);
    }

    stop.send(()).unwrap();
    let result = tokio::time::timeout(HANG_GUARD, server).await.expect("shutdown waited for the open stream");
    result.unwrap().unwrap();

    let mut rest = Vec::new();
    let read = tokio::time::timeout(HANG_GUARD, reader.read_to_end(&mut rest)).await.expect("the stream stayed open");
    read.unwrap();
}
