//! Raw-text tokenizer with char offsets (words, numbers, single punctuation marks), ANERcorp-compatible.

use rasd_core::Span;

/// A token of raw text with its char span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub text: String,
    pub span: Span,
    /// True when a line break separates this token from the previous one.
    pub after_newline: bool,
}

fn is_word_char(c: char) -> bool {
    let cc = crate::fold::char_class(c);
    cc.alphabetic
        || cc.numeric
        || matches!(
            c,
            '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}' | '\u{200C}' | '\u{200D}'
        )
}

/// Splits text into word/number tokens and one-char punctuation tokens; whitespace separates.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut start = 0usize;
    let mut newline = false;
    let mut pending_newline = false;
    for (i, c) in text.chars().enumerate() {
        if is_word_char(c) {
            if cur.is_empty() {
                start = i;
                newline = pending_newline;
                pending_newline = false;
            }
            cur.push(c);
            continue;
        }
        if !cur.is_empty() {
            out.push(Token {
                text: std::mem::take(&mut cur),
                span: Span::new(start, i),
                after_newline: newline,
            });
        }
        if c == '\n' {
            pending_newline = true;
        } else if !c.is_whitespace() && !crate::is_ignorable(c) {
            out.push(Token {
                text: c.to_string(),
                span: Span::new(i, i + 1),
                after_newline: pending_newline,
            });
            pending_newline = false;
        }
    }
    if !cur.is_empty() {
        let end = start + cur.chars().count();
        out.push(Token {
            text: cur,
            span: Span::new(start, end),
            after_newline: newline,
        });
    }
    out
}

/// Sentence ranges over tokens: break after `.`, `!`, `?`, `؟`, `؛` and at line breaks.
pub fn sentence_ranges(tokens: &[Token]) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, t) in tokens.iter().enumerate() {
        if t.after_newline && i > start {
            out.push(start..i);
            start = i;
        }
        if matches!(t.text.as_str(), "." | "!" | "?" | "؟" | "؛") || i + 1 - start >= 200 {
            out.push(start..i + 1);
            start = i + 1;
        }
    }
    if start < tokens.len() {
        out.push(start..tokens.len());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_carry_char_offsets_that_slice_the_text() {
        let text = "التقى أردوغان، بإسطنبول (الأحد).";
        let toks = tokenize(text);
        let words: Vec<&str> = toks.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(
            words,
            vec!["التقى", "أردوغان", "،", "بإسطنبول", "(", "الأحد", ")", "."]
        );
        for t in &toks {
            assert_eq!(t.span.slice(text), Some(t.text.as_str()));
        }
    }

    #[test]
    fn sentences_break_at_period_and_newline() {
        let toks = tokenize("قال زيد .\nثم خرج");
        let r = sentence_ranges(&toks);
        assert_eq!(r, vec![0..3, 3..5]);
    }
}
