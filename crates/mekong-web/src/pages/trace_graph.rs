//! The graph of a trace, drawn on the server as inline SVG: one column per hop
//! from the start, accounts as circles, and an arrow per pair of accounts labelled
//! with the traced amount it carried.
//!
//! Layout: an account sits in the column of the lowest hop at which the traced
//! money reached it (origins in column 0), in the trace's node order within the
//! column. Under each account the graph names why the trace stopped there, if it
//! did, and how much traced money it still holds.
//!
//! Invariants: amounts are summed as decimals in the trace currency and shown
//! exactly; the SVG uses the stylesheet's `flow-*` classes and presentation
//! attributes, no inline `style`, because the Content-Security-Policy forbids inline
//! styles; at most [`MAX_ACCOUNTS`] accounts are drawn and the caption states how
//! many were left out.

use std::collections::BTreeMap;

use maud::{Markup, html};
use mekong_core::i18n::Arg;
use mekong_core::{AccountKey, Money};
use mekong_trace::{Trace, TraceNode};
use rust_decimal::Decimal;

use super::trace::stop_text;
use crate::display;
use crate::locale::Viewer;

/// Maximum number of accounts drawn, because more make the graph unreadable; the
/// tables below the graph list every account.
pub(crate) const MAX_ACCOUNTS: usize = 60;

const COLUMN_WIDTH: f64 = 210.0;
const ROW_HEIGHT: f64 = 92.0;
const MARGIN: f64 = 60.0;
const NODE_RADIUS: f64 = 16.0;
/// Characters of an account key shown under its circle; the full key is the tooltip.
const LABEL_CHARS: usize = 18;

/// Renders the trace graph with its caption.
pub(crate) fn graph(viewer: &Viewer, trace: &Trace) -> Markup {
    let drawn: Vec<&TraceNode> = trace.nodes.iter().take(MAX_ACCOUNTS).collect();
    let left_out = trace.nodes.len() - drawn.len();

    let mut columns: BTreeMap<u32, usize> = BTreeMap::new();
    let mut positions: Vec<(AccountKey, (f64, f64))> = Vec::with_capacity(drawn.len());
    for node in &drawn {
        let row = columns.entry(node.hop).or_insert(0);
        let at = (MARGIN + f64::from(node.hop) * COLUMN_WIDTH, MARGIN / 2.0 + NODE_RADIUS + *row as f64 * ROW_HEIGHT);
        *row += 1;
        positions.push((node.account.clone(), at));
    }
    let position = |key: &AccountKey| positions.iter().find(|(account, _)| account == key).map(|(_, at)| *at);

    let mut sums: BTreeMap<(AccountKey, AccountKey), Decimal> = BTreeMap::new();
    for edge in &trace.edges {
        *sums.entry((edge.debtor.clone(), edge.creditor.clone())).or_default() += edge.attributed_in_trace_currency;
    }

    let max_hop = drawn.iter().map(|node| node.hop).max().unwrap_or(0);
    let max_rows = columns.values().copied().max().unwrap_or(1);
    let width = (2.0 * MARGIN + f64::from(max_hop) * COLUMN_WIDTH + COLUMN_WIDTH / 2.0).max(400.0);
    let height = MARGIN + max_rows as f64 * ROW_HEIGHT;
    let caption = viewer.text_with(
        "web-trace-graph-caption",
        &[
            ("accounts", Arg::Number(trace.nodes.len() as f64)),
            ("transactions", Arg::Number(trace.edges.len() as f64)),
            ("currency", Arg::Text(&trace.currency.to_string())),
        ],
    );

    html! {
        figure.flow {
            svg #trace-graph xmlns="http://www.w3.org/2000/svg" viewBox=(format!("0 0 {width:.0} {height:.0}"))
                role="img" aria-label=(caption) {
                defs {
                    marker #trace-arrow viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7"
                        orient="auto-start-reverse" {
                        path.flow-arrow d="M0,0 L10,5 L0,10 z" {}
                    }
                }
                @for ((debtor, creditor), amount) in &sums {
                    @if let (Some(from), Some(to)) = (position(debtor), position(creditor)) {
                        (arrow(from, to, &display::money(&Money::new(*amount, trace.currency))))
                    }
                }
                @for (node, (_, at)) in drawn.iter().zip(&positions) {
                    (account_node(viewer, trace, node, *at))
                }
            }
            figcaption {
                (caption)
                @if left_out > 0 {
                    " " (viewer.text_with("web-flow-left-out", &[("count", Arg::Number(left_out as f64))]))
                }
            }
        }
    }
}

