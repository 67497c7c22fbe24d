//! Fuzzes the ISO 20022 pacs.008 XML reader with whole files.

#![no_main]

use libfuzzer_sys::fuzz_target;
use mekong_ingest::formats::Format;

fuzz_target!(|data: &[u8]| {
    mekong_fuzz::read_transactions(Format::Pacs008, None, data);
});
