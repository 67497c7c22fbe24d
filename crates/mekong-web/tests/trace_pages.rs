//! The fund-tracing screen through the router: the trace graph and tables with
//! their amounts, the CSV download and the audit record with the case as purpose.
//! Also the freeze requests for accounts still holding traced money, input errors,
//! the links from the alert and account pages, and the screen in every locale.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use axum::http::StatusCode;
use common::{TestNode, encode, get, node, post_form, transaction};
use mekong_audit::{AuditEntry, AuditQuery};
use mekong_core::Channel;
use mekong_store::freeze::FreezeStore;

const VICTIM: &str = "ICBC/6222000000000100";
const MULE_A: &str = "CCB/6217000000000201";
const MULE_B: &str = "ABC/6228000000000302";
const MULE_C: &str = "BOC/6216000000000403";
const LAOS: &str = "BCEL/0101200000000504";
const CASH: &str = "BOC/ATM-0001";
const CASE: &str = "CASE-2026-0311";

/// Stores a victim's payment that moves on through three hops: mule A splits it
/// to B and C, B sends most of its share to Laos and C withdraws cash.
fn seed_chain(node: &TestNode) {
    let mut cash_out = transaction("tr-5", "2026-03-03T10:12:00+08:00", MULE_C, CASH, "20000.00", "CNY");
    cash_out.channel = Channel::CashOut;
    let batch = vec![
        transaction("tr-1", "2026-03-03T10:00:00+08:00", VICTIM, MULE_A, "100000.00", "CNY"),
        transaction("tr-2", "2026-03-03T10:05:00+08:00", MULE_A, MULE_B, "60000.00", "CNY"),
        transaction("tr-3", "2026-03-03T10:06:00+08:00", MULE_A, MULE_C, "30000.00", "CNY"),
        transaction("tr-4", "2026-03-03T10:10:00+08:00", MULE_B, LAOS, "50000.00", "CNY"),
        cash_out,
    ];
    node.pipeline.submit(batch).unwrap();
}

fn trace_query() -> String {
    format!("transaction=tr-1&method=fifo&direction=forward&hops=5&case={}&run=1", encode(CASE))
}

fn records(node: &TestNode, action: &str) -> Vec<AuditEntry> {
    let query = AuditQuery { action: Some(action.to_owned()), ..AuditQuery::default() };
    mekong_audit::search(node.state.auditor.store().as_ref(), &query).unwrap().items
}

/// Returns the text of the table row whose `data-account` is the account.
fn row<'a>(body: &'a str, table: &str, account: &str) -> &'a str {
    let table_start = body.find(&format!("id=\"{table}\"")).unwrap_or_else(|| panic!("no #{table}"));
    let rest = &body[table_start..];
    let row_start = rest.find(&format!("data-account=\"{account}\"")).unwrap_or_else(|| panic!("no {account} in #{table}"));
    let row = &rest[row_start..];
    &row[..row.find("</tr>").unwrap()]
}

#[tokio::test]
async fn trace_page_shows_amounts() {
    let node = node();
    seed_chain(&node);

    let reply = get(&node.app, &format!("/trace?{}&lang=en", trace_query()), &[]).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert!(reply.body.contains("id=\"trace-graph\""), "no graph: {}", reply.body);
    assert!(reply.body.contains("100000.00 CNY traced through"), "{}", reply.body);

    let graph = &reply.body[reply.body.find("id=\"trace-graph\"").unwrap()..reply.body.find("</svg>").unwrap()];
    for label in ["100000.00 CNY", "60000.00 CNY", "30000.00 CNY", "50000.00 CNY", "20000.00 CNY"] {
        assert!(graph.contains(label), "no edge labelled {label} in the graph");
    }
    assert!(graph.contains("cross-border transfer"), "the Lao account stops the trace at the border");
    assert!(graph.contains("cash withdrawal"), "the cash account stops the trace");

    assert!(row(&reply.body, "trace-nodes", MULE_A).contains("10000.00 CNY"), "A keeps 10000 of 100000");
    assert!(row(&reply.body, "trace-nodes", LAOS).contains("data-stop=\"cross_border\""));
    assert!(row(&reply.body, "trace-nodes", CASH).contains("data-stop=\"cash_out\""));
    assert!(row(&reply.body, "trace-holding", MULE_B).contains("10000.00 CNY"));
    assert!(row(&reply.body, "trace-holding", LAOS).contains("50000.00 CNY"));
    assert!(!reply.body[reply.body.find("id=\"trace-holding\"").unwrap()..].split("</table>").next().unwrap().contains(CASH),
        "cash taken out cannot be frozen");
    assert!(reply.body.contains("id=\"trace-freeze\""), "the analyst may request freezes");
}

