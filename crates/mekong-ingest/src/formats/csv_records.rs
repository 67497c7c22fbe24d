//! Splits CSV text into records, each with the physical line it starts on.
//!
//! The `csv` crate reports a record's position as the end of the previous record,
//! which is one line early after a CRLF ending or a blank line. This splitter drives
//! `csv_core` directly and skips the line breaks between records itself, so the
//! line of a record is the 1-based line of its first byte, also when quoted fields
//! span several lines.
//!
//! Invariants: memory is bounded whatever the input. A record longer than
//! [`MAX_RECORD_BYTES`] or with more than [`MAX_FIELDS`] fields (such as everything
//! after an unclosed quote) is read to its end but not kept: it comes back with
//! `truncated` set and its first bytes only.

use std::io::{self, BufRead};

use csv_core::{ReadRecordResult, Reader, ReaderBuilder};

/// Maximum size of a record kept whole, in bytes of field content.
pub const MAX_RECORD_BYTES: usize = 1024 * 1024;

/// Maximum number of fields in a record before it is cut.
pub const MAX_FIELDS: usize = 1024;

/// One CSV record: its fields and where it sits in the text.
#[derive(Debug, Clone, Default)]
pub struct RawRecord {
    data: Vec<u8>,
    ends: Vec<usize>,
    len: usize,
    /// Length of the content kept at the start of `data` for a truncated record.
    kept_len: usize,
    /// 1-based physical line of the record's first byte.
    pub line: u64,
    /// Offset of the record's first byte in the text.
    pub start: u64,
    /// Offset just past the record's terminator.
    pub end: u64,
    /// Whether the record exceeded [`MAX_RECORD_BYTES`] or [`MAX_FIELDS`] and
    /// only its start was kept.
    pub truncated: bool,
}

impl RawRecord {
    /// Number of fields.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Returns the bytes of field `index`, unquoted.
    pub fn get(&self, index: usize) -> Option<&[u8]> {
        if index >= self.len {
            return None;
        }
        let start = if index == 0 { 0 } else { self.ends[index - 1] };
        self.data.get(start..self.ends[index])
    }

    /// Returns the fields in order.
    pub fn iter(&self) -> impl Iterator<Item = &[u8]> {
        (0..self.len).filter_map(|index| self.get(index))
    }

    /// Returns the field content kept, fields run together. For a truncated
    /// record this is its first bytes.
    pub fn content(&self) -> &[u8] {
        let end = match self.len {
            _ if self.truncated => self.kept_len,
            0 => 0,
            len => self.ends[len - 1],
        };
        &self.data[..end.min(self.data.len())]
    }
}

/// Reads records from buffered UTF-8 (or ASCII-compatible) text.
#[derive(Debug)]
pub struct RecordReader<R> {
    input: R,
    core: Reader,
    /// Line breaks skipped between records, which `core` never reads.
    skipped_lines: u64,
    /// Bytes consumed from `input`.
    offset: u64,
    done: bool,
}

impl<R: BufRead> RecordReader<R> {
    /// Creates a reader for comma-separated text with `"` quotes.
    pub fn new(input: R) -> Self {
        RecordReader { input, core: ReaderBuilder::new().build(), skipped_lines: 0, offset: 0, done: false }
    }

    /// Returns the underlying text source.
    pub fn get_ref(&self) -> &R {
        &self.input
    }

    /// Returns the underlying text source, mutably.
    pub fn get_mut(&mut self) -> &mut R {
        &mut self.input
    }

