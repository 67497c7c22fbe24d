//! The analyst's pages in every locale, filters, paging, errors and headers.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use axum::http::StatusCode;
use common::{FAN_IN_RECEIVER, LARGE_PAYER, encode, get, node, seed};

/// A word each locale's alerts page must show, from the message files.
const ALERTS_TITLE: [(&str, &str); 3] = [("en", "Alerts"), ("zh-CN", "预警"), ("lo", "ການແຈ້ງເຕືອນ")];

#[tokio::test]
async fn every_page_every_locale() {
    let node = node();
    let seeded = seed(&node);
    let pages = [
        "/alerts".to_owned(),
        "/alerts?rule=fan_in&min_score=10&status=open&from=2026-03-01&until=2026-03-31".to_owned(),
        format!("/alerts/{}", seeded.fan_in),
        format!("/alerts/{}", seeded.large_amount),
        format!("/accounts/{FAN_IN_RECEIVER}"),
        format!("/accounts/{LARGE_PAYER}"),
    ];

    for (tag, title) in ALERTS_TITLE {
        for page in &pages {
            let separator = if page.contains('?') { '&' } else { '?' };
            let reply = get(&node.app, &format!("{page}{separator}lang={tag}"), &[]).await;
            assert_eq!(reply.status, StatusCode::OK, "{page} in {tag}");
            assert!(reply.body.contains(&format!("<html lang=\"{tag}\">")), "{page} in {tag}");
            assert!(!reply.body.contains('⟦'), "{page} in {tag} lacks a message: {}", missing_key(&reply.body));
            assert!(reply.body.contains(title), "{page} in {tag} shows no {title}");
        }
    }
}

fn missing_key(body: &str) -> &str {
    let start = body.find('⟦').unwrap_or(0);
    let end = body[start..].find('⟧').map_or(body.len(), |end| start + end + '⟧'.len_utf8());
    &body[start..end]
}

#[tokio::test]
async fn locale_from_cookie_and_header() {
    let node = node();

    let chosen = get(&node.app, "/alerts?lang=lo", &[]).await;
    let cookie = chosen.header("set-cookie").to_owned();
    assert!(cookie.starts_with("lang=lo;"), "{cookie}");

    let remembered = get(&node.app, "/alerts", &[("cookie", "lang=lo"), ("accept-language", "zh-CN")]).await;
    assert!(remembered.body.contains("<html lang=\"lo\">"));
    assert!(remembered.header("set-cookie").is_empty());

    let negotiated = get(&node.app, "/alerts", &[("accept-language", "zh-CN,zh;q=0.9,en;q=0.5")]).await;
    assert!(negotiated.body.contains("<html lang=\"zh-CN\">"));
    assert!(negotiated.body.contains("湄公桥"));

    let fallback = get(&node.app, "/alerts", &[]).await;
    assert!(fallback.body.contains("<html lang=\"en\">"));
}

#[tokio::test]
async fn language_switch_links() {
    let node = node();
    let reply = get(&node.app, "/alerts?rule=fan_in", &[]).await;
    assert!(reply.body.contains("href=\"/alerts?rule=fan_in&amp;lang=zh-CN\""), "{}", reply.body);
    assert!(reply.body.contains("href=\"/alerts?rule=fan_in&amp;lang=lo\""));
    assert!(reply.body.contains("简体中文"));
    assert!(reply.body.contains("ພາສາລາວ"));
}

#[tokio::test]
async fn list_shows_seeded_alerts() {
    let node = node();
    let seeded = seed(&node);
    let reply = get(&node.app, "/alerts", &[]).await;
    assert!(reply.body.contains(&format!("id=\"alert-{}\"", seeded.fan_in)));
    assert!(reply.body.contains(&format!("id=\"alert-{}\"", seeded.large_amount)));
    assert!(reply.body.contains("data-events=\"/events?\""));
    assert!(reply.body.contains("src=\"/static/alerts.js\""));
}

