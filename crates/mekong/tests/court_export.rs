//! `mekong evidence export` and `mekong custody verify DIR`: a court export package
//! verifies offline, and every mutation of it is detected and names the damaged file.
//! A pinned key that does not match is printed beside the key the package carries.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use mekong_audit::NodeKey;
use mekong_evidence::Checkpoint;
use mekong_evidence::package::{CHECKPOINTS_DIR, EVENTS_DIR, write_manifest};

use common::{CN_NODE, init_node, mekong_logging, stdout};

/// Runs `mekong` with logging off, so standard error contains only the command's messages.
fn mekong(data_dir: &Path, args: &[&str]) -> Output {
    mekong_logging(data_dir, "off").args(args).output().unwrap()
}

/// Runs `custody verify DIR` with a data directory that does not exist, so nothing of
/// the node can be read.
fn verify(package: &Path) -> Output {
    mekong(&package.join("no-such-data-dir"), &["custody", "verify", package.to_str().unwrap()])
}

/// Builds a node with two items of case C-1 and one of case C-2, exports C-1, and
/// returns the temporary directory, the data directory and the package.
fn exported() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    init_node(&data, CN_NODE, &[("ivan", "investigator"), ("audra", "auditor")]);

    let chat = dir.path().join("chat export.json");
    fs::write(&chat, r#"{"messages":[{"id":1,"text":"转账 5000"}]}"#).unwrap();
    let log = dir.path().join("access.log");
    fs::write(&log, "10.0.0.1 - - [01/Mar/2026:10:00:00 +0700] \"GET / HTTP/1.1\" 200 12\n").unwrap();
    let other = dir.path().join("other.txt");
    fs::write(&other, "another case").unwrap();
    for (case, kind, file) in [("C-1", "chat_history", &chat), ("C-2", "document", &other), ("C-1", "ip_log", &log)] {
        let added = mekong(&data, &["evidence", "add", "--as", "ivan", "--case", case, "--kind", kind, file.to_str().unwrap()]);
        assert!(added.status.success(), "{}", String::from_utf8_lossy(&added.stderr));
    }

    let package = dir.path().join("package");
    let export = mekong(&data, &["evidence", "export", "--as", "ivan", "--case", "C-1", "--out", package.to_str().unwrap()]);
    assert!(export.status.success(), "{}", String::from_utf8_lossy(&export.stderr));
    assert!(stdout(&export).contains("2 items"), "{}", stdout(&export));
    (dir, data, package)
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            fs::copy(&path, &target).unwrap();
        }
    }
}

fn package_files(root: &Path, dir: &Path, files: &mut Vec<String>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            package_files(root, &path, files);
        } else {
            files.push(path.strip_prefix(root).unwrap().to_str().unwrap().replace('\\', "/"));
        }
    }
}

/// Copies the package into a fresh directory for one mutation.
fn fresh_copy(package: &Path, name: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join(name);
    copy_dir(package, &copy);
    (dir, copy)
}

fn event_files(package: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(package.join(EVENTS_DIR)).unwrap().map(|entry| entry.unwrap().path()).collect();
    files.sort();
    files
}

#[test]
fn export_verifies_offline() {
    let (_dir, _data, package) = exported();
    let (_copy_dir, copy) = fresh_copy(&package, "copy");

    let output = verify(&copy);

    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert!(stdout(&output).contains("Court export package intact"), "{}", stdout(&output));
    let mut files = Vec::new();
    package_files(&copy, &copy, &mut files);
    assert!(files.iter().any(|file| file.ends_with("-chat_export.json")), "{files:?}");
    assert!(files.contains(&"case.jsonld".to_owned()));
    assert!(files.contains(&"node-key.pub".to_owned()));
    let graph = fs::read_to_string(copy.join("case.jsonld")).unwrap();
    assert!(graph.contains("case-investigation:InvestigativeAction"));
    assert!(graph.contains("case-investigation:ProvenanceRecord"));
    assert!(graph.contains("\"@value\": \"SM3\""));
    let other_case = fs::read_dir(copy.join("items")).unwrap().any(|entry| entry.unwrap().file_name().to_string_lossy().contains("other"));
    assert!(!other_case, "an item of another case was exported");
}