    /// Reads the next record into `record`; returns `false` at the end of the text.
    pub fn read(&mut self, record: &mut RawRecord) -> io::Result<bool> {
        record.len = 0;
        record.kept_len = 0;
        record.truncated = false;
        if self.done {
            return Ok(false);
        }

        self.skip_line_breaks()?;
        record.line = self.line();
        record.start = self.offset;

        if record.data.is_empty() {
            record.data.resize(4096, 0);
        }
        if record.ends.is_empty() {
            record.ends.resize(16, 0);
        }

        let mut written = 0;
        let mut fields = 0;
        let mut data_full = false;
        loop {
            let input = self.input.fill_buf()?;
            let (result, read, out, ends) =
                self.core.read_record(input, &mut record.data[written..], &mut record.ends[fields..]);
            self.input.consume(read);
            self.offset += read as u64;
            written += out;
            fields += ends;

            match result {
                ReadRecordResult::InputEmpty => {}
                ReadRecordResult::OutputFull if record.data.len() < MAX_RECORD_BYTES => {
                    let grown = (record.data.len() * 2).min(MAX_RECORD_BYTES);
                    record.data.resize(grown, 0);
                }
                ReadRecordResult::OutputFull => {
                    // Keep the first half; the rest of the record's content is
                    // written over the second half again and again, and dropped.
                    record.truncated = true;
                    data_full = true;
                    written = record.data.len() / 2;
                }
                ReadRecordResult::OutputEndsFull if record.ends.len() < MAX_FIELDS => {
                    let grown = (record.ends.len() * 2).min(MAX_FIELDS);
                    record.ends.resize(grown, 0);
                }
                ReadRecordResult::OutputEndsFull => {
                    // Field boundaries of a truncated record are not kept.
                    record.truncated = true;
                    fields = 0;
                }
                ReadRecordResult::Record => {
                    record.end = self.offset;
                    if record.truncated {
                        record.kept_len = if data_full { record.data.len() / 2 } else { written };
                    } else {
                        record.len = fields;
                    }
                    return Ok(true);
                }
                ReadRecordResult::End => {
                    self.done = true;
                    return Ok(false);
                }
            }
        }
    }

    /// Returns the 1-based line of the next unread byte.
    fn line(&self) -> u64 {
        self.core.line() + self.skipped_lines
    }

    /// Consumes the CR and LF bytes before the next record, counting lines.
    fn skip_line_breaks(&mut self) -> io::Result<()> {
        loop {
            let input = self.input.fill_buf()?;
            if input.is_empty() {
                return Ok(());
            }

            let skipped = input.iter().take_while(|byte| matches!(byte, b'\r' | b'\n')).count();
            let newlines = input[..skipped].iter().filter(|byte| **byte == b'\n').count();
            let reached_record = skipped < input.len();
            self.input.consume(skipped);
            self.offset += skipped as u64;
            self.skipped_lines += newlines as u64;

            if reached_record {
                return Ok(());
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn lines_of(text: &[u8]) -> Vec<(u64, Vec<String>)> {
        let mut reader = RecordReader::new(text);
        let mut record = RawRecord::default();
        let mut found = Vec::new();
        while reader.read(&mut record).unwrap() {
            let fields = record.iter().map(|field| String::from_utf8_lossy(field).into_owned()).collect();
            found.push((record.line, fields));
        }
        found
    }

    #[test]
    fn lf_lines() {
        let lines: Vec<u64> = lines_of(b"h\na\nb\n").into_iter().map(|(line, _)| line).collect();
        assert_eq!(lines, vec![1, 2, 3]);
    }

    #[test]
    fn crlf_and_blank_lines() {
        let lines: Vec<u64> = lines_of(b"h\r\n\r\na\r\n\r\n\r\nb").into_iter().map(|(line, _)| line).collect();
        assert_eq!(lines, vec![1, 3, 6]);
    }

    #[test]
    fn quoted_newlines_keep_lines() {
        let found = lines_of(b"h\r\n\"x\r\ny\",z\r\nb\r\n");
        assert_eq!(found[1], (2, vec!["x\r\ny".to_owned(), "z".to_owned()]));
        assert_eq!(found[2].0, 4);
    }

    #[test]
    fn unclosed_quote_is_truncated() {
        let mut text = b"h\n\"".to_vec();
        text.extend(std::iter::repeat_n(b'a', MAX_RECORD_BYTES * 3));
        text.extend_from_slice(b"\nlast");
        let mut reader = RecordReader::new(&text[..]);
        let mut record = RawRecord::default();
        assert!(reader.read(&mut record).unwrap());
        assert!(reader.read(&mut record).unwrap());
        assert!(record.truncated);
        assert_eq!(record.line, 2);
        assert!(record.data.len() <= MAX_RECORD_BYTES);
        assert_eq!(record.content().len(), MAX_RECORD_BYTES / 2);
        assert!(record.content().iter().all(|byte| *byte == b'a'));
        assert!(!reader.read(&mut record).unwrap());
    }

    #[test]
    fn many_fields_are_truncated() {
        let mut text = "a,".repeat(MAX_FIELDS * 2);
        text.push_str("\nnext\n");
        let mut reader = RecordReader::new(text.as_bytes());
        let mut record = RawRecord::default();
        assert!(reader.read(&mut record).unwrap());
        assert!(record.truncated);
        assert!(reader.read(&mut record).unwrap());
        assert!(!record.truncated);
        assert_eq!(record.line, 2);
    }
}