#[tokio::test]
async fn rule_filter_narrows_list() {
    let node = node();
    let seeded = seed(&node);
    let reply = get(&node.app, "/alerts?rule=fan_in", &[]).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(reply.body.contains(&format!("alert-{}", seeded.fan_in)));
    assert!(!reply.body.contains(&format!("alert-{}", seeded.large_amount)));
    assert!(reply.body.contains("data-events=\"/events?rule=fan_in\""));

    let none = get(&node.app, "/alerts?min_score=100&status=dismissed", &[]).await;
    assert!(none.body.contains("No alerts match these filters."));
    assert!(none.body.contains("id=\"no-alerts\""));
    assert!(!none.body.contains("id=\"no-alerts\" hidden"));
}

#[tokio::test]
async fn date_filter_uses_node_zone() {
    let node = node();
    let seeded = seed(&node);
    // The large transfer was at 2026-03-01 09:30 +08:00, the fan-in on 2026-03-02.
    let first_day = get(&node.app, "/alerts?from=2026-03-01&until=2026-03-01", &[]).await;
    assert!(first_day.body.contains(&format!("alert-{}", seeded.large_amount)));
    assert!(!first_day.body.contains(&format!("alert-{}", seeded.fan_in)));

    let second_day = get(&node.app, "/alerts?from=2026-03-02", &[]).await;
    assert!(second_day.body.contains(&format!("alert-{}", seeded.fan_in)));
    assert!(!second_day.body.contains(&format!("alert-{}", seeded.large_amount)));
}

#[tokio::test]
async fn paging_splits_list() {
    let node = node();
    seed(&node);
    let total = node.store_total();

    let first = get(&node.app, "/alerts?per_page=1", &[]).await;
    assert_eq!(first.body.matches("<tr id=\"alert-").count(), 1);
    assert!(first.body.contains(&format!("Page 1 of {total} ({total} alerts)")), "{}", first.body);
    assert!(first.body.contains("href=\"/alerts?per_page=1&amp;page=2\""));
    assert!(!first.body.contains("rel=\"prev\""));

    let second = get(&node.app, "/alerts?per_page=1&page=2", &[]).await;
    assert_eq!(second.body.matches("<tr id=\"alert-").count(), 1);
    assert!(second.body.contains("href=\"/alerts?per_page=1&amp;page=1\""));
    // Only the first page takes live alerts.
    assert!(!second.body.contains("data-events"));

    let past_end = get(&node.app, &format!("/alerts?per_page=1&page={}", total + 5), &[]).await;
    assert_eq!(past_end.status, StatusCode::OK);
    assert_eq!(past_end.body.matches("<tr id=\"alert-").count(), 0);
}

trait StoreTotal {
    fn store_total(&self) -> u64;
}

impl StoreTotal for common::TestNode {
    fn store_total(&self) -> u64 {
        use mekong_store::{AlertFilter, Store};
        self.store.list_alerts(&AlertFilter::default()).unwrap().total
    }
}

#[tokio::test]
async fn bad_filters_explained() {
    let node = node();
    let reply = get(&node.app, "/alerts?min_score=abc&page=0&from=01.03.2026&status=closed", &[]).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert!(reply.body.contains("role=\"alert\""));
    assert!(reply.body.contains("Minimum score “abc” is not a whole number from 0 to 100."), "{}", reply.body);
    assert!(reply.body.contains("Page “0” is not a whole number of 1 or more."));
    assert!(reply.body.contains("Start date “01.03.2026” is not a date in the form YYYY-MM-DD"));
    assert!(reply.body.contains("Status “closed” is unknown"));
    // The form keeps what was typed, escaped.
    assert!(reply.body.contains("value=\"abc\""));

    let chinese = get(&node.app, "/alerts?min_score=abc&lang=zh-CN", &[]).await;
    assert_eq!(chinese.status, StatusCode::BAD_REQUEST);
    assert!(chinese.body.contains("最低分值“abc”不是 0 到 100 之间的整数。"));
    assert!(!chinese.body.contains('⟦'));
}

#[tokio::test]
async fn values_are_escaped() {
    let node = node();
    let reply = get(&node.app, &format!("/alerts?min_score={}", encode("<script>x</script>")), &[]).await;
    assert!(!reply.body.contains("<script>x</script>"));
    assert!(reply.body.contains("&lt;script&gt;x&lt;/script&gt;"));
}

