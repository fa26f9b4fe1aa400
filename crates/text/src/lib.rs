//! Arabic text handling for matching keys: folding with offsets back to the clean text, tokens, sentences.

use rasd_core::Span;

/// True for bidi control marks that are removed from stored text (U+200E/F, U+202A–E, U+2066–9).
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Lossy matching key of `s` (PROVISIONAL: being replaced by the full normalizer).
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}' => {}
            'أ' | 'إ' | 'آ' | 'ٱ' => out.push('ا'),
            'ى' => out.push('ي'),
            'ة' => out.push('ه'),
            'ؤ' => out.push('و'),
            'ئ' => out.push('ي'),
            '٠'..='٩' => out.push(char::from(b'0' + (c as u32 - 0x0660) as u8)),
            '۰'..='۹' => out.push(char::from(b'0' + (c as u32 - 0x06F0) as u8)),
            _ => out.push(c),
        }
    }
    out
}

/// Sentence spans of `s` (PROVISIONAL).
pub fn sentences(s: &str) -> Vec<Span> {
    let n = s.chars().count();
    if n == 0 {
        Vec::new()
    } else {
        vec![Span::new(0, n)]
    }
}
