//! Text encoding detection and streaming decoding of transaction files.
//!
//! Bank exports arrive as UTF-8, UTF-8 with a byte order mark, or GBK/GB18030
//! (Chinese banks). [`TextReader`] reads the first [`SNIFF_LEN`] bytes, picks the
//! encoding from them, and then hands out UTF-8 while it reads the rest:
//!
//! - a UTF-8 BOM means UTF-8, and the BOM is skipped;
//! - a start that is valid UTF-8 means UTF-8, passed through unchanged, so invalid
//!   bytes further on reach the CSV layer and reject only their row;
//! - anything else is decoded as GB18030, a superset of GBK. It is reported as
//!   "GBK" when the sniffed part contains no four-byte GB18030 sequence.
//!
//! Invariants: memory stays bounded by the sniff buffer and two fixed decode
//! buffers, whatever the file size. Every malformed GB18030 sequence becomes one
//! U+FFFD in the output, and its offset in the output is recorded, so that the
//! reader can reject the row it falls in rather than import a damaged value.

use std::collections::VecDeque;
use std::fmt;
use std::io::{self, Chain, Cursor, Read};

use encoding_rs::{Decoder, DecoderResult, GB18030};

/// How many bytes at the start of a file are examined to pick its encoding.
// NOTE: a GBK file whose first 256 KiB is plain ASCII is read as UTF-8, and its
// later rows with Chinese text are rejected as invalid UTF-8.
pub const SNIFF_LEN: usize = 256 * 1024;

/// Size of the raw and decoded buffers of the GB18030 decoder.
const DECODE_BUFFER_LEN: usize = 64 * 1024;

/// U+FFFD REPLACEMENT CHARACTER in UTF-8.
const REPLACEMENT: [u8; 3] = [0xEF, 0xBF, 0xBD];

/// The UTF-8 byte order mark.
const UTF8_BOM: [u8; 3] = [0xEF, 0xBB, 0xBF];

/// A text encoding the importer recognises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TextEncoding {
    /// UTF-8 without a byte order mark.
    Utf8,
    /// UTF-8 starting with the byte order mark EF BB BF.
    Utf8Bom,
    /// GBK: the two-byte subset of GB18030 used by most Chinese bank exports.
    Gbk,
    /// GB18030 with four-byte sequences.
    Gb18030,
}

impl TextEncoding {
    /// Returns the name shown to users: "UTF-8", "UTF-8 with BOM", "GBK" or "GB18030".
    pub fn name(&self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "UTF-8",
            TextEncoding::Utf8Bom => "UTF-8 with BOM",
            TextEncoding::Gbk => "GBK",
            TextEncoding::Gb18030 => "GB18030",
        }
    }

    /// Returns whether the bytes are decoded, rather than passed through as UTF-8.
    pub fn is_decoded(&self) -> bool {
        matches!(self, TextEncoding::Gbk | TextEncoding::Gb18030)
    }
}

impl fmt::Display for TextEncoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Picks the encoding of a file from its first bytes.
///
/// `start` may end in the middle of a character, as a cut-off sniff buffer does.
/// An incomplete UTF-8 sequence at the very end therefore still counts as UTF-8.
pub fn detect_encoding(start: &[u8]) -> TextEncoding {
    if start.starts_with(&UTF8_BOM) {
        return TextEncoding::Utf8Bom;
    }

    match std::str::from_utf8(start) {
        Ok(_) => return TextEncoding::Utf8,
        // `error_len() == None` means the input ended inside a valid sequence.
        Err(error) if error.error_len().is_none() => return TextEncoding::Utf8,
        Err(_) => {}
    }

    if has_four_byte_gb18030(start) {
        TextEncoding::Gb18030
    } else {
        TextEncoding::Gbk
    }
}

/// Returns whether the bytes contain a GB18030 four-byte sequence: a lead byte
/// 0x81-0xFE followed by a digit 0x30-0x39, which GBK never has.
fn has_four_byte_gb18030(bytes: &[u8]) -> bool {
    let mut index = 0;
    while index < bytes.len() {
        let byte = bytes[index];
        if byte < 0x80 {
            index += 1;
            continue;
        }

        let next = bytes.get(index + 1).copied();
        let is_lead = (0x81..=0xFE).contains(&byte);
        if is_lead && next.is_some_and(|next| next.is_ascii_digit()) {
            return true;
        }

        // A two-byte sequence, or a stray byte that the decoder will mark as malformed.
        index += if is_lead { 2 } else { 1 };
    }
    false
}

