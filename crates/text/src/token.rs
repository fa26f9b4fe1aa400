//! Tokenization of clean text into words, numbers and punctuation, with spans into the source.
//!
//! Tokens are found on the original text (lossless) and each carries its folded key (lossy).
//! Rules, chosen for Arabic news:
//! - an Arabic word is a run of Arabic letters with their harakat, tatweel and Quranic marks; ZWNJ/ZWJ
//!   between two Arabic chars stays inside (Persian spelling); clitics stay attached (see
//!   [`crate::clitic`] for candidate stems);
//! - a Latin word is Latin letters with combining marks and digits after the first letter (`F16`,
//!   `G20`), and an apostrophe between letters (`O'Brien`); a hyphen splits;
//! - a number is digits of any script with inner separators `.` `,` `٫` `٬` between digits, so `3.5`,
//!   `1,200` and `١٢٫٥` are single tokens; Tunisian papers write decimals with `ر` (`5ر656`), which
//!   is also kept inside a number when digits are on both sides;
//! - any other visible char is punctuation, and a run of the same char (`...`, `!!`) is one token.

use rasd_core::Span;

use crate::classify::{
    in_arabic_block, is_arabic_word_char, is_digit, is_joiner, is_latin_letter, is_latin_mark,
    is_number_separator, is_space_like,
};
use crate::fold::fold;

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// Arabic-script word (Arabic, Persian, Urdu letters).
    Arabic,
    /// Latin-script word, possibly with digits after the first letter.
    Latin,
    /// A word in another script (Greek, Cyrillic, Hebrew, CJK, ...).
    OtherWord,
    /// A number, with its inner decimal/thousands separators.
    Number,
    /// Punctuation or a symbol.
    Punctuation,
}

impl TokenKind {
    /// True for word kinds (Arabic, Latin, other scripts).
    pub fn is_word(self) -> bool {
        matches!(
            self,
            TokenKind::Arabic | TokenKind::Latin | TokenKind::OtherWord
        )
    }
}

/// One token: where it is in the source text, its folded key and its kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Source char offsets (half-open).
    pub span: Span,
    /// Folded matching key of the token's source text (never empty).
    pub key: String,
    pub kind: TokenKind,
}

/// Tokens of `text`, in order; whitespace and invisible format chars are skipped.
///
/// One pass over the text with a two-char lookahead; no per-char allocation (one `String` per token
/// for its key).
pub fn tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::with_capacity(text.len() / 8 + 1);
    let mut cur = Cursor {
        text,
        byte: 0,
        idx: 0,
    };
    while let Some(c) = cur.peek() {
        if is_space_like(c) {
            cur.bump(c);
            continue;
        }
        let (start_byte, start_idx) = (cur.byte, cur.idx);
        cur.bump(c);
        let kind = if is_arabic_word_char(c) {
            cur.scan(|c, next| {
                if is_arabic_word_char(c) {
                    1
                } else if is_joiner(c) && next.is_some_and(is_arabic_word_char) {
                    2
                } else {
                    0
                }
            });
            TokenKind::Arabic
        } else if is_digit(c) {
            cur.scan(|c, next| {
                if is_digit(c) {
                    1
                } else if (is_number_separator(c) || c == 'ر') && next.is_some_and(is_digit) {
                    2
                } else {
                    0
                }
            });
            TokenKind::Number
        } else if is_latin_letter(c) {
            cur.scan(|c, next| {
                if is_latin_letter(c) || is_latin_mark(c) || is_digit(c) {
                    1
                } else if matches!(c, '\'' | '’') && next.is_some_and(is_latin_letter) {
                    2
                } else {
                    0
                }
            });
            TokenKind::Latin
        } else if c.is_alphabetic() {
            cur.scan(|c, _| {
                let letter = c.is_alphabetic() && !is_latin_letter(c) && !in_arabic_block(c);
                usize::from(letter || is_latin_mark(c))
            });
            TokenKind::OtherWord
        } else {
            cur.scan(|d, _| usize::from(d == c));
            TokenKind::Punctuation
        };
        let key = text.get(start_byte..cur.byte).map(fold).unwrap_or_default();
        // A stray mark or tatweel with no letter folds to nothing: it is not a token.
        if !key.is_empty() {
            out.push(Token {
                span: Span::new(start_idx, cur.idx),
                key,
                kind,
            });
        }
    }
    out
}

