//! Normalisation of names and identifiers for merge suggestions.
//!
//! Each function maps the ways one value is commonly written to one key: letter case,
//! full-width forms, spaces, punctuation and separators are dropped. Letters and marks of
//! every script are kept as they are, so a Lao or Chinese name is never transliterated
//! and two names in different scripts never get the same key.

/// Punctuation outside ASCII that organisation names and account numbers are written with.
const WIDE_PUNCTUATION: &[char] = &[
    '、', '。', '・', '·', '‘', '’', '“', '”', '「', '」', '『', '』', '《', '》', '【', '】',
    '〈', '〉', '–', '—', '‐', '‑', '―', '…',
];

/// Maps a full-width ASCII form (U+FF01 to U+FF5E) to its ASCII character and the
/// ideographic space to a space; returns any other character unchanged.
fn fold_width(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    }
}

/// Returns whether a character is dropped from a key: whitespace or punctuation.
fn is_separator(c: char) -> bool {
    c.is_whitespace() || c.is_ascii_punctuation() || WIDE_PUNCTUATION.contains(&c)
}

/// Returns the characters of a text with full-width forms folded and separators dropped.
fn without_separators(text: &str) -> impl Iterator<Item = char> + '_ {
    text.chars().map(fold_width).filter(|c| !is_separator(*c))
}

/// Normalises an organisation name: full-width forms folded, lower case, whitespace and
/// punctuation removed. `Golden  Triangle Co., Ltd.` and `ＧＯＬＤＥＮ TRIANGLE CO LTD`
/// get the same key. Legal forms such as `Ltd` or `有限公司` are kept, because
/// removing them would match different companies that share a trade name.
pub(crate) fn organisation_name(text: &str) -> String {
    without_separators(text)
        .flat_map(char::to_lowercase)
        .collect()
}

/// Normalises an account number, IBAN or registration number: full-width forms folded,
/// upper case, whitespace and punctuation removed, so `6222 0212-3456` and
/// `6222-0212-3456` get the same key. Leading zeros are kept: banks differ on whether
/// they are part of the number.
pub(crate) fn compact_identifier(text: &str) -> String {
    without_separators(text)
        .flat_map(char::to_uppercase)
        .collect()
}

/// Returns the institution part of a SWIFT BIC: its first 8 characters (bank, country
/// and location codes, ISO 9362), so a branch BIC and the head-office BIC match.
/// Returns `None` for a value shorter than 8 characters.
pub(crate) fn bic_institution(bic: &str) -> Option<String> {
    let compact = compact_identifier(bic);
    let institution: String = compact.chars().take(8).collect();
    (institution.chars().count() == 8).then_some(institution)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn organisation_name_folds_forms() {
        assert_eq!(
            organisation_name("Golden  Triangle Co., Ltd."),
            "goldentrianglecoltd"
        );
        assert_eq!(
            organisation_name("ＧＯＬＤＥＮ TRIANGLE CO LTD"),
            "goldentrianglecoltd"
        );
        assert_eq!(
            organisation_name("老挝 金三角（投资）有限公司。"),
            "老挝金三角投资有限公司"
        );
    }

    #[test]
    fn lao_marks_kept() {
        // The vowel and tone marks are part of the word and must not be dropped.
        assert_eq!(organisation_name("ບໍລິສັດ ຄຳ"), "ບໍລິສັດຄຳ");
        assert_ne!(organisation_name("ບໍລິສັດ"), organisation_name("ບລສດ"));
    }

    #[test]
    fn identifier_separators_removed() {
        assert_eq!(compact_identifier("6222 0212-3456"), "622202123456");
        assert_eq!(compact_identifier("６２２２／0212"), "62220212");
        assert_eq!(compact_identifier("la12 abcd"), "LA12ABCD");
    }

    #[test]
    fn bic_branch_matches_head_office() {
        assert_eq!(bic_institution("ABOCCNBJ240"), Some("ABOCCNBJ".to_owned()));
        assert_eq!(bic_institution("abocCNBJ"), Some("ABOCCNBJ".to_owned()));
        assert_eq!(bic_institution("ABOC"), None);
    }
}
