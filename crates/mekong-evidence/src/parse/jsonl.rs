//! Canonical JSON Lines output of parsed records.
//!
//! Every record serializes with the field order of its Rust struct and the `record` tag first.
//! Absent values are written as `null` rather than skipped, so every record of a kind has the
//! same keys.

use super::record::ParsedRecord;

/// Serializes records as JSON Lines: one object per record, each followed by `\n`.
///
/// The same records always give the same bytes.
pub fn to_jsonl(records: &[ParsedRecord]) -> Vec<u8> {
    let mut out = Vec::new();

    for record in records {
        // Serializing these plain structs into a Vec cannot fail. If it ever did, a marker
        // object takes the record's place so the output keeps one line per record.
        match serde_json::to_vec(record) {
            Ok(line) => out.extend_from_slice(&line),
            Err(_) => out.extend_from_slice(br#"{"record":"serialization_failed"}"#),
        }
        out.push(b'\n');
    }

    out
}