/// A position in the text, in bytes (for slicing) and chars (for spans).
struct Cursor<'a> {
    text: &'a str,
    byte: usize,
    idx: usize,
}

impl Cursor<'_> {
    fn rest(&self) -> &str {
        self.text.get(self.byte..).unwrap_or("")
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn bump(&mut self, c: char) {
        self.byte += c.len_utf8();
        self.idx += 1;
    }

    /// Consumes chars while `take(char, next char)` says how many to take (0 stops, 1 or 2).
    fn scan(&mut self, take: impl Fn(char, Option<char>) -> usize) {
        loop {
            let mut ahead = self.rest().chars();
            let Some(c) = ahead.next() else { return };
            let next = ahead.next();
            match (take(c, next), next) {
                (0, _) => return,
                (1, _) | (_, None) => self.bump(c),
                (_, Some(n)) => {
                    self.bump(c);
                    self.bump(n);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces(text: &str) -> Vec<(String, TokenKind)> {
        tokens(text)
            .into_iter()
            .map(|t| {
                (
                    t.span.slice(text).unwrap_or("<bad span>").to_string(),
                    t.kind,
                )
            })
            .collect()
    }

    #[test]
    fn arabic_word_keeps_harakat_and_tatweel() {
        let t = tokens("قالَ الـرئيسُ");
        assert_eq!(t.len(), 2);
        assert_eq!(t[0].key, "قال");
        assert_eq!(t[1].key, "الرييس");
        assert_eq!(t[1].span, Span::new(5, 13));
    }

    #[test]
    fn numbers_with_separators_are_one_token() {
        let p = pieces("ارتفع 3.5 إلى 1,200 و١٢٫٥ في 2017.");
        let nums: Vec<_> = p
            .iter()
            .filter(|(_, k)| *k == TokenKind::Number)
            .map(|(s, _)| s.as_str())
            .collect();
        assert_eq!(nums, vec!["3.5", "1,200", "١٢٫٥", "2017"]);
        assert_eq!(p.last().map(|(s, _)| s.as_str()), Some("."));
    }

    #[test]
    fn tunisian_ra_decimal_stays_in_number() {
        let p = pieces("عجز بقيمة 5ر656 م د");
        assert_eq!(p[2], ("5ر656".to_string(), TokenKind::Number));
    }

    #[test]
    fn number_key_is_ascii() {
        let t = tokens("١٢٫٥");
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].key, "12.5");
    }

    #[test]
    fn arabic_punctuation_splits_words() {
        let p = pieces("غزة، رفح؛ هل؟");
        let s: Vec<_> = p.iter().map(|(s, _)| s.as_str()).collect();
        assert_eq!(s, vec!["غزة", "،", "رفح", "؛", "هل", "؟"]);
    }

    #[test]
    fn latin_words_keep_digits_and_apostrophes() {
        let p = pieces("F16 O'Brien al-Assad");
        let s: Vec<_> = p.iter().map(|(s, k)| (s.as_str(), *k)).collect();
        assert_eq!(
            s,
            vec![
                ("F16", TokenKind::Latin),
                ("O'Brien", TokenKind::Latin),
                ("al", TokenKind::Latin),
                ("-", TokenKind::Punctuation),
                ("Assad", TokenKind::Latin),
            ]
        );
    }

    #[test]
    fn script_change_splits_tokens() {
        let p = pieces("كوفيد19 وCNN");
        let s: Vec<_> = p.iter().map(|(s, _)| s.as_str()).collect();
        assert_eq!(s, vec!["كوفيد", "19", "و", "CNN"]);
    }

    #[test]
    fn ellipsis_is_one_punctuation_token() {
        let p = pieces("لكن... ربما");
        assert_eq!(p[1], ("...".to_string(), TokenKind::Punctuation));
    }

    #[test]
    fn persian_zwnj_stays_inside_word() {
        let p = pieces("می\u{200C}خواهم");
        assert_eq!(p.len(), 1);
        assert_eq!(tokens("می\u{200C}خواهم")[0].key, "ميخواهم");
    }

    #[test]
    fn stray_marks_and_bidi_marks_make_no_token() {
        assert!(tokens(" \u{064E} \u{200F} ").is_empty());
    }

    #[test]
    fn ligature_token_expands_in_key_only() {
        let t = tokens("\u{FEFB} شك");
        assert_eq!(t[0].span, Span::new(0, 1));
        assert_eq!(t[0].key, "لا");
    }
}
