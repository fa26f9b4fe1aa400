//! Tokenizer for date recognition: words, digit runs and punctuation with char offsets and folded keys.

/// What a token is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TokKind {
    /// Letters (any script; Arabic harakat and tatweel included).
    Word,
    /// A run of ASCII, Arabic-Indic or Persian digits.
    Num,
    /// Any other non-space character, one per token.
    Punct,
}

/// One token of the input, `start..end` in char offsets of the original text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Tok {
    pub kind: TokKind,
    pub start: usize,
    pub end: usize,
    /// Matching key: `rasd_text::fold` of the token, ASCII-lowercased; for numbers the ASCII digits.
    pub key: String,
    /// Value of a `Num` token (saturating), 0 otherwise.
    pub num: u32,
    /// Number of digits of a `Num` token, 0 otherwise.
    pub ndigits: u8,
    /// True when a newline separates this token from the previous one.
    pub line_break_before: bool,
}

impl Tok {
    pub fn is_num(&self) -> bool {
        self.kind == TokKind::Num
    }

    pub fn is_word(&self) -> bool {
        self.kind == TokKind::Word
    }

    /// True for a punctuation token equal to one of `chars`.
    pub fn is_punct_in(&self, chars: &[char]) -> bool {
        self.kind == TokKind::Punct && self.key.chars().next().is_some_and(|c| chars.contains(&c))
    }
}

fn digit_value(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '\u{0660}'..='\u{0669}' => Some(c as u32 - 0x0660),
        '\u{06F0}'..='\u{06F9}' => Some(c as u32 - 0x06F0),
        _ => None,
    }
}

fn is_word_char(c: char) -> bool {
    // Harakat, superscript alef and tatweel are not `alphabetic` but belong to the word they mark.
    c.is_alphabetic() || matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}')
}

/// Splits `text` into tokens. Whitespace separates tokens and is dropped.
pub(crate) fn tokenize(text: &str) -> Vec<Tok> {
    let mut toks: Vec<Tok> = Vec::new();
    let mut cur_kind: Option<TokKind> = None;
    let mut cur_start = 0usize;
    let mut raw = String::new();
    let mut num: u32 = 0;
    let mut ndigits: u8 = 0;
    let mut newline_pending = false;
    let mut break_for_current = false;

    let flush = |toks: &mut Vec<Tok>,
                 kind: Option<TokKind>,
                 start: usize,
                 end: usize,
                 raw: &mut String,
                 num: u32,
                 ndigits: u8,
                 lb: bool| {
        if let Some(kind) = kind {
            let key = match kind {
                TokKind::Word => {
                    let mut k = rasd_text::fold(raw);
                    k.make_ascii_lowercase();
                    k
                }
                TokKind::Num => raw.clone(),
                TokKind::Punct => raw.clone(),
            };
            toks.push(Tok {
                kind,
                start,
                end,
                key,
                num,
                ndigits,
                line_break_before: lb,
            });
        }
        raw.clear();
    };

    let mut idx = 0usize;
    for c in text.chars() {
        let class = if let Some(d) = digit_value(c) {
            Some((TokKind::Num, Some(d)))
        } else if is_word_char(c) {
            Some((TokKind::Word, None))
        } else if c.is_whitespace()
            || rasd_text::is_bidi_control(c)
            || c == '\u{200C}'
            || c == '\u{200D}'
        {
            None
        } else {
            Some((TokKind::Punct, None))
        };
        match class {
            None => {
                flush(
                    &mut toks,
                    cur_kind.take(),
                    cur_start,
                    idx,
                    &mut raw,
                    num,
                    ndigits,
                    break_for_current,
                );
                if c == '\n' {
                    newline_pending = true;
                }
            }
            Some((kind, digit)) => {
                let continues = cur_kind == Some(kind) && kind != TokKind::Punct;
                if !continues {
                    flush(
                        &mut toks,
                        cur_kind.take(),
                        cur_start,
                        idx,
                        &mut raw,
                        num,
                        ndigits,
                        break_for_current,
                    );
                    cur_kind = Some(kind);
                    cur_start = idx;
                    num = 0;
                    ndigits = 0;
                    break_for_current = newline_pending;
                    newline_pending = false;
                }
                if let Some(d) = digit {
                    num = num.saturating_mul(10).saturating_add(d);
                    ndigits = ndigits.saturating_add(1);
                    raw.push(char::from(b'0' + d as u8));
                } else {
                    raw.push(c);
                }
            }
        }
        idx += 1;
    }
    flush(
        &mut toks,
        cur_kind.take(),
        cur_start,
        idx,
        &mut raw,
        num,
        ndigits,
        break_for_current,
    );
    toks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_carry_char_offsets_and_folded_keys() {
        let t = tokenize("الإثنين ١٢/٠١/2026");
        let keys: Vec<&str> = t.iter().map(|t| t.key.as_str()).collect();
        assert_eq!(keys, vec!["الاثنين", "12", "/", "01", "/", "2026"]);
        assert_eq!((t[0].start, t[0].end), (0, 7));
        assert_eq!(t[1].num, 12);
        assert_eq!(t[3].ndigits, 2);
        assert_eq!((t[5].start, t[5].end), (14, 18));
    }

    #[test]
    fn letters_and_digits_split_without_space() {
        let t = tokenize("ماي2017 6th");
        let keys: Vec<&str> = t.iter().map(|t| t.key.as_str()).collect();
        assert_eq!(keys, vec!["ماي", "2017", "6", "th"]);
    }

    #[test]
    fn newline_is_recorded_on_next_token() {
        let t = tokenize("أ\nب ج");
        assert!(!t[0].line_break_before);
        assert!(t[1].line_break_before);
        assert!(!t[2].line_break_before);
    }
}