/// The sniffed bytes followed by the rest of the source.
type Sniffed<R> = Chain<Cursor<Vec<u8>>, R>;

/// A reader that detects the encoding of its source and yields UTF-8.
pub struct TextReader<R> {
    encoding: TextEncoding,
    inner: Inner<R>,
}

enum Inner<R> {
    /// UTF-8, passed through.
    Plain(Counting<Sniffed<R>>),
    /// GB18030, decoded.
    Decoded(Box<Gb18030Decoder<Counting<Sniffed<R>>>>),
}

impl<R: Read> TextReader<R> {
    /// Reads the start of `source`, detects its encoding and prepares to decode it.
    pub fn new(mut source: R) -> io::Result<Self> {
        let mut start = Vec::with_capacity(SNIFF_LEN);
        (&mut source).take(SNIFF_LEN as u64).read_to_end(&mut start)?;

        let encoding = detect_encoding(&start);
        let skipped = if encoding == TextEncoding::Utf8Bom { UTF8_BOM.len() } else { 0 };

        let mut cursor = Cursor::new(start);
        cursor.set_position(skipped as u64);
        let counting = Counting { inner: cursor.chain(source), count: skipped as u64 };

        let inner = if encoding.is_decoded() {
            Inner::Decoded(Box::new(Gb18030Decoder::new(counting)))
        } else {
            Inner::Plain(counting)
        };
        Ok(TextReader { encoding, inner })
    }

    /// Returns the detected encoding.
    pub fn encoding(&self) -> TextEncoding {
        self.encoding
    }

    /// Returns the raw bytes taken from the source so far, the skipped BOM included.
    pub fn bytes_read(&self) -> u64 {
        match &self.inner {
            Inner::Plain(counting) => counting.count,
            Inner::Decoded(decoder) => decoder.inner.count,
        }
    }

    /// Removes the recorded malformed-sequence offsets before `end` and returns
    /// whether any of them lies at or after `start`.
    ///
    /// Offsets count bytes of the UTF-8 output. The caller passes each record's
    /// output range in order, so offsets before `start` belong to earlier text.
    pub fn take_malformed(&mut self, start: u64, end: u64) -> bool {
        let Inner::Decoded(decoder) = &mut self.inner else {
            return false;
        };

        let mut found = false;
        while let Some(&offset) = decoder.malformed.front() {
            if offset >= end {
                break;
            }
            found |= offset >= start;
            decoder.malformed.pop_front();
        }
        found
    }
}

impl<R: Read> Read for TextReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match &mut self.inner {
            Inner::Plain(counting) => counting.read(buf),
            Inner::Decoded(decoder) => decoder.read(buf),
        }
    }
}

impl<R> fmt::Debug for TextReader<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TextReader").field("encoding", &self.encoding).finish_non_exhaustive()
    }
}

/// Counts the bytes read through it.
struct Counting<R> {
    inner: R,
    count: u64,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let read = self.inner.read(buf)?;
        self.count += read as u64;
        Ok(read)
    }
}

/// Decodes GB18030 into UTF-8 with fixed buffers, recording malformed sequences.
struct Gb18030Decoder<R> {
    inner: R,
    decoder: Decoder,
    input: Box<[u8]>,
    input_start: usize,
    input_end: usize,
    input_done: bool,
    output: Box<[u8]>,
    output_start: usize,
    output_end: usize,
    finished: bool,
    /// Bytes of UTF-8 produced before `output[0]`.
    output_offset: u64,
    /// Output offsets of the U+FFFD written for malformed sequences, ascending.
    malformed: VecDeque<u64>,
}

impl<R: Read> Gb18030Decoder<R> {
    fn new(inner: R) -> Self {
        Gb18030Decoder {
            inner,
            decoder: GB18030.new_decoder_without_bom_handling(),
            input: vec![0; DECODE_BUFFER_LEN].into_boxed_slice(),
            input_start: 0,
            input_end: 0,
            input_done: false,
            output: vec![0; DECODE_BUFFER_LEN].into_boxed_slice(),
            output_start: 0,
            output_end: 0,
            finished: false,
            output_offset: 0,
            malformed: VecDeque::new(),
        }
    }

