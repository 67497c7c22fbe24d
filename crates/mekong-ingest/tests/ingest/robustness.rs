//! Random and damaged input never makes the reader panic, and every row it
//! returns has a plausible line number.

// Helpers outside #[test] functions unwrap too; a panic there is the test failure.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use mekong_ingest::formats::{Format, Row, TransactionReader};

use crate::common::{fixture, options};

/// xorshift64: a fixed-seed generator, so a failure reproduces.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    fn below(&mut self, bound: usize) -> usize {
        (self.next() % bound as u64) as usize
    }
}

/// Bytes that matter to CSV and to the decoders, picked more often than others.
const INTERESTING: &[u8] = b",,,\"\"\r\n\n0123456789.-eE:/ T+Z\xEF\xBB\xBF\x81\x30\xD6\xD0\xFF\x80";

fn random_bytes(rng: &mut XorShift, len: usize) -> Vec<u8> {
    (0..len)
        .map(|_| {
            if rng.below(3) == 0 {
                (rng.next() & 0xFF) as u8
            } else {
                INTERESTING[rng.below(INTERESTING.len())]
            }
        })
        .collect()
}

/// Reads a file to the end if it opens, checking each row's line number.
fn read_checked(path: &Path, size: usize) {
    let Ok(reader) = TransactionReader::open(path, &options()) else {
        return;
    };
    // A file of N bytes has at most N + 1 lines.
    let max_line = size as u64 + 1;
    for row in reader {
        let line = match &row {
            Row::Accepted(record) => record.line,
            Row::Rejected(reject) => reject.line,
        };
        assert!((1..=max_line).contains(&line), "line {line} in {}", path.display());
    }
}

#[test]
fn random_bytes_never_panic() {
    let folder = tempfile::tempdir().unwrap();
    let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);

    for case in 0..300 {
        let mut bytes = Vec::new();
        // Most cases start with a real header so that rows get parsed.
        if case % 5 != 0 {
            let format = Format::ALL[rng.below(Format::ALL.len())];
            bytes.extend_from_slice(format.header().join(",").as_bytes());
            bytes.push(b'\n');
        }
        let len = rng.below(3000);
        bytes.extend(random_bytes(&mut rng, len));

        let path = folder.path().join(format!("random-{case}.csv"));
        std::fs::write(&path, &bytes).unwrap();
        read_checked(&path, bytes.len());
    }
}

#[test]
fn damaged_fixtures_never_panic() {
    let folder = tempfile::tempdir().unwrap();
    let mut rng = XorShift(0x2545_F491_4F6C_DD1D);
    let sources = [
        "canonical/valid.csv",
        "canonical/crlf.csv",
        "canonical/bad_rows.csv",
        "ibm_aml/valid.csv",
        "paysim/valid.csv",
        "amlsim/nodes/transactions.csv",
    ];

    for case in 0..300 {
        let source = sources[case % sources.len()];
        let mut bytes = std::fs::read(fixture(source)).unwrap();
        // Damage a few bytes after the header, keeping the format detectable.
        let header_end = bytes.iter().position(|byte| *byte == b'\n').map_or(0, |end| end + 1);
        for _ in 0..1 + rng.below(8) {
            if bytes.len() > header_end {
                let at = header_end + rng.below(bytes.len() - header_end);
                bytes[at] = random_bytes(&mut rng, 1)[0];
            }
        }

        // AMLSim files are read with their accounts file beside them.
        let is_amlsim = source.starts_with("amlsim");
        let name = if is_amlsim { "transactions.csv".to_owned() } else { format!("damaged-{case}.csv") };
        let case_folder = folder.path().join(case.to_string());
        std::fs::create_dir_all(&case_folder).unwrap();
        if is_amlsim {
            std::fs::copy(fixture("amlsim/nodes/nodes.csv"), case_folder.join("nodes.csv")).unwrap();
        }
        let path = case_folder.join(name);
        std::fs::write(&path, &bytes).unwrap();
        read_checked(&path, bytes.len());
    }
}
