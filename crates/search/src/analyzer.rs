//! The Arabic analyzer: folded, clitic-aware index keys with stopwords removed, as a tantivy tokenizer.
//!
//! One analyzer for documents and queries, written here rather than taken from tantivy because no
//! stock tokenizer folds Arabic spelling variants or knows proclitics, and the stemmers that do
//! (ISRI, Snowball Arabic) also cut suffixes and roots, which destroys proper names.
//!
//! For every word of the text (tokens from [`rasd_text::tokens`]):
//! 1. the **surface key** is the folded word ([`rasd_text::fold`]: no harakat or tatweel, one alef,
//!    `ى`→`ي`, `ة`→`ه`, ASCII digits, lowercase Latin);
//! 2. a word whose key is a stopword (or a conjunction `و`/`ف` glued to one: `وفي`, `ولكن`) is
//!    dropped, leaving a gap in positions so phrases do not jump over it;
//! 3. an Arabic word also gets its **clitic-stripped stems** ([`rasd_text::clitic_stems`]:
//!    `وبالقدس` → `بالقدس`, `القدس`, `قدس`) at the *same position*, like synonyms. Nothing is cut
//!    from the end of a word.
//!
//! A query word matches a document word when they share a key; queries use the surface key and
//! the shortest stem (its [`QueryWord::base`]), which every clitic-prefixed form of the same word
//! also has. So `بإسطنبول` finds `إسطنبول` and `إسطنبول` finds `بإسطنبول`.

use std::collections::HashSet;
use std::sync::OnceLock;

use rasd_text::{clitic_stems, tokens, TokenKind};
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

/// Name under which the analyzer is registered in the index's tokenizer manager.
pub const TOKENIZER_NAME: &str = "rasd_ar";

/// Words longer than this (in chars) are not indexed: they are URLs, base64 or glued garbage.
pub const MAX_WORD_CHARS: usize = 64;

/// Arabic stopwords from stopwords-iso 1.1.0 (MIT), see `NOTICE.d/search.txt`.
const STOPWORDS_AR: &str = include_str!("../resources/stopwords_ar.txt");

fn stopword_set() -> &'static HashSet<String> {
    static SET: OnceLock<HashSet<String>> = OnceLock::new();
    SET.get_or_init(|| {
        STOPWORDS_AR
            .lines()
            .map(rasd_text::fold)
            .filter(|k| k.chars().any(char::is_alphabetic))
            .collect()
    })
}

/// True when a folded key is a stopword, or a conjunction (`و`, `ف`) glued to a stopword of at
/// least two letters (`وفي`, `فان`, `ولكن`).
pub fn is_stopword(key: &str) -> bool {
    let set = stopword_set();
    if set.contains(key) {
        return true;
    }
    ['و', 'ف'].iter().any(|c| {
        key.strip_prefix(*c)
            .is_some_and(|rest| rest.chars().count() >= 2 && set.contains(rest))
    })
}

/// One analyzed word: where it is and every key it is indexed under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnalyzedWord {
    /// Char offsets of the word in the analyzed text.
    pub start: usize,
    pub end: usize,
    /// Word position (stopwords and punctuation leave no token, but stopwords use up a position).
    pub position: usize,
    /// The surface key first, then the clitic-stripped stems (Arabic words only).
    pub keys: Vec<String>,
}

/// A query word: the keys a query uses to find it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryWord {
    /// Position in the query (for phrases; stopwords use up a position).
    pub position: usize,
    /// The folded surface key (`بالقدس`).
    pub surface: String,
    /// The shortest clitic reading (`قدس`); equal to `surface` when nothing can be stripped.
    pub base: String,
}

/// Analyze `text` into words with their keys (the analyzer's output, before tantivy).
///
/// Punctuation is skipped and uses no position; stopwords and over-long words are skipped but use
/// one position each, so a phrase query with a stopword inside keeps its gap.
pub fn analyze(text: &str) -> Vec<AnalyzedWord> {
    let mut out = Vec::new();
    let mut position = 0usize;
    for token in tokens(text) {
        if token.kind == TokenKind::Punctuation {
            continue;
        }
        let pos = position;
        position += 1;
        if token.key.chars().count() > MAX_WORD_CHARS || is_stopword(&token.key) {
            continue;
        }
        let keys = if token.kind == TokenKind::Arabic {
            clitic_stems(&token.key)
                .into_iter()
                .map(|s| s.stem)
                .enumerate()
                .filter(|(i, stem)| *i == 0 || !is_stopword(stem))
                .map(|(_, stem)| stem)
                .collect()
        } else {
            vec![token.key]
        };
        out.push(AnalyzedWord {
            start: token.span.start,
            end: token.span.end,
            position: pos,
            keys,
        });
    }
    out
}

/// Analyze query text into [`QueryWord`]s (surface key and shortest stem of each word).
pub fn query_words(text: &str) -> Vec<QueryWord> {
    analyze(text)
        .into_iter()
        .filter_map(|w| {
            let mut keys = w.keys.into_iter();
            let surface = keys.next()?;
            let base = keys
                .fold(None::<String>, |best, k| match best {
                    Some(b) if b.chars().count() <= k.chars().count() => Some(b),
                    _ => Some(k),
                })
                .unwrap_or_else(|| surface.clone());
            Some(QueryWord {
                position: w.position,
                surface,
                base,
            })
        })
        .collect()
}

/// The analyzer as a tantivy [`Tokenizer`]: one token per key, stems at their word's position,
/// offsets in bytes of the analyzed text (so snippets highlight the whole surface word).
#[derive(Debug, Clone, Default)]
pub struct ArabicTokenizer;