fn arrow(from: (f64, f64), to: (f64, f64), label: &str) -> Markup {
    let (dx, dy) = (to.0 - from.0, to.1 - from.1);
    let length = dx.hypot(dy).max(1.0);
    let (ux, uy) = (dx / length, dy / length);
    let start = (from.0 + ux * NODE_RADIUS, from.1 + uy * NODE_RADIUS);
    let end = (to.0 - ux * (NODE_RADIUS + 2.0), to.1 - uy * (NODE_RADIUS + 2.0));

    // A payment back to an earlier or the same column bends, so it does not run
    // through the accounts between.
    let bend = if dx <= 0.0 { 40.0 } else { 0.0 };
    let control = ((start.0 + end.0) / 2.0 + uy * bend, (start.1 + end.1) / 2.0 - ux * bend - bend);
    let label_at = (0.5 * control.0 + 0.25 * (start.0 + end.0), 0.5 * control.1 + 0.25 * (start.1 + end.1) - 4.0);

    html! {
        path.flow-edge.trace-edge marker-end="url(#trace-arrow)"
            d=(format!("M{:.1},{:.1} Q{:.1},{:.1} {:.1},{:.1}", start.0, start.1, control.0, control.1, end.0, end.1)) {}
        text.flow-amount.trace-amount x=(format!("{:.1}", label_at.0)) y=(format!("{:.1}", label_at.1)) text-anchor="middle" { (label) }
    }
}

fn account_node(viewer: &Viewer, trace: &Trace, node: &TraceNode, at: (f64, f64)) -> Markup {
    let text = node.account.as_str();
    let short = if text.chars().count() > LABEL_CHARS {
        let tail: String = text.chars().rev().take(LABEL_CHARS - 1).collect::<Vec<_>>().into_iter().rev().collect();
        format!("…{tail}")
    } else {
        text.to_owned()
    };
    let class = if node.origin { "flow-node subject trace-node" } else { "flow-node trace-node" };
    let held = (node.held > Decimal::ZERO && !node.origin).then(|| {
        viewer.text_with("web-trace-graph-held", &[("amount", Arg::Text(&display::money(&Money::new(node.held, trace.currency))))])
    });
    html! {
        a href=(display::account_href(&node.account)) data-account=(text) data-stop=(node.stop.map_or("", |stop| stop.as_str())) {
            title { (text) }
            circle class=(class) cx=(format!("{:.1}", at.0)) cy=(format!("{:.1}", at.1)) r=(NODE_RADIUS) {}
            text.flow-label x=(format!("{:.1}", at.0)) y=(format!("{:.1}", at.1 + NODE_RADIUS + 13.0)) text-anchor="middle" { (short) }
            @if let Some(held) = held {
                text.flow-label.trace-held x=(format!("{:.1}", at.0)) y=(format!("{:.1}", at.1 + NODE_RADIUS + 26.0)) text-anchor="middle" { (held) }
            }
            @if let Some(stop) = node.stop {
                text.flow-label.trace-stop x=(format!("{:.1}", at.0)) y=(format!("{:.1}", at.1 + NODE_RADIUS + 39.0)) text-anchor="middle" {
                    (stop_text(viewer, stop))
                }
            }
        }
    }
}
