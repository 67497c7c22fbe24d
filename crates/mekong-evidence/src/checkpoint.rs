//! Custody checkpoints as signed notes in the C2SP tlog-checkpoint form.
//!
//! A note is the body — origin line, tree size in decimal, base64 root hash, each
//! ending in a newline — then an empty line and one signature line:
//! `— <key name> <base64(key id || Ed25519 signature)>`. The key name is the origin,
//! and the key id is the first 4 bytes of SHA-256(key name || 0x0A || 0x01 || public
//! key), as the C2SP signed-note format defines for Ed25519. The signature covers the
//! body bytes.

use data_encoding::BASE64;
use ed25519_dalek::{Signature, Verifier, VerifyingKey};
use mekong_audit::NodeKey;
use sha2::{Digest, Sha256};

use crate::EvidenceError;
use crate::merkle::Hash;

/// The em dash and space that start a signature line.
const SIGNATURE_PREFIX: &str = "\u{2014} ";

/// Returns the origin line of a node's custody log.
pub fn checkpoint_origin(node_id: &str) -> String {
    format!("mekong-bridge/{node_id}/custody")
}

/// A checkpoint's body: which log, how many leaves, and the root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkpoint {
    /// The origin line.
    pub origin: String,
    /// The number of leaves.
    pub tree_size: u64,
    /// The Merkle tree hash of those leaves.
    pub root: Hash,
}

fn key_id(name: &str, key: &VerifyingKey) -> [u8; 4] {
    let mut hasher = Sha256::new();
    hasher.update(name.as_bytes());
    hasher.update([0x0A, 0x01]);
    hasher.update(key.as_bytes());
    let digest = hasher.finalize();
    [digest[0], digest[1], digest[2], digest[3]]
}

impl Checkpoint {
    /// Returns the body text that the signature covers.
    pub fn body(&self) -> String {
        format!("{}\n{}\n{}\n", self.origin, self.tree_size, BASE64.encode(&self.root))
    }

    /// Signs the body and returns the whole note.
    pub fn sign(&self, key: &NodeKey) -> String {
        let body = self.body();
        let signature = key.sign(body.as_bytes());

        let mut blob = key_id(&self.origin, &key.public_key()).to_vec();
        blob.extend_from_slice(&signature.to_bytes());
        format!("{body}\n{SIGNATURE_PREFIX}{} {}\n", self.origin, BASE64.encode(&blob))
    }

    /// Parses a note and checks that one of its signatures is by a trusted key.
    /// Fails when the note is malformed; returns `Ok(None)` when no trusted key signed it.
    pub fn open(note: &str, trusted: &[VerifyingKey]) -> Result<Option<Checkpoint>, EvidenceError> {
        let malformed = |detail: &str| EvidenceError::MalformedCheckpoint(detail.to_owned());

        let (body, signatures) = note.split_once("\n\n").ok_or_else(|| malformed("no blank line before the signatures"))?;
        let body = format!("{body}\n");
        let mut lines = body.lines();
        let origin = lines.next().ok_or_else(|| malformed("no origin line"))?.to_owned();
        let tree_size: u64 =
            lines.next().and_then(|line| line.parse().ok()).ok_or_else(|| malformed("invalid tree size"))?;
        let root: Hash = lines
            .next()
            .and_then(|line| BASE64.decode(line.as_bytes()).ok())
            .and_then(|bytes| bytes.try_into().ok())
            .ok_or_else(|| malformed("invalid root hash"))?;
        let checkpoint = Checkpoint { origin, tree_size, root };
        if checkpoint.body() != body {
            return Err(malformed("the body is not in canonical form"));
        }

        for line in signatures.lines() {
            let Some(rest) = line.strip_prefix(SIGNATURE_PREFIX) else {
                return Err(malformed("a signature line does not start with an em dash"));
            };
            let (name, blob) = rest.rsplit_once(' ').ok_or_else(|| malformed("a signature line has no signature"))?;
            let blob = BASE64.decode(blob.as_bytes()).map_err(|_| malformed("a signature is not base64"))?;
            if blob.len() != 4 + 64 {
                continue;
            }
            let Ok(signature) = Signature::from_slice(&blob[4..]) else {
                continue;
            };

            for key in trusted {
                if name == checkpoint.origin
                    && blob[..4] == key_id(name, key)
                    && key.verify(checkpoint.body().as_bytes(), &signature).is_ok()
                {
                    return Ok(Some(checkpoint));
                }
            }
        }
        Ok(None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checkpoint_note_round_trip() {
        let key = NodeKey::from_secret(&[5; 32]);
        let checkpoint = Checkpoint { origin: checkpoint_origin("cn-1"), tree_size: 3, root: [7; 32] };

        let note = checkpoint.sign(&key);
        let opened = Checkpoint::open(&note, &[key.public_key()]).unwrap();

        assert!(note.starts_with("mekong-bridge/cn-1/custody\n3\nBwcH"));
        assert!(note.contains("\n\n\u{2014} mekong-bridge/cn-1/custody "));
        assert_eq!(opened, Some(checkpoint));
    }

    #[test]
    fn other_key_not_trusted() {
        let key = NodeKey::from_secret(&[5; 32]);
        let other = NodeKey::from_secret(&[6; 32]);
        let note = Checkpoint { origin: checkpoint_origin("cn-1"), tree_size: 3, root: [7; 32] }.sign(&other);

        let opened = Checkpoint::open(&note, &[key.public_key()]).unwrap();

        assert_eq!(opened, None);
    }
}
