//! FtM entities of the goAML elements that carry crypto wallets and user accounts.

use std::path::Path;

use mekong_reports::{Entity, extract, validate};

fn wallet_report_entities() -> Vec<Entity> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/str_wallet.xml");
    let xml = std::fs::read(path).unwrap_or_default();
    let Ok(report) = validate(&xml) else {
        panic!("str_wallet.xml was rejected")
    };
    extract(&report, "report-1")
        .entities
        .into_values()
        .collect()
}

fn of_schema<'a>(entities: &'a [Entity], schema: &str) -> Vec<&'a Entity> {
    entities
        .iter()
        .filter(|entity| entity.schema == schema)
        .collect()
}

#[test]
fn crypto_wallet_held_by_payer() {
    let entities = wallet_report_entities();
    let wallets = of_schema(&entities, "CryptoWallet");
    let people = of_schema(&entities, "Person");

    assert_eq!(wallets.len(), 1);
    assert_eq!(
        wallets[0].first("publicKey"),
        Some("TQn9Y2khEsLJW1ChVWFMSMeRDow5KcbLSE")
    );
    let payer = people
        .iter()
        .find(|person| person.first("lastName") == Some("张"));
    let Some(payer) = payer else {
        panic!("payer missing: {people:?}")
    };
    assert_eq!(wallets[0].first("holder"), Some(payer.id.as_str()));

    // The wallet is neither payer nor account of the payment.
    let payments = of_schema(&entities, "Payment");
    assert_eq!(payments.len(), 1);
    let payer_values = payments[0]
        .properties
        .get("payer")
        .cloned()
        .unwrap_or_default();
    assert!(!payer_values.contains(&wallets[0].id), "{payer_values:?}");
}

#[test]
fn social_accounts_become_user_accounts() {
    let entities = wallet_report_entities();
    let accounts = of_schema(&entities, "UserAccount");
    let Some(payer) = entities
        .iter()
        .find(|entity| entity.first("lastName") == Some("张"))
    else {
        panic!("payer missing")
    };

    assert_eq!(accounts.len(), 2);
    let services: Vec<Option<&str>> = accounts
        .iter()
        .map(|account| account.first("service"))
        .collect();
    assert!(services.contains(&Some("Telegram")), "{services:?}");
    assert!(services.contains(&Some("WeChat")), "{services:?}");
    let telegram = accounts
        .iter()
        .find(|account| account.first("service") == Some("Telegram"));
    assert_eq!(
        telegram.and_then(|account| account.first("username")),
        Some("zw_usdt_otc")
    );
    for account in &accounts {
        assert_eq!(account.first("owner"), Some(payer.id.as_str()));
    }
}

#[test]
fn wallet_ids_are_deterministic() {
    let first = wallet_report_entities();
    let second = wallet_report_entities();

    let ids = |entities: &[Entity]| {
        entities
            .iter()
            .map(|entity| entity.id.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(ids(&first), ids(&second));
}
