//! `mekong registry` dates on a stopped node. An empty start follows the rule the web
//! and API use, and a re-import or re-add with an empty start changes nothing. A lapsed
//! listing gets a warning. `list` prints node-local dates and marks lapsed listings as
//! expired. A CR LF file gets the right line numbers in its rejects file.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{CN_NODE, fail, init_node, mekong, run_ok, stderr, stdout, succeed_as};

/// Builds the `registry add` arguments of a domain listing, followed by `extra`.
fn add_domain<'a>(domain: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "--as", "ana", "registry", "add", "--kind", "domain", "--value", domain, "--listing", "scam_url",
        "--reason", "Phishing site", "--legal-basis", "Art. 31", "--appeal", "Review in 30 days",
    ];
    args.extend_from_slice(extra);
    args
}

#[test]
fn expiry_past_without_start() {
    let dir = tempfile::tempdir().unwrap();
    init_node(dir.path(), CN_NODE, &[("ana", "fiu_analyst")]);

    let error = fail(dir.path(), &add_domain("past.example", &["--expires-at", "2020-12-01"]));

    assert!(error.contains("The expiry 2020-12-01 is already past"), "{error}");
    assert!(!error.contains("must be after the start"), "{error}");
}

#[test]
fn lapsed_listing_warns() {
    let dir = tempfile::tempdir().unwrap();
    init_node(dir.path(), CN_NODE, &[("ana", "fiu_analyst")]);

    let output = run_ok(mekong(dir.path()).args(add_domain("old.example", &["--starts-at", "2020-01-01", "--expires-at", "2020-01-31"])));

    assert!(stderr(&output).contains("this listing has already expired"), "{}", stderr(&output));
}

#[test]
fn list_shows_local_dates() {
    let dir = tempfile::tempdir().unwrap();
    init_node(dir.path(), CN_NODE, &[("ana", "fiu_analyst")]);
    run_ok(mekong(dir.path()).args(add_domain("dates.example", &["--starts-at", "2026-12-06", "--expires-at", "2099-03-31"])));
    run_ok(mekong(dir.path()).args(add_domain("time.example", &["--starts-at", "2026-12-06T09:30:00+07:00"])));

    let list = succeed_as(dir.path(), "ana", &["registry", "list"]);

    let dates = list.lines().find(|line| line.contains("dates.example")).unwrap();
    assert!(dates.contains("\t2026-12-06\t2099-03-31\t"), "{dates}");
    let time = list.lines().find(|line| line.contains("time.example")).unwrap();
    assert!(time.contains("\t2026-12-06T10:30:00+08:00\t"), "{time}");
    assert!(!list.contains("+00:00"), "{list}");
}

#[test]
fn import_crlf_lines_and_start() {
    let dir = tempfile::tempdir().unwrap();
    init_node(dir.path(), CN_NODE, &[("ana", "fiu_analyst")]);
    let file = dir.path().join("list.csv");
    let rows = [
        "kind,value,listing_type,reason,source_agency,legal_basis,appeal,starts_at,expires_at",
        "domain,now.example,scam_url,Phishing site,MPS,Art. 31,Review in 30 days,,",
        "domain,late.example,scam_url,Phishing site,MPS,Art. 31,Review in 30 days,,2020-12-05",
        "domain,when.example,scam_url,Phishing site,MPS,Art. 31,Review in 30 days,soon,",
    ];
    std::fs::write(&file, rows.join("\r\n") + "\r\n").unwrap();

    let report = succeed_as(dir.path(), "ana", &["registry", "import", file.to_str().unwrap()]);

    assert!(report.contains("1 added"), "{report}");
    let rejects = std::fs::read_to_string(dir.path().join("list.csv.rejects.csv")).unwrap();
    assert!(rejects.contains(",3,expires_at,2020-12-05,\"The expiry 2020-12-05 is already past"), "{rejects}");
    assert!(rejects.contains(",4,starts_at,soon,"), "{rejects}");
}

#[test]
fn reimport_empty_start_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    init_node(dir.path(), CN_NODE, &[("ana", "fiu_analyst")]);
    let file = dir.path().join("reg.csv");
    let rows = [
        "kind,value,listing_type,reason,source_agency,legal_basis,appeal,starts_at,expires_at",
        "phone,+8613900139100,scam_phone,Impersonates police,MPS,Art. 31,Review in 30 days,,",
    ];
    std::fs::write(&file, rows.join("\r\n") + "\r\n").unwrap();

    let first = succeed_as(dir.path(), "ana", &["registry", "import", file.to_str().unwrap()]);
    let listed = succeed_as(dir.path(), "ana", &["registry", "list"]);
    let second = succeed_as(dir.path(), "ana", &["registry", "import", file.to_str().unwrap()]);

    assert!(first.contains("1 added"), "{first}");
    assert!(second.contains("1 unchanged"), "{second}");
    assert!(second.contains("0 updated"), "{second}");
    assert_eq!(succeed_as(dir.path(), "ana", &["registry", "list"]), listed, "the start stays");
}

#[test]
fn add_empty_start_twice_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    init_node(dir.path(), CN_NODE, &[("ana", "fiu_analyst")]);
    run_ok(mekong(dir.path()).args(add_domain("again.example", &[])));

    let second = run_ok(mekong(dir.path()).args(add_domain("again.example", &[])));

    let output = stdout(&second);
    assert!(output.contains("nothing changed"), "{output}");
}

#[test]
fn list_marks_expired_listing() {
    let dir = tempfile::tempdir().unwrap();
    init_node(dir.path(), CN_NODE, &[("ana", "fiu_analyst")]);
    run_ok(mekong(dir.path()).args(add_domain("old.example", &["--starts-at", "2020-01-01", "--expires-at", "2020-01-31"])));
    run_ok(mekong(dir.path()).args(add_domain("live.example", &["--starts-at", "2020-01-01"])));

    let list = succeed_as(dir.path(), "ana", &["registry", "list"]);

    let old = list.lines().find(|line| line.contains("old.example")).unwrap();
    assert!(old.ends_with("\texpired"), "{old}");
    let live = list.lines().find(|line| line.contains("live.example")).unwrap();
    assert!(!live.contains("expired"), "{live}");
}
