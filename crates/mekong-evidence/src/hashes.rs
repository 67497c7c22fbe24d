//! Content hashes computed while a file streams through the vault.
//!
//! SHA-256 and SM3 are always computed; MD5 and SHA-1 only on request, for matching
//! older forensic reports, because neither resists collisions.

use md5::Md5;
use sha1::Sha1;
use sha2::{Digest, Sha256};
use sm3::Sm3;

/// The selection of optional hashes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct HashSet {
    /// Also computes MD5 and SHA-1.
    pub legacy: bool,
}

/// The hashes of one content, in lower-case hex.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentHashes {
    /// SHA-256.
    pub sha256: String,
    /// SM3 (GB/T 32905-2016).
    pub sm3: String,
    /// MD5, when requested.
    pub md5: Option<String>,
    /// SHA-1, when requested.
    pub sha1: Option<String>,
    /// The content size in bytes.
    pub size: u64,
}

/// Hashers fed chunk by chunk.
#[derive(Debug, Clone)]
pub(crate) struct Hashers {
    sha256: Sha256,
    sm3: Sm3,
    legacy: Option<(Md5, Sha1)>,
    size: u64,
}

impl Hashers {
    pub(crate) fn new(set: HashSet) -> Hashers {
        Hashers {
            sha256: Sha256::new(),
            sm3: Sm3::new(),
            legacy: set.legacy.then(|| (Md5::new(), Sha1::new())),
            size: 0,
        }
    }

    pub(crate) fn update(&mut self, chunk: &[u8]) {
        self.sha256.update(chunk);
        self.sm3.update(chunk);
        if let Some((md5, sha1)) = &mut self.legacy {
            md5.update(chunk);
            sha1.update(chunk);
        }
        self.size += chunk.len() as u64;
    }

    pub(crate) fn finish(self) -> ContentHashes {
        let (md5, sha1) = match self.legacy {
            Some((md5, sha1)) => (Some(hex::encode(md5.finalize())), Some(hex::encode(sha1.finalize()))),
            None => (None, None),
        };
        ContentHashes {
            sha256: hex::encode(self.sha256.finalize()),
            sm3: hex::encode(self.sm3.finalize()),
            md5,
            sha1,
            size: self.size,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sm3_abc_vector() {
        // GB/T 32905-2016, appendix A, example 1.
        let mut hashers = Hashers::new(HashSet { legacy: true });
        hashers.update(b"abc");

        let hashes = hashers.finish();

        assert_eq!(hashes.sm3, "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
        assert_eq!(hashes.sha256, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assert_eq!(hashes.md5.as_deref(), Some("900150983cd24fb0d6963f7d28e17f72"));
        assert_eq!(hashes.sha1.as_deref(), Some("a9993e364706816aba3e25717850c26c9cd0d89d"));
        assert_eq!(hashes.size, 3);
    }

    #[test]
    fn legacy_hashes_off_by_default() {
        let hashes = Hashers::new(HashSet::default()).finish();

        assert_eq!(hashes.md5, None);
        assert_eq!(hashes.sha1, None);
        assert_eq!(hashes.sm3, "1ab21d8355cfa17f8e61194831e81a8f22bec8c728fefb747ed035eb5082aa2b");
    }
}
