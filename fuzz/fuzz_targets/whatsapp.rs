//! Fuzzes the WhatsApp text export parser, at UTC and at UTC+7.

#![no_main]

use chrono::FixedOffset;
use libfuzzer_sys::fuzz_target;
use mekong_evidence::parse::{WhatsAppOptions, parse_whatsapp_txt};

fuzz_target!(|data: &[u8]| {
    std::hint::black_box(parse_whatsapp_txt(data, &WhatsAppOptions::default()));

    if let Some(offset) = FixedOffset::east_opt(7 * 3600) {
        let options = WhatsAppOptions {
            utc_offset: offset,
            chat_name: Some("fuzz".to_owned()),
        };
        std::hint::black_box(parse_whatsapp_txt(data, &options));
    }
});
