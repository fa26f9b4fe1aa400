//! Lossy folding of Arabic (and Latin) text into matching keys, with a char map back to the source.
//!
//! Folding is per source char and context-free: each char becomes zero, one or several key chars.
//! That makes the map exact: a key range whose ends fall on source-char boundaries corresponds to one
//! source span, and folding that span gives back exactly the key range.
//!
//! What folding does (in this order of precedence):
//! - deletes harakat, tanwin, shadda, sukun, superscript alef, Quranic marks ([`is_arabic_mark`]),
//!   tatweel, and invisible format chars (bidi marks, ZWNJ/ZWJ, BOM, soft hyphen);
//! - expands Arabic presentation forms (U+FB50–U+FDFF, U+FE70–U+FEFF) by NFKD, then folds each part,
//!   so `ﻻ` → `لا` and `ﻷ` → `لا`;
//! - folds letter variants: `أ إ آ ٱ` → `ا`, `ى ئ ی ے` → `ي`, `ة ۀ ہ ھ ە` → `ه`, `ؤ` → `و`, `ک` → `ك`;
//! - maps Arabic-Indic and Persian digits to ASCII, `٫` → `.`, `٬` → `,`, `٪` → `%`;
//! - lowercases Latin (and other bicameral scripts) where the lowercase is a single char.
//!
//! Folding is idempotent: every char it emits is a fixed point.

use rasd_core::Span;
use std::ops::Range;

use crate::classify::{digit_value, is_arabic_mark, is_invisible_format, is_tatweel};

/// Folds one source char, calling `emit` once per key char (zero times for a deleted char): the
/// building block of [`fold`], for callers that transform the key further in the same pass.
#[inline]
pub fn fold_char(c: char, emit: &mut impl FnMut(char)) {
    if c.is_ascii() {
        emit(c.to_ascii_lowercase());
    } else if matches!(c, '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}') {
        // Presentation forms only: NFKC elsewhere would fold too much (e.g. superscripts, ℃).
        unicode_normalization::char::decompose_compatible(c, |d| fold_base(d, emit));
    } else {
        fold_base(c, emit);
    }
}

/// Folding of a char that is not a presentation form.
#[inline]
fn fold_base(c: char, emit: &mut impl FnMut(char)) {
    if c.is_ascii() {
        emit(c.to_ascii_lowercase());
        return;
    }
    // Fast path for the core Arabic letters, the bulk of every article.
    if matches!(c, '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}') {
        emit(match c {
            'أ' | 'إ' | 'آ' => 'ا',
            'ى' | 'ئ' => 'ي',
            'ة' => 'ه',
            'ؤ' => 'و',
            _ => c,
        });
        return;
    }
    if is_arabic_mark(c) || is_tatweel(c) || is_invisible_format(c) {
        return;
    }
    if let Some(v) = digit_value(c) {
        emit(char::from(b'0' + v));
        return;
    }
    let folded = match c {
        'أ' | 'إ' | 'آ' | 'ٱ' | 'ٲ' | 'ٳ' | 'ٵ' => 'ا',
        'ى' | 'ئ' | 'ی' | 'ے' | 'ۓ' | 'ٸ' => 'ي',
        'ة' | 'ۀ' | 'ہ' | 'ۂ' | 'ۃ' | 'ھ' | 'ە' => 'ه',
        'ؤ' | 'ٶ' | 'ٷ' => 'و',
        'ک' | 'ڪ' => 'ك',
        '\u{066B}' => '.',
        '\u{066C}' => ',',
        '\u{066A}' => '%',
        // Arabic-script chars have no case; skip the case tables for them.
        _ if !crate::classify::in_arabic_block(c) && c.is_uppercase() => single_lowercase(c),
        _ => c,
    };
    emit(folded);
}

/// Lowercase of `c` when it is one char that is itself stable under lowercasing, else `c`.
fn single_lowercase(c: char) -> char {
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(d), None) if d.to_lowercase().eq(std::iter::once(d)) => d,
        _ => c,
    }
}