#[test]
fn export_is_custody_event() {
    let (_dir, data, package) = exported();

    let events: Vec<String> = event_files(&package).iter().map(|path| fs::read_to_string(path).unwrap()).collect();
    let node_verify = mekong(&data, &["custody", "verify", "--as", "ivan"]);

    assert_eq!(events.iter().filter(|event| event.contains("\"kind\":\"checked_in\"")).count(), 2);
    assert_eq!(events.iter().filter(|event| event.contains("\"kind\":\"exported\"")).count(), 2);
    assert!(events.iter().all(|event| !event.contains("\"details\":\"case=C-2")), "an event of another case was exported");
    assert!(events.last().unwrap().contains("\"kind\":\"exported\""));
    assert_eq!(node_verify.status.code(), Some(0), "{}", stdout(&node_verify));
    let connection = rusqlite::Connection::open(data.join("mekong.db")).unwrap();
    let audited: i64 = connection
        .query_row("SELECT count(*) FROM audit_records WHERE action = 'evidence.export'", [], |row| row.get(0))
        .unwrap();
    assert_eq!(audited, 1);
}

#[test]
fn nonempty_output_rejected() {
    let (_dir, data, package) = exported();

    let again = mekong(&data, &["evidence", "export", "--as", "ivan", "--case", "C-1", "--out", package.to_str().unwrap()]);

    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("is not empty"));
}

#[test]
fn auditor_export_denied() {
    let (dir, data, _package) = exported();
    let out = dir.path().join("by-auditor");

    let denied = mekong(&data, &["evidence", "export", "--as", "audra", "--case", "C-1", "--out", out.to_str().unwrap()]);

    assert!(!denied.status.success());
    assert!(String::from_utf8_lossy(&denied.stderr).contains("ermission"), "{}", String::from_utf8_lossy(&denied.stderr));
    assert!(!out.exists());
}

#[test]
fn every_byte_flip_detected() {
    let (_dir, _data, package) = exported();
    let mut files = Vec::new();
    package_files(&package, &package, &mut files);
    files.sort();

    let mut tried = 0;
    let mut detected = Vec::new();
    for file in &files {
        let (_copy_dir, copy) = fresh_copy(&package, "flip");
        let path = copy.join(file);
        let mut bytes = fs::read(&path).unwrap();
        let middle = bytes.len() / 2;
        bytes[middle] ^= 0x01;
        fs::write(&path, &bytes).unwrap();

        let output = verify(&copy);
        tried += 1;

        if output.status.code() == Some(1) && stdout(&output).contains(file.as_str()) {
            detected.push(file.clone());
        } else {
            eprintln!("not detected: flipped byte in {file}: {}", stdout(&output));
        }
    }

    eprintln!("byte flips: {tried} tried, {} detected", detected.len());
    assert!(tried >= 15, "only {tried} files in the package");
    assert_eq!(detected.len(), tried, "undetected: {:?}", files.iter().filter(|file| !detected.contains(file)).collect::<Vec<_>>());
}

#[test]
fn dropped_event_detected() {
    let (_dir, _data, package) = exported();
    let (_copy_dir, copy) = fresh_copy(&package, "drop");
    let first = event_files(&copy).remove(0);
    let name = format!("{EVENTS_DIR}/{}", first.file_name().unwrap().to_str().unwrap());
    fs::remove_file(&first).unwrap();

    let output = verify(&copy);

    assert_eq!(output.status.code(), Some(1));
    assert!(stdout(&output).contains(&format!("{name}: the file is missing")), "{}", stdout(&output));
}

#[test]
fn reordered_events_detected() {
    let (_dir, data, package) = exported();
    let (_copy_dir, copy) = fresh_copy(&package, "reorder");
    let events = event_files(&copy);
    let first = fs::read(&events[0]).unwrap();
    let second = fs::read(&events[1]).unwrap();
    fs::write(&events[0], &second).unwrap();
    fs::write(&events[1], &first).unwrap();
    let first_name = format!("{EVENTS_DIR}/{}", events[0].file_name().unwrap().to_str().unwrap());

    let tampered = verify(&copy);
    // The node itself re-signs the manifest: the inner checks still find the swap.
    write_manifest(&copy, "mekong-bridge/cn-test/custody", &node_key(&data)).unwrap();
    let resigned = verify(&copy);

    assert_eq!(tampered.status.code(), Some(1));
    assert!(stdout(&tampered).contains(&format!("{first_name}: the file was changed")), "{}", stdout(&tampered));
    assert_eq!(resigned.status.code(), Some(1));
    assert!(stdout(&resigned).contains(&format!("{first_name}, event")), "{}", stdout(&resigned));
}

