//! Byte ranges of query words in a record's original text, for highlighting hits.

use std::ops::Range;

use super::segment::{Mode, Segmenter};

/// Returns the sorted, non-overlapping byte ranges of `text` whose words are query words.
///
/// The text is segmented as for the index, so a query word found inside a longer Chinese
/// compound is marked too. Overlapping and touching ranges are merged.
pub fn highlight_ranges(text: &str, query_words: &[String]) -> Vec<Range<usize>> {
    let mut ranges: Vec<Range<usize>> = Segmenter::global()
        .words(text, Mode::Index)
        .into_iter()
        .filter(|word| query_words.contains(&word.token))
        .map(|word| word.range)
        .collect();
    ranges.sort_by_key(|range| (range.start, range.end));

    let mut merged: Vec<Range<usize>> = Vec::new();
    for range in ranges {
        match merged.last_mut() {
            Some(last) if range.start <= last.end => last.end = last.end.max(range.end),
            _ => merged.push(range),
        }
    }
    merged
}

/// Returns `text` with each range wrapped in `open` and `close`, such as `«` and `»`.
///
/// Ranges must be sorted, non-overlapping and on character boundaries, as
/// [`highlight_ranges`] returns them; a range that is not is left unmarked.
pub fn mark(text: &str, ranges: &[Range<usize>], open: &str, close: &str) -> String {
    let mut out = String::with_capacity(text.len() + ranges.len() * (open.len() + close.len()));
    let mut position = 0;

    for range in ranges {
        let (Some(before), Some(word)) = (text.get(position..range.start), text.get(range.clone())) else {
            continue;
        };
        out.push_str(before);
        out.push_str(open);
        out.push_str(word);
        out.push_str(close);
        position = range.end;
    }

    out.push_str(text.get(position..).unwrap_or_default());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mark_wraps_chinese_word() {
        let text = "我已经转账给你了";
        let ranges = highlight_ranges(text, &["转账".to_owned()]);
        assert_eq!(mark(text, &ranges, "«", "»"), "我已经«转账»给你了");
    }

    #[test]
    fn mark_wraps_english_case_insensitively() {
        let text = "Send USDT now";
        let ranges = highlight_ranges(text, &["usdt".to_owned()]);
        assert_eq!(mark(text, &ranges, "«", "»"), "Send «USDT» now");
    }
}
