//! Parsers for IP connection logs in CSV and for Apache/nginx access logs.
//!
//! CSV columns are found by header name, case-insensitively: the IP column is one of
//! `ip`, `src_ip`, `client_ip` and similar names, the time column one of `time`,
//! `timestamp`, `datetime`, and the optional port column one of `port`, `src_port`.
//! Access logs are in the combined format
//! (`%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-agent}i"`) or the common format, which
//! lacks the last two fields.

use std::net::IpAddr;

use chrono::{DateTime, FixedOffset, NaiveDateTime, TimeZone as _, Utc};

use super::error::ParseError;
use super::record::{LogRecord, ParseOutput, ParsedRecord, ParserInfo, Unparsed};

/// Name and version of the CSV IP log parser.
pub const ACCESS_LOG_CSV_PARSER: ParserInfo = ParserInfo { name: "ip-log-csv", version: "1" };

/// Name and version of the combined access log parser.
pub const COMBINED_LOG_PARSER: ParserInfo = ParserInfo { name: "combined-log", version: "1" };

const IP_HEADERS: &[&str] = &["ip", "src_ip", "source_ip", "client_ip", "ip_address", "remote_addr", "srcip", "clientip"];
const TIME_HEADERS: &[&str] = &["time", "timestamp", "datetime", "date_time", "event_time", "time_utc", "date"];
const PORT_HEADERS: &[&str] = &["port", "src_port", "source_port", "client_port", "srcport"];

/// Parses a CSV IP log with a header row.
///
/// Times without an offset are read in `local_offset`. Numeric times are Unix seconds
/// (10 digits or fewer) or milliseconds (13 digits) in UTC.
///
/// # Errors
/// [`ParseError::MissingColumn`] when the header has no IP or time column, and
/// [`ParseError::InvalidCsvHeader`] when the header row cannot be read.
pub fn parse_access_log_csv(input: &[u8], local_offset: FixedOffset) -> Result<ParseOutput, ParseError> {
    let mut reader = csv::ReaderBuilder::new().flexible(true).has_headers(true).from_reader(input);

    let headers = reader
        .byte_headers()
        .map_err(|error| ParseError::InvalidCsvHeader { reason: error.to_string() })?
        .clone();
    let names: Vec<String> = headers
        .iter()
        .map(|name| String::from_utf8_lossy(name).trim().trim_start_matches('\u{FEFF}').to_ascii_lowercase())
        .collect();

    let find = |candidates: &[&str]| names.iter().position(|name| candidates.contains(&name.as_str()));
    let ip_column = find(IP_HEADERS).ok_or(ParseError::MissingColumn { field: "IP", expected: "ip, src_ip, client_ip" })?;
    let time_column =
        find(TIME_HEADERS).ok_or(ParseError::MissingColumn { field: "time", expected: "time, timestamp, datetime" })?;
    let port_column = find(PORT_HEADERS);

    let mut records = Vec::new();
    let mut row = csv::ByteRecord::new();
    loop {
        let start = reader.position().byte() as usize;
        let line = reader.position().line();

        match reader.read_byte_record(&mut row) {
            Ok(false) => break,
            Ok(true) => {}
            Err(error) => {
                records.push(ParsedRecord::Unparsed(Unparsed {
                    line: Some(line),
                    raw: raw_between(input, start, input.len()),
                    reason: format!("invalid CSV: {error}"),
                }));
                break;
            }
        }

        // The record's own position is the start of its first field, after any blank lines.
        let (start, line) = row.position().map_or((start, line), |p| (p.byte() as usize, p.line()));
        let end = reader.position().byte() as usize;

        let record = match parse_csv_row(&row, line, ip_column, time_column, port_column, local_offset) {
            Ok(record) => ParsedRecord::Log(record),
            Err(reason) => ParsedRecord::Unparsed(Unparsed { line: Some(line), raw: raw_between(input, start, end), reason }),
        };
        records.push(record);
    }

    Ok(ParseOutput { parser: ACCESS_LOG_CSV_PARSER, notes: Vec::new(), records })
}