#[test]
fn replayed_event_detected() {
    let (_dir, data, package) = exported();
    let (_copy_dir, copy) = fresh_copy(&package, "replay");
    let events = event_files(&copy);
    let replayed = copy.join(EVENTS_DIR).join("00000099.json");
    fs::copy(&events[0], &replayed).unwrap();

    let tampered = verify(&copy);
    write_manifest(&copy, "mekong-bridge/cn-test/custody", &node_key(&data)).unwrap();
    let resigned = verify(&copy);

    assert_eq!(tampered.status.code(), Some(1));
    assert!(stdout(&tampered).contains(&format!("{EVENTS_DIR}/00000099.json: the file is not listed")), "{}", stdout(&tampered));
    assert_eq!(resigned.status.code(), Some(1));
    assert!(stdout(&resigned).contains(&format!("{EVENTS_DIR}/00000099.json")), "{}", stdout(&resigned));
}

fn node_key(data: &Path) -> NodeKey {
    NodeKey::load(&NodeKey::path_in(data)).unwrap()
}

#[test]
fn forked_checkpoint_detected() {
    let (_dir, data, package) = exported();
    let (_copy_dir, copy) = fresh_copy(&package, "fork");
    let key = node_key(&data);
    let mut notes: Vec<PathBuf> = fs::read_dir(copy.join(CHECKPOINTS_DIR)).unwrap().map(|entry| entry.unwrap().path()).collect();
    notes.sort();
    let forked_path = &notes[1];
    let original = Checkpoint::open(&fs::read_to_string(forked_path).unwrap(), &[key.public_key()]).unwrap().unwrap();
    let mut root = original.root;
    root[0] ^= 0x01;
    let fork = Checkpoint { origin: original.origin.clone(), tree_size: original.tree_size, root };
    fs::write(forked_path, fork.sign(&key)).unwrap();
    let name = format!("{CHECKPOINTS_DIR}/{}", forked_path.file_name().unwrap().to_str().unwrap());

    let tampered = verify(&copy);
    // A node that signs two different trees of one log is caught by the consistency proofs.
    write_manifest(&copy, &original.origin, &key).unwrap();
    let resigned = verify(&copy);

    assert_eq!(tampered.status.code(), Some(1));
    assert!(stdout(&tampered).contains(&format!("{name}: the file was changed")), "{}", stdout(&tampered));
    assert_eq!(resigned.status.code(), Some(1));
    assert!(stdout(&resigned).contains("the checkpoint does not extend the previous one"), "{}", stdout(&resigned));
}

#[test]
fn pinned_key_mismatch_detected() {
    let (_dir, _data, package) = exported();
    let other = NodeKey::from_secret(&[9; 32]).public_hex();

    let output = mekong(&package.join("none"), &["custody", "verify", package.to_str().unwrap(), "--key", &other]);

    assert_eq!(output.status.code(), Some(1));
    assert!(stdout(&output).contains("package is intact, but it is signed by a key other than the pinned one"), "{}", stdout(&output));
    assert!(!stdout(&output).contains("damaged"), "{}", stdout(&output));
    assert!(!stdout(&output).contains("the node key is invalid"), "{}", stdout(&output));
}

#[test]
fn pinned_key_mismatch_logs_warning() {
    let (_dir, _data, package) = exported();
    let other = NodeKey::from_secret(&[9; 32]).public_hex();

    let output = mekong_logging(&package.join("none"), "warn")
        .args(["custody", "verify", package.to_str().unwrap(), "--key", &other])
        .output()
        .unwrap();
    let log = String::from_utf8_lossy(&output.stderr);

    assert_eq!(output.status.code(), Some(1));
    assert!(log.contains("WARN"), "{log}");
    assert!(log.contains("signed by a key other than the pinned one"), "{log}");
    assert!(!log.contains("ERROR"), "{log}");
    assert!(!log.contains("damaged"), "{log}");
}

