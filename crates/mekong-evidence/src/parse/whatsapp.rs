//! Parser for WhatsApp chat exports (`.txt`).
//!
//! Two layouts exist, and both appear with 12- and 24-hour clocks and with day-first or
//! month-first dates:
//! - Android: `12/31/23, 9:41 PM - Name: text`
//! - iOS: `[31/12/2023, 21:41:05] Name: text`
//!
//! The date order is detected once per file: a first field above 12 means day-first, a
//! second field above 12 means month-first, and a file with neither is read day-first with a
//! [`ParseNote::DateOrderAssumed`] note. A line without a header continues the previous
//! message. A header without `Name: ` is a system message without a sender.
//!
//! Exports contain invisible U+200E (left-to-right mark) before some lines and U+202F
//! (narrow no-break space) before `AM`/`PM`. The parser removes the marks and reads the
//! spaces as ordinary spaces, in both headers and text.
//!
//! WhatsApp times carry no zone, so the caller supplies the UTC offset of the exporting phone.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, Offset as _, TimeZone as _, Utc};

use super::record::{DateOrder, MessageKind, MessageRecord, ParseNote, ParseOutput, ParsedRecord, ParserInfo, Unparsed};

/// Name and version of the WhatsApp parser.
pub const WHATSAPP_PARSER: ParserInfo = ParserInfo { name: "whatsapp-txt", version: "1" };

/// Settings for a WhatsApp export, which the file itself does not state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WhatsAppOptions {
    /// UTC offset of the phone that made the export.
    pub utc_offset: FixedOffset,
    /// Chat name to put on every message, such as the export's file name.
    pub chat_name: Option<String>,
}

impl Default for WhatsAppOptions {
    fn default() -> Self {
        Self { utc_offset: Utc.fix(), chat_name: None }
    }
}

/// Date and time fields of a message header before the date order is known.
#[derive(Debug, Clone, Copy)]
struct RawStamp {
    first: u32,
    second: u32,
    year: i32,
    hour: u32,
    minute: u32,
    seconds: u32,
    /// `Some(true)` for PM, `Some(false)` for AM, `None` for a 24-hour clock.
    pm: Option<bool>,
}

/// Parses a WhatsApp `.txt` export.
pub fn parse_whatsapp_txt(input: &[u8], options: &WhatsAppOptions) -> ParseOutput {
    let lines = split_lines(input);
    let (order, note) = detect_date_order(&lines);

    let mut records = Vec::new();
    let mut current: Option<MessageRecord> = None;

    for (index, line) in lines.iter().enumerate() {
        let line_number = index as u64 + 1;

        let Ok(text) = line else {
            flush(&mut current, &mut records);
            records.push(ParsedRecord::Unparsed(Unparsed {
                line: Some(line_number),
                raw: line.as_ref().err().cloned().unwrap_or_default(),
                reason: "invalid UTF-8".to_owned(),
            }));
            continue;
        };

        let Some((stamp, rest)) = parse_header(text) else {
            match current.as_mut() {
                Some(message) => {
                    message.text.push('\n');
                    message.text.push_str(text);
                }
                None if text.trim().is_empty() => {}
                None => records.push(ParsedRecord::Unparsed(Unparsed {
                    line: Some(line_number),
                    raw: text.clone(),
                    reason: "text before the first message header".to_owned(),
                })),
            }
            continue;
        };

        flush(&mut current, &mut records);

        match resolve_time(stamp, order, options.utc_offset) {
            Ok(time_utc) => current = Some(build_message(line_number, time_utc, rest, options)),
            Err(reason) => records.push(ParsedRecord::Unparsed(Unparsed {
                line: Some(line_number),
                raw: text.clone(),
                reason,
            })),
        }
    }

    flush(&mut current, &mut records);

    ParseOutput { parser: WHATSAPP_PARSER, notes: note.into_iter().collect(), records }
}

fn flush(current: &mut Option<MessageRecord>, records: &mut Vec<ParsedRecord>) {
    if let Some(message) = current.take() {
        records.push(ParsedRecord::Message(message));
    }
}

/// Splits the input into lines without `\r\n` endings and invisible marks.
///
/// A line with invalid UTF-8 is `Err` with its lossy text. A final empty line after the
/// last newline is dropped.
fn split_lines(input: &[u8]) -> Vec<Result<String, String>> {
    let input = input.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(input);

    let mut pieces: Vec<&[u8]> = input.split(|byte| *byte == b'\n').collect();
    if pieces.last().is_some_and(|last| last.is_empty()) {
        pieces.pop();
    }

    pieces
        .into_iter()
        .map(|piece| {
            let piece = piece.strip_suffix(b"\r").unwrap_or(piece);
            match std::str::from_utf8(piece) {
                Ok(text) => Ok(clean_invisible(text)),
                Err(_) => Err(String::from_utf8_lossy(piece).into_owned()),
            }
        })
        .collect()
}

fn clean_invisible(text: &str) -> String {
    text.chars()
        .filter(|c| !matches!(c, '\u{200E}' | '\u{200F}' | '\u{FEFF}'))
        .map(|c| if matches!(c, '\u{202F}' | '\u{00A0}') { ' ' } else { c })
        .collect()
}

