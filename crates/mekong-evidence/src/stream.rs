//! ChaCha20-Poly1305 in the STREAM construction, in 64 KiB chunks.
//!
//! Layout of a sealed stream: the 8-byte magic `MKEVOBJ1`, a 7-byte random nonce
//! prefix, then one ciphertext chunk (plaintext plus 16-byte tag) per 64 KiB of
//! plaintext. Chunk `i` is encrypted under the nonce prefix || `i` as a 4-byte
//! big-endian counter || a flag byte, 1 for the last chunk and 0 otherwise, which is
//! STREAM as in the `chacha20poly1305` crate's `StreamBE32`. Only the last chunk may
//! be shorter than 64 KiB, and only an empty plaintext gives an empty last chunk, as
//! in age. The flag makes truncation at a chunk boundary fail to decrypt.
//!
//! Memory stays constant: one plaintext chunk and one ciphertext chunk whatever the size.

use std::io::{BufRead, BufReader, Read, Write};

use chacha20poly1305::aead::{AeadInOut, KeyInit};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce, Tag};

use crate::EvidenceError;
use crate::hashes::{ContentHashes, HashSet, Hashers};
use crate::vault_key::random_bytes;

/// The plaintext size of every chunk but the last.
pub const CHUNK_SIZE: usize = 64 * 1024;

const MAGIC: &[u8; 8] = b"MKEVOBJ1";
const PREFIX_LEN: usize = 7;
const TAG_LEN: usize = 16;

fn chunk_nonce(prefix: &[u8; PREFIX_LEN], counter: u32, last: bool) -> Nonce {
    let mut nonce = [0u8; 12];
    nonce[..PREFIX_LEN].copy_from_slice(prefix);
    nonce[PREFIX_LEN..PREFIX_LEN + 4].copy_from_slice(&counter.to_be_bytes());
    nonce[11] = u8::from(last);
    Nonce::from(nonce)
}

/// Reads until the buffer is full or the input ends; returns the bytes read.
fn read_full(reader: &mut impl Read, buffer: &mut [u8]) -> std::io::Result<usize> {
    let mut filled = 0;
    while filled < buffer.len() {
        match reader.read(&mut buffer[filled..]) {
            Ok(0) => break,
            Ok(read) => filled += read,
            Err(error) if error.kind() == std::io::ErrorKind::Interrupted => {}
            Err(error) => return Err(error),
        }
    }
    Ok(filled)
}

fn at_end(reader: &mut impl BufRead) -> std::io::Result<bool> {
    Ok(reader.fill_buf()?.is_empty())
}

fn io_error(error: std::io::Error) -> EvidenceError {
    EvidenceError::Io { path: "<stream>".into(), source: error }
}

/// Encrypts `input` into `output` under `key` and hashes the plaintext in the same pass.
pub fn seal_stream(
    input: impl Read,
    output: &mut impl Write,
    key: &[u8; 32],
    hash_set: HashSet,
) -> Result<ContentHashes, EvidenceError> {
    let cipher = ChaCha20Poly1305::new(&Key::from(*key));
    let mut input = BufReader::with_capacity(CHUNK_SIZE, input);
    let mut hashers = Hashers::new(hash_set);

    let mut prefix = [0u8; PREFIX_LEN];
    random_bytes(&mut prefix)?;
    output.write_all(MAGIC).map_err(io_error)?;
    output.write_all(&prefix).map_err(io_error)?;

    let mut buffer = vec![0u8; CHUNK_SIZE];
    let mut counter: u32 = 0;
    loop {
        let read = read_full(&mut input, &mut buffer).map_err(io_error)?;
        let last = read < CHUNK_SIZE || at_end(&mut input).map_err(io_error)?;
        let chunk = &mut buffer[..read];
        hashers.update(chunk);

        let tag = cipher
            .encrypt_inout_detached(&chunk_nonce(&prefix, counter, last), &[], chunk.into())
            .map_err(|_| EvidenceError::Crypto("chunk encryption failed"))?;
        output.write_all(chunk).map_err(io_error)?;
        output.write_all(&tag).map_err(io_error)?;

        if last {
            break;
        }
        counter = counter.checked_add(1).ok_or(EvidenceError::Crypto("the file exceeds 2^32 chunks"))?;
    }

    Ok(hashers.finish())
}