    /// Decodes the next piece of input into the (empty) output buffer.
    fn decode_more(&mut self) -> io::Result<()> {
        if self.input_start == self.input_end && !self.input_done {
            let read = read_retrying(&mut self.inner, &mut self.input)?;
            self.input_start = 0;
            self.input_end = read;
            self.input_done = read == 0;
        }

        self.output_offset += self.output_end as u64;
        self.output_start = 0;
        self.output_end = 0;

        // Leave room for the replacement character a malformed sequence needs.
        let room = self.output.len() - REPLACEMENT.len();
        let last = self.input_done;
        let (result, read, written) = self.decoder.decode_to_utf8_without_replacement(
            &self.input[self.input_start..self.input_end],
            &mut self.output[..room],
            last,
        );
        self.input_start += read;
        self.output_end = written;

        match result {
            DecoderResult::InputEmpty => self.finished = last,
            DecoderResult::OutputFull => {}
            DecoderResult::Malformed(_, _) => {
                self.malformed.push_back(self.output_offset + written as u64);
                self.output[written..written + REPLACEMENT.len()].copy_from_slice(&REPLACEMENT);
                self.output_end += REPLACEMENT.len();
            }
        }
        Ok(())
    }
}

impl<R: Read> Read for Gb18030Decoder<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.output_start == self.output_end {
            if self.finished || buf.is_empty() {
                return Ok(0);
            }
            self.decode_more()?;
        }

        let available = &self.output[self.output_start..self.output_end];
        let count = available.len().min(buf.len());
        buf[..count].copy_from_slice(&available[..count]);
        self.output_start += count;
        Ok(count)
    }
}

/// Reads once, retrying when the read was interrupted by a signal.
fn read_retrying<R: Read>(reader: &mut R, buf: &mut [u8]) -> io::Result<usize> {
    loop {
        match reader.read(buf) {
            Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
            result => return result,
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn decode_all(bytes: &[u8]) -> (TextEncoding, String, Vec<u64>) {
        let mut reader = TextReader::new(bytes).unwrap();
        let mut text = String::new();
        reader.read_to_string(&mut text).unwrap();
        let encoding = reader.encoding();
        let malformed = match &reader.inner {
            Inner::Decoded(decoder) => decoder.malformed.iter().copied().collect(),
            Inner::Plain(_) => Vec::new(),
        };
        (encoding, text, malformed)
    }

    #[test]
    fn detects_cut_utf8_as_utf8() {
        let text = "中国银行".as_bytes();
        assert_eq!(detect_encoding(&text[..4]), TextEncoding::Utf8);
    }

    #[test]
    fn bom_is_skipped() {
        let (encoding, text, _) = decode_all(b"\xEF\xBB\xBFid,amount\n");
        assert_eq!(encoding, TextEncoding::Utf8Bom);
        assert_eq!(text, "id,amount\n");
    }

    #[test]
    fn gbk_is_decoded() {
        let (bytes, _, _) = GB18030.encode("中国工商银行,转账\n");
        let (encoding, text, malformed) = decode_all(&bytes);
        assert_eq!(encoding, TextEncoding::Gbk);
        assert_eq!(text, "中国工商银行,转账\n");
        assert!(malformed.is_empty());
    }

    #[test]
    fn four_byte_sequence_means_gb18030() {
        // U+20BB7 needs a four-byte GB18030 sequence.
        let (bytes, _, _) = GB18030.encode("银行𠮷\n");
        let (encoding, text, _) = decode_all(&bytes);
        assert_eq!(encoding, TextEncoding::Gb18030);
        assert_eq!(text, "银行𠮷\n");
    }

    #[test]
    fn malformed_offset_is_recorded() {
        // 0xD6 0xD0 is 中; 0xFF is never valid in GB18030.
        let (encoding, text, malformed) = decode_all(b"\xD6\xD0a\xFFb\n");
        assert_eq!(encoding, TextEncoding::Gbk);
        assert_eq!(text, "中a\u{FFFD}b\n");
        assert_eq!(malformed, vec![4]);
    }

    #[test]
    fn counts_raw_bytes() {
        let (bytes, _, _) = GB18030.encode("中国,1\n");
        let mut reader = TextReader::new(&bytes[..]).unwrap();
        let mut text = String::new();
        reader.read_to_string(&mut text).unwrap();
        assert_eq!(reader.bytes_read(), bytes.len() as u64);
    }
}
