//! Matching keys for dedupe: normalized text (fold + punctuation/whitespace collapse), word tokens and light Arabic stems.

/// The normalized form used for exact-duplicate hashing and shingling: `rasd_text::fold`, then
/// lower-case, every non-alphanumeric run collapsed to one space, trimmed.
///
/// Punctuation is dropped because re-edited copies differ most often in quotes, dashes and commas.
pub fn normalize(text: &str) -> String {
    // One pass: each source char is folded and the folded chars go straight into the collapse
    // step (the same result as `rasd_text::fold` followed by that step, without the
    // intermediate string).
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    let mut emit = |c: char| {
        // Fast paths: Arabic letters and ASCII skip the Unicode table lookups.
        if ('\u{0621}'..='\u{064A}').contains(&c) || c.is_ascii_digit() || c.is_ascii_lowercase() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.push(c);
        } else if c.is_ascii() && !c.is_ascii_alphabetic() {
            pending_space = true;
        } else if c.is_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            for l in c.to_lowercase() {
                out.push(l);
            }
        } else {
            pending_space = true;
        }
    };
    for c in text.chars() {
        match c {
            // The core Arabic letters (the bulk of every article): fold inline.
            '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}' => emit(match c {
                'أ' | 'إ' | 'آ' => 'ا',
                'ى' | 'ئ' => 'ي',
                'ة' => 'ه',
                'ؤ' => 'و',
                _ => c,
            }),
            _ => rasd_text::fold::fold_char(c, &mut emit),
        }
    }
    out
}

/// Characters in `s` (= `s.chars().count()`): bytes that are not UTF-8 continuation bytes,
/// counted with a loop the compiler vectorises (std's general case is tuned for long strings).
pub fn char_count(s: &str) -> usize {
    s.bytes().filter(|&b| (b as i8) >= -0x40).count()
}

/// Word tokens of a normalized string.
///
/// Splits on the ASCII space byte with a plain scan: words are a few bytes long, so a
/// per-word `memchr` call (what `split(' ')` does) costs more than the scan itself.
pub fn words(normalized: &str) -> impl Iterator<Item = &str> + Clone {
    Words { rest: normalized }
}

/// Iterator behind [`words`]: non-empty runs between ASCII spaces.
#[derive(Clone)]
struct Words<'a> {
    rest: &'a str,
}

impl<'a> Iterator for Words<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let b = self.rest.as_bytes();
        let start = b.iter().position(|&c| c != b' ')?;
        let len = b
            .get(start..)
            .and_then(|t| t.iter().position(|&c| c == b' '))
            .unwrap_or(b.len() - start);
        // Both cut points sit next to an ASCII byte, so they are char boundaries.
        let (word, rest) = self.rest.get(start..)?.split_at_checked(len)?;
        self.rest = rest;
        Some(word)
    }
}

/// Attached Arabic proclitics, longest first (after folding: `ال` article with conjunctions/prepositions).
const PREFIXES: &[&str] = &["وبال", "وال", "بال", "فال", "كال", "لل", "ال"];
/// Suffixes stripped for story terms (plural/feminine endings; `ه` is the folded ta marbuta).
const SUFFIXES: &[&str] = &["ات", "ون", "ين", "ان", "يه", "ه"];

/// A light stem used as a story term, or `None` for tokens too short to carry topic.
///
/// Written here because no crate does light Arabic stemming on folded text; it is deliberately
/// conservative (one prefix, one suffix, stem kept ≥ 3 letters) since story terms only need to
/// merge inflections of the same word, not roots.
pub fn stem(word: &str) -> Option<&str> {
    // Character counts are tracked arithmetically: every affix is Arabic (2 bytes a letter), so
    // stripping one removes `len / 2` characters and the word is counted once.
    let n = char_count(word);
    if n < 2 {
        return None;
    }
    let (mut w, mut chars) = (word, n);
    for p in PREFIXES {
        if let Some(rest) = w.strip_prefix(p) {
            if chars - p.len() / 2 >= 3 {
                w = rest;
                chars -= p.len() / 2;
                break;
            }
        }
    }
    if w.len() == word.len() {
        // A lone conjunction `و` glued to a word: strip only when a long word remains.
        if let Some(rest) = w.strip_prefix('و') {
            if chars >= 5 {
                w = rest;
                chars -= 1;
            }
        }
    }
    for s in SUFFIXES {
        if let Some(rest) = w.strip_suffix(s) {
            if chars - s.len() / 2 >= 3 {
                w = rest;
                break;
            }
        }
    }
    Some(w)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The two-pass definition `normalize` must equal: `rasd_text::fold`, then collapse.
    fn normalize_two_pass(text: &str) -> String {
        let mut out = String::new();
        let mut pending_space = false;
        for c in rasd_text::fold(text).chars() {
            if c.is_alphanumeric() {
                if pending_space && !out.is_empty() {
                    out.push(' ');
                }
                pending_space = false;
                out.extend(c.to_lowercase());
            } else {
                pending_space = true;
            }
        }
        out
    }

    #[test]
    fn one_pass_normalize_equals_fold_then_collapse() {
        let alphabet: Vec<char> = "أإآاىئيةهؤوكکـًٌٍَُِّْ٠١٩0aZ.,« »\n\t-ﻻﻷ\u{200f}ÉßİΣ😀٫٬٪ٱھ"
            .chars()
            .chain(('\u{0600}'..='\u{0660}').filter(|c| !c.is_control()))
            .collect();
        let mut rng = crate::hash::SplitMix64::new(11);
        for _ in 0..20000 {
            let len = rng.below(24);
            let s: String = (0..len)
                .filter_map(|_| alphabet.get(rng.below(alphabet.len())).copied())
                .collect();
            assert_eq!(normalize(&s), normalize_two_pass(&s), "{s:?}");
        }
    }

    #[test]
    fn normalize_drops_punctuation_and_diacritics() {
        let n = normalize("قالَ  «الرئيسُ»: نعم،\n لا!");
        assert_eq!(n, normalize("قال الرئيس نعم لا"));
        assert_eq!(n.split(' ').count(), 4);
        assert_eq!(normalize("  ...  "), "");
        assert_eq!(normalize("Tunis-Carthage"), "tunis carthage");
    }

    #[test]
    fn normalize_folds_alef_and_digits() {
        assert_eq!(normalize("أحمد ٢٠١٧"), normalize("احمد 2017"));
    }

    #[test]
    fn stem_strips_article_and_plural() {
        assert_eq!(stem("والحكومه"), Some("حكوم"));
        assert_eq!(stem("الانتخابات"), Some("انتخاب"));
        assert_eq!(stem("للشباب"), Some("شباب"));
        assert_eq!(stem("و"), None);
        assert_eq!(stem("الى"), Some("الى"));
    }

    #[test]
    fn words_skip_empty_pieces() {
        assert_eq!(words("a  b").collect::<Vec<_>>(), vec!["a", "b"]);
        assert_eq!(
            words(" كتب  الولد ب ").collect::<Vec<_>>(),
            vec!["كتب", "الولد", "ب"]
        );
        assert_eq!(words("   ").count(), 0);
        for w in ["", "a", "كتب", "é😀x", "بال مطار"] {
            assert_eq!(char_count(w), w.chars().count(), "{w}");
        }
        assert_eq!(words("").count(), 0);
    }
}
