//! Fuzzes the monitor's rule file parser with TOML text.

#![no_main]

use libfuzzer_sys::fuzz_target;
use mekong_monitor::RuleSet;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        std::hint::black_box(RuleSet::from_toml(text, "fuzz.toml").is_ok());
    }
});