#[tokio::test]
async fn trace_is_audited_with_case() {
    let node = node();
    seed_chain(&node);

    let reply = get(&node.app, &format!("/trace?{}", trace_query()), &[]).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);

    let traces = records(&node, "trace.forward");
    assert_eq!(traces.len(), 1);
    assert_eq!(traces[0].purpose.as_deref(), Some("case CASE-2026-0311"));
    assert_eq!(traces[0].object_id.as_deref(), Some("tr-1"));
    assert_eq!(traces[0].actor.name, "analyst");
}

#[tokio::test]
async fn trace_csv_downloads() {
    let node = node();
    seed_chain(&node);

    let reply = get(&node.app, &format!("/trace.csv?{}", trace_query()), &[]).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert!(reply.header("content-type").starts_with("text/csv"));
    assert!(reply.header("content-disposition").contains("trace.csv"));

    let header = reply.body.lines().next().unwrap();
    assert_eq!(header, mekong_trace::CSV_COLUMNS.join(","));
    for id in ["tr-1", "tr-2", "tr-3", "tr-4", "tr-5"] {
        assert!(reply.body.contains(id), "no {id} in the CSV:\n{}", reply.body);
    }
    assert_eq!(records(&node, "trace.forward").len(), 1, "the download is audited like the page");
}

#[tokio::test]
async fn freezes_requested_for_holders() {
    let node = node();
    seed_chain(&node);

    let form = format!(
        "{}&legal_basis=cn-atof-20&reason={}",
        trace_query(),
        encode("Victim funds still in mule accounts")
    );
    let reply = post_form(&node.app, "/trace/freezes", &form).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);

    let mut freezes = node.store.freezes().unwrap();
    freezes.sort_by(|left, right| left.accounts.cmp(&right.accounts));
    let summary: Vec<(String, String, String)> = freezes
        .iter()
        .map(|freeze| (freeze.accounts.join(","), format!("{} {}", freeze.amount, freeze.currency), freeze.state.clone()))
        .collect();
    let expected = [(MULE_B, "10000.00"), (LAOS, "50000.00"), (MULE_C, "10000.00"), (MULE_A, "10000.00")];
    assert_eq!(summary.len(), expected.len(), "one freeze per holding account: {summary:?}");
    for (account, amount) in expected {
        let found = summary.iter().find(|(accounts, _, _)| accounts == account);
        let (_, money, state) = found.unwrap_or_else(|| panic!("no freeze for {account}: {summary:?}"));
        assert_eq!(money, &format!("{amount} CNY"), "{account}");
        assert_eq!(state, "requested", "{account}");
    }
    for freeze in &freezes {
        assert_eq!(freeze.case_reference, CASE);
        assert!(reply.body.contains(&format!("/freezes/{}", freeze.id)), "no link to {}", freeze.id);
    }
    assert!(!summary.iter().any(|(accounts, _, _)| accounts == CASH), "cash taken out is not frozen");
}

#[tokio::test]
async fn freeze_needs_reason_and_basis() {
    let node = node();
    seed_chain(&node);

    let reply = post_form(&node.app, "/trace/freezes", &format!("{}&legal_basis=&reason=", trace_query())).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{}", reply.body);
    assert!(node.store.freezes().unwrap().is_empty(), "bad input creates nothing");
}

