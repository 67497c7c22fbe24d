//! Fuzzes the FtM JSON lines reader. Entities it accepts must survive a write and a
//! second read unchanged.

#![no_main]

use libfuzzer_sys::fuzz_target;
use mekong_reports::ftm::{read_lines, write_lines};

fuzz_target!(|data: &[u8]| {
    let Ok(entities) = read_lines(data) else {
        return;
    };

    let mut written = Vec::new();
    let Ok(()) = write_lines(&mut written, &entities) else {
        panic!("writing {} read entities failed", entities.len());
    };
    match read_lines(written.as_slice()) {
        Ok(again) => assert_eq!(again, entities, "FtM lines changed on a write and read"),
        Err(error) => panic!("FtM lines written from read entities are invalid: {error}"),
    }
});
