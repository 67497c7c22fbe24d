//! Audit events of `mekong import goaml`, `mekong export ftm` and `mekong import ftm`
//! on a real data directory, read back with `mekong audit export`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::{Path, PathBuf};

use common::{LA_NODE, init_node, run, succeed};

fn reports_fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../mekong-reports/tests/fixtures")
        .join(name)
}

/// Initialises the node with the administrator `admin`, the FIU analyst `fiona` and the
/// auditor `audra`.
fn init(data_dir: &Path) {
    init_node(data_dir, LA_NODE, &[("fiona", "fiu_analyst"), ("audra", "auditor")]);
}

/// Returns the audit records with the given action, as JSON values.
fn audit_records(data_dir: &Path, action: &str) -> Vec<serde_json::Value> {
    let out = data_dir.join(format!("audit-{action}.jsonl"));
    succeed(
        data_dir,
        &[
            "audit",
            "export",
            "--as",
            "audra",
            "--format",
            "jsonl",
            "--out",
            out.to_str().unwrap(),
        ],
    );

    std::fs::read_to_string(&out)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str::<serde_json::Value>(line).unwrap())
        .filter(|record| record["action"] == action)
        .collect()
}

/// Returns the new value of a field change of an audit record.
fn change(record: &serde_json::Value, field: &str) -> String {
    let changes = record["changes"].as_array().unwrap();
    let found = changes.iter().find(|change| change["field"] == field);
    found
        .map(|change| change["new"].as_str().unwrap_or_default().to_owned())
        .unwrap_or_default()
}

#[test]
fn goaml_import_audited() {
    let dir = tempfile::tempdir().unwrap();
    init(dir.path());
    let good = reports_fixture("str_wallet.xml");
    let bad = reports_fixture("bad_pattern.xml");

    let output = run(
        dir.path(),
        &[
            "import",
            "goaml",
            "--as",
            "fiona",
            good.to_str().unwrap(),
            bad.to_str().unwrap(),
        ],
    );
    assert_eq!(
        output.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );

    let records = audit_records(dir.path(), "report.import");
    assert_eq!(records.len(), 2, "{records:?}");
    assert_eq!(records[0]["object_type"], "report");
    assert_eq!(change(&records[0], "outcome"), "stored");
    assert_eq!(change(&records[0], "errors"), "0");
    assert_eq!(records[0]["actor"]["name"], "fiona");
    assert_eq!(records[1]["object_type"], "file");
    assert_eq!(change(&records[1], "outcome"), "rejected");
    assert_eq!(change(&records[1], "errors"), "1");
}

#[test]
fn ftm_export_import_audited() {
    let dir = tempfile::tempdir().unwrap();
    init(dir.path());
    let report = reports_fixture("str_wallet.xml");
    succeed(
        dir.path(),
        &["import", "goaml", "--as", "fiona", report.to_str().unwrap()],
    );
    let lines = dir.path().join("entities.ftm.jsonl");

    succeed(
        dir.path(),
        &[
            "export",
            "ftm",
            "--as",
            "fiona",
            "--out",
            lines.to_str().unwrap(),
        ],
    );
    succeed(
        dir.path(),
        &["import", "ftm", "--as", "fiona", lines.to_str().unwrap()],
    );

    let entity_count = std::fs::read_to_string(&lines)
        .unwrap()
        .lines()
        .count()
        .to_string();
    let exports = audit_records(dir.path(), "ftm.export");
    assert_eq!(exports.len(), 1, "{exports:?}");
    assert_eq!(change(&exports[0], "entities"), entity_count);
    let imports = audit_records(dir.path(), "ftm.import");
    assert_eq!(imports.len(), 1, "{imports:?}");
    assert_eq!(change(&imports[0], "read"), entity_count);
    assert_eq!(change(&imports[0], "changed"), "0");
}
