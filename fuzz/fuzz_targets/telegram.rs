//! Fuzzes the Telegram Desktop JSON export parser.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    std::hint::black_box(mekong_evidence::parse::parse_telegram_json(data).is_ok());
});
