//! TOTP secrets at rest in a real SQLite store: sealed on creation, plaintext rows
//! from older versions sealed by `Auth::for_node`, and sign-in working after both.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use mekong_auth::totp::step_of;
use mekong_auth::{Auth, NewUser, Role, SecretString, TotpSecret};
use mekong_store::SqliteStore;
use mekong_store::auth::{AuthStore, UserRecord};

const PASSWORD: &str = "Correct-Horse-Battery-9";

fn stored_secret(store: &SqliteStore, username: &str) -> Vec<u8> {
    store.user_by_name(username).unwrap().unwrap().totp_secret
}

fn sign_in(auth: &Auth, username: &str, secret: &TotpSecret) {
    let pending = auth.begin_sign_in(username, &SecretString::from(PASSWORD.to_owned()), None).unwrap();
    let code = secret.code_at_step(step_of(auth.now().timestamp()));
    auth.complete_sign_in(&pending.token, &code, None).unwrap();
}

#[test]
fn created_secret_is_sealed() {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(SqliteStore::open(&dir.path().join("mekong.db")).unwrap());
    let auth = Auth::for_node(store.clone(), "Mekong Bridge test", dir.path()).unwrap();

    let new = NewUser {
        username: "ana".to_owned(),
        agency: "AMLIO".to_owned(),
        roles: vec![Role::FiuAnalyst],
        password: SecretString::from(PASSWORD.to_owned()),
    };
    let (_, secret) = auth.create_user(new).unwrap();

    let stored = stored_secret(&store, "ana");
    assert!(stored.starts_with(b"MKT1"));
    assert!(!stored.windows(secret.bytes().len()).any(|window| window == secret.bytes()));
    let reopened = Auth::for_node(store.clone(), "Mekong Bridge test", dir.path()).unwrap();
    sign_in(&reopened, "ana", &secret);
}

#[test]
fn plaintext_secret_sealed_then_used() {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(SqliteStore::open(&dir.path().join("mekong.db")).unwrap());
    let raw = b"12345678901234567890".to_vec();
    let record = UserRecord {
        id: "0123456789abcdef0123456789abcdef".to_owned(),
        username: "old".to_owned(),
        agency: "AMLIO".to_owned(),
        roles: vec!["fiu_analyst".to_owned()],
        password_hash: mekong_auth::password::hash(&SecretString::from(PASSWORD.to_owned())).unwrap(),
        totp_secret: raw.clone(),
        totp_enrolled: true,
        totp_last_step: None,
        disabled: false,
        created_at: chrono::Utc::now(),
    };
    store.create_user(&record).unwrap().unwrap();

    let auth = Auth::for_node(store.clone(), "Mekong Bridge test", dir.path()).unwrap();

    let stored = stored_secret(&store, "old");
    assert!(stored.starts_with(b"MKT1"));
    assert!(!stored.windows(raw.len()).any(|window| window == raw.as_slice()));
    assert_eq!(auth.seal_plaintext_secrets().unwrap(), 0);
    sign_in(&auth, "old", &TotpSecret::from_bytes(raw));
}