/// Decrypts a sealed stream into `output` and returns the plaintext's hashes.
/// Fails on any changed, dropped, reordered or truncated chunk.
pub fn open_stream(
    input: impl Read,
    output: &mut impl Write,
    key: &[u8; 32],
    hash_set: HashSet,
) -> Result<ContentHashes, EvidenceError> {
    let cipher = ChaCha20Poly1305::new(&Key::from(*key));
    let mut input = BufReader::with_capacity(CHUNK_SIZE + TAG_LEN, input);
    let mut hashers = Hashers::new(hash_set);

    let mut header = [0u8; 8 + PREFIX_LEN];
    if read_full(&mut input, &mut header).map_err(io_error)? != header.len() || &header[..8] != MAGIC {
        return Err(EvidenceError::Crypto("the object header is missing or damaged"));
    }
    let mut prefix = [0u8; PREFIX_LEN];
    prefix.copy_from_slice(&header[8..]);

    let mut buffer = vec![0u8; CHUNK_SIZE + TAG_LEN];
    let mut counter: u32 = 0;
    loop {
        let read = read_full(&mut input, &mut buffer).map_err(io_error)?;
        if read < TAG_LEN {
            return Err(EvidenceError::Crypto("the object is truncated"));
        }
        let last = read < buffer.len() || at_end(&mut input).map_err(io_error)?;

        let (chunk, tag) = buffer[..read].split_at_mut(read - TAG_LEN);
        let tag: [u8; TAG_LEN] = (&*tag).try_into().map_err(|_| EvidenceError::Crypto("invalid chunk tag length"))?;
        cipher
            .decrypt_inout_detached(&chunk_nonce(&prefix, counter, last), &[], chunk.into(), &Tag::from(tag))
            .map_err(|_| EvidenceError::Crypto("a chunk of the object fails authentication"))?;
        hashers.update(chunk);
        output.write_all(chunk).map_err(io_error)?;

        if last {
            break;
        }
        counter = counter.checked_add(1).ok_or(EvidenceError::Crypto("the object exceeds 2^32 chunks"))?;
    }

    Ok(hashers.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn content(size: usize) -> Vec<u8> {
        (0..size).map(|i| (i * 31 % 251) as u8).collect()
    }

    #[test]
    fn seal_open_round_trip() {
        let key = [3u8; 32];
        for size in [0, 1, 65535, 65536, 65537, 3 * CHUNK_SIZE + 5] {
            let plaintext = content(size);
            let mut sealed = Vec::new();
            let sealed_hashes = seal_stream(plaintext.as_slice(), &mut sealed, &key, HashSet::default()).unwrap();

            let mut opened = Vec::new();
            let opened_hashes = open_stream(sealed.as_slice(), &mut opened, &key, HashSet::default()).unwrap();

            assert_eq!(opened, plaintext, "size {size}");
            assert_eq!(opened_hashes, sealed_hashes, "size {size}");
            assert_eq!(sealed_hashes.size, size as u64);
            assert_eq!(sealed.len(), 15 + size + TAG_LEN * size.div_ceil(CHUNK_SIZE).max(1), "size {size}");
        }
    }

    #[test]
    fn truncated_stream_rejected() {
        let key = [3u8; 32];
        let mut sealed = Vec::new();
        seal_stream(content(2 * CHUNK_SIZE).as_slice(), &mut sealed, &key, HashSet::default()).unwrap();

        let first_chunk_only = &sealed[..15 + CHUNK_SIZE + TAG_LEN];
        let result = open_stream(first_chunk_only, &mut Vec::new(), &key, HashSet::default());

        assert!(matches!(result, Err(EvidenceError::Crypto(_))));
    }

    #[test]
    fn wrong_key_rejected() {
        let mut sealed = Vec::new();
        seal_stream(content(10).as_slice(), &mut sealed, &[3u8; 32], HashSet::default()).unwrap();

        let result = open_stream(sealed.as_slice(), &mut Vec::new(), &[4u8; 32], HashSet::default());

        assert!(matches!(result, Err(EvidenceError::Crypto(_))));
    }
}
