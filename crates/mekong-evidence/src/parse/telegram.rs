//! Parser for Telegram Desktop JSON exports (`result.json`).
//!
//! Accepts a single-chat export (an object with `messages`) and a full export (an object
//! with `chats.list`, plus `left_chats.list` when present). Times come from `date_unixtime`,
//! because `date` is the exporter's local time without an offset. The offset is derived from
//! the difference between the two when both are present.
//!
//! NOTE: the whole file is read into a `serde_json::Value`, so memory use is several times
//! the file size. Exports of many gigabytes need a streaming reader.

use chrono::{DateTime, NaiveDateTime, Utc};
use serde_json::Value;

use super::error::ParseError;
use super::record::{MessageKind, MessageRecord, ParseOutput, ParsedRecord, ParserInfo, Unparsed};

/// Name and version of the Telegram parser.
pub const TELEGRAM_PARSER: ParserInfo = ParserInfo { name: "telegram-json", version: "1" };

/// Parses a Telegram Desktop JSON export.
///
/// Messages without a readable `date_unixtime` or `id` become [`Unparsed`] records with the
/// message JSON as raw text.
///
/// # Errors
/// [`ParseError::InvalidJson`] when the file is not JSON, and
/// [`ParseError::NotTelegramExport`] when it has no message arrays.
pub fn parse_telegram_json(input: &[u8]) -> Result<ParseOutput, ParseError> {
    let root: Value = serde_json::from_slice(input).map_err(|error| ParseError::InvalidJson {
        line: error.line() as u64,
        column: error.column() as u64,
        reason: error.to_string(),
    })?;

    let chats = collect_chats(&root)?;

    let mut records = Vec::new();
    for chat in chats {
        parse_chat(chat, &mut records);
    }

    Ok(ParseOutput { parser: TELEGRAM_PARSER, notes: Vec::new(), records })
}

/// Returns the chat objects of a single-chat or full export.
fn collect_chats(root: &Value) -> Result<Vec<&Value>, ParseError> {
    if root.get("messages").is_some_and(Value::is_array) {
        return Ok(vec![root]);
    }

    let mut chats = Vec::new();
    for section in ["chats", "left_chats"] {
        if let Some(list) = root.get(section).and_then(|s| s.get("list")).and_then(Value::as_array) {
            chats.extend(list.iter());
        }
    }

    if chats.is_empty() && root.get("chats").is_none() {
        return Err(ParseError::NotTelegramExport);
    }
    Ok(chats)
}

fn parse_chat(chat: &Value, records: &mut Vec<ParsedRecord>) {
    let chat_id = chat.get("id").and_then(scalar_to_string);
    let chat_name = chat.get("name").and_then(Value::as_str).map(str::to_owned);

    let Some(messages) = chat.get("messages").and_then(Value::as_array) else {
        records.push(ParsedRecord::Unparsed(Unparsed {
            line: None,
            raw: compact(chat),
            reason: "chat has no `messages` array".to_owned(),
        }));
        return;
    };

    for message in messages {
        let record = match parse_message(message, chat_id.as_deref(), chat_name.as_deref()) {
            Ok(record) => ParsedRecord::Message(record),
            Err(reason) => ParsedRecord::Unparsed(Unparsed { line: None, raw: compact(message), reason }),
        };
        records.push(record);
    }
}

fn parse_message(message: &Value, chat_id: Option<&str>, chat_name: Option<&str>) -> Result<MessageRecord, String> {
    let message_id = message.get("id").and_then(scalar_to_string).ok_or("message has no `id`")?;

    let kind = match message.get("type").and_then(Value::as_str) {
        Some("service") => MessageKind::Service,
        Some("message") | None => MessageKind::Message,
        Some(other) => return Err(format!("unknown message type `{other}`")),
    };

    let unix = message
        .get("date_unixtime")
        .and_then(scalar_to_string)
        .ok_or("message has no `date_unixtime`")?;
    let seconds: i64 = unix.parse().map_err(|_| format!("invalid `date_unixtime` `{unix}`"))?;
    let time_utc = DateTime::<Utc>::from_timestamp(seconds, 0).ok_or(format!("`date_unixtime` {seconds} out of range"))?;

    let utc_offset_seconds = message
        .get("date")
        .and_then(Value::as_str)
        .and_then(|local| NaiveDateTime::parse_from_str(local, "%Y-%m-%dT%H:%M:%S").ok())
        .and_then(|local| i32::try_from((local - time_utc.naive_utc()).num_seconds()).ok());

    let (sender_key, sender_id_key) = match kind {
        MessageKind::Service => ("actor", "actor_id"),
        MessageKind::Message => ("from", "from_id"),
    };

    Ok(MessageRecord {
        line: None,
        chat_id: chat_id.map(str::to_owned),
        chat_name: chat_name.map(str::to_owned),
        message_id: Some(message_id),
        kind,
        sender: message.get(sender_key).and_then(Value::as_str).map(str::to_owned),
        sender_id: message.get(sender_id_key).and_then(scalar_to_string),
        time_utc: Some(time_utc),
        utc_offset_seconds,
        text: message.get("text").map(flatten_text).unwrap_or_default(),
        action: message.get("action").and_then(Value::as_str).map(str::to_owned),
        reply_to: message.get("reply_to_message_id").and_then(scalar_to_string),
        forwarded_from: message.get("forwarded_from").and_then(Value::as_str).map(str::to_owned),
    })
}

/// Flattens a `text` field, which is a string or an array of strings and entity objects
/// with a `text` field, into plain text.
fn flatten_text(text: &Value) -> String {
    match text {
        Value::String(plain) => plain.clone(),
        Value::Array(parts) => {
            let mut flat = String::new();
            for part in parts {
                match part {
                    Value::String(plain) => flat.push_str(plain),
                    Value::Object(entity) => {
                        if let Some(entity_text) = entity.get("text").and_then(Value::as_str) {
                            flat.push_str(entity_text);
                        }
                    }
                    _ => {}
                }
            }
            flat
        }
        _ => String::new(),
    }
}

fn scalar_to_string(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        _ => None,
    }
}

fn compact(value: &Value) -> String {
    serde_json::to_string(value).unwrap_or_default()
}
