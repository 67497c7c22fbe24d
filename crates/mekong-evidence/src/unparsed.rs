//! The reason an evidence item has no parsed records, derived from what the store keeps.
//!
//! A failed parse leaves no record of its own: the item stays stored, with no records and
//! no `parsed` custody event. So the reason is derived from the item's kind, its size, the
//! statement options stored with it and whether a `parsed` event exists. The content is
//! not read, so finding the reason records no `accessed` custody event.
//!
//! Invariants:
//! - the checks run in the order of [`unparsed_reason`], so an item too large to parse is
//!   reported as too large even when its content would also fail to parse;
//! - a parser reads any non-empty chat history or IP log, so for those kinds an item
//!   without records and without a `parsed` event was rejected by its parser.

use mekong_store::evidence::EvidenceItem;

use crate::EvidenceKind;
use crate::ingest_parse::MAX_PARSE_BYTES;

/// The reason an item has no parsed records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnparsedReason {
    /// No parser reads items of this kind, such as photos and documents.
    KindNotParsed,
    /// The content is empty.
    Empty,
    /// The content is larger than parsing reads into memory.
    TooLarge {
        /// The item's size in bytes.
        size: u64,
        /// The largest size parsed, [`MAX_PARSE_BYTES`].
        max: u64,
    },
    /// The parser ran, as a `parsed` custody event records, and found no records.
    NoRecordsFound,
    /// Financial records that were not parsed. Either the header row matches none of the
    /// bank statement layouts, or the parser rejected the content, or the statement is
    /// PaySim or AMLSim and was stored without the options named here.
    StatementNotParsed {
        /// Whether no statement currency is stored with the item.
        currency_missing: bool,
        /// Whether no statement start date is stored with the item.
        start_date_missing: bool,
    },
    /// The parser of the item's kind rejected the content.
    // NOTE: an item whose parse never ran, such as one interrupted by a crash, also gets
    // this reason, because the store records nothing that distinguishes the two.
    ParseFailed,
}

/// Returns why `item` has no parsed records. `size` is the byte size of its stored object,
/// and `parsed_event` is whether a `parsed` custody event exists for it.
///
/// Call it only for an item without parsed records; for other items the reason is
/// meaningless.
pub fn unparsed_reason(item: &EvidenceItem, size: u64, parsed_event: bool) -> UnparsedReason {
    let Ok(kind) = item.kind.parse::<EvidenceKind>() else {
        return UnparsedReason::KindNotParsed;
    };
    let has_parser = matches!(kind, EvidenceKind::ChatHistory | EvidenceKind::IpLog | EvidenceKind::FinancialRecords);
    if !has_parser {
        return UnparsedReason::KindNotParsed;
    }

    if size > MAX_PARSE_BYTES {
        return UnparsedReason::TooLarge { size, max: MAX_PARSE_BYTES };
    }
    if size == 0 {
        return UnparsedReason::Empty;
    }
    if parsed_event {
        return UnparsedReason::NoRecordsFound;
    }

    if kind == EvidenceKind::FinancialRecords {
        return UnparsedReason::StatementNotParsed {
            currency_missing: item.statement_currency.is_none(),
            start_date_missing: item.statement_start_date.is_none(),
        };
    }
    UnparsedReason::ParseFailed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(kind: &str, currency: Option<&str>, start_date: Option<&str>) -> EvidenceItem {
        EvidenceItem {
            id: "EV-1".into(),
            case_ref: "C-1".into(),
            kind: kind.into(),
            exhibit_number: None,
            seal_number: None,
            device_type: None,
            device_imei: None,
            device_serial: None,
            collected_by: None,
            collected_location: None,
            collected_at: None,
            legal_authority: None,
            statement_currency: currency.map(str::to_owned),
            statement_start_date: start_date.map(str::to_owned),
            file_name: "file".into(),
            sha256: "00".repeat(32),
            origin_node: "cn-test".into(),
            created_us: 0,
        }
    }

    #[test]
    fn reasons_by_stored_facts() {
        let statement = UnparsedReason::StatementNotParsed { currency_missing: true, start_date_missing: false };
        let cases = [
            (item("photo", None, None), 10, false, UnparsedReason::KindNotParsed),
            (item("no_such_kind", None, None), 10, false, UnparsedReason::KindNotParsed),
            (item("chat_history", None, None), 0, false, UnparsedReason::Empty),
            (item("ip_log", None, None), MAX_PARSE_BYTES + 1, false, UnparsedReason::TooLarge { size: MAX_PARSE_BYTES + 1, max: MAX_PARSE_BYTES }),
            (item("chat_history", None, None), 10, true, UnparsedReason::NoRecordsFound),
            (item("chat_history", None, None), 10, false, UnparsedReason::ParseFailed),
            (item("financial_records", None, Some("2024-01-01")), 10, false, statement),
        ];

        for (item, size, parsed_event, expected) in cases {
            assert_eq!(unparsed_reason(&item, size, parsed_event), expected, "{} of {size} bytes", item.kind);
        }
    }
}
