//! Parsers over small fixtures of every supported format, re-parse determinism and random input.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{DateTime, FixedOffset, Utc};
use mekong_evidence::parse::{
    DateOrder, LogRecord, MessageKind, MessageRecord, ParseError, ParseNote, ParsedRecord, Unparsed, WhatsAppOptions,
    parse_access_log_csv, parse_combined_log, parse_telegram_json, parse_whatsapp_txt, to_jsonl,
};

fn fixture(name: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/parse").join(name);
    std::fs::read(path).unwrap()
}

fn utc(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text).unwrap().with_timezone(&Utc)
}

fn messages(records: &[ParsedRecord]) -> Vec<&MessageRecord> {
    records.iter().filter_map(|r| if let ParsedRecord::Message(m) = r { Some(m) } else { None }).collect()
}

fn logs(records: &[ParsedRecord]) -> Vec<&LogRecord> {
    records.iter().filter_map(|r| if let ParsedRecord::Log(l) = r { Some(l) } else { None }).collect()
}

fn unparsed(records: &[ParsedRecord]) -> Vec<&Unparsed> {
    records.iter().filter_map(|r| if let ParsedRecord::Unparsed(u) = r { Some(u) } else { None }).collect()
}

fn whatsapp(name: &str) -> mekong_evidence::parse::ParseOutput {
    let options = WhatsAppOptions { utc_offset: FixedOffset::east_opt(7 * 3600).unwrap(), chat_name: Some(name.to_owned()) };
    parse_whatsapp_txt(&fixture(name), &options)
}

#[test]
fn telegram_single_chat_fields() {
    let output = parse_telegram_json(&fixture("telegram_single.json")).unwrap();
    let found = messages(&output.records);
    assert_eq!(found.len(), 4);

    let service = found[0];
    assert_eq!(service.kind, MessageKind::Service);
    assert_eq!(service.action.as_deref(), Some("create_group"));
    assert_eq!(service.sender.as_deref(), Some("Wang Wei"));
    assert_eq!(service.chat_name.as_deref(), Some("河内车队"));
    assert_eq!(service.chat_id.as_deref(), Some("4001"));

    assert_eq!(found[1].text, "今晚把钱转到新账户");
    assert_eq!(found[1].time_utc, Some(utc("2023-12-31T14:41:05Z")));
    assert_eq!(found[1].utc_offset_seconds, Some(7 * 3600));

    assert_eq!(found[2].text, "ໂອນແລ້ວ 50000 ກີບ https://example.test/r");
    assert_eq!(found[2].reply_to.as_deref(), Some("2"));
    assert_eq!(found[3].forwarded_from.as_deref(), Some("客服中心"));
}

#[test]
fn telegram_message_without_time_unparsed() {
    let output = parse_telegram_json(&fixture("telegram_single.json")).unwrap();
    let bad = unparsed(&output.records);

    assert_eq!(bad.len(), 1);
    assert!(bad[0].reason.contains("date_unixtime"));
    assert!(bad[0].raw.contains("no unix time"));
}

#[test]
fn telegram_full_export_chats() {
    let output = parse_telegram_json(&fixture("telegram_full.json")).unwrap();
    let found = messages(&output.records);

    assert_eq!(found.len(), 2);
    assert_eq!(found[0].chat_name.as_deref(), Some("Khamla"));
    assert_eq!(found[0].text, "ສະບາຍດີ");
    assert_eq!(found[1].chat_id.as_deref(), Some("5002"));
    assert_eq!(found[1].text, "+8613800000000");
}

