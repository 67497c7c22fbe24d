//! Reports and entities through a real SQLite store: idempotent import, rejected
//! reports storing nothing, FtM round-trip, merge suggestions and the recorded
//! schema versions.

use std::path::Path;

use mekong_reports::ftm::{read_lines, write_lines};
use mekong_reports::{
    ImportOutcome, MergeKind, MergeReason, import_entities, import_goaml, stored_entities,
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
    assert_eq!(
        suggestions[0].reasons().collect::<Vec<_>>(),
        vec![MergeReason::NameAndBirthDate]
    );
}

#[test]
fn organisation_and_account_suggested() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join("node.db")).unwrap();
    for name in ["org_account_a.xml", "org_account_b.xml"] {
        let outcome = import_goaml(&store, "LA-FIU", &fixture(name)).unwrap();
        assert!(
            matches!(outcome, ImportOutcome::Stored { .. }),
            "{name}: {outcome:?}"
        );
    }
    let before = stored_entities(&store).unwrap();

    let suggestions = stored_merge_suggestions(&store).unwrap();

    let of_kind = |kind| {
        suggestions
            .iter()
            .filter(|suggestion| suggestion.kind == kind)
            .map(|suggestion| suggestion.reasons().collect::<Vec<_>>())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        of_kind(MergeKind::Organisation),
        vec![vec![
            MergeReason::RegistrationNumber,
            MergeReason::OrganisationName
        ]],
        "one row for the organisation pair: {suggestions:?}"
    );
    assert_eq!(
        of_kind(MergeKind::BankAccount),
        vec![vec![MergeReason::AccountNumber]],
        "{suggestions:?}"
    );
    let account = suggestions
        .iter()
        .find(|suggestion| suggestion.kind == MergeKind::BankAccount);
    assert_eq!(
        account.map(|suggestion| suggestion.matches[0].key.as_str()),
        Some("bic:COEBLALA 010120000123456")
    );

    // Suggesting changes nothing: both companies and both accounts stay.
    let count = |schema: &str| {
        before
            .iter()
            .filter(|entity| entity.schema == schema)
            .count()
    };
    assert_eq!(count("Company"), 2);
    assert_eq!(count("BankAccount"), 2);
    assert_eq!(stored_entities(&store).unwrap(), before);
}

#[test]
fn declared_version_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join("node.db")).unwrap();
    import_goaml(&store, "LA-FIU", &fixture("v402.xml")).unwrap();
    import_goaml(&store, "LA-FIU", &fixture("v502.xml")).unwrap();

    let reports = store.reports().unwrap();

    let by_reference = |reference: &str| {
        reports
            .iter()
            .find(|report| report.entity_reference == reference)
            .map(|report| {
                (
                    report.declared_version.clone(),
                    report.checked_version.clone(),
                )
            })
    };
    // A 4.0.2 report has no `schema_version` element; the 5.0.1 XSD marks it as a 5.1 element.
    assert_eq!(
        by_reference("BCEL-STR-402"),
        Some((None, "5.0.1".to_owned()))
    );
    assert_eq!(
        by_reference("BCEL-STR-502"),
        Some((Some("5.0.2".to_owned()), "5.0.1".to_owned()))
    );
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