/// True for chars that certainly fold to themselves (most of any Arabic article), so [`fold`] can
/// copy runs of them as bytes. Anything else goes through [`fold_char`], which may also keep it.
#[inline]
fn folds_to_itself(c: char) -> bool {
    if c.is_ascii() {
        return !c.is_ascii_uppercase();
    }
    matches!(c, '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}' | '،' | '؛' | '؟')
        && !matches!(c, 'أ' | 'إ' | 'آ' | 'ى' | 'ئ' | 'ة' | 'ؤ')
}

/// Lossy matching key of `s`: see the module docs for what is folded.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut run_start = 0;
    for (b, c) in s.char_indices() {
        if folds_to_itself(c) {
            continue;
        }
        out.push_str(s.get(run_start..b).unwrap_or(""));
        fold_char(c, &mut |k| out.push(k));
        run_start = b + c.len_utf8();
    }
    out.push_str(s.get(run_start..).unwrap_or(""));
    out
}

/// A folded key together with a map from each key char back to the source char it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Folded {
    /// The matching key; never leaves the crate that made it (spans always point into the source).
    pub key: String,
    /// For key char `i`, the index of the source char that produced it (non-decreasing).
    source_of: Vec<u32>,
    /// For key char `i`, its byte offset in `key` (to convert `str::find` results).
    key_byte: Vec<u32>,
    /// Number of chars in the source text.
    source_chars: usize,
}

/// Folds `s` and keeps, for every key char, the source char it came from.
///
/// Indices are stored as `u32`; a text of more than 4 Gi chars would get a wrong (never panicking) map.
pub fn fold_with_offsets(s: &str) -> Folded {
    let mut key = String::with_capacity(s.len());
    let mut source_of = Vec::with_capacity(s.len() / 2 + 1);
    let mut key_byte = Vec::with_capacity(s.len() / 2 + 1);
    let mut source_chars = 0usize;
    for (i, c) in s.chars().enumerate() {
        let src = u32::try_from(i).unwrap_or(u32::MAX);
        fold_char(c, &mut |k| {
            key_byte.push(u32::try_from(key.len()).unwrap_or(u32::MAX));
            key.push(k);
            source_of.push(src);
        });
        source_chars = i + 1;
    }
    Folded {
        key,
        source_of,
        key_byte,
        source_chars,
    }
}

impl Folded {
    /// Number of chars in the key.
    pub fn key_chars(&self) -> usize {
        self.source_of.len()
    }

    /// Number of chars in the source text the key was made from.
    pub fn source_chars(&self) -> usize {
        self.source_chars
    }

    /// The source char index that produced key char `key_char`.
    pub fn source_index(&self, key_char: usize) -> Option<usize> {
        self.source_of.get(key_char).map(|&s| s as usize)
    }

    /// True when key char position `k` (0..=len) is at the boundary between two source chars' outputs.
    fn is_boundary(&self, k: usize) -> bool {
        match (
            k.checked_sub(1).and_then(|p| self.source_of.get(p)),
            self.source_of.get(k),
        ) {
            (Some(prev), Some(next)) => prev != next,
            _ => k <= self.key_chars(),
        }
    }

    /// Source position where key position `k` (0..=len) begins: the producing char, or the source end.
    fn source_start_at(&self, k: usize) -> usize {
        self.source_of
            .get(k)
            .map_or(self.source_chars, |&s| s as usize)
    }

    /// The source span whose folding is exactly key chars `key` (half-open char range).
    ///
    /// The span starts at the char that produced `key.start` and runs up to the char that produced the
    /// next key char, so deleted chars after the last folded char (harakat, tatweel) are included and
    /// deleted chars before the first one are not. Returns `None` when the range is out of bounds,
    /// reversed, or cuts through the expansion of one source char (e.g. only `ا` of `ﻻ` → `لا`).
    pub fn source_span(&self, key: Range<usize>) -> Option<Span> {
        if key.start > key.end || key.end > self.key_chars() {
            return None;
        }
        if !self.is_boundary(key.start) || !self.is_boundary(key.end) {
            return None;
        }
        let start = self.source_start_at(key.start);
        if key.start == key.end {
            return Some(Span::new(start, start));
        }
        Some(Span::new(start, self.source_start_at(key.end)))
    }

