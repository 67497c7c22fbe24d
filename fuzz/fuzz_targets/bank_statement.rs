//! Fuzzes the bank statement parser of evidence items, at UTC+8, with a currency and
//! start date so that PaySim rows are read too.

#![no_main]

use chrono::{FixedOffset, NaiveDate};
use libfuzzer_sys::fuzz_target;
use mekong_evidence::parse::{BankStatementOptions, parse_bank_statement_csv};

fuzz_target!(|data: &[u8]| {
    let Some(offset) = FixedOffset::east_opt(8 * 3600) else {
        return;
    };
    let options = BankStatementOptions {
        currency: "CNY".parse().ok(),
        start_date: NaiveDate::from_ymd_opt(2024, 1, 1),
    };
    std::hint::black_box(parse_bank_statement_csv(data, offset, &options).is_ok());
});