fn raw_between(input: &[u8], start: usize, end: usize) -> String {
    let bytes = input.get(start..end).unwrap_or_default();
    String::from_utf8_lossy(bytes).trim_end_matches(['\r', '\n']).to_owned()
}

fn parse_csv_row(
    row: &csv::ByteRecord,
    line: u64,
    ip_column: usize,
    time_column: usize,
    port_column: Option<usize>,
    local_offset: FixedOffset,
) -> Result<LogRecord, String> {
    let field = |column: usize| -> Result<&str, String> {
        let bytes = row.get(column).ok_or_else(|| format!("missing field {}", column + 1))?;
        std::str::from_utf8(bytes).map(str::trim).map_err(|_| format!("invalid UTF-8 in field {}", column + 1))
    };

    let ip = parse_ip(field(ip_column)?)?;
    let (time_utc, utc_offset_seconds) = parse_csv_time(field(time_column)?, local_offset)?;

    let port = match port_column {
        Some(column) => {
            let text = field(column)?;
            if text.is_empty() {
                None
            } else {
                Some(text.parse::<u16>().map_err(|_| format!("invalid port `{text}`"))?)
            }
        }
        None => None,
    };

    Ok(LogRecord {
        line,
        ip,
        time_utc,
        utc_offset_seconds,
        port,
        user: None,
        method: None,
        path: None,
        protocol: None,
        status: None,
        bytes: None,
        referer: None,
        user_agent: None,
    })
}

fn parse_ip(text: &str) -> Result<String, String> {
    text.parse::<IpAddr>().map(|ip| ip.to_string()).map_err(|_| format!("invalid IP address `{text}`"))
}

/// Reads an RFC 3339 time, a local time without offset, or a Unix time.
fn parse_csv_time(text: &str, local_offset: FixedOffset) -> Result<(DateTime<Utc>, Option<i32>), String> {
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        let number: i64 = text.parse().map_err(|_| format!("invalid Unix time `{text}`"))?;
        let time = match text.len() {
            ..=10 => DateTime::<Utc>::from_timestamp(number, 0),
            13 => DateTime::<Utc>::from_timestamp_millis(number),
            _ => None,
        };
        return time.map(|t| (t, None)).ok_or_else(|| format!("invalid Unix time `{text}`"));
    }

    if let Ok(time) = DateTime::parse_from_rfc3339(text) {
        return Ok((time.with_timezone(&Utc), Some(time.offset().local_minus_utc())));
    }
    if let Ok(time) = DateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S%.f %z") {
        return Ok((time.with_timezone(&Utc), Some(time.offset().local_minus_utc())));
    }

    for format in ["%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%dT%H:%M:%S%.f", "%Y/%m/%d %H:%M:%S%.f"] {
        if let Ok(local) = NaiveDateTime::parse_from_str(text, format) {
            let time = local_offset
                .from_local_datetime(&local)
                .single()
                .ok_or_else(|| format!("time out of range `{text}`"))?;
            return Ok((time.with_timezone(&Utc), Some(local_offset.local_minus_utc())));
        }
    }

    Err(format!("invalid time `{text}`"))
}

/// Parses an Apache or nginx access log in the combined or common format.
pub fn parse_combined_log(input: &[u8]) -> ParseOutput {
    let mut pieces: Vec<&[u8]> = input.split(|byte| *byte == b'\n').collect();
    if pieces.last().is_some_and(|last| last.is_empty()) {
        pieces.pop();
    }

    let mut records = Vec::new();
    for (index, piece) in pieces.into_iter().enumerate() {
        let line = index as u64 + 1;
        let piece = piece.strip_suffix(b"\r").unwrap_or(piece);

        let parsed = match std::str::from_utf8(piece) {
            Ok("") => continue,
            Ok(text) => parse_combined_line(text, line),
            Err(_) => Err("invalid UTF-8".to_owned()),
        };

        let record = match parsed {
            Ok(record) => ParsedRecord::Log(record),
            Err(reason) => ParsedRecord::Unparsed(Unparsed {
                line: Some(line),
                raw: String::from_utf8_lossy(piece).into_owned(),
                reason,
            }),
        };
        records.push(record);
    }

    ParseOutput { parser: COMBINED_LOG_PARSER, notes: Vec::new(), records }
}

