//! [`LineIndex`]: a reader wrapper that turns byte offsets into 1-based line
//! numbers, for formats whose parser reports positions in bytes (XML).
//!
//! Invariants: memory holds only the newlines between the oldest offset still to
//! be asked about and the end of the bytes read, so it stays bounded by the
//! buffer size in front of the parser. Offsets must be asked in increasing order;
//! an offset below an earlier one gets the line of the earlier one.

use std::collections::VecDeque;
use std::io::{self, Read};

/// Counts the newlines of the bytes read through it.
#[derive(Debug)]
pub(crate) struct LineIndex<R> {
    inner: R,
    consumed: u64,
    pending_newlines: VecDeque<u64>,
    lines_before: u64,
}

impl<R> LineIndex<R> {
    /// Wraps a reader positioned at the start of the file.
    pub fn new(inner: R) -> Self {
        LineIndex {
            inner,
            consumed: 0,
            pending_newlines: VecDeque::new(),
            lines_before: 0,
        }
    }

    /// Returns the bytes read from the inner reader so far.
    pub fn bytes_read(&self) -> u64 {
        self.consumed
    }

    /// Returns the 1-based line of the byte at `offset`, which must not be below
    /// an offset asked before.
    pub fn line_at(&mut self, offset: u64) -> u64 {
        while self
            .pending_newlines
            .front()
            .is_some_and(|&newline| newline < offset)
        {
            self.pending_newlines.pop_front();
            self.lines_before += 1;
        }
        self.lines_before + 1
    }
}

impl<R: Read> Read for LineIndex<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let count = self.inner.read(buf)?;

        let start = self.consumed;
        for (index, _) in buf[..count]
            .iter()
            .enumerate()
            .filter(|(_, byte)| **byte == b'\n')
        {
            self.pending_newlines.push_back(start + index as u64);
        }
        self.consumed += count as u64;
        Ok(count)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn offsets_map_to_lines() {
        let mut index = LineIndex::new("ab\ncd\n\nef".as_bytes());
        let mut text = String::new();
        index.read_to_string(&mut text).unwrap();

        assert_eq!(index.line_at(0), 1);
        assert_eq!(index.line_at(2), 1);
        assert_eq!(index.line_at(3), 2);
        assert_eq!(index.line_at(6), 3);
        assert_eq!(index.line_at(7), 4);
        assert_eq!(index.bytes_read(), 9);
    }
}
