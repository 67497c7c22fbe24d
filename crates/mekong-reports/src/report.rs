//! A validated goAML report: its header fields, its transactions and the element tree
//! that entity extraction walks.

use std::str::FromStr;

use rust_decimal::Decimal;
use serde::Serialize;

/// One element of a validated report, with the XSD type it was declared with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Node {
    /// The element name.
    pub name: String,
    /// The named XSD type, such as `t_person`; `None` for anonymous types.
    pub type_name: Option<String>,
    /// The text content, as given; empty for elements with children.
    pub text: String,
    /// The child elements in document order.
    pub children: Vec<Node>,
}

impl Node {
    /// Returns the first child with this name.
    pub fn child(&self, name: &str) -> Option<&Node> {
        self.children.iter().find(|child| child.name == name)
    }

    /// Returns the text of the first child with this name, when it is not blank.
    pub fn text_of(&self, name: &str) -> Option<&str> {
        self.child(name)
            .map(|child| child.text.trim())
            .filter(|text| !text.is_empty())
    }

    /// Returns every child with this name.
    pub fn children_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Node> + 'a {
        self.children.iter().filter(move |child| child.name == name)
    }
}

/// One `transaction` of a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportTransaction {
    /// The reporting institution's transaction number.
    pub number: String,
    /// `date_transaction`, as given.
    pub date: String,
    /// `amount_local`, in the report's local currency.
    pub amount_local: Decimal,
}

/// A goAML report that passed validation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    /// `report_code`, such as `STR`, `SAR` or `CTR`.
    pub report_code: String,
    /// `submission_code`: `E` for electronic or `M` for manual.
    pub submission_code: String,
    /// The reporting entity's goAML id.
    pub rentity_id: String,
    /// The reporting entity's own reference, if given.
    pub entity_reference: Option<String>,
    /// `submission_date` (4.x) or `report_date` (5.x), as given.
    pub report_date: String,
    /// `currency_code_local`.
    pub currency_code_local: String,
    /// `schema_version`, when the report declares one; recorded, never used to choose rules.
    pub schema_version: Option<String>,
    /// The transactions, empty for an activity report.
    pub transactions: Vec<ReportTransaction>,
    /// Whether the report has an `activity` block.
    pub has_activity: bool,
    /// The `report_indicators` codes.
    pub indicators: Vec<String>,
    /// The whole element tree.
    pub root: Node,
}

impl Report {
    /// Reads the header fields from a validated tree; validation guarantees the required ones exist.
    pub(crate) fn from_node(root: Node) -> Report {
        let text = |name: &str| root.text_of(name).unwrap_or_default().to_owned();
        let transactions = root
            .children_named("transaction")
            .map(|transaction| ReportTransaction {
                number: transaction
                    .text_of("transactionnumber")
                    .unwrap_or_default()
                    .to_owned(),
                date: transaction
                    .text_of("date_transaction")
                    .unwrap_or_default()
                    .to_owned(),
                amount_local: transaction
                    .text_of("amount_local")
                    .and_then(|amount| Decimal::from_str(amount).ok())
                    .unwrap_or_default(),
            })
            .collect();
        let indicators = root
            .child("report_indicators")
            .map(|block| {
                block
                    .children_named("indicator")
                    .map(|indicator| indicator.text.trim().to_owned())
                    .collect()
            })
            .unwrap_or_default();

        Report {
            report_code: text("report_code"),
            submission_code: text("submission_code"),
            rentity_id: text("rentity_id"),
            entity_reference: root.text_of("entity_reference").map(str::to_owned),
            report_date: root
                .text_of("report_date")
                .or(root.text_of("submission_date"))
                .unwrap_or_default()
                .to_owned(),
            currency_code_local: text("currency_code_local"),
            schema_version: root.text_of("schema_version").map(str::to_owned),
            transactions,
            has_activity: root.child("activity").is_some(),
            indicators,
            root,
        }
    }
}
