//! Fuzzes the goAML report validator, and the entity extraction of reports it accepts.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(report) = mekong_reports::validate(data) {
        let extraction = mekong_reports::extract(&report, "fuzz-report");
        std::hint::black_box(extraction.entities.len());
    }
});
