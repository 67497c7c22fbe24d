//! Word segmentation for indexing and querying Chinese, Lao and Latin-script text.
//!
//! Text is split into runs of Han characters and runs of everything else. Han runs go
//! to the jieba segmenter (`jieba-rs` with its default dictionary). Other runs go to the
//! ICU4X word segmenter with its compiled dictionaries, which split Lao, Thai, Khmer and
//! Burmese at dictionary words and Latin script at Unicode word boundaries (UAX #29).
//! Only segments with a letter or digit are words, and words are lower-cased.
//!
//! Invariant: indexing and querying use the same segmenters, so a query word that the
//! segmenter finds in a sentence matches that sentence. Indexing also emits jieba's
//! search-mode sub-words (such as 转账 inside 转账记录), so a query for a shorter word
//! still matches a longer compound.

use std::ops::Range;
use std::sync::OnceLock;

use icu_segmenter::WordSegmenter;
use icu_segmenter::options::WordBreakInvariantOptions;
use jieba_rs::Jieba;

/// One word of a text, with its byte range in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// Byte range of the word in the segmented text.
    pub range: Range<usize>,
    /// The word, lower-cased.
    pub token: String,
}

/// How Han runs are cut: the plain cut for queries, or the cut with sub-words for the index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// One word per position, as for a query.
    Query,
    /// Words and their dictionary sub-words, as for the index.
    Index,
}

/// Segmenters for every script, loaded once per process.
#[derive(Debug)]
pub struct Segmenter {
    jieba: Jieba,
}

impl Segmenter {
    /// Returns the process-wide segmenter, loading the jieba dictionary on first use.
    pub fn global() -> &'static Segmenter {
        static SEGMENTER: OnceLock<Segmenter> = OnceLock::new();
        SEGMENTER.get_or_init(|| Segmenter { jieba: Jieba::new() })
    }

    /// Splits text into words, in text order.
    pub fn words(&self, text: &str, mode: Mode) -> Vec<Word> {
        let mut words = Vec::new();

        for (run, is_han) in script_runs(text) {
            let base = run.start;
            let slice = text.get(run).unwrap_or_default();

            if is_han {
                let tokens = match mode {
                    Mode::Query => self.jieba.cut(slice, true),
                    Mode::Index => self.jieba.cut_for_search(slice, true),
                };
                for token in tokens {
                    push_word(&mut words, text, base + token.byte_start..base + token.byte_end);
                }
            } else {
                let segmenter = WordSegmenter::new_dictionary(WordBreakInvariantOptions::default());
                let mut start = 0;
                for end in segmenter.segment_str(slice).skip(1) {
                    push_word(&mut words, text, base + start..base + end);
                    start = end;
                }
            }
        }

        words
    }

    /// Returns the words of a text, lower-cased and joined with spaces, for the index.
    pub fn index_tokens(&self, text: &str) -> String {
        let tokens: Vec<String> = self.words(text, Mode::Index).into_iter().map(|word| word.token).collect();
        tokens.join(" ")
    }

    /// Returns the distinct words of a query, in query order.
    pub fn query_words(&self, query: &str) -> Vec<String> {
        let mut tokens: Vec<String> = Vec::new();
        for word in self.words(query, Mode::Query) {
            if !tokens.contains(&word.token) {
                tokens.push(word.token);
            }
        }
        tokens
    }
}

fn push_word(words: &mut Vec<Word>, text: &str, range: Range<usize>) {
    let Some(slice) = text.get(range.clone()) else {
        return;
    };
    if slice.chars().any(char::is_alphanumeric) {
        words.push(Word { range, token: slice.to_lowercase() });
    }
}

/// Returns whether a character is a Han ideograph, which jieba segments.
fn is_han(c: char) -> bool {
    matches!(c,
        '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{3134F}')
}

/// Splits text into maximal runs of Han and of other characters, as byte ranges.
fn script_runs(text: &str) -> Vec<(Range<usize>, bool)> {
    let mut runs: Vec<(Range<usize>, bool)> = Vec::new();

    for (index, c) in text.char_indices() {
        let han = is_han(c);
        let end = index + c.len_utf8();
        match runs.last_mut() {
            Some((range, last_han)) if *last_han == han => range.end = end,
            _ => runs.push((index..end, han)),
        }
    }

    runs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(text: &str, mode: Mode) -> Vec<String> {
        Segmenter::global().words(text, mode).into_iter().map(|word| word.token).collect()
    }

    #[test]
    fn chinese_sentence_yields_word() {
        let words = tokens("我已经转账给你了", Mode::Query);
        assert!(words.contains(&"转账".to_owned()), "{words:?}");
    }

    #[test]
    fn lao_sentence_yields_word() {
        let words = tokens("ໂອນເງິນໃຫ້ແລ້ວ", Mode::Query);
        assert!(words.contains(&"ເງິນ".to_owned()), "{words:?}");
    }

    #[test]
    fn latin_words_lower_cased() {
        assert_eq!(tokens("Send the USDT, now!", Mode::Query), ["send", "the", "usdt", "now"]);
    }

    #[test]
    fn mixed_scripts_keep_offsets() {
        let text = "pay 转账 ເງິນ";
        for word in Segmenter::global().words(text, Mode::Index) {
            assert_eq!(text[word.range.clone()].to_lowercase(), word.token);
        }
    }
}