#[test]
fn telegram_truncated_file_rejected() {
    let result = parse_telegram_json(&fixture("telegram_truncated.json"));
    assert!(matches!(result, Err(ParseError::InvalidJson { line: 1, .. })));

    let other = parse_telegram_json(br#"{"hello": 1}"#);
    assert!(matches!(other, Err(ParseError::NotTelegramExport)));
}

#[test]
fn whatsapp_android_month_first() {
    let output = whatsapp("whatsapp_android_12h.txt");
    assert_eq!(output.notes, vec![ParseNote::DateOrderDetected { order: DateOrder::MonthFirst }]);
    assert!(unparsed(&output.records).is_empty());

    let found = messages(&output.records);
    assert_eq!(found.len(), 4);
    assert_eq!(found[0].kind, MessageKind::Service);
    assert_eq!(found[0].sender, None);
    assert_eq!(found[0].time_utc, Some(utc("2023-12-31T14:41:00Z")));

    assert_eq!(found[1].sender.as_deref(), Some("Wang Wei"));
    assert_eq!(found[1].text, "今晚把钱转到新账户\n第二行\n\n第四行");
    assert_eq!(found[1].line, Some(2));

    assert_eq!(found[2].text, "ໂອນແລ້ວ");
    assert_eq!(found[2].time_utc, Some(utc("2024-01-01T17:05:00Z")));
    assert_eq!(found[3].time_utc, Some(utc("2024-01-02T05:30:00Z")));
    assert_eq!(found[3].utc_offset_seconds, Some(7 * 3600));
}

#[test]
fn whatsapp_ios_day_first() {
    let output = whatsapp("whatsapp_ios_24h.txt");
    assert_eq!(output.notes, vec![ParseNote::DateOrderDetected { order: DateOrder::DayFirst }]);
    assert!(unparsed(&output.records).is_empty());

    let found = messages(&output.records);
    assert_eq!(found.len(), 4);
    assert_eq!(found[0].time_utc, Some(utc("2023-12-31T14:41:05Z")));
    assert_eq!(found[0].sender.as_deref(), Some("Wang Wei"));
    assert_eq!(found[1].text, "ໂອນແລ້ວ 50000 ກີບ");
    assert_eq!(found[2].text, "image omitted");
    assert_eq!(found[3].text, "line one\nline two");
    assert_eq!(found[3].chat_name.as_deref(), Some("whatsapp_ios_24h.txt"));
}

#[test]
fn whatsapp_ambiguous_defaults_day_first() {
    let output = whatsapp("whatsapp_ambiguous.txt");
    assert_eq!(output.notes, vec![ParseNote::DateOrderAssumed { order: DateOrder::DayFirst }]);

    let found = messages(&output.records);
    assert_eq!(found[0].time_utc, Some(utc("2024-02-01T03:00:00Z")));
    assert_eq!(found[1].time_utc, Some(utc("2024-04-03T04:00:00Z")));
}

#[test]
fn whatsapp_broken_lines_reported() {
    let output = whatsapp("whatsapp_broken.txt");
    let bad = unparsed(&output.records);
    let lines: Vec<Option<u64>> = bad.iter().map(|u| u.line).collect();
    assert_eq!(lines, vec![Some(1), Some(3), Some(4), Some(5)]);
    assert_eq!(bad[0].raw, "stray text before any header");
    assert!(bad[1].reason.contains("invalid date"));
    assert!(bad[2].reason.contains("12-hour"));
    assert_eq!(bad[3].reason, "invalid UTF-8");

    let found = messages(&output.records);
    assert_eq!(found.len(), 2);
    assert_eq!(found[1].text, "after");
}

#[test]
fn csv_log_columns_by_header() {
    let output = parse_access_log_csv(&fixture("ip_log.csv"), FixedOffset::east_opt(8 * 3600).unwrap()).unwrap();
    let found = logs(&output.records);
    assert_eq!(found.len(), 3);

    assert_eq!(found[0].ip, "203.0.113.7");
    assert_eq!(found[0].time_utc, utc("2024-01-02T01:00:00Z"));
    assert_eq!(found[0].port, Some(51515));
    assert_eq!(found[0].line, 2);

    assert_eq!(found[1].ip, "2001:db8::1");
    assert_eq!(found[1].time_utc, utc("2024-01-02T01:30:00Z"));
    assert_eq!(found[1].utc_offset_seconds, Some(8 * 3600));

    assert_eq!(found[2].time_utc, utc("2024-01-02T01:00:00Z"));
    assert_eq!(found[2].port, None);

    let bad = unparsed(&output.records);
    let lines: Vec<Option<u64>> = bad.iter().map(|u| u.line).collect();
    assert_eq!(lines, vec![Some(5), Some(6), Some(7)]);
    assert_eq!(bad[0].raw, "not-an-ip,2024-01-02T08:00:00Z,80,bad ip");
}

#[test]
fn csv_log_missing_column_rejected() {
    let result = parse_access_log_csv(b"host,when\n1.2.3.4,now\n", FixedOffset::east_opt(0).unwrap());
    assert!(matches!(result, Err(ParseError::MissingColumn { field: "IP", .. })));
}

#[test]
fn combined_log_fields() {
    let output = parse_combined_log(&fixture("access_combined.log"));
    let found = logs(&output.records);
    assert_eq!(found.len(), 4);

    assert_eq!(found[0].time_utc, utc("2024-01-02T01:00:00Z"));
    assert_eq!(found[0].method.as_deref(), Some("GET"));
    assert_eq!(found[0].path.as_deref(), Some("/login?next=%2F"));
    assert_eq!(found[0].status, Some(200));
    assert_eq!(found[0].bytes, Some(5120));
    assert_eq!(found[0].user_agent.as_deref(), Some("Mozilla/5.0 (Linux; Android 13) \"quoted\""));

    assert_eq!(found[1].user.as_deref(), Some("alice"));
    assert_eq!(found[1].bytes, None);
    assert_eq!(found[1].referer, None);

    assert_eq!(found[2].ip, "2001:db8::1");
    assert_eq!(found[2].user_agent, None);
    assert_eq!(found[3].method, None);

    let bad = unparsed(&output.records);
    let lines: Vec<Option<u64>> = bad.iter().map(|u| u.line).collect();
    assert_eq!(lines, vec![Some(5), Some(6)]);
}

#[test]
fn reparse_is_byte_identical() {
    let offset = FixedOffset::east_opt(7 * 3600).unwrap();
    let options = WhatsAppOptions { utc_offset: offset, chat_name: None };
    let runs = || {
        vec![
            to_jsonl(&parse_telegram_json(&fixture("telegram_single.json")).unwrap().records),
            to_jsonl(&parse_telegram_json(&fixture("telegram_full.json")).unwrap().records),
            to_jsonl(&parse_whatsapp_txt(&fixture("whatsapp_android_12h.txt"), &options).records),
            to_jsonl(&parse_whatsapp_txt(&fixture("whatsapp_broken.txt"), &options).records),
            to_jsonl(&parse_access_log_csv(&fixture("ip_log.csv"), offset).unwrap().records),
            to_jsonl(&parse_combined_log(&fixture("access_combined.log")).records),
        ]
    };
    assert_eq!(runs(), runs());
}

#[test]
fn jsonl_field_order_fixed() {
    let output = parse_combined_log(b"192.0.2.1 - - [02/Jan/2024:09:00:00 +0000] \"GET / HTTP/1.1\" 200 1\n");
    let text = String::from_utf8(to_jsonl(&output.records)).unwrap();
    assert_eq!(
        text,
        "{\"record\":\"log\",\"line\":1,\"ip\":\"192.0.2.1\",\"time_utc\":\"2024-01-02T09:00:00Z\",\
         \"utc_offset_seconds\":0,\"port\":null,\"user\":null,\"method\":\"GET\",\"path\":\"/\",\
         \"protocol\":\"HTTP/1.1\",\"status\":200,\"bytes\":1,\"referer\":null,\"user_agent\":null}\n"
    );
}

/// xorshift64*, so the random inputs are the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
}

