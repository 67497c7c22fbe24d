//! An append-only Merkle tree as RFC 6962 (section 2.1) defines it.
//!
//! Leaf hash = SHA-256(0x00 || leaf), interior node = SHA-256(0x01 || left || right),
//! and a tree of n leaves splits at the largest power of two below n. Proofs are
//! built with the RFC 6962 PATH and PROOF algorithms and checked with the verification
//! algorithms of RFC 9162 (sections 2.1.3.2 and 2.1.4.2), which replaced RFC 6962.

use sha2::{Digest, Sha256};

/// A SHA-256 tree hash.
pub type Hash = [u8; 32];

/// Hashes a leaf: SHA-256(0x00 || leaf).
pub fn leaf_hash(leaf: &[u8]) -> Hash {
    let mut hasher = Sha256::new();
    hasher.update([0x00]);
    hasher.update(leaf);
    hasher.finalize().into()
}

/// Hashes an interior node: SHA-256(0x01 || left || right).
pub fn node_hash(left: &Hash, right: &Hash) -> Hash {
    let mut hasher = Sha256::new();
    hasher.update([0x01]);
    hasher.update(left);
    hasher.update(right);
    hasher.finalize().into()
}

/// Returns the largest power of two smaller than `n`, for `n` > 1.
fn split_point(n: usize) -> usize {
    let mut k = 1;
    while k << 1 < n {
        k <<= 1;
    }
    k
}

/// Computes the Merkle tree hash (MTH) of a list of leaf hashes, which is SHA-256 of nothing when the list is empty.
pub fn root(leaves: &[Hash]) -> Hash {
    match leaves.len() {
        0 => Sha256::digest([]).into(),
        1 => leaves[0],
        n => {
            let k = split_point(n);
            node_hash(&root(&leaves[..k]), &root(&leaves[k..]))
        }
    }
}

/// Builds the audit path (RFC 6962 PATH) of leaf `index` in the tree of these leaves.
/// Returns `None` when `index` is outside the tree.
pub fn inclusion_proof(index: usize, leaves: &[Hash]) -> Option<Vec<Hash>> {
    if index >= leaves.len() {
        return None;
    }
    let mut proof = Vec::new();
    path(index, leaves, &mut proof);
    Some(proof)
}

fn path(index: usize, leaves: &[Hash], proof: &mut Vec<Hash>) {
    let n = leaves.len();
    if n <= 1 {
        return;
    }

    let k = split_point(n);
    if index < k {
        path(index, &leaves[..k], proof);
        proof.push(root(&leaves[k..]));
    } else {
        path(index - k, &leaves[k..], proof);
        proof.push(root(&leaves[..k]));
    }
}

/// Builds the consistency proof (RFC 6962 PROOF) between the tree of the first `old_size`
/// leaves and the tree of all of them. Returns `None` when `old_size` exceeds the
/// leaves, and an empty proof for `old_size` 0 or equal sizes.
pub fn consistency_proof(old_size: usize, leaves: &[Hash]) -> Option<Vec<Hash>> {
    if old_size > leaves.len() {
        return None;
    }
    let mut proof = Vec::new();
    if old_size > 0 && old_size < leaves.len() {
        subproof(old_size, leaves, true, &mut proof);
    }
    Some(proof)
}

fn subproof(m: usize, leaves: &[Hash], complete: bool, proof: &mut Vec<Hash>) {
    let n = leaves.len();
    if m == n {
        if !complete {
            proof.push(root(leaves));
        }
        return;
    }

    let k = split_point(n);
    if m <= k {
        subproof(m, &leaves[..k], complete, proof);
        proof.push(root(&leaves[k..]));
    } else {
        subproof(m - k, &leaves[k..], false, proof);
        proof.push(root(&leaves[..k]));
    }
}

/// A tree over a list of leaf hashes that keeps the hash of every aligned perfect
/// subtree (2n hashes for n leaves), built once in n node hashes.
///
/// The root of any prefix and the RFC 6962 proofs within any prefix then take
/// O(log² n) node hashes each, where [`root`], [`inclusion_proof`] and
/// [`consistency_proof`] rehash the leaves on every call. They return the same values.
#[derive(Debug, Clone)]
pub struct MerkleTree {
    /// `levels[h][i]` is the hash of leaves `i·2^h .. (i+1)·2^h`, so `levels[0]` contains the leaves.
    levels: Vec<Vec<Hash>>,
}

impl MerkleTree {
    /// Builds the tree of these leaf hashes.
    pub fn new(leaves: Vec<Hash>) -> MerkleTree {
        let mut levels = vec![leaves];
        while let Some(last) = levels.last().filter(|level| level.len() > 1) {
            let next: Vec<Hash> = last.chunks_exact(2).map(|pair| node_hash(&pair[0], &pair[1])).collect();
            levels.push(next);
        }
        MerkleTree { levels }
    }

    /// Returns the number of leaves.
    pub fn len(&self) -> usize {
        self.levels.first().map_or(0, Vec::len)
    }