#[tokio::test]
async fn unknown_pages_are_localised_404() {
    let node = node();
    for (uri, text) in [
        ("/no/such/page?lang=zh-CN", "页面不存在"),
        ("/alerts/al-missing?lang=lo", "ບໍ່ມີການແຈ້ງເຕືອນລະຫັດ al-missing"),
        ("/accounts/NOBANK/123?lang=en", "No account NOBANK/123 appears"),
        ("/static/missing.css", "Page not found"),
    ] {
        let reply = get(&node.app, uri, &[]).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{uri}");
        assert!(reply.body.contains(text), "{uri}: {}", reply.body);
        assert!(!reply.body.contains('⟦'), "{uri}");
    }
}

#[tokio::test]
async fn root_redirects_to_alerts() {
    let node = node();
    let reply = get(&node.app, "/", &[]).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert_eq!(reply.header("location"), "/alerts");
}

#[tokio::test]
async fn security_headers_everywhere() {
    let node = node();
    for uri in ["/alerts", "/api/v1/alerts", "/static/style.css", "/nowhere", "/healthz"] {
        let reply = get(&node.app, uri, &[]).await;
        let policy = reply.header("content-security-policy");
        assert!(policy.starts_with("default-src 'self'"), "{uri}: {policy}");
        assert!(policy.contains("frame-ancestors 'none'"), "{uri}");
        assert_eq!(reply.header("x-content-type-options"), "nosniff", "{uri}");
        assert_eq!(reply.header("referrer-policy"), "no-referrer", "{uri}");
        assert_eq!(reply.header("x-frame-options"), "DENY", "{uri}");
    }
}

#[tokio::test]
async fn pages_use_no_inline_code() {
    let node = node();
    let seeded = seed(&node);
    for uri in ["/alerts".to_owned(), format!("/alerts/{}", seeded.fan_in), format!("/accounts/{FAN_IN_RECEIVER}")] {
        let body = get(&node.app, &uri, &[]).await.body;
        assert!(!body.contains(" style="), "{uri} has an inline style");
        assert!(!body.contains("<script>"), "{uri} has an inline script");
        assert!(!body.contains("http://") || body.matches("http://").count() == body.matches("http://www.w3.org/2000/svg").count(), "{uri} loads an external resource");
        assert!(!body.contains("https://"), "{uri} loads an external resource");
    }
}

#[tokio::test]
async fn static_assets_served() {
    let node = node();
    let css = get(&node.app, "/static/style.css", &[]).await;
    assert_eq!(css.status, StatusCode::OK);
    assert!(css.header("content-type").starts_with("text/css"));
    assert!(css.body.contains("Noto Sans Lao"));
    assert!(css.body.contains("Noto Sans CJK SC"));

    let script = get(&node.app, "/static/alerts.js", &[]).await;
    assert!(script.header("content-type").starts_with("text/javascript"));
    assert!(script.body.contains("EventSource"));
}

#[tokio::test]
async fn detail_shows_flow_and_transactions() {
    let node = node();
    let seeded = seed(&node);
    let reply = get(&node.app, &format!("/alerts/{}", seeded.fan_in), &[]).await;
    let body = &reply.body;

    assert!(body.contains("<svg id=\"fund-flow\""));
    assert_eq!(body.matches("class=\"flow-edge\"").count(), body.matches("<circle").count() - 1);
    assert!(body.contains("2000.00 CNY"), "amounts are shown exactly as stored");
    assert!(body.contains("href=\"/accounts/CCB/6217000099990000\""));
    // Times in the source offset, with UTC on hover.
    assert!(body.contains("+08:00</time>"));
    assert!(body.contains(" UTC\""));
    assert!(body.contains("name=\"to\""));
    assert!(body.contains("value=\"under_review\""));
    assert!(!body.contains("value=\"escalated\""), "the form offers only the next statuses");
}

#[tokio::test]
async fn account_shows_risk_and_history() {
    let node = node();
    seed(&node);
    let reply = get(&node.app, &format!("/accounts/{FAN_IN_RECEIVER}"), &[]).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(reply.body.contains("id=\"account-risk\""));
    assert_eq!(reply.body.matches("2000.00 CNY").count(), 12);
    assert!(reply.body.contains("0 out, 12 in"), "{}", reply.body);

    let bad_page = get(&node.app, &format!("/accounts/{FAN_IN_RECEIVER}?page=x"), &[]).await;
    assert_eq!(bad_page.status, StatusCode::BAD_REQUEST);
    assert!(bad_page.body.contains("Page “x” is not a whole number"));
}