#[test]
fn random_bytes_never_panic() {
    let mut rng = Rng(0x5EED_1234_ABCD_0001);
    let seeds: Vec<Vec<u8>> = [
        "telegram_single.json",
        "whatsapp_android_12h.txt",
        "whatsapp_ios_24h.txt",
        "ip_log.csv",
        "access_combined.log",
    ]
    .iter()
    .map(|name| fixture(name))
    .collect();
    let options = WhatsAppOptions::default();
    let offset = FixedOffset::east_opt(0).unwrap();

    for round in 0..2000 {
        let mut input = if round % 2 == 0 {
            let length = (rng.next() % 512) as usize;
            (0..length).map(|_| rng.next() as u8).collect::<Vec<u8>>()
        } else {
            seeds[round % seeds.len()].clone()
        };
        if !input.is_empty() {
            for _ in 0..(rng.next() % 8) {
                let position = (rng.next() as usize) % input.len();
                input[position] = rng.next() as u8;
            }
        }

        let _ = parse_telegram_json(&input).map(|o| to_jsonl(&o.records));
        let _ = to_jsonl(&parse_whatsapp_txt(&input, &options).records);
        let _ = parse_access_log_csv(&input, offset).map(|o| to_jsonl(&o.records));
        let _ = to_jsonl(&parse_combined_log(&input).records);
    }
}

#[test]
fn whatsapp_ios_twelve_hour_clock() {
    let input = "[12/31/23, 9:41:05\u{202F}PM] Wang Wei: 你好\n[1/1/24, 12:00:00\u{202F}AM] \u{200E}Khamla joined using this group's invite link\n";
    let output = parse_whatsapp_txt(input.as_bytes(), &WhatsAppOptions::default());
    assert_eq!(output.notes, vec![ParseNote::DateOrderDetected { order: DateOrder::MonthFirst }]);

    let found = messages(&output.records);
    assert_eq!(found.len(), 2);
    assert_eq!(found[0].time_utc, Some(utc("2023-12-31T21:41:05Z")));
    assert_eq!(found[1].time_utc, Some(utc("2024-01-01T00:00:00Z")));
    assert_eq!(found[1].kind, MessageKind::Service);
    assert_eq!(found[1].text, "Khamla joined using this group's invite link");
}

#[test]
fn whatsapp_conflicting_date_order() {
    let input = "31/12/23, 21:41 - A: day first\n12/31/23, 21:42 - B: month first\n";
    let output = parse_whatsapp_txt(input.as_bytes(), &WhatsAppOptions::default());
    assert_eq!(output.notes, vec![ParseNote::DateOrderConflict { order: DateOrder::DayFirst }]);

    assert_eq!(messages(&output.records).len(), 1);
    let bad = unparsed(&output.records);
    assert_eq!(bad.len(), 1);
    assert_eq!(bad[0].line, Some(2));
}