#[tokio::test]
async fn trace_needs_start_and_case() {
    let node = node();
    seed_chain(&node);

    let reply = get(&node.app, "/trace?run=1&hops=99&lang=en", &[]).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert!(reply.body.contains("Missing start"), "{}", reply.body);
    assert!(reply.body.contains("Missing case reference"), "{}", reply.body);
    assert!(reply.body.contains("Invalid hop limit"), "{}", reply.body);
    assert!(records(&node, "trace.").is_empty(), "nothing was traced");

    let missing = get(&node.app, &format!("/trace?transaction=nope&case={CASE}&run=1&lang=en"), &[]).await;
    assert_eq!(missing.status, StatusCode::BAD_REQUEST);
    assert!(missing.body.contains("Transaction nope not found"), "{}", missing.body);
}

#[tokio::test]
async fn form_prefills_without_running() {
    let node = node();
    seed_chain(&node);

    let reply = get(&node.app, "/trace?transaction=tr-1&origin=cn-web-test", &[]).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(reply.body.contains("value=\"tr-1\""));
    assert!(!reply.body.contains("id=\"trace-result\""));
    assert!(records(&node, "trace.").is_empty());
}

#[tokio::test]
async fn alert_and_account_link_trace() {
    let node = node();
    let seeded = common::seed(&node);

    let alert = get(&node.app, &format!("/alerts/{}", seeded.large_amount), &[]).await;
    assert!(alert.body.contains("href=\"/trace?transaction=seed-large-1&amp;origin=cn-web-test\""), "{}", alert.body);

    let account = get(&node.app, &format!("/accounts/{}", common::LARGE_PAYER), &[]).await;
    assert!(account.body.contains(&format!("href=\"/trace?account={}\"", encode(common::LARGE_PAYER))), "{}", account.body);
}

#[tokio::test]
async fn trace_screen_every_locale() {
    let node = node();
    seed_chain(&node);

    for (lang, title) in [("en", "Fund tracing"), ("zh-CN", "资金追踪"), ("lo", "ການຕິດຕາມເສັ້ນທາງເງິນ")] {
        let reply = get(&node.app, &format!("/trace?{}&lang={lang}", trace_query()), &[]).await;
        assert_eq!(reply.status, StatusCode::OK, "{lang}");
        assert!(reply.body.contains(&format!("<h1>{title}</h1>")), "{lang}: {}", reply.body);
        assert!(reply.body.contains("id=\"trace-graph\""), "{lang}");
    }
}

#[tokio::test]
async fn backward_trace_from_account() {
    let node = node();
    seed_chain(&node);

    let query = format!(
        "account={}&from=2026-03-03T23:00&direction=backward&method=proportional&case={}&run=1&lang=en",
        encode(MULE_B),
        encode(CASE)
    );
    let reply = get(&node.app, &format!("/trace?{query}"), &[]).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert!(reply.body.contains("60000.00 CNY traced through"), "{}", reply.body);
    assert!(row(&reply.body, "trace-nodes", VICTIM).contains("60000.00 CNY"), "B's money came from the victim");
    assert!(!reply.body.contains("id=\"trace-freeze\""), "a backward trace offers no freeze requests");

    let traces = records(&node, "trace.backward");
    assert_eq!(traces.len(), 1);
    assert_eq!(traces[0].object_id.as_deref(), Some(MULE_B));
}

#[tokio::test]
async fn account_time_must_parse() {
    let node = node();
    seed_chain(&node);

    let query = format!("account={}&from=yesterday&case={}&run=1&lang=en", encode(MULE_A), encode(CASE));
    let reply = get(&node.app, &format!("/trace?{query}"), &[]).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert!(reply.body.contains("Invalid time &quot;yesterday&quot;"), "{}", reply.body);
}