    /// The smallest source span whose folding contains key chars `key`; widens a range that cuts
    /// through an expansion to the whole source char. `None` only when out of bounds or reversed.
    pub fn covering_source_span(&self, key: Range<usize>) -> Option<Span> {
        if key.start > key.end || key.end > self.key_chars() {
            return None;
        }
        let start = self.source_start_at(key.start);
        if key.start == key.end {
            return Some(Span::new(start, start));
        }
        let mut end_k = key.end;
        while !self.is_boundary(end_k) {
            end_k += 1;
        }
        Some(Span::new(start, self.source_start_at(end_k)))
    }

    /// Key char index of byte offset `byte` in `key` (`key.len()` maps to the char count).
    pub fn key_char_at_byte(&self, byte: usize) -> Option<usize> {
        if byte == self.key.len() {
            return Some(self.key_chars());
        }
        let b = u32::try_from(byte).ok()?;
        self.key_byte.binary_search(&b).ok()
    }

    /// [`Folded::source_span`] for a byte range of `key`, e.g. from `key.find(..)`.
    pub fn source_span_of_key_bytes(&self, bytes: Range<usize>) -> Option<Span> {
        let start = self.key_char_at_byte(bytes.start)?;
        let end = self.key_char_at_byte(bytes.end)?;
        self.source_span(start..end)
    }

    /// Source spans of whole-word occurrences of `needle` (already folded): the key chars around the
    /// match are not letters or digits. With `proclitics`, the match may also be preceded inside its
    /// word by conjunctions/prepositions/article ([`crate::clitic::is_proclitic_prefix`]: `وبالقدس`
    /// matches `قدس`, `بغزه` matches `غزه`); the span is then the needle's part only.
    pub fn find_words(&self, needle: &str, proclitics: bool) -> Vec<Span> {
        if needle.is_empty() {
            return Vec::new();
        }
        let is_word = |c: char| c.is_alphanumeric() || crate::classify::is_arabic_mark(c);
        self.key
            .match_indices(needle)
            .filter(|(b, m)| {
                let before = self.key.get(..*b).unwrap_or("");
                let after = self.key.get(b + m.len()..).unwrap_or("");
                if after.chars().next().is_some_and(is_word) {
                    return false;
                }
                let word_start = before.rfind(|c: char| !is_word(c)).map_or(0, |i| {
                    i + before
                        .get(i..)
                        .and_then(|t| t.chars().next())
                        .map_or(1, char::len_utf8)
                });
                let prefix = before.get(word_start..).unwrap_or("");
                prefix.is_empty() || (proclitics && crate::clitic::is_proclitic_prefix(prefix))
            })
            .filter_map(|(b, m)| self.source_span_of_key_bytes(b..b + m.len()))
            .collect()
    }

