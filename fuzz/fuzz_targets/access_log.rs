//! Fuzzes both access-log parsers: the CSV access log and the Apache/nginx
//! combined log format.

#![no_main]

use chrono::FixedOffset;
use libfuzzer_sys::fuzz_target;
use mekong_evidence::parse::{parse_access_log_csv, parse_combined_log};

fuzz_target!(|data: &[u8]| {
    if let Some(offset) = FixedOffset::east_opt(8 * 3600) {
        std::hint::black_box(parse_access_log_csv(data, offset).is_ok());
    }
    std::hint::black_box(parse_combined_log(data));
});