#[test]
fn damaged_package_wrong_key() {
    let (_dir, _data, package) = exported();
    let (_copy_dir, copy) = fresh_copy(&package, "damaged");
    let event = event_files(&copy).remove(0);
    fs::remove_file(&event).unwrap();
    let other = NodeKey::from_secret(&[9; 32]).public_hex();

    let output = mekong(&copy.join("none"), &["custody", "verify", copy.to_str().unwrap(), "--key", &other]);

    assert_eq!(output.status.code(), Some(1));
    assert!(stdout(&output).contains("Court export package damaged"), "{}", stdout(&output));
    assert!(!stdout(&output).contains("is intact"), "{}", stdout(&output));
    assert!(stdout(&output).contains("but the pinned key is"), "{}", stdout(&output));
}

#[test]
fn off_curve_key_named() {
    let (_dir, _data, package) = exported();
    // Finds 32 bytes that are not the encoding of a point of Ed25519.
    let bytes = (0..=u8::MAX)
        .map(|first| {
            let mut bytes = [0; 32];
            bytes[0] = first;
            bytes
        })
        .find(|bytes| ed25519_dalek::VerifyingKey::from_bytes(bytes).is_err())
        .unwrap();
    let off_curve: String = bytes.iter().map(|byte| format!("{byte:02x}")).collect();

    let output = mekong(&package.join("none"), &["custody", "verify", package.to_str().unwrap(), "--key", &off_curve]);
    let short = mekong(&package.join("none"), &["custody", "verify", package.to_str().unwrap(), "--key", "abcd"]);

    assert_eq!(output.status.code(), Some(1));
    let message = String::from_utf8_lossy(&output.stderr);
    assert!(message.contains("do not form a valid Ed25519 public key"), "{message}");
    assert!(!message.contains("expected 64 hex digits"), "{message}");
    let message = String::from_utf8_lossy(&short.stderr);
    assert!(message.contains("expected 64 hex digits"), "{message}");
}

#[test]
fn pinned_key_mismatch_names_both() {
    let (_dir, data, package) = exported();
    let found = node_key(&data).public_hex();
    let expected = NodeKey::from_secret(&[9; 32]).public_hex();
    let cases = [
        ("en", format!("signed by node cn-test with key {found}, but the pinned key is {expected}")),
        ("zh-CN", format!("导出包由节点 cn-test 使用密钥 {found} 签名，但指定的密钥是 {expected}")),
        ("lo", format!("ຊຸດສົ່ງອອກນີ້ລົງລາຍເຊັນໂດຍໂນດ cn-test ດ້ວຍກະແຈ {found}, ແຕ່ກະແຈທີ່ກຳນົດແມ່ນ {expected}")),
    ];

    for (tag, line) in cases {
        let output = Command::new(env!("CARGO_BIN_EXE_mekong"))
            .env_remove("MEKONG_LANG")
            .env_remove("MEKONG_CONFIG")
            .args(["--data-dir", package.join("none").to_str().unwrap(), "--lang", tag, "--log", "off"])
            .args(["custody", "verify", package.to_str().unwrap(), "--key", &expected])
            .output()
            .unwrap();

        assert_eq!(output.status.code(), Some(1), "{tag}");
        assert!(stdout(&output).contains(&line), "{tag}: {}", stdout(&output));
        assert!(!stdout(&output).contains("with the pinned key"), "{tag}: {}", stdout(&output));
        assert!(!stdout(&output).contains("指定密钥 "), "{tag}: {}", stdout(&output));
    }
}

#[test]
fn matching_pinned_key_named() {
    let (_dir, data, package) = exported();
    let key = node_key(&data).public_hex();

    let output = mekong(&package.join("none"), &["custody", "verify", package.to_str().unwrap(), "--key", &key]);

    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert!(stdout(&output).contains(&format!("Signed by node cn-test with the pinned key {key}.")), "{}", stdout(&output));
}