    /// Source spans of every occurrence of `needle` (already folded) in the key, aligned to source
    /// chars; occurrences that cut through an expansion are skipped.
    pub fn find_all(&self, needle: &str) -> Vec<Span> {
        if needle.is_empty() {
            return Vec::new();
        }
        self.key
            .match_indices(needle)
            .filter_map(|(b, m)| self.source_span_of_key_bytes(b..b + m.len()))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hamza_forms_of_alef_fold_to_bare_alef() {
        assert_eq!(fold("إسطنبول"), fold("اسطنبول"));
        assert_eq!(fold("أحمد آمن ٱلله"), "احمد امن الله");
    }

    #[test]
    fn alef_maqsura_and_ta_marbuta_fold() {
        assert_eq!(fold("مستشفى"), fold("مستشفي"));
        assert_eq!(fold("مدرسة"), "مدرسه");
        assert_eq!(fold("مؤتمر رئيس"), "موتمر رييس");
    }

    #[test]
    fn harakat_tatweel_and_quranic_marks_are_stripped() {
        assert_eq!(fold("مُحَمَّدٌ"), "محمد");
        assert_eq!(fold("الـــرئيس"), "الرييس");
        assert_eq!(fold("هٰذا"), "هذا");
        assert_eq!(fold("ٱلرَّحِيمِ ۝"), "الرحيم ۝");
        assert_eq!(fold("عَلَيْهِۖ"), "عليه");
    }

    #[test]
    fn digits_of_all_scripts_fold_to_ascii() {
        assert_eq!(fold("١٢٫٥ و۱۲۳٬۴ ٪"), "12.5 و123,4 %");
    }

    #[test]
    fn presentation_forms_expand_and_fold() {
        assert_eq!(fold("\u{FEFB}"), "لا");
        assert_eq!(fold("\u{FEF7}"), "لا");
        assert_eq!(fold("\u{FE8D}\u{FEDF}\u{FEE0}\u{FEEA}"), "الله");
        assert_eq!(fold("\u{FDF2}"), "الله");
    }

    #[test]
    fn persian_and_urdu_letters_fold_to_arabic() {
        assert_eq!(fold("کابل"), "كابل");
        assert_eq!(fold("ایران"), "ايران");
    }

    #[test]
    fn latin_is_lowercased_and_invisibles_dropped() {
        assert_eq!(fold("U.S. ERDOĞAN"), "u.s. erdoğan");
        assert_eq!(fold("a\u{200F}b\u{200C}c\u{FEFF}"), "abc");
        // İ lowercases to two chars; it is kept rather than expanded.
        assert_eq!(fold("İ"), "İ");
    }

    #[test]
    fn folding_does_not_merge_distinct_letters() {
        // قالن / كالن are different names; matching them is NER's job, not folding's.
        assert_ne!(fold("قالن"), fold("كالن"));
    }

    #[test]
    fn offsets_map_word_with_trailing_harakat_to_whole_word() {
        let src = "قالَ الرئيسُ";
        let f = fold_with_offsets(src);
        assert_eq!(f.key, "قال الرييس");
        let span = f.source_span(4..10);
        assert_eq!(span, Some(Span::new(5, 12)));
        assert_eq!(span.and_then(|s| s.slice(src)), Some("الرئيسُ"));
    }

    #[test]
    fn offsets_of_ligature_expansion_refuse_half_of_it() {
        let src = "\u{FEFB} شك";
        let f = fold_with_offsets(src);
        assert_eq!(f.key, "لا شك");
        assert_eq!(f.source_span(0..2), Some(Span::new(0, 1)));
        assert_eq!(f.source_span(1..2), None);
        assert_eq!(f.covering_source_span(1..2), Some(Span::new(0, 1)));
    }

    #[test]
    fn find_all_returns_source_spans_of_folded_needle() {
        let src = "زار أردوغانُ إسطنبول ثم عاد إلى اسطنبول";
        let f = fold_with_offsets(src);
        let spans = f.find_all(&fold("إسطنبول"));
        let found: Vec<_> = spans.iter().filter_map(|s| s.slice(src)).collect();
        assert_eq!(found, vec!["إسطنبول", "اسطنبول"]);
    }

    #[test]
    fn find_words_respects_word_boundaries_and_proclitics() {
        let src = "وصل إلى غزة، ثم غادر بغزة والقدسَ وغزةالجديدة";
        let f = fold_with_offsets(src);
        let texts = |spans: Vec<Span>| -> Vec<String> {
            spans
                .iter()
                .filter_map(|s| s.slice(src))
                .map(str::to_string)
                .collect()
        };
        assert_eq!(texts(f.find_words(&fold("غزة"), false)), vec!["غزة"]);
        assert_eq!(texts(f.find_words(&fold("غزة"), true)), vec!["غزة", "غزة"]);
        assert_eq!(texts(f.find_words(&fold("القدس"), true)), vec!["القدسَ"]);
        assert_eq!(texts(f.find_words(&fold("قدس"), true)), vec!["قدسَ"]);
        assert!(f.find_words(&fold("قدس"), false).is_empty());
    }

    #[test]
    fn key_byte_offsets_convert_to_chars() {
        let f = fold_with_offsets("أب c");
        assert_eq!(f.key_char_at_byte(0), Some(0));
        assert_eq!(f.key_char_at_byte(2), Some(1));
        assert_eq!(f.key_char_at_byte(1), None);
        assert_eq!(f.key_char_at_byte(f.key.len()), Some(4));
    }

    #[test]
    fn out_of_range_key_spans_are_none() {
        let f = fold_with_offsets("abc");
        assert_eq!(f.source_span(2..4), None);
        assert_eq!(f.covering_source_span(3..3), Some(Span::new(3, 3)));
    }
}
