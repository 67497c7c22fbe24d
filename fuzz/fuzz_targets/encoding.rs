//! Fuzzes encoding detection and the GB18030 decoder. Input detected as GBK or
//! GB18030 must decode to valid UTF-8. UTF-8 input passes through unchecked,
//! because the CSV reader checks each field and rejects invalid bytes there.

#![no_main]

use std::io::Read;

use libfuzzer_sys::fuzz_target;
use mekong_ingest::encoding::{TextReader, detect_encoding};

fuzz_target!(|data: &[u8]| {
    std::hint::black_box(detect_encoding(data));

    let Ok(mut reader) = TextReader::new(data) else {
        return;
    };
    let mut decoded = Vec::new();
    let decoded_encoding = reader.encoding().is_decoded();
    if reader.read_to_end(&mut decoded).is_ok() && decoded_encoding {
        assert!(
            std::str::from_utf8(&decoded).is_ok(),
            "the decoder returned bytes that are not UTF-8"
        );
    }
});