/// Detects day-first or month-first order from all headers of the file.
fn detect_date_order(lines: &[Result<String, String>]) -> (DateOrder, Option<ParseNote>) {
    let mut first_above_12 = false;
    let mut second_above_12 = false;

    for line in lines.iter().flatten() {
        if let Some((stamp, _)) = parse_header(line) {
            first_above_12 |= stamp.first > 12;
            second_above_12 |= stamp.second > 12;
        }
    }

    match (first_above_12, second_above_12) {
        (true, false) => (DateOrder::DayFirst, Some(ParseNote::DateOrderDetected { order: DateOrder::DayFirst })),
        (false, true) => (DateOrder::MonthFirst, Some(ParseNote::DateOrderDetected { order: DateOrder::MonthFirst })),
        (true, true) => (DateOrder::DayFirst, Some(ParseNote::DateOrderConflict { order: DateOrder::DayFirst })),
        (false, false) => (DateOrder::DayFirst, Some(ParseNote::DateOrderAssumed { order: DateOrder::DayFirst })),
    }
}

/// Splits a header line into its time stamp and the rest (`Name: text` or system text).
fn parse_header(line: &str) -> Option<(RawStamp, &str)> {
    if let Some(inner) = line.strip_prefix('[') {
        let (stamp, rest) = inner.split_once(']')?;
        let stamp = parse_stamp(stamp)?;
        return Some((stamp, rest.strip_prefix(' ').unwrap_or(rest)));
    }

    let (stamp, rest) = line.split_once(" - ")?;
    Some((parse_stamp(stamp)?, rest))
}

/// Parses `31/12/2023, 21:41:05`, `12/31/23, 9:41 PM` and similar stamps.
fn parse_stamp(stamp: &str) -> Option<RawStamp> {
    let (date, time) = stamp.split_once(',')?;

    let mut date_fields = date.trim().split(['/', '.', '-']);
    let first = parse_number(date_fields.next()?, 2)?;
    let second = parse_number(date_fields.next()?, 2)?;
    let year_text = date_fields.next()?;
    if date_fields.next().is_some() {
        return None;
    }
    let year = match year_text.len() {
        2 => 2000 + i32::try_from(parse_number(year_text, 2)?).ok()?,
        4 => i32::try_from(parse_number(year_text, 4)?).ok()?,
        _ => return None,
    };

    let (clock, pm) = split_meridiem(time.trim())?;
    let mut clock_fields = clock.split(':');
    let hour = parse_number(clock_fields.next()?, 2)?;
    let minute = parse_number(clock_fields.next()?, 2)?;
    let seconds = match clock_fields.next() {
        Some(text) => parse_number(text, 2)?,
        None => 0,
    };
    if clock_fields.next().is_some() {
        return None;
    }

    Some(RawStamp { first, second, year, hour, minute, seconds, pm })
}

/// Splits a trailing `AM`/`PM` (any case, with or without dots) from a clock.
fn split_meridiem(time: &str) -> Option<(&str, Option<bool>)> {
    let lower = time.to_ascii_lowercase();
    for (suffix, pm) in [("am", false), ("a.m.", false), ("pm", true), ("p.m.", true)] {
        if lower.ends_with(suffix) {
            let clock = time.get(..time.len() - suffix.len())?.trim_end();
            return Some((clock, Some(pm)));
        }
    }
    Some((time, None))
}

fn parse_number(text: &str, max_digits: usize) -> Option<u32> {
    if text.is_empty() || text.len() > max_digits || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// Converts a stamp to UTC under the file's date order and the phone's offset.
fn resolve_time(stamp: RawStamp, order: DateOrder, offset: FixedOffset) -> Result<DateTime<Utc>, String> {
    let (day, month) = match order {
        DateOrder::DayFirst => (stamp.first, stamp.second),
        DateOrder::MonthFirst => (stamp.second, stamp.first),
    };
    let date = NaiveDate::from_ymd_opt(stamp.year, month, day)
        .ok_or_else(|| format!("invalid date: day {day}, month {month}, year {}", stamp.year))?;

    let hour = match stamp.pm {
        None => stamp.hour,
        Some(_) if !(1..=12).contains(&stamp.hour) => {
            return Err(format!("invalid 12-hour clock hour {}", stamp.hour));
        }
        Some(false) => stamp.hour % 12,
        Some(true) => stamp.hour % 12 + 12,
    };
    let time = NaiveTime::from_hms_opt(hour, stamp.minute, stamp.seconds)
        .ok_or_else(|| format!("invalid time {hour}:{}:{}", stamp.minute, stamp.seconds))?;

    offset
        .from_local_datetime(&date.and_time(time))
        .single()
        .map(|local| local.with_timezone(&Utc))
        .ok_or_else(|| "local time out of range".to_owned())
}

fn build_message(line: u64, time_utc: DateTime<Utc>, rest: &str, options: &WhatsAppOptions) -> MessageRecord {
    // NOTE: a system line whose text contains ": " (such as a group subject with a colon) is
    // read as a message from the text before the colon, because the export marks neither.
    let (kind, sender, text) = match rest.split_once(": ") {
        Some((sender, text)) if !sender.is_empty() => (MessageKind::Message, Some(sender.to_owned()), text.to_owned()),
        _ => (MessageKind::Service, None, rest.to_owned()),
    };

    MessageRecord {
        line: Some(line),
        chat_id: None,
        chat_name: options.chat_name.clone(),
        message_id: None,
        kind,
        sender,
        sender_id: None,
        time_utc: Some(time_utc),
        utc_offset_seconds: Some(options.utc_offset.local_minus_utc()),
        text,
        action: None,
        reply_to: None,
        forwarded_from: None,
    }
}
