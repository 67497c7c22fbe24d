//! Reports and entities through a real SQLite store: idempotent import, rejected
//! reports storing nothing, FtM round-trip and merge suggestions.

use std::path::Path;

use mekong_reports::ftm::{read_lines, write_lines};
use mekong_reports::{
    ImportOutcome, MergeReason, import_entities, import_goaml, stored_entities,
    stored_merge_suggestions,
};
use mekong_store::SqliteStore;
use mekong_store::reports::ReportStore;

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name),
    )
    .unwrap_or_default()
}

fn export(store: &SqliteStore) -> Vec<u8> {
    let mut out = Vec::new();
    let entities = stored_entities(store).unwrap_or_default();
    write_lines(&mut out, &entities).unwrap_or_default();
    out
}

#[test]
fn reimport_stores_nothing_new() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join("node.db")).unwrap();
    let xml = fixture("str_my_client.xml");

    let first = import_goaml(&store, "LA-FIU", &xml).unwrap();
    assert!(matches!(first, ImportOutcome::Stored { .. }), "{first:?}");
    let before = export(&store);

    let second = import_goaml(&store, "LA-FIU", &xml).unwrap();
    assert!(
        matches!(second, ImportOutcome::AlreadyStored { .. }),
        "{second:?}"
    );
    assert_eq!(export(&store), before);
    assert_eq!(store.reports().unwrap().len(), 1);
}

#[test]
fn rejected_report_stores_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join("node.db")).unwrap();

    let outcome = import_goaml(&store, "LA-FIU", &fixture("bad_negative.xml")).unwrap();
    assert!(matches!(outcome, ImportOutcome::Rejected { .. }));
    assert!(store.reports().unwrap().is_empty());
    assert!(store.entities().unwrap().is_empty());
}

#[test]
fn names_kept_in_every_script() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join("node.db")).unwrap();
    import_goaml(&store, "LA-FIU", &fixture("str_my_client.xml")).unwrap();
    import_goaml(&store, "LA-FIU", &fixture("sar_activity.xml")).unwrap();

    let text = String::from_utf8(export(&store)).unwrap();
    assert!(text.contains("\"伟\""));
    assert!(text.contains("\"张\""));
    assert!(text.contains("\"Zhang Wei\""));
    assert!(text.contains("\"ຈາງ ເວີຍ\""));
    assert!(text.contains("\"ສົມພອນ\""));
}

#[test]
fn ftm_round_trip_identical() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join("a.db")).unwrap();
    for name in [
        "str_my_client.xml",
        "ctr.xml",
        "sar_activity.xml",
        "str_wallet.xml",
    ] {
        import_goaml(&store, "LA-FIU", &fixture(name)).unwrap();
    }
    let exported = export(&store);
    assert!(!exported.is_empty());
    let text = String::from_utf8_lossy(&exported);
    assert!(text.contains(r#""schema":"CryptoWallet""#), "{text}");
    assert!(text.contains(r#""schema":"UserAccount""#), "{text}");

    let empty = SqliteStore::open(&dir.path().join("b.db")).unwrap();
    let entities = read_lines(exported.as_slice()).unwrap();
    import_entities(&empty, &entities).unwrap();
    assert_eq!(export(&empty), exported);
}

#[test]
fn same_person_suggested_not_merged() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join("node.db")).unwrap();
    import_goaml(&store, "LA-FIU", &fixture("str_my_client.xml")).unwrap();
    import_goaml(&store, "LA-FIU", &fixture("sar_activity.xml")).unwrap();

    let people = stored_entities(&store)
        .unwrap()
        .into_iter()
        .filter(|entity| entity.schema == "Person")
        .count();
    let suggestions = stored_merge_suggestions(&store).unwrap();

    // Two reporting persons are not matched; the two Zhang Wei records differ by passport.
    assert_eq!(people, 3);
    assert_eq!(suggestions.len(), 1, "{suggestions:?}");
    assert_eq!(suggestions[0].reason, MergeReason::NameAndBirthDate);
}

#[test]
fn ftm_line_without_id_rejected() {
    let input = b"{\"id\":\"\",\"schema\":\"Person\",\"properties\":{}}\n";
    let error = read_lines(input.as_slice())
        .err()
        .map(|error| error.to_string())
        .unwrap_or_default();
    assert!(error.contains("line 1"), "{error}");
}