    /// Returns whether the tree has no leaf.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Returns the leaf hashes.
    pub fn leaves(&self) -> &[Hash] {
        self.levels.first().map_or(&[], Vec::as_slice)
    }

    /// Returns the root of the tree of the first `size` leaves, or `None` when `size`
    /// exceeds the leaves.
    pub fn root(&self, size: usize) -> Option<Hash> {
        (size <= self.len()).then(|| self.range_root(0, size))
    }

    /// Builds the audit path of leaf `index` in the tree of the first `size` leaves, as
    /// [`inclusion_proof`] does for `leaves[..size]`.
    pub fn inclusion_proof(&self, index: usize, size: usize) -> Option<Vec<Hash>> {
        if index >= size || size > self.len() {
            return None;
        }
        let mut proof = Vec::new();
        self.path(index, 0, size, &mut proof);
        Some(proof)
    }

    /// Builds the consistency proof between the first `old_size` and the first `size`
    /// leaves, as [`consistency_proof`] does for `leaves[..size]`.
    pub fn consistency_proof(&self, old_size: usize, size: usize) -> Option<Vec<Hash>> {
        if old_size > size || size > self.len() {
            return None;
        }
        let mut proof = Vec::new();
        if old_size > 0 && old_size < size {
            self.subproof(old_size, 0, size, true, &mut proof);
        }
        Some(proof)
    }

    /// Returns the tree hash of leaves `start..end`. Every range the RFC 6962 recursion
    /// visits starts at a multiple of the largest power of two not above its length, so
    /// it splits into aligned perfect subtrees, largest first, whose hashes are stored.
    fn range_root(&self, start: usize, end: usize) -> Hash {
        let length = end - start;
        if length == 0 {
            return Sha256::digest([]).into();
        }
        let top = 1usize << (usize::BITS - 1 - length.leading_zeros());
        if !start.is_multiple_of(top) {
            // Not reached from the recursion; computed from the leaves for safety.
            return root(&self.leaves()[start..end]);
        }

        let mut parts = Vec::new();
        let mut position = start;
        for height in (0..=top.trailing_zeros()).rev() {
            let width = 1usize << height;
            if position + width <= end {
                parts.push(self.levels[height as usize][position >> height]);
                position += width;
            }
        }

        let mut parts = parts.into_iter().rev();
        let mut hash = parts.next().unwrap_or_default();
        for left in parts {
            hash = node_hash(&left, &hash);
        }
        hash
    }

    fn path(&self, index: usize, start: usize, end: usize, proof: &mut Vec<Hash>) {
        let n = end - start;
        if n <= 1 {
            return;
        }

        let k = split_point(n);
        if index < k {
            self.path(index, start, start + k, proof);
            proof.push(self.range_root(start + k, end));
        } else {
            self.path(index - k, start + k, end, proof);
            proof.push(self.range_root(start, start + k));
        }
    }

    fn subproof(&self, m: usize, start: usize, end: usize, complete: bool, proof: &mut Vec<Hash>) {
        let n = end - start;
        if m == n {
            if !complete {
                proof.push(self.range_root(start, end));
            }
            return;
        }

        let k = split_point(n);
        if m <= k {
            self.subproof(m, start, start + k, complete, proof);
            proof.push(self.range_root(start + k, end));
        } else {
            self.subproof(m - k, start + k, end, false, proof);
            proof.push(self.range_root(start, start + k));
        }
    }
}

/// Checks an inclusion proof (RFC 9162 section 2.1.3.2).
pub fn verify_inclusion(index: u64, size: u64, leaf: &Hash, proof: &[Hash], expected_root: &Hash) -> bool {
    if index >= size {
        return false;
    }

    let mut f = index;
    let mut s = size - 1;
    let mut r = *leaf;
    for p in proof {
        if s == 0 {
            return false;
        }
        if f & 1 == 1 || f == s {
            r = node_hash(p, &r);
            while f & 1 == 0 && f != 0 {
                f >>= 1;
                s >>= 1;
            }
        } else {
            r = node_hash(&r, p);
        }
        f >>= 1;
        s >>= 1;
    }

    s == 0 && r == *expected_root
}