fn parse_combined_line(text: &str, line: u64) -> Result<LogRecord, String> {
    let mut cursor = Cursor { rest: text };

    let ip = parse_ip(cursor.word().ok_or("missing client address")?)?;
    let _ident = cursor.word().ok_or("missing ident field")?;
    let user = cursor.word().ok_or("missing user field")?;

    let stamp = cursor.bracketed().ok_or("missing [time] field")?;
    let time = DateTime::parse_from_str(stamp, "%d/%b/%Y:%H:%M:%S %z").map_err(|_| format!("invalid time `{stamp}`"))?;

    let request = cursor.quoted().ok_or("missing quoted request")?;
    let status_text = cursor.word().ok_or("missing status")?;
    let status = status_text.parse::<u16>().map_err(|_| format!("invalid status `{status_text}`"))?;
    let bytes_text = cursor.word().ok_or("missing size")?;
    let bytes = match bytes_text {
        "-" => None,
        _ => Some(bytes_text.parse::<u64>().map_err(|_| format!("invalid size `{bytes_text}`"))?),
    };

    // The common format ends here. The combined format adds the referer and user agent.
    let referer = cursor.quoted();
    let user_agent = cursor.quoted();
    if referer.is_some() != user_agent.is_some() || !cursor.rest.trim().is_empty() {
        return Err("unexpected fields after the size".to_owned());
    }

    let parts: Vec<&str> = request.split(' ').collect();
    let (method, path, protocol) = match parts.as_slice() {
        [method, path, protocol] => (Some(*method), Some(*path), Some(*protocol)),
        _ if request == "-" => (None, None, None),
        // A malformed request line, such as a TLS handshake sent to a plain HTTP port, is kept whole.
        _ => (None, Some(request.as_str()), None),
    };

    Ok(LogRecord {
        line,
        ip,
        time_utc: time.with_timezone(&Utc),
        utc_offset_seconds: Some(time.offset().local_minus_utc()),
        port: None,
        user: dash_to_none(user),
        method: method.map(str::to_owned),
        path: path.map(str::to_owned),
        protocol: protocol.map(str::to_owned),
        status: Some(status),
        bytes,
        referer: referer.as_deref().and_then(dash_to_none),
        user_agent: user_agent.as_deref().and_then(dash_to_none),
    })
}

fn dash_to_none(text: &str) -> Option<String> {
    (text != "-" && !text.is_empty()).then(|| text.to_owned())
}

/// Reads space-separated, bracketed and quoted fields from the front of a log line.
struct Cursor<'a> {
    rest: &'a str,
}

impl<'a> Cursor<'a> {
    fn word(&mut self) -> Option<&'a str> {
        let trimmed = self.rest.trim_start_matches(' ');
        if trimmed.is_empty() {
            return None;
        }
        let end = trimmed.find(' ').unwrap_or(trimmed.len());
        let (word, rest) = trimmed.split_at(end);
        self.rest = rest;
        Some(word)
    }

    fn bracketed(&mut self) -> Option<&'a str> {
        let inner = self.rest.trim_start_matches(' ').strip_prefix('[')?;
        let (stamp, rest) = inner.split_once(']')?;
        self.rest = rest;
        Some(stamp)
    }

    /// Reads a double-quoted field in which `\"` and `\\` are escapes, as Apache writes them.
    fn quoted(&mut self) -> Option<String> {
        let inner = self.rest.trim_start_matches(' ').strip_prefix('"')?;

        let mut value = String::new();
        let mut chars = inner.char_indices();
        while let Some((index, c)) = chars.next() {
            match c {
                '\\' => {
                    if let Some((_, escaped)) = chars.next() {
                        if !matches!(escaped, '"' | '\\') {
                            value.push('\\');
                        }
                        value.push(escaped);
                    }
                }
                '"' => {
                    self.rest = inner.get(index + 1..)?;
                    return Some(value);
                }
                other => value.push(other),
            }
        }
        None
    }
}
