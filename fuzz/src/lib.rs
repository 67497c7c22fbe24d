//! Helpers shared by the fuzz targets: the transaction readers open files, so
//! each input is written to a scratch file first.
//!
//! Invariant: every process writes only its own scratch folder, named after its
//! process id, so parallel fuzzing jobs (`--jobs`) do not overwrite each other.

use std::path::PathBuf;
use std::sync::OnceLock;

use mekong_core::{Currency, NodeId};
use mekong_ingest::formats::{Format, FormatChoice, ReadOptions, TransactionReader};

/// Returns the scratch file of this process, creating its folder once.
fn scratch_file() -> &'static PathBuf {
    static FILE: OnceLock<PathBuf> = OnceLock::new();
    FILE.get_or_init(|| {
        let folder = std::env::temp_dir().join(format!("mekong-fuzz-{}", std::process::id()));
        if let Err(error) = std::fs::create_dir_all(&folder) {
            panic!(
                "cannot create the scratch folder {}: {error}",
                folder.display()
            );
        }
        folder.join("input")
    })
}

/// Writes `header` (if any), a newline and `data` to the scratch file, then reads
/// every row as `format`. File-level errors are expected results, not crashes.
pub fn read_transactions(format: Format, header: Option<&str>, data: &[u8]) {
    let path = scratch_file();
    let mut bytes = Vec::with_capacity(data.len() + 256);
    if let Some(header) = header {
        bytes.extend_from_slice(header.as_bytes());
        bytes.push(b'\n');
    }
    bytes.extend_from_slice(data);
    if let Err(error) = std::fs::write(path, &bytes) {
        panic!("cannot write the scratch file {}: {error}", path.display());
    }

    let Ok(origin) = NodeId::new("fuzz-node") else {
        panic!("the fixed node id is invalid");
    };
    let options = ReadOptions {
        format: FormatChoice::Exact(format),
        origin,
        currency: Some(Currency::CNY),
        start_date: chrono::NaiveDate::from_ymd_opt(2026, 1, 1),
        default_offset_seconds: 8 * 3600,
    };
    let Ok(reader) = TransactionReader::open(path, &options) else {
        return;
    };
    for row in reader {
        std::hint::black_box(row);
    }
}
