//! Fuzzes the canonical CSV reader: the input follows the format's header row, so the
//! fuzzer starts in the row parser rather than in header detection.

#![no_main]

use libfuzzer_sys::fuzz_target;
use mekong_ingest::formats::Format;

fuzz_target!(|data: &[u8]| {
    let header = Format::Canonical.header().join(",");
    mekong_fuzz::read_transactions(Format::Canonical, Some(&header), data);
});
