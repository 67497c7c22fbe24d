//! The package manifest: SHA-256 and SM3 of every file, signed by the node key.
//!
//! Text layout, each line ending in a newline:
//! ```text
//! mekong-court-package/v1
//! <sha256 hex> <sm3 hex> <path>        (one line per file, sorted by path)
//!
//! — <origin> <base64 Ed25519 signature>
//! ```
//! The signature covers every byte before the blank line, newline included. Paths are
//! relative and `/`-separated; export writes no path with a space or a newline in it.

use data_encoding::BASE64;
use ed25519_dalek::{Signature, Verifier, VerifyingKey};
use mekong_audit::NodeKey;

/// The first line of every manifest.
const HEADER: &str = "mekong-court-package/v1";

/// The em dash and space that start the signature line.
const SIGNATURE_PREFIX: &str = "\u{2014} ";

/// One file of the package.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManifestEntry {
    /// The relative path.
    pub path: String,
    /// Lower-case hex SHA-256 of the file.
    pub sha256: String,
    /// Lower-case hex SM3 of the file.
    pub sm3: String,
}

/// The parsed manifest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Manifest {
    /// The files, sorted by path.
    pub entries: Vec<ManifestEntry>,
    /// The signer's name on the signature line.
    pub signer: String,
    /// The signed bytes.
    body: String,
    /// The signature bytes.
    signature: Vec<u8>,
}

/// Returns the body text that the signature covers.
fn body(entries: &[ManifestEntry]) -> String {
    let mut text = format!("{HEADER}\n");
    for entry in entries {
        text.push_str(&format!("{} {} {}\n", entry.sha256, entry.sm3, entry.path));
    }
    text
}

impl Manifest {
    /// Sorts the entries, signs them and returns the manifest text.
    pub fn sign(mut entries: Vec<ManifestEntry>, signer: &str, key: &NodeKey) -> String {
        entries.sort_by(|a, b| a.path.cmp(&b.path));

        let body = body(&entries);
        let signature = key.sign(body.as_bytes());
        format!("{body}\n{SIGNATURE_PREFIX}{signer} {}\n", BASE64.encode(&signature.to_bytes()))
    }

    /// Parses a manifest without checking its signature.
    /// Returns a description of the failure in English.
    pub fn parse(text: &str) -> Result<Manifest, String> {
        let (body_text, signature_text) =
            text.split_once("\n\n").ok_or_else(|| "no blank line before the signature".to_owned())?;
        let body_text = format!("{body_text}\n");

        let mut lines = body_text.lines();
        if lines.next() != Some(HEADER) {
            return Err(format!("the first line is not {HEADER}"));
        }
        let mut entries = Vec::new();
        for (number, line) in lines.enumerate() {
            let mut fields = line.splitn(3, ' ');
            let (Some(sha256), Some(sm3), Some(path)) = (fields.next(), fields.next(), fields.next()) else {
                return Err(format!("line {} has fewer than three fields", number + 2));
            };
            entries.push(ManifestEntry { path: path.to_owned(), sha256: sha256.to_owned(), sm3: sm3.to_owned() });
        }
        if body(&entries) != body_text {
            return Err("the file list is not in canonical form".to_owned());
        }

        let line = signature_text.strip_suffix('\n').unwrap_or(signature_text);
        let rest = line.strip_prefix(SIGNATURE_PREFIX).ok_or_else(|| "the signature line does not start with an em dash".to_owned())?;
        let (signer, encoded) = rest.rsplit_once(' ').ok_or_else(|| "the signature line has no signature".to_owned())?;
        let signature = BASE64.decode(encoded.as_bytes()).map_err(|_| "the signature is not base64".to_owned())?;
        if format!("{SIGNATURE_PREFIX}{signer} {encoded}\n") != signature_text {
            return Err("unexpected text after the signature line".to_owned());
        }

        Ok(Manifest { entries, signer: signer.to_owned(), body: body_text, signature })
    }

    /// Checks the signature with the node's public key.
    pub fn verify_signature(&self, key: &VerifyingKey) -> bool {
        Signature::from_slice(&self.signature).is_ok_and(|signature| key.verify(self.body.as_bytes(), &signature).is_ok())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(path: &str) -> ManifestEntry {
        ManifestEntry { path: path.to_owned(), sha256: "aa".repeat(32), sm3: "bb".repeat(32) }
    }

    #[test]
    fn manifest_round_trip() {
        let key = NodeKey::from_secret(&[3; 32]);

        let text = Manifest::sign(vec![entry("z.json"), entry("a/b.txt")], "mekong-bridge/cn-1/custody", &key);
        let manifest = Manifest::parse(&text).unwrap();

        assert_eq!(manifest.entries[0].path, "a/b.txt");
        assert_eq!(manifest.signer, "mekong-bridge/cn-1/custody");
        assert!(manifest.verify_signature(&key.public_key()));
    }

    #[test]
    fn edited_manifest_fails_signature() {
        let key = NodeKey::from_secret(&[3; 32]);
        let text = Manifest::sign(vec![entry("a.txt")], "node", &key);

        let edited = text.replacen("a.txt", "b.txt", 1);
        let manifest = Manifest::parse(&edited).unwrap();

        assert!(!manifest.verify_signature(&key.public_key()));
    }
}
