//! CSV export of a trace: one file, one row per node and one per edge.
//!
//! Columns, in order (a cell that does not apply to the row's record type is empty):
//!
//! | column | node row | edge row |
//! |---|---|---|
//! | `record` | `node` | `edge` |
//! | `direction` | `forward` or `backward` | same |
//! | `method` | `fifo` or `proportional` | same |
//! | `hop` | fewest hops from the start, 0 for an origin | hop of the transaction, 1 for the start |
//! | `account` | the account key, `BANK/NUMBER` | empty |
//! | `country` | ISO 3166-1 alpha-2 code, if known | empty |
//! | `origin` | `true` if the trace started here | empty |
//! | `received` | traced money that reached it | empty |
//! | `forwarded` | traced money it passed on | empty |
//! | `held` | traced money still in it | empty |
//! | `stop` | why the trace stopped there, such as `cross_border` | empty |
//! | `transaction_id` | empty | the transaction id |
//! | `origin_node` | empty | the node that stored it |
//! | `time` | empty | RFC 3339, in the source's zone |
//! | `debtor`, `creditor` | empty | account keys |
//! | `channel` | empty | such as `transfer` or `cash_out` |
//! | `amount`, `amount_currency` | empty | the whole transaction |
//! | `attributed` | empty | traced part, in `amount_currency` |
//! | `attributed_in_trace_currency` | empty | traced part, in `trace_currency` |
//! | `trace_currency` | currency of `received`, `forwarded`, `held` | currency of `attributed_in_trace_currency` |
//!
//! Amounts are exact decimals with a dot, never rounded for display.

use std::io::Write;

use crate::{Trace, TraceError};

/// Column names, in order.
pub const COLUMNS: [&str; 22] = [
    "record",
    "direction",
    "method",
    "hop",
    "account",
    "country",
    "origin",
    "received",
    "forwarded",
    "held",
    "stop",
    "transaction_id",
    "origin_node",
    "time",
    "debtor",
    "creditor",
    "channel",
    "amount",
    "amount_currency",
    "attributed",
    "attributed_in_trace_currency",
    "trace_currency",
];

impl Trace {
    /// Writes the trace as CSV, nodes first, then edges; the columns are listed in
    /// this module's documentation.
    pub fn write_csv(&self, writer: impl Write) -> Result<(), TraceError> {
        let mut csv = csv::Writer::from_writer(writer);
        csv.write_record(COLUMNS)?;

        let direction = self.direction.as_str();
        let method = self.method.as_str();
        let currency = self.currency.to_string();

        for node in &self.nodes {
            let country = node
                .country
                .map(|country| country.to_string())
                .unwrap_or_default();
            let stop = node.stop.map(|stop| stop.as_str()).unwrap_or_default();
            let mut row = vec![
                "node".to_owned(),
                direction.to_owned(),
                method.to_owned(),
                node.hop.to_string(),
                node.account.to_string(),
                country,
                node.origin.to_string(),
                node.received.normalize().to_string(),
                node.forwarded.normalize().to_string(),
                node.held.normalize().to_string(),
                stop.to_owned(),
            ];
            row.resize(COLUMNS.len() - 1, String::new());
            row.push(currency.clone());
            csv.write_record(&row)?;
        }

        for edge in &self.edges {
            let mut row = vec![
                "edge".to_owned(),
                direction.to_owned(),
                method.to_owned(),
                edge.hop.to_string(),
            ];
            row.resize(11, String::new());
            row.extend([
                edge.transaction_id.clone(),
                edge.origin_node.clone(),
                edge.timestamp.to_rfc3339(),
                edge.debtor.to_string(),
                edge.creditor.to_string(),
                edge.channel.to_string(),
                edge.amount.amount.normalize().to_string(),
                edge.amount.currency.to_string(),
                edge.attributed.amount.normalize().to_string(),
                edge.attributed_in_trace_currency.normalize().to_string(),
                currency.clone(),
            ]);
            csv.write_record(&row)?;
        }

        csv.flush().map_err(csv::Error::from)?;
        Ok(())
    }

    /// Returns the trace as CSV text; see [`Trace::write_csv`].
    pub fn to_csv(&self) -> Result<String, TraceError> {
        let mut buffer = Vec::new();
        self.write_csv(&mut buffer)?;
        Ok(String::from_utf8_lossy(&buffer).into_owned())
    }
}