/// Checks a consistency proof (RFC 9162 section 2.1.4.2) between a tree of
/// `old_size` leaves with `old_root` and one of `new_size` leaves with `new_root`.
pub fn verify_consistency(old_size: u64, new_size: u64, old_root: &Hash, new_root: &Hash, proof: &[Hash]) -> bool {
    if old_size > new_size {
        return false;
    }
    if old_size == new_size {
        return proof.is_empty() && old_root == new_root;
    }
    if old_size == 0 {
        return proof.is_empty();
    }

    let mut path: Vec<Hash> = Vec::with_capacity(proof.len() + 1);
    if old_size.is_power_of_two() {
        path.push(*old_root);
    }
    path.extend_from_slice(proof);
    let Some((first, rest)) = path.split_first() else {
        return false;
    };

    let mut f = old_size - 1;
    let mut s = new_size - 1;
    while f & 1 == 1 {
        f >>= 1;
        s >>= 1;
    }

    let mut old_hash = *first;
    let mut new_hash = *first;
    for c in rest {
        if s == 0 {
            return false;
        }
        if f & 1 == 1 || f == s {
            old_hash = node_hash(c, &old_hash);
            new_hash = node_hash(c, &new_hash);
            while f & 1 == 0 && f != 0 {
                f >>= 1;
                s >>= 1;
            }
        } else {
            new_hash = node_hash(&new_hash, c);
        }
        f >>= 1;
        s >>= 1;
    }

    s == 0 && old_hash == *old_root && new_hash == *new_root
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cached_tree_matches_recursion() {
        let leaves: Vec<Hash> = (0u32..70).map(|i| leaf_hash(&i.to_be_bytes())).collect();
        let tree = MerkleTree::new(leaves.clone());

        for size in 0..=leaves.len() {
            assert_eq!(tree.root(size), Some(root(&leaves[..size])), "root of {size}");
            for index in 0..size {
                assert_eq!(tree.inclusion_proof(index, size), inclusion_proof(index, &leaves[..size]), "path {index} of {size}");
            }
            for old in 0..=size {
                assert_eq!(tree.consistency_proof(old, size), consistency_proof(old, &leaves[..size]), "proof {old} to {size}");
            }
        }
        assert_eq!(tree.root(71), None);
        assert_eq!(tree.inclusion_proof(3, 71), None);
    }

    /// The leaves and roots of the Certificate Transparency reference test vectors
    /// (certificate-transparency-go, merkle tree tests).
    const LEAVES: [&str; 8] =
        ["", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"];
    const ROOTS: [&str; 8] = [
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ];

    fn reference_leaves() -> Vec<Hash> {
        LEAVES.iter().map(|leaf| leaf_hash(&hex::decode(leaf).unwrap())).collect()
    }

    fn numbered_leaves(n: usize) -> Vec<Hash> {
        (0..n).map(|i| leaf_hash(&(i as u64).to_be_bytes())).collect()
    }

    #[test]
    fn empty_tree_root() {
        assert_eq!(hex::encode(root(&[])), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    #[test]
    fn reference_roots_match() {
        let leaves = reference_leaves();

        for size in 1..=8 {
            assert_eq!(hex::encode(root(&leaves[..size])), ROOTS[size - 1], "size {size}");
        }
    }

    #[test]
    fn reference_inclusion_paths() {
        // Audit paths from the same reference tests: leaf 0 of 8 and leaf 5 of 8.
        let leaves = reference_leaves();

        let path0: Vec<String> = inclusion_proof(0, &leaves).unwrap().iter().map(hex::encode).collect();
        let path5: Vec<String> = inclusion_proof(5, &leaves).unwrap().iter().map(hex::encode).collect();

        assert_eq!(
            path0,
            [
                "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
            ]
        );
        assert_eq!(
            path5,
            [
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            ]
        );
    }

    #[test]
    fn every_inclusion_proof_verifies() {
        let leaves = numbered_leaves(40);

        for size in 1..=leaves.len() {
            let tree_root = root(&leaves[..size]);
            for index in 0..size {
                let proof = inclusion_proof(index, &leaves[..size]).unwrap();
                assert!(verify_inclusion(index as u64, size as u64, &leaves[index], &proof, &tree_root));

                let other_leaf = leaves[(index + 1) % leaves.len()];
                assert!(!verify_inclusion(index as u64, size as u64, &other_leaf, &proof, &tree_root));
                if size > 1 {
                    assert!(!verify_inclusion(((index + 1) % size) as u64, size as u64, &leaves[index], &proof, &tree_root));
                    let mut damaged = proof.clone();
                    damaged[0][0] ^= 1;
                    assert!(!verify_inclusion(index as u64, size as u64, &leaves[index], &damaged, &tree_root));
                }
            }
        }
    }

    #[test]
    fn every_consistency_proof_verifies() {
        let leaves = numbered_leaves(40);

        for new_size in 1..=leaves.len() {
            let new_root = root(&leaves[..new_size]);
            for old_size in 1..=new_size {
                let old_root = root(&leaves[..old_size]);
                let proof = consistency_proof(old_size, &leaves[..new_size]).unwrap();
                assert!(verify_consistency(old_size as u64, new_size as u64, &old_root, &new_root, &proof));

                let mut forked = old_root;
                forked[0] ^= 1;
                assert!(!verify_consistency(old_size as u64, new_size as u64, &forked, &new_root, &proof));
                for damaged_index in 0..proof.len() {
                    let mut damaged = proof.clone();
                    damaged[damaged_index][31] ^= 1;
                    assert!(!verify_consistency(old_size as u64, new_size as u64, &old_root, &new_root, &damaged));
                }
            }
        }
    }

    #[test]
    fn reference_consistency_proof() {
        // From the same reference tests: sizes 6 to 8.
        let leaves = reference_leaves();

        let proof: Vec<String> = consistency_proof(6, &leaves).unwrap().iter().map(hex::encode).collect();

        assert_eq!(
            proof,
            [
                "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            ]
        );
    }
}