impl Tokenizer for ArabicTokenizer {
    type TokenStream<'a> = ArabicTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> ArabicTokenStream {
        let words = analyze(text);
        let mut out = Vec::with_capacity(words.len() * 2);
        // Char offsets → byte offsets, walking the text once (words are in order).
        let mut chars = text.char_indices().enumerate().peekable();
        let mut byte_at = |char_idx: usize| -> usize {
            while let Some(&(i, (b, _))) = chars.peek() {
                if i >= char_idx {
                    return b;
                }
                chars.next();
            }
            text.len()
        };
        for w in words {
            let from = byte_at(w.start);
            let to = byte_at(w.end);
            for key in w.keys {
                out.push(Token {
                    offset_from: from,
                    offset_to: to,
                    position: w.position,
                    text: key,
                    position_length: 1,
                });
            }
        }
        ArabicTokenStream {
            tokens: out,
            next: 0,
            current: Token::default(),
        }
    }
}

/// Tokens of one analyzed text (see [`ArabicTokenizer`]).
#[derive(Debug)]
pub struct ArabicTokenStream {
    tokens: Vec<Token>,
    next: usize,
    current: Token,
}

impl TokenStream for ArabicTokenStream {
    fn advance(&mut self) -> bool {
        match self.tokens.get_mut(self.next) {
            Some(t) => {
                self.current = std::mem::take(t);
                self.next += 1;
                true
            }
            None => false,
        }
    }

    fn token(&self) -> &Token {
        &self.current
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.current
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all_tokens(text: &str) -> Vec<(String, usize, usize, usize)> {
        let mut tk = ArabicTokenizer;
        let mut ts = tk.token_stream(text);
        let mut out = Vec::new();
        while let Some(t) = ts.next() {
            out.push((t.text.clone(), t.position, t.offset_from, t.offset_to));
        }
        out
    }

    fn keys(text: &str) -> Vec<String> {
        all_tokens(text).into_iter().map(|t| t.0).collect()
    }

    #[test]
    fn spelling_variants_fold_to_one_key() {
        for v in ["إسطنبول", "اسطنبول", "أسطنبول", "إسْطَنْبُول", "إسطـنبول"]
        {
            assert_eq!(keys(v), vec!["اسطنبول"], "{v}");
        }
        assert_eq!(keys("مكتبة"), keys("مكتبه"));
        assert_eq!(keys("مستشفى"), keys("مستشفي"));
    }

    #[test]
    fn arabic_indic_digits_fold_to_ascii() {
        assert_eq!(keys("٢٠١٧"), vec!["2017"]);
        assert_eq!(keys("۲۰۱۷"), vec!["2017"]);
    }

    #[test]
    fn proclitic_word_is_indexed_with_its_stems_at_the_same_position() {
        let t = all_tokens("وبالقدس");
        let k: Vec<&str> = t.iter().map(|t| t.0.as_str()).collect();
        assert_eq!(k, vec!["وبالقدس", "بالقدس", "القدس", "قدس"]);
        assert!(t.iter().all(|t| t.1 == 0));
    }

    #[test]
    fn query_base_of_a_clitic_form_is_the_bare_word() {
        let q = query_words("بإسطنبول");
        assert_eq!(q.len(), 1);
        assert_eq!(q[0].surface, "باسطنبول");
        assert_eq!(q[0].base, "اسطنبول");
        // …which the bare word in a document is indexed under.
        assert!(keys("إسطنبول").contains(&q[0].base));
        // and the other way round: a bare query word is a key of the prefixed document word.
        let q = query_words("القدس");
        assert!(keys("وبالقدس").contains(&q[0].base));
    }

    #[test]
    fn lam_lam_contraction_shares_the_stem_with_the_article_form() {
        let q = query_words("للرئيس");
        assert!(keys("الرئيس").contains(&q[0].base), "{q:?}");
    }

    #[test]
    fn stopwords_are_dropped_but_keep_their_position() {
        let t = all_tokens("اجتمع الوزير في تونس");
        let by_key: Vec<(&str, usize)> = t.iter().map(|t| (t.0.as_str(), t.1)).collect();
        assert!(!by_key.iter().any(|(k, _)| *k == "في"));
        assert!(by_key.contains(&("تونس", 3)), "{by_key:?}");
    }

    #[test]
    fn conjunction_glued_to_a_stopword_is_a_stopword() {
        assert!(is_stopword("وفي"));
        assert!(is_stopword(&rasd_text::fold("ولكن")));
        assert!(!is_stopword("وزير"));
        assert!(!is_stopword("تونس"));
        assert!(keys("وفي").is_empty());
    }

    #[test]
    fn names_are_not_cut_at_the_end() {
        // No suffix stemming: the plural and dual keep their endings.
        assert_eq!(keys("الفلسطينيون")[0], "الفلسطينيون");
        assert!(!keys("الفلسطينيون").contains(&"فلسطين".to_string()));
    }

    #[test]
    fn offsets_are_bytes_of_the_surface_word() {
        let text = "قال: «زار أردوغانُ إسطنبولَ»";
        for (key, _, from, to) in all_tokens(text) {
            let surface = &text[from..to];
            assert!(
                rasd_text::fold(surface).ends_with(&key) || key.starts_with("ال"),
                "{key} {surface}"
            );
        }
        let t = all_tokens(text);
        let last = t.last().map(|t| &text[t.2..t.3]);
        assert_eq!(last, Some("إسطنبولَ"));
    }

    #[test]
    fn punctuation_uses_no_position() {
        let t = all_tokens("غزة، رفح");
        assert_eq!(t.iter().map(|t| t.1).collect::<Vec<_>>(), vec![0, 1]);
    }

    #[test]
    fn latin_and_numbers_are_indexed_folded() {
        assert_eq!(keys("NATO F16 3.5"), vec!["nato", "f16", "3.5"]);
    }
}
