//! The fund-flow picture of an alert, drawn on the server as inline SVG: accounts
//! as circles, transactions as arrows from payer to payee labelled with amounts.
//!
//! Layout: the alert's account sits in the centre and the other accounts on a
//! circle around it, in the order the alert lists them, so a fan-in is a star and a
//! cycle a ring. Transactions between the same two accounts in the same direction
//! share one arrow, labelled with their count and exact sum per currency. Arrows
//! bend to one side, so payments in both directions stay apart.
//!
//! Invariants: amounts are summed as decimals and shown exactly; the SVG uses
//! presentation attributes and the stylesheet, no inline `style`, as the
//! Content-Security-Policy forbids inline styles; at most [`MAX_ACCOUNTS`] accounts
//! are drawn and the caption says how many were left out.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use maud::{Markup, html};
use mekong_core::i18n::Arg;
use mekong_core::{AccountKey, Currency};
use mekong_store::StoredTransaction;
use rust_decimal::Decimal;

use crate::display;
use crate::locale::Viewer;

/// Maximum number of accounts drawn, because more make the picture unreadable.
pub(crate) const MAX_ACCOUNTS: usize = 40;

const WIDTH: f64 = 760.0;
const NODE_RADIUS: f64 = 16.0;
/// Characters of an account key shown under its circle; the full key is the tooltip.
const LABEL_CHARS: usize = 14;

#[derive(Debug, Default)]
struct Edge {
    count: u32,
    totals: BTreeMap<Currency, Decimal>,
}

/// Renders the fund flow of an alert about `subject`.
pub(crate) fn fund_flow(
    viewer: &Viewer,
    subject: &AccountKey,
    involved: &[AccountKey],
    transactions: &[StoredTransaction],
) -> Markup {
    let mut accounts: Vec<AccountKey> = vec![subject.clone()];
    let candidates = involved
        .iter()
        .cloned()
        .chain(transactions.iter().flat_map(|item| [item.tx.debtor.key(), item.tx.creditor.key()]));
    let mut left_out: Vec<AccountKey> = Vec::new();
    for key in candidates {
        if accounts.contains(&key) || left_out.contains(&key) {
            continue;
        }
        if accounts.len() < MAX_ACCOUNTS {
            accounts.push(key);
        } else {
            left_out.push(key);
        }
    }

    let mut edges: BTreeMap<(usize, usize), Edge> = BTreeMap::new();
    for item in transactions {
        let from = accounts.iter().position(|key| *key == item.tx.debtor.key());
        let to = accounts.iter().position(|key| *key == item.tx.creditor.key());
        let (Some(from), Some(to)) = (from, to) else {
            continue;
        };
        let edge = edges.entry((from, to)).or_default();
        edge.count += 1;
        *edge.totals.entry(item.tx.amount.currency).or_default() += item.tx.amount.amount;
    }

    let height = if accounts.len() <= 2 { 260.0 } else { 520.0 };
    let positions = layout(accounts.len(), height);
    let caption = viewer.text_with(
        "web-flow-caption",
        &[
            ("accounts", Arg::Number(accounts.len() as f64)),
            ("transactions", Arg::Number(transactions.len() as f64)),
        ],
    );

    html! {
        figure.flow {
            svg #fund-flow xmlns="http://www.w3.org/2000/svg" viewBox=(format!("0 0 {WIDTH} {height}"))
                role="img" aria-label=(caption) {
                defs {
                    marker #flow-arrow viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7"
                        orient="auto-start-reverse" {
                        path.flow-arrow d="M0,0 L10,5 L0,10 z" {}
                    }
                }
                @for ((from, to), edge) in &edges {
                    (arrow(positions[*from], positions[*to], edge))
                }
                @for (index, key) in accounts.iter().enumerate() {
                    (node(positions[index], key, index == 0))
                }
            }
            figcaption {
                (caption)
                @if !left_out.is_empty() {
                    " " (viewer.text_with("web-flow-left-out", &[("count", Arg::Number(left_out.len() as f64))]))
                }
            }
        }
    }
}

/// Places the first account in the centre and the others evenly on a circle.
fn layout(count: usize, height: f64) -> Vec<(f64, f64)> {
    let centre = (WIDTH / 2.0, height / 2.0);
    let radius = (height / 2.0) - 50.0;
    let others = count.saturating_sub(1).max(1) as f64;
    (0..count)
        .map(|index| {
            if index == 0 {
                return centre;
            }
            let angle = std::f64::consts::TAU * (index - 1) as f64 / others - std::f64::consts::FRAC_PI_2;
            (centre.0 + radius * 1.35 * angle.cos(), centre.1 + radius * angle.sin())
        })
        .collect()
}

fn arrow(from: (f64, f64), to: (f64, f64), edge: &Edge) -> Markup {
    let (dx, dy) = (to.0 - from.0, to.1 - from.1);
    let length = dx.hypot(dy).max(1.0);
    let (ux, uy) = (dx / length, dy / length);

    // Bend to the left of the direction of travel, so A→B and B→A do not overlap.
    let bend = (length * 0.12).min(40.0);
    let control = ((from.0 + to.0) / 2.0 + uy * bend, (from.1 + to.1) / 2.0 - ux * bend);
    let start = (from.0 + ux * NODE_RADIUS, from.1 + uy * NODE_RADIUS);
    let end = (to.0 - ux * (NODE_RADIUS + 2.0), to.1 - uy * (NODE_RADIUS + 2.0));
    let label_at = (
        0.25 * start.0 + 0.5 * control.0 + 0.25 * end.0,
        0.25 * start.1 + 0.5 * control.1 + 0.25 * end.1,
    );

    let mut label = String::new();
    if edge.count > 1 {
        let _ = write!(label, "{}× ", edge.count);
    }
    let sums: Vec<String> = edge.totals.iter().map(|(currency, amount)| format!("{amount} {currency}")).collect();
    label.push_str(&sums.join(" + "));

    html! {
        path.flow-edge marker-end="url(#flow-arrow)"
            d=(format!("M{:.1},{:.1} Q{:.1},{:.1} {:.1},{:.1}", start.0, start.1, control.0, control.1, end.0, end.1)) {}
        text.flow-amount x=(format!("{:.1}", label_at.0)) y=(format!("{:.1}", label_at.1)) text-anchor="middle" { (label) }
    }
}

fn node(at: (f64, f64), key: &AccountKey, subject: bool) -> Markup {
    let text = key.as_str();
    let short = if text.chars().count() > LABEL_CHARS {
        let tail: String = text.chars().rev().take(LABEL_CHARS - 1).collect::<Vec<_>>().into_iter().rev().collect();
        format!("…{tail}")
    } else {
        text.to_owned()
    };
    html! {
        a href=(display::account_href(key)) {
            title { (text) }
            circle class=(if subject { "flow-node subject" } else { "flow-node" })
                cx=(format!("{:.1}", at.0)) cy=(format!("{:.1}", at.1)) r=(NODE_RADIUS) {}
            text.flow-label x=(format!("{:.1}", at.0)) y=(format!("{:.1}", at.1 + NODE_RADIUS + 13.0)) { (short) }
        }
    }
}
